"""`scores --year Y --level L [--area CODE]`: one row per unit with index, rank, band and area %."""

from __future__ import annotations

import sys

from cchc_metrics import i18n
from cchc_metrics.analysis.scores import scores_table
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.schema import LEVELS


def register(sub, parent) -> None:
    parser = sub.add_parser("scores", parents=[parent], help="scores of one level in one year")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--level", choices=LEVELS, required=True)
    parser.add_argument("--area", help="show only this area's column and sort on it")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if args.year not in ds.years():
        years = ", ".join(map(str, ds.years()))
        print(i18n.t("cli.no_year", args.lang, year=args.year, years=years), file=sys.stderr)
        return 1
    try:
        table = scores_table(ds, args.year, args.level, area=args.area, lang=args.lang)
    except ValueError:
        codes = ", ".join(ds.areas()["area_code"])
        print(i18n.t("cli.no_area", args.lang, area=args.area, codes=codes), file=sys.stderr)
        return 2
    write_frame(table, args.format, args.lang)
    return 0

"""`scores --year Y --level L [--area CODE] [--province P]`: one row per unit with index, rank, band
and area %. A year whose units came from several former provinces lists each province's units
ranked within it, with a source_province column, or one province's with --province."""

from __future__ import annotations

import sys

import pandas as pd

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
    parser.add_argument("--province", help="a year before a merger of provinces: this former province only")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if args.year not in ds.years():
        years = ", ".join(map(str, ds.years()))
        print(i18n.t("cli.no_year", args.lang, year=args.year, years=years), file=sys.stderr)
        return 1
    provinces = sorted(ds.province_years().get(args.year, []))
    if args.province is not None and args.province not in provinces:
        listed = ", ".join(provinces) or "–"
        text = i18n.t("cli.no_province", args.lang, province=args.province, year=args.year, provinces=listed)
        print(text, file=sys.stderr)
        return 1
    shown = [args.province] if args.province else provinces
    try:
        if shown:  # each former province ranked apart, never in one list
            parts = [scores_table(ds.scoped(p), args.year, args.level, area=args.area, lang=args.lang) for p in shown]
            table = pd.concat([part.assign(source_province=p) for part, p in zip(parts, shown)], ignore_index=True)
        else:
            table = scores_table(ds, args.year, args.level, area=args.area, lang=args.lang)
    except ValueError:
        codes = ", ".join(ds.areas()["area_code"])
        print(i18n.t("cli.no_area", args.lang, area=args.area, codes=codes), file=sys.stderr)
        return 2
    write_frame(table, args.format, args.lang)
    return 0

"""`official-check [--year Y] [--province NAME]`: the unit list against the official list.

Compares the communes valid in Y (default: the latest year of units.csv) with the package
`vietnam-provinces`; prints one row per unknown code or differing name. When the package is
not usable, says so and exits 0 (nothing could be checked, nothing is wrong with the data).
"""

from __future__ import annotations

import sys

from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.publish.officiallist import OfficialListUnavailable, check_unit_list, official_units


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "official-check", parents=[parent], help="check unit codes and names against vietnam-provinces"
    )
    parser.add_argument("--year", type=int, help="year of the unit list (default: the latest year units.csv reaches)")
    parser.add_argument("--province", help="province name in the official list (default: the data's region)")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    province = args.province or ds.about.get("region_vi", "").replace("TP. ", "")
    try:
        official = official_units(province)
    except OfficialListUnavailable as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 0
    year = args.year or int(
        ds.sql("select max(greatest(coalesce(valid_from_year, 0), coalesce(valid_to_year, 0))) as y from units")[
            "y"
        ].iloc[0]
    )
    units = ds.query("unit_list", year=year)
    write_frame(check_unit_list(units, official, args.lang), args.format, args.lang)
    return 0

"""`weaknesses --year Y [--level L]`: every unit × area judged weak against its peers, with whom to learn from."""

from __future__ import annotations

from cchc_metrics.analysis.peers import weaknesses
from cchc_metrics.cli.analysis_args import add_rule_options, rule_from, translate, year_known
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.schema import LEVELS


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "weaknesses", parents=[parent], help="weak units × areas of a year, with peers to learn from"
    )
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--level", choices=LEVELS, help="one level (default: both)")
    add_rule_options(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if not year_known(ds, args.year, args.lang):
        return 1
    table = weaknesses(ds, args.year, args.level, rule_from(args), args.lang)
    shown = translate(table, args.lang, district_position="position")
    if args.format == "table":
        shown = shown.drop(columns=["year", "unit_id", "area_name", "peer_q1"])
    write_frame(shown, args.format, args.lang)
    return 0

"""`strengths --year Y --unit CODE`: one unit's areas (and its strong or weak criteria) against its peers."""

from __future__ import annotations

from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.analysis.peers import unit_profile
from cchc_metrics.cli.analysis_args import add_rule_options, rule_from, translate, unit_problem, year_known
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset


def register(sub, parent) -> None:
    parser = sub.add_parser("strengths", parents=[parent], help="a unit's strengths and weaknesses against its peers")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--unit", required=True, help="unit code (the version valid in that year)")
    parser.add_argument("--no-criteria", action="store_true", help="areas only")
    add_rule_options(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if not year_known(ds, args.year, args.lang):
        return 1
    try:
        table = unit_profile(ds, args.year, args.unit, rule_from(args), args.lang, criteria=not args.no_criteria)
    except (UnknownUnit, NotAssessed) as exc:
        return unit_problem(exc, args.lang)
    shown = translate(table, args.lang, scope="scope", position="position", district_position="position")
    if args.format == "table":
        shown = shown.drop(columns=["area_name", "criterion_name", "peer_q3", "district_median"])
    write_frame(shown, args.format, args.lang)
    return 0

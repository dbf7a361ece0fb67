"""`narrative --year Y --unit CODE`: the report paragraph for one unit (plain text in the table format)."""

from __future__ import annotations

import pandas as pd

from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.analysis.narrative import narrative
from cchc_metrics.cli.analysis_args import add_rule_options, rule_from, unit_problem, year_known
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset


def register(sub, parent) -> None:
    parser = sub.add_parser("narrative", parents=[parent], help="the report paragraph for one unit and year")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--unit", required=True, help="unit code (the version valid in that year)")
    add_rule_options(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if not year_known(ds, args.year, args.lang):
        return 1
    try:
        text = narrative(ds, args.year, args.unit, args.lang, rule_from(args))
    except (UnknownUnit, NotAssessed) as exc:
        return unit_problem(exc, args.lang)
    if args.format == "table":
        # the paragraph is meant to be pasted: print it as it is, not inside a table
        print(text)
        return 0
    write_frame(
        pd.DataFrame({"year": [args.year], "unit_code": [args.unit], "lang": [args.lang], "narrative": [text]}),
        args.format,
        args.lang,
    )
    return 0

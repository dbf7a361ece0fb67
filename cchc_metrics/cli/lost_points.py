"""`lost-points --year Y [--level L]`: criteria ranked by points lost over all units (Pareto)."""

from __future__ import annotations

from cchc_metrics.analysis.province import lost_points
from cchc_metrics.cli.analysis_args import year_known
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.schema import LEVELS


def register(sub, parent) -> None:
    parser = sub.add_parser("lost-points", parents=[parent], help="criteria ranked by points lost (Pareto)")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--level", choices=LEVELS, help="one level (default: both, each ranked apart)")
    parser.add_argument("--top", type=int, help="only the first N criteria of each level")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    if not year_known(ds, args.year, args.lang):
        return 1
    table = lost_points(ds, args.year, args.level, args.lang)
    if args.top is not None:
        table = table[table["loss_rank"] <= args.top]
    if args.format == "table":
        table = table.drop(columns=["year", "area_name"])
    write_frame(table, args.format, args.lang)
    return 0

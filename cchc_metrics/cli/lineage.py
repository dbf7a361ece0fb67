"""`lineage --unit CODE --year Y [--history]`: a unit's predecessors and successors.

The unit is the version of CODE valid in Y (a code can mean another unit in another year).
With --history, prints instead its index per year through its predecessors.
"""

from __future__ import annotations

import sys

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import UnknownUnit, change_label, history, neighbours
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset


def register(sub, parent) -> None:
    parser = sub.add_parser("lineage", parents=[parent], help="predecessors and successors of a unit")
    parser.add_argument("--unit", required=True, help="unit code")
    parser.add_argument("--year", type=int, required=True, help="a year the unit is valid in")
    parser.add_argument("--history", action="store_true", help="the unit's index per year through its predecessors")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    ds = open_dataset(args.data_dir)
    try:
        if args.history:
            table = history(ds, args.unit, args.year)
            table["basis"] = [i18n.t(f"lineage.basis.{b}", args.lang) for b in table["basis"]]
        else:
            table = neighbours(ds, args.unit, args.year)
            table["direction"] = [i18n.t(f"lineage.direction.{d}", args.lang) for d in table["direction"]]
            table["change"] = [change_label(c, args.lang) for c in table["change"]]
            table = table.drop(columns=["unit_id"])
    except UnknownUnit as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    if table.empty:
        print(i18n.t("lineage.none", args.lang, unit=args.unit, year=args.year), file=sys.stderr)
        return 0
    write_frame(table, args.format, args.lang)
    return 0

"""`history --year Y [--kind K]`: the stored versions of a year's file, oldest first."""

from __future__ import annotations

import sys

from cchc_metrics import config, i18n
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.publish.publishing import PUBLISHABLE, history, per_year


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "history", parents=[parent], help="list the stored versions of a year (or of the unit list)"
    )
    parser.add_argument("--year", type=int, default=None, help="assessment year (not needed for --kind units)")
    parser.add_argument("--kind", choices=PUBLISHABLE, default="inspections")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    if per_year(args.kind) and args.year is None:
        print("--year", file=sys.stderr)
        return 2
    frame = history(config.data_dir(args.data_dir), args.kind, args.year)
    if frame.empty:
        print(i18n.t("history.none", args.lang, kind=args.kind, year=args.year or ""), file=sys.stderr)
        return 1
    write_frame(frame, args.format, args.lang)
    return 0

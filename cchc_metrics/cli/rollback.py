"""`rollback --year Y --version V [--kind K]`: restore a stored version; the current file is archived first."""

from __future__ import annotations

import getpass
import sys

from cchc_metrics import config, i18n
from cchc_metrics.cli.import_file import ready
from cchc_metrics.publish.publishing import PUBLISHABLE, PublishError, per_year, rollback


def register(sub, parent) -> None:
    parser = sub.add_parser("rollback", parents=[parent], help="restore an earlier version of a year (see history)")
    parser.add_argument("--year", type=int, default=None, help="assessment year (not needed for --kind units)")
    parser.add_argument("--version", required=True, help="version number from `history`, or the start of its sha256")
    parser.add_argument("--kind", choices=PUBLISHABLE, default="inspections")
    parser.add_argument("--user", default=None, help="who restores, for the audit log (default: the login name)")
    parser.set_defaults(run=run)


def run(args) -> int:
    if per_year(args.kind) and args.year is None:
        print("--year", file=sys.stderr)
        return 2
    root = config.data_dir(args.data_dir)
    try:
        done = rollback(root, args.kind, args.year, args.version, args.user or getpass.getuser())
    except PublishError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    archived = done.archived.relative_to(root).as_posix() if done.archived else "–"
    print(
        i18n.t(
            "rollback.done",
            args.lang,
            kind=args.kind,
            year=args.year or "",
            version=args.version,
            sha=done.sha256[:12],
            archived=archived,
        )
    )
    ready(root, args.lang)
    return 0

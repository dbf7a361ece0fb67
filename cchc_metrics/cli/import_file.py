"""`import FILE`: check an analyst's file, show the difference with what is published, publish it.

Exit status 0 only when something valid was published.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from cchc_metrics import config, i18n
from cchc_metrics.cli.output import write_frame
from cchc_metrics.engine.dataset import ready_version
from cchc_metrics.engine.reading import Limits
from cchc_metrics.engine.validation import ERROR
from cchc_metrics.publish.publishing import Prepared, PublishError, import_file


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "import",
        parents=[parent],
        help="check and publish a file (inspections, findings, the unit list, …, or a year's boundaries)",
    )
    parser.add_argument("file", type=Path, help="CSV or .xlsx file, any name; or a .geojson file with --year")
    parser.add_argument(
        "--year", type=int, default=None, help="for a GeoJSON file: the first year its boundaries are valid in"
    )
    parser.add_argument("--replace", action="store_true", help="replace a year that is already published")
    parser.add_argument("--user", default=None, help="who publishes, for the audit log (default: the login name)")
    parser.add_argument("--yes", action="store_true", help="confirm the warnings, if any")
    parser.add_argument(
        "--max-bytes", type=int, default=None, help="file size limit (default: $CCHC_MAX_UPLOAD_BYTES or 20 MB)"
    )
    parser.add_argument(
        "--max-rows", type=int, default=None, help="data row limit (default: $CCHC_MAX_UPLOAD_ROWS or 200000)"
    )
    parser.set_defaults(run=run)


def print_diff(prepared: Prepared, lang: str, out=None) -> None:
    """The difference with what is published, as text."""
    out = out or sys.stdout
    diff = prepared.diff
    if diff is None:
        return
    if diff.is_new:
        print(i18n.t("import.new_year", lang), file=out)
        return
    print(i18n.t("import.replacement", lang, old_rows=diff.published_rows, new_rows=diff.new_rows), file=out)
    shown = False
    for key, frame in (
        ("import.units_changes", diff.units),
        ("import.criteria_changes", diff.criteria),
        ("import.score_changes", diff.scores),
    ):
        if len(frame):
            print(i18n.t(key, lang), file=out)
            write_frame(frame, "table", lang, out)
            shown = True
    if not shown:
        print(i18n.t("import.no_changes", lang), file=out)


def run(args) -> int:
    if not args.file.is_file():
        print(i18n.t("cli.no_file", args.lang, path=args.file), file=sys.stderr)
        return 1
    limits = Limits.from_env(args.max_bytes, args.max_rows)
    user = args.user or getpass.getuser()
    try:
        prepared, published = import_file(
            args.file,
            config.data_dir(args.data_dir),
            user=user,
            replace=args.replace,
            confirm_warnings=args.yes,
            limits=limits,
            year=args.year,
        )
    except PublishError as exc:
        for problem in exc.prepared.problems if exc.prepared is not None else []:
            print(problem.describe(args.lang), file=sys.stderr if problem.severity == ERROR else sys.stdout)
        print(exc.message(args.lang), file=sys.stderr)
        print(i18n.t("import.not_published", args.lang, file=args.file.name), file=sys.stderr)
        return 1
    for problem in prepared.problems:
        print(problem.describe(args.lang), file=sys.stderr if problem.severity == ERROR else sys.stdout)
    if published is None:
        errors = sum(p.severity == ERROR for p in prepared.problems)
        print(i18n.t("import.errors", args.lang, file=args.file.name, errors=errors), file=sys.stderr)
        return 1
    print(
        i18n.t(
            "import.summary",
            args.lang,
            file=args.file.name,
            kind=prepared.kind,
            year=prepared.year or "",
            rows=prepared.rows,
        )
    )
    print_diff(prepared, args.lang)
    root = config.data_dir(args.data_dir)
    params = dict(
        file=args.file.name,
        path=published.path.relative_to(root).as_posix(),
        kind=published.kind,
        year=published.year or "",
        rows=published.rows,
        sha=published.sha256[:12],
    )
    if published.archived:
        print(i18n.t("import.replaced", args.lang, archived=published.archived.relative_to(root).as_posix(), **params))
    else:
        print(i18n.t("import.published", args.lang, **params))
    ready(root, args.lang)
    return 0


def ready(root: Path, lang: str) -> None:
    """Build the new data version now, so that no reader waits for it (dataset.ready_version)."""
    seconds = ready_version(root)
    if seconds is not None:
        print(i18n.t("import.version_ready", lang, seconds=i18n.fmt_num(seconds, lang, digits=1)))

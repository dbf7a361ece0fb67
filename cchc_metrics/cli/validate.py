"""`validate FILE`: check one file against the data directory; print a summary or every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from cchc_metrics import config, i18n
from cchc_metrics.engine.validation import has_errors
from cchc_metrics.publish.publishing import validate_file


def register(sub, parent) -> None:
    parser = sub.add_parser("validate", parents=[parent], help="check a data file and list its problems")
    parser.add_argument("file", type=Path)
    parser.set_defaults(run=run)


def run(args) -> int:
    if not args.file.is_file():
        print(i18n.t("cli.no_file", args.lang, path=args.file), file=sys.stderr)
        return 1
    table, rows, problems = validate_file(args.file, config.data_dir(args.data_dir))
    for problem in problems:
        print(problem.describe(args.lang), file=sys.stderr if problem.severity == "error" else sys.stdout)
    if has_errors(problems):
        errors = sum(p.severity == "error" for p in problems)
        print(i18n.t("cli.invalid", args.lang, file=args.file.name, errors=errors), file=sys.stderr)
        return 1
    print(i18n.t("cli.valid", args.lang, file=args.file.name, kind=table.name, rows=rows))
    return 0

"""Entry point of `python -m cchc_metrics`: common options, then the command's own."""

from __future__ import annotations

import argparse
import importlib
import sys

from cchc_metrics import i18n
from cchc_metrics.cli import COMMANDS
from cchc_metrics.engine.validation import DataError


def common_options() -> argparse.ArgumentParser:
    """Options every command takes: --data-dir and --lang."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", help="data directory (default: $CCHC_DATA_DIR, else ./data of the project)")
    parent.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG, help="language of messages and labels")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cchc_metrics", description="CCHC Metrics: administrative-reform scores."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    parent = common_options()
    for name in COMMANDS:
        module = importlib.import_module(f"{__package__}.{name.replace('-', '_')}")
        module.register(sub, parent)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status (2 for usage errors, 1 for data errors)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem.describe(args.lang), file=sys.stderr)
        return 1

"""Options and checks shared by the strengths/weaknesses commands (not a command itself)."""

from __future__ import annotations

import sys

from cchc_metrics import i18n
from cchc_metrics.analysis.common import NotAssessed, label
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.analysis.peers import QUANTILES, PeerRule
from cchc_metrics.engine.dataset import Dataset


def add_rule_options(parser) -> None:
    """--weak-below, --strong-above, --min-gap, --mentors: the PeerRule's thresholds."""
    defaults = PeerRule()
    parser.add_argument(
        "--weak-below",
        choices=tuple(QUANTILES),
        default=defaults.weak_below,
        help="weak: below this peer quantile (default: q1)",
    )
    parser.add_argument(
        "--strong-above",
        choices=tuple(QUANTILES),
        default=defaults.strong_above,
        help="strong: above this peer quantile (default: q3)",
    )
    parser.add_argument(
        "--min-gap",
        type=float,
        default=defaults.min_gap_pct,
        help="and at least this many points from the peer median (default: 5)",
    )
    parser.add_argument(
        "--mentors", type=int, default=defaults.mentors, help="peers to learn from per weakness (default: 3)"
    )


def rule_from(args) -> PeerRule:
    return PeerRule(args.weak_below, args.strong_above, args.min_gap, args.mentors)


def year_known(ds: Dataset, year: int, lang: str) -> bool:
    """True when `year` has scores; otherwise says which years do, on stderr."""
    if year in ds.years():
        return True
    print(i18n.t("cli.no_year", lang, year=year, years=", ".join(map(str, ds.years()))), file=sys.stderr)
    return False


def unit_problem(exc: UnknownUnit | NotAssessed, lang: str) -> int:
    """Print why the unit cannot be analysed; the exit status for a data problem."""
    print(exc.message(lang), file=sys.stderr)
    return 1


def translate(frame, lang: str, **columns: str):
    """Replace coded columns by their labels: translate(frame, lang, position="position")."""
    shown = frame.copy()
    for column, kind in columns.items():
        if column in shown.columns:
            shown[column] = [label(kind, v, lang) for v in shown[column]]
    return shown

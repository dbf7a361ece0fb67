"""`draw --year Y --per-district N --seed S [--weighted] [--level department] [--save]`: communes
(or departments) drawn for inspection.

Prints one row per drawn unit; the same data, year, N, seed and options always print the same
list. The seed is printed on stderr (and chosen at random when not given) so the draw can be
repeated; `--save` keeps the plan under <data dir>/plans/.
"""

from __future__ import annotations

import secrets
import sys

from cchc_metrics import i18n
from cchc_metrics.analysis.planning import draw, save_plan
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset


def register(sub, parent) -> None:
    parser = sub.add_parser("draw", parents=[parent], help="draw communes to inspect, reproducibly")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--per-district", type=int, required=True, help="communes drawn per district (or group)")
    parser.add_argument("--seed", type=int, help="seed of the draw (default: a new one, printed)")
    parser.add_argument("--weighted", action="store_true", help="weight by risk instead of a plain draw")
    parser.add_argument("--no-chronic", action="store_true", help="do not always include units with chronic weaknesses")
    parser.add_argument(
        "--group-by",
        choices=("district", "none"),
        default="district",
        help="district (former district from 2025, else 'mixed') or one group for all",
    )
    parser.add_argument(
        "--level",
        choices=("commune", "department"),
        default="commune",
        help="communes, or departments (drawn as one group)",
    )
    parser.add_argument("--save", action="store_true", help="keep the plan in <data dir>/plans/")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.per_district < 1:
        print(i18n.t("plan.per_group_invalid", args.lang), file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    ds = open_dataset(args.data_dir)
    plan = draw(
        ds,
        args.year,
        args.per_district,
        seed,
        weighted=args.weighted,
        include_chronic=not args.no_chronic,
        group_by=args.group_by if args.level == "commune" else "none",
        lang=args.lang,
        level=args.level,
    )
    if plan.units.empty:
        print(i18n.t("plan.no_units", args.lang, year=args.year), file=sys.stderr)
        return 1
    print(i18n.t("plan.seed", args.lang, seed=seed), file=sys.stderr)
    if args.save:
        path = save_plan(plan, ds.root)
        print(i18n.t("plan.saved", args.lang, path=path), file=sys.stderr)
    shown = plan.units.copy()
    shown["reason"] = [i18n.t(f"plan.reason.{r}", args.lang) for r in shown["reason"]]
    if args.format == "table":
        shown = shown.drop(columns=["explanation", "year"])
    write_frame(shown, args.format, args.lang)
    return 0

"""`draw --year Y [--scope 926,916] --per-district N --seed S [--weighted] [--chronic quota|apart|off]
[--level department] [--save NAME]`: communes (or departments) drawn for inspection.

Prints one row per unit of the plan (the scope's districts, the drawn communes, then the units
listed apart to follow up); the same data, year, scope, N, seed and options always print the
same list. The draw code is printed on stderr (and chosen at random when not given) so the draw
can be repeated; `--save NAME` keeps the plan under <data dir>/plans/ with that name.
"""

from __future__ import annotations

import getpass
import secrets
import sys

from cchc_metrics import i18n
from cchc_metrics.analysis.planning import COMPONENTS, UnknownScope, draw, save_plan
from cchc_metrics.cli.output import add_format_option, write_frame
from cchc_metrics.engine.dataset import open_dataset


def register(sub, parent) -> None:
    parser = sub.add_parser("draw", parents=[parent], help="draw communes to inspect, reproducibly")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--per-district", type=int, required=True, help="communes drawn per district (or group)")
    parser.add_argument("--seed", type=int, help="seed of the draw (default: a new one, printed)")
    parser.add_argument("--weighted", action="store_true", help="weight by risk instead of a plain draw")
    parser.add_argument(
        "--scope",
        help="groups to inspect, comma-separated: district codes (each district is then in the plan), "
        "from 2025 former district codes; default: every group",
    )
    parser.add_argument(
        "--chronic",
        choices=("quota", "apart", "off"),
        default="quota",
        help="units with chronic weaknesses: drawn first within the number (quota), listed apart to "
        "follow up (apart), or not considered (off)",
    )
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
    parser.add_argument("--save", metavar="NAME", help="keep the plan in <data dir>/plans/ under this name")
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.per_district < 1:
        print(i18n.t("plan.per_group_invalid", args.lang), file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    ds = open_dataset(args.data_dir)
    scope = [code.strip() for code in (args.scope or "").split(",") if code.strip()]
    try:
        plan = draw(
            ds,
            args.year,
            args.per_district,
            seed,
            weighted=args.weighted,
            chronic=args.chronic,
            group_by=args.group_by if args.level == "commune" else "none",
            lang=args.lang,
            level=args.level,
            scope=scope,
        )
    except UnknownScope as exc:
        print(i18n.t("plan.scope_unknown", args.lang, year=exc.year, codes=", ".join(exc.codes)), file=sys.stderr)
        return 2
    if plan.units.empty:
        print(i18n.t("plan.no_units", args.lang, year=args.year), file=sys.stderr)
        return 1
    print(i18n.t("plan.seed", args.lang, seed=seed), file=sys.stderr)
    if args.save:
        path = save_plan(plan, ds.root, args.save, getpass.getuser())
        print(i18n.t("plan.saved", args.lang, path=path), file=sys.stderr)
    shown = plan.units.copy()
    shown["reason"] = [i18n.t(f"plan.reason.{r}", args.lang) for r in shown["reason"]]
    if not args.weighted:  # a plain draw gave every unit the same chance: no weights shown
        shown = shown.drop(columns=["weight", *COMPONENTS, "explanation"])
    if args.format == "table":
        shown = shown.drop(columns=["explanation", "year"], errors="ignore")
    write_frame(shown, args.format, args.lang)
    return 0

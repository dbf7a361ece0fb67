"""`briefing --year Y [--unit CODE] --out FILE`: the slide-ready charts as .pptx, .pdf or .zip of PNGs."""

from __future__ import annotations

import sys
from pathlib import Path

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.files import FORMATS, write_briefing
from cchc_metrics.present.render import Renderer, RenderUnavailable
from cchc_metrics.views.briefing import NoScores, briefing


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "briefing", parents=[parent], help="slide-ready charts of a year as .pptx, .pdf or .zip of PNGs"
    )
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument(
        "--unit", help="a district or commune code (the version valid that year); default: the province"
    )
    parser.add_argument("--out", required=True, help="output file; its suffix chooses the format: .pptx, .pdf or .zip")
    parser.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        print(i18n.t("briefing.cli.bad_suffix", args.lang, path=out), file=sys.stderr)
        return 2
    ds = open_dataset(args.data_dir)
    try:
        b = briefing(ds, args.year, args.unit, args.lang)
    except NoScores as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    except UnknownUnit as exc:
        print(i18n.t("briefing.cli.unknown_unit", args.lang, unit=exc.code, year=exc.year), file=sys.stderr)
        return 1
    try:
        with Renderer() as renderer:
            write_briefing(b, renderer, out)
    except RenderUnavailable as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    print(i18n.t("briefing.cli.written", args.lang, path=out, n=len(b.slides)))
    return 0

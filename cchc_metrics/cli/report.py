"""`report --year Y --unit CODE --out FILE.docx`: the draft inspection report of one unit;
`report --year Y --summary --out FILE.docx`: the summary of the year's inspections. Both in the
administrative layout (views.report)."""

from __future__ import annotations

import sys
from pathlib import Path

from cchc_metrics import i18n
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.views.report import summary_report_docx, unit_report_docx


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "report", parents=[parent], help="the inspection report of a unit, or the year's summary, as .docx"
    )
    parser.add_argument("--year", type=int, required=True)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="the inspected unit's code (the version valid that year)")
    which.add_argument("--summary", action="store_true", help="the summary of the year's inspections")
    parser.add_argument("--out", required=True, help="output file (.docx)")
    parser.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        print(i18n.t("report.cli.bad_suffix", args.lang, path=out), file=sys.stderr)
        return 2
    ds = open_dataset(args.data_dir)
    try:
        data = (
            summary_report_docx(ds, args.year, args.lang)
            if args.summary
            else unit_report_docx(ds, args.year, args.unit, args.lang)
        )
    except UnknownUnit as exc:
        print(i18n.t("briefing.cli.unknown_unit", args.lang, unit=exc.code, year=exc.year), file=sys.stderr)
        return 1
    except NotAssessed as exc:
        print(i18n.t("analysis.not_assessed", args.lang, unit=exc.code, year=exc.year), file=sys.stderr)
        return 1
    out.write_bytes(data)
    print(i18n.t("report.cli.written", args.lang, path=out))
    return 0

"""`template --year Y --level L --out FILE`: the file analysts fill in for a year (.xlsx or .csv)."""

from __future__ import annotations

import sys
from pathlib import Path

from cchc_metrics import config, i18n
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.publish.templates import TemplateError, template_frame, write_template


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "template", parents=[parent], help="write the template of a year, prefilled with units and criteria"
    )
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--level", choices=LEVELS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="output file, .xlsx or .csv")
    parser.add_argument(
        "--framework-year",
        type=int,
        default=None,
        help="take the criteria of this year (default: the latest before --year)",
    )
    parser.add_argument("--vietnamese-headers", action="store_true", help="Vietnamese column names (Năm, Mã đơn vị, …)")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        frame, framework = template_frame(config.data_dir(args.data_dir), args.year, args.level, args.framework_year)
    except TemplateError as exc:
        print(i18n.t(exc.key, args.lang, **exc.params), file=sys.stderr)
        return 1
    write_template(frame, args.out, vietnamese=args.vietnamese_headers)
    print(
        i18n.t(
            "template.written",
            args.lang,
            path=args.out,
            units=frame["unit_code"].nunique(),
            criteria=frame["criterion_code"].nunique(),
            framework=framework,
        )
    )
    return 0

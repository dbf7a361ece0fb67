"""A copy of the demo data in which a district's name and some findings are hostile text."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
BOLD = "**bold**"
IMG = '<img src=x onerror="alert(2)">'
LINK = "[click](javascript:alert(3))"
URLS = "http://evil.test/x www.evil.test lan@evil.test"  # bare addresses, which Markdown would link
DISTRICT_CODE = "916"
DISTRICT_NAME = f"Ninh Kiều {SCRIPT} {BOLD} {LINK} {URLS}"
FORMULA = '=HYPERLINK("http://x","y")'
# The commune whose 2024 findings are all hostile (the first four 2024 findings of the demo data).
COMMUNE_CODE = "31186"
FINDINGS = [SCRIPT + " kế hoạch", BOLD + " một cửa", IMG + " hồ sơ", FORMULA]


def _rewrite(path: Path, change) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0].keys())
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_copy(demo: Path, target: Path) -> Path:
    """Copy `demo` to `target`: district 916 renamed to DISTRICT_NAME, the 2024 findings' texts made hostile."""
    shutil.copytree(demo, target, ignore=shutil.ignore_patterns(".cache", "archive", "plans"))

    def rename(rows):
        for row in rows:
            if row["unit_code"] == DISTRICT_CODE:
                row["unit_name"] = DISTRICT_NAME
        return rows

    def findings(rows):
        ours = [r for r in rows if r["year"] == "2024" and r["unit_code"] == COMMUNE_CODE]
        rows += [dict(ours[0], criterion_code=f"X.LEAD.{9 - i}") for i in range(len(FINDINGS) - len(ours))]
        ours = [r for r in rows if r["year"] == "2024" and r["unit_code"] == COMMUNE_CODE]
        for row, text in zip(ours, FINDINGS):
            row["text"] = text
        return rows

    _rewrite(target / "units.csv", rename)
    _rewrite(target / "findings" / "2024.csv", findings)
    return target

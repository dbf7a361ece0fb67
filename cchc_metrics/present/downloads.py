"""Tables as files people open: the one CSV and Excel writer of the project.

Every CSV and workbook the project hands to people goes through here: the app's download
buttons, the yearly template sent to communes (`template`, the upload page), and the command
line's `--format csv`. (The data directory's own files are data, written by publishing in the
loader's format.) Two rules hold for every cell of text:

- it cannot run as a spreadsheet formula: a text starting with =, +, -, @, a tab or a carriage
  return gets a leading ' (Excel's mark for text), so `=HYPERLINK(…)` stays text;
- it holds no control character a workbook cannot store (NUL, vertical tab, …): Word's line
  break (vertical tab) and page break become line breaks, the others spaces. openpyxl refuses
  them (IllegalCharacterError), which made an Excel download fail silently.

Numbers stay numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a workbook cannot hold (XML 1.0), and DEL and the C1 controls no one means to type.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_AS = {"\x0b": "\n", "\x0c": "\n"}


def clean(value):
    """A text without the control characters a workbook cannot hold (see the module); others as they are."""
    if isinstance(value, str) and _CONTROLS.search(value):
        return _CONTROLS.sub(lambda m: _CONTROL_AS.get(m.group(), " "), value)
    return value


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are clean and cannot run as formulas (numbers are left as numbers)."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: neutralise(clean(v)))
    out.columns = [neutralise(clean(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV text of `frame` (comma, decimal point, \\n line ends), safe as the module says."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel opens Vietnamese text correctly."""
    return csv_text(frame).encode("utf-8-sig")


def csv_excel_vi_bytes(frame: pd.DataFrame, digits: int = 2) -> bytes:
    """The CSV that Excel set up for Vietnam opens straight into columns: UTF-8 with a byte-order
    mark, `;` between cells, a decimal comma, decimals rounded as the table shows them, Windows
    line ends; safe as the module says."""
    out = safe_frame(frame)
    text = out.to_csv(index=False, sep=";", decimal=",", float_format=f"%.{digits}f", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(
    frame: pd.DataFrame,
    sheet: str = "data",
    *,
    text_columns: Collection[str] = (),
    widths: Mapping[str, float] | None = None,
    freeze_header: bool = False,
) -> bytes:
    """An .xlsx workbook with one sheet holding `frame` (numbers kept numeric).

    `text_columns`: columns written as text with Excel's text format, so a code keeps its leading
    zeros when someone types into the cell; `widths`: column widths by name; `freeze_header`
    keeps the header row in view.
    """
    import openpyxl.utils

    buffer = io.BytesIO()
    safe = safe_frame(frame)
    for col in text_columns:
        safe[col] = [v if isinstance(v, str) or pd.isna(v) else str(v) for v in safe[col]]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for i, name in enumerate(frame.columns):
            letter = openpyxl.utils.get_column_letter(i + 1)
            if name in text_columns:
                for cell in ws[letter]:
                    cell.number_format = "@"  # codes stay text: Excel must not drop leading zeros
            if widths and name in widths:
                ws.column_dimensions[letter].width = widths[name]
        if freeze_header:
            ws.freeze_panes = "A2"
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, path: str | Path, **xlsx_options) -> Path:
    """Write `frame` to `path` as .xlsx (xlsx_bytes, with `xlsx_options`) or, for any other suffix, as CSV."""
    path = Path(path)
    data = xlsx_bytes(frame, **xlsx_options) if path.suffix.lower() == ".xlsx" else csv_bytes(frame)
    path.write_bytes(data)
    return path

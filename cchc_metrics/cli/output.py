"""Printing tables for the command line: csv, json or an aligned text table."""

from __future__ import annotations

import sys

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.present.downloads import csv_text

FORMATS = ("csv", "json", "table")


def add_format_option(parser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def write_frame(frame: pd.DataFrame, fmt: str, lang: str, out=None) -> None:
    """Print `frame`: csv (comma-separated UTF-8, decimal point, through present.downloads: a text
    that a spreadsheet would run as a formula gets a leading '), json (records), or a table.

    Floats are rounded to 2 decimals; the table format writes numbers as the language does.
    """
    out = out or sys.stdout
    rounded = frame.copy()
    for col in rounded.columns:
        if pd.api.types.is_float_dtype(rounded[col]):
            rounded[col] = rounded[col].round(2)
    if fmt == "csv":
        out.write(csv_text(rounded))  # the project's one writer: no cell can run as a formula
    elif fmt == "json":
        out.write(rounded.to_json(orient="records", force_ascii=False, indent=1))
        out.write("\n")
    else:
        shown = rounded.copy()
        for col in shown.columns:
            if pd.api.types.is_float_dtype(shown[col]):
                shown[col] = [i18n.fmt_num(v, lang) for v in shown[col]]
        shown = shown.astype(object).where(shown.notna(), "")
        out.write(shown.to_string(index=False))
        out.write("\n")

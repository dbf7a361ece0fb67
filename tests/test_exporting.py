"""Downloads: CSV and Excel hold the table shown, and no cell can run as a spreadsheet formula."""

import io

import openpyxl
import pandas as pd

from cchc_metrics.present.downloads import csv_bytes, xlsx_bytes

TABLE = pd.DataFrame(
    {
        "unit_name": ["Trường Long", '=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)", "<script>x</script>"],
        "index_pct": [91.25, 80.0, -1.5, 70.0, 60.0, 50.0],
    }
)


def test_csv_neutralises_formulas_and_keeps_numbers():
    text = csv_bytes(TABLE).decode("utf-8-sig")
    assert text.splitlines() == [
        "unit_name,index_pct",
        "Trường Long,91.25",
        '"\'=HYPERLINK(""http://x"")",80.0',
        "'+1,-1.5",
        "'-cmd,70.0",
        "'@SUM(A1),60.0",
        "<script>x</script>,50.0",
    ]


def test_xlsx_neutralises_formulas_and_keeps_numbers():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(TABLE, "ranking")))
    sheet = book["ranking"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["unit_name", "index_pct"],
        ["Trường Long", 91.25],
        ['\'=HYPERLINK("http://x")', 80],
        ["'+1", -1.5],
        ["'-cmd", 70],
        ["'@SUM(A1)", 60],
        ["<script>x</script>", 50],
    ]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

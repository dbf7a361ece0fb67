"""Downloads: CSV and Excel hold the table shown, and no cell can run as a spreadsheet formula."""

import io

import openpyxl
import pandas as pd

from cchc_metrics.present.downloads import csv_bytes, csv_excel_vi_bytes, xlsx_bytes

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


def test_the_csv_for_vietnamese_excel_has_semicolons_decimal_commas_and_the_shown_rounding():
    frame = TABLE.assign(index_pct=[2.4653342979441737, 80.0, -1.5, float("nan"), 60.004, 1234.5], rank=range(1, 7))
    data = csv_excel_vi_bytes(frame, digits=2)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert data.decode("utf-8-sig").split("\r\n") == [
        "unit_name;index_pct;rank",
        "Trường Long;2,47;1",
        '"\'=HYPERLINK(""http://x"")";80,00;2',
        "'+1;-1,50;3",
        "'-cmd;;4",
        "'@SUM(A1);60,00;5",
        "<script>x</script>;1234,50;6",
        "",
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


def test_control_characters_never_fail_a_workbook_and_read_as_line_breaks_or_spaces():
    """Word's line break (vertical tab) pasted into a finding made the Excel download fail
    (IllegalCharacterError, only in the log): it becomes a line break, NUL and others a space."""
    table = pd.DataFrame({"text": ["Sổ theo dõi\x0bthiếu thông tin", "a\x00b\x1fc", "\x0b-bắt đầu"], "n": [1, 2, 3]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table)))
    assert [c.value for c in book.active["A"]] == [
        "text",
        "Sổ theo dõi\nthiếu thông tin",
        "a b c",
        "\n-bắt đầu",
    ]
    assert csv_bytes(table).decode("utf-8-sig") == 'text,n\n"Sổ theo dõi\nthiếu thông tin",1\na b c,2\n"\n-bắt đầu",3\n'


def test_the_template_and_the_command_line_write_through_the_same_writer(tmp_path, capsys):
    """The yearly template sent to communes and `scores --format csv` wrote +, - and @ raw."""
    from helpers import TINY_2023, TINY_2024, TINY_UNITS, write_dir

    from cchc_metrics.cli.main import main
    from cchc_metrics.publish.templates import template_frame, write_template

    root = write_dir(
        tmp_path / "data",
        {
            "units.csv": TINY_UNITS.replace("10101,Xã Một", "10101,@SUM(A1) Xã Một"),
            "inspections/2023.csv": TINY_2023,
            "inspections/2024.csv": TINY_2024.replace("Bộ phận một cửa", "+2 điểm một cửa"),
        },
    )
    frame, _framework = template_frame(root, 2025, "commune")
    text = write_template(frame, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "'+2 điểm một cửa" in text and "'@SUM(A1) Xã Một" in text
    assert ",+2" not in text and ",@SUM" not in text
    book = openpyxl.load_workbook(write_template(frame, tmp_path / "t.xlsx"))
    values = {c.value for row in book.active.iter_rows() for c in row}
    assert {"'+2 điểm một cửa", "'@SUM(A1) Xã Một"} <= values
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)

    assert main(["scores", "--year", "2024", "--level", "commune", "--format", "csv", "--data-dir", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("2024,10101,'@SUM(A1) Xã Một,commune,") for line in lines), lines

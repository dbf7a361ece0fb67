"""Text an analyst can slip into a file: markup in codes, control characters, NUL; a file that is
only part of a year; files `validate` crashed on. Each reported by file, row and column, in both
languages, with nothing written."""

from __future__ import annotations

import pytest
from import_helpers import MESSY, copy_import_data, tree_hash

from cchc_metrics.cli.main import main
from cchc_metrics.engine.budget import Budget
from cchc_metrics.publish.publishing import PublishError, import_file, prepare, publish

CLEAN = (MESSY / "clean.csv").read_text(encoding="utf-8")


def problems(prepared):
    return [(p.key, p.row, p.column, p.severity) for p in prepared.problems]


def test_markup_in_a_criterion_code_is_refused(tmp_path):
    """The code column was not checked for HTML: a link as criterion_code reached the charts."""
    root = copy_import_data(tmp_path)
    before = tree_hash(root)
    path = tmp_path / "ket-qua.csv"
    path.write_text(CLEAN.replace("X.PROC.1", '<a href="http://x.test">X.PROC.1</a>', 1), encoding="utf-8")
    prepared, published = import_file(path, root, user="lan")
    assert published is None
    assert problems(prepared) == [("html_in_text", 3, "criterion_code", "error")]
    assert tree_hash(root) == before


def test_a_nul_is_refused_at_its_cell(tmp_path):
    root = copy_import_data(tmp_path)
    path = tmp_path / "ket-qua.csv"
    path.write_text(CLEAN.replace("Công khai TTHC", "Công khai\x00TTHC", 1), encoding="utf-8")
    prepared, published = import_file(path, root, user="lan")
    assert published is None
    assert problems(prepared) == [("nul_character", 3, "criterion_name", "error")]
    assert prepared.problems[0].describe("vi").startswith("ket-qua.csv, dòng 3, cột criterion_name: ô chứa ký tự NUL")


def test_word_line_breaks_become_line_breaks_and_are_said(tmp_path):
    """Vertical tabs (Word's line break, pasted) were published as they were, and the Excel download
    of the text then failed. They become line breaks, with a warning to confirm."""
    root = copy_import_data(tmp_path)
    path = tmp_path / "ket-qua.csv"
    path.write_text(CLEAN.replace("Công khai TTHC", "Công khai\x0bTTHC", 2), encoding="utf-8")
    prepared = prepare(path, root)
    assert problems(prepared) == [("control_characters", 3, "criterion_name", "warning")]
    assert (
        prepared.problems[0]
        .describe("en")
        .startswith("ket-qua.csv, row 3, column criterion_name: 2 cells of this column hold control characters")
    )
    with pytest.raises(PublishError):  # a warning must be confirmed
        publish(prepared, "lan")
    published = publish(prepared, "lan", confirm_warnings=True)
    assert published.path.read_text(encoding="utf-8").count('"Công khai\nTTHC"') == 2


def test_a_file_of_two_rows_is_not_a_whole_year_without_confirmation(tmp_path, capsys):
    """A file of two rows published as a whole year (4 of the 5 communes then had no score)."""
    root = copy_import_data(tmp_path)
    path = tmp_path / "ket-qua.csv"
    path.write_text("\n".join(CLEAN.splitlines()[:3]) + "\n", encoding="utf-8")
    before = tree_hash(root)
    code = main(["import", str(path), "--data-dir", str(root), "--lang", "en", "--user", "lan"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines()[0] == (
        "ket-qua.csv: the file covers only 1 of the 5 units of its level valid in 2025, and 2 of the 3 criteria "
        "of the level's framework. If this is the whole year's result, confirm to publish; otherwise add the "
        "missing units and criteria."
    )
    assert err.splitlines()[0] == "The file has 1 warning(s): confirm them to publish."
    assert {k: v for k, v in tree_hash(root).items() if k != ".publish.lock"} == before
    assert main(["import", str(path), "--data-dir", str(root), "--yes", "--user", "lan"]) == 0


@pytest.mark.parametrize(
    "name,content,expected",
    [
        # CR line endings only (Excel on a Mac): an uncaught _csv.Error in `validate` before
        ("mac.csv", CLEAN.replace("\n", "\r").encode(), (0, "mac.csv: valid (inspections, 15 data rows).")),
        # a first line over the csv module's 128 KB limit
        (
            "wide.csv",
            ("x" * 140_000 + "\n" + CLEAN).encode(),
            (1, "wide.csv: 1 error(s); the file cannot be used yet."),
        ),
    ],
)
def test_validate_reads_odd_csv_files_as_import_does(tmp_path, capsys, name, content, expected):
    root = copy_import_data(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    code = main(["validate", str(path), "--data-dir", str(root), "--lang", "en"])
    out, err = capsys.readouterr()
    assert (code, (out if code == 0 else err).strip().splitlines()[-1]) == expected
    assert "Traceback" not in out + err


def test_validate_reads_an_xlsx_instead_of_calling_it_not_utf8(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    code = main(["validate", str(MESSY / "plain.xlsx"), "--data-dir", str(root), "--lang", "en"])
    out, _err = capsys.readouterr()
    assert (code, out.strip()) == (0, "plain.xlsx: valid (inspections, 15 data rows).")


def test_a_check_past_its_budget_is_stopped_with_a_clear_message(tmp_path):
    """The check runs in a child process; past its time it is killed, the file is refused with a
    message, and nothing is written."""
    root = copy_import_data(tmp_path)
    before = tree_hash(root)
    path = tmp_path / "ket-qua.csv"
    path.write_text(CLEAN, encoding="utf-8")
    prepared = prepare(path, root, budget=Budget(seconds=0.001))
    assert problems(prepared) == [("budget.too_slow", None, None, "error")]
    assert prepared.problems[0].describe("vi") == (
        "ket-qua.csv: kiểm tra tệp mất hơn 0.001 giây nên đã dừng; không có gì được ghi. Kiểm tra tệp có đúng một năm "
        "của một loại dữ liệu và không có dòng, cột thừa; hoặc đề nghị quản trị viên tăng CCHC_CHECK_SECONDS."
    )
    assert not prepared.ok and tree_hash(root) == before

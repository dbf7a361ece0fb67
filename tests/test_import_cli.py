"""The command line of loading a year: import, history, rollback, template, hash-password."""

import csv
import io

import openpyxl
import pytest
from import_helpers import BAD, MESSY, copy_import_data, tree_hash

from cchc_metrics.cli.main import main
from cchc_metrics.publish.accounts import verify_password


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_import_history_rollback(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    common = ["--data-dir", str(root), "--lang", "en"]
    code, out, err = run(["import", str(MESSY / "semicolon_decimal_comma.csv"), "--user", "lan", *common], capsys)
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "semicolon_decimal_comma.csv: inspections 2025, 15 data rows.",
        "A new year: nothing is published for it yet.",
    ]
    assert out.splitlines()[2].startswith(
        "semicolon_decimal_comma.csv: published as inspections/2025.csv (inspections 2025, 15 rows, sha256 "
    )
    code, _out, err = run(["import", str(MESSY / "plain.xlsx"), "--user", "lan", *common], capsys)
    assert code == 1
    assert err.splitlines() == [
        "inspections 2025 is already published: replacing it needs an explicit confirmation (--replace).",
        "plain.xlsx: nothing was published.",
    ]
    code, _out, err = run(["import", str(MESSY / "plain.xlsx"), "--replace", "--user", "minh", *common], capsys)
    assert (code, err.splitlines()[0]) == (1, "2025.csv already holds exactly this content: nothing to publish.")
    changed = tmp_path / "2025 sửa.csv"
    changed.write_text(
        (MESSY / "clean.csv").read_text(encoding="utf-8").replace(",3,2,1.5\n", ",3,2,2\n"), encoding="utf-8"
    )
    code, out, _err = run(["import", str(changed), "--replace", "--user", "minh", *common], capsys)
    assert code == 0
    assert out.splitlines()[1:5] == [
        "Replaces the published file (15 rows → 15 rows).",
        "Largest score changes (index %):",
        "unit_code unit_name published_pct new_pct change_pct",
        "    31165  Mỹ Khánh         57.50   62.50       5.00",
    ]
    code, out, _err = run(["history", "--year", "2025", "--format", "csv", *common], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["version"], r["current"], r["published_by"], r["action"]) for r in rows] == [
        ("1", "False", "lan", "publish"),
        ("2", "True", "minh", "replace"),
    ]
    code, out, _err = run(["rollback", "--year", "2025", "--version", "1", "--user", "chi", *common], capsys)
    assert code == 0 and out.startswith("inspections 2025: version 1 restored")
    code, _out, err = run(["rollback", "--year", "2025", "--version", "7", *common], capsys)
    assert (code, err.strip()) == (1, "No version “7”. Versions: 1, 2, 3.")


def test_import_bad_file_exits_1_with_row_and_column(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    before = tree_hash(root)
    code, out, err = run(
        ["import", str(BAD / "score_range.csv"), "--replace", "--yes", "--data-dir", str(root), "--lang", "en"], capsys
    )
    assert code == 1
    assert err.splitlines() == [
        "score_range.csv, row 2, column score: the appraised score 2.75 is outside 0 to the maximum 2.5. Correct the score; leave it empty if the criterion does not apply.",
        "score_range.csv: 1 error(s); nothing was published.",
    ]
    assert tree_hash(root) == before


def test_import_row_limit_from_the_command_line(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    code, _out, err = run(
        ["import", str(MESSY / "clean.csv"), "--max-rows", "10", "--data-dir", str(root), "--lang", "vi"], capsys
    )
    assert code == 1
    assert err.splitlines()[0].startswith("clean.csv: tệp có hơn 10 dòng dữ liệu.")


EXPECTED_TEMPLATE = """year,unit_code,unit_name,area_code,criterion_code,criterion_name,max_points,self_score,score,note
2025,31117,Bình Thủy,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,,,
2025,31117,Bình Thủy,PROC,X.PROC.1,Công khai TTHC,3,,,
2025,31117,Bình Thủy,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,4.5,,,
2025,31120,Long Hoà,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,,,
2025,31120,Long Hoà,PROC,X.PROC.1,Công khai TTHC,3,,,
2025,31120,Long Hoà,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,4.5,,,
2025,31153,Phong Điền,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,,,
2025,31153,Phong Điền,PROC,X.PROC.1,Công khai TTHC,3,,,
2025,31153,Phong Điền,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,4.5,,,
2025,31157,Trường Long,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,,,
2025,31157,Trường Long,PROC,X.PROC.1,Công khai TTHC,3,,,
2025,31157,Trường Long,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,4.5,,,
2025,31165,Mỹ Khánh,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,,,
2025,31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,,,
2025,31165,Mỹ Khánh,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,4.5,,,
"""


def test_template_csv_lists_the_units_of_the_year_and_last_years_criteria(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    out_file = tmp_path / "mau_2025.csv"
    code, out, _err = run(
        [
            "template",
            "--year",
            "2025",
            "--level",
            "commune",
            "--out",
            str(out_file),
            "--data-dir",
            str(root),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 0
    assert out.strip() == f"Template written: {out_file} (5 units × 3 criteria of 2024)."
    # Tân Thới ended in 2024: not in the 2025 template.
    assert out_file.read_text(encoding="utf-8-sig") == EXPECTED_TEMPLATE


def test_template_xlsx_in_vietnamese_filled_in_imports(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    out_file = tmp_path / "mau.xlsx"
    code, _out, _err = run(
        [
            "template",
            "--year",
            "2025",
            "--level",
            "commune",
            "--out",
            str(out_file),
            "--vietnamese-headers",
            "--data-dir",
            str(root),
        ],
        capsys,
    )
    assert code == 0
    book = openpyxl.load_workbook(out_file)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [
        "Năm",
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã lĩnh vực",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Ghi chú",
    ]
    assert sheet["B2"].value == "31117" and sheet["B2"].number_format == "@"
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 9).value = sheet.cell(row, 7).value  # full marks
    book.save(out_file)
    code, out, err = run(["import", str(out_file), "--data-dir", str(root), "--lang", "en"], capsys)
    assert code == 0, err
    assert "mau.xlsx: inspections 2025, 15 data rows." in out


def test_template_for_a_level_without_units(tmp_path, capsys):
    root = copy_import_data(tmp_path)
    (root / "units.csv").write_text(
        (root / "units.csv").read_text(encoding="utf-8").replace("district,,,,", "district,,,2024,"), encoding="utf-8"
    )
    code, _out, err = run(
        [
            "template",
            "--year",
            "2025",
            "--level",
            "district",
            "--out",
            str(tmp_path / "t.csv"),
            "--data-dir",
            str(root),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert (code, err.strip()) == (1, "No district is valid in 2025.")


def test_hash_password_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("một mật khẩu dài\n"))
    code, out, err = run(["hash-password", "--stdin", "--user", "lan", "--lang", "en"], capsys)
    assert code == 0
    assert err.strip() == "Add this line under [analysts] in .streamlit/secrets.toml:"
    key, value = out.strip().split(" = ")
    assert key == '"lan"'
    assert verify_password("một mật khẩu dài", value.strip('"'))
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _out, err = run(["hash-password", "--stdin", "--lang", "en"], capsys)
    assert (code, err.strip()) == (1, "The password needs at least 10 characters.")


def test_an_import_has_the_new_data_version_ready_before_it_ends(tmp_path, capsys, monkeypatch):
    """No reader waits for the build after a publish: the import builds the version the pages
    then open at once (from the version before it: only the new year is read again)."""
    from cchc_metrics.engine.dataset import data_version, open_dataset

    root = copy_import_data(tmp_path)
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    open_dataset(root).close()  # the version the server had open
    common = ["--data-dir", str(root), "--lang", "en"]
    code, out, err = run(["import", str(MESSY / "semicolon_decimal_comma.csv"), "--user", "lan", *common], capsys)
    assert code == 0, err
    last = out.splitlines()[-1]
    assert last.startswith("The new data version is ready for readers (") and last.endswith(" s).")
    assert [p.name for p in (tmp_path / "cache").glob("cchc-*.duckdb")] == [f"cchc-{data_version(root)}.duckdb"]
    ds = open_dataset(root)
    try:
        assert ds.build["kind"] == "update" and ds.build["changed"] == ["inspections/2025.csv"]
        assert 2025 in ds.years()
    finally:
        ds.close()
    changed = tmp_path / "2025 sửa.csv"
    changed.write_text(
        (MESSY / "clean.csv").read_text(encoding="utf-8").replace(",3,2,1.5\n", ",3,2,2\n"), encoding="utf-8"
    )
    assert run(["import", str(changed), "--replace", "--user", "minh", *common], capsys)[0] == 0
    code, out, _err = run(["rollback", "--year", "2025", "--version", "1", "--user", "chi", *common], capsys)
    assert code == 0 and out.splitlines()[-1].startswith("The new data version is ready for readers (")
    assert [p.name for p in (tmp_path / "cache").glob("cchc-*.duckdb")] == [f"cchc-{data_version(root)}.duckdb"]


def test_without_a_cache_folder_a_publish_builds_nothing_in_memory(tmp_path, monkeypatch):
    from cchc_metrics.engine import dataset

    root = copy_import_data(tmp_path)
    monkeypatch.setattr(dataset, "cache_dir_for", lambda _root: None)  # unwritable: readers build in memory
    monkeypatch.setattr(dataset, "open_dataset", lambda *_a, **_k: pytest.fail("built in memory for nothing"))
    assert dataset.ready_version(root) is None

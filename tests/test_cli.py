"""The command line on the demo data and on the tiny fixture."""

import csv
import io
import subprocess
import sys

from helpers import HEADER, PROJECT, TINY_2023

from cchc_metrics.cli.main import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _scores(*args: str) -> list[dict]:
    """`scores ... --format csv` through the module entry point, as the README says."""
    result = subprocess.run(
        [sys.executable, "-m", "cchc_metrics", "scores", *args, "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=True,
    )
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_scores_csv_on_demo_prints_nine_districts_of_the_old_city():
    rows = _scores("--year", "2024", "--level", "district", "--province", "Cần Thơ")
    assert len(rows) == 9
    assert list(rows[0])[:10] == [
        "year",
        "unit_code",
        "unit_name",
        "level",
        "parent_code",
        "index_pct",
        "rank",
        "band",
        "delta_pct",
        "rank_change",
    ]
    assert list(rows[0])[10:] == [
        "LEAD",
        "INST",
        "PROC",
        "ORG",
        "CIVIL",
        "ONESTOP",
        "FIN",
        "MODERN",
        "IMPACT",
        "source_province",
    ]
    assert {r["unit_name"] for r in rows} == {
        "Ninh Kiều",
        "Ô Môn",
        "Bình Thủy",
        "Cái Răng",
        "Thốt Nốt",
        "Vĩnh Thạnh",
        "Cờ Đỏ",
        "Phong Điền",
        "Thới Lai",
    }
    assert all(len(r["index_pct"].split(".")[-1]) <= 2 for r in rows)


def test_scores_before_the_merger_rank_each_former_province_apart():
    rows = _scores("--year", "2024", "--level", "district")
    counts = {p: sum(r["source_province"] == p for r in rows) for p in ("Cần Thơ", "Hậu Giang", "Sóc Trăng")}
    assert counts == {"Cần Thơ": 9, "Hậu Giang": 8, "Sóc Trăng": 11} and len(rows) == 28
    for province in counts:
        ranks = [int(r["rank"]) for r in rows if r["source_province"] == province]
        assert ranks[0] == 1 and ranks == sorted(ranks) and max(ranks) <= counts[province]


def test_scores_after_the_merger_list_the_103_units_and_the_departments():
    communes = _scores("--year", "2025", "--level", "commune")
    assert len(communes) == 103 and "source_province" not in communes[0]
    assert sorted(int(r["rank"]) for r in communes)[:2] == [1, 2]
    departments = _scores("--year", "2025", "--level", "department")
    assert len(departments) == 18 and {r["level"] for r in departments} == {"department"}


def test_scores_on_tiny_fixture_csv(tiny_dir, capsys):
    code, out, _ = run(
        [
            "scores",
            "--year",
            "2024",
            "--level",
            "commune",
            "--format",
            "csv",
            "--data-dir",
            str(tiny_dir),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 0
    assert out.splitlines() == [
        "year,unit_code,unit_name,level,parent_code,index_pct,rank,band,delta_pct,rank_change,LEAD,INST,PROC,ORG,CIVIL,ONESTOP,FIN,MODERN,IMPACT",
        "2024,10101,Xã Một,commune,101,90.0,1,Very good,40.0,2,90.0,,,,,90.0,,,",
        "2024,10102,Phường Hai,commune,101,90.0,1,Very good,10.0,0,100.0,,,,,80.0,,,",
        "2024,10201,Xã Ba,commune,102,50.0,3,Average,-30.0,-2,60.0,,,,,40.0,,,",
    ]


def test_scores_json_and_table(tiny_dir, capsys):
    code, out, _ = run(
        ["scores", "--year", "2023", "--level", "district", "--format", "json", "--data-dir", str(tiny_dir)], capsys
    )
    import json

    assert code == 0
    assert [(r["unit_name"], r["rank"], r["index_pct"]) for r in json.loads(out)] == [
        ("Quận B", 1, 90.0),
        ("Huyện A", 2, 72.5),
    ]
    code, out, _ = run(["scores", "--year", "2023", "--level", "district", "--data-dir", str(tiny_dir)], capsys)
    assert code == 0 and "72,50" in out  # Vietnamese decimal comma in the table format


def test_scores_unknown_year_says_which_years_exist(tiny_dir, capsys):
    code, _out, err = run(
        ["scores", "--year", "2019", "--level", "district", "--data-dir", str(tiny_dir), "--lang", "en"], capsys
    )
    assert code == 1
    assert "No data for 2019. Years with data: 2023, 2024." in err


def test_validate_exit_codes(tiny_dir, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(TINY_2023, encoding="utf-8")
    code, out, _ = run(["validate", str(good), "--data-dir", str(tiny_dir), "--lang", "en"], capsys)
    assert (code, out.strip()) == (0, "good.csv: valid (inspections, 12 data rows).")
    # valid, with a warning (on stdout) that import would ask to confirm
    part = tmp_path / "part.csv"
    part.write_text(HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,8,5\n", encoding="utf-8")
    code, out, _ = run(["validate", str(part), "--data-dir", str(tiny_dir), "--lang", "en"], capsys)
    assert (code, out.strip().splitlines()) == (
        0,
        [
            "part.csv: the file covers only 1 of the 3 units of its level valid in 2023 (no earlier year's criteria to compare with). If this is the whole year's result, confirm to publish; otherwise add the missing units.",
            "part.csv: valid (inspections, 1 data rows).",
        ],
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,8,12\n2023,77777,LEAD,X.LEAD.1,A,10,8,5\n", encoding="utf-8")
    code, _out, err = run(["validate", str(bad), "--data-dir", str(tiny_dir), "--lang", "en"], capsys)
    assert code == 1
    assert err.splitlines() == [
        "bad.csv, row 2, column score: the appraised score 12.0 is outside 0 to the maximum 10.0. Correct the score; leave it empty if the criterion does not apply.",
        "bad.csv, row 3, column unit_code: the unit code “77777” is not in the unit list. Check the unit's statistics code, or add the unit to units.csv.",
        "bad.csv: 2 error(s); the file cannot be used yet.",
    ]


def test_broken_reference_file_is_reported_not_raised(tiny_dir, capsys):
    (tiny_dir / "units.csv").write_text("unit_code,unit_name\n101,A\n", encoding="utf-8")
    code, _out, err = run(
        ["scores", "--year", "2024", "--level", "district", "--data-dir", str(tiny_dir), "--lang", "en"], capsys
    )
    assert code == 1
    assert "units.csv, row 1, column unit_type: the required column “unit_type” is missing." in err

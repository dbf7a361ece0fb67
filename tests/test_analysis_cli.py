"""The strengths, weaknesses, lost-points and narrative commands on the planted fixture."""

import json

from cchc_metrics.cli.main import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_weaknesses_csv(analysis_dir, capsys):
    code, out, _ = run(
        ["weaknesses", "--year", "2023", "--format", "csv", "--lang", "en", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 0
    assert out.splitlines() == [
        "year,level,unit_id,unit_code,unit_name,parent_code,area_code,area_name,area_pct,peer_q1,peer_median,gap_to_median,"
        "area_rank,peers,district_position,learn_from",
        "2023,commune,10101@,10101,Một,101,ONESTOP,One-stop mechanism,25.0,85.0,87.5,-62.5,6,6,weakness,"
        "Ba (95.00 %); Bốn (100.00 %)",
        "2023,commune,10202@,10202,Năm,102,LEAD,Direction and management of reform,60.0,90.0,90.0,-30.0,6,6,weakness,"
        "Bốn (100.00 %)",
    ]


def test_lost_points_json_top(analysis_dir, capsys):
    code, out, _ = run(
        ["lost-points", "--year", "2024", "--top", "2", "--format", "json", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["criterion_code"], r["points_lost"], r["cumulative_pct"], r["area_name"]) for r in rows] == [
        ("X.PROC.1", 25.0, 65.79, "Cải cách thủ tục hành chính"),
        ("X.LEAD.1", 6.0, 81.58, "Công tác chỉ đạo, điều hành CCHC"),
    ]


def test_strengths_table_in_vietnamese(analysis_dir, capsys):
    code, out, _ = run(
        ["strengths", "--year", "2023", "--unit", "10101", "--no-criteria", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "scope",
        "area_code",
        "criterion_code",
        "pct",
        "peer_q1",
        "peer_median",
        "gap_to_median",
        "area_rank",
        "peers",
        "position",
        "district_position",
        "learn_from",
    ]
    assert [line.split()[:2] + line.split()[2:6] for line in lines[1:]] == [
        ["lĩnh", "vực", "LEAD", "90,00", "90,00", "90,00"],
        ["lĩnh", "vực", "PROC", "100,00", "80,00", "80,00"],
        ["lĩnh", "vực", "ONESTOP", "25,00", "85,00", "87,50"],
    ]
    assert "điểm yếu" in lines[3] and "Ba (95,00 %); Bốn (100,00 %)" in lines[3]


def test_narrative_prints_the_paragraph(analysis_dir, capsys):
    code, out, _ = run(
        ["narrative", "--year", "2024", "--unit", "10101", "--lang", "en", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 0
    assert out.startswith("In 2024, Một commune scored 82.50 % on the PAR index") and out.endswith(
        "Fixed: One-stop mechanism.\n"
    )
    code, out, _ = run(
        ["narrative", "--year", "2024", "--unit", "10101", "--format", "json", "--data-dir", str(analysis_dir)], capsys
    )
    assert [(r["unit_code"], r["lang"], r["narrative"][:13]) for r in json.loads(out)] == [
        ("10101", "vi", "Năm 2024, xã ")
    ]


def test_unknown_unit_year_and_unscored_unit(analysis_dir, capsys):
    code, _, err = run(
        ["narrative", "--year", "2024", "--unit", "10203", "--lang", "en", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 1 and "10203" in err and "2024" in err
    code, _, err = run(
        ["strengths", "--year", "2024", "--unit", "101", "--lang", "en", "--data-dir", str(analysis_dir)], capsys
    )
    assert code == 1 and err == "Unit 101 is listed for 2024 but has no scores that year.\n"
    code, _, err = run(["weaknesses", "--year", "2019", "--lang", "en", "--data-dir", str(analysis_dir)], capsys)
    assert code == 1 and err == "No data for 2019. Years with data: 2023, 2024.\n"

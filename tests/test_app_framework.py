"""The pages on a data directory scored under a framework (tests/fixtures/framework): the index
with its parts, the drill-down through the tree, a criterion across the framework change, the
versions and crosswalk on the method page, and the scoring rounds."""

import json
import shutil

import pytest
from app_helpers import chart_titles, open_page, open_tab, problems
from helpers import PROJECT

from ui import cache

FIXTURE = PROJECT / "tests" / "fixtures" / "framework"


@pytest.fixture
def fw_data(tmp_path, monkeypatch):
    root = shutil.copytree(FIXTURE, tmp_path / "data")
    about = {"region_vi": "Tỉnh Thử", "region_en": "Test Province", "synthetic": True}
    (root / "about.json").write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CCHC_DATA_DIR", str(root))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    yield root
    cache._open.clear()


def test_the_commune_page_shows_the_index_parts_and_the_tree(fw_data):
    at = open_page("commune_profile", {"year": "2024", "commune": "10101", "lang": "en"})
    assert problems(at) == []
    cards = {m.label: m.value for m in at.metric}
    assert cards["Appraised points"] == "12.00" and cards["Survey points"] == "0.00"
    assert (cards["Bonus points"], cards["Penalty points"]) == ("+2.00", "−3.00")  # the bonus held to its cap
    lines = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert lines[["Kind", "Points"]].values.tolist() == [
        ["Bonus points", 1.5],
        ["Bonus points", 1.0],
        ["Penalty points", 3.0],
    ]
    tree = next(d.value for d in at.dataframe if "Area / criterion" in d.value.columns)
    assert tree["Level"].tolist() == ["Area", "Criterion", "Criterion", "Criterion", "Area", "Criterion", "Criterion"]
    assert tree["Points lost"].tolist() == [2.0, 1.0, 0.0, 1.0, 6.0, 2.0, 4.0]  # the missing survey counts 0 of 4
    assert any("framework X24" in c.value for c in at.caption)


def test_a_criterion_across_the_framework_change_is_marked(fw_data):
    at = open_page("commune_profile", {"year": "2024", "commune": "10101", "lang": "vi", "criterion": "1.1"})
    at = open_tab(at, "criterion")
    assert problems(at) == []
    assert chart_titles(at) == ["Tiêu chí 1.1 của Một qua các năm – Tỉnh Thử, 2023–2024"]
    [chart] = at.get("plotly_chart")
    layout = json.loads(chart.proto.spec)["layout"]
    assert [s["x0"] for s in layout["shapes"]] == [2023.5]  # the year the framework changed
    assert any(a["text"] == "bộ tiêu chí mới" for a in layout["annotations"])
    read = at.dataframe[0].value
    assert read[["Năm", "Tiêu chí được đọc", "Chuyển đổi"]].values.tolist() == [
        [2023, "1.1.1, 1.1.2", "gộp vào"],
        [2024, "1.1", ""],
    ]


def test_the_method_page_lists_the_versions_and_the_crosswalk(fw_data):
    at = open_page("method", {"level": "commune", "year": "2024", "lang": "en"})
    at = open_tab(at, "framework")
    assert problems(at) == []
    versions = at.dataframe[0].value
    assert versions[["Code", "Years", "Without a survey"]].values.tolist() == [
        ["X23", "2023", "appraised points alone, rescaled"],
        ["X24", "2024–", "survey counted as 0"],
    ]
    crosswalk = next(d.value for d in at.dataframe if "Old code" in d.value.columns)
    assert crosswalk[["Old code", "Crosswalk", "New code"]].values.tolist()[:4] == [
        ["1.1.1", "merged into", "1.1"],
        ["1.1.2", "merged into", "1.1"],
        ["1.2", "split into", "1.2"],
        ["1.2", "split into", "1.3"],
    ]


def test_warnings_are_listed_apart_from_files_left_out(fw_data):
    at = open_page("overview", {"year": "2024", "lang": "en"})
    assert [e.label for e in at.sidebar.expander] == ["1 data file(s) with warnings (loaded)"]


def test_the_scoring_rounds_are_shown_where_recorded(fw_data):
    at = open_page("strengths", {"year": "2024", "level": "commune", "tab": "claims", "lang": "en"})
    assert problems(at) == []
    rounds = next(d.value for d in at.dataframe if "First appraisal (%)" in d.value.columns)
    assert rounds[["Unit", "Area", "First appraisal (%)", "Final appraisal (%)"]].values.tolist()[:2] == [
        ["Một", "Direction", 70.0, 80.0],
        ["Một", "Procedures", 40.0, 40.0],
    ]


PUBLICATIONS = (
    "year,level,status,decision,decision_date\n"
    "2023,commune,published,Quyết định số 268/QĐ-UBND,2024-03-28\n"
    "2024,commune,draft,,\n"
)


def _notes(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_a_draft_year_is_marked_in_every_picture_and_a_published_one_names_its_decision(fw_data):
    from cchc_metrics.engine.dataset import open_dataset
    from cchc_metrics.views import briefing, overview, profile
    from cchc_metrics.views.common import context, unit_of

    (fw_data / "publications.csv").write_text(PUBLICATIONS, encoding="utf-8")
    ds = open_dataset(fw_data, use_cache=False)
    ctx = context(ds, "vi")
    draft = overview.commune_ranking(ds, 2024, "all", ctx).figure
    assert "DỰ THẢO" in _notes(draft)
    assert any("Dự thảo, chưa công bố" in n for n in _notes(draft))
    published = overview.commune_ranking(ds, 2023, "all", ctx).figure
    assert "DỰ THẢO" not in _notes(published)
    assert any("Quyết định số 268/QĐ-UBND ngày 28/03/2024" in n for n in _notes(published))
    unit = unit_of(ds, 2024, "commune", "10101", "vi")
    assert "DỰ THẢO" in _notes(profile.radar(ds, "commune", unit, 2024, ctx).figure)
    for slide in briefing.briefing(ds, 2024, "10101", "vi").slides:  # every exported picture too
        assert "DỰ THẢO" in _notes(slide.figure), slide.key
    at = open_page("overview", {"year": "2024", "lang": "vi"})
    assert any("dự thảo" in w.value and "2024" in w.value for w in at.warning)
    assert not any("dự thảo" in w.value for w in open_page("overview", {"year": "2023", "lang": "vi"}).warning)


DEPARTMENTS = "SNV,Nội vụ,sở,department,,2024,\nSTC,Tài chính,sở,department,,2024,\nBQL,Quản lý các khu công nghiệp,ban,department,,2024,\n"
DEPARTMENT_ROWS = "".join(
    f"2024,{code},LEAD,D.1,Kế hoạch,10,10,{lead},,\n2024,{code},PROC,D.2,Thủ tục,10,9,{proc},,\n"
    for code, lead, proc in (("SNV", 10, 8), ("STC", 7, 9), ("BQL", 6, 5))
)


@pytest.fixture
def with_departments(fw_data):
    """The fixture with three departments scored in 2024 (flat criteria: no framework for them).
    Expected: Nội vụ 18/20 = 90 %, Tài chính 16/20 = 80 %, Quản lý KCN 11/20 = 55 %."""
    units = fw_data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + DEPARTMENTS, encoding="utf-8")
    header = "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score,first_score,method\n"
    (fw_data / "inspections" / "2024-departments.csv").write_text(header + DEPARTMENT_ROWS, encoding="utf-8")
    return fw_data


def test_departments_are_ranked_apart_and_never_mix_into_commune_averages(with_departments):
    from cchc_metrics.engine.dataset import open_dataset

    ds = open_dataset(with_departments, use_cache=False)
    assert ds.problems == [] or all(p.severity == "warning" for p in ds.problems)
    scores = ds.sql(
        "select level, unit_code, index_pct, rank, ranked_units from unit_scores where year = 2024 order by level, rank"
    )
    assert [tuple(r) for r in scores.itertuples(index=False)] == [
        ("commune", "10102", 100.0, 1, 3),
        ("commune", "10101", 55.0, 2, 3),
        ("commune", "10103", 35.0, 3, 3),
        ("department", "SNV", 90.0, 1, 3),
        ("department", "STC", 80.0, 2, 3),
        ("department", "BQL", 55.0, 3, 3),
    ]
    means = {level: ds.query("level_means", level=level) for level in ("commune", "department")}
    assert {lv: round(m.loc[m["year"] == 2024, "level_mean_pct"].iloc[0], 4) for lv, m in means.items()} == {
        "commune": 63.3333,
        "department": 75.0,
    }


def test_the_pages_work_for_departments(with_departments):
    at = open_page("overview", {"year": "2024", "lang": "en"})
    assert problems(at) == []
    assert "Departments ranked" in [tab.label for tab in at.tabs]
    assert any(m.label == "Average index, departments" for m in at.metric)
    page = open_page("department_profile", {"year": "2024", "department": "STC", "lang": "en"})
    assert problems(page) == []
    assert chart_titles(page) == ["Reform index of Tài chính – Test Province, 2024"]
    assert page.metric[1].value == "2 of 3"
    briefing = open_page("briefing", {"year": "2024", "scope": "department", "department": "SNV", "lang": "en"})
    assert problems(briefing) == []
    # after the title and key-messages slides, the charts
    assert [t.label for t in briefing.tabs][:2] == ["3. Reform index of Nội vụ", "4. Results by reform area: Nội vụ"]


def test_scores_cli_lists_the_departments(with_departments, capsys):
    from cchc_metrics.cli.main import main

    assert (
        main(
            [
                "scores",
                "--year",
                "2024",
                "--level",
                "department",
                "--data-dir",
                str(with_departments),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["SNV", "STC", "BQL"]


def test_every_unit_type_has_words_and_a_department_gets_its_paragraph():
    from cchc_metrics import i18n
    from cchc_metrics.analysis.narrative import narrative
    from cchc_metrics.engine.dataset import open_dataset
    from cchc_metrics.engine.schema import UNIT_TYPES

    assert [t for t in UNIT_TYPES for lang in ("vi", "en") if not i18n.has(f"analysis.type.{t}", lang)] == []
    ds = open_dataset(PROJECT / "data")
    row = ds.query("unit_scores", year=2026, level="department").set_index("unit_code").loc["SNV"]
    text = narrative(ds, 2026, "SNV", lang="vi")
    assert text.startswith(f"Năm 2026, Sở Nội vụ đạt Chỉ số CCHC {row['index_pct']:.2f}".replace(".", ","))
    assert f"xếp thứ {row['rank']}/18 sở, ban, ngành" in text
    assert narrative(ds, 2026, "SNV", lang="en").startswith("In 2026, Nội vụ department scored")


def test_points_that_do_not_move_the_index_carry_no_sign(fw_data):
    at = open_page("commune_profile", {"year": "2024", "commune": "10102", "lang": "vi"})
    assert problems(at) == []
    cards = {m.label: m.value for m in at.metric}
    assert (cards["Điểm thưởng"], cards["Điểm trừ"]) == ("+2,00", "0,00")

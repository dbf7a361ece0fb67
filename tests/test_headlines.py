"""The overview's opening sentences, built from the hand-computed fixture (with targets): the
largest rise and fall, the areas that moved most, the units below target and the share of last
year's weaknesses fixed, each linking to the page and tab of its chart."""

from __future__ import annotations

import shutil

import pytest
from analysis_fixture import FIXTURE
from test_targets import TARGETS

from cchc_metrics.analysis.headlines import headline_facts
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.views import overview
from cchc_metrics.views.common import context


@pytest.fixture(scope="module")
def targeted(tmp_path_factory):
    root = tmp_path_factory.mktemp("headlines") / "data"
    shutil.copytree(FIXTURE, root)
    (root / "targets.csv").write_text(TARGETS, encoding="utf-8")
    dataset = open_dataset(root, use_cache=False)
    yield dataset
    dataset.close()


def test_headline_facts_of_2024(targeted):
    """Một 60 → 82.5 rose most; Hai, Ba, Bốn fell 7.5 (Hai first by code); ONESTOP's mean rose
    80 → 93, PROC's fell 83.33 → 50; no commune met every target; of 2023's weaknesses (Một's
    ONESTOP, Năm's LEAD) one was fixed."""
    facts = headline_facts(targeted, 2024, "commune", "en")
    movers = ("trends", {"level": "commune", "tab": "movers", "to": 2024})
    assert [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in f.items()} for f in facts] == [
        {"kind": "riser", "unit": "Một", "change": 22.5, "link": movers},
        {"kind": "faller", "unit": "Hai", "change": -7.5, "link": movers},
        {
            "kind": "areas",
            "improving": ("One-stop mechanism", 13.0),
            "declining": ("Administrative-procedure reform", pytest.approx(-33.33, abs=0.01)),
            "link": ("reform_area", {"level": "commune", "tab": "years", "area": "PROC"}),
        },
        {"kind": "targets", "below": 5, "units": 5, "link": ("", {"tab": "communes"})},
        {
            "kind": "fixed",
            "fixed": 1,
            "followed": 2,
            "share": 50.0,
            "link": ("strengths", {"view": "leaders", "level": "commune", "tab": "fixed"}),
        },
    ]


def test_the_first_year_has_no_change_to_tell(targeted):
    assert [f["kind"] for f in headline_facts(targeted, 2023, "commune")] == ["targets"]


def test_headline_sentences_in_both_languages(targeted):
    vi = overview.headlines(targeted, 2024, context(targeted, "vi"))
    assert [n.text for n in vi] == [
        "Điểm chính năm 2024",
        "\n".join(
            [
                "- Tăng nhiều nhất: **Một**, \\+22,50 điểm % so với năm 2023. "
                "[Xem biểu đồ](/trends?year=2024&lang=vi&level=commune&tab=movers&to=2024)",
                "- Giảm nhiều nhất: **Hai**, \\-7,50 điểm % so với năm 2023. "
                "[Xem biểu đồ](/trends?year=2024&lang=vi&level=commune&tab=movers&to=2024)",
                "- Bình quân các xã, phường so với năm 2023: tiến bộ nhất là Thực hiện cơ chế một cửa, một cửa "
                "liên thông (\\+13,00 điểm %); giảm nhiều nhất là Cải cách thủ tục hành chính (\\-33,33 điểm %). "
                "[Xem biểu đồ](/reform_area?year=2024&lang=vi&level=commune&tab=years&area=PROC)",
                "- 5/5 xã, phường chưa đạt đủ chỉ tiêu năm 2024. [Xem biểu đồ](/?year=2024&lang=vi&tab=communes)",
                "- Đã khắc phục 1/2 điểm yếu của năm 2023 (50,00 %). "
                "[Xem biểu đồ](/strengths?year=2024&lang=vi&view=leaders&level=commune&tab=fixed)",
            ]
        ),
    ]
    en = overview.headlines(targeted, 2024, context(targeted, "en"))
    assert en[1].text.splitlines()[0] == (
        "- Largest rise: **Một**, \\+22.50 points on 2023. "
        "[See the chart](/trends?year=2024&lang=en&level=commune&tab=movers&to=2024)"
    )

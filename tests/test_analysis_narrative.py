"""The report paragraph: the right strongest and weakest areas, in both languages."""

from cchc_metrics.analysis.narrative import narrative, narrative_facts


def test_facts_name_strongest_and_weakest_against_peers(ds):
    facts = narrative_facts(ds, 2023, "10101")
    assert (facts["strongest"]["area_code"], facts["weakest"]["area_code"]) == ("PROC", "ONESTOP")
    assert [m["unit_code"] for m in facts["mentors"]] == ["10103", "10201"]
    assert facts["previous"] is None  # no 2022 scores
    assert (facts["rank"], facts["ranked_units"], facts["rank_change"], facts["delta_pct"]) == (6, 6, None, None)


def test_first_year_with_a_weakness_and_peers_to_learn_from(ds):
    assert narrative(ds, 2023, "10101", "en") == (
        "In 2023, Một commune scored 60.00 % on the PAR index, rated Average, ranked 6 of 6 communes. "
        "Its strongest area against its peers is Administrative-procedure reform (100.00 %, peer median 80.00 %). "
        "Its weakest area is One-stop mechanism (25.00 %, peer median 87.50 %). "
        "To improve in One-stop mechanism, it can learn from Ba (95.00 %), Bốn (100.00 %)."
    )
    assert narrative(ds, 2023, "10101", "vi") == (
        "Năm 2023, xã Một đạt Chỉ số CCHC 60,00 %, xếp loại Trung bình, xếp thứ 6/6 xã, phường, thị trấn. "
        "Lĩnh vực mạnh nhất so với các đơn vị cùng cấp là Cải cách thủ tục hành chính (100,00 %, trung vị 80,00 %). "
        "Lĩnh vực yếu nhất là Thực hiện cơ chế một cửa, một cửa liên thông (25,00 %, trung vị 87,50 %). "
        "Để khắc phục hạn chế về Thực hiện cơ chế một cửa, một cửa liên thông, đề nghị học hỏi kinh nghiệm của "
        "Ba (95,00 %), Bốn (100,00 %)."
    )


def test_next_year_says_last_years_weakness_was_fixed(ds):
    # ONESTOP and PROC are both level with their medians: the weakest is the later in report order
    assert narrative(ds, 2024, "10101", "en") == (
        "In 2024, Một commune scored 82.50 % on the PAR index, rated Good, ranked 2 of 5 communes. "
        "Compared with 2023, the index changed by +22.50 percentage points, up 4 places. "
        "Its strongest area against its peers is Direction and management of reform (100.00 %, peer median 90.00 %). "
        "No area is below the peer median; the lowest against it is One-stop mechanism (90.00 %, peer median 90.00 %). "
        "Weak areas of 2023 fixed since: 1 of 1. Fixed: One-stop mechanism."
    )
    assert narrative(ds, 2024, "10101", "vi") == (
        "Năm 2024, xã Một đạt Chỉ số CCHC 82,50 %, xếp loại Tốt, xếp thứ 2/5 xã, phường, thị trấn. "
        "So với năm 2023, chỉ số thay đổi +22,50 điểm phần trăm, tăng 4 bậc. "
        "Lĩnh vực mạnh nhất so với các đơn vị cùng cấp là Công tác chỉ đạo, điều hành CCHC (100,00 %, trung vị 90,00 %). "
        "Không lĩnh vực nào dưới trung vị của các đơn vị cùng cấp; thấp nhất so với trung vị là "
        "Thực hiện cơ chế một cửa, một cửa liên thông (90,00 %, trung vị 90,00 %). "
        "Trong 1 lĩnh vực yếu của năm 2023, đơn vị đã khắc phục 1. "
        "Đã khắc phục: Thực hiện cơ chế một cửa, một cửa liên thông."
    )


def test_weakness_not_fixed_is_said_so(ds):
    assert narrative(ds, 2024, "10202", "en") == (
        "In 2024, Năm commune scored 72.50 % on the PAR index, rated Fair, ranked 5 of 5 communes. "
        "Compared with 2023, the index changed by -5.00 percentage points, the same rank. "
        "No area is above the peer median; the closest to it is Administrative-procedure reform (50.00 %, peer median 50.00 %). "
        "Its weakest area is Direction and management of reform (60.00 %, peer median 90.00 %). "
        "To improve in Direction and management of reform, it can learn from Bốn (100.00 %), Một (100.00 %). "
        "Weak areas of 2023 fixed since: 0 of 1. Not yet fixed: Direction and management of reform."
    )
    vi = narrative(ds, 2024, "10202", "vi")
    assert vi.endswith(
        "Trong 1 lĩnh vực yếu của năm 2023, đơn vị đã khắc phục 0. Chưa khắc phục: Công tác chỉ đạo, điều hành CCHC."
    )
    assert "giữ nguyên thứ hạng" in vi and "-5,00 điểm phần trăm" in vi

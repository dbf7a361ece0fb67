"""Every validation rule: a failing case naming row and column, and the clean file passing."""

import unicodedata
from pathlib import Path

import pytest
from helpers import HEADER, TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics.publish.publishing import validate_file

GOOD_ROW = "2023,10101,LEAD,X.LEAD.1,Kế hoạch CCHC,10,8,5"
UNITS_HEADER = TINY_UNITS.splitlines()[0]


def check(root: Path, name: str, text: str):
    path = root / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return validate_file(path, root)


def keys(problems):
    return [(p.key, p.row, p.column) for p in problems]


def test_clean_files_pass(tiny_dir):
    for name, text in (("2023.csv", TINY_2023), ("units.csv", TINY_UNITS)):
        table, rows, problems = check(tiny_dir, name, text)
        assert problems == []
    assert (table.name, rows) == ("units", 5)


INSPECTION_CASES = [
    # (rule, file text, expected (key, row, column))
    (
        "missing_column",
        "year,unit_code,area_code,criterion_code,criterion_name,max_points\n2023,10101,LEAD,X,A,10\n",
        ("missing_column", 1, "score"),
    ),
    ("unknown_column", HEADER.strip() + ",extra\n" + GOOD_ROW + ",1\n", ("unknown_column", 1, "extra")),
    ("duplicate_column", HEADER.strip() + ",score\n" + GOOD_ROW + ",5\n", ("duplicate_column", 1, "score")),
    ("empty_file", HEADER, ("empty_file", None, None)),
    ("missing_value", HEADER + "2023,,LEAD,X.LEAD.1,A,10,8,5\n", ("missing_value", 2, "unit_code")),
    ("not_int", HEADER + "2023.5,10101,LEAD,X.LEAD.1,A,10,8,5\n", ("not_int", 2, "year")),
    ("not_number", HEADER + GOOD_ROW + "\n2023,10102,LEAD,X.LEAD.1,A,10,8,năm\n", ("not_number", 3, "score")),
    ("score_range", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,10,11\n", ("score_range", 2, "score")),
    ("score_negative", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,8,-1\n", ("score_range", 2, "score")),
    ("self_score_range", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,12,5\n", ("self_score_range", 2, "self_score")),
    ("max_points_positive", HEADER + "2023,10101,LEAD,X.LEAD.1,A,0,,\n", ("max_points_positive", 2, "max_points")),
    # 1e308 overflowed the sums: every index of the year became NaN, ranked 1st, banded "Very good"
    (
        "max_points_too_large",
        HEADER + "2023,10101,LEAD,X.LEAD.1,A,1e308,,\n",
        ("max_points_too_large", 2, "max_points"),
    ),
    ("number_underflow", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,8,1e-400\n", ("not_number", 2, "score")),
    ("number_underscore", HEADER + "2023,10101,LEAD,X.LEAD.1,A,1_5,8,5\n", ("not_number", 2, "max_points")),
    ("number_infinite", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,inf,5\n", ("not_number", 2, "self_score")),
    ("nul_character", HEADER + "2023,10101,LEAD,X.LEAD.1,A\x00B,10,8,5\n", ("nul_character", 2, "criterion_name")),
    # what `import` refuses, `validate` refuses too: markup, formulas, a year out of range
    (
        "html_in_text",
        HEADER + '2023,10101,LEAD,X.LEAD.1,<a href="http://x">A</a>,10,8,5\n',
        ("html_in_text", 2, "criterion_name"),
    ),
    ("formula_cell", HEADER + "2023,10101,LEAD,X.LEAD.1,=1+1,10,8,5\n", ("formula_cell", 2, "criterion_name")),
    ("duplicate_criterion", HEADER + GOOD_ROW + "\n" + GOOD_ROW + "\n", ("duplicate_criterion", 3, "criterion_code")),
    ("unknown_area", HEADER + "2023,10101,XYZ,X.LEAD.1,A,10,8,5\n", ("unknown_area", 2, "area_code")),
    ("unknown_unit", HEADER + "2023,99999,LEAD,X.LEAD.1,A,10,8,5\n", ("unknown_unit", 2, "unit_code")),
    ("year_mismatch", HEADER + GOOD_ROW + "\n2022,10102,LEAD,X.LEAD.1,A,10,8,5\n", ("year_mismatch", 3, "year")),
    (
        "max_points_inconsistent",
        HEADER + GOOD_ROW + "\n2023,10102,LEAD,X.LEAD.1,A,10,8,5\n2023,10201,LEAD,X.LEAD.1,A,12,8,5\n",
        ("max_points_inconsistent", 4, "max_points"),
    ),
    (
        "criterion_area_inconsistent",
        HEADER + GOOD_ROW + "\n2023,10102,LEAD,X.LEAD.1,A,10,8,5\n2023,10201,PROC,X.LEAD.1,A,10,8,5\n",
        ("criterion_area_inconsistent", 4, "area_code"),
    ),
    ("not_allowed", HEADER.strip() + ",method\n" + GOOD_ROW + ",khác\n", ("not_allowed", 2, "method")),
]


@pytest.mark.parametrize("rule,text,expected", INSPECTION_CASES, ids=[c[0] for c in INSPECTION_CASES])
def test_inspection_rule_fails(tiny_dir, rule, text, expected):
    _table, _rows, problems = check(tiny_dir, "2023.csv", text)
    assert problems, rule
    assert keys(problems) == [expected]
    assert all(p.severity == "error" for p in problems)


def test_unit_not_valid_in_year(tiny_dir):
    units = TINY_UNITS.replace("10201,Xã Ba,xã,commune,102,,,", "10201,Xã Ba,xã,commune,102,2024,,")
    (tiny_dir / "units.csv").write_text(units, encoding="utf-8")
    _t, _r, problems = check(tiny_dir, "2023.csv", HEADER + "2023,10201,LEAD,X.LEAD.1,A,10,8,5\n")
    assert keys(problems) == [("unit_not_valid", 2, "unit_code")]
    assert problems[0].params["detail"] == "Xã Ba 2024–…"
    assert "2024" in problems[0].message("vi")


UNIT_CASES = [
    ("unit_code_format", "1O1,Huyện A,huyện,district,,,,", ("unit_code_format", 2, "unit_code")),
    ("unit_level_type", "101,Huyện A,huyện,commune,,,,", ("unit_level_type", 2, "level")),
    ("unit_years_order", "101,Huyện A,huyện,district,,2025,2024,", ("unit_years_order", 2, "valid_to_year")),
    ("unit_parent_unknown", "10101,Xã Một,xã,commune,999,,,", ("unit_parent_unknown", 2, "parent_code")),
    ("not_allowed_type", "101,Huyện A,làng,district,,,,", ("not_allowed", 2, "unit_type")),
]


@pytest.mark.parametrize("rule,row,expected", UNIT_CASES, ids=[c[0] for c in UNIT_CASES])
def test_unit_rule_fails(tiny_dir, rule, row, expected):
    _t, _r, problems = check(tiny_dir, "units.csv", UNITS_HEADER + "\n" + row + "\n")
    assert keys(problems) == [expected]


def test_unit_versions_may_reuse_a_code_but_not_overlap(tiny_dir):
    reuse = UNITS_HEADER + "\n31135,Tân An,phường,commune,,,2024,\n31135,Ninh Kiều,phường,commune,,2025,,\n"
    assert check(tiny_dir, "units.csv", reuse)[2] == []
    overlap = UNITS_HEADER + "\n31135,Tân An,phường,commune,,,2025,\n31135,Ninh Kiều,phường,commune,,2025,,\n"
    assert keys(check(tiny_dir, "units.csv", overlap)[2]) == [("unit_overlap", 3, "unit_code")]


def test_bands_rules(tiny_dir):
    header = "from_year,label_vi,label_en,min_pct\n"
    assert check(tiny_dir, "bands.csv", header + "2020,Đạt,Pass,0\n2020,Tốt,Good,80\n")[2] == []
    assert keys(check(tiny_dir, "bands.csv", header + "2020,Tốt,Good,80\n")[2]) == [("band_no_floor", 2, "min_pct")]
    assert keys(check(tiny_dir, "bands.csv", header + "2020,Đạt,Pass,0\n2020,X,X,120\n")[2]) == [
        ("band_range", 3, "min_pct")
    ]
    assert keys(check(tiny_dir, "bands.csv", header + "2020,Đạt,Pass,0\n2020,X,X,0\n")[2]) == [
        ("duplicate_band", 3, "min_pct")
    ]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Excel writes it: base letters precomposed, tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += (head + "".join(m for m in marks if m not in "\u0302\u0306\u031b")).encode("cp1258")
    return out


def test_unreadable_files(tiny_dir):
    path = tiny_dir / "incoming" / "2023.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        "year,unit_code,area_code,criterion_code,criterion_name,max_points,score\n2023,10101,LEAD,X.LEAD.1,Kế hoạch,10,5\n".encode(
            "utf-16-le"
        )
    )
    assert keys(validate_file(path, tiny_dir)[2]) == [("read.encoding_unknown", None, None)]
    path.write_bytes(b"")
    assert keys(validate_file(path, tiny_dir)[2]) == [("read.empty", None, None)]


def test_validate_reads_what_import_reads(tiny_dir):
    """Windows-1258 text and Excel's Vietnamese CSV (BOM, ';', decimal comma, Vietnamese headers)
    are read by `validate` as by `import`: the same reader, the same rules."""
    path = tiny_dir / "incoming" / "2023.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_cp1258(TINY_2023))
    assert validate_file(path, tiny_dir)[1:] == (12, [])
    vietnamese = TINY_2023.replace(",", ";").replace(
        HEADER.replace(",", ";"),
        "Năm;Mã đơn vị;Mã lĩnh vực;Mã tiêu chí;Tên tiêu chí;Điểm tối đa;Điểm tự chấm;Điểm thẩm định\n",
    )
    vietnamese = vietnamese.replace(";10;10;10", ";10;9,5;9,5")
    path.write_bytes(vietnamese.encode("utf-8-sig"))
    table, rows, problems = validate_file(path, tiny_dir)
    assert (table.name, rows, problems) == ("inspections", 12, [])


def test_messages_in_both_languages_name_file_row_column(tiny_dir):
    _t, _r, problems = check(tiny_dir, "2023.csv", HEADER + "2023,10101,LEAD,X.LEAD.1,A,10,8,11\n")
    assert problems[0].describe("vi").startswith("2023.csv, dòng 2, cột score: điểm thẩm định 11.0")
    assert problems[0].describe("en").startswith("2023.csv, row 2, column score: the appraised score 11.0")


def test_bad_yearly_file_is_left_out_and_reported_while_other_years_load(tiny_dir):
    from cchc_metrics.engine.dataset import open_dataset

    bad = TINY_2024.replace(
        "2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,4,4",
        "2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,4,40",
    )
    write_dir(tiny_dir, {"inspections/2024.csv": bad})
    ds = open_dataset(tiny_dir, use_cache=False)
    assert ds.years() == [2023]
    assert keys(ds.problems) == [("score_range", 13, "score")]
    assert ds.problems[0].file == "inspections/2024.csv"


def test_a_yearly_file_with_a_cell_that_is_not_utf8_is_left_out(tiny_dir, monkeypatch):
    """The loader checks UTF-8 once per distinct cell text: a text in another encoding far down
    the file (in a later parse block) still keeps the file out, reported as read.encoding."""
    from cchc_metrics.engine import reading
    from cchc_metrics.engine.dataset import open_dataset

    monkeypatch.setattr(reading, "PARSE_BLOCK_BYTES", 256)  # the tiny file in three blocks
    last = "2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,4,4\n"
    assert TINY_2024.endswith(last) and len(TINY_2024.encode()) > 2 * 256
    write_dir(tiny_dir, {})
    (tiny_dir / "inspections" / "2024.csv").write_bytes(
        TINY_2024[: -len(last)].encode() + to_cp1258(last.replace("Bộ phận", "Bộ phận (cũ)"))
    )
    ds = open_dataset(tiny_dir, use_cache=False)
    assert ds.years() == [2023]
    assert [(p.file, p.row, p.column, p.key) for p in ds.problems] == [
        ("inspections/2024.csv", None, None, "read.encoding")
    ]


def test_criterion_maximum_may_differ_between_levels(tiny_dir):
    """A criterion code used by districts and communes with their own maxima is not inconsistent."""
    text = HEADER + GOOD_ROW + "\n2023,10102,LEAD,X.LEAD.1,A,10,8,5\n2023,101,LEAD,X.LEAD.1,A,4,3,2\n"
    assert check(tiny_dir, "2023.csv", text)[2] == []
    text += "2023,102,LEAD,X.LEAD.1,A,4,3,2\n2023,10201,LEAD,X.LEAD.1,A,4,3,2\n"
    problems = check(tiny_dir, "2023.csv", text)[2]
    assert [(p.key, p.row, p.params["value"], p.params["detail"]) for p in problems] == [
        ("max_points_inconsistent", 6, "4.0", "10.0")
    ]


def test_criterion_area_tie_keeps_the_area_met_first(tiny_dir):
    text = HEADER + GOOD_ROW + "\n2023,10102,PROC,X.LEAD.1,A,10,8,5\n"
    problems = check(tiny_dir, "2023.csv", text)[2]
    assert [(p.key, p.row, p.params["value"], p.params["detail"]) for p in problems] == [
        ("criterion_area_inconsistent", 3, "PROC", "LEAD")
    ]


def test_every_later_copy_of_a_criterion_is_reported_with_the_first_row(tiny_dir):
    other = "2023,10102,LEAD,X.LEAD.1,A,10,8,5"
    text = HEADER + "\n".join([GOOD_ROW, other, GOOD_ROW, other, GOOD_ROW]) + "\n"
    problems = check(tiny_dir, "2023.csv", text)[2]
    assert [(p.key, p.row, p.params["value"], p.params["detail"]) for p in problems] == [
        ("duplicate_criterion", 4, "10101 × X.LEAD.1", "2"),
        ("duplicate_criterion", 5, "10102 × X.LEAD.1", "3"),
        ("duplicate_criterion", 6, "10101 × X.LEAD.1", "2"),
    ]


def test_validate_refuses_a_year_import_refuses(tiny_dir):
    """`validate` called a file of 1900 valid while `import` refused it: the same rules now."""
    _t, _r, problems = check(tiny_dir, "ket-qua.csv", HEADER + "1900,10101,LEAD,X.LEAD.1,A,10,8,5\n")
    assert keys(problems) == [("year_out_of_range", 2, "year")]


def test_a_copy_spelled_with_spaces_or_another_unicode_form_is_still_a_copy(tiny_dir):
    """The duplicate rule groups the typed values: ' 10101 ' is 10101, a decomposed code its composed form."""
    decomposed = unicodedata.normalize("NFD", "X.LEAD.Ệ")
    text = (
        HEADER
        + "\n".join(
            [
                GOOD_ROW,
                "2023, 10101 ,LEAD,X.LEAD.1 ,A,10,8,5",
                "2023,10101,LEAD,X.LEAD.Ệ,A,10,8,5",
                f"2023,10101,LEAD,{decomposed},A,10,8,5",
                "2023,10102,LEAD,X.LEAD.Ệ,A,10,8,5",
            ]
        )
        + "\n"
    )
    problems = check(tiny_dir, "2023.csv", text)[2]
    assert [(p.key, p.row, p.params["value"], p.params["detail"]) for p in problems] == [
        ("duplicate_criterion", 3, "10101 × X.LEAD.1", "2"),
        ("duplicate_criterion", 5, "10101 × X.LEAD.Ệ", "4"),
    ]


@pytest.mark.parametrize("units, criteria", [(3, 4), (400, 400)])  # a dense and a sparse range of pairs
def test_pair_rows_count_the_rows_of_each_unit_and_criterion(units, criteria):
    import numpy as np
    import pyarrow as pa

    from cchc_metrics.engine.validation import PAIR_ROWS, _with_pair_rows

    rng = np.random.default_rng(units)
    unit = [f"u{i}" if i else None for i in rng.integers(0, units, 500)]
    criterion = [f"c{i}" for i in rng.integers(0, criteria, 500)]
    typed = pa.table(
        {
            "unit_code": pa.array(unit).dictionary_encode(),
            "criterion_code": pa.array(criterion).dictionary_encode(),
        }
    )
    got = _with_pair_rows(typed).column(PAIR_ROWS).to_pylist()
    expected = [
        None if u is None else sum(1 for v, d in zip(unit, criterion) if (v, d) == (u, c))
        for u, c in zip(unit, criterion)
    ]
    assert got == expected


def _coded(values: list, dictionary: list):
    """A typed column as validation makes it: indices into a dictionary of typed values in which
    two entries may hold one value (" 001" and "001" both typed 001) and an empty cell is a null entry."""
    import pyarrow as pa

    entries = {v: [i for i, d in enumerate(dictionary) if d == v] for v in set(values)}
    indices = [entries[v][row % len(entries[v])] for row, v in enumerate(values)]  # rows use either entry
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(dictionary))


@pytest.mark.parametrize("units, years", [(3, 2), (400, 300)])  # a dense and a sparse range of pairs
def test_the_unit_years_beside_checked_are_the_distinct_pairs_of_the_rows(units, years):
    import numpy as np
    import pyarrow as pa

    from cchc_metrics.engine.validation import _unit_years

    rng = np.random.default_rng(units)
    unit = [f"u{i}" if i else None for i in rng.integers(0, units, 600)]
    year = [int(2000 + i) if i else None for i in rng.integers(0, years, 600)]
    unit_dictionary = sorted({u for u in unit if u}) + [None]
    # each year's value twice in the dictionary (two spellings of one year), the rows using either
    year_dictionary = [y for y in sorted({y for y in year if y}) for _ in range(2)] + [None]
    typed = pa.table({"unit_code": _coded(unit, unit_dictionary), "year": _coded(year, year_dictionary)})
    got = _unit_years(typed)
    key = lambda pair: (pair[0], pair[1] or 0)  # noqa: E731
    assert sorted(zip(got["unit_code"].to_pylist(), got["year"].to_pylist()), key=key) == sorted(
        {(u, y) for u, y in zip(unit, year) if u is not None}, key=key
    )
    without_year = _unit_years(typed.drop_columns(["year"]))
    assert sorted(zip(without_year["unit_code"].to_pylist(), without_year["year"].to_pylist())) == sorted(
        (u, None) for u in {u for u in unit if u is not None}
    )


@pytest.mark.parametrize("criteria, spread", [(4, 3), (300, 250)])
def test_the_criteria_beside_checked_count_their_distinct_areas_and_maxima(criteria, spread):
    import numpy as np
    import pyarrow as pa

    from cchc_metrics.engine.validation import _criteria

    rng = np.random.default_rng(criteria)
    criterion = [f"c{i}" if i else None for i in rng.integers(0, criteria, 800)]
    area = [f"A{i}" if i else None for i in rng.integers(0, spread, 800)]
    maximum = [float(i) if i else None for i in rng.integers(0, spread, 800)]
    typed = pa.table(
        {
            "criterion_code": _coded(criterion, sorted({c for c in criterion if c}) + [None]),
            "area_code": _coded(area, sorted({a for a in area if a}) + [None]),
            "max_points": _coded(maximum, [m for m in sorted({m for m in maximum if m}) for _ in range(2)] + [None]),
        }
    )
    got = _criteria(typed).to_pylist()
    expected = [
        {
            "criterion_code": c,
            "areas": len({a for d, a in zip(criterion, area) if d == c and a is not None}),
            "maxima": len({m for d, m in zip(criterion, maximum) if d == c and m is not None}),
        }
        for c in sorted({c for c in criterion if c})
    ]
    assert sorted(got, key=lambda row: row["criterion_code"]) == expected

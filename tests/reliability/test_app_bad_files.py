"""A garbled or missing file in the data directory, as the app shows it: named, and the other years still there."""

from __future__ import annotations

import pytest
from helpers import PROJECT, TINY_2023, TINY_2024, TINY_UNITS, write_dir
from streamlit.testing.v1 import AppTest

from cchc_metrics import i18n

ENTRY = str(PROJECT / "dashboard.py")


def run_app(monkeypatch, root, lang="en") -> AppTest:
    monkeypatch.setenv("CCHC_DATA_DIR", str(root))
    at = AppTest.from_file(ENTRY, default_timeout=90)
    at.query_params["lang"] = lang
    return at.run()


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\x01\x02garbled\xff\xfe binary",  # not text at all
        TINY_2023.replace(",10,9,8\n", ",10,9,abc\n").encode(),  # a score that is not a number
    ],
)
def test_garbled_year_is_named_and_other_years_show(tmp_path, monkeypatch, garbage):
    root = write_dir(tmp_path / "data", {"units.csv": TINY_UNITS, "inspections/2024.csv": TINY_2024})
    (root / "inspections" / "2023.csv").write_bytes(garbage)
    at = run_app(monkeypatch, root)
    assert [e.value for e in at.exception] == [] and [e.value for e in at.error] == []
    warning = [x for x in at.sidebar.expander if x.label == i18n.t("app.files_left_out", "en", n=1)]
    assert len(warning) == 1
    frame = warning[0].dataframe[0].value
    # One row per problem: the file by its path in the data directory, and what to do.
    assert set(frame.iloc[:, 0]) == {"inspections/2023.csv"}
    assert all(text.strip() for text in frame.iloc[:, -1])
    # The other year still shows: 2024 is the only year to pick, and the overview is drawn for it.
    assert at.sidebar.selectbox(key="year").options == ["2024"]
    assert any("2024" in c.value for c in at.caption)
    assert len(at.metric) >= 2


def test_missing_unit_list_is_named_with_what_to_do(tmp_path, monkeypatch):
    root = write_dir(tmp_path / "data", {"inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024})
    at = run_app(monkeypatch, root)
    assert [e.value for e in at.error] == [i18n.t("app.data_unusable", "en")]
    frame = at.dataframe[0].value
    assert list(frame.iloc[:, 0]) == ["units.csv"]
    assert all(text.strip() for text in frame.iloc[:, -1])
    assert len(at.metric) == 0

"""A garbled, unreadable or missing file in the data directory, or a full cache folder, as the app
shows it: named, and the other years still there; never a page taken down."""

from __future__ import annotations

import errno
import pathlib

import pytest
from helpers import PROJECT, TINY_2023, TINY_2024, TINY_UNITS, write_dir
from streamlit.testing.v1 import AppTest

from cchc_metrics import i18n
from cchc_metrics.engine import loading

ENTRY = str(PROJECT / "dashboard.py")


def run_app(monkeypatch, root, lang="en") -> AppTest:
    monkeypatch.setenv("CCHC_DATA_DIR", str(root))
    at = AppTest.from_file(ENTRY, default_timeout=90)
    at.query_params["lang"] = lang
    return at.run()


@pytest.mark.parametrize(
    "garbage,key",
    [
        (b"\x00\x01\x02garbled\xff\xfe binary", "read.encoding"),  # not text at all
        (TINY_2023.replace(",10,9,8\n", ",10,9,abc\n").encode(), "not_number"),  # a score that is not a number
        # a first line over the csv module's 128 KB limit (an uncaught _csv.Error on every page before)
        (("x" * 140_000 + "," + TINY_2023).encode(), "read.malformed"),
        # a NUL in a criterion name
        (TINY_2023.replace("Công khai TTHC", "Công khai\x00TTHC", 1).encode(), "nul_character"),
    ],
)
def test_garbled_year_is_named_and_other_years_show(tmp_path, monkeypatch, garbage, key):
    root = write_dir(tmp_path / "data", {"units.csv": TINY_UNITS, "inspections/2024.csv": TINY_2024})
    (root / "inspections" / "2023.csv").write_bytes(garbage)
    at = run_app(monkeypatch, root)
    assert_named_and_2024_shown(at, "inspections/2023.csv", key)


def assert_named_and_2024_shown(
    at: AppTest, file: str, key: str, years: tuple = ("2024",), label: str = "app.files_left_out"
) -> None:
    assert [e.value for e in at.exception] == [] and [e.value for e in at.error] == []
    warning = [x for x in at.sidebar.expander if x.label == i18n.t(label, "en", n=1)]
    assert len(warning) == 1
    frame = warning[0].dataframe[0].value
    # One row per problem: the file by its path in the data directory, and what to do.
    assert set(frame.iloc[:, 0]) == {file}
    assert i18n.t(f"check.{key}", "en").split("{")[0] in frame.iloc[0, 4]
    assert all(text.strip() for text in frame.iloc[:, -1])
    # The other year still shows: 2024 is the only year to pick, and the overview is drawn for it.
    assert at.sidebar.selectbox(key="year").options == list(years)
    assert any("2024" in c.value for c in at.caption)
    assert len(at.metric) >= 2


def test_year_with_mac_line_endings_loads(tmp_path, monkeypatch):
    """A file saved with CR line endings only (an uncaught _csv.Error on every page before) is read."""
    root = write_dir(tmp_path / "data", {"units.csv": TINY_UNITS, "inspections/2024.csv": TINY_2024})
    (root / "inspections" / "2023.csv").write_bytes(TINY_2023.replace("\n", "\r").encode())
    at = run_app(monkeypatch, root)
    assert [e.value for e in at.exception] == [] and [e.value for e in at.error] == []
    assert [x.label for x in at.sidebar.expander] == []
    assert at.sidebar.selectbox(key="year").options == ["2024", "2023"]


def test_unreadable_year_is_named_and_other_years_show(tmp_path, monkeypatch):
    """A yearly file the app's account cannot read (PermissionError on every page before). The tests
    run as root, which chmod does not stop: the read is refused as the operating system would."""
    root = write_dir(tmp_path / "data", {"units.csv": TINY_UNITS, "inspections/2024.csv": TINY_2024})
    (root / "inspections" / "2023.csv").write_text(TINY_2023, encoding="utf-8")
    real = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "2023.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    at = run_app(monkeypatch, root)
    assert_named_and_2024_shown(at, "inspections/2023.csv", "read.unreadable")


def test_full_cache_folder_falls_back_to_memory_and_says_so(tmp_path, monkeypatch):
    """The cache folder full at the build (an uncaught error on every page before): the data are
    built in memory, every year shows, and the sidebar says why pages are slower."""
    root = write_dir(
        tmp_path / "data",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )

    def full(typed, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(loading, "write_part", full)
    at = run_app(monkeypatch, root)
    # a warning: every file is loaded, the sidebar lists it apart from files left out
    assert_named_and_2024_shown(at, ".cache", "cache.unavailable", ("2024", "2023"), "app.files_with_warnings")
    assert not list((root / ".cache").glob("cchc-*"))


def test_broken_about_json_is_named_and_the_data_show(tmp_path, monkeypatch):
    root = write_dir(
        tmp_path / "data",
        {"units.csv": TINY_UNITS, "inspections/2024.csv": TINY_2024, "about.json": '{"region_en": "Cần Thơ",'},
    )
    at = run_app(monkeypatch, root)
    assert_named_and_2024_shown(at, "about.json", "about_invalid", label="app.files_with_warnings")


def test_missing_unit_list_is_named_with_what_to_do(tmp_path, monkeypatch):
    root = write_dir(tmp_path / "data", {"inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024})
    at = run_app(monkeypatch, root)
    assert [e.value for e in at.error] == [i18n.t("app.data_unusable", "en")]
    frame = at.dataframe[0].value
    assert list(frame.iloc[:, 0]) == ["units.csv"]
    assert all(text.strip() for text in frame.iloc[:, -1])
    assert len(at.metric) == 0


def test_a_failing_page_shows_no_traceback_to_viewers():
    """Streamlit shows a generic message for an uncaught exception; details go to the server log."""
    import tomllib

    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"

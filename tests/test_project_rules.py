"""House rules that a reviewer would otherwise have to remember."""

import ast
import json
from pathlib import Path

from helpers import PROJECT

from cchc_metrics import i18n

LIBRARY = PROJECT / "cchc_metrics"
# the browser benchmark decodes Streamlit's messages to time what the page draws; it drives the
# app from outside and no product code imports it
STREAMLIT_ALLOWED = {"tools/bench_browser.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_library_never_imports_streamlit():
    offenders = [
        str(p.relative_to(PROJECT))
        for p in LIBRARY.rglob("*.py")
        if p.relative_to(LIBRARY).as_posix() not in STREAMLIT_ALLOWED and "streamlit" in imported_modules(p)
    ]
    assert offenders == []


def test_every_language_has_the_same_keys_file_by_file():
    files = {
        lang: {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (LIBRARY / "locales" / lang).glob("*.json")}
        for lang in i18n.LANGS
    }
    assert files["vi"].keys() == files["en"].keys()
    for name, entries in files["vi"].items():
        assert entries.keys() == files["en"][name].keys(), name


def test_placeholders_match_between_languages():
    import string

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)

    vi, en = i18n.catalogue("vi"), i18n.catalogue("en")
    assert [k for k in vi if fields(vi[k]) != fields(en[k])] == []


PAGE_LINES = 120
RESHAPING = (".groupby(", ".merge(", ".pivot(", ".assign(", ".rename(", ".map(", ".set_index(", ".drop(", ".apply(")


def test_pages_only_pick_and_draw():
    """A page is pickers, one cached view call per section, and drawing: short, no SQL, no frame
    reshaped (the views return finished tables and figures)."""
    pages = sorted((PROJECT / "app_pages").glob("*.py")) + [PROJECT / "dashboard.py"]
    found = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        bad = [f for f in RESHAPING + ("select ", "duckdb", "import pandas") if f in text]
        if lines >= PAGE_LINES or bad:
            found[page.name] = (lines, bad)
    assert found == {}


def test_the_url_is_bound_in_one_module():
    """st.query_params is read and written by ui/state.py only (the rest binds through Streamlit)."""
    users = sorted(
        str(p.relative_to(PROJECT))
        for folder in ("app_pages", "ui", "cchc_metrics")
        for p in (PROJECT / folder).rglob("*.py")
        if "query_params" in p.read_text(encoding="utf-8")
    )
    assert users == ["ui/state.py"]


def test_one_cache_layer():
    """Streamlit's caches are used in ui/cache.py only."""
    users = sorted(
        str(p.relative_to(PROJECT))
        for folder in ("app_pages", "ui", "cchc_metrics")
        for p in (PROJECT / folder).rglob("*.py")
        if "cache_data" in p.read_text(encoding="utf-8") or "cache_resource" in p.read_text(encoding="utf-8")
    )
    assert users == ["ui/cache.py"]


def test_fmt_num_decimal_comma():
    assert i18n.fmt_num(84.054, "vi") == "84,05"
    assert i18n.fmt_num(1234.5, "vi", 1) == "1.234,5"
    assert i18n.fmt_num(1234.5, "en", 1) == "1,234.5"
    assert i18n.fmt_num(-5.14, "vi", signed=True) == "-5,14"
    assert i18n.fmt_num(None) == "–"


def test_texts_mark_the_thousands_of_counts_but_not_of_years_seeds_or_rows():
    import numpy as np

    showing = {"first": 1, "last": 100, "of_all": ""}
    assert i18n.t("paging.showing", "vi", total=np.int64(10600), **showing) == "Dòng 1–100 trong 10.600 đơn vị."
    assert i18n.t("paging.showing", "en", total=10600, **showing) == "Rows 1–100 of 10,600 units."
    assert (
        i18n.t("paging.showing", "vi", total=9999, **showing) == "Dòng 1–100 trong 9999 đơn vị."
    )  # as a year would be
    assert "**67174**" in i18n.t(
        "planpage.seed_line", "vi", seed=67174, year=2025, n=2, method="x", scope="y"
    )  # typed back as it is
    assert i18n.t("where.row", "vi", row=12345) == "dòng 12345"  # looked up in the file as it is


def test_fmt_column_writes_each_value_as_fmt_num_does():
    values = [84.054, 1234.5, None, float("nan"), 0.0, -5.14, 1_234_567.891]
    for lang in ("vi", "en"):
        assert i18n.fmt_column(values, lang) == [i18n.fmt_num(v, lang) for v in values]
    assert i18n.fmt_column([1234.5, None], "vi", 1) == ["1.234,5", "–"]
    assert i18n.fmt_column([], "vi") == []


def test_data_md_documents_every_schema_column():
    from cchc_metrics.engine.schema import TABLES

    text = (PROJECT / "DATA.md").read_text(encoding="utf-8")
    missing = [f"{t.name}.{c.name}" for t in TABLES.values() for c in t.columns if f"| {c.name} |" not in text]
    assert missing == []


def test_the_unit_valid_in_year_rule_is_written_once():
    """Every query places a unit version in a year through the staging macro valid_in."""
    sources = [
        p
        for p in PROJECT.rglob("*")
        if p.suffix in (".sql", ".py") and ".git" not in p.parts and p.name != "test_project_rules.py"
    ]
    holders = sorted(
        str(p.relative_to(PROJECT))
        for p in sources
        if "coalesce(valid_from_year, -9999)" in p.read_text(encoding="utf-8")
    )
    assert holders == ["cchc_metrics/engine/sql/staging/macros.sql"]


def test_build_steps_run_after_the_tables_they_read():
    from cchc_metrics.engine.sqlfiles import SQL_DIR, build_order, sql_text

    order = build_order()
    assert sorted(order) == sorted(p.stem for p in (SQL_DIR / "build").glob("*.sql"))
    for i, step in enumerate(order):
        later = [s for s in order[i + 1 :] if f" {s}" in sql_text(f"build/{step}")]
        assert later == [], f"{step} reads {later}, built after it"
    assert order.index("area_scores") < order.index("unit_scores") < order.index("district_communes")

"""Hostile text in the data (a district's name, a commune's findings) is shown as text; no script runs.

The data directory is a copy of the demo data where district 916 is called
`Ninh Kiều <script>alert(1)</script> **bold** [click](javascript:alert(3))` and the 2024
findings of commune 31186 hold a script tag, Markdown, an `<img onerror>` and a spreadsheet
formula. In Chromium: no dialog opens, no element is injected, the tags are visible as text, and
the findings downloaded from the page carry the texts unchanged (the formula neutralised).
"""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest
from browser import PROJECT, App, shoot
from hostile_data import BOLD, COMMUNE_CODE, DISTRICT_CODE, FINDINGS, FORMULA, LINK, SCRIPT, URLS, hostile_copy

from cchc_metrics.engine.dataset import open_dataset

ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"
INJECTED = "script:not([src]), img[src='x'], a[href^='javascript'], [onerror]"
PAGES = {
    "overview": "?year=2024&lang=en",
    "district": f"district_profile?year=2024&district={DISTRICT_CODE}&lang=en",
    "commune": f"commune_profile?year=2024&commune={COMMUNE_CODE}&lang=en",
    "findings": "strengths?year=2024&view=findings&lang=en",
}


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    data = hostile_copy(PROJECT / "data", tmp_path_factory.mktemp("hostile") / "data")
    open_dataset(data).close()  # warm cache: the pages open faster
    running = App(data)
    yield running
    running.stop()
    shutil.rmtree(data / ".cache", ignore_errors=True)


@pytest.fixture(scope="module")
def visited(chrome, hostile_app):
    """Each page opened once: (page, dialogs) by name; closed at the end."""
    opened = {}
    for name, path in PAGES.items():
        dialogs = []
        page = chrome.new_page(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        page.goto(f"{hostile_app.url}/{path}")
        from browser import wait_idle

        wait_idle(page, timeout=180000)
        # every one of these pages draws a chart or a table: wait until the script has got that far
        page.locator(
            "[data-testid='stMain'] .js-plotly-plot, [data-testid='stMain'] [data-testid='stDataFrame']"
        ).first.wait_for(timeout=180000)
        page.wait_for_timeout(1500)  # let charts and images settle: an onerror would fire by now
        shoot(page, f"hostile-{name}")
        opened[name] = (page, dialogs)
    yield opened
    for page, _ in opened.values():
        page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_script_runs_and_nothing_is_injected(visited, name):
    page, dialogs = visited[name]
    assert page.locator(ERROR_BOXES).count() == 0, page.locator(ERROR_BOXES).all_inner_texts()
    assert dialogs == []
    injected = page.evaluate(
        f"() => [...document.querySelectorAll({INJECTED!r})].filter(e => /alert/.test(e.outerHTML)).map(e => e.outerHTML)"
    )
    assert injected == []


def caption_with_name(page) -> str:
    """The district page's caption, which starts with the unit's name (Markdown rendered by Streamlit)."""
    text = page.locator("[data-testid='stCaptionContainer']").filter(has_text="Ninh Kiều").first.inner_text()
    return text.replace("\u2060", "")  # the invisible joiner that keeps an address from becoming a link


def test_unit_name_tags_are_visible_as_text(visited):
    page, _ = visited["district"]
    assert caption_with_name(page).startswith(f"Ninh Kiều {SCRIPT}")


def test_unit_name_markdown_is_visible_as_text(visited):
    page, _ = visited["district"]
    assert caption_with_name(page).startswith(f"Ninh Kiều {SCRIPT} {BOLD} {LINK} {URLS}")


@pytest.mark.parametrize("name", list(PAGES))
def test_addresses_in_names_are_never_links(visited, name):
    """A web or e-mail address in a unit's name is shown as text: no page links to it."""
    page, _ = visited[name]
    assert page.locator("a[href*='evil.test']").count() == 0


def _download(page, button_key: str) -> bytes:
    button = page.locator(f"[class*='st-key-{button_key}'] button").first
    with page.expect_download(timeout=60000) as info:
        button.click()
    return open(info.value.path(), "rb").read()


def test_downloaded_findings_are_the_texts_with_formulas_neutralised(visited):
    page, _ = visited["commune"]
    rows = list(csv.reader(io.StringIO(_download(page, "csv-findings").decode("utf-8-sig"))))
    texts = sorted(cell for row in rows[1:] for cell in row if any(h in cell for h in ("alert", "bold", "HYPERLINK")))
    expected = sorted(FINDINGS[:3] + ["'" + FORMULA])
    assert texts == expected
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "xlsx-findings")))
    cells = [
        c
        for row in book.active.iter_rows()
        for c in row
        if isinstance(c.value, str) and ("HYPERLINK" in c.value or "alert" in c.value or "bold" in c.value)
    ]
    assert sorted(c.value for c in cells) == expected
    assert all(c.data_type == "s" for c in cells)  # text, never a formula

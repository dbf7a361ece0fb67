"""In a browser: a click on a unit's bar in a ranking opens that unit's scorecard, with its
choices in the address (a link to share); the scorecard is shot at 1440 and 390 px."""

from __future__ import annotations

import time

from browser import open_page, shoot, wait_idle
from test_layout_browser import PHONE

from cchc_metrics.engine.dataset import open_dataset


def test_a_click_on_a_ranking_bar_opens_the_units_scorecard(chrome, app):
    page = open_page(chrome, f"{app.url}/?year=2014&lang=vi&tab=districts")
    try:
        page.locator("[data-testid='stPlotlyChart'] g.point path").first.wait_for(timeout=120_000)
        page.locator("[data-testid='stPlotlyChart'] g.point path").first.click(force=True)
        for _ in range(120):
            if "unit=" in page.evaluate("location.href"):
                break
            time.sleep(0.5)
        wait_idle(page)
        href = page.evaluate("location.href")
        assert "/scorecard?" in href and "level=district" in href and "year=2014" in href
        districts = open_dataset(app.data_dir).query("unit_scores", year=2014, level="district")["unit_code"]
        assert href.split("unit=")[1].split("&")[0] in set(districts)
        assert page.locator("h1").first.inner_text() == "Hồ sơ đơn vị"
    finally:
        page.close()


def test_the_scorecard_on_a_desktop_and_a_phone(chrome, app):
    url = f"{app.url}/scorecard?level=commune&year=2014&unit=31306&lang=vi"
    for name, options in (("desktop", {"viewport": {"width": 1440, "height": 2600}}), ("phone", PHONE)):
        context = chrome.new_context(**options)
        page = context.new_page()
        try:
            page.goto(url)
            page.get_by_text("Kết quả theo lĩnh vực năm 2014").first.wait_for(timeout=120_000)
            wait_idle(page)
            shoot(page, f"scorecard-{name}")
            width = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert width <= 2
        finally:
            context.close()

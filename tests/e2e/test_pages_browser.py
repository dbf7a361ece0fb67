"""Every page opens in both languages in a real browser, without an error box."""

import re

import pytest
from browser import PROJECT, open_page, shoot, wait_idle

# The upload page is for analysts only: test_publish_browser.py opens it after a login.
PAGE_FILES = [
    name
    for name in re.findall(r'"app_pages/(\w+)\.py"', (PROJECT / "dashboard.py").read_text(encoding="utf-8"))
    if name != "upload"
]
ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_page_opens_without_error(chrome, app, page_file, lang):
    path = "" if page_file == PAGE_FILES[0] else page_file
    page = open_page(chrome, f"{app.url}/{path}?lang={lang}")
    try:
        shoot(page, f"{page_file}-{lang}")
        assert page.locator(ERROR_BOXES).count() == 0, page.locator(ERROR_BOXES).all_inner_texts()
        assert page.locator("h1").count() >= 1
        if lang == "en":
            # the sidebar may still be drawing on a loaded machine: wait for it, then count
            switch = page.locator("text=Ngôn ngữ / Language")
            switch.first.wait_for(timeout=60000)
            assert switch.count() == 1
    finally:
        page.close()


def test_overview_year_from_url_and_widget_change(chrome, app):
    page = open_page(chrome, f"{app.url}/?year=2016&lang=vi")
    try:
        assert page.locator("text=năm 2016").first.is_visible()
        from playwright.sync_api import expect

        # retried until the cards are drawn (a loaded machine may still be drawing them)
        expect(page.locator("[data-testid='stMetricValue']").first).to_have_text("84,03 %", timeout=30000)
        # the ranking's level (the map tab above it has its own)
        page.get_by_role("radiogroup", name="Cấp", exact=True).locator("label").filter(has_text="Xã/phường").click(
            timeout=90000
        )
        wait_idle(page)
        assert "level=commune" in page.url
        assert "year=2016" in page.url
        shoot(page, "overview-2016-communes")
    finally:
        page.close()


def test_a_tab_click_draws_that_chart_only_and_keeps_it_in_the_link(chrome, app):
    from playwright.sync_api import expect

    page = open_page(chrome, f"{app.url}/district_profile?year=2016&district=917&lang=en")
    try:
        charts = page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']")
        expect(charts).to_have_count(1, timeout=30000)
        expect(charts.first.locator(".gtitle")).to_contain_text("Reform index of Ô Môn", timeout=30000)
        page.locator("[data-testid='stMain'] [role='tab']").filter(has_text="By reform area").click(timeout=90000)
        wait_idle(page)
        expect(charts).to_have_count(1, timeout=30000)
        expect(charts.first.locator(".gtitle")).to_contain_text("Results by reform area: Ô Môn", timeout=30000)
        assert "tab=areas" in page.url
        shoot(page, "district-tab-areas")
    finally:
        page.close()


def test_the_pages_ask_no_other_server_for_anything(chrome, app):
    """A Sở Nội vụ may run the dashboard on a network without the internet, and a page view must not
    tell anyone else who looks at what: every request of every page goes to the app itself (the
    page icon was once a Material icon, which the browser fetched from a font CDN on each page)."""
    from urllib.parse import urlparse

    page = chrome.new_page(viewport={"width": 1400, "height": 1600})
    elsewhere = []
    page.on(
        "request",
        lambda r: (
            elsewhere.append(r.url)
            if urlparse(r.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(r.url).netloc != urlparse(app.url).netloc
            else None
        ),
    )
    try:
        page.goto(f"{app.url}/?lang=vi")
        wait_idle(page)
        links = page.locator("[data-testid='stSidebarNav'] a")
        assert links.count() == len(PAGE_FILES)
        for i in range(links.count()):
            links.nth(i).click(timeout=90000)
            wait_idle(page)
        icon = page.locator("link[rel='shortcut icon']").get_attribute("href")
        assert urlparse(icon).netloc in ("", urlparse(app.url).netloc), icon
        assert elsewhere == []
    finally:
        page.close()


def test_links_keep_every_choice_built_in_bindings_and_codes_alike(chrome, app):
    """Widgets bound by Streamlit itself (planning's year and number, the findings search) write
    the link when changed and are restored from it; the choices kept by ui.state keep codes in the
    link and the year chosen on one page is the year of the next."""
    from playwright.sync_api import expect

    page = open_page(chrome, f"{app.url}/planning?lang=en&plan_year=2024&n=3&seed=4242")
    try:
        expect(page.get_by_role("combobox", name="Inspection year")).to_have_value("2024", timeout=30000)
        expect(page.get_by_role("combobox", name="Communes per district")).to_have_value("3")
        page.get_by_role("combobox", name="Communes per district").click()
        page.get_by_role("option", name="5", exact=True).click()
        wait_idle(page)
        expect(page).to_have_url(re.compile(r"[?&]n=5(&|$)"), timeout=30000)
        assert "plan_year=2024" in page.url and "seed=4242" in page.url

        page.goto(f"{app.url}/strengths?lang=en&view=findings&q=s%E1%BB%95")
        wait_idle(page)
        expect(page.locator("[data-testid='stTextInput'] input").first).to_have_value("sổ", timeout=30000)
        page.locator("[data-testid='stTextInput'] input").first.fill("thái độ")
        page.keyboard.press("Enter")
        wait_idle(page)
        expect(page).to_have_url(re.compile(r"[?&]q=th%C3%A1i"), timeout=30000)

        page.goto(f"{app.url}/district_profile?lang=en&year=2016&district=917")
        wait_idle(page)
        page.locator("[data-testid='stSidebarNavItems'] a").filter(has_text="Reform area").click()
        wait_idle(page)
        assert "year=2016" in page.url and re.search(r"level=(district|commune)", page.url)  # codes in the link
        expect(page.get_by_role("combobox", name="Assessment year")).to_have_value("2016", timeout=30000)
        shoot(page, "links-keep-choices")
    finally:
        page.close()

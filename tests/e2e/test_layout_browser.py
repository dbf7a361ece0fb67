"""Every page and tab fits its screen: on a phone (390 px, a phone's browser) and on a desktop (1440 px).

Nothing makes the page scroll sideways, no text of a chart (title, subtitle, tick labels,
values, legend, source line) lies outside the chart's own box, as the browser lays it out, and
no card's value is cut: a title cut at the right edge, a source line under the legend or a
unit's name ending in "…" fails here. Each view is saved as
a screenshot (test-artifacts/screenshots/layout-*).
"""

from __future__ import annotations

import pytest
from browser import shoot, wait_idle
from test_pages_browser import ERROR_BOXES, PAGE_FILES

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    ),
}
DESKTOP = {"viewport": {"width": 1440, "height": 1000}}
# The pages' fixed choices: a year with districts and communes, a unit with a long record.
QUERY = {
    "overview": "year=2024",
    "district_profile": "year=2024&district=926",
    "commune_profile": "year=2024&commune=31237",
    "department_profile": "year=2025",
    "scorecard": "level=commune&year=2014&unit=31306",
    "compare": "level=commune&year=2014&units=31306,31309",
    "reform_area": "year=2024",
    "trends": "year=2024",
    "strengths": "year=2024",
    "reorganisation": "year=2025",
    "planning": "plan_year=2025&seed=4242",
    "method": "year=2024",
    "briefing": "year=2024",
    "login": "",
}
TOLERANCE_PX = 2
# Where the page and every chart's texts lie: the page's sideways overflow, and the texts of a
# chart (plotly's SVG) outside that chart's box.
MEASURE = """
() => {
  const TOLERANCE = __TOLERANCE__;
  const main = document.querySelector('[data-testid="stMain"]');
  const overflow = Math.max(
    document.documentElement.scrollWidth - document.documentElement.clientWidth,
    main ? main.scrollWidth - main.clientWidth : 0);
  const outside = [];
  document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').forEach(plot => {
    const box = plot.getBoundingClientRect();
    if (box.width === 0) return;
    plot.querySelectorAll('svg text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) return;
      const over = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
      if (over > TOLERANCE) outside.push(t.textContent.slice(0, 50) + ' (' + Math.round(over) + ' px)');
    });
  });
  const cut = new Set();
  document.querySelectorAll('[data-testid="stMetricValue"]').forEach(value => {
    [value, ...value.querySelectorAll('*')].forEach(e => {
      if (e.scrollWidth - e.clientWidth > TOLERANCE) cut.add(value.textContent.trim().slice(0, 50));
    });
  });
  return {overflow, outside, cut: [...cut]};
}
""".replace("__TOLERANCE__", str(TOLERANCE_PX))


def _check(page, name: str) -> list[str]:
    wait_idle(page)
    found = page.evaluate(MEASURE)
    shoot(page, f"layout-{name}")
    errors = page.locator(ERROR_BOXES).all_inner_texts()
    problems = [f"{name}: error box {e[:80]}" for e in errors]
    if found["overflow"] > TOLERANCE_PX:
        problems.append(f"{name}: the page scrolls sideways by {found['overflow']} px")
    problems += [f"{name}: chart text outside its chart: {text}" for text in found["outside"]]
    problems += [f"{name}: a card's value is cut: {text}" for text in found["cut"]]
    return problems


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_page_and_tab_fits_the_screen(chrome, app, device):
    context = chrome.new_context(**(PHONE if device == "phone" else DESKTOP))
    context.set_default_timeout(120_000)
    page = context.new_page()
    problems = []
    try:
        for page_file in PAGE_FILES:
            path = "" if page_file == PAGE_FILES[0] else page_file
            page.goto(f"{app.url}/{path}?lang=vi&{QUERY.get(page_file, '')}")
            problems += _check(page, f"{device}-{page_file}")
            tabs = page.locator("[data-testid='stMain'] [role='tab']")
            for i in range(1, tabs.count()):  # the first is the one just checked
                tabs.nth(i).click(force=True)  # a chart's toolbar may lie over the tab row
                problems += _check(page, f"{device}-{page_file}-tab{i}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_card_shows_a_long_unit_name_whole(chrome, app, device):
    """The overview of 2026 names its best department, Đài Phát thanh và Truyền hình, on a card:
    written whole, on two lines where it must, never cut to "Đài Phát tha…"."""
    context = chrome.new_context(**(PHONE if device == "phone" else DESKTOP))
    context.set_default_timeout(120_000)
    page = context.new_page()
    try:
        page.goto(f"{app.url}/?lang=vi&year=2026")
        problems = _check(page, f"{device}-overview-2026")
        values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
        assert "Đài Phát thanh và Truyền hình" in [" ".join(v.split()) for v in values]
    finally:
        context.close()
    assert not problems, "\n".join(problems)

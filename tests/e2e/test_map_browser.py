"""The map in a browser: a click on a tile opens that commune's page; a boundary file (TEST
GEOMETRY made here: octagons around the demo's tiles, not real boundaries) replaces the tiles
with a real map drawn offline. Screenshots are kept as artifacts (browser.shoot)."""

from __future__ import annotations

import json
import math
import shutil

from browser import PROJECT, App, open_page, shoot, wait_idle

CENTRE = """(code) => {
  const gd = document.querySelector('.js-plotly-plot');
  const tr = gd._fullData.find(t => t.customdata);
  const i = tr.customdata.findIndex(c => c[0] === code);
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const r = gd.getBoundingClientRect();
  return [r.left + xa._offset + xa.l2p(tr.x[i]), r.top + ya._offset + ya.l2p(tr.y[i])];
}"""


def test_a_click_on_a_tile_opens_the_commune(chrome, app):
    page = open_page(chrome, f"{app.url}/?year=2025&tab=map&lang=en")
    page.locator(".js-plotly-plot").first.wait_for()
    shoot(page, "map-tiles-desktop")
    x, y = page.evaluate(CENTRE, "31135")  # phường Ninh Kiều
    page.mouse.click(x + 10, y + 10)  # off the centre, still on the tile
    page.get_by_role("heading", name="Commune profile").wait_for(timeout=60000)
    wait_idle(page)
    assert "Ninh Kiều" in page.locator("[data-testid='stMain']").inner_text()
    assert page.evaluate("location.pathname").endswith("/commune_profile")
    assert "commune=31135" in page.evaluate("location.search")
    page.close()


def test_the_tile_map_on_a_phone(chrome, app):
    context = chrome.new_context(viewport={"width": 390, "height": 2400}, is_mobile=True, has_touch=True,
                                 user_agent="Mozilla/5.0 (iPhone) Mobile Safari")  # fmt: skip
    page = context.new_page()
    page.goto(f"{app.url}/?year=2025&tab=map")
    wait_idle(page)
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for()
    box = plot.bounding_box()
    assert box["width"] > 300  # the map fills a phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    shoot(page, "map-tiles-phone")
    context.close()


def test_a_boundary_file_replaces_the_tiles(chrome, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data, ignore=shutil.ignore_patterns(".cache", "archive", "plans"))
    tiles = [r.split(",") for r in (data / "tiles.csv").read_text(encoding="utf-8").splitlines()[1:]]
    features = []
    for code, row, col, first in tiles:
        if first != "2025":
            continue
        lon, lat = 105.3 + int(col) * 0.05, 10.3 - int(row) * 0.05
        ring = [[lon + 0.026 * math.cos(a * math.pi / 4), lat + 0.026 * math.sin(a * math.pi / 4)] for a in range(8)]
        features.append({"type": "Feature", "properties": {"unit_code": code, "note": "TEST GEOMETRY"},
                         "geometry": {"type": "Polygon", "coordinates": [ring + [ring[0]]]}})  # fmt: skip
    (data / "boundaries").mkdir()
    collection = {"type": "FeatureCollection", "name": "TEST GEOMETRY", "features": features}
    (data / "boundaries" / "2025.geojson").write_text(json.dumps(collection), encoding="utf-8")
    running = App(data)
    try:
        page = open_page(chrome, f"{running.url}/?year=2025&tab=map&lang=en")
        page.locator(".js-plotly-plot").first.wait_for()
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "Boundaries from boundaries/2025.geojson" in page.locator(".js-plotly-plot").first.inner_text()
        assert "cannot be used" not in text
        shoot(page, "map-boundaries-desktop")
        page.close()
    finally:
        running.stop()

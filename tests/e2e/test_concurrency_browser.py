"""Ten browser sessions on the overview while a new year is published: no error, never half a year.

One Chromium, ten contexts (ten separate sessions with their own cookies). The app serves a copy
of the demo data without its newest year; the test publishes that year's communes with the command
line an analyst uses (`python -m cchc_metrics import`), inspections then findings, while every session keeps
reloading the overview (newest year by default). Each view must show a year with all of its
units (the band counts of every level add up to the year's number of units) and no error box;
after the publish, every session sees the new year on a reload.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from browser import NEWEST_YEAR, PROJECT, App, shoot, stage_without_newest, wait_idle

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import open_dataset

SESSIONS = 10
WAIT_MS = 240_000  # a bound, not a measure: ten sessions on two busy cores can take a while
ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"
SUMMARY = PROJECT / "test-artifacts" / "reliability"
# In each page: when the overview's caption first shows a year, in ms since the navigation began
# (polled every 25 ms), so each session's page time is its own, whatever order the test reads them in.
READY_PROBE = """
window.__cchcReady = null;
const probe = setInterval(() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && /Can Tho City, \\d{4}\\./.test(main.innerText)) {
    window.__cchcReady = performance.now();
    clearInterval(probe);
  }
}, 25);
"""


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The app on the demo data without its newest year, and the two files an analyst will publish."""
    base = tmp_path_factory.mktemp("concurrency")
    data, uploads = stage_without_newest(base)
    whole = base / "whole"  # the data as it will be once both files are published
    shutil.copytree(data, whole)
    for kind, upload in uploads.items():
        shutil.copy(upload, whole / kind / f"{NEWEST_YEAR}.csv")
    open_dataset(data).close()  # the built cache, as a server that has run before has it
    running = App(data)
    yield running, uploads, whole
    running.stop()


def expected_units(whole) -> dict[int, dict[str, int]]:
    """Units per level and year once the publish is done: what a whole year shows."""
    ds = open_dataset(whole, use_cache=False)
    try:
        rows = ds.sql(
            f"select year, level, count(*) as n from unit_scores where year >= {NEWEST_YEAR - 1} group by all"
        )
    finally:
        ds.close()
    counts: dict[int, dict[str, int]] = {}
    for row in rows.itertuples():
        counts.setdefault(int(row.year), {})[i18n.t(f"levels.{row.level}", "en")] = int(row.n)
    return counts


def observe(page) -> tuple[int, dict[str, int]]:
    """The year the overview shows and, per level, the units counted in its band line."""
    text = page.locator("[data-testid='stMain']").inner_text()
    found = re.search(r"Can Tho City, (\d{4})\.", text)
    if found is None:
        shoot(page, "concurrency-unexpected")
        raise AssertionError(f"no year on the overview: {text[:600]!r}")
    year = int(found.group(1))
    counts = {}
    for level, bands in re.findall(r"Bands, ([^:\n]+): ([^\n]+)", text):
        counts[level] = sum(int(n) for n in re.findall(r": (\d+)", bands))
    return year, counts


def test_sessions_browse_while_a_year_is_published(chrome, staged):
    app, uploads, complete = staged
    whole = expected_units(complete)
    url = f"{app.url}/?lang=en"
    contexts, pages, dialogs, script_errors = [], [], [], []
    for _ in range(SESSIONS):
        context = chrome.new_context(viewport={"width": 1300, "height": 1400})
        context.set_default_timeout(WAIT_MS)
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: script_errors.append(str(e)))
        contexts.append(context)
        pages.append(page)
    seen: list[tuple[int, int, dict]] = []  # (round, year, counts)
    page_seconds: list[tuple[bool, float]] = []  # (asked during the publish, seconds until the year showed)

    during = []  # page loads asked for while the publish was still running

    def browse_round(number: int) -> set[int]:
        asked = []
        for page in pages:  # every session asks at once; the server runs them side by side
            page.goto(url, wait_until="commit")
            asked.append(publisher is not None and publisher.poll() is None)
        during.extend(asked)
        years = set()
        for page in pages:
            # Until the script has run, Streamlit shows grey placeholders: wait for the caption.
            page.wait_for_function(
                "() => /Can Tho City, \\d{4}\\./.test(document.querySelector('[data-testid=\"stMain\"]')?.innerText || '')",
                timeout=WAIT_MS,
            )
            wait_idle(page, timeout=WAIT_MS)
            errors = page.locator(ERROR_BOXES)
            assert errors.count() == 0, errors.all_inner_texts()
            year, counts = observe(page)
            # A year is shown whole or not at all.
            assert counts == whole[year], (number, year, counts)
            seen.append((number, year, counts))
            years.add(year)
        for page, was_during in zip(pages, asked):
            ready = page.evaluate("window.__cchcReady")
            if ready is not None:
                page_seconds.append((was_during, ready / 1000))
        return years

    publisher = None
    try:
        assert browse_round(0) == {NEWEST_YEAR - 1}
        env = {"CCHC_DATA_DIR": str(app.data_dir)}
        command = "; ".join(
            f"{sys.executable} -m cchc_metrics import {uploads[k]} --data-dir {app.data_dir} --user analyst-test --lang en"
            for k in ("inspections", "findings")
        )
        publisher = subprocess.Popen(
            ["bash", "-c", f"set -e; {command}"],
            cwd=PROJECT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        rounds = 1
        while publisher.poll() is None or rounds < 2:
            browse_round(rounds)
            rounds += 1
        output = publisher.communicate(timeout=120)[0]
        assert publisher.returncode == 0, output
        assert browse_round(rounds) == {NEWEST_YEAR}
        shoot(pages[0], "concurrency-after-publish")
    finally:
        for context in contexts:
            context.close()
    assert dialogs == [] and script_errors == []
    SUMMARY.mkdir(parents=True, exist_ok=True)
    (SUMMARY / "concurrency.json").write_text(
        json.dumps(
            {
                "sessions": SESSIONS,
                "rounds": rounds + 1,
                "page_views": len(seen),
                "views_of_the_year_before": sum(y == NEWEST_YEAR - 1 for _, y, _ in seen),
                "views_of_the_new_year": sum(y == NEWEST_YEAR for _, y, _ in seen),
                "loads_asked_during_publish": sum(during),
                "page_seconds_median": _quantile([t for _, t in page_seconds], 0.5),
                "page_seconds_p95": _quantile([t for _, t in page_seconds], 0.95),
                "page_seconds_during_publish_median": _quantile([t for d, t in page_seconds if d], 0.5),
                "page_seconds_during_publish_p95": _quantile([t for d, t in page_seconds if d], 0.95),
                "page_times_measured": len(page_seconds),
                "files_published": 2,
                "error_boxes": 0,
                "half_years_seen": 0,
            },
            indent=1,
        )
    )


def _quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) of `values`, rounded to 10 ms; None when there is none."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))], 2)

"""A new data version made ready before its first visitor (ui.warm): the overview's results of
the version a publish built are computed by the server, not by the visitor who opens it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_helpers import open_page, problems

from cchc_metrics.config import WARM_AT_START_ENV
from cchc_metrics.engine.dataset import data_version, ready_version
from ui import cache, warm


def computed(root, stamp: str) -> dict[str, int]:
    """The views computed for the data version `stamp` of `root`, by function name."""
    return {name: n for (name, folder, at), n in cache.COMPUTED.items() if (folder, at) == (str(root), stamp)}


def wait_ready(root, stamp: str) -> None:
    """Until the server's watcher has made the version `stamp` of `root` ready (it looks every
    WATCH_SECONDS; the overview and the pages after it take a moment), at most a minute."""
    for _ in range(600):
        if warm.readied(root) == stamp:
            return
        time.sleep(0.1)
    pytest.fail(f"the version {stamp} was not made ready")


def overview_visits() -> None:
    """A visit without a link in each language, as a leader opening the app."""
    for lang in ("vi", "en"):
        at = open_page("overview", {"lang": lang})
        assert problems(at) == []


def test_a_warmed_version_serves_the_first_visit_without_computing(demo_copy, monkeypatch, fresh_views):
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    stamp = data_version(demo_copy)
    warm.ready(demo_copy)
    made = computed(demo_copy, stamp)
    assert {"cchc_metrics.views.overview.headlines", "cchc_metrics.views.overview.ranking"} <= set(made)
    overview_visits()
    assert computed(demo_copy, stamp) == made  # every result the two visits showed was there already


def test_a_version_not_warmed_is_computed_by_its_first_visitor(demo_copy, monkeypatch, fresh_views):
    """What the warm-up saves: the same visits on a cold version compute the overview's views."""
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    stamp = data_version(demo_copy)
    overview_visits()
    assert computed(demo_copy, stamp).get("cchc_metrics.views.overview.headlines") == 2  # one per language


def test_the_server_warms_a_version_as_soon_as_a_publish_has_built_it(demo_copy, monkeypatch, fresh_views):
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    monkeypatch.setattr(warm, "WATCH_SECONDS", 0.02)
    overview_visits()  # the server runs: its watcher has started
    assert any(t.name == "cchc-warm" and t.is_alive() for t in __import__("threading").enumerate())
    before = data_version(demo_copy)
    changed = demo_copy / "findings" / sorted(os.listdir(demo_copy / "findings"))[0]
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 10**9))  # a publish: a file written again
    after = data_version(demo_copy)
    assert after != before
    time.sleep(0.3)
    assert computed(demo_copy, after) == {}  # not before the publish has built the version
    ready_version(demo_copy)  # as the publish does before it reports done
    wait_ready(demo_copy, after)
    made = computed(demo_copy, after)
    overview_visits()
    assert computed(demo_copy, after) == made


def test_the_watcher_imports_every_page_module_before_any_visit(demo_copy):
    """A fresh server: the scorecard's PDF library is imported by the watcher, not by the page's
    first visitor."""
    script = """
import sys, time
from ui import warm
from cchc_metrics import views
import pkgutil
wanted = {f"cchc_metrics.views.{m.name}" for m in pkgutil.iter_modules(views.__path__)}
assert "fpdf" not in sys.modules and not wanted <= set(sys.modules)
warm.watch("vi")
for _ in range(600):
    if wanted <= set(sys.modules) and "fpdf" in sys.modules:
        print("imported", len(wanted))
        break
    time.sleep(0.1)
"""
    env = dict(os.environ, CCHC_DATA_DIR=str(demo_copy))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=Path(__file__).parents[1], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "imported",
        str(len(list((Path(__file__).parents[1] / "cchc_metrics" / "views").glob("[!_]*.py")))),
    ]


def test_a_new_version_is_warmed_in_the_language_of_the_last_visit_first(demo_copy, monkeypatch, fresh_views):
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    monkeypatch.setattr(warm, "_recent", [])
    assert warm.languages() == ["vi", "en"]
    for lang, order in (("en", ["en", "vi"]), ("vi", ["vi", "en"]), ("en", ["en", "vi"])):
        assert problems(open_page("overview", {"lang": lang})) == []
        assert warm.languages() == order
    cache.COMPUTED.clear()
    made = []
    real = warm.context
    monkeypatch.setattr(warm, "context", lambda ds, lang: made.append(lang) or real(ds, lang))
    warm.ready(demo_copy)
    # the overview of the newest year in each language, the last visit's first; then the pages
    # after it (the year before, the briefing) in that language only
    assert made[:2] == ["en", "vi"] and set(made[2:]) == {"en"}


def test_the_server_makes_the_version_it_started_on_ready_with_the_pages_after_the_overview(
    demo_copy, monkeypatch, fresh_views
):
    """At its first visit the server makes its current version ready: the overview in each
    language, then, in the visit's language, the overview of the year before (the year step) and
    the province's briefing. Those visits then compute none of the views the server made."""
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    monkeypatch.setenv(WARM_AT_START_ENV, "1")
    monkeypatch.setattr(warm, "_recent", [])
    ready_version(demo_copy)  # the version built, as a server is started on a published one
    stamp = data_version(demo_copy)
    assert problems(open_page("method", {"lang": "en"})) == []  # the first visit, of another page
    wait_ready(demo_copy, stamp)
    made = computed(demo_copy, stamp)
    assert made["cchc_metrics.views.overview.headlines"] == 3  # the newest year in vi and en, the year before in en
    assert made["cchc_metrics.views.briefing.briefing"] == 1
    years = sorted(cache.view(warm.data_years, cache.dataset_of(demo_copy)))
    for page, query in (
        ("overview", {"lang": "en"}),
        ("overview", {"lang": "vi"}),
        ("overview", {"lang": "en", "year": str(years[-2])}),
        ("briefing", {"lang": "en"}),
    ):
        assert problems(open_page(page, query)) == []
        assert computed(demo_copy, stamp) == made, (page, query)


def test_a_server_started_with_warming_off_computes_only_what_its_visits_show(demo_copy, monkeypatch, fresh_views):
    monkeypatch.setenv("CCHC_DATA_DIR", str(demo_copy))
    ready_version(demo_copy)
    stamp = data_version(demo_copy)
    assert problems(open_page("method", {"lang": "en"})) == []
    time.sleep(2)  # the watcher has imported the pages' modules and would have warmed by now
    assert "cchc_metrics.views.overview.headlines" not in computed(demo_copy, stamp)
    assert warm.readied(demo_copy) is None

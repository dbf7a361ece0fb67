"""A data version made ready for its first visitor: the server computes the overview's results,
and what a visitor opens after it, before anyone asks.

A publish (the upload page, `import`, `rollback`) builds the new version before it reports done
(dataset.ready_version), so the server opens it at once; but every view is cached per data
version, so the first visitor after a publish would still wait for the overview's results of the
new version. A thread per server watches the data directory (its fingerprint, a few file stats,
every WATCH_SECONDS) and, when a new version is built, opens it through the app's cache and
computes the overview as a first visit shows it, in each language, on the same cache the pages
read; a second later (FOLLOWING_DELAY_SECONDS: a visitor who opens the overview at once is
drawn first), in the language of the last visit, the overview of the year before (the year a
reader steps to first) and the province's briefing of the newest year (its seven charts of every
unit are the slowest first view of a page). A visitor who comes meanwhile waits for the same
computation, never for a second one.

When it starts, at the server's first visit, the thread first imports every page's view module
(the scorecard's PDF library and the reports' Word library among them: half a second), so that
no first visitor of a page waits for an import; then it makes the version the server was
started on ready in the same way (config.warm_at_start: tests turn it off, to count what their
own visits compute).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
import time
from pathlib import Path

from cchc_metrics import config, i18n, views
from cchc_metrics.engine.dataset import Dataset, data_version, version_built
from cchc_metrics.views import briefing, maps
from cchc_metrics.views import overview as ov
from cchc_metrics.views.common import context, data_years, in_province, province_choice
from ui import cache

WATCH_SECONDS = 0.05  # a fingerprint is a few file stats: half a millisecond, 1 % of a core
# the pages after the overview are computed this long after it: a visitor who opens the overview
# the moment a publish ends is drawn first (the server's threads share one Python lock)
FOLLOWING_DELAY_SECONDS = 1.0
log = logging.getLogger("cchc_metrics.app")
_watchers: dict[str, threading.Thread] = {}
_watchers_lock = threading.Lock()
_recent: list[str] = []  # the languages of the server's visits, the last one's first
_readied: dict[str, str] = {}  # data directory → fingerprint of the version last made ready


def languages() -> list[str]:
    """The app's languages in the order a new version is warmed: that of the last visit first
    (a visitor clicking meanwhile waits for the fewest), then the others."""
    with _watchers_lock:
        recent = list(_recent)
    return recent + [lang for lang in i18n.LANGS if lang not in recent]


def overview(ds: Dataset) -> None:
    """The overview's results as a visit without a link opens it (app_pages/overview.py): the
    newest year, its first former province when it has several, the first tab and the first
    level of the ranking, in each language (languages()), for a computer's screen."""
    years = cache.view(data_years, ds)
    for lang in languages() if years else []:
        _overview(ds, max(years), lang)


def following(ds: Dataset) -> None:
    """What a visitor opens after the overview, in the language of the last visit: the overview
    of the year before the newest (its year list's next year) and the province's briefing of the
    newest year (app_pages/briefing.py without a link), for a computer's screen."""
    years = sorted(cache.view(data_years, ds))
    lang = languages()[0]
    if len(years) > 1:
        _overview(ds, years[-2], lang)
    if years:
        shown, _ = _shown(ds, years[-1], context(ds, lang))
        try:
            cache.view(briefing.briefing, shown, years[-1], None, lang, False)
        except briefing.NoScores:  # the page says so; nothing to compute ahead
            pass


def _shown(ds: Dataset, year: int, ctx):
    """`ds` and `ctx` as a page shows `year`: of its first former province when it has several."""
    spec = cache.view(province_choice, ds, year, ctx.lang)
    return (ds, ctx) if spec is None else in_province(ds, ctx, spec.first_shown())


def _overview(ds: Dataset, year: int, lang: str) -> None:
    """The overview's results of `year` in `lang` as the page opens on it."""
    shown, shown_ctx = _shown(ds, year, context(ds, lang))
    cache.view(ov.headlines, shown, year, shown_ctx)
    cache.view(ov.cards, shown, year, shown_ctx)
    cache.view(ov.summary, shown, year, shown_ctx)
    tabs = list(cache.view(ov.tabs, shown, year, lang))
    if tabs:
        _first_tab(shown, year, tabs[0], shown_ctx)
    levels = cache.view(ov.ranking_levels, shown, year)
    if levels:
        cache.view(ov.ranking, shown, year, levels[0], shown_ctx)


def _first_tab(ds: Dataset, year: int, tab: str, ctx) -> None:
    """The results of the overview's tab `tab` as it opens (the page's draw_tab)."""
    if tab == "map":
        spec = cache.view(maps.level_choice, ds, year, ctx.lang)
        level = spec.first_shown() if spec else cache.view(maps.levels, ds, year)[0]
        colour = cache.view(maps.colour_choice, ds, ctx.lang).first_shown()
        cache.view(maps.unit_map, ds, year, level, colour, ctx)
    elif tab in ("districts", "departments"):
        cache.view(ov.level_ranking, ds, year, tab[:-1], ctx)
        cache.view(ov.below, ds, year, tab[:-1], ctx)
    elif tab == "communes":
        spec = cache.view(ov.commune_show, ds, year, ctx.lang)
        cache.view(ov.commune_ranking, ds, year, spec.first_shown() if spec else "all", ctx)
        cache.view(ov.below, ds, year, "commune", ctx)
    else:
        cache.view(ov.commune_spread, ds, year, ctx)


def ready(root: Path) -> None:
    """Open the data directory's current version through the app's cache and compute its overview,
    then what a visitor opens after it (following)."""
    ds = cache.dataset_of(root)
    overview(ds)
    time.sleep(FOLLOWING_DELAY_SECONDS)
    following(ds)
    with _watchers_lock:
        _readied[str(root)] = ds.fingerprint


def readied(root: Path) -> str | None:
    """The fingerprint of the last version of `root` the server made ready (None: none yet)."""
    with _watchers_lock:
        return _readied.get(str(root))


def import_views() -> None:
    """Import every module of cchc_metrics.views, the pages' code and the libraries it writes files with."""
    for found in pkgutil.iter_modules(views.__path__):
        importlib.import_module(f"{views.__name__}.{found.name}")


def _watch(root: Path) -> None:
    seen = data_version(root)
    try:
        import_views()
    except Exception:  # a page that cannot be imported says so when it is opened
        log.warning("the pages' modules were not imported ahead", exc_info=True)
    if config.warm_at_start() and version_built(root, seen):
        _make_ready(root)
    # ends when the server is given another data directory (tests set one per test)
    while config.data_dir() == root:
        time.sleep(WATCH_SECONDS)
        now = data_version(root)
        # a version is made ready once its publish has built it: a watcher never builds one (a
        # publish writing its files one by one would have it build the states between)
        if now == seen or not version_built(root, now):
            continue
        seen = now
        _make_ready(root)


def _make_ready(root: Path) -> None:
    try:
        ready(root)
    except Exception:  # a version that cannot be read is the pages' to explain
        log.warning("the data version of %s was not made ready", root, exc_info=True)


def watch(lang: str) -> None:
    """Watch the configured data directory for new versions, once per server (a thread of its own);
    `lang`: the language of the visit that calls it."""
    root = config.data_dir()
    with _watchers_lock:
        if _recent[:1] != [lang]:
            _recent[:] = [lang] + [seen for seen in _recent if seen != lang]
        running = _watchers.get(str(root))
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_watch, args=(root,), name="cchc-warm", daemon=True)
        _watchers[str(root)] = thread
        thread.start()

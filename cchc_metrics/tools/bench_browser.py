"""Page interactions timed end to end in Chromium, against `streamlit run dashboard.py` on a data set.

Usage: python cchc_metrics/tools/bench_browser.py DATA_DIR [--publish] [--viewers 10,25,50]
(prints one JSON object: {"steps": [{"name", "seconds", ...}], "publish": [...], "viewers": [...]})

--publish: on a hard-linked copy of the data set, a new year is published with the `import`
command while a session is open on the login page, and the click on the overview is timed until
the overview is drawn with the new year (the build of the new version included), from the press
and from the end of the import; the same click without a publish is timed beside it.
--viewers: that many sessions at once (arriving ARRIVAL_S apart), each walking the pages (a click,
the page drawn, a pause of THINK_S), every click timed from the press; median, 95th percentile and
slowest per count, and the server's CPU seconds (the browsers share the machine).

The data set's cache is built first (so the cold start is not counted here), then the app is
started as users start it, on a free local port, and stopped by its PID at the end. An
interaction's time runs from the click until the server reports the script run finished
(a script_finished message on the page's websocket), no element is left stale and every chart is
drawn, i.e. the page shows the result. The click is timed by the page itself (the trusted
pointerdown event's time, read on the page's own clock at the second frame after the result is
drawn): what a user waits. The same interaction timed from Playwright's click call is given too
("from_call"); it also counts Playwright's own checks before it clicks (the element visible, stable
for two frames, scrolled into view), 30-150 ms that no user waits.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
RUNS = 5  # each interaction is repeated; the median is reported, and the slowest run (mostly the first)
UNIT_PAGES = ("district_profile", "commune_profile")  # a unit picked from the sidebar's list is timed too

# the page's clock at each trusted pointerdown (a user's press, or Playwright's click)
CLICK_CLOCK = (
    "document.addEventListener('pointerdown', e => { if (e.isTrusted) window.__pressedAt = performance.now(); }, true);"
)
SINCE_PRESS = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>"
    " r(window.__pressedAt == null ? null : performance.now() - window.__pressedAt))))"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


FINISHED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]')
    && document.querySelectorAll('[data-testid="stMainBlockContainer"] *').length > 5
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'));
}"""


QUIET = """() => new Promise(resolve => {
  // resolves once the page has had no long task (>50 ms of script or layout) for half a second
  let last = performance.now();
  const watch = new PerformanceObserver(list => { last = performance.now(); });
  watch.observe({type: 'longtask'});
  const start = performance.now();
  const check = () => {
    const now = performance.now();
    if (now - last > 500 || now - start > 15000) { watch.disconnect(); resolve(); } else { setTimeout(check, 100); }
  };
  setTimeout(check, 100);
})"""


def settled(page) -> None:
    """Wait for the page to be drawn and quiet: a freshly opened page goes on drawing its charts
    (plotly's second layout pass) after the run has finished, which must not be counted in the
    next step."""
    page.wait_for_function(FINISHED, timeout=120000)
    page.evaluate(QUIET)


class RunCounter:
    """Counts the script runs the server reports finished (ForwardMsg.script_finished on the
    page's websocket): a run is seen however fast it is, which the page's own 'running' state
    is not (a fast run can start and end between two renders)."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.finished = 0

        def frame(payload):
            if isinstance(payload, bytes):
                msg = ForwardMsg()
                try:
                    msg.ParseFromString(payload)
                except Exception:  # noqa: BLE001 - not a ForwardMsg: not ours to count
                    return
                if msg.WhichOneof("type") == "script_finished":
                    self.finished += 1

        page.on("websocket", lambda ws: ws.on("framereceived", frame))


def timed(page, runs: RunCounter, action, name: str = "") -> tuple[float, float]:
    """Seconds from the press of `action()`'s click until the run it starts has finished and the page
    is drawn, on the page's clock; and the same from the call of `action()`, on ours.

    An action that starts no run is an error (the step clicks the wrong thing), never a silent wait.
    """
    before = runs.finished
    page.evaluate("() => { window.__pressedAt = null; }")
    start = time.perf_counter()
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - said again with the step's name, then raised
        raise RuntimeError(f"{name or 'the action'}: {exc}") from exc
    deadline = time.monotonic() + 120
    while runs.finished == before:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name or 'the action'}: no script run finished")
        page.wait_for_timeout(10)
    page.wait_for_function(FINISHED, timeout=120000)
    since_press = page.evaluate(SINCE_PRESS)
    from_call = time.perf_counter() - start
    if since_press is None:  # no trusted press seen: not a click we can time
        raise RuntimeError(f"{name or 'the action'}: the page saw no click")
    return since_press / 1000, from_call


def measure(url: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    steps: dict[str, list[tuple[float, float]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.add_init_script(CLICK_CLOCK)
        page.set_default_timeout(120000)  # a busy shared machine can be slow to settle
        runs = RunCounter(page)
        page.goto(url + "/?lang=en")
        page.wait_for_function(FINISHED, timeout=120000)
        nav = page.locator("[data-testid='stSidebarNav'] a")
        # pages by their URL path; the sidebar may fold some links away ("view more"): click visible ones
        names = [
            (i, urlparse(a.get_attribute("href")).path.strip("/").rsplit("/", 1)[-1] or "overview")
            for i, a in enumerate(nav.all())
            if a.is_visible()
        ]
        for run in range(RUNS):
            page.goto(url + "/?lang=en")
            settled(page)
            # the ranking's level (the map above it has a level of its own); its options, not the
            # radio's own label (clicking "Level" or the chosen option starts no run)
            level = page.locator(
                "[data-testid='stMain'] [role='radiogroup'][aria-label='Level'] [data-testid='stRadioOption']"
            )
            steps.setdefault("overview: level → communes", []).append(
                timed(page, runs, lambda level=level: level.nth(1).click(), "level → communes")
            )
            steps.setdefault("overview: level → districts", []).append(
                timed(page, runs, lambda level=level: level.nth(0).click(), "level → districts")
            )

            # the list is opened first (that starts no run); the interaction is picking the year
            page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
            page.get_by_role("option").nth(1).wait_for()
            steps.setdefault("overview: year → the year before", []).append(
                timed(page, runs, lambda: page.get_by_role("option").nth(1).click(), "year")
            )
            for i, name in names:
                steps.setdefault(f"open page: {name}", []).append(
                    timed(page, runs, lambda i=i: nav.nth(i).click(), name)
                )
                # a page of several charts shows one per tab: switching to the second is an interaction too
                tabs = page.locator("[data-testid='stMain'] [role='tab']")
                settled(page)  # counted once the page is drawn: the page before's tabs may still be there
                if tabs.count() > 1:
                    steps.setdefault(f"{name}: second tab", []).append(
                        timed(page, runs, lambda tabs=tabs: tabs.nth(1).click(), f"{name} tab")
                    )
                if name in UNIT_PAGES:
                    settled(page)
                    # the unit picker (the sidebar's last list: a long one comes after its
                    # district's) opened first, then another unit picked: a different one each
                    # run, never the one shown; from a district of one commune, another district
                    lists = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
                    lists.last.click()
                    page.get_by_role("option").first.wait_for()
                    if page.get_by_role("option").count() < 2:
                        page.keyboard.press("Escape")
                        lists.nth(lists.count() - 2).click()
                        page.get_by_role("option").nth(1).wait_for()
                    option = _another_option(page, 2 + run)
                    steps.setdefault(f"{name}: another unit", []).append(
                        timed(page, runs, lambda option=option: option.click(), f"{name} unit")
                    )
        browser.close()
    return [
        {
            "name": k,
            "seconds": _median([x for x, _ in v]),
            "slowest": round(max(x for x, _ in v), 3),
            "runs": [round(x, 3) for x, _ in v],
            "from_call_seconds": _median([c for _, c in v]),
        }
        for k, v in steps.items()
    ]


def _another_option(page, start: int):
    """The first option of an open list from position `start` (wrapping) that is not the one chosen."""
    options = page.get_by_role("option")
    count = options.count()
    for k in range(count):
        option = options.nth((start + k) % count)
        if option.get_attribute("aria-selected") != "true":
            return option
    raise RuntimeError("the list offers no other unit")


def _median(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2], 3)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def _page_links(page) -> dict[str, object]:
    """The sidebar's visible page links by page name (URL path; the first page is the overview)."""
    nav = page.locator("[data-testid='stSidebarNav'] a")
    return {
        urlparse(a.get_attribute("href")).path.strip("/").rsplit("/", 1)[-1] or "overview": nav.nth(i)
        for i, a in enumerate(nav.all())
        if a.is_visible()
    }


# The session's path before the overview is clicked: a page with charts (the browser has drawn
# plotly before, as a viewer's browser has), then the page it waits on while the year is
# published. Neither has a year picker: a year shown on a page is kept for the session's next
# page, and the overview must open on its newest year.
WARM_UP = "trends"
PUBLISH_FROM = "login"


def _session_on(page, url: str) -> None:
    """A new session (page load) walked to PUBLISH_FROM through WARM_UP."""
    page.goto(f"{url}/{WARM_UP}?lang=en")
    settled(page)
    _page_links(page)[PUBLISH_FROM].click()
    settled(page)


def measure_publish(url: str, data_dir: Path, runs: int = 3) -> list[dict]:
    """Per run: a new year published while a session shows PUBLISH_FROM, then the overview clicked.

    Each run gives the time from the press to the overview drawn (the page's clock) and from the
    end of the import (ours: the press comes right after it, Playwright's checks before its click
    included), the year the overview shows, and the same click in another new session without a
    publish before it. The first publish in a server's life also loads the build's code.
    """
    import tempfile

    from playwright.sync_api import sync_playwright

    from cchc_metrics.tools.bench import next_year_file, publish_new_year

    results = []
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="cchc-bench-year-") as folder:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.add_init_script(CLICK_CLOCK)
        page.set_default_timeout(120000)
        runs_seen = RunCounter(page)
        year_box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input[role='combobox']").first
        page.goto(url + "/?lang=en")  # the overview's first visit in the server's life is not what is timed
        settled(page)
        for _run in range(runs):
            _session_on(page, url)
            baseline, _ = timed(page, runs_seen, lambda: _page_links(page)["overview"].click(), "overview")
            _session_on(page, url)
            overview = _page_links(page)["overview"]
            path, year = next_year_file(data_dir, Path(folder))
            publish_new_year(data_dir, path)
            imported = time.perf_counter()
            since_press, _ = timed(page, runs_seen, overview.click, "overview after the publish")
            results.append(
                {
                    "year": year,
                    "seconds": round(since_press, 3),
                    "from_import_seconds": round(time.perf_counter() - imported, 3),
                    "shown_year": year_box.input_value(),
                    "without_publish_seconds": round(baseline, 3),
                }
            )
        browser.close()
    return results


THINK_S = 3.0  # a viewer's pause between two clicks
ARRIVAL_S = 0.5  # sessions arrive this far apart, not all in one instant


async def _viewer(browser, url: str, clicks: int, times: list[float], errors: list[str], delay: float = 0.0) -> None:
    """One session: open the overview, then click through the pages in turn, each click timed."""
    import asyncio

    await asyncio.sleep(delay)
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(180000)
    await page.add_init_script(CLICK_CLOCK)
    finished = [0]

    def frame(payload):
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            try:
                msg.ParseFromString(payload)
            except Exception:  # noqa: BLE001 - not a ForwardMsg
                return
            if msg.WhichOneof("type") == "script_finished":
                finished[0] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    try:
        await page.goto(url + "/?lang=en")
        await page.wait_for_function(FINISHED, timeout=180000)
        nav = page.locator("[data-testid='stSidebarNav'] a")
        links = [nav.nth(i) for i, a in enumerate(await nav.all()) if await a.is_visible()]
        for i in range(clicks):
            before = finished[0]
            await page.evaluate("() => { window.__pressedAt = null; }")
            await links[(i + 1) % len(links)].click()
            while finished[0] == before:
                await page.wait_for_timeout(10)
            await page.wait_for_function(FINISHED, timeout=180000)
            times.append(await page.evaluate(SINCE_PRESS) / 1000)
            await asyncio.sleep(THINK_S)
    except Exception as exc:  # noqa: BLE001 - counted and reported, the other sessions go on
        errors.append(str(exc).splitlines()[0][:200])
    finally:
        await context.close()


def _cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_viewers(url: str, counts: list[int], server_pid: int, clicks: int = 10) -> list[dict]:
    """For each count: that many sessions, arriving ARRIVAL_S apart, each making `clicks` page
    changes THINK_S apart. One session walks every page first, so the server's results are
    computed (as on a server that has been up a while). The browsers run on the same machine as
    the server: the server's own CPU seconds are reported beside the wall time."""
    import asyncio

    from playwright.async_api import async_playwright

    async def run(count: int, walk: int) -> dict:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            times: list[float] = []
            errors: list[str] = []
            start, cpu = time.perf_counter(), _cpu_seconds(server_pid)
            await asyncio.gather(*(_viewer(browser, url, clicks, times, errors, i * ARRIVAL_S) for i in range(count)))
            wall = time.perf_counter() - start
            await browser.close()
        return {
            "sessions": count,
            "clicks": len(times),
            "median": _median(times) if times else None,
            "p95": _percentile(times, 0.95) if times else None,
            "slowest": round(max(times), 3) if times else None,
            "wall_seconds": round(wall, 1),
            "server_cpu_seconds": round(_cpu_seconds(server_pid) - cpu, 1),
            "errors": errors,
        }

    asyncio.run(run(1, 2 * clicks))  # the warm-up walk: every page
    return [asyncio.run(run(count, clicks)) for count in counts]


def _serve(data_dir: Path):
    """Start `streamlit run dashboard.py` on `data_dir` on a free port; returns (url, process, log)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(Path(data_dir) / f".streamlit-bench-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
        + ["--server.address", "127.0.0.1", "--server.port", str(port)],
        cwd=PROJECT,
        env={**os.environ, "CCHC_DATA_DIR": str(data_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return url, proc, log


def _stop(proc: subprocess.Popen, log) -> None:
    proc.terminate()  # our own child, by PID
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _with_server(data_dir: Path, measure):
    """`measure(url, pid)` against a server started on `data_dir` (its cache built first), then stopped."""
    from cchc_metrics.engine.dataset import open_dataset

    open_dataset(data_dir).close()  # build the cache beside the data: the app then starts warm
    url, proc, log = _serve(data_dir)
    try:
        wait_healthy(url, proc)
        return measure(url, proc.pid)
    except Exception:
        print(f"streamlit log: {log.name}", file=sys.stderr)
        raise
    finally:
        _stop(proc, log)


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    from cchc_metrics.tools.bench import cpu_probe, linked_copy

    parser = argparse.ArgumentParser(prog="bench_browser.py")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--publish", action="store_true", help="also time a publish until the overview shows it")
    parser.add_argument("--viewers", default="", help="only time that many sessions at once, e.g. 10,25,50")
    args = parser.parse_args(argv)
    report: dict = {"cpu_probe_s": [cpu_probe()]}
    if args.viewers:
        counts = [int(n) for n in args.viewers.split(",")]
        report["viewers"] = _with_server(args.data_dir, lambda url, pid: measure_viewers(url, counts, pid))
    else:
        report["steps"] = _with_server(args.data_dir, lambda url, _pid: measure(url))
        if args.publish:
            with tempfile.TemporaryDirectory(prefix="cchc-bench-publish-") as tmp:
                work = linked_copy(args.data_dir, Path(tmp) / "data")
                report["publish"] = _with_server(work, lambda url, _pid: measure_publish(url, work))
    report["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    report["cpu_probe_s"].append(cpu_probe())
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

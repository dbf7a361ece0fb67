"""Browser-test helpers and fixtures: the app started as a user starts it, driven by Playwright in Debian's Chromium.

Without Chromium these tests are skipped, unless CCHC_REQUIRE_BROWSER=1 (as in CI), where a
missing browser is a failure: a green run must never hide skipped browser tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
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


class App:
    """A running `streamlit run dashboard.py` on a private copy of the demo data."""

    def __init__(self, data_dir: Path, env: dict | None = None, args: list[str] | None = None):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), **(env or {})}
        self.log = open(data_dir.parent / f"streamlit-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                *(args or []),
            ],
            cwd=PROJECT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def chrome():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CCHC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests are required here")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e") / "data"
    shutil.copytree(PROJECT / "data", data, ignore=shutil.ignore_patterns(".cache", "archive", "plans"))
    running = App(data)
    yield running
    running.stop()


NEWEST_YEAR = 2026  # the demo's newest year, the one the publishing tests take out and publish again


def stage_without_newest(base: Path) -> tuple[Path, dict[str, Path]]:
    """A copy of the demo data under `base` without its newest year (every yearly file of that year:
    the communes' and the departments' inspections and findings), and the commune files set aside
    for a test to publish, by kind. The departments' files stay out: the newest year, once published
    again, holds its communes only."""
    data = base / "data"
    shutil.copytree(
        PROJECT / "data",
        data,
        ignore=shutil.ignore_patterns(".cache", "archive", "plans", "audit.jsonl", ".publish.lock"),
    )
    uploads = {}
    for kind in ("inspections", "findings"):
        for moved in sorted((data / kind).glob(f"{NEWEST_YEAR}*.csv")):
            target = base / f"{kind}-{moved.name}"
            shutil.move(moved, target)
            if moved.stem == str(NEWEST_YEAR):
                uploads[kind] = target
    return data, uploads


def open_page(chrome, url: str, height: int = 1600):
    """A new page at `url`, waited until Streamlit has finished running the script."""
    page = chrome.new_page(viewport={"width": 1400, "height": height})
    page.goto(url)
    wait_idle(page)
    return page


def wait_idle(page, timeout: float = 60000) -> None:
    from playwright.sync_api import expect

    expect(page.locator("[data-testid='stMain']")).to_be_visible(timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') !== 'running'"
        " && !document.querySelector('[data-stale=\"true\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] > div *').length > 5",
        timeout=timeout,
    )
    page.wait_for_timeout(700)


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), timeout=90000)
    return path

"""End to end: an analyst logs in, uploads a year and publishes it; another session then sees it.

The app runs as users start it, with a secrets file holding one analyst account (a scrypt hash).
A viewer (no login) does not get the upload page, neither in the navigation nor by its address.
The analyst's first login attempt fails; afterwards neither the password, the wrong password
nor the hash appear in the server's log or the audit log. An upload above server.maxUploadSize
is refused: by the page, and by the server itself when the browser's own check is bypassed.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from browser import NEWEST_YEAR, PROJECT, App, shoot, stage_without_newest, wait_idle
from playwright.sync_api import expect

from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.publish.accounts import hash_password
from cchc_metrics.publish.publishing import read_audit

PASSWORD = "Mật-khẩu-đúng-2025!"
WRONG = "sai-mat-khau-9876"
ANALYST = "lan"
WAIT_MS = 180_000
YEAR_CAPTION = re.compile(r"Can Tho City, (\d{4})\.")
ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.fixture(scope="module")
def secured_app(tmp_path_factory):
    base = tmp_path_factory.mktemp("publish")
    data, uploads = stage_without_newest(base)
    upload = uploads["inspections"].rename(base / f"ket-qua-{NEWEST_YEAR}.csv")
    hashed = hash_password(PASSWORD)
    secrets = base / "secrets.toml"
    secrets.write_text(f'[analysts]\n{ANALYST} = "{hashed}"\n', encoding="utf-8")
    open_dataset(data).close()
    running = App(data, args=["--secrets.files", str(secrets)])
    yield running, upload, hashed
    running.stop()


def shown_year(page) -> int:
    page.wait_for_function(
        "() => /Can Tho City, \\d{4}\\./.test(document.querySelector('[data-testid=\"stMain\"]')?.innerText || '')",
        timeout=WAIT_MS,
    )
    return int(YEAR_CAPTION.search(page.locator("[data-testid='stMain']").inner_text()).group(1))


def nav_links(page) -> list[str]:
    """The page titles in the sidebar navigation (the icon's ligature name comes first in the text)."""
    return [t.strip().splitlines()[-1] for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


@pytest.fixture(scope="module")
def sessions(chrome, secured_app):
    app, _upload, _hash = secured_app
    viewer = chrome.new_context(viewport={"width": 1300, "height": 1400})
    analyst = chrome.new_context(viewport={"width": 1300, "height": 2200})
    for context in (viewer, analyst):
        context.set_default_timeout(WAIT_MS)
    yield viewer.new_page(), analyst.new_page()
    viewer.close()
    analyst.close()


def test_viewer_is_refused_the_upload_page(secured_app, sessions):
    app, _upload, _hash = secured_app
    viewer, _analyst = sessions
    viewer.goto(f"{app.url}/?lang=en")
    wait_idle(viewer, WAIT_MS)
    assert shown_year(viewer) == NEWEST_YEAR - 1
    assert "Upload data" not in nav_links(viewer) and "Overview" in nav_links(viewer)
    viewer.goto(f"{app.url}/upload?lang=en")
    wait_idle(viewer, WAIT_MS)
    shoot(viewer, "publish-viewer-typed-upload-url")
    assert viewer.locator("h1").filter(has_text="Upload data").count() == 0
    assert viewer.locator("input[type=file]").count() == 0


def test_analyst_publishes_and_another_session_sees_the_year(secured_app, sessions):
    app, upload, hashed = secured_app
    viewer, page = sessions
    page.goto(f"{app.url}/login?lang=en")
    wait_idle(page, WAIT_MS)
    page.get_by_role("textbox", name="User name").fill(ANALYST)
    page.get_by_role("textbox", name="Password").fill(WRONG)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong user name or password.")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text(f"Logged in: {ANALYST}")).to_be_visible(
        timeout=WAIT_MS
    )
    assert "Upload data" in nav_links(page)

    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Upload data").click()
    expect(page.locator("h1").filter(has_text="Upload data")).to_be_visible(timeout=WAIT_MS)
    page.locator("input[type=file]").set_input_files(str(upload))
    publish = page.get_by_role("button", name="Publish")
    expect(publish).to_be_enabled(timeout=WAIT_MS)
    shoot(page, "publish-analyst-checked")
    publish.click()
    expect(page.get_by_text(re.compile(rf"^Published .* {NEWEST_YEAR}"))).to_be_visible(timeout=WAIT_MS)
    shoot(page, "publish-analyst-published")
    assert (app.data_dir / "inspections" / f"{NEWEST_YEAR}.csv").is_file()
    assert read_audit(app.data_dir)[["user", "action", "year"]].values.tolist() == [[ANALYST, "publish", NEWEST_YEAR]]

    viewer.goto(f"{app.url}/?lang=en")
    wait_idle(viewer, WAIT_MS)
    assert shown_year(viewer) == NEWEST_YEAR
    assert viewer.locator(ERROR_BOXES).count() == 0
    shoot(viewer, f"publish-viewer-sees-{NEWEST_YEAR}")

    # Secrets never reach a log: neither password, nor the hash or its salt and digest.
    log = app.log.name
    app.log.flush()
    texts = {
        "streamlit log": open(log, encoding="utf-8", errors="replace").read(),
        "audit.jsonl": (app.data_dir / "audit.jsonl").read_text(encoding="utf-8"),
    }
    secrets = [PASSWORD, WRONG, hashed, *hashed.split("$")[4:]]
    for name, text in texts.items():
        assert [s for s in secrets if s in text] == [], name


def test_upload_above_the_limit_is_refused(secured_app, sessions, tmp_path):
    """Refused by the page for a 21 MB file; and by the server (HTTP 413) when the browser's check is bypassed."""
    app, _upload, _hash = secured_app
    _viewer, page = sessions
    limit_mb = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    before = sorted(p.name for p in (app.data_dir / "inspections").iterdir())
    expect(page.locator("h1").filter(has_text="Upload data")).to_be_visible(timeout=WAIT_MS)
    big = tmp_path / "big-2026.csv"
    big.write_bytes(b"year,unit_code\n" + b"2026,31117\n" * ((limit_mb + 1) * 1024 * 1024 // 11))
    page.locator("input[type=file]").set_input_files(str(big))
    refused = page.locator("[data-testid='stFileUploader']").get_by_text(re.compile(rf"{limit_mb}(\.0)? ?MB"))
    expect(refused.first).to_be_visible(timeout=WAIT_MS)
    shoot(page, "publish-upload-too-large")
    assert page.get_by_text("3. Check result").count() == 0

    # The same limit held by the server: a small file whose request body is swapped for a large one.
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/_stcore/upload_file/" in r.url else None)

    def swap(route):
        if route.request.method == "PUT":
            route.continue_(post_data=b"x" * ((limit_mb + 1) * 1024 * 1024))
        else:
            route.continue_()

    page.route("**/_stcore/upload_file/**", swap)
    small = tmp_path / "small.csv"
    small.write_text("year,unit_code\n2026,31117\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(small))
    for _ in range(200):  # the response arrives once the browser has sent the body
        if statuses:
            break
        page.wait_for_timeout(300)
    page.unroute("**/_stcore/upload_file/**")
    assert statuses and statuses[0] == 413
    assert page.get_by_text("3. Check result").count() == 0
    assert sorted(p.name for p in (app.data_dir / "inspections").iterdir()) == before

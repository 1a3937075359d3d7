"""One real browser: headless Chromium (Debian's) signs in to the demo dashboard served on
loopback, opens the no-go watch and sees the decision and a Chinese evidence quote.
Screenshots go to var/test-artifacts/ (or $KOLRISK_TEST_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from app.main import create_app

CHROMIUM = "/usr/bin/chromium"
# Closed network: no background fetches, no component updates (the machine notes' flags).
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def artifacts() -> Path:
    folder = Path(os.environ.get("KOLRISK_TEST_ARTIFACTS", "var/test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(settings, database, clock):
    import uvicorn

    port = free_port()
    app = create_app(settings, database, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the loopback server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.db
def test_demo_dashboard_in_headless_chromium(served, demo_key, backend):
    if backend != "sqlite":
        pytest.skip("the browser sees the same pages on every database; one run is enough")
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip("Chromium is missing: apt-get install chromium (Debian's package)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        # Playwright starts Chromium with a fresh temporary profile (its own user-data-dir).
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto(f"{served}/ui/")
            assert page.url.endswith("/ui/login")
            page.fill("input[name=key]", demo_key)
            page.click("#signin")
            page.wait_for_url(f"{served}/ui/")
            assert demo_key not in page.url
            page.screenshot(path=str(artifacts() / "dashboard-watches.png"), full_page=True)
            page.click("text=硬核老刀")
            page.wait_for_selector("#decision")
            assert page.inner_text("#decision") == "不建议签约"
            quote = page.locator(".reasons blockquote").first.inner_text()
            assert "屿粉" in quote
            page.screenshot(path=str(artifacts() / "dashboard-no-go-watch.png"), full_page=False)
            page.goto(page.url.split("?")[0] + "/report?format=html")
            assert page.inner_text("#decision") == "不建议签约"
            page.screenshot(path=str(artifacts() / "report-no-go.png"), full_page=True)
        finally:
            browser.close()

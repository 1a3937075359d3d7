"""The first hour of a new user, in a real browser (Debian's headless Chromium): `kolrisk serve
--demo` started as the README says, sign-in with the key it printed, the three watches, a watch
of one's own made through /ui/setup, the report in every format, /docs with Authorize, and the
same pages in English. Screenshots go to var/test-artifacts/ (or $KOLRISK_TEST_ARTIFACTS).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.reports import pdf
from tests.live import fresh_folder, serving

CHROMIUM = "/usr/bin/chromium"
# Closed network: no background fetches, no component updates (the machine notes' flags).
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DEMO = {"硬核老刀": "不建议签约", "苏葵实验室": "谨慎推进", "小满爱拆机": "可以签约"}


def artifacts() -> Path:
    folder = Path(os.environ.get("KOLRISK_TEST_ARTIFACTS", "var/test-artifacts")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip("Chromium is missing: apt-get install chromium (Debian's package)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        # Playwright starts Chromium with a fresh temporary profile (its own user-data-dir).
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def demo(tmp_path):
    """`kolrisk serve --demo` in a fresh folder: (address, the key it printed last)."""
    with serving(fresh_folder(tmp_path), "--demo") as (address, printed):
        banner = [line for line in printed if not line.startswith(("INFO", "20"))]
        key = next(line for line in reversed(banner) if line.startswith("kr_"))
        yield address, key


def shot(page, name: str, full: bool = False) -> None:
    page.screenshot(path=str(artifacts() / f"first-hour-{name}.png"), full_page=full)


def sign_in(page, address: str, key: str) -> None:
    page.goto(f"{address}/ui/")
    assert page.url.endswith("/ui/login")
    assert page.locator("#demo-hint").count() == 1  # the demo says which key to use
    shot(page, "01-sign-in")
    page.fill("input[name=key]", key)
    page.click("#signin")
    page.wait_for_url(f"{address}/ui/")
    assert key not in page.url


def see_the_three_watches(page, address: str) -> None:
    rows = page.locator("#watches tbody tr")
    assert rows.count() == 3
    shot(page, "02-watches")
    for kol, decision in DEMO.items():
        page.goto(f"{address}/ui/")
        page.click(f"text={kol}")
        page.wait_for_selector("#decision")
        assert page.inner_text("#decision") == decision
        assert page.locator("#verdict.provisional").count() == 0  # the demo's calls are firm
        if decision == "不建议签约":  # every reason quotes the posts behind it
            assert "屿粉" in page.locator(".reasons blockquote").first.inner_text()
        shot(page, f"03-watch-{kol}")


def add_a_watch_of_ones_own(page, address: str) -> str:
    page.goto(f"{address}/ui/setup")
    shot(page, "04-setup", full=True)
    page.fill("#kol-form input[name=name]", "测评老王")
    page.fill("#kol-form input[name=aliases]", "老王")
    page.fill("#kol-form textarea[name=accounts]", "微博 | 1000001 | 测评老王")
    page.click("#kol-form button[type=submit]")
    page.wait_for_selector("#done")
    page.select_option("#watch-form select[name=kol_id]", label="测评老王")
    page.click("#watch-form button[type=submit]")
    page.wait_for_selector("#decision")
    assert "/ui/watches/" in page.url
    # No post about him yet: a preliminary call that says what is missing.
    assert page.locator("#verdict.provisional").count() == 1
    assert "初步判断" in page.inner_text("#verdict")
    assert "还没有测评老王本人或与其相关的帖子" in page.inner_text("#shortfalls")
    shot(page, "05-own-watch")
    return page.url


def read_the_report_in_every_format(page, watch_url: str) -> None:
    report = f"{watch_url}/report"
    page.goto(f"{report}?format=html&lang=zh")
    assert page.inner_text("#decision") == "不建议签约"
    assert page.locator("svg.timeline").count() == 2
    shot(page, "06-report-html", full=True)
    for fmt, check in (("md", "## 结论: **不建议签约**"), ("json", '"decision":"no_go"')):
        answer = page.request.get(f"{report}?format={fmt}&lang=zh")
        assert answer.status == 200
        text = answer.text() if fmt == "md" else json.dumps(answer.json(), separators=(",", ":"))
        assert check in text
    if pdf.pdf_problem() is None:
        answer = page.request.get(f"{report}?format=pdf&lang=zh")
        assert answer.headers["content-type"] == "application/pdf"
        document = artifacts() / "first-hour-07-report.pdf"
        document.write_bytes(answer.body())
        if shutil.which("pdftoppm"):  # the first page as a picture, to look at
            target = artifacts() / "first-hour-07-report-page"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(document), str(target)],
                check=True, timeout=60,
            )  # fmt: skip


def authorize_in_the_docs(page, address: str, key: str) -> None:
    page.goto(f"{address}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    page.click("button.authorize")
    page.fill(".modal-ux input[type=text]", key)
    page.click(".modal-ux .auth-btn-wrapper button.authorize")
    page.click(".modal-ux button.btn-done")
    operation = page.locator("#operations-watches-list_watches_v1_watches_get")
    operation.locator(".opblock-summary").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=30_000)
    assert status.inner_text().strip().startswith("200")
    assert "硬核老刀" not in operation.inner_text()  # watches carry ids, not names
    assert '"decision": "no_go"' in operation.inner_text()
    shot(page, "08-docs-authorized", full=False)


def the_same_in_english(page, address: str) -> None:
    page.goto(f"{address}/ui/?lang=en")
    assert "Watches" in page.inner_text("h1")
    shot(page, "09-watches-en")
    page.click("text=硬核老刀")
    page.wait_for_selector("#decision")
    assert page.inner_text("#decision") == "NO-GO"
    assert "NO-GO / NO-GO" not in page.content()
    shot(page, "10-watch-en")


def test_the_first_hour_of_a_new_user(demo, browser):
    address, key = demo
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    sign_in(page, address, key)
    see_the_three_watches(page, address)
    add_a_watch_of_ones_own(page, address)
    page.goto(f"{address}/ui/")
    page.click("text=硬核老刀")
    page.wait_for_selector("#decision")
    read_the_report_in_every_format(page, page.url.split("?")[0])
    authorize_in_the_docs(page, address, key)
    the_same_in_english(page, address)

"""The report in a real browser: headless Chromium through Playwright, opened from disk (file://).

Skipped with a reason when Playwright or a Chromium binary is missing; CI
installs Chromium (``apt-get install -y chromium``) so that it runs there.
"""

from __future__ import annotations

import tracing

import os
import shutil

import pytest

from tracing import load_study
from tracing.commands.report import write as write_report

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium binary found (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page_of(browser, hazard_study, tmp_path):
    """Open the hazard study's report at a viewport width; record requests, console errors, page errors."""
    target = write_report(tracing.score(hazard_study), tmp_path / "out")
    opened = []

    def open_at(width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        log = {"requests": [], "errors": [], "dialogs": []}
        page.on("request", lambda r: log["requests"].append(r.url))
        page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log["errors"].append(str(e)))
        page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
        page.goto(target.as_uri())
        page.wait_for_load_state("load")
        opened.append(ctx)
        return page, log

    yield open_at
    for ctx in opened:
        ctx.close()


def test_report_opens_offline_without_errors_and_shows_the_verdict_matrix(page_of, tmp_path):
    page, log = page_of()
    assert page.title().startswith("Study </title><script>")
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    assert matrix.locator("td.cell").count() == 4
    assert "inconclusive" in matrix.locator("td.cell").first.inner_text()
    # one script, the report's own (its CSP hash lets it run: it marks the page); the <script> and onerror=
    # injected through the study's texts never ran
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.documentElement.hasAttribute('data-js')")
    assert page.locator("img, iframe").count() == 0
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert [u for u in log["requests"] if not u.startswith("file:")] == []
    assert log["errors"] == [] and log["dialogs"] == []


def test_report_fits_a_phone_and_tables_scroll_inside_their_box(page_of, tmp_path):
    page, log = page_of(width=390, height=844)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the phone"
    assert page.locator("table.matrix").is_visible()
    page.screenshot(path=str(tmp_path / "phone.png"))
    assert log["errors"] == []


def test_print_layout_hides_navigation(page_of):
    page, _ = page_of()
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible()
    assert page.locator("table.matrix").is_visible()


def test_internal_links_jump_without_leaving_the_file(page_of):
    page, log = page_of()
    page.locator("table.matrix a", has_text="H1").first.click()
    assert page.url.endswith("#h-H1")
    assert page.locator("#h-H1").is_visible()
    assert [u for u in log["requests"] if not u.startswith("file:")] == []

"""A reader's filter and sort in a real browser (headless Chromium through Playwright, from file://).

The page's one inline script (static/report.js) runs because the Content-Security-Policy names its sha256;
the same page with one byte of the script changed runs nothing. Filtering hides and shows evidence items,
clicking (or pressing Enter on) a column heading sorts a table numerically both ways and back, and print
shows every item whatever the reader chose. Screenshots go to ``reports/test-artifacts/``.
"""

from __future__ import annotations

import re

import pytest

import tracing
from tracing.commands.report import write as write_report
from tracing.output.report import fmt

from .test_browser import browser  # noqa: F401 - the module-scoped Chromium fixture
from .test_browser_print import ARTIFACTS

pytestmark = pytest.mark.browser

# H1 in afg has five tests whose weights include a minus sign, a fraction and minus infinity
SORT_STUDY = {
    "evidence/afg/e2.yaml": """\
        id: E2
        claim: The Alliance took over ISAF.
        case: afg
        date: 2003-08
        sources: [{key: nato2001}]
        tests: [{hypothesis: H1, type: hoop, result: fail}]
        """,
    "evidence/afg/e3.yaml": """\
        id: E3
        claim: A planning memo.
        case: afg
        date: 2002
        sources: [{key: other2005}]
        tests: [{hypothesis: H1, type: straw_in_the_wind, result: pass}]
        """,
    "evidence/afg/e10.yaml": """\
        id: E10
        claim: A ministerial speech.
        case: afg
        tests:
          - {hypothesis: H1, type: hoop, result: fail, p_e_h: 1.0, p_e_not_h: 0.5}
          - {hypothesis: H2, type: smoking_gun, result: fail}
        """,
    "evidence/afg/e4.yaml": """\
        id: E4
        claim: An interview.
        case: afg
        date: 2006
        sources: [{key: other2005}]
        tests: [{hypothesis: H1, type: straw_in_the_wind, result: fail}]
        """,
    "evidence/syr/e5.yaml": """\
        id: E5
        claim: NATO stayed out of Syria.
        case: syr
        sources: [{key: nato2001}]
        tests: [{hypothesis: H2, type: hoop, result: pass}]
        """,
    "references.bib": """\
        @misc{nato2001, author = {{NATO}}, title = {Statement}, year = {2001}}
        @book{other2005, author = {Doe, Jane}, title = {A Book}, year = {2005}}
        """,
}


def number(text: str) -> float:
    """A weight as the page prints it (``+12.8``, ``−3.0``, ``−∞``, ``0.0``) as a float."""
    m = re.search(r"([+\u2212-]?)(\u221e|\d+(?:\.\d+)?)", text)
    assert m, text
    v = float("inf") if m.group(2) == "\u221e" else float(m.group(2))
    return -v if m.group(1) in ("\u2212", "-") else v


def open_page(browser, target, width=1280, height=900):  # noqa: F811
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    log = {"requests": [], "errors": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, log


@pytest.fixture
def report(study_factory, tmp_path):
    return write_report(tracing.score(study_factory(SORT_STUDY)), tmp_path / "out")


def visible_items(page) -> list[str]:
    return page.eval_on_selector_all(
        "#evidence article.item", "els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('.eid').textContent)")


def test_the_script_runs_under_the_csp_and_filters_the_evidence(browser, report):  # noqa: F811
    ctx, page, log = open_page(browser, report)
    try:
        assert page.evaluate("document.documentElement.hasAttribute('data-js')"), "the script did not run"
        form = page.locator("#evidence form.filters")
        assert form.is_visible()
        everything = ["E1", "E2", "E3", "E4", "E10", "E5"]
        assert visible_items(page) == everything
        assert "Showing all 6 items" in form.locator("[role=status]").text_content()

        form.locator("select[data-filter=case]").select_option("syr")
        assert visible_items(page) == ["E5"]
        assert not page.locator("#" + fmt.anchor("case", "afg")).is_visible()  # an emptied case hides its heading
        assert "Showing 1 of 6 items" in form.locator("[role=status]").text_content()
        form.locator("select[data-filter=case]").select_option("")

        form.locator("select[data-filter=result]").select_option("fail")
        assert visible_items(page) == ["E2", "E4", "E10"]
        form.locator("select[data-filter=hypothesis]").select_option("H2")  # a failed test of H2: only E10
        assert visible_items(page) == ["E10"]
        form.locator("select[data-filter=type]").select_option("hoop")  # no failed hoop test of H2
        assert visible_items(page) == []
        assert page.locator("#evidence [data-filter-empty]").is_visible()

        form.get_by_role("button", name="Show all").click()
        assert visible_items(page) == everything
        assert not page.locator("#evidence [data-filter-empty]").is_visible()

        form.locator("select[data-filter=source]").select_option(fmt.anchor("bib", "other2005"))
        assert visible_items(page) == ["E3", "E4"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        form.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "interaction-filter.png"))

        # the reader's choice is not needed to print: print shows every item and no controls
        page.emulate_media(media="print")
        assert visible_items(page) == everything
        assert not form.is_visible()
        page.emulate_media(media="screen")
        assert visible_items(page) == ["E3", "E4"]
        assert [u for u in log["requests"] if not u.startswith("file:")] == []
        assert log["errors"] == []
    finally:
        ctx.close()


def test_a_test_table_sorts_numerically_both_ways_by_mouse_and_keyboard(browser, report):  # noqa: F811
    ctx, page, log = open_page(browser, report)
    try:
        table = page.locator(f'[id="{fmt.pair_anchor("H1", "afg")}"] table.tests')
        heading = table.locator("thead th", has_text="dB")
        # text_content, not inner_text: an off-screen section is not rendered (content-visibility: auto)
        column = [h.strip() for h in table.locator("thead th").all_text_contents()].index("dB") + 1

        def weights() -> list[float]:
            return [number(t) for t in table.locator(f"tbody tr:not([hidden]) > :nth-child({column})").all_text_contents()]

        def ids() -> list[str]:
            return table.locator("tbody tr > th > a").all_text_contents()

        before = ids()
        assert len(before) == 5 and heading.get_attribute("aria-sort") is None
        assert float("-inf") in weights() and any(w > 0 for w in weights()) and any(-10 < w < 0 for w in weights())

        heading.get_by_role("button").click()
        assert heading.get_attribute("aria-sort") == "ascending"
        up = weights()
        assert up == sorted(up) and up[0] == float("-inf")
        texts = table.locator(f"tbody tr > :nth-child({column}) > .w").all_text_contents()
        assert texts != sorted(texts), "these weights would sort the same as text: the test would prove nothing"
        heading.get_by_role("button").click()
        assert heading.get_attribute("aria-sort") == "descending"
        assert weights() == sorted(up, reverse=True)
        heading.get_by_role("button").click()  # the third click gives back the report's order (heaviest first)
        assert heading.get_attribute("aria-sort") == "none" and ids() == before

        # the keyboard: Tab reaches the heading's button, Enter sorts; text columns sort in natural order
        item = table.locator("thead th", has_text="Item")
        item.get_by_role("button").focus()
        page.keyboard.press("Enter")
        assert item.get_attribute("aria-sort") == "ascending" and heading.get_attribute("aria-sort") == "none"
        assert ids() == ["E1", "E2", "E3", "E4", "E10"]
        page.keyboard.press("Space")
        assert ids() == ["E10", "E4", "E3", "E2", "E1"]

        # other tables sort too: the ACH matrix by diagnosticity
        ach = page.locator("#ach table.ach")
        ach.locator("thead th", has_text="Diagnosticity").get_by_role("button").click()
        col = [h.strip() for h in ach.locator("thead th").all_text_contents()].index("Diagnosticity (dB)") + 1
        values = [number(t) for t in ach.locator(f"tbody tr > :nth-child({col})").all_text_contents()]
        assert values == sorted(values) and len(values) == 6
        assert [u for u in log["requests"] if not u.startswith("file:")] == []
        assert log["errors"] == []
    finally:
        ctx.close()


def test_a_page_whose_script_was_changed_runs_no_script(browser, report, tmp_path):  # noqa: F811
    html = report.read_text(encoding="utf-8")
    assert html.count('"use strict";') == 1
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace('"use strict";', '"use strict"; ', 1), encoding="utf-8")
    ctx, page, log = open_page(browser, tampered)
    try:
        assert not page.evaluate("document.documentElement.hasAttribute('data-js')")
        assert not page.locator("#evidence form.filters").is_visible()  # nothing to use without the script
        assert any("Content Security Policy" in e for e in log["errors"]), log["errors"]
        assert len(visible_items(page)) == 6  # the page still reads in full
    finally:
        ctx.close()


def test_each_page_of_a_site_has_its_own_working_copy(browser, study_factory, tmp_path):  # noqa: F811
    target = write_report(tracing.score(study_factory(SORT_STUDY)), tmp_path / "site", layout="site")
    ctx, page, log = open_page(browser, target.parent / "evidence-case-afg-1.html")
    try:
        form = page.locator("#evidence form.filters")
        assert form.is_visible() and form.locator("select[data-filter=case]").count() == 0  # one case per page
        form.locator("select[data-filter=source]").select_option(fmt.anchor("bib", "nato2001"))
        assert visible_items(page) == ["E1", "E2"]
        page.goto((target.parent / "h-H1.html").as_uri())
        page.wait_for_load_state("load")
        table = page.locator(f'[id="{fmt.pair_anchor("H1", "afg")}"] table.tests')
        table.locator("thead th", has_text="When").get_by_role("button").click()
        dates = table.locator("tbody tr > :nth-child(2)").evaluate_all("els => els.map(e => e.getAttribute('data-sort-value'))")
        assert dates == ["2001-10", "2002", "2003-08", "2006", ""]  # undated last
        assert "undated" in table.locator("tbody tr:last-child > :nth-child(2)").text_content()
        assert [u for u in log["requests"] if not u.startswith("file:")] == []
        assert log["errors"] == []
    finally:
        ctx.close()

"""The report printed to PDF, at a desktop and a phone width, and against a word longer than any line.

Screenshots and the PDF are kept as test artefacts in ``reports/test-artifacts/`` (git-ignored) so that a
person can look at them after a run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import tracing
from tracing.commands.report import write as write_report

from .test_browser import browser  # noqa: F401 - the module-scoped Chromium fixture

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "reports" / "test-artifacts"
A4_WIDTH_PT = 595.28
A4_HEIGHT_PT = 841.89


def _generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture(scope="module")
def five_cases(tmp_path_factory):
    """A generated study of five cases (60 items, 6 hypotheses) and its report."""
    study = _generate()(tmp_path_factory.mktemp("five") / "study", items=60, hypotheses=6, cases=5, seed=5)
    result = tracing.score(study)
    target = write_report(result, tmp_path_factory.mktemp("five-out"))
    return result, target


def _open(browser, target, width, height=900):  # noqa: F811
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, errors


def test_five_cases_print_to_a4_pdf_with_every_case_and_hypothesis(browser, five_cases):  # noqa: F811
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (test extra)")
    result, target = five_cases
    ctx, page, errors = _open(browser, target, 1400)
    try:
        page.emulate_media(media="print")
        # nothing is wider than the printable width of A4 (210 mm − 2 × 13 mm at 96 px per inch)
        page.set_viewport_size({"width": 695, "height": 1000})
        over = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
        assert over == [], f"elements run past the printed page: {over}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf_path = ARTIFACTS / "five-cases.pdf"
        page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
    finally:
        ctx.close()
    reader = pypdf.PdfReader(str(pdf_path))
    assert len(reader.pages) > 3
    for p in reader.pages:
        assert float(p.mediabox.width) <= A4_WIDTH_PT + 1 and float(p.mediabox.height) <= A4_HEIGHT_PT + 1
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    study = result.study
    for cid, case in study.config.cases.items():
        assert (case.label or cid) in flat, f"case {cid} is missing from the PDF"
    for hid in study.hypotheses:
        assert hid in flat
    # the running header names the study on every page after the first
    assert all(study.title[:20] in " ".join(p.extract_text().split()) for p in reader.pages[1:4])
    assert errors == []


@pytest.mark.parametrize("width, name", [(1400, "desktop"), (390, "phone")])
def test_report_at_desktop_and_phone_width_with_screenshots(browser, five_cases, width, name):  # noqa: F811
    result, target = five_cases
    ctx, page, errors = _open(browser, target, width, 844 if width < 500 else 900)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page is {overflow}px wider than the window at {width}px"
        assert page.locator("table.matrix").is_visible()
        assert page.locator("#provenance").is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"five-cases-{name}.png"), full_page=False)
        page.locator("#hypotheses").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"five-cases-{name}-hypotheses.png"), full_page=False)
        assert errors == []
    finally:
        ctx.close()


def test_a_3000_character_word_never_widens_the_page(browser, study_factory, tmp_path):  # noqa: F811
    word = "x" * 3000
    study = study_factory({
        "evidence/afg/e1.yaml": f"""\
            id: E1
            claim: A claim with {word}
            case: afg
            quote: "{word}"
            notes: "{word}"
            tests: [{{hypothesis: H1, type: hoop, result: pass, note: "{word}"}}]
            """,
    })
    target = write_report(tracing.score(study), tmp_path / "out")
    for width in (1400, 390):
        ctx, page, _ = _open(browser, target, width)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"a long word widens the page by {overflow}px at {width}px"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.locator("#evidence").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"long-word-{width}.png"))
        finally:
            ctx.close()

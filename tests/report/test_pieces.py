"""Units of the report: number formatting, anchors, the Markdown fast path, the SVG charts, scaling."""

from __future__ import annotations

import tracing

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracing import load_study
from tracing.output.report import charts, fmt, render_html
from tracing.output.report.details import _md, markdown


@pytest.mark.parametrize("x, text", [
    (9.0309, "+9.0"), (-1.76, "−1.8"), (0.0, "0.0"), (-0.01, "0.0"), (math.inf, "+∞"), (-math.inf, "−∞"),
])
def test_signed(x, text):
    assert fmt.signed(x) == text


@pytest.mark.parametrize("x, text", [
    (0.5, "0.500"), (0.0, "0"), (1.0, "1"), (0.99999, "> 0.999"), (0.00001, "< 0.001"), (None, "n/a"),
])
def test_prob(x, text):
    assert fmt.prob(x) == text


def test_lr_and_pct():
    assert [fmt.lr(x) for x in (8.0, 0.125, 0.0, math.inf, 12345.6)] == ["8.000", "0.125", "0", "∞", "12346"]
    assert fmt.pct(0.934) == "93\u00a0%" and fmt.pct(None) == "n/a"


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=6, unique=True))
def test_anchor_is_injective_and_safe(keys):
    anchors = [fmt.anchor("bib", k) for k in keys]
    assert len(set(anchors)) == len(anchors)
    assert all(a.replace("-", "").replace("_", "").replace(".", "").isalnum() and a.isascii() for a in anchors)


def test_natural_key_and_dates():
    assert sorted(["E10", "E2", "E1"], key=fmt.natural_key) == ["E1", "E2", "E10"]
    assert fmt.year_fraction("2003") == 2003.5
    assert fmt.year_fraction("2003", end=True) == 2004.0
    assert fmt.period_start("2003-07") == pytest.approx(2003.5)
    assert fmt.year_fraction("2003-01-01") < fmt.year_fraction("2003-01-02") < fmt.year_fraction("2003-02")


# pieces of prose and of Markdown syntax, so that both the fast path and the parser get exercised
prose = st.lists(st.sampled_from(list("abc xyz.,;:'\"()-–0123456789\n\t\r *_#>=+`!&<|~[]\\") +
                                 ["\n\n", "    ", "1. ", "- ", "é", "\u00a0", "\u2028", "http://x.org", "word "]),
                 max_size=40).map("".join)


# prose with *emphasis*, the one inline syntax that has a fast path of its own
emphasised = st.lists(st.sampled_from(["word", "Notes", "x1", "42", " ", "  ", "\n", "\n\n", "*", "*a*", "*two words*",
                                       " *em* ", "\n*x*", "*y*\n", ".", ",", ";", ":", "!", "'", '"', "(", ")",
                                       "-", "1.", "    ", "\t", "_", "é"]),
                      max_size=30).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(prose, emphasised))
def test_markdown_fast_paths_match_markdown_it(text):
    """Plain prose, and prose whose only syntax is plain *emphasis*, skip the parser: the result must be
    exactly what markdown-it would give."""
    got = markdown(text)
    if got is None:
        assert not text.strip()
    else:
        assert str(got) == _md().render(text)


def test_markdown_emphasis_fast_path_is_taken():
    assert str(markdown("A second paragraph of *notes*.\n\nAnd *two words*: done")) == (
        "<p>A second paragraph of <em>notes</em>.</p>\n<p>And <em>two words</em>: done</p>\n")


def test_markdown_escapes_html_and_drops_images():
    html = str(markdown('<b>x</b> ![i](https://e.example/p.png) [j](javascript:alert(1))'))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<img" not in html and 'href="javascript' not in html


def _svg(kind: str, geometry: dict) -> str:
    """A chart as the page has it: its geometry drawn by the macro of templates/_charts.html."""
    from tracing.output.report import environment

    return str(getattr(environment().get_template("_charts.html").module, kind)(geometry))


def test_weight_chart_caps_bars_and_labels_infinity():
    bars = [charts.Bar(f"E{i}", float(50 - i), f"#e-E{i}", f"E{i}") for i in range(40)]
    bars.insert(0, charts.Bar("<X>", -math.inf, None, "eliminates"))
    svg = _svg("weight_chart", charts.weight_chart("u", bars, "H1 in A"))
    assert svg.count("<rect") == charts.MAX_BARS
    assert "+ 11 lighter tests" in svg
    assert "&lt;X&gt;" in svg and "<X>" not in svg and "−∞" in svg
    assert 'aria-labelledby="u-t u-d"' in svg and '<title id="u-t">' in svg


def test_trajectory_chart_with_phases_and_undated_steps():
    steps = [charts.Step("2002", 0.6, 1.8, "a"), charts.Step(None, 0.2, -9.0, "b")]
    bands = [charts.Band("Early <phase>", "early", 2001.0, 2004.0)]
    svg = _svg("trajectory_chart", charts.trajectory_chart("t", 0.5, steps, bands, (2001.0, 2010.0), 0.9, 0.1, "H1"))
    assert "undated" in svg and "Early &lt;phase&gt;" in svg and "confirmed ≥ 0.90" in svg
    assert svg.count("<circle") == 3  # the prior and two tests


def test_every_item_of_a_larger_study_is_on_the_page_once(study_factory):
    """300 items, 600 tests: each item has one article and appears in its pairs' test tables.

    How the time grows with size is measured by benchmarks/run.py (per-item cost at 10 000 items
    against 1 000), not here."""
    files = {f"evidence/gen/e{i}.yaml": (
        f"id: G{i}\nclaim: Claim {i}\ncase: {'afg' if i % 2 else 'syr'}\ndate: {2001 + i % 9}\n"
        f"sources: [{{key: nato2001, pages: '{i}'}}]\nnotes: Plain *notes* about item {i}.\n"
        f"tests:\n  - {{hypothesis: H1, type: {('hoop', 'smoking_gun', 'straw_in_the_wind')[i % 3]}, "
        f"result: {'pass' if i % 4 else 'fail'}}}\n  - {{hypothesis: H2, type: straw_in_the_wind, result: pass}}\n")
        for i in range(300)}
    html = render_html(tracing.score(study_factory(files), draws=0))
    for i in range(300):
        assert html.count(f'id="e-G{i}"') == 1
        assert html.count(f'href="#e-G{i}"') >= 2  # one row in each of the two pairs that it tests
    assert html.count("<em>notes</em>") == 300

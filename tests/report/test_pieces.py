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
from tracing.output.report.details import markdown

from conftest import ROOT


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


def test_markdown_renders_emphasis_and_paragraphs():
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


ZOTERO_BIB = r"""
@incollection{chapter, author = {Doe, Jane and van der Berg, Piet}, title = {The Chapter}, booktitle = {The Book},
  editor = {Roe, Richard and Poe, Edgar}, publisher = {Oxford University Press}, address = {Oxford}, year = {2010},
  pages = {12--34}}
@article{art, author = {M{\"u}ller, Anna}, title = {An Article}, journal = {International Security}, volume = {12},
  number = {3}, pages = {5--9}, year = {2001}, doi = {10.1162/isec.2001.12.3.5}}
@book{book, author = {Smith, John}, title = {A Book}, publisher = {Polity}, address = {Cambridge}, year = {2015},
  edition = {2}}
@inbook{inbook, author = {Lee, Kim}, title = {Part Two}, booktitle = {Whole Book}, publisher = {Routledge},
  address = {London}, year = {2012}, pages = {40--60}}
@inproceedings{conf, author = {Ng, Ann}, title = {A Paper}, booktitle = {Proceedings of the Annual Meeting},
  publisher = {ACM}, year = {2019}, pages = {1--10}}
@phdthesis{phd, author = {Kurz, Otto}, title = {A Dissertation}, school = {University of Vienna}, year = {2018}}
@mastersthesis{ma, author = {Vos, Eva}, title = {A Thesis}, school = {University of Antwerp}, year = {2022}}
@techreport{rep, author = {Brown, Al}, title = {A Report}, institution = {RAND Corporation}, number = {RR-1},
  year = {2016}, address = {Santa Monica}}
@report{rep2, author = {{International Crisis Group}}, title = {Another Report}, institution = {ICG}, year = {2014}}
@misc{misc, author = {{NATO}}, title = {Press Release}, year = {2001}, howpublished = {Press release},
  url = {https://www.nato.int/x}}
@online{web, author = {Green, Tom}, title = {A Web Page}, year = {2020}, url = {https://example.org/}, urldate = {2021-05-01}}
@unpublished{unpub, author = {Black, Sue}, title = {Working Paper}, year = {2023}, note = {Unpublished manuscript}}
@article{news, author = {White, Ray}, title = {Headline}, journal = {The Guardian}, date = {2011-03-19},
  entrysubtype = {newspaper}}
@manual{man, title = {Field Manual}, organization = {US Army}, year = {2006}}
@booklet{booklet, title = {A Booklet}, howpublished = {Self-published}, year = {1999}}
"""


def test_every_zotero_entry_type_renders_completely_in_chicago(tmp_path):
    from tracing.output.report.citations import formatted
    from tracing.reading.bib import parse_bib

    bib, diags = parse_bib(ZOTERO_BIB, "references.bib")
    assert diags == []
    refs = {k: str(v) for k, v in formatted(bib, None, tmp_path)[0]}
    assert set(refs) == set(bib.entries)
    chapter = refs["chapter"]
    for part in ("Doe, Jane", "Piet van der Berg", "2010", "The Chapter", "In <em class=\"csl\">The Book</em>",
                 "edited by Richard Roe and Edgar Poe", "12\u201334", "Oxford: Oxford University Press"):
        assert part in chapter, (part, chapter)
    assert "Müller, Anna" in refs["art"] and "<em class=\"csl\">International Security</em> 12 (3): 5\u20139" in refs["art"]
    assert "Cambridge: Polity" in refs["book"] and "2nd" in refs["book"]
    assert "In <em class=\"csl\">Whole Book</em>" in refs["inbook"] and "London: Routledge" in refs["inbook"]
    assert "Proceedings of the Annual Meeting" in refs["conf"]
    assert "PhD diss." in refs["phd"] and "University of Vienna" in refs["phd"]
    assert "Master" in refs["ma"] and "University of Antwerp" in refs["ma"]
    assert "RAND Corporation" in refs["rep"] and "RR-1" in refs["rep"]
    assert refs["rep2"].startswith("International Crisis Group.")
    assert refs["misc"].startswith("NATO. 2001.") and "Press Release" in refs["misc"]
    assert "A Web Page" in refs["web"] and "Green, Tom" in refs["web"]
    assert "Working Paper" in refs["unpub"] and "Unpublished manuscript" in refs["unpub"]
    assert "The Guardian" in refs["news"] and "March 19" in refs["news"]
    assert "US Army" in refs["man"] and "Field Manual" in refs["man"]
    assert "A Booklet" in refs["booklet"]
    # the style's order: by author, then year
    order = [k for k, _ in formatted(bib, None, tmp_path)[0]]
    assert order.index("rep") < order.index("chapter") < order.index("phd")


@pytest.mark.parametrize("style", [None, "harvard-cite-them-right"])
def test_memoised_style_lookups_format_exactly_as_citeproc_does(tmp_path, monkeypatch, style):
    """The XPath answers kept in memory give the references citeproc-py gives without them."""
    from citeproc.model import CitationStylesElement

    from tracing.output.report import citations
    from tracing.reading.bib import parse_bib

    monkeypatch.setenv("TRACING_CACHE_DIR", "")   # no formatted bibliography from an earlier run
    bib, _ = parse_bib(ZOTERO_BIB + (ROOT / "references.bib").read_text(encoding="utf-8"), "references.bib")
    with_memo = citations.formatted(bib, style, tmp_path)
    assert getattr(CitationStylesElement.xpath_search, "memoised", False)
    monkeypatch.setattr(CitationStylesElement, "xpath_search", CitationStylesElement.xpath_search.original)
    citations._style.cache_clear()
    monkeypatch.setattr(citations, "_memoise_style_lookups", lambda: None)
    try:
        assert citations.formatted(bib, style, tmp_path) == with_memo
    finally:
        citations._style.cache_clear()


def test_bibliography_style_is_validated_and_used(study_factory):
    import tracing
    from tracing.output.report import render_html
    from tracing.reading.diagnostics import StudyError

    study = study_factory({"study.yaml": None}, base=True) if False else None  # noqa: F841 (kept simple below)
    from tracing.reading.models.study import StudyConfig

    base = {"title": "t", "question": "q", "cases": {"a": {}}, "actors": {"x": {}}}
    assert StudyConfig.model_validate({**base, "bibliography_style": "apa"}).bibliography_style == "apa"
    assert StudyConfig.model_validate({**base, "bibliography_style": "styles/my.csl"}).bibliography_style
    with pytest.raises(Exception, match="not a CSL style name"):
        StudyConfig.model_validate({**base, "bibliography_style": "Chicago Author Date"})
    with pytest.raises(Exception):
        StudyConfig.model_validate({**base, "bibliography_style": "/etc/x.csl"})
    assert StudyError and tracing and render_html

"""Golden structure: what the page of a small fixed study says, not how it is styled.

The page is parsed and reduced to its structure: the sections in order, the
text of every cell of every table (verdict matrix, tests, phases, ACH, ...),
the evidence items and the bibliography. A change of the scoring shows up as
a few changed cells; a change of CSS or markup details not at all.

Regenerate after an intended change with ``pytest tests/report --update-golden``
and review the diff. The file carries a digest of its content, written by the
generator: a hand edit is detected and refused.
"""

from __future__ import annotations

import tracing

import difflib
import hashlib
import json
from pathlib import Path

import pytest

from tracing import load_study
from tracing.output.report import render_html

GOLDEN = Path(__file__).parent / "golden" / "structure.json"

STUDY = {
    "study.yaml": """\
        title: Golden study
        question: Why did the alliance act in one case and not the other?
        cases:
          north:
            label: North
            period: {start: 2000, end: 2010}
            phases:
              - {id: early, label: Early years, start: 2000, end: 2004}
              - {id: late, label: Late years, start: 2005, end: 2010}
          south: {label: South, period: {start: 2011, end: 2015}}
        actors:
          alliance: {label: The Alliance}
          bloc: {label: The Bloc}
        outcome:
          name: involvement
          levels: [none, political, military]
          observed:
            - {actor: alliance, case: north, level: military}
            - {actor: alliance, case: north, phase: early, level: political}
            - {actor: alliance, case: south, level: political}
            - {actor: bloc, case: north, level: none}
        scoring:
          draws: 200
          seed: 7
        """,
    "hypotheses/H1.yaml": """\
        id: H1
        title: Power
        statement: The Alliance acts to keep its relative power.
        theory: realism
        actor: alliance
        predictions: {north: military, south: military}
        rivals: [H2]
        """,
    "hypotheses/H2.yaml": """\
        id: H2
        title: Identity
        statement: The Alliance acts on its collective identity.
        theory: constructivism
        actor: alliance
        predictions: {north: [political, military], south: political}
        notes: Identity is read from *official* statements only.
        """,
    "hypotheses/H3.yaml": """\
        id: H3
        title: Bloc restraint
        statement: The Bloc stays out of conflicts beyond its members.
        theory: realism
        actor: bloc
        prior: 0.3
        predictions: {north: none}
        """,
    "evidence/north/n1.yaml": """\
        id: N1
        claim: The Alliance declared the attack an attack on all members.
        case: north
        date: 2001-09
        phase: early
        kind: primary
        actors: [alliance]
        sources: [{key: treaty1949, pages: "Art. 5"}, {key: smith2010, pages: "12-14"}]
        quote: an attack against one shall be considered an attack against them all
        tests:
          - {hypothesis: H1, type: hoop, result: pass, note: Power needs a shared threat.}
          - {hypothesis: H2, type: smoking_gun, result: pass, note: Solidarity acted out.}
        """,
    "evidence/north/n2.yaml": """\
        id: N2
        claim: Members disputed the cost of the mission.
        case: north
        date: 2006
        sources: [{key: smith2010, pages: "40"}]
        tests:
          - {hypothesis: H2, type: straw_in_the_wind, result: fail}
          - {hypothesis: H1, type: straw_in_the_wind, result: pass}
        """,
    "evidence/north/n3.md": """\
        ---
        id: N3
        claim: The Bloc issued a statement of concern and nothing more.
        case: north
        date: 2002-03-15
        sources: [{key: jones2015}]
        tests:
          - {hypothesis: H3, type: hoop, result: pass}
        ---
        The statement is short; see **Jones**, chapter 2.
        """,
    "evidence/south/s1.yaml": """\
        id: S1
        claim: The Alliance limited itself to calls for talks.
        case: south
        date: 2012
        sources: [{key: jones2015, pages: "101"}]
        tests:
          - {hypothesis: H1, type: doubly_decisive, result: fail}
          - {hypothesis: H2, type: hoop, result: pass, p_e_h: 0.9, p_e_not_h: 0.5}
        """,
    "conclusions.yaml": """\
        conclusions:
          - {hypothesis: H1, case: north, verdict: confirmed, note: Chapter 5}
          - {hypothesis: H1, case: south, verdict: rejected, method: van_evera}
          - {hypothesis: H2, case: north, verdict: confirmed, min_robustness: 0.9, severity: warn}
        """,
    "references.bib": """\
        @book{smith2010,
          author = {Smith, Anna and Lee, Bo},
          title = {Alliances at War},
          publisher = {Example Press},
          year = {2010}
        }
        @article{jones2015,
          author = {Jones, Carl},
          title = {The Quiet Bloc},
          journal = {Journal of Examples},
          year = {2015},
          doi = {10.0000/example.2015}
        }
        @misc{treaty1949,
          author = {{The Alliance}},
          title = {The Founding Treaty},
          year = {1949}
        }
        @misc{unused2000,
          author = {Nobody},
          title = {Never Cited},
          year = {2000}
        }
        """,
}


def structure(html: str) -> dict:
    """The page reduced to what it says: sections, table cells, evidence items, bibliography entries."""
    from .conftest import parse_html

    page = parse_html(html)
    tables = []
    for table in page.find_all("table"):
        rows = [[cell.text for cell in tr.iter() if cell.tag in ("th", "td") and cell.parent is tr]
                for tr in table.find_all("tr")]
        tables.append({"class": table.attrs.get("class"), "rows": rows})
    return {
        "title": page.find("title").text,
        "sections": [s.attrs.get("id") for s in page.find_all("section")],
        "headings": [h.text for h in page.iter() if h.tag in ("h2", "h3")],
        "tables": tables,
        "items": [a.text for a in page.find_all("article", class_="item")],
        "bibliography": [li.text for li in page.by_id("bibliography").find_all("li")]
        if page.find_all(None, id="bibliography") else [],
    }


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def test_golden_report(study_factory, update_golden, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    got = structure(render_html(tracing.score(study_factory(STUDY, base=False))))
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps({"digest": _digest(got), "page": got}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8", newline="\n")
        pytest.skip(f"rewrote {GOLDEN.name}; review the diff before committing")
    assert GOLDEN.exists(), "no golden file yet: run `pytest tests/report --update-golden`"
    stored = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert stored["digest"] == _digest(stored["page"]), \
        "golden/structure.json was edited by hand: regenerate it with `pytest tests/report --update-golden`"
    expected = stored["page"]
    if got != expected:
        a = json.dumps(expected, ensure_ascii=False, indent=1).splitlines(True)
        b = json.dumps(got, ensure_ascii=False, indent=1).splitlines(True)
        diff = "".join(list(difflib.unified_diff(a, b, "golden/structure.json", "rendered", n=1))[:80])
        pytest.fail("the report says something else than the golden structure "
                    "(if intended: pytest tests/report --update-golden)\n" + diff)

"""The study the CI tests share: two hypotheses, two cases, four items, three conclusions that hold.

Scores (400 draws, seed 1): H1 × afg confirmed (posterior 0.950, linchpin A1); H2 × afg rejected
(0.077); H1 × syr inconclusive by Bayes (0.111) but rejected by Van Evera (S1 fails a hoop);
H2 × syr untested.
"""

from __future__ import annotations

import textwrap

STUDY = {
    "study.yaml": """\
        title: CI test study
        question: Why did NATO get involved?
        cases:
          afg: {label: Afghanistan}
          syr: {label: Syria}
        actors:
          nato: {label: NATO}
        scoring:
          draws: 400
          seed: 1
          vary: type          # the v1 draws: the numbers below were computed with them
        """,
    "hypotheses/H1.yaml": "id: H1\ntitle: Realist NATO\nstatement: NATO keeps its relative power.\nactor: nato\n",
    "hypotheses/H2.yaml": "id: H2\ntitle: Constructivist NATO\nstatement: NATO acts on its identity.\nactor: nato\n",
    "evidence/afg/a1.yaml": """\
        id: A1
        claim: NATO invoked Article 5.
        case: afg
        sources: [{key: nato2001, pages: "5"}]
        tests:
          - {hypothesis: H1, type: smoking_gun, result: pass}
          - {hypothesis: H2, type: hoop, result: fail}
        """,
    "evidence/afg/a2.yaml": """\
        id: A2
        claim: NATO took over ISAF.
        case: afg
        sources: [{key: nato2001}]
        tests:
          - {hypothesis: H1, type: hoop, result: pass}
        """,
    "evidence/afg/a3.yaml": """\
        id: A3
        claim: Officials spoke of relevance.
        case: afg
        sources: [{key: nato2001}]
        tests:
          - {hypothesis: H1, type: straw_in_the_wind, result: pass}
          - {hypothesis: H2, type: straw_in_the_wind, result: fail}
        """,
    "evidence/syr/s1.yaml": """\
        id: S1
        claim: NATO stayed out of Syria.
        case: syr
        sources: [{key: nato2001}]
        tests:
          - {hypothesis: H1, type: hoop, result: fail}
        """,
    "references.bib": "@misc{nato2001,\n  author = {{NATO}},\n  title = {Statement},\n  year = {2001}\n}\n",
    "conclusions.yaml": """\
        conclusions:
          - hypothesis: H1
            case: afg
            verdict: confirmed
            min_robustness: 0.5
            note: Thesis, section 5.1.3
          - hypothesis: H2
            case: afg
            verdict: rejected
          - hypothesis: H1
            case: syr
            verdict: rejected
            method: van_evera
        """,
}

# A1 re-coded: the smoking gun fails. H1 × afg falls to inconclusive (posterior 0.600).
A1_FLIPPED = """\
    id: A1
    claim: NATO invoked Article 5.
    case: afg
    sources: [{key: nato2001, pages: "5"}]
    tests:
      - {hypothesis: H1, type: smoking_gun, result: fail}
      - {hypothesis: H2, type: hoop, result: fail}
    """


def with_conclusions(*extra: str) -> dict:
    """STUDY with more conclusions appended, each given as ``- hypothesis: ...`` YAML lines."""
    files = dict(STUDY)
    files["conclusions.yaml"] = textwrap.dedent(STUDY["conclusions.yaml"]) + "".join(
        textwrap.indent(textwrap.dedent(e), "  ") for e in extra)
    return files

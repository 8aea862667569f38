"""The bundled NATO/CSTO study (the repository root) and the example studies are valid and their checks hold."""

from __future__ import annotations

from collections import Counter

import pytest

import tracing
from conftest import ROOT

# The thesis's own verdict table (seed 003, sections 5.1.3, 5.2.3 and 6; docs/method.md)
THESIS = {
    ("H1", "afghanistan"): "confirmed", ("H1", "syria"): "rejected",
    ("H2", "afghanistan"): "rejected", ("H2", "syria"): "rejected",
    ("H3", "afghanistan"): "confirmed", ("H3", "syria"): "rejected",
    ("H4", "afghanistan"): "confirmed", ("H4", "syria"): "confirmed",
}


THESIS_HYPOTHESES = ("H1", "H2", "H3", "H4")


@pytest.fixture(scope="module")
def study():
    return tracing.load_study(ROOT)


def test_the_bundled_study_is_valid_without_warnings(study):
    assert study.warnings == []


def test_the_thesis_eight_verdicts_are_stated(study):
    stated = {(c.hypothesis, c.case): c for c in study.conclusions if c.hypothesis in {"H1", "H2", "H3", "H4"}}
    assert {k: c.verdict for k, c in stated.items()} == THESIS
    for c in stated.values():  # a verdict the coding does not carry is kept, as a warning with its reason
        assert c.severity == "error" or (c.note and len(c.note) > 40)


def test_every_thesis_hypothesis_and_case_has_evidence(study):
    # the new hypotheses need not cover both cases (H6 is about Afghanistan only)
    tested = {(t.hypothesis, e.case) for e in study.evidence.values() for t in e.tests}
    for h in THESIS_HYPOTHESES:
        for c in study.config.cases:
            assert (h, c) in tested, f"no evidence on {h} × {c}"


def test_size_and_coverage(study):
    assert len(study.evidence) >= 50
    cases = Counter(e.case for e in study.evidence.values())
    assert set(cases) == {"afghanistan", "syria"}
    actors = Counter(a for e in study.evidence.values() for a in e.actors)
    assert actors["nato"] and actors["csto"]
    for e in study.evidence.values():
        assert e.sources, e.id
        assert all(s.key in study.bibliography for s in e.sources)
    new = [h for h in study.hypotheses if h not in {"H1", "H2", "H3", "H4"}]
    assert len(new) >= 3
    for h in new:
        hyp = study.hypotheses[h]
        assert hyp.predictions and hyp.rivals
        n_tests = sum(1 for e in study.evidence.values() for t in e.tests if t.hypothesis == h)
        # a new hypothesis is tested by at least five items, or says openly in its notes that it is thin
        assert n_tests >= 5 or (n_tests >= 1 and "thin" in (hyp.notes or "").lower()), h


def test_the_bundled_check_passes(cli):
    r = cli("check", str(ROOT))
    assert r.code == 0, r.text


@pytest.mark.parametrize("name", ["afghan-peace"])
def test_example_studies(name, cli):
    root = ROOT / "examples" / name
    s = tracing.load_study(root)
    assert len(s.hypotheses) >= 3 and len(s.evidence) >= 20
    assert cli("check", str(root)).code == 0

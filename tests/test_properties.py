"""Property-based tests: the engine's invariants, and the reader never crashing on mutated input."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tracing
from tracing.reading.diagnostics import StudyError
from tracing.reading.models import Hypothesis, Scoring
from tracing.engine.scoring import ScoredTest, score_pair
from tracing.weights import likelihood_ratio
from tracing.engine.sensitivity import robustness

DEFAULT = Scoring.default()
TYPES = ["straw_in_the_wind", "hoop", "smoking_gun", "doubly_decisive"]
H = Hypothesis(id="H1", title="t", statement="s")

test_spec = st.tuples(st.sampled_from(TYPES), st.sampled_from(["pass", "fail"]))
priors = st.floats(min_value=0.01, max_value=0.99)


def make_tests(specs, table=DEFAULT.tests):
    out = []
    for i, (type_, result) in enumerate(specs):
        lk = getattr(table, type_)
        out.append(ScoredTest("H1", "c", f"E{i}", type_, result, lk.p_e_h, lk.p_e_not_h, False,
                              lr=likelihood_ratio(lk.p_e_h, lk.p_e_not_h, result)))
    return out


def score(specs, prior=0.5, table=DEFAULT.tests):
    return score_pair(H, "c", make_tests(specs, table), prior, 0.9, 0.1)


@given(st.lists(test_spec, max_size=12), priors, st.randoms())
def test_order_does_not_matter(specs, prior, rnd):
    a = score(specs, prior)
    shuffled = list(specs)
    rnd.shuffle(shuffled)
    b = score(shuffled, prior)
    assert a.posterior == pytest.approx(b.posterior, abs=1e-12)
    assert (a.bayes, a.van_evera) == (b.bayes, b.van_evera)


@given(st.lists(test_spec, min_size=1, max_size=12))
def test_decibans_add(specs):
    pair = score(specs)
    assert pair.weight_db == pytest.approx(sum(t.weight_db for t in pair.tests))
    odds = math.prod(t.lr for t in pair.tests)
    assert pair.posterior == pytest.approx(odds / (1 + odds))


@given(st.lists(test_spec, max_size=10), priors)
def test_a_passed_hoop_never_lowers_the_posterior(specs, prior):
    before = score(specs, prior).posterior
    after = score(specs + [("hoop", "pass")], prior).posterior
    assert after >= before - 1e-12


@given(st.lists(test_spec, max_size=10), priors, st.integers(0, 10))
def test_a_failed_hoop_always_rejects_categorically(specs, prior, at):
    specs = list(specs)
    specs.insert(min(at, len(specs)), ("hoop", "fail"))
    assert score(specs, prior).van_evera == "rejected"


def _corner_tables():
    """Every corner of the sensitivity box: (p, q) at low or high, per type."""
    choices = []
    for t in TYPES:
        r = getattr(DEFAULT.ranges, t)
        choices.append([(p, q) for p in r.p_e_h for q in r.p_e_not_h])
    for combo in itertools.product(*choices):
        yield DEFAULT.tests.model_validate({t: {"p_e_h": p, "p_e_not_h": q} for t, (p, q) in zip(TYPES, combo)})


CORNERS = list(_corner_tables())


@settings(max_examples=40, deadline=None)
@given(st.lists(test_spec, min_size=1, max_size=8), priors)
def test_robustness_is_one_when_every_corner_keeps_the_verdict(specs, prior):
    """With one draw per test type (vary: type) and every test of a type with the same result, the log-odds
    is monotone in each drawn p and q, so the corners of the ranges bound every draw."""
    assume(all(len({r for t, r in specs if t == ty}) <= 1 for ty, _ in specs))
    point = score(specs, prior)
    assume(all(score(specs, prior, table).bayes == point.bayes for table in CORNERS))
    (rob,) = robustness([point], DEFAULT.model_copy(update={"vary": "type"}), 400, seed=1)
    assert rob == 1.0


def test_corners_do_not_bound_a_type_with_both_results():
    """A passed and two failed smoking guns, one p for all three: ln p + 2 ln(1 − p) peaks at p = 1/3, inside
    the range (0.2, 0.6), so a draw there can cross the threshold that no corner reaches. Robustness says so."""
    specs = [("smoking_gun", "pass"), ("smoking_gun", "fail"), ("smoking_gun", "fail")]
    point = score(specs, 0.40625)
    assert all(score(specs, 0.40625, table).bayes == point.bayes for table in CORNERS)
    (rob,) = robustness([point], DEFAULT.model_copy(update={"vary": "type"}), 400, seed=1)
    assert 0.9 < rob < 1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(test_spec, min_size=1, max_size=8), priors, st.integers(0, 2**32 - 1))
def test_robustness_does_not_depend_on_how_draws_are_blocked(specs, prior, seed):
    """Draws taken in blocks (to bound memory) give the same robustness as all draws at once, for a seed."""
    from tracing.engine import sensitivity

    pair = score(specs, prior)
    whole = robustness([pair], DEFAULT, 300, seed)
    saved = sensitivity.BLOCK_CELLS
    try:
        sensitivity.BLOCK_CELLS = 7  # a few draws per block
        blocked = robustness([pair], DEFAULT, 300, seed)
    finally:
        sensitivity.BLOCK_CELLS = saved
    assert blocked == whole


# -- the reader never crashes, and never writes ------------------------------------------------------------

BASE = Path(__file__).parent / "fuzz_base"
VALID_ITEM = """\
id: E2
claim: "NATO: a claim"
case: afg
date: 2003-08
sources:
  - {key: nato2001, pages: "5"}
tests:
  - hypothesis: H1
    type: hoop
    result: pass
    p_e_h: 0.9
    p_e_not_h: 0.5
"""
FRAGMENTS = ["", ":", "- ", "  ", "\t", "{", "}", "[", "]", "'", '"', "#", "&a", "*a", "!!str", "---", "...",
             "007", "yes", "null", "~", "1e3", ".inf", "\x00", "\ufeff", "\r\n", "é", "id: 5", "tests: []",
             "case: syr", "key:", "<<: *a", "|", ">", "%YAML 1.2"]


@st.composite
def mutated_yaml(draw):
    text = VALID_ITEM
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        frag = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=5))
        if op == "insert":
            text = text[:pos] + frag + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 8)):]
        else:
            text = text[:pos] + frag + text[pos + len(frag):]
    return text


def _check_reader(root: Path, rel: str, payload: bytes):
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    try:
        tracing.load_study(root)
    except StudyError as exc:
        assert exc.diagnostics and all(d.line >= 1 and d.column >= 1 and d.code.startswith("TR") for d in exc.diagnostics)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory):
    from conftest import MINIMAL_STUDY
    import textwrap

    root = tmp_path_factory.mktemp("fuzz")
    for rel, text in MINIMAL_STUDY.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    return root


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_yaml())
def test_mutated_evidence_never_crashes(fuzz_root, text):
    _check_reader(fuzz_root, "evidence/fuzz.yaml", text.encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_random_bytes_never_crash(fuzz_root, payload):
    _check_reader(fuzz_root, "hypotheses/fuzz.md", payload)
    _check_reader(fuzz_root, "evidence/fuzz.yaml", payload)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_yaml())
def test_mutated_study_yaml_never_crashes(fuzz_root, text):
    study = fuzz_root / "study.yaml"
    original = study.read_bytes()
    try:
        mutated = original.decode() + "\n" + text.replace("id: E2", "scoring:")
        _check_reader(fuzz_root, "study.yaml", mutated.encode("utf-8", "surrogatepass"))
    finally:
        study.write_bytes(original)


def test_cli_prints_no_traceback_on_fuzzed_files(study_factory, cli):
    rnd = random.Random(7)
    for i in range(8):
        text = VALID_ITEM
        for _ in range(3):
            pos = rnd.randrange(len(text))
            text = text[:pos] + rnd.choice(FRAGMENTS) + text[pos + rnd.randrange(4):]
        root = study_factory({f"evidence/f{i}.yaml": text})
        r = cli("validate", str(root))
        assert r.code in (0, 2), r.text
        assert "Traceback" not in r.text

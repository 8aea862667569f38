"""Judgement analyses (contract §9): Sobol' drivers and break-even likelihoods, `tracing sensitivity`, the report panel."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import scored_pair

from tracing.engine.judgements import PairModel, analyse, analyse_pair, pair_indices
from tracing.engine.scoring import ScoredTest, score_pair
from tracing.reading.models import Hypothesis, Scoring
from tracing.weights import likelihood_ratio, logit

ROOT = Path(__file__).resolve().parents[1]

SC = Scoring.default()


def _scoring(**changes) -> Scoring:
    return Scoring.model_validate({**Scoring.default().model_dump(), **changes})


def _pair(specs, prior=0.5, sc: Scoring = SC, hid="H1"):
    return scored_pair(specs, prior, sc, hid)


def _var_ln_uniform(a: float, b: float) -> float:
    """Var(ln X) for X ~ U(a, b): E[ln² X] − E[ln X]²."""
    def f1(x):
        return x * math.log(x) - x

    def f2(x):
        lx = math.log(x)
        return x * (lx * lx - 2 * lx + 2)

    e1 = (f1(b) - f1(a)) / (b - a)
    e2 = (f2(b) - f2(a)) / (b - a)
    return e2 - e1 * e1


def _var_ln_lr(type_: str, result: str, sc: Scoring = SC) -> float:
    r = getattr(sc.ranges, type_)
    (pa, pb), (qa, qb) = r.p_e_h, r.p_e_not_h
    if result == "fail":
        pa, pb, qa, qb = 1 - pb, 1 - pa, 1 - qb, 1 - qa
    return _var_ln_uniform(pa, pb) + _var_ln_uniform(qa, qb)


# -- drivers -----------------------------------------------------------------------------------------------------
def test_first_order_indices_on_log_odds_are_variance_shares():
    """On the log-odds scale the model is additive: each judgement's first-order (and total) index is its
    share of the variance, Var(ln p) + Var(ln q) over the sum (a check of the wiring of p, q and inputs)."""
    specs = [("smoking_gun", "pass"), ("hoop", "pass"), ("straw_in_the_wind", "pass"), ("hoop", "fail"),
             ("doubly_decisive", "pass")]
    pair = _pair(specs)
    model = PairModel(pair, SC)
    first, total = pair_indices(model, 2 ** 13, seed=3, scale="log_odds")
    var = [_var_ln_lr(t, r) for t, r in specs]
    shares = [v / sum(var) for v in var]
    for k, share in enumerate(shares):
        assert first[2 * k] + first[2 * k + 1] == pytest.approx(share, abs=0.03)
        assert total[2 * k] + total[2 * k + 1] == pytest.approx(share, abs=0.03)
    # and each of p and q separately
    r = SC.ranges.smoking_gun
    assert first[1] == pytest.approx(_var_ln_uniform(*r.p_e_not_h) / sum(var), abs=0.03)


def test_posterior_indices_are_not_the_log_odds_shares():
    """The posterior saturates: a judgement's index depends on where the others put it (interactions)."""
    pair = _pair([("smoking_gun", "pass"), ("smoking_gun", "pass"), ("straw_in_the_wind", "pass")], prior=0.3)
    model = PairModel(pair, SC)
    first, total = pair_indices(model, 2 ** 12, seed=0)
    assert sum(total) > sum(first) + 0.01   # total indices exceed first-order ones: the output is not additive


def test_a_dominant_judgement_ranks_first():
    """A wide smoking gun among narrow straws in the wind: its q range spans a factor of ten."""
    specs = [("straw_in_the_wind", "pass"), ("smoking_gun", "pass"), ("straw_in_the_wind", "pass"),
             ("straw_in_the_wind", "fail"), ("hoop", "pass", 0.9, 0.5)]
    pj = analyse_pair(_pair(specs, prior=0.3), SC, n=1024)
    assert pj.drivers[0].judgement == "E1:H1"
    assert pj.drivers[0].total_index > 2 * pj.drivers[1].total_index
    assert "E4:H1" not in {d.judgement for d in pj.drivers}       # an override is not a judgement drawn
    assert [d.total_index for d in pj.drivers] == sorted((d.total_index for d in pj.drivers), reverse=True)


def test_vary_type_names_types_and_dependence():
    sc = _scoring(vary="type")
    tests = []
    for i, (type_, result, cluster) in enumerate([("hoop", "pass", "c1"), ("hoop", "pass", "c1"),
                                                   ("smoking_gun", "pass", None)]):
        lk = getattr(sc.tests, type_)
        tests.append(ScoredTest("H1", "c", f"E{i}", type_, result, lk.p_e_h, lk.p_e_not_h, False,
                                lr=likelihood_ratio(lk.p_e_h, lk.p_e_not_h, result), cluster=cluster))
    pair = score_pair(Hypothesis(id="H1", title="t", statement="s"), "c", tests, 0.5, 0.9, 0.1, 0.0)
    pj = analyse_pair(pair, sc, n=512)
    assert {d.judgement for d in pj.drivers} == {"hoop", "smoking_gun", "dependence"}


def test_a_fixed_seed_gives_the_same_numbers(study_factory):
    from tracing import load_study
    from tracing.engine.results import score_study

    result = score_study(load_study(study_factory()), draws=0)
    a = analyse(result, n=256).to_dict()
    b = analyse(result, n=256).to_dict()
    assert a == b
    one = analyse(result, n=256, pairs=[("H1", "afg")]).to_dict()["pairs"][0]
    assert one == next(p for p in a["pairs"] if (p["hypothesis"], p["case"]) == ("H1", "afg"))


# -- break-even ----------------------------------------------------------------------------------------------------
def test_break_even_matches_the_closed_form():
    """One test of its type: LR* = threshold odds / (prior odds × product of the other LRs)."""
    specs = [("smoking_gun", "pass"), ("hoop", "pass"), ("straw_in_the_wind", "pass")]
    prior = 0.5
    pair = _pair(specs, prior=prior)
    assert pair.bayes == "confirmed"
    pj = analyse_pair(pair, SC, n=256)
    be = {b.type: b for b in pj.break_even}
    lr = {t: likelihood_ratio(getattr(SC.tests, t).p_e_h, getattr(SC.tests, t).p_e_not_h, "pass") for t, _ in specs}
    odds = math.exp(logit(SC.thresholds.confirmed)) / math.exp(logit(prior))

    sg = SC.tests.smoking_gun
    lr_star = odds / (lr["hoop"] * lr["straw_in_the_wind"])
    lo, hi = be["smoking_gun"].p_e_not_h
    assert (lo, hi) == (0.0, pytest.approx(sg.p_e_h / lr_star, rel=1e-9))     # stays confirmed while q ≤ q*
    lo, hi = be["smoking_gun"].p_e_h
    assert (lo, hi) == (pytest.approx(lr_star * sg.p_e_not_h, rel=1e-9), 1.0)  # ... and while p ≥ p*

    hoop = SC.tests.hoop
    lr_star = odds / (lr["smoking_gun"] * lr["straw_in_the_wind"])
    assert be["hoop"].p_e_h[0] == pytest.approx(lr_star * hoop.p_e_not_h, rel=1e-9)


def test_break_even_of_a_failed_test_and_the_whole_range():
    """A failed hoop: (1 − p)/(1 − q) = LR*; a type that cannot flip the verdict alone is the whole range."""
    prior = 0.5
    pair = _pair([("hoop", "fail"), ("straw_in_the_wind", "pass"), ("doubly_decisive", "fail", 0.95, 0.05)],
                 prior=prior)
    assert pair.bayes == "rejected"
    be = {b.type: b for b in analyse_pair(pair, SC, n=256).break_even}
    assert set(be) == {"hoop", "straw_in_the_wind"}          # the override's type is not varied
    odds = math.exp(logit(SC.thresholds.rejected)) / math.exp(logit(prior))
    others = likelihood_ratio(0.6, 0.4, "pass") * likelihood_ratio(0.95, 0.05, "fail")
    lr_star = odds / others
    q = SC.tests.hoop.p_e_not_h
    lo, hi = be["hoop"].p_e_h
    assert lo == pytest.approx(1 - lr_star * (1 - q), rel=1e-9)   # p below it: the failed hoop weighs too little
    assert be["straw_in_the_wind"].to_dict()["p_e_h"] == "whole range"


def test_break_even_sentence_names_type_bound_and_table_value():
    from tracing.engine.words import break_even_sentences

    pair = _pair([("smoking_gun", "pass"), ("hoop", "pass"), ("straw_in_the_wind", "pass")])
    be = {b.type: b for b in analyse_pair(pair, SC, n=256).break_even}
    sentences = break_even_sentences(be["smoking_gun"], "confirmed")
    assert "stays confirmed while smoking-gun q \u2264 0.11; the table uses 0.05" in sentences[1]


# -- the command and the report -----------------------------------------------------------------------------------
def test_sensitivity_json_shape(cli, study_factory):
    study = study_factory()
    r = cli("sensitivity", study, "--format", "json", "--n", "256")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert {"pairs", "rival_sets"} <= set(data)
    pair = next(p for p in data["pairs"] if (p["hypothesis"], p["case"]) == ("H1", "afg"))
    assert pair["drivers"][0]["judgement"] == "E1:H1"
    assert set(pair["drivers"][0]) == {"judgement", "total_index"}
    b = pair["break_even"][0]
    assert set(b) == {"type", "p_e_h", "p_e_not_h"}
    assert all(v == "whole range" or (len(v) == 2 and v[0] <= v[1]) for v in (b["p_e_h"], b["p_e_not_h"]))


def test_sensitivity_table_and_pair(cli, study_factory):
    study = study_factory()
    r = cli("sensitivity", study, "--n", "256")
    assert r.code == 0, r.err
    assert "judgement" in r.out and "total index" in r.out and "H2 in Afghanistan" in r.out
    r = cli("sensitivity", study, "--pair", "H1:afg", "--format", "json", "--n", "256")
    assert r.code == 0
    data = json.loads(r.out)
    assert [(p["hypothesis"], p["case"]) for p in data["pairs"]] == [("H1", "afg")]
    assert data["rival_sets"] == []


@pytest.mark.parametrize("args", [["--pair", "H9:afg"], ["--pair", "H1:nowhere"], ["--pair", "H1"], ["--n", "1000"]])
def test_sensitivity_usage_errors_exit_2(cli, study_factory, args):
    r = cli("sensitivity", study_factory(), *args)
    assert r.code == 2
    assert "error:" in r.err


def test_sensitivity_of_an_invalid_study_exits_2(cli, study_factory):
    study = study_factory({"hypotheses/H2.yaml": "id: H2\ntitle: x\n"})
    r = cli("sensitivity", study)
    assert r.code == 2


def test_rival_sets_get_the_analyses_on_best(cli, study_factory):
    study = study_factory({"study.yaml": """\
        title: Test study
        question: Why?
        cases:
          afg: {label: Afghanistan}
          syr: {label: Syria}
        actors:
          nato: {label: NATO}
          csto: {label: CSTO}
        rival_sets:
          why: {members: [H1, H2]}
        """})
    r = cli("sensitivity", study, "--format", "json", "--n", "256")
    assert r.code == 0, r.err
    sets = json.loads(r.out)["rival_sets"]
    afg = next(s for s in sets if s["case"] == "afg")
    assert afg["best"] == "H2"          # P(E1 | H2) = 0.95 (hoop) against P(E1 | H1) = 0.4 (smoking gun)
    assert {d["judgement"] for d in afg["drivers"]} == {"E1:H1", "E1:H2"}
    assert afg["break_even"]


def test_report_panel_and_no_analyses(cli, study_factory, tmp_path):
    study = study_factory()
    r = cli("report", study, "--out", tmp_path / "a")
    assert r.code == 0, r.err
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "What would change this verdict" in page
    assert "of the uncertainty" in page
    r = cli("report", study, "--no-analyses", "--out", tmp_path / "b")
    assert r.code == 0, r.err
    assert "What would change this verdict" not in (tmp_path / "b" / "index.html").read_text(encoding="utf-8")


def test_validate_score_and_check_never_import_scipy():
    code = (
        "import sys, contextlib, io\n"
        "from tracing.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    for cmd in (['validate', {str(ROOT)!r}], ['score', {str(ROOT)!r}], ['score', {str(ROOT)!r}, '--format', 'json'],"
        f" ['check', {str(ROOT)!r}]):\n"
        "        main(cmd)\n"
        "print(sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

"""Contract v2 inference (§6.2, 6.7, 6.10, 6.11): each rule against a hand-computed example, and its properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracing
from tracing.engine.scoring import ScoredTest, bayes_verdict, score_pair
from tracing.engine.sensitivity import (
    block_agreement, draw_log_lrs, pair_arrays, robustness, robustness_counts, wilson_interval,
)
from tracing.reading.declared import congruence_tests
from tracing.reading.models import Hypothesis, Scoring, StudyConfig
from tracing.weights import EvidenceState, expit, likelihood_ratio, logit

H = Hypothesis(id="H1", title="t", statement="s")
DEFAULT = Scoring.default()
V1 = Scoring.model_validate({**DEFAULT.model_dump(), "vary": "type",
                             "congruence": {"mode": "fixed", "type": "hoop", "p_e_h": 0.95}})
LEVELS = ["none", "political", "material", "military"]


_UNSET = object()


def _config(base_rates=None, congruence=_UNSET) -> StudyConfig:
    outcome = {"name": "involvement", "levels": LEVELS,
               "observed": [{"actor": "nato", "case": "afg", "level": "military"}]}
    if base_rates:
        outcome["base_rates"] = base_rates
    data = {"title": "T", "question": "Q", "cases": {"afg": {}}, "actors": {"nato": {}}, "outcome": outcome}
    if congruence is not _UNSET:
        data["scoring"] = {"congruence": congruence}
    return StudyConfig.model_validate(data)


def _cong(config, predicted, ex_post=False):
    h = Hypothesis(id="H1", title="t", statement="s", actor="nato", predictions={"afg": predicted}, ex_post=ex_post)
    return list(congruence_tests(config, {"H1": h}))


# -- §6.2 congruence from the breadth of the prediction ----------------------------------------------------

@pytest.mark.parametrize("predicted,q", [
    (["military"], 0.25), (["material", "military"], 0.5), (["political", "material", "military"], 0.75)])
def test_breadth_pass_uniform(predicted, q):
    (t,) = _cong(_config(), predicted)
    assert (t.result, t.p_e_h, t.p_e_not_h, t.breadth) == ("pass", 0.95, q, (len(predicted), 4))
    assert likelihood_ratio(t.p_e_h, t.p_e_not_h, t.result) == pytest.approx(0.95 / q)


@pytest.mark.parametrize("predicted,q,lr", [
    (["none"], 0.25, 0.05 / 0.75), (["none", "political"], 0.5, 0.05 / 0.5),
    (["none", "political", "material"], 0.75, 0.05 / 0.25)])
def test_breadth_fail_uniform(predicted, q, lr):
    (t,) = _cong(_config(), predicted)
    assert (t.result, t.p_e_not_h) == ("fail", q)
    assert likelihood_ratio(t.p_e_h, t.p_e_not_h, t.result) == pytest.approx(lr)


def test_three_of_four_levels_is_plus_one_and_minus_seven_db():
    """The issue's example: predicting 3 of 4 levels, pass +1.0 dB, fail −7.0 dB."""
    assert 10 * math.log10(0.95 / 0.75) == pytest.approx(1.03, abs=0.01)
    assert 10 * math.log10(0.05 / 0.25) == pytest.approx(-6.99, abs=0.01)


def test_a_prediction_of_every_level_gets_no_test():
    assert _cong(_config(), LEVELS) == []
    assert _cong(_config({"none": 0.4, "political": 0.3, "material": 0.2, "military": 0.1}), LEVELS) == []


RATES = {"none": 0.4, "political": 0.3, "material": 0.2, "military": 0.1}


@pytest.mark.parametrize("predicted,q,result", [
    (["military"], 0.1, "pass"),                          # LR 9.5
    (["material", "military"], 0.3, "pass"),              # LR 3.1667
    (["political", "material", "military"], 0.6, "pass"),  # LR 1.5833
    (["none"], 0.4, "fail"),                              # LR 0.05 / 0.6
    (["none", "political", "material"], 0.9, "fail"),     # LR 0.5
])
def test_breadth_with_base_rates(predicted, q, result):
    (t,) = _cong(_config(RATES), predicted)
    assert t.result == result and t.p_e_not_h == pytest.approx(q, abs=1e-15)
    want = 0.95 / q if result == "pass" else 0.05 / (1 - q)
    assert likelihood_ratio(t.p_e_h, t.p_e_not_h, t.result) == pytest.approx(want)


def test_ex_post_and_off_and_v1_spelling():
    assert _cong(_config(), ["military"], ex_post=True) == []
    assert _cong(_config(congruence=None), ["military"]) == []
    (t,) = _cong(_config(congruence="hoop"), ["military"])
    assert (t.type, t.p_e_h, t.p_e_not_h, t.breadth) == ("hoop", 0.95, 0.6, None)
    (t,) = _cong(_config(congruence={"mode": "fixed", "type": "smoking_gun"}), ["military"])
    assert (t.type, t.p_e_h, t.p_e_not_h) == ("smoking_gun", 0.4, 0.05)


# -- §6.10 dependence clusters -----------------------------------------------------------------------------

def _t(eid, type_, result, cluster=None, p=None, q=None):
    lk = getattr(DEFAULT.tests, type_)
    pp, qq = (p, q) if p is not None else (lk.p_e_h, lk.p_e_not_h)
    return ScoredTest("H1", "c", eid, type_, result, pp, qq, p is not None, lr=likelihood_ratio(pp, qq, result),
                      cluster=cluster)


def _score(tests, discount=0.0, prior=0.5, sources=None):
    return score_pair(H, "c", tests, prior, 0.9, 0.1, discount, sources)


SG, HOOP, SW, SW_FAIL = math.log(8), math.log(0.95 / 0.6), math.log(1.5), math.log(0.4 / 0.6)


@pytest.mark.parametrize("discount", [0.0, 0.5])
def test_same_sign_cluster(discount):
    tests = [_t("E1", "hoop", "pass", "k"), _t("E2", "straw_in_the_wind", "pass", "k"),
             _t("E3", "smoking_gun", "pass", "k"), _t("E4", "straw_in_the_wind", "pass")]
    pair = _score(tests, discount)
    log_lr = SG + discount * (HOOP + SW) + SW
    assert pair.state.log_lr == pytest.approx(log_lr)
    assert pair.posterior == pytest.approx(expit(log_lr))
    assert pair.weight_db == pytest.approx(10 * log_lr / math.log(10))
    eff = {t.evidence: t.effective_db for t in pair.tests}
    assert eff["E3"] == pytest.approx(10 * math.log10(8))                       # the strongest counts in full
    assert eff["E1"] == pytest.approx(discount * 10 * math.log10(0.95 / 0.6))
    assert eff["E4"] == tests[3].weight_db                                      # outside the cluster
    assert pair.van_evera == "confirmed"                                        # Van Evera ignores clusters


@pytest.mark.parametrize("discount", [0.0, 0.5])
def test_mixed_sign_cluster(discount):
    tests = [_t("E1", "straw_in_the_wind", "fail", "k"), _t("E2", "smoking_gun", "pass", "k")]
    pair = _score(tests, discount)
    assert pair.state.log_lr == pytest.approx(SG + discount * SW_FAIL)
    assert [t.effective_db for t in pair.tests] == pytest.approx([discount * 10 * math.log10(0.4 / 0.6),
                                                                  10 * math.log10(8)])


def test_ties_in_a_cluster_go_to_the_smaller_item_id():
    tests = [_t("E2", "hoop", "pass", "k", 0.8, 0.4), _t("E1", "hoop", "fail", "k", 0.6, 0.8)]  # ln 2 and ln 2 / −ln 2
    pair = _score(tests, 0.0)
    assert pair.state.log_lr == pytest.approx(math.log(0.4 / 0.2))   # E1's fail: ln(0.4 / 0.2) = ln 2
    assert [t.share for t in pair.tests] == [0.0, 1.0]


@pytest.mark.parametrize("discount", [0.0, 0.5])
def test_a_cluster_with_an_eliminating_test(discount):
    tests = [_t("E1", "smoking_gun", "pass", "k"), _t("E2", "hoop", "fail", "k", 1.0, 0.6)]
    pair = _score(tests, discount)
    assert pair.posterior == 0.0 and pair.weight_db == -math.inf and pair.bayes == "rejected"
    assert {t.evidence: t.effective_db for t in pair.tests}["E2"] == -math.inf
    assert pair.linchpins == ["E2"]            # without it the smoking gun alone: 0.889, inconclusive
    assert pair.prior_bounds == (0.0, 1.0)


def test_linchpins_reapply_the_discount():
    # two smoking guns in one cluster at d = 0: removing either leaves the other in full, so neither is a linchpin
    tests = [_t("E1", "smoking_gun", "pass", "k"), _t("E2", "smoking_gun", "pass", "k"), _t("E3", "smoking_gun", "pass")]
    pair = _score(tests, 0.0)
    assert pair.posterior == pytest.approx(64 / 65) and pair.bayes == "confirmed"
    assert pair.linchpins == ["E3"]


def test_source_linchpins():
    tests = [_t("E1", "smoking_gun", "pass"), _t("E2", "smoking_gun", "pass"), _t("E3", "straw_in_the_wind", "pass")]
    pair = _score(tests, sources={"E1": ["a"], "E2": ["a", "b"], "E3": ["b"]})
    # removing key a leaves E3 (0.6): inconclusive; removing b leaves E1: 0.889, inconclusive too
    assert pair.bayes == "confirmed" and pair.source_linchpins == ["a", "b"]
    assert pair.linchpins == []


# -- §6.11 prior bounds ----------------------------------------------------------------------------------

@pytest.mark.parametrize("specs,verdict", [
    ([("smoking_gun", "pass"), ("hoop", "pass")], "confirmed"),
    ([("hoop", "fail"), ("straw_in_the_wind", "fail")], "rejected"),
    ([("hoop", "fail")], "inconclusive"),
])
def test_prior_bounds_hold_inside_and_break_outside(specs, verdict):
    tests = [_t(f"E{i}", ty, r) for i, (ty, r) in enumerate(specs)]
    pair = _score(tests)
    assert pair.bayes == verdict
    lo, hi = pair.prior_bounds
    L = sum(math.log(t.lr) for t in tests)
    if verdict == "confirmed":
        assert (lo, hi) == (pytest.approx(expit(logit(0.9) - L)), 1.0)
    elif verdict == "rejected":
        assert (lo, hi) == (0.0, pytest.approx(expit(logit(0.1) - L)))
    else:
        assert (lo, hi) == (pytest.approx(expit(logit(0.1) - L)), pytest.approx(expit(logit(0.9) - L)))
    eps = 1e-7
    for bound, inside, outside in ((lo, lo + eps, lo - eps), (hi, hi - eps, hi + eps)):
        if bound in (0.0, 1.0):
            continue
        assert _score(tests, prior=inside).bayes == verdict
        assert _score(tests, prior=outside).bayes != verdict


def test_one_failed_hoop_is_bayes_inconclusive_but_van_evera_rejected():
    pair = _score([_t("E1", "hoop", "fail")])
    assert pair.posterior == pytest.approx(1 / 9) and pair.bayes == "inconclusive" and pair.van_evera == "rejected"


def test_no_tests_holds_for_any_prior():
    assert _score([]).prior_bounds == (0.0, 1.0)


# -- §6.11 Wilson interval ---------------------------------------------------------------------------------

def test_wilson_interval():
    lo, hi = wilson_interval(8, 10)
    assert (lo, hi) == (pytest.approx(0.4901625, abs=1e-6), pytest.approx(0.9433178, abs=1e-6))
    assert wilson_interval(10, 10)[1] == 1.0 and wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(0, 0) is None


def test_score_json_carries_the_new_keys(study_factory):
    r = tracing.score(study_factory())
    data = r.to_dict()
    s = data["scores"][0]
    assert {"prior_bounds", "robustness_interval", "source_linchpins"} <= set(s)
    k = round(s["robustness"] * r.draws)
    assert s["robustness_interval"] == pytest.approx(list(wilson_interval(k, r.draws)))
    assert all("effective_db" in t for t in data["evidence_tests"])
    assert {"prior_low", "prior_high", "robustness_low", "robustness_high", "source_linchpins"} <= set(r.scores.columns)


# -- §6.7 sensitivity --------------------------------------------------------------------------------------

def _loop_vary_test(pair, scoring, draws, seed):
    """Reference for ``vary: test``: one Python iteration per draw, the stream read draw by draw (its uniforms
    are single-precision floats, two per 64-bit step; the arithmetic here is in double precision)."""
    varying = [t for t in pair.tests if not t.fixed]
    u = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))).random(
        (draws, 2 * len(varying)), dtype=np.float32).astype(float)
    agree = 0
    for d in range(draws):
        state = EvidenceState()
        k = 0
        for t in pair.tests:
            if t.fixed:
                state = state.add(t.lr)
                continue
            r = getattr(scoring.ranges, t.type)
            p = r.p_e_h[0] + (r.p_e_h[1] - r.p_e_h[0]) * u[d, 2 * k]
            q = r.p_e_not_h[0] + (r.p_e_not_h[1] - r.p_e_not_h[0]) * u[d, 2 * k + 1]
            state = state.add(likelihood_ratio(p, q, t.result))
            k += 1
        agree += bayes_verdict(state.posterior(pair.prior), len(pair.tests), 0.9, 0.1) == pair.bayes
    return agree


@pytest.mark.parametrize("specs", [
    [("hoop", "fail")], [("smoking_gun", "pass"), ("straw_in_the_wind", "pass"), ("hoop", "fail")],
    [("straw_in_the_wind", "fail")] * 4 + [("hoop", "pass")]])
def test_vary_test_vectorised_equals_loop(specs):
    pair = _score([_t(f"E{i}", ty, r) for i, (ty, r) in enumerate(specs)], prior=0.6)
    (k,) = robustness_counts([pair], DEFAULT, 500, seed=4)
    assert k == _loop_vary_test(pair, DEFAULT, 500, 4)


def test_vary_test_asks_about_each_item_alone():
    """Two hoops passed and one failed: with one p, q per type the failure always cancels a pass; per test not."""
    tests = [_t("E1", "hoop", "pass"), _t("E2", "hoop", "pass"), _t("E3", "hoop", "fail"),
             _t("E4", "smoking_gun", "pass")]
    pair = _score(tests, prior=0.5)
    by_type, by_test = robustness([pair], V1, 2000, 0)[0], robustness([pair], DEFAULT, 2000, 0)[0]
    assert by_type != by_test


test_spec = st.tuples(st.sampled_from(["straw_in_the_wind", "hoop", "smoking_gun", "doubly_decisive"]),
                      st.sampled_from(["pass", "fail"]), st.sampled_from([None, "k", "m"]))


@settings(max_examples=30, deadline=None)
@given(st.lists(test_spec, min_size=1, max_size=7), st.floats(0.05, 0.95), st.integers(0, 2**31))
def test_vary_type_is_v1(specs, prior, seed):
    """``vary: type`` without clusters is the v1 computation, bit for bit."""
    pair = _score([_t(f"E{i}", ty, r) for i, (ty, r, _) in enumerate(specs)], prior=prior)
    counts, fixed, n_tests, point = pair_arrays([pair])
    v1 = block_agreement(draw_log_lrs(V1, 300, seed), counts, fixed, n_tests, point, V1)
    assert robustness_counts([pair], V1, 300, seed).tolist() == v1.tolist()


@settings(max_examples=30, deadline=None)
@given(st.lists(test_spec, min_size=1, max_size=7), st.floats(0.05, 0.95))
def test_discount_one_equals_no_cluster(specs, prior):
    clustered = _score([_t(f"E{i}", ty, r, c) for i, (ty, r, c) in enumerate(specs)], 1.0, prior)
    plain = _score([_t(f"E{i}", ty, r) for i, (ty, r, _) in enumerate(specs)], 1.0, prior)
    assert clustered.posterior == plain.posterior and clustered.bayes == plain.bayes
    assert clustered.linchpins == plain.linchpins and clustered.prior_bounds == plain.prior_bounds


@settings(max_examples=30, deadline=None)
@given(st.lists(test_spec, min_size=1, max_size=7), st.floats(0.05, 0.95), st.floats(0, 1), st.integers(0, 2**31))
def test_one_item_clusters_equal_no_cluster(specs, prior, discount, seed):
    own = _score([_t(f"E{i}", ty, r, f"c{i}") for i, (ty, r, _) in enumerate(specs)], discount, prior)
    plain = _score([_t(f"E{i}", ty, r) for i, (ty, r, _) in enumerate(specs)], discount, prior)
    assert (own.posterior, own.bayes, own.linchpins, own.prior_bounds) == \
        (plain.posterior, plain.bayes, plain.linchpins, plain.prior_bounds)
    assert robustness([own], DEFAULT, 200, seed) == robustness([plain], DEFAULT, 200, seed)


def test_drawn_discount_moves_a_cluster_verdict():
    """Three smoking guns in one cluster: at d = 0 the cluster counts once (0.889, inconclusive); with a drawn
    discount up to 1 some draws confirm."""
    tests = [_t(f"E{i}", "smoking_gun", "pass", "k") for i in range(3)]
    pair = _score(tests, 0.0)
    assert pair.bayes == "inconclusive"
    wide = Scoring.model_validate({**DEFAULT.model_dump(), "dependence": {"discount": 0.0, "range": [0.0, 1.0]}})
    narrow = Scoring.model_validate({**DEFAULT.model_dump(), "dependence": {"discount": 0.0, "range": [0.0, 0.0]}})
    assert robustness([pair], wide, 1000, 0)[0] < robustness([pair], narrow, 1000, 0)[0]


# -- the report and check wording ---------------------------------------------------------------------------

def test_report_shows_clusters_breadth_prior_bounds_and_ex_post(study_factory):
    from tracing.output.report import render_html

    item = """\
        id: {id}
        claim: c
        case: afg
        cluster: mandate
        sources: [{{key: nato2001}}]
        tests: [{{hypothesis: H1, type: {type}, result: pass}}]
        """
    root = study_factory({
        "hypotheses/H1.yaml": "id: H1\ntitle: t\nstatement: s\nactor: nato\npredictions: {afg: [political, material, military]}\n",
        "hypotheses/H2.yaml": "id: H2\ntitle: u\nstatement: s\nactor: nato\nex_post: true\npredictions: {afg: military}\n",
        "evidence/afg/e1.yaml": item.format(id="E1", type="smoking_gun"),
        "evidence/afg/e2.yaml": item.format(id="E2", type="hoop")})
    result = tracing.score(root)
    assert [t.evidence for t in result.pair("H2", "afg").tests] == []          # ex post: no congruence test
    page = render_html(result)
    assert "Cluster mandate: 2 items" in page
    assert "predicts 3 of 4 levels: pass +1.0 dB, fail \u22127.0 dB" in page
    assert "holds for any prior above" in page
    assert "ex post" in page
    assert "No test: the verdict is inconclusive whatever the likelihoods." in page


def test_check_states_prior_bounds_and_source_linchpins(study_factory, cli):
    root = study_factory({"conclusions.yaml": "conclusions:\n  - {hypothesis: H1, case: afg, verdict: confirmed}\n"})
    r = cli("check", str(root))
    assert r.code == 1
    assert "The evidence gives inconclusive for any prior between" in r.out
    assert "confirmed would need a prior of at least" in r.out

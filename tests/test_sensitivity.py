"""The vectorised Monte Carlo agrees with a plain loop over draws (contract 6.7)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import scored_pair

from tracing.reading.models import Scoring
from tracing.testtypes import TEST_TYPES
from tracing.engine.scoring import bayes_verdict
from tracing.weights import EvidenceState, likelihood_ratio
from tracing.engine.sensitivity import draw_log_lrs, robustness

SC = Scoring.model_validate({**Scoring.default().model_dump(), "vary": "type"})  # v1 draws: one p, q per type


def _pair(specs, prior=0.5, hid="H1"):
    return scored_pair(specs, prior, SC, hid, confirmed=0.9, rejected=0.1)


def _loop_robustness(pair, draws, seed):
    """Reference: the same draws, one Python iteration per draw."""
    rng = np.random.default_rng(seed)
    table = {}
    for t in TEST_TYPES:
        r = getattr(SC.ranges, t)
        table[t] = (rng.uniform(*r.p_e_h, draws), rng.uniform(*r.p_e_not_h, draws))
    agree = 0
    for d in range(draws):
        finite, zeros, infs = 0.0, 0, 0
        for t in pair.tests:
            p, q = (t.p_e_h, t.p_e_not_h) if t.override else (table[t.type][0][d], table[t.type][1][d])
            lr = likelihood_ratio(p, q, t.result)
            if lr == 0:
                zeros += 1
            elif lr == math.inf:
                infs += 1
            else:
                finite += math.log(lr)
        v = bayes_verdict(EvidenceState(finite, zeros, infs).posterior(pair.prior), len(pair.tests), 0.9, 0.1)
        agree += v == pair.bayes
    return agree / draws


@pytest.mark.parametrize("specs,prior", [
    ([("hoop", "fail")], 0.74),
    ([("smoking_gun", "pass"), ("straw_in_the_wind", "pass")], 0.5),
    ([("straw_in_the_wind", "fail")] * 4 + [("hoop", "pass")], 0.5),
    ([("doubly_decisive", "pass"), ("hoop", "fail", 0.9, 0.5)], 0.3),
    ([], 0.5),
])
def test_vectorised_equals_loop(specs, prior):
    pair = _pair(specs, prior)
    (vec,) = robustness([pair], SC, 700, seed=3)
    assert vec == pytest.approx(_loop_robustness(pair, 700, 3), abs=1e-12)


def test_many_pairs_at_once_equal_one_at_a_time():
    pairs = [_pair([("hoop", "fail")], 0.74), _pair([("smoking_gun", "pass")] * 2), _pair([("straw_in_the_wind", "pass")])]
    together = robustness(pairs, SC, 500, seed=11)
    alone = [robustness([p], SC, 500, seed=11)[0] for p in pairs]
    assert together == alone


def test_draws_are_within_the_ranges():
    lnlr = draw_log_lrs(SC, 1000, seed=0)
    assert lnlr.shape == (1000, 8)
    hoop_pass = lnlr[:, 2]
    lo = math.log(0.9 / 0.8)
    hi = math.log(0.99 / 0.4)
    assert (hoop_pass >= lo).all() and (hoop_pass <= hi).all()

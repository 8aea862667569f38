"""Sensitivity analysis (contract 6.7): how often the Bayesian verdict survives likelihoods drawn from ranges.

Each draw takes, per test type, one p ~ U(ranges.p_e_h) and one q ~ U(ranges.p_e_not_h),
shared by every test of that type without an override; overrides and priors stay
fixed. The work is one (draws × 8) by (8 × pairs) product: a pair's log-odds in a
draw is its fixed part plus, for each (type, result), the count of such tests times
that draw's ln LR. No Python loop runs over draws or tests.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from .models.common import TEST_TYPES

if TYPE_CHECKING:  # pragma: no cover
    from .models import Scoring
    from .scoring import PairScore

_VERDICT = {"rejected": -1, "inconclusive": 0, "confirmed": 1}


def draw_log_lrs(scoring: "Scoring", draws: int, seed: int):
    """ln LR per draw for each (type, result): an array of shape (draws, 8), columns type-major, pass then fail."""
    import numpy as np

    rng = np.random.default_rng(seed)
    cols = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for type_ in TEST_TYPES:
            r = getattr(scoring.ranges, type_)
            p = rng.uniform(r.p_e_h[0], r.p_e_h[1], draws)
            q = rng.uniform(r.p_e_not_h[0], r.p_e_not_h[1], draws)
            cols.append(np.log(p) - np.log(q))
            cols.append(np.log1p(-p) - np.log1p(-q))
    return np.column_stack(cols)


def verdict_codes(log_odds, n_tests, confirmed: float, rejected: float):
    """Bayesian verdicts as -1/0/1 from log-odds (NaN and pairs without tests are inconclusive)."""
    import numpy as np

    lo_c, lo_r = math.log(confirmed / (1 - confirmed)), math.log(rejected / (1 - rejected))
    with np.errstate(invalid="ignore"):
        codes = np.where(log_odds >= lo_c, 1, np.where(log_odds <= lo_r, -1, 0))
    codes = np.where(np.isnan(log_odds), 0, codes)
    return np.where(np.asarray(n_tests) == 0, 0, codes)


def robustness(pairs: Sequence["PairScore"], scoring: "Scoring", draws: int, seed: int) -> list[float]:
    """Share of draws whose Bayesian verdict equals each pair's point verdict."""
    import numpy as np

    if not pairs:
        return []
    col = {(t, r): 2 * i + (r == "fail") for i, t in enumerate(TEST_TYPES) for r in ("pass", "fail")}
    counts = np.zeros((8, len(pairs)))
    fixed = np.zeros(len(pairs))
    n_tests = np.zeros(len(pairs), dtype=int)
    for j, pair in enumerate(pairs):
        fixed[j] = math.log(pair.prior / (1 - pair.prior))
        n_tests[j] = len(pair.tests)
        for t in pair.tests:
            if t.override:
                fixed[j] += math.log(t.lr) if 0 < t.lr < math.inf else (math.inf if t.lr else -math.inf)
            else:
                counts[col[(t.type, t.result)], j] += 1
    lnlr = draw_log_lrs(scoring, draws, seed)                       # (draws, 8)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(lnlr)
        varying = np.where(finite, lnlr, 0.0) @ counts                # (draws, pairs)
        # an infinite ln LR (a range bound at 0 or 1) counts only where the pair has such tests
        log_odds = fixed[None, :] + varying
        if not finite.all():
            log_odds = log_odds + np.where(~finite[:, :, None] & (counts[None, :, :] > 0), lnlr[:, :, None], 0.0).sum(axis=1)
    codes = verdict_codes(log_odds, n_tests, scoring.thresholds.confirmed, scoring.thresholds.rejected)
    point = np.array([_VERDICT[p.bayes] for p in pairs])
    return [float(x) for x in (codes == point[None, :]).mean(axis=0)]

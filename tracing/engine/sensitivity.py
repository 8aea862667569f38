"""Sensitivity analysis (contract 6.7): how often the Bayesian verdict survives likelihoods drawn from ranges.

Each draw takes, per test type, one p ~ U(ranges.p_e_h) and one q ~ U(ranges.p_e_not_h),
shared by every test of that type without an override; overrides and priors stay
fixed. The work is one (draws × 2T) by (2T × pairs), T test types, product: a pair's log-odds in a
draw is its fixed part plus, for each (type, result), the count of such tests times
that draw's ln LR. No Python loop runs over tests; draws are taken in blocks
(:data:`BLOCK_CELLS`), so memory stays bounded for any number of draws, and
each block's agreement counts can be computed anywhere and summed
(see docs/scaling.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..testtypes import RESULTS, TEST_TYPES
from ..weights import ln, logit

if TYPE_CHECKING:  # pragma: no cover
    from ..reading.models import Scoring
    from .scoring import PairScore

_VERDICT = {"rejected": -1, "inconclusive": 0, "confirmed": 1}


def draw_log_lrs(scoring: "Scoring", draws: int, seed: int, start: int = 0, stop: int | None = None):
    """ln LR per draw for each (type, result): an array of shape (draws, 2T), columns type-major, pass then fail.

    The seeded stream holds, in order, every draw's p of the first type, then
    every q, then the next type. ``start``/``stop`` return only rows
    ``start:stop`` of that array, computed on their own and bit for bit the
    same: the generator is advanced to each column's place in the stream (one
    64-bit step per uniform double). So blocks of draws can be made anywhere.
    """
    import numpy as np

    stop = draws if stop is None else stop
    whole = start == 0 and stop == draws
    rng = np.random.default_rng(seed) if whole else None

    def uniform(column: int, lo: float, hi: float):
        if whole:
            return rng.uniform(lo, hi, draws)
        bits = np.random.PCG64(np.random.SeedSequence(seed))
        bits.advance(column * draws + start)
        return np.random.Generator(bits).uniform(lo, hi, stop - start)

    cols = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, type_ in enumerate(TEST_TYPES):
            r = getattr(scoring.ranges, type_)
            p = uniform(2 * i, r.p_e_h[0], r.p_e_h[1])
            q = uniform(2 * i + 1, r.p_e_not_h[0], r.p_e_not_h[1])
            cols.append(np.log(p) - np.log(q))
            cols.append(np.log1p(-p) - np.log1p(-q))
    return np.column_stack(cols)


def verdict_codes(log_odds, n_tests, confirmed: float, rejected: float):
    """Bayesian verdicts as -1/0/1 from log-odds (NaN and pairs without tests are inconclusive)."""
    import numpy as np

    lo_c, lo_r = logit(confirmed), logit(rejected)
    with np.errstate(invalid="ignore"):
        codes = np.where(log_odds >= lo_c, 1, np.where(log_odds <= lo_r, -1, 0))
    codes = np.where(np.isnan(log_odds), 0, codes)
    return np.where(np.asarray(n_tests) == 0, 0, codes)


def pair_arrays(pairs: Sequence["PairScore"]):
    """The pairs as arrays, the fixed side of every draw.

    Returns ``counts`` (2T × pairs: tests per (type, result) that take the drawn
    likelihoods), ``fixed`` (log prior odds plus the ln LRs of overriding tests),
    ``n_tests`` and ``point`` (the point Bayesian verdict as -1/0/1).
    """
    import numpy as np

    col = {(t, r): 2 * i + (r == "fail") for i, t in enumerate(TEST_TYPES) for r in RESULTS}
    counts = np.zeros((2 * len(TEST_TYPES), len(pairs)))
    fixed = np.zeros(len(pairs))
    n_tests = np.zeros(len(pairs), dtype=int)
    for j, pair in enumerate(pairs):
        fixed[j] = logit(pair.prior)
        n_tests[j] = len(pair.tests)
        for t in pair.tests:
            if t.override:
                fixed[j] += ln(t.lr)
            else:
                counts[col[(t.type, t.result)], j] += 1
    point = np.array([_VERDICT[p.bayes] for p in pairs])
    return counts, fixed, n_tests, point


def robustness(pairs: Sequence["PairScore"], scoring: "Scoring", draws: int, seed: int) -> list[float]:
    """Share of draws whose Bayesian verdict equals each pair's point verdict."""
    import numpy as np

    if not pairs:
        return []
    counts, fixed, n_tests, point = pair_arrays(pairs)
    agree = np.zeros(len(pairs))
    # blocks of draws keep memory at O(block × pairs), whatever the number of draws
    block = max(1, BLOCK_CELLS // (len(pairs) + 2 * len(TEST_TYPES)))
    for start in range(0, draws, block):
        lnlr = draw_log_lrs(scoring, draws, seed, start, min(draws, start + block))   # (block, 2T)
        agree += block_agreement(lnlr, counts, fixed, n_tests, point, scoring)
    return [float(x) for x in agree / draws]


BLOCK_CELLS = 2_000_000
"""Draws × pairs cells handled at once (a few arrays of this many doubles: tens of MB)."""


def block_agreement(lnlr, counts, fixed, n_tests, point, scoring: "Scoring"):
    """For a block of draws (ln LRs of shape (draws, 2T)): how many agree with each pair's point verdict.

    Blocks are independent; the sum over blocks of any partition of the draws
    is the same, so the work can be split across processes or machines.
    """
    import numpy as np

    with np.errstate(invalid="ignore"):
        finite = np.isfinite(lnlr)
        varying = np.where(finite, lnlr, 0.0) @ counts                # (draws, pairs)
        # an infinite ln LR (a range bound at 0 or 1) counts only where the pair has such tests
        log_odds = fixed[None, :] + varying
        if not finite.all():
            log_odds = log_odds + np.where(~finite[:, :, None] & (counts[None, :, :] > 0), lnlr[:, :, None], 0.0).sum(axis=1)
    codes = verdict_codes(log_odds, n_tests, scoring.thresholds.confirmed, scoring.thresholds.rejected)
    return (codes == point[None, :]).sum(axis=0)

"""Sensitivity analysis (contract 6.7): how often the Bayesian verdict survives likelihoods drawn from ranges.

``vary: test`` (the v2 default): every test without an override draws its own
p ~ U(ranges[type].p_e_h) and q ~ U(ranges[type].p_e_not_h). ``vary: type``
(v1): each draw takes, per test type, one p and one q shared by every test of
that type. Overrides, priors and breadth congruence tests stay fixed. Each
draw also takes one dependence discount ~ U(dependence.range) for the
clusters (contract 6.10).

No Python loop runs over draws or tests: with ``vary: type`` a pair's
log-odds in a draw is its fixed part plus a (draws × 2T) by (2T × pairs)
product, T test types; with ``vary: test`` the per-test ln LRs of a block are
one array, summed per pair with ``np.add.reduceat``; a cluster is
``max-|ln LR| member + d · (sum − that member)``, over padded
(draws × clusters × size) arrays. Draws are taken in blocks
(:data:`BLOCK_CELLS`), so memory stays bounded for any number of draws, and
each block's agreement counts can be computed anywhere and summed
(docs/scaling.md shows the same blocks on Dask).
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


def _generator(seed: int, position: int):
    """A generator placed at ``position`` in the seeded stream (one 64-bit step per uniform double)."""
    import numpy as np

    bits = np.random.PCG64(np.random.SeedSequence(seed))
    if position:
        bits.advance(position)
    return np.random.Generator(bits)


def test_uniforms(n_tests: int, seed: int, start: int, stop: int):
    """``vary: test``: the uniforms of draws ``start:stop``, shape (stop − start, 2N), the p and q of each
    varying test side by side, as single-precision floats.

    The seeded stream holds them draw after draw; one 64-bit step gives two of
    them, so a block is placed by advancing ``start × N`` steps and any block is
    bit for bit the rows of the whole. Single precision (24-bit uniforms) is
    ample for a Monte Carlo share and halves the work of the draws."""
    import numpy as np

    return _generator(seed, start * n_tests).random((stop - start, 2 * n_tests), dtype=np.float32)


def draw_test_log_lrs(plan: "Plan", draws: int, seed: int, start: int = 0, stop: int | None = None):
    """``vary: test``: ln LR per draw of each varying test, shape (stop − start, N), single precision.

    Rows ``start:stop`` are made on their own, bit for bit the same as in one
    piece (:func:`test_uniforms`); callers sum them in double precision.
    """
    import numpy as np

    stop = draws if stop is None else stop
    u = test_uniforms(len(plan.var_fail), seed, start, stop)
    # P(E|H) of the result as an affine function of the uniform: p for a pass, 1 − p for a fail (same for q)
    num = u[:, 0::2] * plan.p_scale
    num += plan.p_offset
    den = u[:, 1::2] * plan.q_scale
    den += plan.q_offset
    with np.errstate(divide="ignore", invalid="ignore"):
        num /= den
        return np.log(num, out=num)


def draw_pq(plan: "Plan", scoring: "Scoring", draws: int, seed: int, start: int = 0, stop: int | None = None):
    """The drawn P(E|H) and P(E|not H) of the draws ``start:stop``, as two look-ups
    ``p_of(hypothesis, case, evidence)`` → array, the same numbers the §6.7 draws use (rival sets read them)."""
    import numpy as np

    stop = draws if stop is None else stop
    n = stop - start
    if plan.by_type:
        cols = {}
        for i, type_ in enumerate(TEST_TYPES):
            r = getattr(scoring.ranges, type_)
            cols[type_] = (_generator(seed, 2 * i * draws + start).uniform(r.p_e_h[0], r.p_e_h[1], n),
                           _generator(seed, (2 * i + 1) * draws + start).uniform(r.p_e_not_h[0], r.p_e_not_h[1], n))
    else:
        u = test_uniforms(len(plan.var_fail), seed, start, stop)
        p_all = plan.p_lo + u[:, 0::2] * plan.p_width
        q_all = plan.q_lo + u[:, 1::2] * plan.q_width

    def look(which: int):
        def of(hypothesis: str, case: str, evidence: str):
            t = plan.tests[(hypothesis, case, evidence)]
            if t.fixed:
                return np.full(n, t.p_e_h if which == 0 else t.p_e_not_h)
            if plan.by_type:
                return cols[t.type][which]
            col = plan.column_of[(hypothesis, case, evidence)]
            return (p_all if which == 0 else q_all)[:, col]
        return of

    return look(0), look(1)


def draw_discounts(scoring: "Scoring", plan: "Plan", draws: int, seed: int, start: int = 0, stop: int | None = None):
    """One dependence discount per draw, ~ U(dependence.range), from the stream after the likelihoods."""
    stop = draws if stop is None else stop
    lo, hi = scoring.dependence.range
    used = draws * (2 * len(TEST_TYPES) if scoring.vary == "type" else len(plan.var_fail))  # vary: test, 2 per step
    return _generator(seed, used + start).uniform(lo, hi, stop - start)


class Plan:
    """The pairs as arrays, the fixed side of every draw.

    ``fixed``: log prior odds plus the ln LRs of fixed tests outside clusters;
    ``counts`` (2T × pairs, ``vary: type``): tests per (type, result) that take
    the drawn likelihoods; the varying tests in pair order (``var_pair``,
    ``var_fail``, their ranges, ``var_col``: their (type, result) column,
    ``var_clustered``); the clusters as a padded index matrix ``cl_idx``
    (clusters × size) into the clustered tests, which are varying columns
    (``cl_src`` ≥ 0) or fixed values (``cl_const``); ``n_tests``; ``point``.
    """

    def __init__(self, pairs: Sequence["PairScore"], scoring: "Scoring"):
        import numpy as np

        col = {(t, r): 2 * i + (r == "fail") for i, t in enumerate(TEST_TYPES) for r in RESULTS}
        n_pairs = len(pairs)
        self.counts = np.zeros((2 * len(TEST_TYPES), n_pairs))
        self.fixed = np.zeros(n_pairs)
        self.n_tests = np.zeros(n_pairs, dtype=int)
        self.point = np.array([_VERDICT[p.bayes] for p in pairs])
        var_pair, var_fail, var_col, var_clustered, ranges = [], [], [], [], []
        groups: list[list[tuple]] = []   # each cluster, members by item id: (varying column or −1, fixed ln LR)
        column: dict[int, int] = {}
        group_pair: list[int] = []
        by_type = scoring.vary == "type"
        self.column_of: dict[tuple[str, str, str], int] = {}   # (hypothesis, case, evidence) → varying column
        self.tests = {(pair.hypothesis, pair.case, t.evidence): t for pair in pairs for t in pair.tests}
        for j, pair in enumerate(pairs):
            self.fixed[j] = logit(pair.prior)
            self.n_tests[j] = len(pair.tests)
            members: dict[str, list] = {}
            for t in pair.tests:
                if t.cluster is not None:
                    members.setdefault(t.cluster, []).append(t)
            clustered = {c for c, ts in members.items() if len(ts) > 1}
            for t in pair.tests:
                in_cluster = t.cluster in clustered
                if t.fixed:
                    if not in_cluster:
                        self.fixed[j] += ln(t.lr)
                    continue
                if not in_cluster and by_type:
                    self.counts[col[(t.type, t.result)], j] += 1
                    continue
                r = getattr(scoring.ranges, t.type)
                var_pair.append(j)
                var_fail.append(t.result == "fail")
                var_col.append(col[(t.type, t.result)])
                var_clustered.append(in_cluster)
                ranges.append((r.p_e_h[0], r.p_e_h[1] - r.p_e_h[0], r.p_e_not_h[0], r.p_e_not_h[1] - r.p_e_not_h[0]))
                column[id(t)] = len(var_pair) - 1
                self.column_of[(pair.hypothesis, pair.case, t.evidence)] = len(var_pair) - 1
            for c in sorted(clustered):
                ts = sorted(members[c], key=lambda t: t.evidence)
                groups.append([(-1, ln(t.lr)) if t.fixed else (column[id(t)], 0.0) for t in ts])
                group_pair.append(j)
        self.var_pair = np.array(var_pair, dtype=int)
        self.var_fail = np.array(var_fail, dtype=bool)
        self.var_col = np.array(var_col, dtype=int)
        self.var_clustered = np.array(var_clustered, dtype=bool)
        rg = np.array(ranges, dtype=float).reshape(-1, 4)
        self.p_lo, self.p_width, self.q_lo, self.q_width = rg[:, 0], rg[:, 1], rg[:, 2], rg[:, 3]
        # the draws' affine maps from a uniform to P(E|H) and P(E|not H) of the result, in single precision
        sign = np.where(self.var_fail, -1.0, 1.0)
        self.p_scale = (sign * self.p_width).astype(np.float32)
        self.p_offset = np.where(self.var_fail, 1.0 - self.p_lo, self.p_lo).astype(np.float32)
        self.q_scale = (sign * self.q_width).astype(np.float32)
        self.q_offset = np.where(self.var_fail, 1.0 - self.q_lo, self.q_lo).astype(np.float32)
        self.by_type = by_type
        # per-pair sums of the unclustered varying columns (vary: test): contiguous, since columns are in pair order
        unclustered = np.flatnonzero(~self.var_clustered) if not by_type else np.array([], dtype=int)
        self.u_cols = unclustered
        pairs_u = self.var_pair[unclustered]
        self.u_starts = np.flatnonzero(np.r_[True, pairs_u[1:] != pairs_u[:-1]]) if len(pairs_u) else np.array([], dtype=int)
        self.u_pairs = pairs_u[self.u_starts] if len(pairs_u) else np.array([], dtype=int)
        # clusters, padded: source column (−1 fixed, −2 padding) and fixed value
        size = max((len(g) for g in groups), default=0)
        self.cl_src = np.full((len(groups), size), -2, dtype=int)
        self.cl_const = np.zeros((len(groups), size))
        for g, members_ in enumerate(groups):
            for k, (src, const) in enumerate(members_):
                self.cl_src[g, k], self.cl_const[g, k] = src, const
        self.cl_pair = np.array(group_pair, dtype=int)

    @property
    def has_clusters(self) -> bool:
        return len(self.cl_pair) > 0


def pair_arrays(pairs: Sequence["PairScore"]):
    """``vary: type`` arrays of :class:`Plan` (counts, fixed, n_tests, point), as in v1."""
    from ..reading.models import Scoring

    plan = Plan(pairs, Scoring.model_validate({**Scoring.default().model_dump(), "vary": "type"}))
    return plan.counts, plan.fixed, plan.n_tests, plan.point


def robustness_counts(pairs: Sequence["PairScore"], scoring: "Scoring", draws: int, seed: int):
    """How many of ``draws`` draws agree with each pair's point Bayesian verdict (an int array)."""
    import numpy as np

    if not pairs or draws <= 0:
        return np.zeros(len(pairs), dtype=int)
    plan = Plan(pairs, scoring)
    agree = np.zeros(len(pairs), dtype=int)
    width = 2 * len(TEST_TYPES) if plan.by_type else 2 * len(plan.var_fail)
    # blocks of draws keep memory at O(block × (pairs + tests)), whatever the number of draws
    block = max(1, BLOCK_CELLS // (len(pairs) + width + plan.cl_src.size + 1))
    for start in range(0, draws, block):
        stop = min(draws, start + block)
        lnlr = draw_log_lrs(scoring, draws, seed, start, stop) if plan.by_type else None   # (block, 2T)
        values = draw_test_log_lrs(plan, draws, seed, start, stop) if not plan.by_type else None
        discounts = draw_discounts(scoring, plan, draws, seed, start, stop) if plan.has_clusters else None
        agree += block_agreement_v2(plan, scoring, lnlr, values, discounts, stop - start)
    return agree


def robustness(pairs: Sequence["PairScore"], scoring: "Scoring", draws: int, seed: int) -> list[float]:
    """Share of draws whose Bayesian verdict equals each pair's point verdict."""
    if not pairs:
        return []
    return [float(x) / draws for x in robustness_counts(pairs, scoring, draws, seed)]


def wilson_interval(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float] | None:
    """The Wilson score interval of a share of k in n (contract §6.11); None when n is 0."""
    import math

    if n <= 0:
        return None
    centre = (k + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * math.sqrt(k * (n - k) / n + z * z / 4)
    return max(0.0, centre - half), min(1.0, centre + half)


BLOCK_CELLS = 2_000_000
"""Draws × (pairs + columns) cells handled at once (a few arrays of this many doubles: tens of MB)."""


def block_agreement(lnlr, counts, fixed, n_tests, point, scoring: "Scoring"):
    """``vary: type`` without clusters (v1): for a block of draws (ln LRs of shape (draws, 2T)), how many agree
    with each pair's point verdict.

    Blocks are independent; the sum over blocks of any partition of the draws
    is the same, so the work can be split across processes or machines.
    """
    log_odds = _type_log_odds(lnlr, counts, fixed)
    codes = verdict_codes(log_odds, n_tests, scoring.thresholds.confirmed, scoring.thresholds.rejected)
    return (codes == point[None, :]).sum(axis=0)


def _type_log_odds(lnlr, counts, fixed):
    import numpy as np

    with np.errstate(invalid="ignore"):
        finite = np.isfinite(lnlr)
        varying = np.where(finite, lnlr, 0.0) @ counts                # (draws, pairs)
        # an infinite ln LR (a range bound at 0 or 1) counts only where the pair has such tests
        log_odds = fixed[None, :] + varying
        if not finite.all():
            log_odds = log_odds + np.where(~finite[:, :, None] & (counts[None, :, :] > 0), lnlr[:, :, None], 0.0).sum(axis=1)
    return log_odds


def block_agreement_v2(plan: Plan, scoring: "Scoring", lnlr, values, discounts, n: int):
    """Agreement counts of one block of ``n`` draws: ``lnlr`` (vary: type, (n, 2T)) or ``values``
    (vary: test, (n, N) per varying test), and the block's ``discounts`` when the study has clusters."""
    import numpy as np

    if plan.by_type:
        log_odds = _type_log_odds(lnlr, plan.counts, plan.fixed)
        values = lnlr[:, plan.var_col] if len(plan.var_col) else np.zeros((n, 0))
    else:
        log_odds = np.broadcast_to(plan.fixed, (n, len(plan.fixed))).copy()
        if len(plan.u_cols):
            cols = values if len(plan.u_cols) == values.shape[1] else values[:, plan.u_cols]
            sums = np.add.reduceat(cols, plan.u_starts, axis=1, dtype=np.float64)
            log_odds[:, plan.u_pairs] += sums
    if plan.has_clusters:
        with np.errstate(invalid="ignore"):
            ext = np.concatenate([values, np.zeros((n, 1))], axis=1, dtype=np.float64)   # column −1: padding
            src = np.where(plan.cl_src >= 0, plan.cl_src, ext.shape[1] - 1)
            vals = ext[:, src] + np.where(plan.cl_src == -1, plan.cl_const, 0.0)[None, :, :]   # (n, G, K)
            top = np.take_along_axis(vals, np.abs(vals).argmax(axis=2)[:, :, None], axis=2)[:, :, 0]
            total = vals.sum(axis=2)
            contrib = top + discounts[:, None] * (total - top)
            contrib = np.where(np.isfinite(total) & np.isfinite(top), contrib, total)
        order = np.argsort(plan.cl_pair, kind="stable")
        gp = plan.cl_pair[order]
        starts = np.flatnonzero(np.r_[True, gp[1:] != gp[:-1]])
        log_odds[:, gp[starts]] += np.add.reduceat(contrib[:, order], starts, axis=1)
    codes = verdict_codes(log_odds, plan.n_tests, scoring.thresholds.confirmed, scoring.thresholds.rejected)
    return (codes == plan.point[None, :]).sum(axis=0)

"""Judgement analyses (contract §9): which likelihood judgements a verdict hangs on, and how far each may move.

**Drivers.** For each hypothesis × case, the total-order Sobol index of the
posterior for each judgement over the sensitivity ranges of §6.7: each test's
p and q with ``vary: test`` (a test's index is the sum of its p's and q's), each
test type's with ``vary: type``, and the dependence discount where the pair
has a cluster. The indices come from :func:`scipy.stats.sobol_indices` fed
with the three Saltelli matrices of function values (``f_A``, ``f_B``,
``f_AB``), which are computed here, vectorised: the two base samples are one
Sobol' sequence (:class:`scipy.stats.qmc.Sobol`) with a random shift seeded
from ``scoring.seed`` and the pair's name (so a pair gets the same numbers
alone as in a full run), and the d "A with column i from B" samples are never
evaluated as d full models. On the log-odds scale the model is a sum, so
swapping one test's p changes only that test's ln LR: ``f_AB[i] = L_A −
ℓ_k(A) + ℓ_k(AB_i)`` for a test outside a cluster. Clustered tests, the
discount and ``vary: type`` inputs (at most 2T + 1 of them) are evaluated in
full, in column chunks. Only the pair's own tests enter its model, so a study
of any size costs the sum over pairs of (tests × samples).

**Break-even likelihoods.** For each pair and each test type among its
varying tests, the interval of p (and of q) of that type — the other
likelihoods at their point values — within which the Bayesian verdict stays
the point verdict. The verdict is evaluated on a grid in logit space on each
side of the point value (vectorised); the first cell where it changes is
refined by :func:`scipy.optimize.brentq` on log-odds − logit(threshold).
A side that never flips up to 0 or 1 is open; both sides open is the
``"whole range"``.

**Rival sets** (§8): the same two analyses on the set's ``best``: drivers of
the posterior of the point best member (the indicator "best stays best" is a
step function, whose variance decomposition says little), and the p or q of
each type at which the best member changes (brentq on the log-odds margin of
the best over the strongest other member).

scipy is imported here only, inside the functions: ``validate``, ``score``
and ``check`` never load it.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..testtypes import TEST_TYPES
from ..weights import logit
from .rivals import fold_keys

if TYPE_CHECKING:  # pragma: no cover
    from ..reading.models import Scoring
    from .results import ScoreResult
    from .rivals import RivalScore
    from .scoring import PairScore

WHOLE_RANGE = "whole range"
DEFAULT_N = 1024
CLIP = 1e3          # |ln LR| beyond this is elimination or proof for every purpose here; keeps sums finite
GRID = 192          # grid points on each side of a point value for the break-even search
EDGE = 1e-9         # the search stops this close to 0 and 1
CHUNK_CELLS = 2_000_000

_CODE = {"rejected": -1, "inconclusive": 0, "confirmed": 1}
_VERDICT = {v: k for k, v in _CODE.items()}


# -- results ----------------------------------------------------------------------------------------------------
@dataclass
class Driver:
    """One judgement and its share of the variance of the posterior (total-order Sobol index)."""

    judgement: str            # ITEM:HYPOTHESIS (vary: test), a test type (vary: type), or "dependence"
    kind: str                 # "test", "type" or "dependence"
    total_index: float
    first_index: float
    type: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict:
        return {"judgement": self.judgement, "total_index": self.total_index}


@dataclass
class BreakEven:
    """The p and q of one test type within which the verdict (or the best member) stays as it is."""

    type: str
    p_e_h: tuple[float, float] | None          # None: the whole range
    p_e_not_h: tuple[float, float] | None
    point: tuple[float, float]                  # the table's p and q of the type
    ranges: tuple[tuple[float, float], tuple[float, float]]
    beyond: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # what lies past lo / hi

    def to_dict(self) -> dict:
        def side(v):
            return WHOLE_RANGE if v is None else [float(v[0]), float(v[1])]
        return {"type": self.type, "p_e_h": side(self.p_e_h), "p_e_not_h": side(self.p_e_not_h)}

    def interval(self, which: str) -> tuple[float, float] | None:
        return self.p_e_h if which == "p" else self.p_e_not_h


@dataclass
class PairJudgements:
    hypothesis: str
    case: str
    verdict: str
    drivers: list[Driver]
    break_even: list[BreakEven]
    spread: float = 0.0      # standard deviation of the posterior over the sensitivity ranges

    def to_dict(self) -> dict:
        return _record({"hypothesis": self.hypothesis, "case": self.case, "verdict": self.verdict}, self)


@dataclass
class RivalJudgements:
    rival_set: str
    case: str
    best: str
    drivers: list[Driver]
    break_even: list[BreakEven]
    spread: float = 0.0      # standard deviation of the best member's posterior over the sensitivity ranges

    def to_dict(self) -> dict:
        return _record({"rival_set": self.rival_set, "case": self.case, "best": self.best}, self)


def _record(head: dict, j: "PairJudgements | RivalJudgements") -> dict:
    """The JSON of one pair's or one rival set's analyses: what it is about, then the same three parts."""
    return {**head, "posterior_sd": j.spread, "drivers": [d.to_dict() for d in j.drivers],
            "break_even": [b.to_dict() for b in j.break_even]}


@dataclass
class Judgements:
    """The judgement analyses of a scored study (or of some of its pairs)."""

    pairs: list[PairJudgements]
    rival_sets: list[RivalJudgements]
    n: int
    seed: int
    vary: str

    def pair(self, hypothesis: str, case: str) -> PairJudgements | None:
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {(p.hypothesis, p.case): p for p in self.pairs}
        return index.get((hypothesis, case))

    def to_dict(self) -> dict:
        return {"n": self.n, "seed": self.seed, "vary": self.vary,
                "pairs": [p.to_dict() for p in self.pairs],
                "rival_sets": [r.to_dict() for r in self.rival_sets]}


# -- the model of one pair as arrays ----------------------------------------------------------------------------
class PairModel:
    """One pair's log-odds as a function of its judgements: u ∈ [0, 1]^d → log-odds (vectorised over columns).

    ``inputs``: the d judgement coordinates, each (name, kind, which) with which ∈ {p, q, d}; each varying
    test reads its p from input ``p_in[k]`` and its q from ``q_in[k]``.
    """

    def __init__(self, pair: "PairScore", scoring: "Scoring"):
        import numpy as np

        self.pair = pair
        self.scoring = scoring
        by_type = scoring.vary == "type"
        members: dict[str, list] = {}
        for t in pair.tests:
            if t.cluster is not None:
                members.setdefault(t.cluster, []).append(t)
        clustered = {c for c, ts in members.items() if len(ts) > 1}
        self.fixed = logit(pair.prior)
        var = [t for t in pair.tests if not t.fixed]
        self.tests = var
        index = {id(t): k for k, t in enumerate(var)}
        for t in pair.tests:
            if t.fixed and t.cluster not in clustered:
                self.fixed += _clip_ln(t.lr)
        self.types = [t.type for t in var]
        self.fail = np.array([t.result == "fail" for t in var], dtype=bool)
        rp = np.array([getattr(scoring.ranges, t.type).p_e_h for t in var], dtype=float).reshape(-1, 2)
        rq = np.array([getattr(scoring.ranges, t.type).p_e_not_h for t in var], dtype=float).reshape(-1, 2)
        self.p_lo, self.p_w = rp[:, 0], rp[:, 1] - rp[:, 0]
        self.q_lo, self.q_w = rq[:, 0], rq[:, 1] - rq[:, 0]
        self.point_p = np.array([t.p_e_h for t in var], dtype=float)
        self.point_q = np.array([t.p_e_not_h for t in var], dtype=float)
        self.clustered = np.array([t.cluster in clustered for t in var], dtype=bool)
        self.clusters: list[tuple[list[int], list[float]]] = []   # (varying index or −1, fixed ln LR) per member
        for c in sorted(clustered):
            ts = sorted(members[c], key=lambda t: t.evidence)
            self.clusters.append(([-1 if t.fixed else index[id(t)] for t in ts],
                                  [_clip_ln(t.lr) if t.fixed else 0.0 for t in ts]))
        self.discount = scoring.dependence.discount
        self.inputs: list[tuple[str, str, str]] = []
        if by_type:
            used = [ty for ty in TEST_TYPES if ty in self.types]
            where = {ty: i for i, ty in enumerate(used)}
            for ty in used:
                self.inputs += [(ty, "type", "p"), (ty, "type", "q")]
            self.p_in = np.array([2 * where[ty] for ty in self.types], dtype=int)
        else:
            for t in var:
                name = t.evidence if t.congruence else f"{t.evidence}:{t.hypothesis}"
                self.inputs += [(name, "test", "p"), (name, "test", "q")]
            self.p_in = np.arange(0, 2 * len(var), 2, dtype=int)
        self.q_in = self.p_in + 1
        self.d_in = None
        if self.clusters:
            self.d_in = len(self.inputs)
            self.inputs.append(("dependence", "dependence", "d"))
        lo, hi = scoring.dependence.range
        self.d_lo, self.d_w = lo, hi - lo
        self._point = None
        self.spread = 0.0

    @property
    def d(self) -> int:
        return len(self.inputs)

    # values from the unit cube
    def values(self, u):
        """(P, Q, D) of the varying tests (T, m), (T, m) and the discount (m,) for uniforms ``u`` (d, m)."""
        import numpy as np

        P = self.p_lo[:, None] + u[self.p_in] * self.p_w[:, None]
        Q = self.q_lo[:, None] + u[self.q_in] * self.q_w[:, None]
        D = self.d_lo + u[self.d_in] * self.d_w if self.d_in is not None else np.full(u.shape[1], self.discount)
        return P, Q, D

    def lnlr(self, P, Q):
        import numpy as np

        f = self.fail[:, None]
        num = np.where(f, 1.0 - P, P)
        den = np.where(f, 1.0 - Q, Q)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(num) - np.log(den)
        out = np.where(np.isnan(out), 0.0, out)
        return np.clip(out, -CLIP, CLIP)

    def cluster_sum(self, ell, D):
        """Σ over clusters of rule 10's contribution, per column: ``ell`` (T, m) the tests' ln LRs."""
        import numpy as np

        total = np.zeros(ell.shape[1])
        for src, const in self.clusters:
            vals = np.stack([ell[s] if s >= 0 else np.full(ell.shape[1], c) for s, c in zip(src, const)])
            top = np.take_along_axis(vals, np.abs(vals).argmax(axis=0)[None, :], axis=0)[0]
            total += top + D * (vals.sum(axis=0) - top)
        return total

    def log_odds_of(self, P, Q, D):
        ell = self.lnlr(P, Q)
        out = self.fixed + ell[~self.clustered].sum(axis=0)
        if self.clusters:
            out = out + self.cluster_sum(ell, D)
        return out

    def log_odds(self, u):
        return self.log_odds_of(*self.values(u))

    def saltelli(self, A, B):
        """f_A, f_B (log-odds, (n,)) and f_AB (d, n): A with row i taken from B, for each input i."""
        import numpy as np

        d, n = A.shape
        PA, QA, DA = self.values(A)
        PB, QB, DB = self.values(B)
        ellA = self.lnlr(PA, QA)
        LA = self.log_odds_of(PA, QA, DA)
        LB = self.log_odds(B)
        f_AB = np.empty((d, n))
        full: list[int] = list(range(d))
        if self.scoring.vary != "type":
            # additive inputs: a test outside a cluster changes only its own ln LR
            unc = np.flatnonzero(~self.clustered)
            if len(unc):
                f_AB[self.p_in[unc]] = LA[None, :] - ellA[unc] + _lnlr_rows(self, unc, PB[unc], QA[unc])
                f_AB[self.q_in[unc]] = LA[None, :] - ellA[unc] + _lnlr_rows(self, unc, PA[unc], QB[unc])
            done = set(self.p_in[unc].tolist()) | set(self.q_in[unc].tolist())
            full = [i for i in range(d) if i not in done]
        if full:
            per = max(1, CHUNK_CELLS // max(1, (len(self.tests) + 1) * n))
            for s in range(0, len(full), per):
                idx = full[s:s + per]
                X = np.repeat(A[:, None, :], len(idx), axis=1)           # (d, k, n)
                for j, i in enumerate(idx):
                    X[i, j] = B[i]
                f_AB[idx] = self.log_odds(X.reshape(d, -1)).reshape(len(idx), n)
        return LA, LB, f_AB

    # break-even: the log-odds with the p (or q) of every varying test of ``type_`` set to x
    def with_type(self, type_: str, which: str, xs):
        import numpy as np

        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        m = len(xs)
        rows = np.flatnonzero(np.array([t == type_ for t in self.types], dtype=bool))
        if len(rows) and not self.clustered[rows].any():
            # only the tests of the type change: the point log-odds less their point ln LRs, plus their new ones
            if self._point is None:
                one = np.ones(1)
                ell = self.lnlr(self.point_p[:, None], self.point_q[:, None])[:, 0]
                self._point = (float(self.log_odds_of(self.point_p[:, None], self.point_q[:, None],
                                                       self.discount * one)[0]), ell)
            L0, ell0 = self._point
            P = np.repeat(self.point_p[rows, None], m, axis=1)
            Q = np.repeat(self.point_q[rows, None], m, axis=1)
            (P if which == "p" else Q)[:] = xs[None, :]
            return L0 - ell0[rows].sum() + _lnlr_rows(self, rows, P, Q).sum(axis=0)
        P = np.repeat(self.point_p[:, None], m, axis=1)
        Q = np.repeat(self.point_q[:, None], m, axis=1)
        (P if which == "p" else Q)[rows] = xs[None, :]
        return self.log_odds_of(P, Q, np.full(m, self.discount))


    def scalar(self, type_: str, which: str):
        """``x ↦ log-odds`` in plain floats for the root finder, when no test of ``type_`` sits in a cluster:
        the other tests are a constant and each test of the type adds ln(x/q) or ln((1 − x)/(1 − q)) (for p;
        likewise for q). None when a cluster is involved (the caller uses :meth:`with_type`)."""
        rows = [k for k, t in enumerate(self.types) if t == type_]
        if not rows or self.clustered[rows].any():
            return None
        p0, q0 = float(self.point_p[rows[0]]), float(self.point_q[rows[0]])
        n_fail = int(self.fail[rows].sum())
        n_pass = len(rows) - n_fail
        x0 = p0 if which == "p" else q0
        const = float(self.with_type(type_, which, [x0])[0])

        def part(x: float) -> float:
            x = min(max(x, EDGE), 1 - EDGE)
            if which == "p":
                a = math.log(x) - math.log(q0) if q0 > 0 else CLIP
                b = math.log1p(-x) - math.log1p(-q0) if q0 < 1 else -CLIP
            else:
                a = math.log(p0) - math.log(x) if p0 > 0 else -CLIP
                b = math.log1p(-p0) - math.log1p(-x) if p0 < 1 else -CLIP
            return n_pass * max(-CLIP, min(CLIP, a)) + n_fail * max(-CLIP, min(CLIP, b))

        base = const - part(x0)
        return lambda x: base + part(x)


def _lnlr_rows(model: PairModel, rows, P, Q):
    import numpy as np

    f = model.fail[rows][:, None]
    num = np.where(f, 1.0 - P, P)
    den = np.where(f, 1.0 - Q, Q)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(num) - np.log(den)
    out = np.where(np.isnan(out), 0.0, out)
    return np.clip(out, -CLIP, CLIP)


def _clip_ln(lr: float) -> float:
    if lr == 0:
        return -CLIP
    if math.isinf(lr):
        return CLIP
    if math.isnan(lr):
        return 0.0
    return max(-CLIP, min(CLIP, math.log(lr)))


def _expit(x):
    import numpy as np

    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x)))


# -- Sobol' indices ------------------------------------------------------------------------------------------------
def _base_samples(d: int, n: int, seed: int, name: str):
    """A and B, each (d, n): the two halves of one Sobol' sequence of 2d dimensions, randomly shifted, seeded by
    ``seed`` and ``name`` (so one pair's numbers do not depend on which other pairs are analysed)."""
    import numpy as np

    rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
    if 2 * d <= 21201:     # the dimensions scipy's Sobol' direction numbers cover
        import warnings

        from scipy.stats import qmc

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x = qmc.Sobol(d=2 * d, scramble=False).random(n)
        # a seeded random shift modulo 1 (Cranley–Patterson): the points stay a low-discrepancy design and
        # become a seeded random one. (Scrambling, scipy's default, costs d × 30² per pair: 2 s at 2,000 items.)
        x += rng.random(2 * d)[None, :]
        x -= x >= 1.0   # modulo 1, exactly (x < 2), without numpy's slow float modulo
    else:  # pragma: no cover - more than 10 600 judgements in one pair
        x = rng.random((n, 2 * d))
    return x[:, :d].T.copy(), x[:, d:].T.copy()


def sobol(f_A, f_B, f_AB, n: int):
    """(first-order, total-order) indices, each (d,), from the Saltelli matrices, by scipy.stats.sobol_indices."""
    import numpy as np
    from scipy.stats import sobol_indices

    res = sobol_indices(func={"f_A": f_A[None, :], "f_B": f_B[None, :], "f_AB": f_AB[:, None, :]}, n=n)
    first = np.atleast_1d(np.asarray(res.first_order, dtype=float)).reshape(-1)
    total = np.atleast_1d(np.asarray(res.total_order, dtype=float)).reshape(-1)
    return first, total


def pair_indices(model: PairModel, n: int, seed: int, scale: str = "posterior"):
    """(first, total) Sobol' indices of each input of ``model`` (arrays of length d); ``scale`` is
    ``posterior`` (the analysis) or ``log_odds`` (where they are each judgement's share of variance)."""
    import numpy as np

    d = model.d
    if d == 0:
        return np.zeros(0), np.zeros(0)
    A, B = _base_samples(d, n, seed, f"{model.pair.hypothesis}:{model.pair.case}")
    LA, LB, LAB = model.saltelli(A, B)
    if scale == "posterior":
        LA, LB, LAB = _expit(LA), _expit(LB), _expit(LAB)
    model.spread = float(np.std(np.concatenate([LA, LB])))
    return sobol(LA, LB, LAB, n)


def _drivers(inputs: list[tuple[str, str, str]], first, total, types: dict[str, str] | None = None) -> list[Driver]:
    """Inputs folded into judgements (a test's or a type's p and q summed), largest total index first."""
    acc: dict[str, list] = {}
    for (name, kind, _), f, t in zip(inputs, first, total):
        a = acc.setdefault(name, [kind, 0.0, 0.0])
        a[1] += max(0.0, float(t)) if math.isfinite(t) else 0.0
        a[2] += float(f) if math.isfinite(f) else 0.0
    out = []
    for name, (kind, t, f) in acc.items():
        t = min(1.0, t)   # a total index lies in [0, 1]; the estimator's noise can leave it (heavy tails near 0 or 1)
        ty = (types or {}).get(name) if kind == "test" else (name if kind == "type" else None)
        ev = name.rsplit(":", 1)[0] if kind == "test" and not name.startswith("congruence:") else (
            name if kind == "test" else None)
        out.append(Driver(name, kind, t, f, ty, ev))
    out.sort(key=lambda d: (-round(d.total_index, 12), d.judgement))
    return out


# -- break-even -------------------------------------------------------------------------------------------------
def _side(f, codes_of, root_for, x0: float, toward: float, v0: int):
    """The first value from ``x0`` toward ``toward`` (0 or 1) where the code leaves ``v0``, by grid and brentq
    (None when it never does). ``f(xs)`` gives the values, ``codes_of(values)`` their codes and
    ``root_for(f, v0, v1)`` the scalar function whose root separates code v0 from v1."""
    import numpy as np
    from scipy.optimize import brentq

    if x0 <= EDGE and toward == 0.0 or x0 >= 1 - EDGE and toward == 1.0:
        return None
    a0 = logit(min(max(x0, EDGE), 1 - EDGE))
    end = logit(EDGE) if toward == 0.0 else logit(1 - EDGE)
    xs = _expit(np.linspace(a0, end, GRID))
    vals = f(xs)
    codes = codes_of(vals)
    off = np.flatnonzero(codes != v0)
    if not len(off):
        return None
    i = int(off[0])
    a, b = (x0, xs[0]) if i == 0 else (xs[i - 1], xs[i])
    g = root_for(f, v0, int(codes[i]))
    ga, gb = g(a), g(b)
    if ga == 0:
        return float(a)
    if ga * gb > 0:   # a step (clusters reorder): the change lies between the two grid points
        return float(b)
    lo, hi = (a, b) if a < b else (b, a)
    return float(brentq(g, lo, hi, xtol=1e-12, rtol=1e-12, maxiter=200))


def _interval(f, codes_of, root_for, x0: float, v0: int):
    lo = _side(f, codes_of, root_for, x0, 0.0, v0)
    hi = _side(f, codes_of, root_for, x0, 1.0, v0)
    if lo is None and hi is None:
        return None, (None, None)
    lo_v = 0.0 if lo is None else lo
    hi_v = 1.0 if hi is None else hi
    return (lo_v, hi_v), (_beyond(f, codes_of, lo, -1), _beyond(f, codes_of, hi, 1))


def _beyond(f, codes_of, x: float | None, direction: int):
    import numpy as np

    if x is None:
        return None
    y = float(_expit(logit(min(max(x, EDGE), 1 - EDGE)) + direction * 1e-6))
    return int(codes_of(f(np.array([y])))[0])


def pair_break_even(model: PairModel) -> list[BreakEven]:
    import numpy as np

    sc = model.scoring
    lc, lr = logit(sc.thresholds.confirmed), logit(sc.thresholds.rejected)
    v0 = _CODE[model.pair.bayes]

    def codes_of(L):
        return np.where(L >= lc, 1, np.where(L <= lr, -1, 0))

    out = []
    for ty in TEST_TYPES:
        if ty not in model.types:
            continue
        tab = getattr(sc.tests, ty)
        rng_ = getattr(sc.ranges, ty)
        res, beyond = {}, {}
        for which, x0 in (("p", tab.p_e_h), ("q", tab.p_e_not_h)):
            def f(xs, ty=ty, which=which):
                return model.with_type(ty, which, xs)
            scalar = model.scalar(ty, which)

            def root_for(f, a, b, scalar=scalar):
                thr = lc if (a == 1 or (a == 0 and b == 1)) else lr
                if scalar is not None:
                    return lambda x: scalar(x) - thr
                return lambda x: float(f(np.array([x]))[0]) - thr
            res[which], bey = _interval(f, codes_of, root_for, x0, v0)
            beyond[which] = tuple(None if b is None else _VERDICT[b] for b in bey)
        out.append(BreakEven(ty, res["p"], res["q"], (tab.p_e_h, tab.p_e_not_h),
                             (tuple(rng_.p_e_h), tuple(rng_.p_e_not_h)), beyond))
    return out


# -- rival sets -------------------------------------------------------------------------------------------------
class RivalModel:
    """One rival set in one case as a function of its judgements (the drawn sources of the set's terms)."""

    def __init__(self, result: "ScoreResult", r: "RivalScore"):
        import numpy as np

        from ..reading.declared import likelihoods_of
        from .rivals import _Group, _point_values

        study = result.study
        sc = study.config.scoring
        self.scoring = sc
        rs = study.config.rival_sets[r.rival_set]
        self.r = r
        self.g = g = _Group(study, rs, r.case)
        self.point = _point_values(study, g)[0]
        self.best = g.keys.index(r.best)
        self.members = np.array([g.keys.index(m) for m in r.members])
        self.source_type: list[str] = []
        varying: list[int] = []
        for i, s in enumerate(g.sources):
            t = next(t for t in study.evidence[s.evidence].tests if t.hypothesis == s.hypothesis)
            _, _, fixed = likelihoods_of(study.config, t.type, t.p_e_h, t.p_e_not_h)
            self.source_type.append(t.type)
            if not fixed:
                varying.append(i)
        self.varying = np.array(varying, dtype=int)
        self.inputs: list[tuple[str, str, str]] = []
        self.src_in = np.zeros(len(varying), dtype=int)
        self.lo = np.zeros(len(varying))
        self.w = np.zeros(len(varying))
        by_type = sc.vary == "type"
        where: dict[tuple, int] = {}
        for k, i in enumerate(varying):
            s = g.sources[i]
            ty = self.source_type[i]
            key = (ty, s.which) if by_type else (s.evidence, s.hypothesis, s.which)
            if key not in where:
                where[key] = len(self.inputs)
                name = ty if by_type else f"{s.evidence}:{s.hypothesis}"
                self.inputs.append((name, "type" if by_type else "test", s.which))
            self.src_in[k] = where[key]
            rg = getattr(sc.ranges, ty)
            lo, hi = rg.p_e_h if s.which == "p" else rg.p_e_not_h
            self.lo[k], self.w[k] = lo, hi - lo
        self.types_by_name = {f"{g.sources[i].evidence}:{g.sources[i].hypothesis}": self.source_type[i]
                              for i in varying}
        self.d_in = None
        if g.clusters:
            self.d_in = len(self.inputs)
            self.inputs.append(("dependence", "dependence", "d"))
        lo, hi = sc.dependence.range
        self.d_lo, self.d_w = lo, hi - lo
        self.discount = sc.dependence.discount
        self._point_v = None
        self._cluster_of = {r: c for c, rows in enumerate(g.clusters) for r in rows}

    @property
    def d(self) -> int:
        return len(self.inputs)

    # the set's log posterior (up to a constant) from the sources' values, logs clipped at −CLIP so that
    # differences stay finite (an impossible entry is e^−1000: nothing else ever outweighs it)
    def _lin(self, V):
        """P(e | key) of every item: (m, items, keys), for source values ``V`` (m, sources)."""
        return self.g.linear(V)

    def _total_of(self, v, D):
        import numpy as np

        g = self.g
        total = np.broadcast_to(g.log_prior, (v.shape[0], len(g.keys))).copy()
        if g.single:
            total += v[:, g.single, :].sum(axis=1)
        for rows in g.clusters:
            total += _combine(v, rows, D)
        if g.outcome is not None:
            total += _log(np.array([g.outcome[k] for k in g.keys]))[None, :]
        return total

    def _posterior(self, total):
        import numpy as np

        with np.errstate(invalid="ignore", over="ignore"):
            return np.nan_to_num(np.exp(total[..., self.best] - _logsumexp_last(total)))

    def _values(self, u):
        import numpy as np

        m = u.shape[1]
        values = np.repeat(self.point[None, :], m, axis=0)
        if len(self.varying):
            values[:, self.varying] = (self.lo[:, None] + u[self.src_in] * self.w[:, None]).T
        D = self.d_lo + u[self.d_in] * self.d_w if self.d_in is not None else np.full(m, self.discount)
        return values, D

    def posterior_best(self, u):
        """The posterior of the point best member for uniforms ``u`` (d, m), in chunks of columns."""
        import numpy as np

        values, D = self._values(u)
        m = u.shape[1]
        out = np.empty(m)
        g = self.g
        per = max(1, CHUNK_CELLS // max(1, len(g.items) * len(g.keys) * max(1, g.src.shape[2])))
        for s in range(0, m, per):
            v = _log(self._lin(values[s:s + per]))
            out[s:s + per] = self._posterior(self._total_of(v, D[s:s + per]))
        return out

    def saltelli(self, A, B):
        """f_A, f_B and f_AB of the posterior of the best member. With ``vary: test`` each input is one
        source of one item: swapping it changes that item's vector only (or its cluster's)."""
        import numpy as np

        d, n = A.shape
        if self.scoring.vary == "type":
            f_A, f_B = self.posterior_best(A), self.posterior_best(B)
            X = np.repeat(A[:, None, :], d, axis=1)
            for i in range(d):
                X[i, i] = B[i]
            return f_A, f_B, self.posterior_best(X.reshape(d, -1)).reshape(d, n)
        g = self.g
        VA, DA = self._values(A)
        VB, DB = self._values(B)
        pA = self._lin(VA)
        vA = _log(pA)
        totA = self._total_of(vA, DA)
        f_A = self._posterior(totA)
        f_B = self._posterior(self._total_of(_log(self._lin(VB)), DB))
        row_of = {it.evidence: r for r, it in enumerate(g.items)}
        cluster_of = {r: c for c, rows in enumerate(g.clusters) for r in rows}
        cA = [_combine(vA, rows, DA) for rows in g.clusters]
        f_AB = np.empty((d, n))
        rows_k = np.array([row_of[g.sources[col].evidence] for col in self.varying], dtype=int)
        # each source's weight in its item's vector, (K, keys); a swap moves that item's vector only
        weight = (g.w[rows_k] * (g.src[rows_k] == self.varying[:, None, None])).sum(axis=-1)
        v_rows = _log(pA[:, rows_k, :] + (VB[:, self.varying] - VA[:, self.varying])[:, :, None] * weight[None])
        alone = np.array([r not in cluster_of for r in rows_k.tolist()], dtype=bool)
        if alone.any():   # all the swaps of items outside clusters at once: (n, K, keys)
            tot = totA[:, None, :] - vA[:, rows_k[alone], :] + v_rows[:, alone, :]
            f_AB[self.src_in[alone]] = self._posterior(tot).T
        in_cluster: dict[int, list[int]] = {}
        for k in np.flatnonzero(~alone).tolist():
            in_cluster.setdefault(cluster_of[int(rows_k[k])], []).append(k)
        for c, ks in in_cluster.items():   # the swaps of one cluster's sources at once: (n, S, rows, keys)
            rows = g.clusters[c]
            sub = np.repeat(vA[:, None, rows, :], len(ks), axis=1)
            for s_, k in enumerate(ks):
                sub[:, s_, rows.index(int(rows_k[k])), :] = v_rows[:, k, :]
            tot = (totA - cA[c])[:, None, :] + _combine_all(sub, DA)
            f_AB[self.src_in[ks]] = self._posterior(tot).T
        if self.d_in is not None:
            tot = totA - sum(cA) + sum(_combine(vA, rows, DB) for rows in g.clusters)
            f_AB[self.d_in] = self._posterior(tot)
        return f_A, f_B, f_AB

    def margin_with(self, type_: str, which: str, xs):
        """ln posterior odds of the point best over the strongest other member, with the p (or q) of every
        varying source of ``type_`` set to x. Only the items holding such a source are evaluated again
        (their whole cluster when they sit in one)."""
        import numpy as np

        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        m = len(xs)
        g = self.g
        cols = [i for i in self.varying if self.source_type[i] == type_ and g.sources[i].which == which]
        if self._point_v is None:
            lin = self._lin(self.point[None, :])
            self._point_v = (lin[0], _log(lin)[0], self._total_of(_log(lin), np.array([self.discount]))[0])
        lin0, v0, tot0 = self._point_v
        weight = np.zeros_like(lin0)                                          # (items, keys): d P / d x
        for c in cols:
            weight += (g.w * (g.src == c)).sum(axis=-1)
        rows = np.flatnonzero(np.abs(weight).sum(axis=1) > 0)
        x0 = self.point[cols[0]] if cols else 0.0
        if any(r in self._cluster_of for r in rows):
            values = np.repeat(self.point[None, :], m, axis=0)
            values[:, cols] = xs[:, None]
            total = self._total_of(_log(self._lin(values)), np.full(m, self.discount))
        else:
            v_rows = _log(lin0[rows][None] + (xs - x0)[:, None, None] * weight[rows][None])   # (m, rows, keys)
            total = tot0[None, :] + (v_rows - v0[rows][None]).sum(axis=1)
        others = [i for i in self.members if i != self.best]
        return total[:, self.best] - total[:, others].max(axis=1)


def _combine(v, rows, D):
    """Rule 4 (§8.4) on finite (clipped) log-likelihood vectors: the widest vector plus D × the others."""
    return _combine_all(v[:, None, rows, :], D)[:, 0, :]


def _logsumexp_last(x):
    """ln Σ exp over the last axis (a few keys), shifted by the maximum; −∞ when every term is −∞."""
    import numpy as np

    m = fold_keys(np.maximum, x)
    safe = np.where(np.isfinite(m), m, 0.0)
    total = np.zeros_like(safe)
    for j in range(x.shape[-1]):
        total += np.exp(x[..., j] - safe)
    with np.errstate(divide="ignore"):
        return safe + np.log(total)


def _combine_all(sub, D):
    """:func:`_combine` of many variants of one cluster at once: ``sub`` (n, S, rows, keys) → (n, S, keys)."""
    import numpy as np

    spread = fold_keys(np.maximum, sub) - fold_keys(np.minimum, sub)                  # (n, S, rows)
    # ties: the first row, i.e. by item id
    lead = np.take_along_axis(sub, spread.argmax(axis=2)[:, :, None, None], axis=2)[:, :, 0, :]
    return lead + D[:, None, None] * (sub.sum(axis=2) - lead)


def _log(p):
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.maximum(np.log(np.clip(p, 0.0, None)), -CLIP)


def rival_indices(model: RivalModel, n: int, seed: int):
    import numpy as np

    d = model.d
    if d == 0:
        return np.zeros(0), np.zeros(0)
    A, B = _base_samples(d, n, seed, f"{model.r.rival_set}~{model.r.case}")
    f_A, f_B, f_AB = model.saltelli(A, B)
    model.spread = float(np.std(np.concatenate([f_A, f_B])))
    return sobol(f_A, f_B, f_AB, n)


def rival_break_even(model: RivalModel) -> list[BreakEven]:
    import numpy as np

    sc = model.scoring

    def codes_of(margin):
        return np.where(margin > 0, 1, np.where(margin < 0, -1, 0))

    def root_for(f, a, b):
        return lambda x: float(f(np.array([x]))[0])

    out = []
    used = {model.source_type[i] for i in model.varying}
    for ty in TEST_TYPES:
        if ty not in used:
            continue
        tab = getattr(sc.tests, ty)
        rng_ = getattr(sc.ranges, ty)
        res, beyond = {}, {}
        for which, x0 in (("p", tab.p_e_h), ("q", tab.p_e_not_h)):
            if not any(model.source_type[i] == ty and model.g.sources[i].which == which for i in model.varying):
                res[which], beyond[which] = None, (None, None)
                continue

            def f(xs, ty=ty, which=which):
                return model.margin_with(ty, which, xs)
            res[which], bey = _interval(f, codes_of, root_for, x0, 1)
            beyond[which] = tuple(None if b is None else ("best" if b == 1 else "overtaken") for b in bey)
        out.append(BreakEven(ty, res["p"], res["q"], (tab.p_e_h, tab.p_e_not_h),
                             (tuple(rng_.p_e_h), tuple(rng_.p_e_not_h)), beyond))
    return out


# -- the analysis of a study ------------------------------------------------------------------------------------
def analyse(result: "ScoreResult", n: int = DEFAULT_N, pairs: Iterable[tuple[str, str]] | None = None,
            rival_sets: bool = True) -> Judgements:
    """Drivers and break-even likelihoods of every pair (or of ``pairs``) and every rival set in every case.

    ``n`` (a power of 2) is the size of each Sobol' base sample: a pair with d judgement coordinates costs
    (d + 2) · n evaluations of its model. Seeded by ``scoring.seed``: a run is reproducible.
    """
    if n <= 0 or n & (n - 1):
        raise ValueError(f"n must be a power of 2, not {n}")
    sc = result.study.config.scoring
    wanted = None if pairs is None else set(pairs)
    out = []
    for p in result.pairs:
        if wanted is not None and (p.hypothesis, p.case) not in wanted:
            continue
        out.append(analyse_pair(p, sc, n))
    rivals = [analyse_rival(result, r, n) for r in result.rival_scores] if rival_sets else []
    return Judgements(out, rivals, n, sc.seed, sc.vary)


def analyse_pair(pair: "PairScore", scoring: "Scoring", n: int = DEFAULT_N) -> PairJudgements:
    model = PairModel(pair, scoring)
    if not pair.tests or model.d == 0:
        return PairJudgements(pair.hypothesis, pair.case, pair.bayes, [], pair_break_even(model) if pair.tests else [])
    first, total = pair_indices(model, n, scoring.seed)
    types = {name: ty for (name, kind, _), ty in zip(model.inputs[0::2], model.types) if kind == "test"} \
        if scoring.vary != "type" else None
    return PairJudgements(pair.hypothesis, pair.case, pair.bayes, _drivers(model.inputs, first, total, types),
                          pair_break_even(model), model.spread)


def analyse_rival(result: "ScoreResult", r: "RivalScore", n: int = DEFAULT_N) -> RivalJudgements:
    model = RivalModel(result, r)
    first, total = rival_indices(model, n, result.study.config.scoring.seed)
    return RivalJudgements(r.rival_set, r.case, r.best, _drivers(model.inputs, first, total, model.types_by_name),
                           rival_break_even(model), getattr(model, "spread", 0.0))


def as_json(j: Judgements) -> dict[str, Any]:
    return j.to_dict()

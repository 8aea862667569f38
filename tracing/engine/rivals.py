"""Rival sets (contract §8): mutually exclusive hypotheses compared with each other, in log space.

For a set and a case, every item bearing on the set gives a vector of
log-likelihoods, one entry per member and the residual (:mod:`tracing.reading.rivals`
declares the terms); items of one cluster are combined on those vectors (rule 4),
the outcome term is added (rule 3), and the posterior is the softmax of the
log priors plus the sum (rule 5). ``best`` is the member with the highest
posterior (the residual is never best); ``margin_db`` the posterior odds of best
over the strongest other, in dB; ``weights_db[a][b]`` the evidence alone for a
over b.

The point scores and the sensitivity draws run through one function
(:func:`_evaluate`) on arrays of shape (draws, items, keys): the point is one
draw at the point likelihoods. Each draw uses the same p, q and discount as
the §6.7 draws (:mod:`.sensitivity`), so a draw is one state of the world for
every score of the study.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..reading.rivals import RESIDUAL, ItemTerms, Source, item_terms, keys_of, outcome_terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reading.study import Study
    from .scoring import PairScore

DB = 10.0 / math.log(10.0)


@dataclass
class RivalScore:
    """One rival set in one case."""

    rival_set: str
    case: str
    label: str
    members: list[str]
    keys: list[str]                       # the members, then "residual" when the set has one
    priors: dict[str, float]
    posteriors: dict[str, float]
    best: str
    runner_up: str
    margin_db: float
    weights_db: dict[str, dict[str, float]]
    items: list[dict] = field(default_factory=list)   # per item (or cluster): log-likelihoods in dB per key
    outcome_db: dict[str, float] | None = None
    robustness: float | None = None
    robustness_interval: tuple[float, float] | None = None

    def discriminating(self, a: str | None = None, b: str | None = None, n: int = 5) -> list[dict]:
        """The items that weigh most between ``a`` and ``b`` (default: best and runner-up), largest first."""
        a, b = a or self.best, b or self.runner_up
        rows = [{**it, "db": it["db"][a] - it["db"][b]} for it in self.items]
        rows = [r for r in rows if not math.isnan(r["db"]) and r["db"] != 0]
        return sorted(rows, key=lambda r: (-abs(r["db"]), r["label"]))[:n]


class _Group:
    """The items of one set and case as arrays: terms (items × keys) gathered from drawn sources."""

    def __init__(self, study: "Study", rs, case: str):
        import numpy as np

        self.keys = keys_of(rs)
        items: list[ItemTerms] = []
        for e in study.evidence.values():
            if e.case == case:
                t = item_terms(study.config, rs, e)
                if t is not None:
                    items.append(t)
        items.sort(key=lambda it: it.evidence)
        self.items = items
        self.sources: list[Source] = sorted({s for it in items for term in it.terms.values() for s, _ in term.parts})
        index = {s: i for i, s in enumerate(self.sources)}
        width = max((len(term.parts) for it in items for term in it.terms.values()), default=0)
        n_i, n_k = len(items), len(self.keys)
        self.const = np.zeros((n_i, n_k))
        self.src = np.zeros((n_i, n_k, max(width, 1)), dtype=int)
        self.w = np.zeros((n_i, n_k, max(width, 1)))
        for i, it in enumerate(items):
            for k, key in enumerate(self.keys):
                term = it.terms[key]
                self.const[i, k] = term.const
                for m, (s, wt) in enumerate(term.parts):
                    self.src[i, k, m], self.w[i, k, m] = index[s], wt
        # clusters (rule 4): groups of item rows; items outside clusters are groups of one
        by_cluster: dict[str, list[int]] = {}
        self.single: list[int] = []
        for i, it in enumerate(items):
            if it.cluster is None:
                self.single.append(i)
            else:
                by_cluster.setdefault(it.cluster, []).append(i)
        for c in [c for c, rows in by_cluster.items() if len(rows) == 1]:
            self.single += by_cluster.pop(c)
        self.clusters = [rows for _, rows in sorted(by_cluster.items())]
        self.cluster_names = sorted(by_cluster)
        self.outcome = outcome_terms(study.config, study.hypotheses, rs, case)
        priors = rs.prior_of()
        self.log_prior = np.array([math.log(priors[k]) for k in self.keys])

    def linear(self, values):
        """P(e | key) of every item for every draw: shape (draws, items, keys); ``values`` (draws, sources):
        each entry a constant plus its weighted sources."""
        import numpy as np

        p = np.broadcast_to(self.const, (values.shape[0], *self.const.shape)).copy()
        if self.sources:
            p += (values[:, self.src] * self.w[None]).sum(axis=3)
        return p

    def log_likelihoods(self, values):
        """ln P(e | key) for every draw: shape (draws, items, keys); ``values`` (draws, sources)."""
        import numpy as np

        with np.errstate(divide="ignore"):
            return np.log(np.clip(self.linear(values), 0.0, None))


def fold_keys(op, x):
    """``op`` (np.maximum, np.minimum, np.logical_or, ...) folded over the last axis of ``x``, which holds
    a rival set's few keys: one whole-array operation per key, many times faster on large arrays than
    numpy's reduction along a short last axis (which stays the choice for small ones)."""
    if x.size < 8192:
        return op.reduce(x, axis=-1)
    out = x[..., 0].copy()
    for j in range(1, x.shape[-1]):
        op(out, x[..., j], out=out)
    return out


def _combine(v, rows: list[int], discount):
    """Rule 4 for one cluster: the vector of widest range, plus ``discount`` × the others (per draw).

    An entry that is −∞ in any vector stays −∞: evidence impossible under a member is impossible however
    correlated the items that say so (the counterpart of §6.10's eliminating test)."""
    import numpy as np

    sub = v[:, rows, :]                                                      # (draws, size, keys)
    finite = np.isfinite(sub)
    with np.errstate(invalid="ignore"):
        spread = (fold_keys(np.maximum, np.where(finite, sub, -np.inf))
                  - fold_keys(np.minimum, np.where(finite, sub, np.inf)))     # −∞ when no entry is finite
    spread = np.where(np.isfinite(spread), spread, -1.0)
    spread = np.where(fold_keys(np.logical_or, np.isinf(sub)), np.inf, spread)  # an impossible entry: widest
    top = spread.argmax(axis=1)                                              # ties: the first row, i.e. by item id
    lead = np.take_along_axis(sub, top[:, None, None], axis=1)[:, 0, :]
    finite_sub = np.where(finite, sub, 0.0)
    rest = finite_sub.sum(axis=1) - np.take_along_axis(finite_sub, top[:, None, None], axis=1)[:, 0, :]
    out = lead + discount[:, None] * rest
    impossible = np.isneginf(sub).any(axis=1)
    return np.where(impossible, -np.inf, out)


def _evaluate(g: _Group, values, discount):
    """(log posterior up to a constant per draw, per-item vectors) for every draw."""
    import numpy as np

    v = g.log_likelihoods(values)
    total = np.broadcast_to(g.log_prior, (v.shape[0], len(g.keys))).copy()
    parts = []
    if g.single:
        s = v[:, g.single, :]
        total += s.sum(axis=1)
        parts.append(s)
    for rows in g.clusters:
        c = _combine(v, rows, discount)
        total += c
        parts.append(c[:, None, :])
    if g.outcome is not None:
        with np.errstate(divide="ignore"):
            total += np.log(np.array([g.outcome[k] for k in g.keys]))[None, :]
    return total, parts


def _point_values(study: "Study", g: _Group):
    import numpy as np

    from ..reading.declared import likelihoods_of

    vals = []
    for s in g.sources:
        t = next(t for t in study.evidence[s.evidence].tests if t.hypothesis == s.hypothesis)
        p, q, _ = likelihoods_of(study.config, t.type, t.p_e_h, t.p_e_not_h)
        vals.append(p if s.which == "p" else q)
    return np.array([vals], dtype=float).reshape(1, len(g.sources))


def score_rival_sets(study: "Study", pairs: list["PairScore"], draws: int) -> list[RivalScore]:
    """Every rival set in every case (sets in study order, then cases)."""
    import numpy as np

    cfg = study.config
    out = []
    d = cfg.scoring.dependence.discount
    for sid, rs in cfg.rival_sets.items():
        for cid in cfg.cases:
            g = _Group(study, rs, cid)
            total, parts = _evaluate(g, _point_values(study, g), np.array([d]))
            logp = total[0]
            norm = np.logaddexp.reduce(logp)
            post = np.exp(logp - norm)
            members = list(rs.members)
            m_idx = [g.keys.index(m) for m in members]
            best_i = max(m_idx, key=lambda i: (logp[i], -i))
            others = [i for i in range(len(g.keys)) if i != best_i]
            runner_i = max(others, key=lambda i: (logp[i], -i))
            evidence_sum = total[0] - g.log_prior
            weights = {a: {b: float(DB * (evidence_sum[i] - evidence_sum[j])) if not (
                math.isinf(evidence_sum[i]) and evidence_sum[i] == evidence_sum[j]) else math.nan
                for j, b in enumerate(g.keys) if j != i} for i, a in enumerate(g.keys)}
            labels = [g.items[i].evidence for i in g.single] + [f"cluster {c}" for c in g.cluster_names]
            anchors = [g.items[i].evidence for i in g.single] + [g.items[rows[0]].evidence for rows in g.clusters]
            vectors = np.concatenate(parts, axis=1)[0] if parts else np.zeros((0, len(g.keys)))
            items = [{"label": lab, "evidence": anc, "db": {k: float(DB * vectors[r, j]) for j, k in enumerate(g.keys)}}
                     for r, (lab, anc) in enumerate(zip(labels, anchors))]
            out.append(RivalScore(
                rival_set=sid, case=cid, label=rs.label or sid, members=members, keys=list(g.keys),
                priors={k: float(v) for k, v in zip(g.keys, np.exp(g.log_prior))},
                posteriors={k: float(v) for k, v in zip(g.keys, post)},
                best=g.keys[best_i], runner_up=g.keys[runner_i],
                margin_db=float(DB * (logp[best_i] - logp[runner_i])), weights_db=weights, items=items,
                outcome_db=None if g.outcome is None else {k: DB * math.log(v) if v > 0 else -math.inf
                                                           for k, v in g.outcome.items()}))
            out[-1]._group = g  # type: ignore[attr-defined]  # kept for the draws below
    if draws > 0 and out:
        _robustness(study, pairs, out, draws)
    for r in out:
        r.__dict__.pop("_group", None)
    return out


def _robustness(study: "Study", pairs: list["PairScore"], scores: list[RivalScore], draws: int) -> None:
    """Share of the §6.7 draws (same p, q and discount) whose best member is the point best."""
    import numpy as np

    from .sensitivity import BLOCK_CELLS, Plan, draw_discounts, draw_pq, wilson_interval

    sc = study.config.scoring
    plan = Plan(pairs, sc)
    agree = np.zeros(len(scores), dtype=int)
    width = max(1, sum(len(s._group.sources) * max(1, len(s._group.items)) for s in scores))  # type: ignore[attr-defined]
    block = max(1, BLOCK_CELLS // width)
    for start in range(0, draws, block):
        stop = min(draws, start + block)
        p_of, q_of = draw_pq(plan, sc, draws, sc.seed, start, stop)
        discount = (draw_discounts(sc, plan, draws, sc.seed, start, stop) if plan.has_clusters
                    else np.full(stop - start, sc.dependence.discount))
        for n, s in enumerate(scores):
            g = s._group  # type: ignore[attr-defined]
            if g.sources:
                values = np.column_stack([(p_of if src.which == "p" else q_of)(src.hypothesis, s.case, src.evidence)
                                          for src in g.sources])
            else:
                values = np.zeros((stop - start, 0))
            total, _ = _evaluate(g, values, discount)
            m_idx = np.array([g.keys.index(m) for m in s.members])
            best = m_idx[total[:, m_idx].argmax(axis=1)]
            agree[n] += int((best == g.keys.index(s.best)).sum())
    for n, s in enumerate(scores):
        s.robustness = float(agree[n]) / draws
        s.robustness_interval = wilson_interval(int(agree[n]), draws)


__all__ = ["RESIDUAL", "RivalScore", "score_rival_sets"]

"""What to look for next: planned evidence ranked by expected learning (`tracing plan`).

A planned item (``status: planned``) names a trace not yet looked for and, for
each hypothesis it would test, a test type (and optionally its own p and q).
For a hypothesis × case with current posterior π (the scored study, planned
items left out) and the planned test's p = P(E|H), q = P(E|¬H):

* P(found) = π·p + (1 − π)·q;
* posterior if found π·p / P(found), if not found π·(1 − p) / (1 − P(found));
* expected learning (Humphreys & Jacobs, *Integrated Inferences*, ch. 5)
  = 1 − E[posterior variance] / prior variance, the variance of a yes/no
  hypothesis being π(1 − π): the share of the present uncertainty that the
  search is expected to remove;
* the probability that the Bayesian verdict changes: P(found) when finding
  would change it, plus P(not found) when not finding would.

For a rival set (contract §8) the item's likelihood under each member (and
the residual) is its §8.2 likelihood with every test taken as passed —
P(found | m) — and 1 − that when not found; the set's current posterior is
updated both ways, giving the expected reduction of its entropy (bits, the
mutual information of the search and the question) and the probability that
``best`` changes.

Each planned item is taken as conditionally independent of the evidence in
hand: its cluster, if it has one, is not applied (docs/contract-notes.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..reading.declared import likelihoods_of
from ..reading.rivals import item_terms, point_value
from .scoring import bayes_verdict

if TYPE_CHECKING:  # pragma: no cover
    from ..reading.models import EvidenceItem
    from ..reading.study import Study
    from .results import ScoreResult


def update(prior: float, p: float, q: float) -> tuple[float, float | None, float | None]:
    """(P(found), posterior if found, posterior if not found); a posterior is None when its outcome is
    impossible (probability 0)."""
    found = prior * p + (1.0 - prior) * q
    post_f = prior * p / found if found > 0 else None
    post_n = prior * (1.0 - p) / (1.0 - found) if found < 1 else None
    return found, post_f, post_n


def expected_learning(prior: float, p: float, q: float) -> float:
    """1 − E[posterior variance] / prior variance of one clue with P(clue | H) = p, P(clue | ¬H) = q.

    0 when there is nothing left to learn (a prior of 0 or 1) or the clue cannot tell H from ¬H (p = q);
    1 when either outcome settles the question."""
    var = prior * (1.0 - prior)
    if var <= 0:
        return 0.0
    found, post_f, post_n = update(prior, p, q)
    expected = 0.0
    if post_f is not None:
        expected += found * post_f * (1.0 - post_f)
    if post_n is not None:
        expected += (1.0 - found) * post_n * (1.0 - post_n)
    return min(1.0, max(0.0, 1.0 - expected / var))


def entropy_bits(dist: dict[str, float]) -> float:
    """Shannon entropy of a distribution, in bits."""
    return -math.fsum(v * math.log2(v) for v in dist.values() if v > 0)


@dataclass
class PlannedTest:
    """One planned item × hypothesis × case: what finding the trace, or not, would do to the pair."""

    item: str
    hypothesis: str
    case: str
    type: str
    p_e_h: float
    p_e_not_h: float
    override: bool
    prior: float                       # the pair's current posterior
    verdict: str                       # its current Bayesian verdict
    p_found: float
    posterior_if_found: float | None
    posterior_if_not_found: float | None
    verdict_if_found: str | None
    verdict_if_not_found: str | None
    expected_learning: float
    p_verdict_changes: float
    claim: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "hypothesis": self.hypothesis, "case": self.case, "type": self.type,
                "p_e_h": self.p_e_h, "p_e_not_h": self.p_e_not_h, "override": self.override,
                "posterior": self.prior, "verdict": self.verdict, "p_found": self.p_found,
                "posterior_if_found": self.posterior_if_found, "posterior_if_not_found": self.posterior_if_not_found,
                "verdict_if_found": self.verdict_if_found, "verdict_if_not_found": self.verdict_if_not_found,
                "expected_learning": self.expected_learning, "p_verdict_changes": self.p_verdict_changes}


@dataclass
class PlannedSet:
    """One planned item × rival set × case: what finding the trace, or not, would do to the set."""

    item: str
    rival_set: str
    case: str
    label: str
    posteriors: dict[str, float]
    best: str
    likelihoods: dict[str, float]      # P(found | key), members then the residual
    p_found: float
    posteriors_if_found: dict[str, float] | None
    posteriors_if_not_found: dict[str, float] | None
    best_if_found: str | None
    best_if_not_found: str | None
    entropy_bits: float
    expected_entropy_reduction: float  # bits
    p_best_changes: float
    claim: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "rival_set": self.rival_set, "case": self.case, "posteriors": self.posteriors,
                "best": self.best, "p_found_given": self.likelihoods, "p_found": self.p_found,
                "posteriors_if_found": self.posteriors_if_found,
                "posteriors_if_not_found": self.posteriors_if_not_found,
                "best_if_found": self.best_if_found, "best_if_not_found": self.best_if_not_found,
                "entropy_bits": self.entropy_bits, "expected_entropy_reduction": self.expected_entropy_reduction,
                "p_best_changes": self.p_best_changes}


@dataclass
class Plan:
    """Every planned test and rival set, ranked: largest expected learning (entropy reduction) first."""

    study: "Study"
    planned: list[PlannedTest] = field(default_factory=list)
    rival_sets: list[PlannedSet] = field(default_factory=list)
    items: int = 0                     # planned items in the study (before any --pair filter)

    def to_dict(self) -> dict[str, Any]:
        return {"planned": [t.to_dict() for t in self.planned], "rival_sets": [s.to_dict() for s in self.rival_sets]}


def _natural(text: str) -> tuple:
    import re

    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


def plan(result: "ScoreResult", pair: tuple[str, str] | None = None) -> Plan:
    """Rank the study's planned items; ``pair`` = (hypothesis, case) keeps that pair (and the rival sets
    that hold the hypothesis, in that case) only."""
    study = result.study
    cfg = study.config
    sc = cfg.scoring
    pairs = {(p.hypothesis, p.case): p for p in result.pairs}
    planned_items = [e for e in study.evidence.values() if e.planned]
    out = Plan(study, items=len(planned_items))
    for e in planned_items:
        for t in e.tests:
            ps = pairs.get((t.hypothesis, e.case))
            if ps is None or (pair is not None and (t.hypothesis, e.case) != pair):
                continue
            p, q, ov = likelihoods_of(cfg, t.type, t.p_e_h, t.p_e_not_h)
            prior = ps.posterior
            found, post_f, post_n = update(prior, p, q)
            n = len(ps.tests) + 1
            v_f = None if post_f is None else bayes_verdict(post_f, n, sc.thresholds.confirmed, sc.thresholds.rejected)
            v_n = None if post_n is None else bayes_verdict(post_n, n, sc.thresholds.confirmed, sc.thresholds.rejected)
            change = (found if v_f is not None and v_f != ps.bayes else 0.0) + \
                ((1.0 - found) if v_n is not None and v_n != ps.bayes else 0.0)
            out.planned.append(PlannedTest(e.id, t.hypothesis, e.case, t.type, p, q, ov, prior, ps.bayes, found,
                                           post_f, post_n, v_f, v_n, expected_learning(prior, p, q), change, e.claim))
    by_set = {(r.rival_set, r.case): r for r in result.rival_scores}
    for e in planned_items:
        for sid, rs in cfg.rival_sets.items():
            r = by_set.get((sid, e.case))
            if r is None or (pair is not None and (pair[1] != e.case or pair[0] not in rs.members)):
                continue
            got = _set_effect(study, rs, r, e)
            if got is not None:
                out.rival_sets.append(got)
    out.planned.sort(key=lambda t: (-t.expected_learning, -t.p_verdict_changes, _natural(t.item), t.hypothesis,
                                    t.case))
    out.rival_sets.sort(key=lambda s: (-s.expected_entropy_reduction, -s.p_best_changes, _natural(s.item),
                                       s.rival_set))
    return out


def _as_found(e: "EvidenceItem") -> "EvidenceItem":
    """The planned item as if its trace were found: observed, every test passed."""
    return e.model_copy(update={"status": "observed",
                                "tests": [t.model_copy(update={"result": "pass"}) for t in e.tests]})


def _best(members: list[str], post: dict[str, float]) -> str:
    """The member with the highest posterior; ties go to the first in ``members`` (contract §8.5)."""
    return max(members, key=lambda m: (post[m], -members.index(m)))


def _set_effect(study: "Study", rs, r, e: "EvidenceItem") -> PlannedSet | None:
    terms = item_terms(study.config, rs, _as_found(e))
    if terms is None:
        return None  # silent on the set (contract §8.2(d))
    like = {k: min(1.0, max(0.0, point_value(study.config, study.evidence, term))) for k, term in terms.terms.items()}
    prior = dict(r.posteriors)
    found = math.fsum(prior[k] * like[k] for k in r.keys)
    members = list(r.members)

    def posterior(weights: dict[str, float], total: float) -> dict[str, float] | None:
        if total <= 0:
            return None
        return {k: prior[k] * weights[k] / total for k in r.keys}

    post_f = posterior(like, found)
    post_n = posterior({k: 1.0 - like[k] for k in r.keys}, 1.0 - found)
    h0 = entropy_bits(prior)
    expected = (found * entropy_bits(post_f) if post_f else 0.0) + \
        ((1.0 - found) * entropy_bits(post_n) if post_n else 0.0)
    best_f = _best(members, post_f) if post_f else None
    best_n = _best(members, post_n) if post_n else None
    change = (found if best_f is not None and best_f != r.best else 0.0) + \
        ((1.0 - found) if best_n is not None and best_n != r.best else 0.0)
    return PlannedSet(e.id, r.rival_set, r.case, r.label, prior, r.best, like, found, post_f, post_n, best_f, best_n,
                      h0, max(0.0, h0 - expected), change, e.claim)


__all__ = ["Plan", "PlannedSet", "PlannedTest", "entropy_bits", "expected_learning", "plan", "update"]

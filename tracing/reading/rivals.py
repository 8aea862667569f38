"""What each evidence item says under each member of a rival set (contract §8.2), as the reader declares it.

P(e | m) is written as a sum of terms: a constant, plus the likelihoods of some
of the item's tests with weights — p of the test of m (or 1 − p for a failed
test), or the mean of the tested members' q (or 1 − q). The engine evaluates
the same terms at the point likelihoods and at every sensitivity draw
(:mod:`tracing.engine.rivals`), so both read one definition. The reader uses
them to refuse evidence that no member can explain and to warn about items
whose tests contradict each other (§8.5, §8.7).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .declared import likelihoods_of
from .models import EvidenceItem, StudyConfig
from .models.study import RivalSet

RESIDUAL = "residual"


class Source(NamedTuple):
    """A drawn likelihood: ``which`` is ``p`` or ``q`` of the test of ``hypothesis`` by ``evidence``."""

    hypothesis: str
    evidence: str
    which: str


class Term(NamedTuple):
    """P(e | key) = ``const`` + Σ weight · value of source."""

    const: float
    parts: tuple[tuple[Source, float], ...] = ()


class ItemTerms(NamedTuple):
    """One item bearing on a rival set in its case: its cluster and a term per key (members, then the residual)."""

    evidence: str
    cluster: str | None
    terms: dict[str, Term]


def keys_of(rs: RivalSet) -> list[str]:
    """The members, then ``residual`` when the set has one (a residual of 0 takes no part)."""
    return list(rs.members) + ([RESIDUAL] if rs.residual > 0 else [])


def item_terms(config: StudyConfig, rs: RivalSet, e: EvidenceItem) -> ItemTerms | None:
    """The item's terms for the set (rule 2), or None when it is silent on the set (rule 2(d)) or planned
    (not looked for yet: it takes no part in the set; ``tracing plan`` asks what it would do)."""
    if e.planned:
        return None
    tested = {t.hypothesis: t for t in e.tests if t.hypothesis in rs.members}
    given = e.likelihoods or {}
    if not tested and not any(k in given for k in rs.members):
        return None
    alternative = None
    if tested:  # rule 2(c): the mean over the tested members of q (pass) or 1 − q (fail)
        parts = []
        const = 0.0
        share = 1.0 / len(tested)
        for h, t in tested.items():
            _, q, fixed = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
            if fixed:
                const += share * (q if t.result == "pass" else 1.0 - q)
            elif t.result == "pass":
                parts.append((Source(h, e.id, "q"), share))
            else:
                const += share
                parts.append((Source(h, e.id, "q"), -share))
        alternative = Term(const, tuple(parts))
    terms: dict[str, Term] = {}
    for key in keys_of(rs):
        if key in given:
            terms[key] = Term(given[key])
        elif key in tested:  # rule 2(b)
            t = tested[key]
            p, _, fixed = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
            if fixed:
                terms[key] = Term(p if t.result == "pass" else 1.0 - p)
            elif t.result == "pass":
                terms[key] = Term(0.0, ((Source(key, e.id, "p"), 1.0),))
            else:
                terms[key] = Term(1.0, ((Source(key, e.id, "p"), -1.0),))
        elif alternative is not None:
            terms[key] = alternative
        else:  # likelihoods given but incomplete: the reader reports it; here the item stays silent
            return None
    return ItemTerms(e.id, e.cluster, terms)


def point_value(config: StudyConfig, evidence: dict[str, EvidenceItem], term: Term) -> float:
    """A term at the study's point likelihoods."""
    value = term.const
    for src, w in term.parts:
        t = next(t for t in evidence[src.evidence].tests if t.hypothesis == src.hypothesis)
        p, q, _ = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
        value += w * (p if src.which == "p" else q)
    return value


def outcome_terms(config: StudyConfig, hypotheses, rs: RivalSet, case: str) -> dict[str, float] | None:
    """P(observed level | key) for the set in ``case`` (rule 3), or None when there is no outcome term."""
    cong, outcome = config.scoring.congruence, config.outcome
    if cong.mode == "off" or outcome is None:
        return None
    actors = {hypotheses[m].actor for m in rs.members if m in hypotheses}
    if len(actors) != 1 or None in actors:
        return None
    actor = actors.pop()
    level = next((o.level for o in outcome.observed if o.actor == actor and o.case == case and o.phase is None), None)
    if level is None:
        return None
    levels = list(outcome.levels)
    rates = outcome.base_rates or {lv: 1.0 / len(levels) for lv in levels}
    p = cong.p_e_h
    out = {}
    for key in keys_of(rs):
        b = rates[level]
        h = hypotheses.get(key)
        predicted = h.predicted_levels(case) if h is not None else []
        if h is None or h.ex_post or not predicted or set(predicted) >= set(levels):
            out[key] = b
            continue
        covered = sum(rates[s] for s in predicted)
        out[key] = p * b / covered if level in predicted else (1.0 - p) * b / (1.0 - covered)
    return out


def incoherence(config: StudyConfig, rs: RivalSet, e: EvidenceItem, terms: ItemTerms,
                evidence: dict[str, EvidenceItem]) -> list[tuple[str, float, float]]:
    """Rule 8.7: for each member t the item tests, (t, stated, implied) where the stated q_t (pass) or 1 − q_t
    (fail) and the prior-weighted P(e | others) differ by more than a factor of 2."""
    if e.likelihoods:
        return []
    tested = [t for t in e.tests if t.hypothesis in rs.members]
    if len(tested) < 2:
        return []
    priors = rs.prior_of()
    values = {k: point_value(config, evidence, term) for k, term in terms.terms.items()}
    out = []
    for t in tested:
        _, q, _ = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
        stated = q if t.result == "pass" else 1.0 - q
        others = [k for k in values if k != t.hypothesis]
        weight = sum(priors[k] for k in others)
        implied = sum(priors[k] * values[k] for k in others) / weight if weight > 0 else stated
        if stated <= 0 or implied <= 0:
            bad = stated != implied
        else:
            bad = not (0.5 <= stated / implied <= 2.0)
        if bad and not math.isclose(stated, implied):
            out.append((t.hypothesis, stated, implied))
    return out

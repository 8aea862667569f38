"""Derived views of a scored study: trajectories over time, phase posteriors, rivals, and the ACH matrix.

These are ways of looking at the scores, not further verdicts; the ACH matrix in
particular is Heuer's consistency table offered to analysts trained on it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..reading.models.common import in_period
from ..weights import INF, EvidenceState
from .scoring import ScoredTest, bayes_verdict

if TYPE_CHECKING:  # pragma: no cover
    from .scoring import PairScore
    from ..reading.study import Study


def time_order(tests: list[ScoredTest]) -> list[ScoredTest]:
    """Dated items by date, then undated items by id; the congruence test last."""
    return sorted(tests, key=lambda t: (t.congruence, t.date is None, t.date or "", t.evidence))


def trajectory(pairs: list["PairScore"]) -> list[dict]:
    """The posterior after each test, in time order, per hypothesis × case (step 0 is the prior)."""
    rows = []
    for pair in pairs:
        state = EvidenceState()
        rows.append({"hypothesis": pair.hypothesis, "case": pair.case, "step": 0, "evidence": None, "date": None,
                     "phase": None, "weight_db": 0.0, "posterior": pair.prior})
        for i, t in enumerate(time_order(pair.tests), start=1):
            state = state.add(t.lr)
            rows.append({"hypothesis": pair.hypothesis, "case": pair.case, "step": i, "evidence": t.evidence,
                         "date": t.date, "phase": t.phase, "weight_db": t.weight_db,
                         "posterior": state.posterior(pair.prior)})
    return rows


def phase_of(study: "Study", t: ScoredTest) -> str | None:
    """The phase a test belongs to: the item's phase, else the first phase whose period holds its date."""
    if t.phase:
        return t.phase
    if t.date is None:
        return None
    for ph in study.config.cases[t.case].phases:
        if in_period(t.date, ph.start, ph.end):
            return ph.id
    return None


def phase_scores(study: "Study", pairs: list["PairScore"]) -> list[dict]:
    """Per hypothesis × case × phase: the posterior from the prior and that phase's tests alone."""
    sc = study.config.scoring
    rows = []
    for pair in pairs:
        phases = study.config.cases[pair.case].phases
        if not phases:
            continue
        groups: dict[str, list[ScoredTest]] = {ph.id: [] for ph in phases}
        for t in pair.tests:
            ph = phase_of(study, t)
            if ph in groups:
                groups[ph].append(t)
        for ph in phases:
            tests = groups[ph.id]
            state = EvidenceState.of(t.lr for t in tests)
            post = state.posterior(pair.prior)
            weight = state.weight_db
            rows.append({"hypothesis": pair.hypothesis, "case": pair.case, "phase": ph.id, "tests": len(tests),
                         "weight_db": weight, "posterior": post,
                         "bayes": bayes_verdict(post, len(tests), sc.thresholds.confirmed, sc.thresholds.rejected)})
    return rows


def rival_pairs(study: "Study") -> list[tuple[str, str]]:
    """Named rivals, plus hypotheses about the same actor from different theories; each pair once."""
    hyps = study.hypotheses
    out: list[tuple[str, str]] = []
    seen: set[frozenset] = set()

    def add(a: str, b: str):
        k = frozenset((a, b))
        if a != b and k not in seen:
            seen.add(k)
            out.append((a, b))

    for h in hyps.values():
        for r in h.rivals:
            if r in hyps:
                add(h.id, r)
    ids = list(hyps)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ha, hb = hyps[a], hyps[b]
            if ha.actor and ha.actor == hb.actor and ha.theory and hb.theory and ha.theory != hb.theory:
                add(a, b)
    return out


def rivals(study: "Study", pairs: list["PairScore"]) -> list[dict]:
    """Difference in weight of evidence (dB) between rivals, per case."""
    by = {(p.hypothesis, p.case): p for p in pairs}
    rows = []
    for a, b in rival_pairs(study):
        for c in study.config.cases:
            pa, pb = by[(a, c)], by[(b, c)]
            with_inf = math.isinf(pa.weight_db) and math.isinf(pb.weight_db) and pa.weight_db == pb.weight_db
            rows.append({"hypothesis": a, "rival": b, "case": c, "weight_db": pa.weight_db,
                         "rival_weight_db": pb.weight_db,
                         "difference_db": math.nan if with_inf else pa.weight_db - pb.weight_db,
                         "posterior": pa.posterior, "rival_posterior": pb.posterior})
    return rows


def ach(study: "Study", pairs: list["PairScore"]) -> dict:
    """Heuer's ACH matrix: evidence × hypothesis, consistent (pass) or inconsistent (fail).

    Each item's diagnosticity is the spread of its weights across the hypotheses
    (an untested hypothesis counts 0 dB): evidence consistent with every
    hypothesis has none. A hypothesis's inconsistency score in a case sums the
    weight against it of its failed tests (in dB, positive). Rows are ordered by
    diagnosticity, highest first. A view, not a verdict.
    """
    hyps = list(study.hypotheses)
    cells: dict[str, dict[str, ScoredTest]] = {}
    for pair in pairs:
        for t in pair.tests:
            if not t.congruence:
                cells.setdefault(t.evidence, {})[t.hypothesis] = t
    rows = []
    for eid, by_h in cells.items():
        weights = [by_h[h].weight_db if h in by_h else 0.0 for h in hyps]
        diag = max(weights) - min(weights) if weights else 0.0
        if math.isnan(diag):
            diag = INF
        rows.append({"evidence": eid, "case": study.evidence[eid].case, "diagnosticity_db": diag,
                     "cells": {h: {"mark": "C" if t.result == "pass" else "I", "type": t.type,
                                   "weight_db": t.weight_db} for h, t in by_h.items()}})
    rows.sort(key=lambda r: (-r["diagnosticity_db"], r["evidence"]))
    scores = []
    for pair in pairs:
        against = [t for t in pair.tests if not t.congruence and t.result == "fail"]
        scores.append({"hypothesis": pair.hypothesis, "case": pair.case,
                       "inconsistent": len(against),
                       "consistent": sum(1 for t in pair.tests if not t.congruence and t.result == "pass"),
                       "inconsistency_db": sum(-t.weight_db for t in against if t.weight_db < 0)})
    return {"hypotheses": hyps, "rows": rows, "scores": scores}

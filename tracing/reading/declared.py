"""The tests a study declares, with the likelihoods in force: each evidence test and each congruence test.

This is where the defaults of ``scoring.tests`` meet a test's own overrides,
and where the automatic congruence test (contract §6.2) comes from. The engine
scores exactly these tests (:func:`tracing.engine.scoring.iter_tests`); the
reader checks them for 0/0 ratios and contradictions (:mod:`.consistency`).
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from .models import EvidenceItem, Hypothesis, StudyConfig


class Declared(NamedTuple):
    """One test as declared: ``evidence`` is the item id, or ``congruence:H:C`` for a congruence test."""

    hypothesis: str
    case: str
    evidence: str
    type: str
    result: str
    p_e_h: float
    p_e_not_h: float
    override: bool
    date: str | None = None
    phase: str | None = None
    note: str | None = None
    congruence: bool = False


def likelihoods_of(config: StudyConfig, type_: str, p: float | None, q: float | None) -> tuple[float, float, bool]:
    """(p, q, overridden) of a test: its own override when it gives both, else the study's table."""
    if p is not None and q is not None:
        return p, q, True
    lk = getattr(config.scoring.tests, type_)
    return lk.p_e_h, lk.p_e_not_h, False


def declared_tests(config: StudyConfig, hypotheses: dict[str, Hypothesis],
                   evidence: dict[str, EvidenceItem]) -> Iterator[Declared]:
    """Every test of the study, evidence tests first (file order), then congruence tests (contract §6.2)."""
    for e in evidence.values():
        for t in e.tests:
            if t.hypothesis not in hypotheses:
                continue
            p, q, ov = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
            yield Declared(t.hypothesis, e.case, e.id, t.type, t.result, p, q, ov, e.date, e.phase, t.note)
    ctype = config.scoring.congruence
    if ctype is None or config.outcome is None:
        return
    whole_case = {(o.actor, o.case): o.level for o in config.outcome.observed if o.phase is None}
    for h in hypotheses.values():
        for cid, levels in h.predictions.items():
            level = whole_case.get((h.actor, cid))
            if level is None or cid not in config.cases:
                continue
            result = "pass" if level in levels else "fail"
            p, q, _ = likelihoods_of(config, ctype, None, None)
            yield Declared(h.id, cid, f"congruence:{h.id}:{cid}", ctype, result, p, q, False, None, None,
                           f"observed {level}; predicted {' or '.join(levels)}", True)

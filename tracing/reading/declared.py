"""The tests a study declares, with the likelihoods in force: each evidence test and each congruence test.

This is where the defaults of ``scoring.tests`` meet a test's own overrides,
and where the automatic congruence test (contract §6.2) comes from. The engine
scores exactly these tests (:func:`tracing.engine.scoring.iter_tests`); the
reader checks them for 0/0 ratios and contradictions (:mod:`.consistency`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from .models import EvidenceItem, Hypothesis, StudyConfig


@dataclass
class Declared:
    """One test as declared: ``evidence`` is the item id, or ``congruence:H:C`` for a congruence test.

    ``cluster`` is the item's dependence cluster (contract §6.10). A congruence
    test in breadth mode has ``breadth`` = (predicted levels, all levels) and
    likelihoods that stay fixed in sensitivity draws (contract §6.2, §6.7). The engine scores it as a
    :class:`~tracing.engine.scoring.ScoredTest`, the same fields with the likelihood ratio added.
    """

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
    cluster: str | None = None
    breadth: tuple[int, int] | None = None

    @property
    def fixed(self) -> bool:
        """Whether sensitivity draws leave this test's likelihoods as they are."""
        return self.override or self.breadth is not None


def likelihoods_of(config: StudyConfig, type_: str, p: float | None, q: float | None) -> tuple[float, float, bool]:
    """(p, q, overridden) of a test: its own override when it gives both, else the study's table."""
    if p is not None and q is not None:
        return p, q, True
    lk = getattr(config.scoring.tests, type_)
    return lk.p_e_h, lk.p_e_not_h, False


def declared_tests(config: StudyConfig, hypotheses: dict[str, Hypothesis],
                   evidence: dict[str, EvidenceItem]) -> Iterator[Declared]:
    """Every test of the study, evidence tests first (file order), then congruence tests (contract §6.2).

    A planned item (``status: planned``) has not been looked for: it declares no test here, so it takes no
    part in scores, verdicts, linchpins or check (``tracing plan`` ranks it instead)."""
    for e in evidence.values():
        if e.planned:
            continue
        for t in e.tests:
            if t.hypothesis not in hypotheses:
                continue
            p, q, ov = likelihoods_of(config, t.type, t.p_e_h, t.p_e_not_h)
            yield Declared(t.hypothesis, e.case, e.id, t.type, t.result, p, q, ov, e.date, e.phase, t.note,
                           False, e.cluster)
    yield from congruence_tests(config, hypotheses)


def congruence_tests(config: StudyConfig, hypotheses: dict[str, Hypothesis]) -> Iterator[Declared]:
    """The automatic congruence tests (contract §6.2).

    ``fixed`` mode: the likelihoods of ``congruence.type`` (v1). ``breadth``
    mode: p = ``congruence.p_e_h`` and q = the base-rate sum of the predicted
    levels, so a prediction that excludes little says little; no test when
    the prediction covers every level (q = 1), and none for ``ex_post``
    hypotheses.
    """
    cong = config.scoring.congruence
    outcome = config.outcome
    if cong.mode == "off" or outcome is None:
        return
    whole_case = {(o.actor, o.case): o.level for o in outcome.observed if o.phase is None}
    known = set(outcome.levels)
    for h in hypotheses.values():
        if h.ex_post:
            continue
        for cid, levels in h.predictions.items():
            level = whole_case.get((h.actor, cid))
            if level is None or cid not in config.cases:
                continue
            result = "pass" if level in levels else "fail"
            note = f"observed {level}; predicted {' or '.join(levels)}"
            if cong.mode == "fixed":
                p, q, _ = likelihoods_of(config, cong.type, None, None)
                yield Declared(h.id, cid, f"congruence:{h.id}:{cid}", cong.type, result, p, q, False, None, None,
                               note, True)
                continue
            predicted = [lv for lv in dict.fromkeys(levels) if lv in known]
            q = math.fsum(outcome.base_rate(lv) for lv in predicted)
            if len(predicted) == len(known) or q >= 1.0:
                continue  # a prediction that excludes nothing says nothing
            yield Declared(h.id, cid, f"congruence:{h.id}:{cid}", cong.type, result, cong.p_e_h, q, False, None,
                           None, note, True, None, (len(predicted), len(known)))

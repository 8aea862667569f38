"""The scoring engine (contract section 6): likelihood ratios, posteriors, both verdicts, linchpins.

Point estimates are plain Python floats (exact elimination and proof: an LR of
0 or infinity is counted, never approximated); the sensitivity analysis is
array work in :mod:`tracing.engine.sensitivity`; rivals, trajectories and the ACH view
live in :mod:`tracing.engine.views`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from ..reading.declared import declared_tests
from ..reading.models import EvidenceItem, Hypothesis, StudyConfig
from ..testtypes import NECESSARY, SUFFICIENT, confirms, eliminates
from ..weights import EvidenceState, decibans, likelihood_ratio


@dataclass
class ScoredTest:
    """One test of a hypothesis in a case, with its likelihoods and weight.

    ``evidence`` is the evidence id, or ``congruence:H:C`` for the automatic
    congruence test (``congruence`` is then true).
    """

    hypothesis: str
    case: str
    evidence: str
    type: str
    result: str
    p_e_h: float
    p_e_not_h: float
    override: bool
    lr: float
    date: str | None = None
    phase: str | None = None
    note: str | None = None
    congruence: bool = False

    @property
    def weight_db(self) -> float:
        """Weight of evidence in decibans, 10·log10(LR); ±inf for proof and elimination."""
        return decibans(self.lr)


def bayes_verdict(posterior: float, n_tests: int, confirmed: float, rejected: float) -> str:
    """Contract 6.4 and 6.6: no tests is always inconclusive."""
    if n_tests == 0 or math.isnan(posterior):
        return "inconclusive"
    if posterior >= confirmed:
        return "confirmed"
    if posterior <= rejected:
        return "rejected"
    return "inconclusive"


def van_evera_verdict(tests: list[ScoredTest]) -> str:
    """Contract 6.5: a failed hoop or doubly-decisive test rejects; else a passed smoking gun or DD confirms."""
    if any(eliminates(t.type, t.result) for t in tests):
        return "rejected"
    if any(confirms(t.type, t.result) for t in tests):
        return "confirmed"
    return "inconclusive"


def conflict_sides(tests: list[ScoredTest]) -> tuple[list[str], list[str]]:
    """The two sides of a conflict: items failing a necessary test, items passing a sufficient one."""
    return ([t.evidence for t in tests if eliminates(t.type, t.result)],
            [t.evidence for t in tests if confirms(t.type, t.result)])


def iter_tests(config: StudyConfig, hypotheses: dict[str, Hypothesis],
               evidence: dict[str, EvidenceItem]) -> Iterator[ScoredTest]:
    """Every declared test of the study (:func:`~tracing.reading.declared.declared_tests`) with its LR."""
    for d in declared_tests(config, hypotheses, evidence):
        yield ScoredTest(d.hypothesis, d.case, d.evidence, d.type, d.result, d.p_e_h, d.p_e_not_h, d.override,
                         likelihood_ratio(d.p_e_h, d.p_e_not_h, d.result), d.date, d.phase, d.note, d.congruence)


@dataclass
class PairScore:
    """The score of one hypothesis in one case."""

    hypothesis: str
    case: str
    prior: float
    posterior: float
    weight_db: float
    tests: list[ScoredTest]
    bayes: str
    van_evera: str
    conflict_sides: tuple[list[str], list[str]]
    linchpins: list[str]
    robustness: float | None = None
    state: EvidenceState = EvidenceState()

    def iter_conflicts(self) -> Iterator[tuple[str, str]]:
        """The (failed necessary, passed sufficient) pairs of different items, lazily: there are as many as
        the product of the two sides, and most callers want only the first."""
        failed, passed = self.conflict_sides
        return ((f, p) for f in failed for p in passed if f != p)

    @property
    def has_conflict(self) -> bool:
        """A necessary test failed on one item while a sufficient test passed on another (contract 6.5)."""
        return next(self.iter_conflicts(), None) is not None

    @property
    def conflicts(self) -> list[tuple[str, str]]:
        """Every (failed necessary, passed sufficient) combination."""
        return list(self.iter_conflicts())


def score_pair(h: Hypothesis, case: str, tests: list[ScoredTest], prior: float,
               confirmed: float, rejected: float) -> PairScore:
    state = EvidenceState.of(t.lr for t in tests)
    post = state.posterior(prior)
    bayes = bayes_verdict(post, len(tests), confirmed, rejected)
    ve = van_evera_verdict(tests)
    linchpins = []
    for t in tests:
        if t.congruence:
            continue
        if bayes_verdict(state.remove(t.lr).posterior(prior), len(tests) - 1, confirmed, rejected) != bayes:
            linchpins.append(t.evidence)
    return PairScore(h.id, case, prior, post, state.weight_db, tests, bayes, ve, conflict_sides(tests),
                     sorted(linchpins), None, state)


def ranked(pair: PairScore, sign: int) -> list[ScoredTest]:
    """The tests of ``pair`` weighing for (``sign`` > 0) or against it, linchpins first, then by weight."""
    linch = set(pair.linchpins)
    items = [t for t in pair.tests if (t.weight_db > 0 if sign > 0 else t.weight_db < 0)]
    return sorted(items, key=lambda t: (t.evidence not in linch, -abs(t.weight_db), t.evidence))


__all__ = [
    "NECESSARY", "SUFFICIENT", "PairScore", "ScoredTest", "bayes_verdict", "conflict_sides", "iter_tests",
    "ranked", "score_pair", "van_evera_verdict",
]

"""Likelihood ratios and weights of evidence: the one home of this arithmetic, elimination and proof included.

A test with p = P(E|H) and q = P(E|not H) has LR = p/q when passed and
(1 − p)/(1 − q) when failed (contract §6.1). LR = 0 eliminates (posterior 0),
LR = ∞ proves (posterior 1), 0/0 is undefined (NaN). Weights are natural logs
inside the engine and decibans (10·log10 LR) for people; both keep ±∞ exact.

An :class:`EvidenceState` adds tests up exactly: the sum of the finite ln LRs
and the counts of eliminating and proving tests, so a proof is never
approximated by a large number.

This module sits below every layer and imports nothing from the package.
"""

from __future__ import annotations

import math
from typing import NamedTuple

INF = math.inf


def likelihood_ratio(p: float, q: float, result: str) -> float:
    """LR of a test: p/q for a pass, (1-p)/(1-q) for a fail; 0 eliminates, inf proves; 0/0 is NaN."""
    num, den = (p, q) if result == "pass" else (1.0 - p, 1.0 - q)
    if den == 0:
        return math.nan if num == 0 else INF
    return num / den


def ln(x: float) -> float:
    """Natural log of a likelihood ratio: −∞ for 0, +∞ for ∞ (NaN stays NaN)."""
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log(x)


def decibans(lr: float) -> float:
    """Weight of evidence of a likelihood ratio in decibans, 10·log10(LR); ±∞ for proof and elimination."""
    return 10.0 * math.log10(lr) if 0 < lr < INF else ln(lr)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def expit(x: float) -> float:
    """The inverse of :func:`logit`, without overflow for large |x|; ±∞ give 1 and 0."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class EvidenceState(NamedTuple):
    """Tests added up exactly: the finite ln-LR sum, the count of eliminations (LR 0) and of proofs (LR ∞)."""

    finite: float = 0.0
    zeros: int = 0
    infs: int = 0

    def add(self, lr: float) -> "EvidenceState":
        if lr == 0:
            return EvidenceState(self.finite, self.zeros + 1, self.infs)
        if lr == INF:
            return EvidenceState(self.finite, self.zeros, self.infs + 1)
        return EvidenceState(self.finite + math.log(lr), self.zeros, self.infs)

    def remove(self, lr: float) -> "EvidenceState":
        if lr == 0:
            return EvidenceState(self.finite, self.zeros - 1, self.infs)
        if lr == INF:
            return EvidenceState(self.finite, self.zeros, self.infs - 1)
        return EvidenceState(self.finite - math.log(lr), self.zeros, self.infs)

    @classmethod
    def of(cls, lrs) -> "EvidenceState":
        state = cls()
        for lr in lrs:
            state = state.add(lr)
        return state

    @property
    def log_lr(self) -> float:
        """The total ln LR: −∞ with an elimination, +∞ with a proof, NaN with both."""
        if self.zeros and self.infs:
            return math.nan
        return -INF if self.zeros else (INF if self.infs else self.finite)

    @property
    def weight_db(self) -> float:
        """The total weight of evidence in decibans (±∞ for elimination or proof)."""
        return -INF if self.zeros else (INF if self.infs else 10.0 * self.finite / math.log(10))

    def posterior(self, prior: float) -> float:
        """The posterior from ``prior`` (contract §6.3): 0 eliminated, 1 proved, NaN for both."""
        if self.zeros and self.infs:
            return math.nan
        if self.zeros:
            return 0.0
        if self.infs:
            return 1.0
        if self.finite == 0.0:
            return prior  # exact: no net evidence leaves the prior as it was
        return expit(logit(prior) + self.finite)

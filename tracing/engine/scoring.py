"""The scoring engine (contract section 6): likelihood ratios, posteriors, both verdicts, linchpins.

Point estimates are plain Python floats (exact elimination and proof: an LR of
0 or infinity is counted, never approximated); the sensitivity analysis is
array work in :mod:`tracing.engine.sensitivity`; rivals, trajectories and the ACH view
live in :mod:`tracing.engine.views`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator

from ..reading.declared import Declared, declared_tests
from ..reading.models import EvidenceItem, Hypothesis, StudyConfig
from ..testtypes import NECESSARY, SUFFICIENT, confirms, eliminates
from ..weights import EvidenceState, decibans, expit, likelihood_ratio, ln, logit


@dataclass
class ScoredTest(Declared):
    """One declared test (:class:`~tracing.reading.declared.Declared`) with its likelihood ratio and weight.

    ``evidence`` is the evidence id, or ``congruence:H:C`` for the automatic
    congruence test (``congruence`` is then true); ``share`` is the part of its
    weight that counts after its cluster's discount (contract §6.10).
    """

    lr: float = field(kw_only=True)
    share: float = field(default=1.0, kw_only=True)

    @property
    def weight_db(self) -> float:
        """Weight of evidence in decibans, 10·log10(LR); ±inf for proof and elimination."""
        return decibans(self.lr)

    @property
    def effective_db(self) -> float:
        """The weight after the dependence discount of its cluster (contract §6.10); ``weight_db`` outside one."""
        w = self.weight_db
        return w if self.share == 1.0 or math.isinf(w) else self.share * w


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
        yield ScoredTest(**vars(d), lr=likelihood_ratio(d.p_e_h, d.p_e_not_h, d.result))


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
    prior_bounds: tuple[float, float] = (0.0, 1.0)
    robustness_interval: tuple[float, float] | None = None
    source_linchpins: list[str] = field(default_factory=list)
    congruence_decides: bool = False   # the Bayesian verdict would differ without the congruence test

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


def cluster_shares(tests: list[ScoredTest], discount: float) -> list[float]:
    """Each test's share of its weight under rule 10 (contract §6.10): 1 for the strongest test of its
    cluster (by |ln LR|, ties by item id) and for tests outside a cluster, ``discount`` for the others."""
    shares = [1.0] * len(tests)
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(tests):
        if t.cluster is not None:
            groups.setdefault(t.cluster, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (-abs(ln(tests[i].lr)), tests[i].evidence))
        for i in members[1:]:
            shares[i] = discount
    return shares


def evidence_state(tests: list[ScoredTest], shares: list[float] | None = None) -> EvidenceState:
    """The tests added up after rule 10: each finite ln LR times its share; eliminations and proofs counted.

    Without clusters (every share 1) this is :meth:`EvidenceState.of` of the LRs, bit for bit.
    """
    if shares is None or all(s == 1.0 for s in shares):
        return EvidenceState.of(t.lr for t in tests)
    state = EvidenceState()
    for t, share in zip(tests, shares):
        if share == 1.0 or t.lr == 0 or math.isinf(t.lr):
            state = state.add(t.lr)
        else:
            state = EvidenceState(state.finite + share * math.log(t.lr), state.zeros, state.infs)
    return state


def verdict_without(tests: list[ScoredTest], removed, prior: float, discount: float,
                    confirmed: float, rejected: float) -> str:
    """The Bayesian verdict once the tests of the items in ``removed`` are gone, rule 10 applied again."""
    kept = [t for t in tests if t.evidence not in removed]
    state = evidence_state(kept, cluster_shares(kept, discount))
    return bayes_verdict(state.posterior(prior), len(kept), confirmed, rejected)


def prior_bounds(bayes: str, log_lr: float, n_tests: int, confirmed: float, rejected: float) -> tuple[float, float]:
    """The priors for which the Bayesian verdict stays ``bayes`` given the evidence ln LR (contract §6.11)."""
    if n_tests == 0 or math.isinf(log_lr) or math.isnan(log_lr):
        return 0.0, 1.0
    lo_c, lo_r = expit(logit(confirmed) - log_lr), expit(logit(rejected) - log_lr)
    if bayes == "confirmed":
        return lo_c, 1.0
    if bayes == "rejected":
        return 0.0, lo_r
    return lo_r, lo_c


def score_pair(h: Hypothesis, case: str, tests: list[ScoredTest], prior: float,
               confirmed: float, rejected: float, discount: float = 0.0,
               sources: dict[str, list[str]] | None = None) -> PairScore:
    """Score one hypothesis × case (contract §6.3–6.8, 6.10, 6.11).

    ``sources`` maps an evidence id to the bibliography keys it cites (for source linchpins).
    """
    shares = cluster_shares(tests, discount)
    for t, share in zip(tests, shares):
        t.share = share
    clustered = any(s != 1.0 for s in shares)
    state = evidence_state(tests, shares)
    post = state.posterior(prior)
    bayes = bayes_verdict(post, len(tests), confirmed, rejected)
    ve = van_evera_verdict(tests)
    in_cluster = {t.evidence for t in tests if t.cluster is not None} if clustered else set()
    linchpins = []
    for t in tests:
        if t.congruence:
            continue
        if t.evidence in in_cluster:
            after = verdict_without(tests, {t.evidence}, prior, discount, confirmed, rejected)
        else:
            after = bayes_verdict(state.remove(t.lr).posterior(prior), len(tests) - 1, confirmed, rejected)
        if after != bayes:
            linchpins.append(t.evidence)
    source_linchpins = []
    if sources:
        citing: dict[str, set[str]] = {}
        by_id = {t.evidence: t for t in tests}
        for t in tests:
            for key in sources.get(t.evidence, ()):
                citing.setdefault(key, set()).add(t.evidence)
        for key, items in citing.items():
            if items & in_cluster:
                after = verdict_without(tests, items, prior, discount, confirmed, rejected)
            else:
                rest = state
                for e in items:
                    rest = rest.remove(by_id[e].lr)
                after = bayes_verdict(rest.posterior(prior), len(tests) - len(items), confirmed, rejected)
            if after != bayes:
                source_linchpins.append(key)
    pair = PairScore(h.id, case, prior, post, state.weight_db, tests, bayes, ve, conflict_sides(tests),
                     sorted(linchpins), None, state)
    pair.prior_bounds = prior_bounds(bayes, state.log_lr, len(tests), confirmed, rejected)
    pair.source_linchpins = sorted(source_linchpins)
    cong = [t for t in tests if t.congruence]
    if cong and bayes != "inconclusive":
        pair.congruence_decides = bayes_verdict(state.remove(cong[0].lr).posterior(prior), len(tests) - 1,
                                                confirmed, rejected) != bayes
    return pair


def ranked(pair: PairScore, sign: int) -> list[ScoredTest]:
    """The tests of ``pair`` weighing for (``sign`` > 0) or against it, linchpins first, then by weight."""
    linch = set(pair.linchpins)
    items = [t for t in pair.tests if (t.weight_db > 0 if sign > 0 else t.weight_db < 0)]
    return sorted(items, key=lambda t: (t.evidence not in linch, -abs(t.weight_db), t.evidence))


__all__ = [
    "NECESSARY", "SUFFICIENT", "PairScore", "ScoredTest", "bayes_verdict", "conflict_sides", "iter_tests",
    "ranked", "score_pair", "van_evera_verdict",
]

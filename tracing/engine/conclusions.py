"""Asserting conclusions.yaml against the scores (contract section 5): does each stated verdict still follow?

:func:`evaluate` checks every conclusion and returns one :class:`ConclusionOutcome`
each: data only. What it means in words (what was claimed, what the evidence
now gives, which items weigh most) is written by :mod:`tracing.engine.words`,
the one home of that wording; the output formats live in :mod:`tracing.output`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.models import Conclusion
from .results import ScoreResult
from .rivals import RivalScore
from .scoring import PairScore, ranked  # noqa: F401 - ranked: part of this module's API
from .words import conclusion_sentence



@dataclass
class ConclusionOutcome:
    """One conclusion checked: what was claimed, what the evidence gives, and whether it holds.

    ``line``/``column`` locate the conclusion in conclusions.yaml (1-based).
    ``robustness`` is the share of sensitivity draws that agree with the
    verdict under ``method`` (None when the study has no draws).
    """

    conclusion: Conclusion
    index: int
    line: int
    column: int
    method: str
    actual: str
    posterior: float
    robustness: float | None
    holds: bool
    verdict_ok: bool
    robustness_ok: bool
    pair: PairScore | None
    hypothesis_title: str | None = None
    case_label: str | None = None
    confirmed_at: float = 0.9
    rejected_at: float = 0.1
    draws: int = 0
    rival: RivalScore | None = None     # a conclusion on a rival set: the set's score in the case
    margin_ok: bool = True

    @property
    def on_rival_set(self) -> bool:
        return self.rival is not None

    @property
    def severity(self) -> str:
        return self.conclusion.severity

    @property
    def name(self) -> str:
        """Stable test-case name, e.g. ``H1.afghanistan`` (``.van_evera`` appended for that method)."""
        c = self.conclusion
        if c.rival_set is not None:
            return f"{c.rival_set}.{c.case}"
        return f"{c.hypothesis}.{c.case}" + ("" if self.method == "bayes" else f".{self.method}")

    @property
    def status(self) -> str:
        """``pass``, ``fail`` (an error-severity conclusion that does not hold) or ``warn``."""
        if self.holds:
            return "pass"
        return "fail" if self.severity == "error" else "warn"

    def sentence(self) -> str:
        """What was claimed, what the evidence gives and which items weigh most (see :mod:`.words`)."""
        return conclusion_sentence(self)

    def iter_conflicts(self):
        return self.pair.iter_conflicts() if self.pair is not None else iter(())


def evaluate(result: ScoreResult) -> list[ConclusionOutcome]:
    """Check every conclusion of the study against ``result``."""
    study = result.study
    sc = study.config.scoring
    out = []
    for i, c in enumerate(study.conclusions):
        line, col = study.conclusion_lines[i] if i < len(study.conclusion_lines) else (1, 1)
        case = study.config.cases.get(c.case)
        if c.rival_set is not None:  # contract §8.8
            r = result.rival_score(c.rival_set, c.case)
            best_ok = r.best == c.best
            margin_ok = c.min_margin_db is None or r.margin_db >= c.min_margin_db
            rob_ok = c.min_robustness is None or (r.robustness is not None and r.robustness >= c.min_robustness)
            out.append(ConclusionOutcome(
                c, i, line, col, "rival_set", r.best, r.posteriors[r.best], r.robustness,
                best_ok and margin_ok and rob_ok, best_ok, rob_ok, None,
                hypothesis_title=r.label, case_label=(case.label or c.case) if case else None,
                confirmed_at=sc.thresholds.confirmed, rejected_at=sc.thresholds.rejected, draws=result.draws,
                rival=r, margin_ok=margin_ok))
            continue
        pair = result.pair(c.hypothesis, c.case)
        method = c.method or sc.method
        actual = pair.bayes if method == "bayes" else pair.van_evera
        # the categorical verdict does not depend on likelihoods: it is as robust as can be
        rob = pair.robustness if method == "bayes" else (1.0 if result.draws else None)
        verdict_ok = actual == c.verdict
        rob_ok = c.min_robustness is None or (rob is not None and rob >= c.min_robustness)
        h = study.hypotheses.get(c.hypothesis)
        out.append(ConclusionOutcome(
            c, i, line, col, method, actual, pair.posterior, rob, verdict_ok and rob_ok, verdict_ok, rob_ok, pair,
            hypothesis_title=h.title if h else None,
            case_label=(case.label or c.case) if case else None,
            confirmed_at=sc.thresholds.confirmed, rejected_at=sc.thresholds.rejected, draws=result.draws))
    return out


def exit_code(outcomes: list[ConclusionOutcome]) -> int:
    """0 when every error-severity conclusion holds, else 1."""
    return 1 if any(o.status == "fail" for o in outcomes) else 0

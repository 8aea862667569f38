"""Asserting conclusions.yaml against the scores (contract section 5): does each stated verdict still follow?

:func:`evaluate` checks every conclusion and returns one :class:`ConclusionOutcome`
each; :meth:`ConclusionOutcome.sentence` says, in plain words, what was claimed,
what the evidence now gives (verdict, posterior, robustness) and which evidence
items weigh most for and against — linchpins first, since the verdict turns on
them. The output formats (human, JSON, GitHub, JUnit) live in
:mod:`tracing.formats`; this module stays in the engine and imports none of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import Conclusion
from .results import ScoreResult
from .scoring import NECESSARY, SUFFICIENT, PairScore, ScoredTest

METHOD_LABEL = {"bayes": "Bayesian", "van_evera": "Van Evera"}
# what the evidence "does" to the hypothesis, for "but the evidence now ..."
_VERB = {"confirmed": "confirms it", "rejected": "rejects it", "inconclusive": "leaves it inconclusive"}


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
    pair: PairScore
    hypothesis_title: str | None = None
    case_label: str | None = None
    confirmed_at: float = 0.9
    rejected_at: float = 0.1
    draws: int = 0

    @property
    def severity(self) -> str:
        return self.conclusion.severity

    @property
    def name(self) -> str:
        """Stable test-case name, e.g. ``H1.afghanistan`` (``.van_evera`` appended for that method)."""
        c = self.conclusion
        return f"{c.hypothesis}.{c.case}" + ("" if self.method == "bayes" else f".{self.method}")

    @property
    def status(self) -> str:
        """``pass``, ``fail`` (an error-severity conclusion that does not hold) or ``warn``."""
        if self.holds:
            return "pass"
        return "fail" if self.severity == "error" else "warn"

    # -- wording -------------------------------------------------------------------------------
    def _who(self) -> str:
        h = self.conclusion.hypothesis
        return f"{h} ({self.hypothesis_title})" if self.hypothesis_title and self.hypothesis_title != h else h

    def _where(self) -> str:
        return self.case_label or self.conclusion.case

    def _numbers(self) -> str:
        text = f"posterior {_num(self.posterior)}"
        if self.robustness is not None:
            text += f", robustness {self.robustness:.2f}"
        return text

    def claim(self) -> str:
        """What the researcher claims, e.g. ``H1 (Neo-realist NATO) is confirmed in Afghanistan (Bayesian verdict)``."""
        c = self.conclusion
        text = f"{self._who()} is {c.verdict} in {self._where()} ({METHOD_LABEL.get(self.method, self.method)} verdict"
        if c.min_robustness is not None:
            text += f", robustness at least {c.min_robustness:.2f}"
        return text + ")"

    def _why_bayes(self) -> str:
        """Why the posterior gives the Bayesian verdict it gives, against the thresholds."""
        p, conf, rej = self.posterior, self.confirmed_at, self.rejected_at
        if not self.pair.tests:
            return "no evidence tests it in this case, and a hypothesis without evidence is never confirmed or rejected"
        if self.actual == "confirmed":
            return f"posterior {_num(p)}, at or above the {conf:.2f} that confirms"
        if self.actual == "rejected":
            return f"posterior {_num(p)}, at or below the {rej:.2f} that rejects"
        if self.conclusion.verdict == "confirmed":
            return f"posterior {_num(p)}, short of the {conf:.2f} needed to confirm"
        if self.conclusion.verdict == "rejected":
            return f"posterior {_num(p)}, above the {rej:.2f} needed to reject"
        return f"posterior {_num(p)}, between {rej:.2f} and {conf:.2f}"

    def _why_van_evera(self) -> str:
        """The categorical reasoning of contract 6.5 in words."""
        tests = self.pair.tests
        if not tests:
            return "no evidence tests it in this case"

        def named(pred) -> str:
            hits = sorted({_test_name(t) for t in tests if pred(t)})
            return " and ".join(hits)

        if self.actual == "rejected":
            return "it fails " + named(lambda t: t.result == "fail" and t.type in NECESSARY) + \
                ", which it must pass if it holds"
        if self.actual == "confirmed":
            return "it passes " + named(lambda t: t.result == "pass" and t.type in SUFFICIENT) + \
                " and fails no hoop or doubly-decisive test"
        return "it fails no hoop test and passes no smoking-gun or doubly-decisive test"

    def finding(self) -> str:
        """The claim and what the evidence now gives, without the weighing of items."""
        c = self.conclusion
        if self.holds:
            return f"{self._who()} is {self.actual} in {self._where()}, as claimed ({self._numbers()})."
        head = f"The conclusion that {self.claim()} does not hold"
        if not self.verdict_ok:
            if self.method == "van_evera":
                conflict = ""
                first = next(self.pair.iter_conflicts(), None)
                if first is not None:
                    failed, passed = first
                    conflict = (f"; note the conflict: {failed} fails a necessary test while {passed} passes a "
                                f"sufficient one — check both codings")
                return (f"{head}: the evidence now {_VERB[self.actual]}: {self._why_van_evera()} "
                        f"(posterior {_num(self.posterior)}){conflict}.")
            why = self._why_bayes()
            if self.robustness is not None:
                why += f"; robustness of that verdict {self.robustness:.2f}"
            return f"{head}: the evidence now {_VERB[self.actual]} ({why})."
        # the verdict holds, its robustness does not
        if self.robustness is None:
            shortfall = "its robustness was not computed (scoring.draws is 0)"
        else:
            draws = f"{self.draws} " if self.draws else ""
            shortfall = (f"only {self.robustness:.0%} of the {draws}sensitivity draws agree with that verdict, "
                         f"below the {c.min_robustness:.0%} required")
        return f"{head}: it is still {self.actual} (posterior {_num(self.posterior)}), but {shortfall}."

    def weighing(self, n: int = 3) -> str:
        """The items weighing most for and against, linchpins first ('' for a conclusion that holds)."""
        return weighing(self.pair, n)

    def sentence(self, study=None) -> str:
        """One paragraph: what was claimed, what the evidence gives, which items weigh most for and against.

        A conclusion that holds gets one short sentence; one that does not also
        names the items that weigh most. ``study`` is accepted for backward
        compatibility and ignored.
        """
        if self.holds:
            return self.finding()
        return f"{self.finding()} {self.weighing()}".strip()


def _num(x: float) -> str:
    if math.isnan(x):
        return "undefined"
    return f"{x:.3f}"


def _weight_text(t: ScoredTest) -> str:
    w = t.weight_db
    if math.isinf(w):
        return "proves it" if w > 0 else "eliminates it"
    return f"{w:+.1f} dB".replace("-", "−")


def _test_name(t: ScoredTest) -> str:
    """``the hoop test of E3``; ``the congruence test (hoop)`` for prediction against observed outcome."""
    kind = t.type.replace("_", " ")
    return f"the congruence test ({kind})" if t.congruence else f"the {kind} test of {t.evidence}"


def _fmt_item(t: ScoredTest, linchpins: set[str]) -> str:
    kind = f"{t.type.replace('_', ' ')} {'passed' if t.result == 'pass' else 'failed'}"
    tag = "; linchpin: without it the verdict changes" if t.evidence in linchpins else ""
    if t.congruence:
        return f"the congruence of prediction and observed outcome ({kind}, {_weight_text(t)})"
    return f"{t.evidence} ({kind}, {_weight_text(t)}{tag})"


def ranked(pair: PairScore, sign: int) -> list[ScoredTest]:
    """The tests of ``pair`` weighing for (``sign`` > 0) or against it, linchpins first, then by weight."""
    linch = set(pair.linchpins)
    items = [t for t in pair.tests if (t.weight_db > 0 if sign > 0 else t.weight_db < 0)]
    return sorted(items, key=lambda t: (t.evidence not in linch, -abs(t.weight_db), t.evidence))


def weighing(pair: PairScore, n: int = 3) -> str:
    """The items weighing most for and against ``pair``'s hypothesis, linchpins first, at most ``n`` each."""
    if not pair.tests:
        return "No evidence item tests this hypothesis in this case."
    linch = set(pair.linchpins)

    def listing(items: list[ScoredTest]) -> str:
        text = ", ".join(_fmt_item(t, linch) for t in items[:n])
        return text + (f" and {len(items) - n} more" if len(items) > n else "")

    pro, con = ranked(pair, 1), ranked(pair, -1)
    if pro and con:
        return f"Weighing most for it: {listing(pro)}; against it: {listing(con)}."
    if pro:
        return f"Weighing most for it: {listing(pro)}; nothing weighs against it."
    if con:
        return f"Weighing most against it: {listing(con)}; nothing weighs for it."
    return "Its tests carry no weight either way (P(E|H) = P(E|not H))."


def evaluate(result: ScoreResult) -> list[ConclusionOutcome]:
    """Check every conclusion of the study against ``result``."""
    study = result.study
    sc = study.config.scoring
    out = []
    for i, c in enumerate(study.conclusions):
        pair = result.pair(c.hypothesis, c.case)
        method = c.method or sc.method
        actual = pair.bayes if method == "bayes" else pair.van_evera
        # the categorical verdict does not depend on likelihoods: it is as robust as can be
        rob = pair.robustness if method == "bayes" else (1.0 if result.draws else None)
        verdict_ok = actual == c.verdict
        rob_ok = c.min_robustness is None or (rob is not None and rob >= c.min_robustness)
        line, col = study.conclusion_lines[i] if i < len(study.conclusion_lines) else (1, 1)
        h = study.hypotheses.get(c.hypothesis)
        case = study.config.cases.get(c.case)
        out.append(ConclusionOutcome(
            c, i, line, col, method, actual, pair.posterior, rob, verdict_ok and rob_ok, verdict_ok, rob_ok, pair,
            hypothesis_title=h.title if h else None,
            case_label=(case.label or c.case) if case else None,
            confirmed_at=sc.thresholds.confirmed, rejected_at=sc.thresholds.rejected, draws=result.draws))
    return out


def exit_code(outcomes: list[ConclusionOutcome]) -> int:
    """0 when every error-severity conclusion holds, else 1."""
    return 1 if any(o.status == "fail" for o in outcomes) else 0

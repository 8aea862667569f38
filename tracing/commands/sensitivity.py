"""`tracing sensitivity`: which likelihood judgements each verdict hangs on, and how far each may move (contract §9)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.results import score_study
from . import UsageError, load

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.judgements import Judgements
    from ..engine.results import ScoreResult


@dataclass
class Analysed:
    """The scores and their judgement analyses (drivers and break-even likelihoods)."""

    result: "ScoreResult"
    judgements: "Judgements"


def parse_pair(text: str, result: "ScoreResult") -> tuple[str, str]:
    """``H1:afghanistan`` → (hypothesis, case); an unknown hypothesis or case is a usage error."""
    hyp, sep, case = text.partition(":")
    if not sep or not hyp or not case:
        raise UsageError(f"--pair takes HYPOTHESIS:CASE (e.g. H1:afghanistan), not '{text}'")
    study = result.study
    if hyp not in study.hypotheses:
        raise UsageError(f"--pair {text}: no hypothesis '{hyp}' (the study has {', '.join(study.hypotheses)})")
    if case not in study.config.cases:
        raise UsageError(f"--pair {text}: no case '{case}' (the study has {', '.join(study.config.cases)})")
    return hyp, case


def check_n(n: int) -> None:
    if n < 2 or n & (n - 1):
        raise UsageError(f"--n must be a power of 2 (the Sobol' sequence's balance needs it), e.g. 1024; not {n}")


def run(path: str | Path, n: int = 1024, pair: str | None = None) -> Analysed:
    """Score the study at ``path`` (without sensitivity draws) and analyse its judgements; with ``pair``
    (``H1:afghanistan``) only that pair, and no rival set."""
    from ..engine.judgements import analyse

    check_n(n)
    study = load(path)
    result = score_study(study, draws=0)
    if pair is not None:
        wanted = parse_pair(pair, result)
        return Analysed(result, analyse(result, n=n, pairs=[wanted], rival_sets=False))
    return Analysed(result, analyse(result, n=n))

"""`tracing score`: score every hypothesis × case of a study."""

from __future__ import annotations

from pathlib import Path

from ..engine.results import ScoreResult, score_study
from . import load


def run(path: str | Path, draws: int | None = None) -> ScoreResult:
    """The scores (``draws`` overrides ``scoring.draws``); the study's warnings are in ``result.study.warnings``."""
    return score_study(load(path), draws=draws)

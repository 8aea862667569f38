"""`tracing score`: score every hypothesis × case of a study."""

from __future__ import annotations

from pathlib import Path

from ..engine.results import ScoreResult, score_study
from . import load


def run(path: str | Path, draws: int | None = None, provenance: bool = True) -> ScoreResult:
    """The scores (``draws`` overrides ``scoring.draws``); the study's warnings are in ``result.study.warnings``.

    With ``provenance`` the result carries where it came from (``result.provenance``: tool version,
    ``SOURCE_DATE_EPOCH`` time, a digest of the input files, the git commit and whether it is modified)."""
    study = load(path)
    result = score_study(study, draws=draws)
    if provenance:
        from ..reading.provenance import provenance as made_from

        result.provenance = made_from(study)
    return result

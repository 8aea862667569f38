"""`tracing validate`: read and check every file of a study; report every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..reading.diagnostics import Diagnostic, StudyError
from . import ExitCode, load


@dataclass
class Validation:
    """The problems of a study. ``counts`` (hypotheses, evidence items, conclusions) when it is valid."""

    path: Path
    diagnostics: list[Diagnostic]
    counts: tuple[int, int, int] | None
    strict: bool = False

    @property
    def valid(self) -> bool:
        """Valid as asked: no error, and with ``strict`` no warning either."""
        return self.counts is not None and not (self.strict and self.diagnostics)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.valid else ExitCode.INVALID


def run(path: str | Path, strict: bool = False) -> Validation:
    path = Path(path)
    try:
        study = load(path)
    except StudyError as exc:
        return Validation(path, exc.diagnostics, None, strict)
    return Validation(path, study.warnings, (len(study.hypotheses), len(study.evidence), len(study.conclusions)),
                      strict)

"""The validated study: configuration, hypotheses, evidence, conclusions and bibliography together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bib import Bibliography
from .diagnostics import Diagnostic
from .models import Conclusion, EvidenceItem, Hypothesis, StudyConfig


@dataclass
class Study:
    """A study folder read and checked. Build one with :func:`tracing.load_study`.

    ``files`` maps ``("hypothesis"|"evidence", id)`` to the file's path relative
    to the study; ``conclusion_lines`` gives the (line, column) of each
    conclusion in conclusions.yaml, in order.
    """

    root: Path
    config: StudyConfig
    hypotheses: dict[str, Hypothesis]
    evidence: dict[str, EvidenceItem]
    conclusions: list[Conclusion]
    bibliography: Bibliography
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    conclusion_lines: list[tuple[int, int]] = field(default_factory=list)
    conclusions_path: str | None = None
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.config.title

    def observed(self, actor: str | None, case: str, phase: str | None = None) -> str | None:
        """The observed outcome level of ``actor`` in ``case`` (and ``phase``), if recorded."""
        if self.config.outcome is None or actor is None:
            return None
        for obs in self.config.outcome.observed:
            if obs.actor == actor and obs.case == case and obs.phase == phase:
                return obs.level
        return None

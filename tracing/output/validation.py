"""What `tracing validate` prints: the problems, then one summary line (or one JSON object)."""

from __future__ import annotations

from pathlib import Path

from ..reading.diagnostics import Diagnostic
from . import human


def human_lines(path: Path, diagnostics: list[Diagnostic], counts: tuple[int, int, int] | None,
                valid: bool) -> list[str]:
    """Diagnostic lines, then ``STUDY: valid: N hypotheses, ...`` or ``STUDY: invalid study: ...``."""
    lines = human.diagnostics(diagnostics)
    if counts is None:
        lines.append(f"{path}: invalid study: {human.summary(diagnostics)}")
    else:
        what = f"{counts[0]} hypotheses, {counts[1]} evidence items, {counts[2]} conclusions"
        state = "valid" if valid else "invalid (--strict: warnings count)"
        lines.append(f"{path}: {state}: {what}; {human.summary(diagnostics)}")
    return lines


def as_json(diagnostics: list[Diagnostic], valid: bool) -> dict:
    return {"valid": valid, "diagnostics": [d.to_dict() for d in diagnostics]}

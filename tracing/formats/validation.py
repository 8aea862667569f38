"""What `tracing validate` prints, from a fresh reading or from the cache alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from . import human

if TYPE_CHECKING:  # pragma: no cover
    from ..cache import Answer
    from ..diagnostics import Diagnostic


def print_validation(study: Path, outcome: "Answer | list[Diagnostic]", *, strict: bool, fmt: str) -> int:
    """Print the outcome (an :class:`~tracing.cache.Answer` for a valid study, else its problems); the exit code.

    ``fmt`` is ``human`` (diagnostic lines, then a summary line) or ``json``.
    """
    valid = not isinstance(outcome, list)
    diags = outcome.warnings if valid else outcome
    failed = not valid or (strict and bool(diags))
    if fmt == "json":
        print(json.dumps({"valid": not failed, "diagnostics": [d.to_dict() for d in diags]}, indent=2))
    else:
        for line in human.diagnostics(diags):
            print(line)
        if valid:
            counts = (f"{outcome.hypotheses} hypotheses, {outcome.evidence} evidence items, "
                      f"{outcome.conclusions} conclusions")
            state = "invalid (--strict: warnings count)" if failed else "valid"
            print(f"{study}: {state}: {counts}; {human.summary(diags)}")
        else:
            print(f"{study}: invalid study: {human.summary(diags)}")
    return 2 if failed else 0

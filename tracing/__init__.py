"""tracing — process tracing as code.

Researchers write hypotheses and coded evidence as plain files; the engine scores
how far each hypothesis is confirmed (Van Evera's tests and Bayesian updating),
renders HTML reports, and `tracing check` fails CI when stated conclusions no
longer follow from the evidence.

>>> import tracing
>>> study = tracing.load_study(".")        # raises tracing.StudyError with every problem
>>> result = study.score()
>>> result.scores                          # a pandas DataFrame
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

__all__ = ["Diagnostic", "Study", "StudyError", "__version__", "load_study"]

_LAZY = {"Diagnostic": "diagnostics", "StudyError": "diagnostics", "load_study": "load", "Study": "study"}

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import Diagnostic, StudyError
    from .load import load_study
    from .study import Study


def __getattr__(name: str):
    # lazy: `tracing --version` must not pay for pydantic
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'tracing' has no attribute {name!r}")

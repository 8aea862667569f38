"""tracing — process tracing as code.

Researchers write hypotheses and coded evidence as plain files; the engine scores
how far each hypothesis is confirmed (Van Evera's tests and Bayesian updating),
renders HTML reports, and `tracing check` fails CI when stated conclusions no
longer follow from the evidence.

>>> import tracing
>>> study = tracing.load_study(".")        # raises tracing.StudyError with every problem
>>> result = tracing.score(study)          # or tracing.score(study, draws=0)
>>> result.scores                          # a pandas DataFrame
"""

from __future__ import annotations

from .version import __version__

from typing import TYPE_CHECKING

__all__ = ["Diagnostic", "ScoreResult", "Study", "StudyError", "__version__", "load_study", "plan", "score",
           "write_report"]

_LAZY = {"Diagnostic": "reading.diagnostics", "StudyError": "reading.diagnostics", "load_study": "reading.load",
         "Study": "reading.study", "ScoreResult": "engine.results", "write_report": "commands.report"}

if TYPE_CHECKING:  # pragma: no cover
    from .commands.report import write as write_report
    from .engine.results import ScoreResult
    from .reading.diagnostics import Diagnostic, StudyError
    from .reading.load import load_study
    from .reading.study import Study


def score(study, draws: int | None = None):
    """Score every hypothesis × case of ``study`` (a :class:`Study`, or a folder to read); a :class:`ScoreResult`.

    ``draws`` overrides ``scoring.draws`` (0 turns the sensitivity analysis off).
    """
    from .engine.results import score_study
    from .reading.load import load_study
    from .reading.provenance import provenance

    if not hasattr(study, "hypotheses"):
        study = load_study(study)
    result = score_study(study, draws=draws)
    result.provenance = provenance(study)  # tool version, SOURCE_DATE_EPOCH, digest of the files, git commit
    return result


def plan(study, pair: tuple[str, str] | None = None):
    """The planned evidence items of ``study`` (a :class:`Study`, or a folder) ranked by expected learning, as
    `tracing plan` ranks them; ``pair`` = (hypothesis, case) keeps one pair. A :class:`~tracing.engine.planning.Plan`."""
    from .engine.planning import plan as make
    from .engine.results import score_study
    from .reading.load import load_study

    if not hasattr(study, "hypotheses"):
        study = load_study(study)
    return make(score_study(study, draws=0), pair)


def __getattr__(name: str):
    # lazy: `tracing --version` must not pay for pydantic
    if name in _LAZY:
        import importlib

        attr = "write" if name == "write_report" else name
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), attr)
    raise AttributeError(f"module 'tracing' has no attribute {name!r}")

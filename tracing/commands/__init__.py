"""The commands: one module per command, each taking plain arguments and returning a result object.

A command reads the study (through :func:`load`, the one load path), asks the
engine, writes the files it is asked to write (a report, a JUnit file, a
scaffolded study file) and returns what it found. It prints nothing: the CLI
(:mod:`tracing.cli`) turns results into text with :mod:`tracing.output` and
into an exit code (:class:`ExitCode`).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of every command (contract §7)."""

    OK = 0
    CONCLUSION_FAILS = 1   # `tracing check`: a stated conclusion does not hold
    INVALID = 2            # an invalid study, or a usage error
    INTERNAL = 3           # a bug in tracing itself


class UsageError(Exception):
    """A command was asked for something it cannot do (no such folder, unknown revision, ...): exit 2."""


def load(path: str | Path):
    """Read and validate the study at ``path``: a :class:`~tracing.reading.study.Study`.

    Raises :class:`~tracing.reading.diagnostics.StudyError` with every problem
    of an invalid study, :class:`UsageError` when there is no folder.
    """
    from ..reading.load import load_study

    try:
        return load_study(path)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None

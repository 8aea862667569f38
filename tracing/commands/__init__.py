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


def load_as(path: str | Path, what: str):
    """Read a study that is not the one the command was given (a second coding, an old revision):
    an invalid one is a :class:`UsageError` that names it (``what``) and lists its problems."""
    from ..output.human import diagnostics, summary
    from ..reading.diagnostics import StudyError
    from ..reading.load import load_study

    try:
        return load_study(path)
    except StudyError as exc:
        raise UsageError(f"{what} is invalid ({summary(exc.diagnostics)}):\n"
                         + "\n".join(diagnostics(exc.diagnostics))) from None


def load_at_revision(study_path: str | Path, rev: str, what: str = "the study"):
    """The study at git revision ``rev``, and the commit id: its tracked files are read from git's object
    store into a temporary folder (the working tree is never touched) and read by the same reader."""
    import tempfile
    from pathlib import PurePosixPath

    from ..reading.gitrev import GitError, extract, extract_outside_bibliography, locate, resolve

    study_path = Path(study_path)
    if not study_path.is_dir():
        raise UsageError(f"no study folder at '{study_path}'")
    try:
        top, prefix = locate(study_path)
        commit = resolve(top, rev)
        with tempfile.TemporaryDirectory(prefix="tracing-rev-") as tmp:
            # the study keeps its place in the repository's layout, so a bibliography outside its folder
            # (``bibliography: ../shared.bib``) resolves as it does in a checkout
            root = Path(tmp, "tree", *PurePosixPath(prefix).parts)
            root.mkdir(parents=True)
            if extract(top, commit, prefix, root) == 0:
                where = prefix.rstrip("/") or "the repository root"
                raise UsageError(f"the study folder ({where}) has no tracked files at {rev} ({commit[:10]})")
            extract_outside_bibliography(top, commit, prefix, Path(tmp, "tree"), root)
            return load_as(root, f"{what} at {rev} ({commit[:10]})"), commit
    except GitError as exc:
        raise UsageError(str(exc)) from None

"""`tracing diff REV [REV2]`: score the study at a git revision and now (or at a second revision), and compare (:mod:`tracing.engine.comparison`).

The study is scored twice: as it was at ``REV`` (its tracked files are read
from git into a temporary folder; the working tree is never touched) and as it
is now (the working tree, uncommitted edits included), or at ``REV2``; what
changed and which edits caused it is the engine's comparison.

Sensitivity draws are skipped (robustness is not compared): the diff is about
what the evidence says, and stays fast. Exit code 0 whatever changed (it is a
report); usage problems (not a git repository, unknown revision, an invalid
study on either side) raise :class:`~tracing.commands.UsageError`, which the CLI turns into exit 2.
"""

from __future__ import annotations

from pathlib import Path

from ..engine.comparison import StudyDiff, compare
from ..engine.results import score_study
from . import UsageError, load_as, load_at_revision


def run(study_path: str | Path, rev: str, head: str | None = None) -> StudyDiff:
    """Score the study at ``rev`` and in the working tree (or at revision ``head``) and compare them
    (raises UsageError)."""
    study_path = Path(study_path)
    if not study_path.is_dir():
        raise UsageError(f"no study folder at '{study_path}'")
    old, commit = load_at_revision(study_path, rev)
    if head is None:
        new, head_commit = load_as(study_path, "the study in the working tree"), ""
    else:
        new, head_commit = load_at_revision(study_path, head)
    return compare(score_study(old, draws=0), score_study(new, draws=0), rev, commit, head or "", head_commit)

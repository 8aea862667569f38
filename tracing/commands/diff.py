"""`tracing diff REV [REV2]`: score the study at a git revision and now (or at a second revision), and compare (:mod:`tracing.engine.comparison`).

The study is scored twice: as it was at ``REV`` (its tracked files are read
from git into a temporary folder; the working tree is never touched) and as it
is now (the working tree, uncommitted edits included). For every hypothesis ×
case whose Bayesian or Van Evera verdict or posterior changed, the report names
the causes:

- an evidence item caused a change in (h, c) when it tests h in case c on
  either side and was added, removed, or had that test edited (type, result,
  likelihood overrides) or moved to another case;
- besides items, a changed prior of h, a changed congruence test (prediction or
  observed outcome), changed default likelihoods of a test type the pair uses,
  and changed verdict thresholds are named too, so no change goes unexplained.

Sensitivity draws are skipped (robustness is not compared): the diff is about
what the evidence says, and stays fast. Exit code 0 whatever changed (it is a
report); usage problems (not a git repository, unknown revision, an invalid
study on either side) raise :class:`DiffError`, which the CLI turns into exit 2.
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

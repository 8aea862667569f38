"""`tracing diff REV`: score the study at a git revision and now, and compare (:mod:`tracing.engine.comparison`).

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

import tempfile
from pathlib import Path, PurePosixPath

from ..engine.comparison import StudyDiff, compare
from ..engine.results import score_study
from ..output.human import diagnostics, summary
from ..reading.diagnostics import StudyError
from ..reading.gitrev import GitError, extract, extract_outside_bibliography, locate, resolve
from ..reading.load import load_study
from . import UsageError


def _load(path: Path, label: str):
    try:
        return load_study(path)
    except StudyError as exc:
        raise UsageError(f"the study {label} is invalid ({summary(exc.diagnostics)}):\n"
                         + "\n".join(diagnostics(exc.diagnostics))) from None


def run(study_path: str | Path, rev: str) -> StudyDiff:
    """Score the study at ``rev`` and in the working tree and compare them (raises UsageError)."""
    study_path = Path(study_path)
    if not study_path.is_dir():
        raise UsageError(f"no study folder at '{study_path}'")
    try:
        top, prefix = locate(study_path)
        commit = resolve(top, rev)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="tracing-diff-") as tmp:
        # the study keeps its place in the repository's layout, so a bibliography outside its folder
        # (``bibliography: ../shared.bib``) resolves as it does in a checkout
        old_root = Path(tmp, "tree", *PurePosixPath(prefix).parts)
        old_root.mkdir(parents=True)
        try:
            n_files = extract(top, commit, prefix, old_root)
        except GitError as exc:
            raise UsageError(str(exc)) from None
        if n_files == 0:
            where = prefix.rstrip("/") or "the repository root"
            raise UsageError(f"the study folder ({where}) has no tracked files at {rev} ({commit[:10]})")
        extract_outside_bibliography(top, commit, prefix, Path(tmp, "tree"), old_root)
        old_result = score_study(_load(old_root, f"at {rev} ({commit[:10]})"), draws=0)
    new = _load(study_path, "in the working tree")
    return compare(old_result, score_study(new, draws=0), rev, commit)

"""`tracing agree STUDY OTHER`: how far two codings of one study agree (:mod:`tracing.engine.agreement`).

OTHER is a second coder's coding of the same study: a folder (a copy of the
study with the second coder's test types and results), or, with ``--rev REV``,
the study as it is at a git revision (a branch the second coder worked on; its
tracked files are read from git into a temporary folder, the working tree is
never touched). Both codings are read and validated; an invalid first study
raises :class:`~tracing.reading.diagnostics.StudyError`, anything wrong with the
second coding (no folder, invalid, unknown revision) raises :class:`UsageError`.
The command prints nothing and exits 0 whatever the agreement (it is a report).
"""

from __future__ import annotations

from pathlib import Path

from ..engine.agreement import BOOTSTRAP_REPLICATES, Agreement, compare_codings
from . import UsageError, load, load_as, load_at_revision


def second_coding(study_path: str | Path, other_path: str | Path | None = None, rev: str | None = None):
    """The second coding (a validated study) and a label for it: the folder ``other_path`` or the study at ``rev``."""
    study_path = Path(study_path)
    if (other_path is None) == (rev is None):
        raise UsageError("give the second coding either as a folder (OTHER) or as a git revision (--rev REV), "
                         "not both" if other_path is not None else
                         "give the second coding: a folder (OTHER) or a git revision (--rev REV)")
    if rev is not None:
        second, commit = load_at_revision(study_path, rev, "the second coding")
        return second, f"{rev} ({commit[:10]})"
    other = Path(other_path)
    if not other.is_dir():
        raise UsageError(f"no study folder at '{other}' (the second coding)")
    return load_as(other, f"the second coding in '{other}'"), str(other)


def run(study_path: str | Path, other_path: str | Path | None = None, rev: str | None = None, seed: int = 0,
        replicates: int = BOOTSTRAP_REPLICATES) -> Agreement:
    """Compare the coding in ``study_path`` with ``other_path`` (a folder) or the study at ``rev``."""
    study_path = Path(study_path)
    if not study_path.is_dir():
        raise UsageError(f"no study folder at '{study_path}'")
    first = load(study_path)
    second, second_label = second_coding(study_path, other_path, rev)
    return compare_codings(first, second, seed=seed, replicates=replicates,
                           first_label=str(study_path), second_label=second_label)

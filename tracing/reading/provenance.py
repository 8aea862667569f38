"""Where a result came from: the tool's version, when it was made, a digest of the study's files, the git commit.

The generation time is printed only when ``SOURCE_DATE_EPOCH`` is set (reproducible
builds: the same study gives the same bytes); a value that is not a whole number
of seconds, or lies outside the years a date can name, gives no time rather than
an error. The digest is SHA-256 over every input file of the study (study.yaml,
hypotheses, evidence, conclusions, the bibliography) in sorted order of their
paths relative to the study, each as ``path NUL size NUL bytes``: it does not
depend on where the study sits. The commit comes from one ``git status``
subprocess, which also tells whether the study's files differ from it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .study import Study


def generated_at(raw: str | None = None) -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO 8601 UTC time (``2023-11-14T22:13:20Z``); None when unset or unusable."""
    raw = (os.environ.get("SOURCE_DATE_EPOCH", "") if raw is None else raw).strip()
    if not raw:
        return None
    try:
        stamp = int(raw)
        return _dt.datetime.fromtimestamp(stamp, tz=_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):  # not an integer, or beyond the years datetime can name
        return None


def input_files(study: "Study") -> list[str]:
    """The study's input files, relative to its folder, sorted (POSIX paths)."""
    rels = {"study.yaml", *study.files.values()}
    if study.conclusions_path:
        rels.add(study.conclusions_path)
    if study.bibliography.path:
        rels.add(study.bibliography.path)
    return sorted(rels)


def digest(root: Path, rels: list[str]) -> str:
    """SHA-256 of the files ``rels`` under ``root`` (each as path, size and bytes), in the order given."""
    h = hashlib.sha256()
    for rel in rels:
        try:
            data = (root / rel).read_bytes()
        except OSError:
            data = b""
        h.update(rel.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()


def git_state(root: Path, paths: list[str]) -> dict[str, Any] | None:
    """``{"commit": sha, "modified": bool}`` of the repository holding ``root``; None outside one (or without git).

    One ``git status`` call: its ``branch.oid`` header is the commit, and any
    change (staged, unstaged or untracked) to the study's inputs (``paths``,
    relative to ``root``: files and the hypotheses/ and evidence/ folders)
    marks it modified; a report or other file beside them does not.
    """
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_OPTIONAL_LOCKS="0")
    try:
        p = subprocess.run(["git", "status", "--porcelain=v2", "--branch", "--untracked-files=normal", "--",
                            *paths], cwd=root, capture_output=True, env=env, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if p.returncode != 0:
        return None
    commit = None
    modified = False
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("# branch.oid "):
            oid = line[len("# branch.oid "):].strip()
            commit = None if oid == "(initial)" else oid
        elif line and not line.startswith("#"):
            modified = True
    return {"commit": commit, "modified": modified}


def provenance(study: "Study", version: str | None = None, git: bool = True) -> dict[str, Any]:
    """The provenance of a result made from ``study`` now: version, time, files, digest, git commit."""
    if version is None:
        from ..version import __version__ as version
    root = Path(study.root)
    rels = input_files(study)
    state = None
    if git:
        paths = sorted({r.split("/", 1)[0] if r.startswith(("hypotheses/", "evidence/")) else r for r in rels})
        state = git_state(root, [":(literal)" + p for p in paths])
    return {
        "tool": "tracing",
        "version": version,
        "generated": generated_at(),
        "files": len(rels),
        "digest": "sha256:" + digest(root, rels),
        "git": state,
    }

"""A study as it was at a git revision: its tracked files written into a folder of their own.

Blobs are read straight from git's object store (``git ls-tree`` and
``git cat-file --batch``), so the working tree and the index play no part;
the folder is then read by the same reader as any study.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from pathlib import Path, PurePosixPath

from .files import read_document


class GitError(Exception):
    """Git cannot give the study at a revision: not a repository, unknown revision, git missing."""


def _git(args: list[str], cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=env)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); `tracing diff` needs it") from None


def _text(p: subprocess.CompletedProcess) -> str:
    return p.stderr.decode("utf-8", "replace").strip() or p.stdout.decode("utf-8", "replace").strip()


def locate(study: Path) -> tuple[Path, str]:
    """The repository's top folder and the study folder's path inside it (``''`` or ``'a/b/'``)."""
    if not study.is_dir():
        raise GitError(f"no study folder at '{study}'")
    p = _git(["rev-parse", "--show-toplevel", "--show-prefix"], study)
    if p.returncode != 0:
        raise GitError(f"'{study}' is not inside a git repository ({_text(p)})")
    lines = p.stdout.decode("utf-8").splitlines()
    top = Path(lines[0])
    prefix = lines[1] if len(lines) > 1 else ""
    return top, prefix


def resolve(top: Path, rev: str) -> str:
    """The commit id of ``rev``, or GitError when git does not know it."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    p = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)
    if p.returncode != 0:
        raise GitError(f"unknown revision '{rev}': git knows no commit by that name in {top}")
    return p.stdout.decode().strip()


def _wanted(rel: str) -> bool:
    """The files of a study folder that the loader can read: top-level files, hypotheses/, evidence/, .bib."""
    parts = PurePosixPath(rel).parts
    return len(parts) == 1 or parts[0] in ("hypotheses", "evidence") or rel.endswith(".bib")


def extract(top: Path, commit: str, prefix: str, dest: Path) -> int:
    """Write the study folder's tracked files at ``commit`` into ``dest``; return how many were written.

    Reads blobs straight from the object store (``git ls-tree`` and ``git cat-file --batch``), so
    the working tree, the index and ``export-ignore`` attributes play no part.
    """
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix.rstrip("/")]
    p = _git(args, top)
    if p.returncode != 0:
        raise GitError(f"cannot list the files at {commit[:12]}: {_text(p)}")
    entries = []
    for rec in p.stdout.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, kind, obj = meta.decode().split()
        rel_full = path.decode("utf-8", "surrogateescape")
        if kind != "blob" or not rel_full.startswith(prefix):
            continue  # submodules and anything outside the study folder
        rel = rel_full[len(prefix):]
        if _wanted(rel):
            entries.append((mode, obj, rel))
    if not entries:
        return 0
    p = _git(["cat-file", "--batch"], top, input="".join(f"{obj}\n" for _, obj, _ in entries).encode())
    if p.returncode != 0:
        raise GitError(f"cannot read the files at {commit[:12]}: {_text(p)}")
    out, pos = p.stdout, 0
    for mode, obj, rel in entries:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        data = out[nl + 1: nl + 1 + size]
        pos = nl + 1 + size + 1
        target = dest.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: recreate it, as a checkout would
            try:
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            except OSError:
                pass
        else:
            target.write_bytes(data)
    return len(entries)


def extract_outside_bibliography(top: Path, commit: str, prefix: str, tree: Path, root: Path) -> None:
    """Also write the bibliography at ``commit`` when study.yaml names one outside the study folder."""
    res = read_document(root, "study.yaml")
    if res.doc is None:  # an unreadable study.yaml is reported by the loader, with its position
        return
    bib = res.doc.data.get("bibliography")
    if not isinstance(bib, str) or (root / bib).exists():
        return
    rel = posixpath.normpath(posixpath.join(prefix, bib))
    if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
        return  # outside the repository: the loader reports it missing
    p = _git(["cat-file", "blob", f"{commit}:{rel}"], top)
    if p.returncode == 0:
        target = tree.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(p.stdout)

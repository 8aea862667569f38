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
            _safe(rel, commit)
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
        _make_parent(target, dest, rel)
        if mode == "120000":  # a symbolic link: recreate it, as a checkout would (the reader refuses one
            try:              # that points outside the study)
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            except OSError:
                pass
        else:
            _write_new(target, data, rel)
    return len(entries)


def _safe(rel: str, commit: str) -> None:
    """A path from a git tree, refused unless it is plainly inside the study: no ``..``, no absolute path."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..", ".git") for p in parts):
        raise GitError(f"the tree at {commit[:12]} holds an unsafe path {rel!r}; refused "
                       f"(a path with '..' or an absolute path would write outside the study)")


def _make_parent(target: Path, dest: Path, rel: str) -> None:
    """Create the folders of ``target`` under ``dest``; refuse when a link written earlier leads outside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    real_dest = os.path.realpath(dest)
    real = os.path.realpath(target.parent)
    if real != real_dest and not real.startswith(real_dest.rstrip(os.sep) + os.sep):
        raise GitError(f"the path {rel!r} at this revision leads through a symbolic link outside the study; refused")


def _write_new(target: Path, data: bytes, rel: str) -> None:
    """Write a blob to a new file, never through a link and never over an existing file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o644)
    except FileExistsError:
        raise GitError(f"the path {rel!r} appears twice at this revision; refused") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


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
        _safe(rel, commit)
        target = tree.joinpath(*PurePosixPath(rel).parts)
        _make_parent(target, tree, rel)
        if not os.path.lexists(target):
            _write_new(target, p.stdout, rel)

"""Remembered validation: `tracing validate` answers at once when nothing it reads has changed.

Validating means importing pydantic, building the models and checking every
file: a few hundred milliseconds on a thesis-sized study, minutes' worth of
CPU over a day of saves and commits. When every file the last successful
validation read is byte for byte the same — the study's own files, the set of
files in ``hypotheses/`` and ``evidence/``, the bibliography — and the tracing
code and the libraries it checks with are the same, the answer is the same.
So that answer is kept in a small JSON file, and re-used.

* Where: ``$TRACING_CACHE_DIR``, else ``$XDG_CACHE_HOME/tracing``, else
  ``~/.cache/tracing`` — never inside the study. One file per study folder
  (named by a hash of its absolute path), replaced atomically.
* Off: ``TRACING_NO_CACHE=1`` or ``tracing validate --no-cache``.
* Only valid studies are remembered (with their warnings); an invalid study is
  always read again, so its problems are always found afresh.
* A cache that cannot be read or written is ignored: it never changes an
  answer, only how fast it comes.

This module imports nothing heavy: a hit costs hashing the study's files.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

try:  # the built-in BLAKE2: importing hashlib would also load OpenSSL, a few ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

from . import __version__
from .diagnostics import Diagnostic
from .files import discover

FORMAT = 1
"""Layout of the cache file; a file of another layout is ignored."""

_CANDIDATES = ("study.yaml", "conclusions.yaml", "conclusions.yml", "references.bib")
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "bibtexparser")


@dataclass
class Answer:
    """What `tracing validate` prints for a valid study: its warnings and its counts."""

    warnings: list[Diagnostic]
    hypotheses: int
    evidence: int
    conclusions: int


def enabled() -> bool:
    return os.environ.get("TRACING_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    if os.environ.get("TRACING_CACHE_DIR"):
        return Path(os.environ["TRACING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracing"


def _entry_path(root: Path) -> Path:
    key = blake2b(os.path.realpath(root).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return cache_dir() / f"validate-{key}.json"


def _stat(path: str) -> list:
    try:
        st = os.stat(path)
    except OSError:
        return [path, None]
    return [path, st.st_size, st.st_mtime_ns]


@lru_cache(maxsize=1)  # looked up and stored in one run: the code does not change meanwhile
def environment() -> str:
    """A digest of what else decides the answer: this code, its version, Python and the checking libraries."""
    parts: list = [__version__, sys.version, sys.prefix]
    here = os.path.dirname(os.path.abspath(__file__))
    for dirpath, dirnames, filenames in os.walk(here):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        parts.extend(_stat(os.path.join(dirpath, f)) for f in sorted(filenames) if f.endswith(".py"))
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        parts.append(_stat(spec.origin) if spec and spec.origin else [name, None])
    return blake2b(json.dumps(parts).encode()).hexdigest()


@dataclass
class Inputs:
    """The digest of the files every validation reads, and their sizes and times (to see a change meanwhile)."""

    digest: str
    stats: list


def _hash_file(h, root: Path, rel: str) -> list:
    try:
        with open(os.path.join(root, rel), "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError:
        h.update(f"\0missing {rel}\0".encode("utf-8", "surrogateescape"))
        return [rel, None]
    h.update(f"\0{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
    h.update(data)
    return [rel, st.st_size, st.st_mtime_ns]


def inputs(root: Path) -> Inputs:
    """Hash the study's files: study.yaml, conclusions, references.bib, every hypothesis and evidence file.

    The sorted file lists are part of the digest, so adding, removing or renaming
    a file changes it, as does any byte of any file.
    """
    h = blake2b()
    listed: list[str] = []
    for folder in ("hypotheses", "evidence"):
        rels, diags = discover(root, folder)
        listed.extend(rels)
        h.update(json.dumps([folder, rels, [d.path for d in diags]]).encode("utf-8", "surrogateescape"))
    stats = [_hash_file(h, root, rel) for rel in (*_CANDIDATES, *listed)]
    return Inputs(h.hexdigest(), stats)


def _key(base: Inputs, root: Path, bibliography: str | None) -> str:
    """The inputs' digest, with a bibliography kept outside references.bib (named in study.yaml) added."""
    if not bibliography or bibliography == "references.bib":
        return base.digest
    h = blake2b(base.digest.encode())
    _hash_file(h, root, bibliography)
    return h.hexdigest()


def _unchanged(root: Path, stats: list) -> bool:
    for rel, *rest in stats:
        try:
            st = os.stat(os.path.join(root, rel))
        except OSError:
            if rest != [None]:
                return False
            continue
        if rest != [st.st_size, st.st_mtime_ns]:
            return False
    return True


def lookup(root: Path) -> tuple[Answer | None, Inputs | None]:
    """The remembered answer for the study at ``root`` if nothing it depends on has changed, and the inputs hashed.

    Pass the inputs to :func:`store` after validating, so the files are hashed once per run.
    """
    try:
        base = inputs(root)
    except OSError:
        return None, None
    try:
        with open(_entry_path(root), encoding="utf-8") as fh:
            entry = json.load(fh)
        if entry.get("format") != FORMAT or entry.get("environment") != environment():
            return None, base
        if _key(base, root, entry.get("bibliography")) != entry["inputs"]:
            return None, base
        a = entry["answer"]
        return Answer([Diagnostic(**d) for d in a["warnings"]], a["hypotheses"], a["evidence"], a["conclusions"]), base
    except (OSError, ValueError, KeyError, TypeError):
        return None, base


_pending: dict[str, Inputs] = {}


def hand_over(root: Path, hashed: Inputs | None) -> None:
    """Keep the inputs hashed by a lookup that missed, for the :func:`take` of the same run."""
    if hashed is not None:
        _pending[os.path.realpath(root)] = hashed


def take(root: Path) -> Inputs | None:
    """The inputs :func:`hand_over` kept for ``root`` in this process, once."""
    return _pending.pop(os.path.realpath(root), None)


def store(root: Path, before: Inputs, bibliography: str | None, answer: Answer) -> None:
    """Remember ``answer`` for the files hashed in ``before`` — unless one of them changed since."""
    try:
        if not _unchanged(root, before.stats):
            return
        entry = {
            "format": FORMAT, "environment": environment(), "study": os.path.realpath(root),
            "bibliography": bibliography, "inputs": _key(before, root, bibliography),
            "answer": {"warnings": [d.to_dict() for d in answer.warnings], "hypotheses": answer.hypotheses,
                       "evidence": answer.evidence, "conclusions": answer.conclusions},
        }
        target = _entry_path(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(entry, fh)
        os.replace(tmp, target)
    except (OSError, ValueError):
        return

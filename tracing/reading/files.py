"""Finding study files and reading one file into a positioned YAML document.

Discovery (contract section 1): ``*.yaml``, ``*.yml`` and ``*.md`` under
``hypotheses/`` and ``evidence/``, any depth, sorted by path; hidden files and
folders and ``README.md`` skipped; symbolic links to folders not followed (a
warning). Reading accepts a UTF-8 byte-order mark and CRLF line ends.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, make
from .yamlread import Document, YamlProblem, parse

ITEM_SUFFIXES = (".yaml", ".yml", ".md")


@dataclass
class ReadResult:
    """A file read: its document (None when unreadable), Markdown body, and problems."""

    doc: Document | None
    body: str | None
    diagnostics: list[Diagnostic]


def inside(root: Path, rel: str) -> bool:
    """Whether ``root/rel``, its symbolic links followed, lies inside the study folder ``root``."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(root, rel))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _shown(name: str) -> str:
    """A file name for messages: bytes that are not UTF-8 shown as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def discover(root: Path, folder: str) -> tuple[list[str], list[Diagnostic]]:
    """Relative POSIX paths of the item files under ``root/folder``, sorted; plus the problems met on the way.

    Symbolic links to folders are not followed (a warning); a linked file is read only when it points inside the
    study; named pipes, devices and sockets are never opened; a folder that cannot be listed is an error.
    """
    base = os.path.join(root, folder)
    found: list[str] = []
    diags: list[Diagnostic] = []
    if not os.path.lexists(base):
        return found, diags
    if os.path.islink(base) and not inside(root, folder):
        return found, [make("file.outside", folder, 1, 1,
                            f"'{folder}' is a symbolic link to {os.readlink(base)!r}, outside the study folder; not read")]
    if not os.path.isdir(base):
        return found, [make("file.special", folder, 1, 1, f"'{folder}' is a file, not a folder; no {folder} are read",
                            hint=f"move it aside and create a folder '{folder}/' for the study's files")]
    # an explicit stack of folders, not recursion: any depth of folders is read (or refused) without a crash
    stack = [(base, folder + "/")]
    while stack:
        path, prefix = stack.pop()
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError as exc:
            rel = prefix.rstrip("/")
            diags.append(make("file.unreadable", rel, 1, 1, f"cannot read the folder '{_shown(rel)}': "
                              f"{exc.strerror or exc}; its files are not read"))
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                diags.append(make("file.unreadable", _shown(rel), 1, 1,
                                  f"the name '{_shown(rel)}' is not valid UTF-8; it is not read",
                                  hint="rename it with UTF-8 characters"))
                continue
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:  # pragma: no cover - the entry vanished
                continue
            if is_dir:
                subdirs.append((entry.path, rel + "/"))
                continue
            if link and os.path.isdir(entry.path):
                diags.append(make("file.symlink-folder", rel, 1, 1, f"'{rel}' is a symbolic link to a folder; not followed"))
                continue
            if name == "README.md" or not name.endswith(ITEM_SUFFIXES):
                continue
            if link and not inside(root, rel):
                diags.append(make("file.outside", rel, 1, 1,
                                  f"'{rel}' is a symbolic link to a file outside the study folder; not read"))
                continue
            found.append(rel)
        stack.extend(sorted(subdirs, reverse=True))
    found.sort()
    return found, diags


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    if b"\x00" in raw:
        return None, [make("file.binary", rel, 1, 1, "the file contains binary data (a NUL byte), not text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [make("file.encoding", rel, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def split_front_matter(text: str, rel: str) -> tuple[str | None, str | None, list[Diagnostic]]:
    """Split a Markdown file into (YAML front matter, body); the YAML starts on line 2."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, None, [make("frontmatter.missing", rel, 1, 1, "a Markdown study file must start with YAML front matter between '---' lines")]
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]).strip("\n"), []
    return None, None, [make("frontmatter.unclosed", rel, 1, 1, "the front matter opened on line 1 is never closed with '---'")]


MAX_FILE_BYTES = 20_000_000  # a study file is text typed by people; anything larger is a mistake or an attack


def read_bytes(path: str, rel: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file; a pipe, device, socket or folder is refused without being read (no hang)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        return None, [make("file.special", rel, 1, 1, f"'{rel}' is a folder, not a file")]
    except OSError as exc:
        return None, [make("file.unreadable", rel, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a pipe, device or socket)"
            return None, [make("file.special", rel, 1, 1, f"'{rel}' is {what}; it is not read")]
        if st.st_size > MAX_FILE_BYTES:
            return None, [make("file.special", rel, 1, 1, f"'{rel}' is {st.st_size:,} bytes; a study file is at most "
                               f"{MAX_FILE_BYTES:,}", hint="split it, or check that it is the right file")]
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(), []
    except OSError as exc:
        return None, [make("file.unreadable", rel, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    finally:
        os.close(fd)


def read_text(root: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    if os.path.islink(os.path.join(root, rel)) and not inside(root, rel):
        return None, [make("file.outside", rel, 1, 1,
                           f"'{rel}' is a symbolic link to a file outside the study folder; not read")]
    raw, diags = read_bytes(os.path.join(root, rel), rel)
    if raw is None:
        return None, diags
    return _decode(raw, rel)


def read_document(root: Path, rel: str) -> ReadResult:
    """Read and parse one study file (YAML, or Markdown with front matter)."""
    text, diags = read_text(root, rel)
    if text is None:
        return ReadResult(None, None, diags)
    body = None
    offset = 0
    if rel.endswith(".md"):
        yaml_text, body, diags = split_front_matter(text, rel)
        if yaml_text is None:
            return ReadResult(None, None, diags)
        offset = 1
    else:
        yaml_text = text
    try:
        doc = parse(yaml_text, line_offset=offset)
    except YamlProblem as p:
        return ReadResult(None, None, [make(p.name, rel, p.line, p.column, p.message, hint=p.hint)])
    if doc.data is None:
        return ReadResult(None, None, [make("file.empty", rel, 1, 1, "the file is empty")])
    if not isinstance(doc.data, dict):
        return ReadResult(None, None, [make("file.not-mapping", rel, 1 + offset, 1,
                                            f"expected 'key: value' lines at the top level, found a {type(doc.data).__name__}")])
    return ReadResult(doc, body, [])

"""Finding study files and reading one file into a positioned YAML document.

Discovery (contract section 1): ``*.yaml``, ``*.yml`` and ``*.md`` under
``hypotheses/`` and ``evidence/``, any depth, sorted by path; hidden files and
folders and ``README.md`` skipped; symbolic links to folders not followed (a
warning). Reading accepts a UTF-8 byte-order mark and CRLF line ends.
"""

from __future__ import annotations

import os
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


def discover(root: Path, folder: str) -> tuple[list[str], list[Diagnostic]]:
    """Relative POSIX paths of the item files under ``root/folder``, sorted; plus symlink warnings."""
    base = root / folder
    found: list[str] = []
    diags: list[Diagnostic] = []
    if not base.is_dir():
        return found, diags
    top, head = str(base), base.relative_to(root).as_posix()
    for dirpath, dirnames, filenames in os.walk(base):
        # the path relative to the study, built as text: pathlib per file costs more than the walk
        prefix = head + dirpath[len(top):].replace(os.sep, "/") + "/"
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                rel = prefix + d
                diags.append(make("file.symlink-folder", rel, 1, 1, f"'{rel}' is a symbolic link to a folder; not followed"))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in filenames:
            if name.startswith(".") or name == "README.md" or not name.endswith(ITEM_SUFFIXES):
                continue
            found.append(prefix + name)
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


def read_text(root: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        with open(os.path.join(root, rel), "rb") as f:
            raw = f.read()
    except OSError as exc:
        return None, [make("file.encoding", rel, 1, 1, f"cannot read the file: {exc.strerror or exc}", hint="check the file's permissions")]
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

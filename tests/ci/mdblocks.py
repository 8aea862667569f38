"""Fenced code blocks of a Markdown page, read the way CommonMark reads them, for the docs tests.

The conventions (the tutorial's "runnable" blocks) are documented in test_tutorial.py.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass
class Block:
    """One fenced block: its language, its info-string attributes, its text and its first line number."""

    lang: str
    attrs: dict[str, str]
    text: str
    line: int

    @property
    def title(self) -> str | None:
        return self.attrs.get("title")


def blocks(path: Path) -> list[Block]:
    """Every fenced code block of the Markdown file at ``path``, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        fence, indent = m["fence"], len(m["indent"])
        words = shlex.split(m["info"].strip()) if m["info"].strip() else []
        lang = words[0] if words else ""
        attrs = {}
        for w in words[1:]:
            k, sep, v = w.partition("=")
            attrs[k] = v if sep else "true"
        close = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$")
        body = []
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            # CommonMark removes up to the opening fence's indentation from content lines
            body.append(re.sub(rf"^ {{0,{indent}}}", "", lines[j]) if indent else lines[j])
            j += 1
        out.append(Block(lang, attrs, "\n".join(body) + ("\n" if body else ""), i + 1))
        i = j + 1
    return out


@dataclass
class Command:
    """A ``$ `` command of a console block and the output shown under it."""

    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0


def commands(block: Block) -> list[Command]:
    """The commands of a ``console`` block: ``$ `` lines (a trailing `` \\`` continues one), then output."""
    cmds: list[Command] = []
    lines = block.text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            text = line[2:]
            start = i
            while text.endswith("\\") and i + 1 < len(lines):
                i += 1
                text = text[:-1].rstrip() + " " + lines[i].strip()
            cmds.append(Command(text, [], block.line + 1 + start))
        elif cmds:
            cmds[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"line {block.line + 1 + i}: output before the first '$ ' command: {line!r}")
        i += 1
    return cmds


def normalise(line: str) -> str:
    """Compare output lines without caring about runs of spaces or trailing blanks."""
    return " ".join(line.split())


def missing_lines(expected: list[str], actual: str) -> list[str]:
    """The shown lines (in order; ``...`` skips any number of lines) that the actual output lacks."""
    want = [normalise(e) for e in expected if e.strip() and e.strip() != "..."]
    got = [normalise(a) for a in actual.splitlines()]
    missing, pos = [], 0
    for w in want:
        try:
            pos = got.index(w, pos) + 1
        except ValueError:
            missing.append(w)
    return missing

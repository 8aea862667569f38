"""GitHub Actions workflow commands: annotations on conclusions.yaml and a step-summary table.

The escaping follows GitHub's own toolkit (``@actions/core``, ``command.ts``):
in a message ``%``, CR and LF are percent-encoded; in a property value
(``file=``, ``title=``) also ``:`` and ``,``, which would otherwise end the
value. GitHub shows at most ten annotations of each level per step, so callers
print the full result as plain text too.
"""

from __future__ import annotations

import os
from pathlib import Path

from .text import clean_block


def escape_data(text: str) -> str:
    """Escape a workflow command's message: ``%``, CR and LF (other control characters shown as escapes)."""
    return clean_block(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str | None = None, line: int | None = None,
               col: int | None = None, title: str | None = None) -> str:
    """One annotation command, e.g. ``::error file=conclusions.yaml,line=3,col=5,title=…::message``.

    ``level`` is ``error``, ``warning`` or ``notice``.
    """
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if col:
        props.append(f"col={col}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def workspace_path(path: Path | str) -> str:
    """``path`` as GitHub resolves annotation files: relative to ``$GITHUB_WORKSPACE`` (else to the
    working directory), POSIX separators; an absolute path outside both is returned as it is."""
    p = Path(path)
    if p.is_absolute():
        for base in (os.environ.get("GITHUB_WORKSPACE"), os.getcwd()):
            if not base:
                continue
            try:
                return p.resolve().relative_to(Path(base).resolve()).as_posix()
            except ValueError:
                continue
        return p.as_posix()
    text = p.as_posix()
    return text[2:] if text.startswith("./") else text


def diagnostic_annotations(diagnostics, root: Path | str) -> list[str]:
    """Annotations for the problems of an invalid study (``Diagnostic`` records, paths relative to ``root``)."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(annotation(level, message, file=workspace_path(Path(root) / d.path), line=d.line,
                                col=d.column, title=f"{d.code} {d.name}"))
    return lines

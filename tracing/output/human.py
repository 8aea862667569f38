"""Compiler-style text for people: diagnostics, score tables and check results."""

from __future__ import annotations

from typing import Iterable

from ..reading.diagnostics import Diagnostic


def diagnostics(diags: Iterable[Diagnostic]) -> list[str]:
    """One line per problem (``PATH:LINE:COL: CODE severity: message [name]``), its hint indented below."""
    lines = []
    for d in diags:
        lines.append(d.format())
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return lines


def summary(diags: list[Diagnostic]) -> str:
    errors = sum(1 for d in diags if d.severity == "error")
    warnings = len(diags) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    """A plain aligned text table."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def fmt(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]

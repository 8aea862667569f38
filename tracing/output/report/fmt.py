"""Fixed formatting of numbers, dates, labels and anchors, shared by the HTML page and the Markdown summary.

Numbers come from :mod:`tracing.engine.words`, the one number vocabulary of
every output, so the same study always gives the same bytes (no locale, no
repr of floats); this module adds what only a page needs: anchors, dates, spans.
"""

from __future__ import annotations

import re
from functools import lru_cache

# the number vocabulary is the engine's words (one for every output); re-exported for the templates' code
from ...engine.words import (MINUS, STATUS_ICONS, STATUS_WORDS, VERDICT_ICONS, db, lr, num, pct,  # noqa: E402,F401
                             prob, signed)
from ...testtypes import label as test_label  # noqa: E402,F401


_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def anchor(kind: str, key: str) -> str:
    """A fragment id for ``kind`` (h, e, bib, case, ...) and a key; injective, safe in ``href="#..."``.

    Study ids already match ``[A-Za-z][A-Za-z0-9_.-]*``; bibliography keys may
    hold anything, so other characters become ``_xx`` hex escapes (and ``_``
    itself ``__``, which keeps the mapping one to one).
    """
    safe = _SAFE.sub(lambda m: "".join(f"_{b:02x}" for b in m.group(0).encode("utf-8")), key.replace("_", "__"))
    return f"{kind}-{safe}"


def pair_anchor(hypothesis: str, case: str) -> str:
    """The fragment id of one hypothesis in one case (``~`` never occurs in ids, so this is one to one)."""
    return anchor("pair", f"{hypothesis}~{case}")


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts ``E2`` before ``E10``; ties broken by the text itself, so the order is total."""
    parts = _DIGITS.split(text)
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p.lower()) for p in parts) + ((2, 0, text),)


@lru_cache(maxsize=4096)  # a study has few distinct dates and a chart asks for each many times
def year_fraction(date: str, end: bool = False) -> float:
    """A date written as YYYY, YYYY-MM or YYYY-MM-DD as a fractional year.

    A point (``end=False``) sits in the middle of the span it names (2003 is
    mid-2003); ``end=True`` gives the end of the span, for period ends.
    """
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + (1.0 if end else 0.5)
    month = parts[1]
    if len(parts) == 2:
        return year + (month - (0.0 if end else 0.5)) / 12
    day = parts[2]
    return year + (month - 1) / 12 + (day - (0.0 if end else 0.5)) / 372


def period_start(date: str) -> float:
    """The first instant of a span written as YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return float(parts[0])
    if len(parts) == 2:
        return parts[0] + (parts[1] - 1) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 372


def build_date() -> str | None:
    """The date to print on the report: only when SOURCE_DATE_EPOCH is set (reproducible builds)."""
    from ...reading.provenance import generated_at

    stamp = generated_at()  # None when unset, not a number, or beyond the years a date can name
    return stamp[:10] if stamp else None


def provenance(prov: dict | None) -> dict | None:
    """The provenance of a result (:mod:`tracing.reading.provenance`) as the page prints it."""
    if prov is None:
        return None
    stamp = prov.get("generated")
    if stamp is None:
        stamp = build_date()
        stamp = f"{stamp}T00:00:00Z" if stamp else None
    git = prov.get("git") or {}
    commit = git.get("commit")
    digest = prov.get("digest") or ""
    return {"tool": f"{prov.get('tool', 'tracing')} {prov.get('version', '')}".strip(),
            "generated": stamp, "generated_text": f"{stamp[:10]} {stamp[11:16]} UTC" if stamp else None,
            "files": prov.get("files", 0), "digest": digest, "digest_short": digest.split(":")[-1][:12],
            "in_git": bool(prov.get("git")), "commit": commit, "commit_short": commit[:10] if commit else None,
            "modified": bool(git.get("modified"))}


def span(start: str | None, end: str | None) -> str:
    """``2001–2021``, ``from 2011``, ``until 2003`` or an empty string."""
    if start and end:
        return f"{start}\u2013{end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces as a hex escape, so
    nothing in it can end the string, the rule or the ``<style>`` element (used for the running header)."""
    from markupsafe import Markup

    body = "".join(c if (c.isalnum() and ord(c) < 0x2000) or c == " " else f"\\{ord(c):06x}" for c in text)
    return Markup(f'"{body}"')

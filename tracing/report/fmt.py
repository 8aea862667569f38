"""Fixed formatting of numbers, dates, labels and anchors, shared by the HTML page and the Markdown summary.

Every number on the report goes through one of these functions so that the
same study always gives the same bytes (no locale, no repr of floats).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
from functools import lru_cache

MINUS = "\u2212"  # a real minus sign: "−4.0 dB" reads better than "-4.0 dB"

TEST_LABELS = {
    "straw_in_the_wind": "straw in the wind",
    "hoop": "hoop",
    "smoking_gun": "smoking gun",
    "doubly_decisive": "doubly decisive",
}

VERDICT_ICONS = {"confirmed": "\u2714", "rejected": "\u2718", "inconclusive": "\u25cb"}
STATUS_ICONS = {"pass": "\u2714", "fail": "\u2718", "warn": "!"}
STATUS_WORDS = {"pass": "holds", "fail": "fails", "warn": "warning"}


def signed(x: float, digits: int = 1) -> str:
    """``+9.0`` / ``−4.0`` / ``+∞`` / ``−∞``; zero is ``0.0`` without a sign."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "+\u221e" if x > 0 else MINUS + "\u221e"
    text = f"{abs(x):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if x > 0 else MINUS) + text


def db(x: float) -> str:
    """Weight of evidence in decibans: ``+9.0 dB``."""
    return signed(x) + " dB"


def prob(x: float | None, digits: int = 3) -> str:
    """A probability with fixed decimals; extremes that would round to 0 or 1 are written as bounds."""
    if x is None:
        return "n/a"
    if math.isnan(x):
        return "n/a"
    if x in (0.0, 1.0):
        return f"{x:.0f}"
    tiny = 10.0 ** (-digits)
    if x < tiny:
        return f"< {tiny:.{digits}f}"
    if x > 1 - tiny:
        return f"> {1 - tiny:.{digits}f}"
    return f"{x:.{digits}f}"


def lr(x: float) -> str:
    """A likelihood ratio: ``8.000``, ``0.125``, ``∞``."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "\u221e"
    if x == 0:
        return "0"
    if x >= 1000:
        return f"{x:.0f}"
    return f"{x:.3f}"


def pct(x: float | None) -> str:
    """A share as a whole percentage: ``93 %``; ``n/a`` without draws."""
    if x is None or math.isnan(x):
        return "n/a"
    return f"{100 * x:.0f}\u00a0%"


def num(x: float, digits: int = 2) -> str:
    """A plain fixed-point number (likelihood table)."""
    return f"{x:.{digits}f}"


def esc(text: str) -> str:
    """``text`` escaped for HTML exactly as Jinja's autoescaping (markupsafe) does: ``& < > ' "`` become entities.

    A plain ``str`` for the HTML the report builds in Python (charts, the rows of large tables), where a
    :class:`markupsafe.Markup` per value would cost more than the escaping itself.
    """
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def test_label(type_: str) -> str:
    return TEST_LABELS.get(type_, type_.replace("_", " "))


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
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        stamp = int(raw)
    except ValueError:
        return None
    return _dt.datetime.fromtimestamp(stamp, tz=_dt.timezone.utc).strftime("%Y-%m-%d")


def span(start: str | None, end: str | None) -> str:
    """``2001–2021``, ``from 2011``, ``until 2003`` or an empty string."""
    if start and end:
        return f"{start}\u2013{end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""

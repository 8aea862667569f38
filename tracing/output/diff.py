"""`tracing diff` for people (text) and machines (JSON, ``schema_version`` 1)."""

from __future__ import annotations

import math

from ..engine.comparison import PairChange, StudyDiff
from ..engine.results import json_number
from ..engine.scoring import PairScore

SCHEMA_VERSION = 1


def _post(x: float) -> str:
    return "undefined" if math.isnan(x) else f"{x:.3f}"


def _posts(a: float, b: float) -> tuple[str, str]:
    """Both posteriors with enough digits to show they differ."""
    for digits in (3, 4, 5, 6):
        sa, sb = f"{a:.{digits}f}", f"{b:.{digits}f}"
        if sa != sb:
            return sa, sb
    return f"{a:.3g}", f"{b:.3g}"


def _db(x: float | None) -> str:
    if x is None:
        return "none"
    if math.isinf(x):
        return "proves" if x > 0 else "eliminates"
    return f"{x:+.1f} dB".replace("-", "−")


def _headline(ch: PairChange) -> str:
    b, a = ch.before, ch.after
    if b is None:
        return (f"new pair: Bayesian {a.bayes}, Van Evera {a.van_evera}, posterior {_post(a.posterior)}")
    if a is None:
        return (f"gone (hypothesis or case removed); it was Bayesian {b.bayes}, Van Evera {b.van_evera}, "
                f"posterior {_post(b.posterior)}")
    parts = []
    for label, x, y in (("Bayesian", b.bayes, a.bayes), ("Van Evera", b.van_evera, a.van_evera)):
        parts.append(f"{label} {x} → {y}" if x != y else f"{label} {x} (unchanged)")
    pb, pa = _posts(b.posterior, a.posterior) if "posterior" in ch.changed else (_post(b.posterior),) * 2
    parts.append(f"posterior {pb} → {pa}" if "posterior" in ch.changed else f"posterior {pb} (unchanged)")
    return ", ".join(parts)


_SIGN = {"added": "+", "removed": "-", "edited": "~"}


def human(d: StudyDiff) -> str:
    """The diff as text for a researcher."""
    lines = [f"{d.rev} ({d.commit[:10]}) → working tree: {d.title}"]
    n = len(d.changes)
    ev = f"evidence: {len(d.added)} added, {len(d.edited)} edited, {len(d.removed)} removed"
    if not n:
        lines.append(f"No verdict or posterior changed ({d.pairs_compared} hypothesis × case pairs compared); {ev}.")
    else:
        lines.append(f"{n} of {d.pairs_compared} hypothesis × case scores changed; {ev}.")
    for ch in d.changes:
        lines.append("")
        lines.append(f"{ch.hypothesis} × {ch.case}: {_headline(ch)}")
        if not ch.causes:
            lines.append("  (no evidence item, prior, congruence test or scoring setting of this pair changed)")
        for c in ch.causes:
            if c.kind == "evidence":
                where = f" [{c.path}]" if c.path else ""
                if c.weight_before is None:
                    weight = f"; weight {_db(c.weight_after)}"
                elif c.weight_after is None:
                    weight = f"; its weight was {_db(c.weight_before)}"
                else:
                    weight = f"; weight {_db(c.weight_before)} → {_db(c.weight_after)}"
                lines.append(f"  {_SIGN[c.change]} {c.evidence} {c.change}{where}: {c.detail}{weight}")
            else:
                lines.append(f"  * {c.detail}")
    quiet = [e for e in d.edited if not e[2]]
    if quiet:
        lines.append("")
        lines.append("Edited without changing any test: " + ", ".join(e for e, _, _ in quiet) + ".")
    return "\n".join(lines)


def _pair_dict(p: PairScore | None) -> dict | None:
    if p is None:
        return None
    return {"prior": p.prior, "posterior": json_number(p.posterior), "weight_db": json_number(p.weight_db),
            "bayes": p.bayes, "van_evera": p.van_evera, "tests": len(p.tests), "linchpins": list(p.linchpins)}


def as_json(d: StudyDiff) -> dict:
    """The diff as one JSON-ready object (``schema_version`` 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "study": d.title,
        "base": {"rev": d.rev, "commit": d.commit},
        "head": {"working_tree": True},
        "pairs_compared": d.pairs_compared,
        "changes": [{
            "hypothesis": ch.hypothesis, "case": ch.case, "status": ch.status, "changed": ch.changed,
            "before": _pair_dict(ch.before), "after": _pair_dict(ch.after),
            "causes": [c.to_dict() for c in ch.causes],
        } for ch in d.changes],
        "evidence": {
            "added": [{"id": e, "path": p} for e, p in d.added],
            "removed": [{"id": e, "path": p} for e, p in d.removed],
            "edited": [{"id": e, "path": p, "tests_changed": t} for e, p, t in d.edited],
        },
    }

"""`tracing diff` for people (text) and machines (JSON, ``schema_version`` 1)."""

from __future__ import annotations


from ..engine.comparison import PairChange, StudyDiff
from ..engine.results import json_number
from ..engine.words import posterior_pair, posterior_text, signed, weight_effect
from ..engine.scoring import PairScore
from .text import clean

SCHEMA_VERSION = 1


def _headline(ch: PairChange) -> str:
    b, a = ch.before, ch.after
    if b is None:
        return (f"new pair: Bayesian {a.bayes}, Van Evera {a.van_evera}, posterior {posterior_text(a.posterior)}")
    if a is None:
        return (f"gone (hypothesis or case removed); it was Bayesian {b.bayes}, Van Evera {b.van_evera}, "
                f"posterior {posterior_text(b.posterior)}")
    parts = []
    for label, x, y in (("Bayesian", b.bayes, a.bayes), ("Van Evera", b.van_evera, a.van_evera)):
        parts.append(f"{label} {x} → {y}" if x != y else f"{label} {x} (unchanged)")
    pb, pa = posterior_pair(b.posterior, a.posterior) if "posterior" in ch.changed else (posterior_text(b.posterior),) * 2
    parts.append(f"posterior {pb} → {pa}" if "posterior" in ch.changed else f"posterior {pb} (unchanged)")
    return ", ".join(parts)


_SIGN = {"added": "+", "removed": "-", "edited": "~"}


def human(d: StudyDiff) -> str:
    """The diff as text for a researcher."""
    head = f"{d.head_rev} ({d.head_commit[:10]})" if d.head_rev else "working tree"
    lines = [f"{d.rev} ({d.commit[:10]}) → {head}: {d.title}"]
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
                    weight = f"; weight {weight_effect(c.weight_after)}"
                elif c.weight_after is None:
                    weight = f"; its weight was {weight_effect(c.weight_before)}"
                else:
                    weight = f"; weight {weight_effect(c.weight_before)} → {weight_effect(c.weight_after)}"
                lines.append(f"  {_SIGN[c.change]} {c.evidence} {c.change}{where}: {c.detail}{weight}")
            else:
                lines.append(f"  * {c.detail}")
    for rc in d.rival_changes:
        lines.append("")
        lines.append(f"rival set {rc.rival_set} × {rc.case}: best {rc.best_before} → {rc.best_after} "
                     f"(margin {rc.margin_before:+.1f} dB → {rc.margin_after:+.1f} dB)")
        for label, delta in rc.movers[:5]:
            lines.append(f"  {label}: {signed(delta)} dB for {rc.best_after} over {rc.best_before}")
        if not rc.movers:
            lines.append("  (no item moved: priors, the residual or the outcome term changed)")
    quiet = [e for e in d.edited if not e[2]]
    if quiet:
        lines.append("")
        lines.append("Edited without changing any test: " + ", ".join(e for e, _, _ in quiet) + ".")
    return "\n".join(clean(line) for line in lines)  # a newline inside a title stays inside its line


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
        "head": {"rev": d.head_rev, "commit": d.head_commit} if d.head_rev else {"working_tree": True},
        "pairs_compared": d.pairs_compared,
        "changes": [{
            "hypothesis": ch.hypothesis, "case": ch.case, "status": ch.status, "changed": ch.changed,
            "before": _pair_dict(ch.before), "after": _pair_dict(ch.after),
            "causes": [c.to_dict() for c in ch.causes],
        } for ch in d.changes],
        "rival_sets": [{"rival_set": rc.rival_set, "case": rc.case, "best": {"before": rc.best_before,
                                                                             "after": rc.best_after},
                        "margin_db": {"before": json_number(rc.margin_before), "after": json_number(rc.margin_after)},
                        "movers": [{"item": label, "db": json_number(delta)} for label, delta in rc.movers]}
                       for rc in d.rival_changes],
        "evidence": {
            "added": [{"id": e, "path": p} for e, p in d.added],
            "removed": [{"id": e, "path": p} for e, p in d.removed],
            "edited": [{"id": e, "path": p, "tests_changed": t} for e, p, t in d.edited],
        },
    }

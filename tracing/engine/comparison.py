"""What changed between two scorings of a study, and which edits caused it (the engine of `tracing diff`).

For every hypothesis × case whose Bayesian or Van Evera verdict or posterior
changed, :func:`compare` names the causes:

- an evidence item caused a change in (h, c) when it tests h in case c on
  either side and was added, removed, or had that test edited (type, result,
  likelihood overrides) or moved to another case;
- besides items, a changed prior of h, a changed congruence test (prediction or
  observed outcome), changed default likelihoods of a test type the pair uses,
  and changed verdict thresholds are named too, so no change goes unexplained.

Pure: no git, no files; :mod:`tracing.commands.diff` reads the two sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..testtypes import label
from .results import ScoreResult, json_number
from .scoring import PairScore, ScoredTest

TOLERANCE = 1e-9  # posteriors closer than this are equal (summation order may differ between the two sides)


@dataclass
class Cause:
    """One reason a pair's score changed: an evidence item, a prior, the congruence test, a scoring setting."""

    kind: str                      # evidence | prior | congruence | likelihoods | thresholds
    detail: str
    evidence: str | None = None
    change: str | None = None      # added | removed | edited (evidence only)
    path: str | None = None
    before: dict | float | None = None
    after: dict | float | None = None
    weight_before: float | None = None
    weight_after: float | None = None

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "detail": self.detail}
        if self.kind == "evidence":
            d.update(evidence=self.evidence, change=self.change, path=self.path)
        d.update(before=self.before, after=self.after,
                 weight_db={"before": json_number(self.weight_before), "after": json_number(self.weight_after)})
        return d


@dataclass
class PairChange:
    """A hypothesis × case whose verdicts or posterior differ between the two sides."""

    hypothesis: str
    case: str
    before: PairScore | None
    after: PairScore | None
    changed: list[str]
    causes: list[Cause] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass
class StudyDiff:
    """Everything `tracing diff` reports."""

    title: str
    rev: str
    commit: str
    pairs_compared: int
    changes: list[PairChange]
    added: list[tuple[str, str]]       # (evidence id, path) — paths relative to the study
    removed: list[tuple[str, str]]
    edited: list[tuple[str, str, bool]]  # (id, path, tests changed)
    head_rev: str = ""                   # the second revision of `tracing diff A B`; "" for the working tree
    head_commit: str = ""
    rival_changes: list["RivalChange"] = field(default_factory=list)


@dataclass
class RivalChange:
    """A rival set whose best member changed in a case, and the items (or clusters) that moved it:
    ``movers`` are (label, change in dB of the evidence for the new best over the old), largest first."""

    rival_set: str
    case: str
    best_before: str
    best_after: str
    margin_before: float
    margin_after: float
    movers: list[tuple[str, float]]


def compare_rival_sets(old_result: ScoreResult, new_result: ScoreResult) -> list[RivalChange]:
    """Every (set, case) whose ``best`` differs between the two scorings (contract §8; `tracing diff`)."""
    before = {(r.rival_set, r.case): r for r in old_result.rival_scores}
    out = []
    for r in new_result.rival_scores:
        b = before.get((r.rival_set, r.case))
        if b is None or b.best == r.best:
            continue
        old_items = {it["label"]: it["db"] for it in b.items}
        new_items = {it["label"]: it["db"] for it in r.items}
        moves = []
        for label in sorted(set(old_items) | set(new_items)):
            def lead(db):  # the evidence of an item for the new best over the old best, in dB
                if db is None or r.best not in db or b.best not in db:
                    return 0.0
                x = db[r.best] - db[b.best]
                return 0.0 if math.isnan(x) else x
            delta = lead(new_items.get(label)) - lead(old_items.get(label))
            if delta and not math.isnan(delta):
                moves.append((label, delta))
        moves.sort(key=lambda m: (-abs(m[1]), m[0]))
        out.append(RivalChange(r.rival_set, r.case, b.best, r.best, b.margin_db, r.margin_db, moves))
    return out


def _signature(study, eid: str, hypothesis: str) -> dict | None:
    """The test of ``hypothesis`` by evidence ``eid`` as declared, with the item's case; None when absent."""
    e = study.evidence.get(eid)
    if e is None or e.planned:  # a planned item declares no test (it is not scored)
        return None
    for t in e.tests:
        if t.hypothesis == hypothesis:
            return {"case": e.case, "type": t.type, "result": t.result, "p_e_h": t.p_e_h, "p_e_not_h": t.p_e_not_h}
    return None


def _describe(sig: dict) -> str:
    text = f"{label(sig['type'])} {sig['result']}"
    if sig.get("p_e_h") is not None:
        text += f" (P(E|H) {sig['p_e_h']:g}, P(E|not H) {sig['p_e_not_h']:g})"
    return text


def _weight(pair: PairScore | None, evidence: str) -> float | None:
    if pair is None:
        return None
    for t in pair.tests:
        if t.evidence == evidence:
            return t.weight_db
    return None


def _congruence(pair: PairScore | None) -> ScoredTest | None:
    if pair is None:
        return None
    return next((t for t in pair.tests if t.congruence), None)


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= TOLERANCE


def _evidence_causes(old, new, h: str, c: str, before, after) -> list[Cause]:
    causes = []
    for eid in sorted(set(old.evidence) | set(new.evidence)):
        o, n = _signature(old, eid, h), _signature(new, eid, h)
        if o == n or not ((o and o["case"] == c) or (n and n["case"] == c)):
            continue
        change = "added" if eid not in old.evidence else "removed" if eid not in new.evidence else "edited"
        path = new.files.get(("evidence", eid)) or old.files.get(("evidence", eid))
        o_here = o if o and o["case"] == c else None
        n_here = n if n and n["case"] == c else None
        if o_here and n_here:
            detail = f"{_describe(o_here)} → {_describe(n_here)}"
        elif o_here:
            if change == "removed":
                detail = f"removed; it was a {_describe(o_here)}"
            elif n is not None:
                detail = f"moved to case {n['case']}; it was a {_describe(o_here)} here"
            else:
                detail = f"no longer tests {h}; it was a {_describe(o_here)}"
        else:
            if change == "added":
                detail = _describe(n_here)
            elif o is not None:
                detail = f"moved here from case {o['case']}: {_describe(n_here)}"
            else:
                detail = f"now tests {h}: {_describe(n_here)}"
        causes.append(Cause("evidence", detail, evidence=eid, change=change, path=path, before=o_here, after=n_here,
                            weight_before=_weight(before, eid), weight_after=_weight(after, eid)))

    def impact(cause: Cause) -> float:
        wb, wa = cause.weight_before or 0.0, cause.weight_after or 0.0
        return 0.0 if wa == wb else abs(wa - wb)  # inf when an elimination or proof came or went

    # the edit that moved the score most comes first
    causes.sort(key=lambda cs: (-impact(cs), cs.evidence or ""))
    return causes


def _other_causes(old, new, before: PairScore | None, after: PairScore | None) -> list[Cause]:
    causes = []
    if before and after and not _same(before.prior, after.prior):
        causes.append(Cause("prior", f"prior of {after.hypothesis}: {before.prior:g} → {after.prior:g}",
                            before=before.prior, after=after.prior))
    cb, ca = _congruence(before), _congruence(after)
    sig = (lambda t: None if t is None else (t.type, t.result, t.p_e_h, t.p_e_not_h))
    if sig(cb) != sig(ca):
        if cb is None:
            detail = f"congruence test added: {label(ca.type)} {ca.result} ({ca.note})"
        elif ca is None:
            detail = "congruence test gone (no prediction, no observed outcome, or congruence off)"
        else:
            detail = (f"congruence test: {label(cb.type)} {cb.result} → "
                      f"{label(ca.type)} {ca.result} ({ca.note})")
        causes.append(Cause("congruence", detail,
                            before=None if cb is None else {"type": cb.type, "result": cb.result, "note": cb.note},
                            after=None if ca is None else {"type": ca.type, "result": ca.result, "note": ca.note},
                            weight_before=None if cb is None else cb.weight_db,
                            weight_after=None if ca is None else ca.weight_db))
    types = sorted({t.type for p in (before, after) if p for t in p.tests if not t.override})
    for ty in types:
        lo = getattr(old.config.scoring.tests, ty)
        ln = getattr(new.config.scoring.tests, ty)
        if (lo.p_e_h, lo.p_e_not_h) != (ln.p_e_h, ln.p_e_not_h):
            causes.append(Cause("likelihoods",
                                f"scoring.tests.{ty}: P(E|H) {lo.p_e_h:g} → {ln.p_e_h:g}, "
                                f"P(E|not H) {lo.p_e_not_h:g} → {ln.p_e_not_h:g}",
                                before=lo.model_dump(), after=ln.model_dump()))
    to, tn = old.config.scoring.thresholds, new.config.scoring.thresholds
    if (to.confirmed, to.rejected) != (tn.confirmed, tn.rejected):
        causes.append(Cause("thresholds",
                            f"scoring.thresholds: confirmed {to.confirmed:g} → {tn.confirmed:g}, "
                            f"rejected {to.rejected:g} → {tn.rejected:g}",
                            before=to.model_dump(), after=tn.model_dump()))
    return causes


def _evidence_edits(old, new):
    added = [(e, new.files.get(("evidence", e), "")) for e in sorted(set(new.evidence) - set(old.evidence))]
    removed = [(e, old.files.get(("evidence", e), "")) for e in sorted(set(old.evidence) - set(new.evidence))]
    edited = []
    for e in sorted(set(old.evidence) & set(new.evidence)):
        a, b = old.evidence[e], new.evidence[e]
        if a.model_dump() != b.model_dump():
            tests_changed = (a.case != b.case or [t.model_dump(exclude={"note"}) for t in a.tests]
                             != [t.model_dump(exclude={"note"}) for t in b.tests])
            edited.append((e, new.files.get(("evidence", e), ""), tests_changed))
    return added, removed, edited


def compare(old_result: ScoreResult, new_result: ScoreResult, rev: str = "", commit: str = "",
            head_rev: str = "", head_commit: str = "") -> StudyDiff:
    """The changes from ``old_result`` to ``new_result`` and their causes (pure: no git, no files)."""
    old, new = old_result.study, new_result.study
    before = {(p.hypothesis, p.case): p for p in old_result.pairs}
    after = {(p.hypothesis, p.case): p for p in new_result.pairs}
    order = [k for k in after] + [k for k in before if k not in after]
    changes = []
    for key in order:
        b, a = before.get(key), after.get(key)
        if b is None or a is None:
            changed = ["pair"]
        else:
            changed = [k for k, same in (("bayes", b.bayes == a.bayes), ("van_evera", b.van_evera == a.van_evera),
                                         ("posterior", _same(b.posterior, a.posterior))) if not same]
        if not changed:
            continue
        h, c = key
        causes = _evidence_causes(old, new, h, c, b, a) + _other_causes(old, new, b, a)
        changes.append(PairChange(h, c, b, a, changed, causes))
    added, removed, edited = _evidence_edits(old, new)
    return StudyDiff(new.title, rev, commit, len(set(before) | set(after)), changes, added, removed, edited,
                     head_rev, head_commit, compare_rival_sets(old_result, new_result))

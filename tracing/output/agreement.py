"""`tracing agree` for people (a text table) and machines (JSON, ``schema_version`` 1)."""

from __future__ import annotations

import math

from ..engine.agreement import MEASURE_LABELS, MEASURES, READINGS, Agreement, Alpha, Unit, Verdicts
from ..engine.results import json_number
from ..engine.words import number, pct
from .human import table

SCHEMA_VERSION = 1
THRESHOLDS = ("Krippendorff (2004): α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative conclusions only; "
              "below 0.667 unreliable")


def _alpha(a: Alpha) -> str:
    return "undefined" if math.isnan(a.value) else number(a.value)


def _interval(a: Alpha) -> str:
    return "—" if a.interval is None else f"[{number(a.interval[0])}, {number(a.interval[1])}]"


def _coding(c) -> str:
    return "—" if c is None else f"{c.type} {c.result}"


def _post(x: float) -> str:
    return "undefined" if math.isnan(x) else f"{x:.3f}"


def _verdict_text(v: dict | None) -> str:
    if v is None:
        return "(not in this coding)"
    return f"Bayesian {v['bayes']}, Van Evera {v['van_evera']}, posterior {_post(v['posterior'])}"


def _sample(ag: Agreement) -> str:
    total, both = ag.items
    share = f" ({pct(both / total)})" if total else ""
    text = f"double-coded: {both} of {total} evidence items{share}"
    if ag.unsampled:
        text += (f"; the other {len(ag.unsampled)} are not in the second coding and do not enter alpha; "
                 "verdicts under the second coding use the first coding's version of them")
    return text + "."


def _group_table(label: str, groups: dict[str, dict[str, Alpha]]) -> list[str]:
    rows = []
    for key, m in groups.items():
        tr = m["type_result"]
        rows.append([key, str(tr.units), _alpha(m["type"]), _alpha(m["result"]), _alpha(tr), _interval(tr),
                     pct(tr.agreement), tr.reading])
    return table([label, "units", "α type", "α result", "α type+result", "95 % interval", "agreement", "reading"],
                 rows, right={1, 2, 3, 4, 6})


def human(ag: Agreement) -> list[str]:
    """The agreement as text lines for a researcher."""
    n_both = sum(1 for u in ag.units if u.pairable)
    lines = [f"Coder agreement: {ag.title}", f"first coding: {ag.first_label}; second coding: {ag.second_label}",
             f"{len(ag.units)} units (evidence × hypothesis tests), {ag.coders} coders: {n_both} coded by both, "
             f"{len(ag.only_first)} only by the first, {len(ag.only_second)} only by the second.",
             _sample(ag), ""]
    rows = [[MEASURE_LABELS[m], _alpha(a), _interval(a), pct(a.agreement), str(a.units), a.reading]
            for m, a in ag.alpha.items()]
    lines += table(["measure", "α (nominal)", "95 % interval", "agreement", "units", "reading"], rows,
                   right={1, 3, 4})
    lines += ["", f"thresholds: {THRESHOLDS}.",
              f"interval: percentile bootstrap, {ag.replicates} resamples of the units coded by both, seed {ag.seed}; "
              "agreement: share of those units coded alike."]
    if ag.by_hypothesis:
        lines += ["", "By hypothesis"] + _group_table("hypothesis", ag.by_hypothesis)
    if ag.by_case:
        lines += ["", "By case"] + _group_table("case", ag.by_case)
    lines += ["", f"Disagreements ({len(ag.disagreements)})"]
    if ag.disagreements:
        lines += table(["evidence", "hypothesis", "case", "first", "second"],
                       [[u.evidence, u.hypothesis, u.case, _coding(u.first), _coding(u.second)]
                        for u in ag.disagreements])
    else:
        lines.append("none: both coders gave every test they share the same type and result.")
    for label, units in (("Only the first coder", ag.only_first), ("Only the second coder", ag.only_second)):
        if units:
            lines += ["", f"{label} ({len(units)})"]
            lines += table(["evidence", "hypothesis", "case", "coding"],
                           [[u.evidence, u.hypothesis, u.case, _coding(u.first or u.second)] for u in units])
    for eid, a, b in ag.case_moves:
        lines.append(f"note: {eid} is in case {a} in the first coding, {b} in the second")
    changed = ag.changed_verdicts
    lines += ["", f"Verdicts under both codings: {len(changed)} of {len(ag.verdicts)} hypothesis × case pairs change"]
    for v in ag.verdicts:
        if v.changed:
            lines.append(f"  ! {v.hypothesis} × {v.case}: first {_verdict_text(v.first)}; "
                         f"second {_verdict_text(v.second)}")
        else:
            lines.append(f"    {v.hypothesis} × {v.case}: Bayesian {v.first['bayes']}, Van Evera {v.first['van_evera']} "
                         f"under both (posterior {_post(v.first['posterior'])} / {_post(v.second['posterior'])})")
    return lines


def _alpha_json(a: Alpha) -> dict:
    return {"value": json_number(a.value), "interval": None if a.interval is None else list(a.interval),
            "agreement": a.agreement, "units": a.units, "reading": a.reading}


def _unit_json(u: Unit) -> dict:
    def c(x):
        return None if x is None else {"type": x.type, "result": x.result}

    return {"evidence": u.evidence, "hypothesis": u.hypothesis, "case": u.case, "first": c(u.first),
            "second": c(u.second)}


def _verdict_json(v: Verdicts) -> dict:
    def side(x):
        return None if x is None else {"bayes": x["bayes"], "van_evera": x["van_evera"],
                                       "posterior": json_number(x["posterior"])}

    return {"hypothesis": v.hypothesis, "case": v.case, "first": side(v.first), "second": side(v.second),
            "changed": v.changed}


def as_json(ag: Agreement) -> dict:
    """The JSON document of ``tracing agree --format json``."""
    def group(g):
        return {k: {m: _alpha_json(a[m]) for m in MEASURES} for k, a in g.items()}

    return {
        "schema_version": SCHEMA_VERSION,
        "study": ag.title,
        "first": ag.first_label,
        "second": ag.second_label,
        "units": len(ag.units),
        "coders": ag.coders,
        "metric": "nominal",
        "bootstrap": {"replicates": ag.replicates, "seed": ag.seed, "level": 0.95},
        "thresholds": {"reliable": 0.800, "tentative": 0.667, "source": "Krippendorff 2004",
                       "readings": READINGS},
        "alpha": {m: _alpha_json(a) for m, a in ag.alpha.items()},
        "by_hypothesis": group(ag.by_hypothesis),
        "by_case": group(ag.by_case),
        "disagreements": [_unit_json(u) for u in ag.disagreements],
        "only_first": [_unit_json(u) for u in ag.only_first],
        "only_second": [_unit_json(u) for u in ag.only_second],
        "items": {"first": ag.items[0], "double_coded": ag.items[1]},
        "not_in_second": list(ag.unsampled),
        "case_moves": [{"evidence": e, "first": a, "second": b} for e, a, b in ag.case_moves],
        "verdicts": [_verdict_json(v) for v in ag.verdicts],
    }

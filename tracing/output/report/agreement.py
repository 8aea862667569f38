"""The report's coder-agreement section (``tracing report --agreement OTHER``): a view model of plain strings,
rendered by templates/_agreement.html; and the same as a Markdown section for ``--format md``."""

from __future__ import annotations

import math

from ...engine.agreement import MEASURE_LABELS, MEASURES, READINGS, Agreement, Alpha
from ...engine.words import VERDICT_ICONS, number, pct

THRESHOLDS = ("Krippendorff (2004): α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative conclusions only; "
              "below 0.667 unreliable.")


def _alpha(a: Alpha) -> dict:
    return {
        "value": "undefined" if math.isnan(a.value) else number(a.value),
        "interval": "—" if a.interval is None else f"{number(a.interval[0])} to {number(a.interval[1])}",
        "agreement": pct(a.agreement),
        "units": a.units,
        "reading": a.reading,
        "reading_text": READINGS[a.reading],
    }


def _coding(c) -> dict | None:
    return None if c is None else {"type": c.type.replace("_", " "), "result": c.result}


def _side(v: dict | None) -> dict | None:
    if v is None:
        return None
    post = v["posterior"]
    return {"bayes": v["bayes"], "bayes_icon": VERDICT_ICONS[v["bayes"]], "van_evera": v["van_evera"],
            "ve_icon": VERDICT_ICONS[v["van_evera"]], "posterior": "undefined" if math.isnan(post) else f"{post:.3f}"}


def _groups(groups: dict[str, dict[str, Alpha]]) -> list[dict]:
    return [{"key": k, "units": m["type_result"].units, **{name: _alpha(m[name]) for name in MEASURES}}
            for k, m in groups.items()]


def _unit(u) -> dict:
    return {"evidence": u.evidence, "hypothesis": u.hypothesis, "case": u.case,
            "first": _coding(u.first), "second": _coding(u.second)}


def build(ag: Agreement) -> dict:
    """The view model of the section: plain dicts and strings."""
    return {
        "first": ag.first_label,
        "second": ag.second_label,
        "units": len(ag.units),
        "both": sum(1 for u in ag.units if u.pairable),
        "coders": ag.coders,
        "items": ag.items[0],
        "double_coded": ag.items[1],
        "double_coded_share": pct(ag.items[1] / ag.items[0]) if ag.items[0] else "n/a",
        "unsampled": len(ag.unsampled),
        "seed": ag.seed,
        "replicates": ag.replicates,
        "thresholds": THRESHOLDS,
        "measures": [{"label": MEASURE_LABELS[m], **_alpha(ag.alpha[m])} for m in MEASURES],
        "by_hypothesis": _groups(ag.by_hypothesis),
        "by_case": _groups(ag.by_case),
        "disagreements": [_unit(u) for u in ag.disagreements],
        "only_first": [_unit(u) for u in ag.only_first],
        "only_second": [_unit(u) for u in ag.only_second],
        "verdicts": [{"hypothesis": v.hypothesis, "case": v.case, "first": _side(v.first), "second": _side(v.second),
                      "changed": v.changed} for v in ag.verdicts],
        "changed": len(ag.changed_verdicts),
    }


def markdown(ag: Agreement) -> str:
    """The section as Markdown, appended to summary.md."""
    vm = build(ag)
    lines = ["", "## Coder agreement", "",
             f"Second coding: `{vm['second']}`. {vm['units']} units (evidence × hypothesis tests), "
             f"{vm['both']} coded by both coders; {vm['double_coded']} of {vm['items']} evidence items "
             f"({vm['double_coded_share']}) double-coded. Krippendorff's alpha (nominal), bootstrap 95 % interval "
             f"({vm['replicates']} resamples, seed {vm['seed']}). {THRESHOLDS}", "",
             "| Measure | α | 95 % interval | Agreement | Units | Reading |", "|---|---:|---|---:|---:|---|"]
    lines += [f"| {m['label']} | {m['value']} | {m['interval']} | {m['agreement']} | {m['units']} | {m['reading']} |"
              for m in vm["measures"]]
    lines += ["", f"Disagreements: {len(vm['disagreements'])}; only the first coder: {len(vm['only_first'])}; "
                  f"only the second coder: {len(vm['only_second'])}; verdicts changed: {vm['changed']} of "
                  f"{len(vm['verdicts'])} hypothesis × case pairs."]
    if vm["disagreements"]:
        lines += ["", "| Evidence | Hypothesis | Case | First coder | Second coder |", "|---|---|---|---|---|"]
        lines += [f"| {d['evidence']} | {d['hypothesis']} | {d['case']} | {d['first']['type']} {d['first']['result']} "
                  f"| {d['second']['type']} {d['second']['result']} |" for d in vm["disagreements"]]
    return "\n".join(lines) + "\n"

"""Engine results → the plain view model the templates render (dicts of text, numbers already formatted).

The templates only lay out what this module decides: which rows, in which
order, with which words. Everything is sorted here and every number is
formatted by :mod:`tracing.output.report.fmt`, so the same study renders to the same
bytes. Per-hypothesis and per-item details live in :mod:`.details`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ...engine.conclusions import ConclusionOutcome, evaluate
from ...engine.words import method_label, robustness_name, some
from ...testtypes import BY_ID, TEST_TYPES, confirms, eliminates
from ...weights import decibans, likelihood_ratio
from . import charts, details, fmt, planned, rivals
from .details import Context

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.results import ScoreResult
    from ...engine.scoring import PairScore

STATUS_RANK = {"fail": 3, "warn": 2, "pass": 1}
FRAGILE = 0.8  # robustness below which a decisive verdict is flagged for a second look


def build(result: "ScoreResult") -> dict[str, Any]:
    """The whole view model of one report."""
    study = result.study
    outcomes = evaluate(result)
    ctx = Context.of(result, outcomes)
    groups = hypothesis_groups(ctx)
    order = [h for g in groups for t in g["theories"] for h in t["ids"]]
    cells = {(p.hypothesis, p.case): verdict_cell(ctx, p) for p in result.pairs}
    conclusions = [conclusion_row(ctx, o) for o in outcomes]
    evidence = details.evidence_groups(ctx)
    bibliography, concentration = details.bibliography(ctx)
    vm = {
        "title": study.title,
        "question": study.config.question,
        "description": details.markdown(study.config.description),
        "generated": fmt.build_date(),
        "provenance": fmt.provenance(result.provenance),
        "counts": {
            "hypotheses": len(study.hypotheses), "cases": len(study.config.cases), "evidence": len(study.evidence),
            "tests": sum(len(p.tests) for p in result.pairs), "sources": len(bibliography),
            "conclusions": len(outcomes),
        },
        "status_counts": {s: sum(1 for o in outcomes if o.status == s) for s in ("pass", "fail", "warn")},
        "cases": [{k: g[k] for k in ("id", "label", "anchor", "period", "phases")} for g in evidence],
        "matrix": [{"actor": g["actor"], "actor_anchor": g["anchor"],
                    "theories": [{"theory": t["theory"],
                                  "rows": [{"id": h, "anchor": fmt.anchor("h", h), "title": study.hypotheses[h].title,
                                            "cells": [cells[(h, c)] for c in study.config.cases]}
                                           for h in t["ids"]]} for t in g["theories"]]} for g in groups],
        "attention": attention(ctx, outcomes, concentration),
        "conclusions": conclusions,
        "outcome": outcome_table(ctx),
        "comparison": comparison(ctx, order, cells),
        "rivals": rival_rows(ctx),
        "rival_sets": rivals.view(ctx),
        "planned": planned.view(ctx),
        "hypotheses": [details.hypothesis(ctx, h, cells) for h in order],
        "evidence": evidence,
        "bibliography": bibliography,
        "concentration": concentration,
        "method": method(ctx),
        "ach": ach(ctx, order),
    }
    vm["filters"] = details.filter_options(evidence, vm["hypotheses"])  # the evidence filter of the one-file page
    return vm


def hypothesis_groups(ctx: Context) -> list[dict]:
    """Hypotheses grouped by actor (study order, then none) and theory (first appearance), so rivals sit together."""
    study = ctx.study
    by_actor: dict[str | None, dict[str, list[str]]] = {}
    for hid, h in study.hypotheses.items():
        by_actor.setdefault(h.actor, {}).setdefault(h.theory or "", []).append(hid)
    actor_order = [a for a in study.config.actors if a in by_actor]
    actor_order += sorted((a for a in by_actor if a is not None and a not in study.config.actors), key=fmt.natural_key)
    if None in by_actor:
        actor_order.append(None)
    return [{"actor": ctx.actor_label(a) if a is not None else "No actor named",
             "anchor": fmt.anchor("actor", a) if a is not None else "actor~none",
             "theories": [{"theory": th, "ids": ids} for th, ids in by_actor[a].items()]} for a in actor_order]


def verdict_cell(ctx: Context, p: "PairScore") -> dict:
    """One cell of the verdict matrix: both verdicts, posterior, robustness, congruence and stated conclusions."""
    h = ctx.study.hypotheses[p.hypothesis]
    predicted = h.predicted_levels(p.case)
    observed = ctx.study.observed(h.actor, p.case)
    stated = [conclusion_mark(ctx, o) for o in ctx.by_pair.get((p.hypothesis, p.case), [])]
    worst = max((s["status"] for s in stated), key=STATUS_RANK.__getitem__, default=None)
    return {
        "hypothesis": p.hypothesis, "case": p.case, "case_label": ctx.case_label(p.case),
        "anchor": fmt.pair_anchor(p.hypothesis, p.case),
        "bayes": p.bayes, "van_evera": p.van_evera,
        "bayes_icon": fmt.VERDICT_ICONS[p.bayes], "ve_icon": fmt.VERDICT_ICONS[p.van_evera],
        "posterior": fmt.prob(p.posterior), "posterior_width": _width(p.posterior),
        "prior": fmt.prob(p.prior),
        "robustness": fmt.pct(p.robustness) if p.robustness is not None and p.tests else None,
        "robustness_name": robustness_name("bayes"),
        "weight": fmt.db(p.weight_db), "sign": _sign(p.weight_db), "n_tests": len(p.tests),
        "predicted": ctx.levels_text(predicted),
        "observed": ctx.level_label(observed),
        "congruent": (observed in predicted) if (predicted and observed) else None,
        "linchpins": len(p.linchpins), "conflicts": p.has_conflict,
        "stated": stated, "status": worst,
    }


def _width(p: float) -> str:
    return "0" if math.isnan(p) else f"{100 * p:.1f}%"


def _sign(w: float) -> str:
    return "for" if w > 0 else ("against" if w < 0 else "neutral")


def conclusion_mark(ctx: Context, o: ConclusionOutcome) -> dict:
    return {"status": o.status, "icon": fmt.STATUS_ICONS[o.status], "word": fmt.STATUS_WORDS[o.status],
            "anchor": f"conclusion-{o.index + 1}", "claim": o.conclusion.verdict,
            "method": method_label(o.method), "actual": o.actual}


def conclusion_row(ctx: Context, o: ConclusionOutcome) -> dict:
    c = o.conclusion
    if o.on_rival_set:  # a claim about which member of a rival set is best (contract §8.8)
        return {"number": o.index + 1, "anchor": f"conclusion-{o.index + 1}", "name": o.name,
                "hypothesis": c.rival_set, "hypothesis_title": o.rival.label,
                "case_label": ctx.case_label(c.case), "pair_anchor": rivals.anchor(c.rival_set, c.case),
                "claimed": f"{c.best} best", "actual": f"{o.actual} best", "method": "rival set",
                "status": o.status, "icon": fmt.STATUS_ICONS[o.status], "word": fmt.STATUS_WORDS[o.status],
                "severity": c.severity, "sentence": o.sentence(), "note": c.note or "",
                "min_robustness": fmt.pct(c.min_robustness) if c.min_robustness is not None else None,
                "robustness_name": "robustness of the best member",
                "robustness": fmt.pct(o.robustness) if o.robustness is not None else None}
    return {"number": o.index + 1, "anchor": f"conclusion-{o.index + 1}", "name": o.name,
            "hypothesis": c.hypothesis, "hypothesis_title": ctx.study.hypotheses[c.hypothesis].title,
            "case_label": ctx.case_label(c.case), "pair_anchor": fmt.pair_anchor(c.hypothesis, c.case),
            "claimed": c.verdict, "actual": o.actual, "method": method_label(o.method),
            "status": o.status, "icon": fmt.STATUS_ICONS[o.status], "word": fmt.STATUS_WORDS[o.status],
            "severity": c.severity, "sentence": o.sentence(), "note": c.note or "",
            "min_robustness": fmt.pct(c.min_robustness) if c.min_robustness is not None else None,
            "robustness_name": robustness_name(o.method),
            "robustness": fmt.pct(o.robustness) if o.robustness is not None else None}


def attention(ctx: Context, outcomes: list[ConclusionOutcome], concentration: list[dict]) -> list[dict]:
    """What deserves a second look, most serious first: failing claims, contradictions, fragile verdicts."""
    items: list[dict] = []

    def pair_link(p: "PairScore") -> dict:
        return {"text": f"{p.hypothesis} \u00d7 {ctx.case_label(p.case)}",
                "anchor": fmt.pair_anchor(p.hypothesis, p.case)}

    for o in outcomes:
        if o.status != "pass" and o.on_rival_set:
            items.append({"level": o.status,
                          "link": {"text": f"{o.conclusion.rival_set} \u00d7 {ctx.case_label(o.conclusion.case)}",
                                   "anchor": f"conclusion-{o.index + 1}"},
                          "text": f"stated {o.conclusion.best} best, the evidence puts {o.actual} ahead"
                                  if not o.verdict_ok else f"{o.actual} leads, but by less than stated"})
            continue
        if o.status != "pass":
            method = method_label(o.method)
            items.append({"level": o.status,
                          "link": {"text": f"{o.conclusion.hypothesis} \u00d7 {ctx.case_label(o.conclusion.case)}",
                                   "anchor": f"conclusion-{o.index + 1}"},
                          "text": f"stated {o.conclusion.verdict} ({method}), the evidence gives {o.actual}"
                                  + ("; robustness below the stated minimum" if o.verdict_ok and not o.robustness_ok
                                     else "")})
    for p in ctx.result.pairs:
        if {p.bayes, p.van_evera} == {"confirmed", "rejected"}:
            items.append({"level": "warn", "link": pair_link(p),
                          "text": f"the Bayesian verdict ({p.bayes}) and Van Evera's ({p.van_evera}) contradict"})
    for p in ctx.result.pairs:
        c = details.conflict(p, limit=3)
        if c:
            items.append({"level": "warn", "link": pair_link(p),
                          "text": f"conflict: {_some(c['failed'])} fail{'s' if c['failed']['count'] == 1 else ''} "
                                  f"a necessary test while {_some(c['passed'])} pass"
                                  f"{'es' if c['passed']['count'] == 1 else ''} a sufficient one"})
    for p in ctx.result.pairs:
        if p.bayes != "inconclusive" and p.robustness is not None and p.robustness < FRAGILE:
            items.append({"level": "info", "link": pair_link(p),
                          "text": f"{p.bayes} (Bayesian) in only {fmt.pct(p.robustness)} of the sensitivity draws "
                                  f"({robustness_name('bayes')})"})
    for p in ctx.result.pairs:
        if p.bayes != "inconclusive" and p.linchpins:
            names = some(p.linchpins, 5)
            items.append({"level": "info", "link": pair_link(p),
                          "text": f"{p.bayes} rests on {names}: removing one flips the verdict"})
    for p in ctx.result.pairs:
        if p.source_linchpins:
            items.append({"level": "info", "link": pair_link(p),
                          "text": f"{p.bayes} rests on the source{'s' if len(p.source_linchpins) > 1 else ''} "
                                  f"{some(p.source_linchpins, 5)}: removing the items citing one flips the verdict"})
    for p in ctx.result.pairs:
        if p.congruence_decides:
            items.append({"level": "warn", "link": pair_link(p),
                          "text": f"{p.bayes} (Bayesian) only through the congruence test: without it the verdict "
                                  f"changes, so no evidence item carries it"})
        if p.van_evera != "inconclusive":
            decide = eliminates if p.van_evera == "rejected" else confirms
            deciding = [t for t in p.tests if decide(t.type, t.result)]
            if deciding and all(t.congruence for t in deciding):
                items.append({"level": "warn", "link": pair_link(p),
                              "text": f"{p.van_evera} (Van Evera) only through the congruence test: no evidence "
                                      f"item {'fails a necessary' if p.van_evera == 'rejected' else 'passes a sufficient'}"
                                      f" test"})
    cited = [c for c in concentration if c["key"] is not None]
    if cited and cited[0]["share_value"] >= 0.3:
        top = cited[0]
        items.append({"level": "info", "link": {"text": top["key"], "anchor": top["anchor"]},
                      "text": f"{top['share']} of all evidence tests cite this one source (independence)"})
    rank = {"fail": 0, "warn": 1, "info": 2}
    return sorted(items, key=lambda i: rank[i["level"]])  # stable: within a level, the order above


def _some(side: dict) -> str:
    names = ", ".join(i["id"] for i in side["entries"])
    return names + (f" and {side['more']} more" if side["more"] else "")


def outcome_table(ctx: Context) -> dict | None:
    """Observed outcome per actor × case (and phase), for the actors that matter to the study."""
    outcome = ctx.study.config.outcome
    if outcome is None:
        return None
    obs = {(o.actor, o.case, o.phase): o for o in outcome.observed}
    used = {o.actor for o in outcome.observed} | {h.actor for h in ctx.study.hypotheses.values() if h.actor}
    actors = [a for a in ctx.study.config.actors if a in used]
    rows = []
    for a in actors:
        cells = []
        for cid, case in ctx.study.config.cases.items():
            whole = obs.get((a, cid, None))
            phases = [{"label": ph.label or ph.id, "level": outcome.label(obs[(a, cid, ph.id)].level)}
                      for ph in case.phases if (a, cid, ph.id) in obs]
            cells.append({"level": outcome.label(whole.level) if whole else None, "note": (whole.note or "") if whole else "",
                          "rank": outcome.levels.index(whole.level) if whole and whole.level in outcome.levels else -1,
                          "phases": phases})
        rows.append({"actor": ctx.actor_label(a), "cells": cells})
    return {"name": outcome.name, "levels": [outcome.label(lv) for lv in outcome.levels], "rows": rows, "top": len(outcome.levels) - 1}


def comparison(ctx: Context, order: list[str], cells: dict) -> dict:
    """Cases side by side per hypothesis: a dot plot of posteriors and a table with the strongest items."""
    cases = list(ctx.study.config.cases)
    labels = [ctx.case_label(c) for c in cases]
    plot_rows = []
    rows = []
    for h in order:
        title = f"{h} {ctx.study.hypotheses[h].title}"
        dots = []
        per_case = []
        for i, c in enumerate(cases):
            p = ctx.pairs[(h, c)]
            dots.append(charts.Dot(i, 0.5 if math.isnan(p.posterior) else p.posterior,
                                   f"{h} in {labels[i]}: posterior {fmt.prob(p.posterior)} ({p.bayes})"))
            ranked = ctx.ranked[(h, c)]
            strongest_for = next((t for t in ranked if t.weight_db > 0), None)
            strongest_against = next((t for t in ranked if t.weight_db < 0), None)
            per_case.append({"cell": cells[(h, c)], "for": details.item_ref(strongest_for),
                             "against": details.item_ref(strongest_against)})
        plot_rows.append((title, dots))
        rows.append({"id": h, "anchor": fmt.anchor("h", h), "title": ctx.study.hypotheses[h].title,
                     "cases": per_case})
    sc = ctx.study.config.scoring
    chart = charts.comparison_chart("cmp", plot_rows, labels, sc.thresholds.confirmed, sc.thresholds.rejected)
    return {"cases": labels, "rows": rows, "chart": chart}


def rival_rows(ctx: Context) -> list[dict]:
    """Rival hypotheses per case: which one the evidence favours, by how many decibans."""
    rows = []
    for r in ctx.result.rival_rows:
        diff = r["difference_db"]
        if math.isnan(diff) or diff == 0:
            verdict = "neither favoured"
        else:
            winner = r["hypothesis"] if diff > 0 else r["rival"]
            amount = "\u221e" if math.isinf(diff) else f"{abs(diff):.1f}"
            verdict = f"favours {winner} by {amount} dB"
        rows.append({"hypothesis": r["hypothesis"], "rival": r["rival"], "case_label": ctx.case_label(r["case"]),
                     "h_anchor": fmt.anchor("h", r["hypothesis"]), "r_anchor": fmt.anchor("h", r["rival"]),
                     "weight": fmt.db(r["weight_db"]), "rival_weight": fmt.db(r["rival_weight_db"]),
                     "posterior": fmt.prob(r["posterior"]), "rival_posterior": fmt.prob(r["rival_posterior"]),
                     "difference": fmt.db(diff), "verdict": verdict})
    return rows


def method(ctx: Context) -> dict:
    """The likelihoods, thresholds and sensitivity settings in force, with how often each test type is used."""
    sc = ctx.study.config.scoring
    used: dict[str, int] = defaultdict(int)
    overrides = 0
    for p in ctx.result.pairs:
        for t in p.tests:
            used[t.type] += 1
            overrides += t.override
    rows = []
    for type_ in TEST_TYPES:
        lk = getattr(sc.tests, type_)
        rg = getattr(sc.ranges, type_)
        lr_pass = likelihood_ratio(lk.p_e_h, lk.p_e_not_h, "pass")
        lr_fail = likelihood_ratio(lk.p_e_h, lk.p_e_not_h, "fail")
        rows.append({"type": fmt.test_label(type_), "p": fmt.num(lk.p_e_h), "q": fmt.num(lk.p_e_not_h),
                     "lr_pass": fmt.lr(lr_pass), "lr_fail": fmt.lr(lr_fail),
                     "db_pass": fmt.db(decibans(lr_pass)), "db_fail": fmt.db(decibans(lr_fail)),
                     "range_p": f"{fmt.num(rg.p_e_h[0])}\u2013{fmt.num(rg.p_e_h[1])}",
                     "range_q": f"{fmt.num(rg.p_e_not_h[0])}\u2013{fmt.num(rg.p_e_not_h[1])}",
                     "used": used.get(type_, 0)})
    priors = sorted({(h.prior if h.prior is not None else sc.prior) for h in ctx.study.hypotheses.values()})
    return {"rows": rows, "prior": fmt.num(sc.prior), "priors": [fmt.num(p) for p in priors],
            "confirmed": fmt.num(sc.thresholds.confirmed), "rejected": fmt.num(sc.thresholds.rejected),
            "congruence": None if sc.congruence.mode == "off" else (
                fmt.test_label(sc.congruence.type) if sc.congruence.mode == "fixed" else None),
            "congruence_breadth": fmt.num(sc.congruence.p_e_h) if sc.congruence.mode == "breadth" else None,
            "discount": fmt.num(sc.dependence.discount),
            "discount_range": f"{fmt.num(sc.dependence.range[0])}\u2013{fmt.num(sc.dependence.range[1])}",
            "vary": sc.vary,
            "default_method": method_label(sc.method),
            "draws": ctx.result.draws, "seed": sc.seed, "overrides": overrides}


def ach(ctx: Context, order: list[str]) -> dict:
    """Heuer's consistency matrix, hypotheses in report order; documented on the page as a view."""
    view = ctx.result.ach_view
    column = {h: i for i, h in enumerate(order)}
    rows = []
    for r in view["rows"]:
        cells: list[dict | None] = [None] * len(order)
        for h, c in r["cells"].items():
            if h in column:
                cells[column[h]] = {"mark": c["mark"], "weight": fmt.signed(c["weight_db"]),
                                    "type": BY_ID[c["type"]].abbrev if c["type"] in BY_ID else c["type"]}
        diag = r["diagnosticity_db"]
        rows.append({"id": r["evidence"], "anchor": fmt.anchor("e", r["evidence"]), "case": ctx.case_label(r["case"]),
                     "diagnosticity": "\u221e" if math.isinf(diag) else fmt.num(diag, 1), "cells": cells})
    scores = {(s["hypothesis"], s["case"]): s for s in view["scores"]}
    table = [{"id": h, "cells": [{"consistent": scores[(h, c)]["consistent"],
                                  "inconsistent": scores[(h, c)]["inconsistent"],
                                  "inconsistency": fmt.num(scores[(h, c)]["inconsistency_db"], 1)}
                                 for c in ctx.study.config.cases]} for h in order]
    return {"hypotheses": order, "rows": rows, "scores": table, "pages": [], "total": len(rows), "shown": len(rows),
            "cases": [ctx.case_label(c) for c in ctx.study.config.cases]}

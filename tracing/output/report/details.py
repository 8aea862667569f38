"""View model of the detail sections: each hypothesis per case, each evidence item, the bibliography.

:class:`Context` indexes the result once (pairs, conclusions, trajectories,
tests per item) so that no section searches lists inside loops: a 10 000-item
study renders in linear time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ...engine.words import is_congruence_id, item_name, prior_phrase, van_evera_reason
from ...testtypes import confirms, eliminates
from ...weights import decibans, likelihood_ratio
from . import charts, fmt, judgements

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

    from ...engine.conclusions import ConclusionOutcome
    from ...engine.results import ScoreResult
    from ...engine.scoring import PairScore, ScoredTest
    from ...reading.study import Study

MAX_CITED_BY = 12


@dataclass
class Context:
    """The scored study with the look-up tables every section needs."""

    result: "ScoreResult"
    study: "Study"
    pairs: dict[tuple[str, str], "PairScore"]
    ranked: dict[tuple[str, str], list["ScoredTest"]]
    by_pair: dict[tuple[str, str], list["ConclusionOutcome"]]
    trajectories: dict[tuple[str, str], list[dict]]
    phases: dict[tuple[str, str], list[dict]]
    tests_by_item: dict[str, list["ScoredTest"]]
    hyp_index: dict[str, int]
    phase_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    # every evidence id's place in natural order (fmt.natural_key): sorting by it is sorting by natural key
    rank: dict[str, int] = field(default_factory=dict)
    # each item's citations, built once: an item appears in every pair it tests
    cited: dict[str, list[dict]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: "ScoreResult", outcomes: list["ConclusionOutcome"]) -> "Context":
        study = result.study
        by_pair: dict[tuple[str, str], list] = defaultdict(list)
        for o in outcomes:
            by_pair[(o.conclusion.hypothesis, o.conclusion.case)].append(o)
        traj: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in result.trajectory_rows:
            traj[(row["hypothesis"], row["case"])].append(row)
        phases: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in result.phase_rows:
            phases[(row["hypothesis"], row["case"])].append(row)
        items: dict[str, list] = defaultdict(list)
        for p in result.pairs:
            for t in p.tests:
                if not t.congruence:
                    items[t.evidence].append(t)
        labels = {(cid, ph.id): ph.label or ph.id for cid, c in study.config.cases.items() for ph in c.phases}
        hyp_index = {h: i for i, h in enumerate(study.hypotheses)}
        seq = [hyp_index[p.hypothesis] for p in result.pairs]
        if seq != sorted(seq):  # an item's tests in study order of their hypotheses (already so when pairs are)
            for tests in items.values():
                tests.sort(key=lambda t: hyp_index[t.hypothesis])
        rank = {e: i for i, e in enumerate(sorted(set(study.evidence) | set(items), key=fmt.natural_key))}

        def heavy(t: "ScoredTest") -> tuple:  # heaviest weight (either sign) first, then by id in natural order
            w = t.weight_db
            return (-(abs(w) if not math.isnan(w) else -1.0), t.congruence,
                    -1 if t.congruence else rank[t.evidence])  # (one congruence test per pair)

        return cls(result, study, {(p.hypothesis, p.case): p for p in result.pairs},
                   {(p.hypothesis, p.case): sorted(p.tests, key=heavy) for p in result.pairs},
                   dict(by_pair), dict(traj), dict(phases), dict(items), hyp_index, labels, rank=rank)

    def case_label(self, case: str) -> str:
        c = self.study.config.cases.get(case)
        return (c.label or case) if c is not None else case

    def actor_label(self, actor: str) -> str:
        a = self.study.config.actors.get(actor)
        return (a.label or actor) if a is not None else actor

    def level_label(self, level: str | None) -> str | None:
        """An outcome level as the page names it: its label (``levels: [{post_hoc: After the fact}]``), else its id."""
        outcome = self.study.config.outcome
        if level is None or outcome is None:
            return level
        return outcome.label(level)

    def levels_text(self, levels: list[str] | None) -> str | None:
        return " or ".join(self.level_label(lv) or lv for lv in levels) if levels else None

    def phase_label(self, case: str, phase: str | None) -> str:
        return "" if phase is None else self.phase_labels.get((case, phase), phase)


@lru_cache(maxsize=1)
def _md() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    # js-default: raw HTML is escaped, javascript: links are refused; images are off because an
    # <img src=http...> would be a network load from an offline page
    return MarkdownIt("js-default").disable("image")


def markdown(text: str | None) -> Markup | None:
    """Researcher Markdown → safe HTML (raw HTML in the text comes out as text)."""
    if not text or not text.strip():
        return None
    return Markup(_md().render(text))


def sources(ctx: Context, evidence_id: str) -> list[dict]:
    """An item's citations: key, pages, and the anchor of its bibliography entry when the key is known."""
    got = ctx.cited.get(evidence_id)
    if got is None:
        item = ctx.study.evidence.get(evidence_id)
        entries = ctx.study.bibliography.entries
        got = ctx.cited[evidence_id] = [
            {"key": s.key, "pages": s.pages, "known": s.key in entries, "anchor": fmt.anchor("bib", s.key)}
            for s in (item.sources if item is not None else ())]
    return got


def test_rows(ctx: Context, tests: list["ScoredTest"], linchpins: set[str]) -> list[dict]:
    """The rows of a pair's test table, in the order given (heaviest first)."""
    rows = []
    # a cluster's items sit together, where its heaviest item falls (contract §6.10)
    first: dict[str, int] = {}
    for i, t in enumerate(tests):
        if t.cluster is not None:
            first.setdefault(t.cluster, i)
    sizes: dict[str, int] = {}
    for t in tests:
        if t.cluster is not None:
            sizes[t.cluster] = sizes.get(t.cluster, 0) + 1
    order = sorted(range(len(tests)), key=lambda i: (first.get(tests[i].cluster, i) if sizes.get(tests[i].cluster, 0) > 1
                                                      else i, i))
    tests = [tests[i] for i in order]
    shown: set[str] = set()
    for t in tests:
        w = t.weight_db
        group = t.cluster if sizes.get(t.cluster, 0) > 1 else None
        cluster_head = group is not None and group not in shown
        if group is not None:
            shown.add(group)
        rows.append({"id": t.evidence, "anchor": fmt.anchor("e", t.evidence), "linchpin": t.evidence in linchpins,
                     "cluster": group, "cluster_head": cluster_head, "cluster_size": sizes.get(t.cluster, 0),
                     "effective": fmt.signed(t.effective_db) if group is not None else None,
                     "date": t.date, "phase": ctx.phase_label(t.case, t.phase), "type": fmt.test_label(t.type),
                     "result": t.result, "p": fmt.num(t.p_e_h), "q": fmt.num(t.p_e_not_h), "override": t.override,
                     "lr": fmt.lr(t.lr), "weight": fmt.signed(w), "sign": _sign(w),
                     "sources": sources(ctx, t.evidence), "note": t.note or ""})
    return rows


def evidence_items(ctx: Context, items: list) -> list[dict]:
    """Every evidence item in the order given: claim, meta, citations, its tests and notes."""
    out = []
    for e in items:
        tests = []
        for t in ctx.tests_by_item.get(e.id, ()):  # in study order of the hypotheses (Context.of)
            w = t.weight_db
            tests.append({"hypothesis": t.hypothesis, "pair_anchor": fmt.pair_anchor(t.hypothesis, t.case),
                          "type": fmt.test_label(t.type), "type_id": t.type, "result": t.result,
                          "weight": fmt.signed(w), "sign": _sign(w), "note": t.note})
        if e.planned:  # not looked for yet: its tests have a type and no result, and no weight
            tests = [{"hypothesis": t.hypothesis, "pair_anchor": fmt.pair_anchor(t.hypothesis, e.case),
                      "type": fmt.test_label(t.type), "type_id": t.type, "result": "planned", "note": t.note}
                     for t in e.tests]
        cited = sources(ctx, e.id)
        out.append({"id": e.id, "anchor": fmt.anchor("e", e.id), "claim": e.claim, "date": e.date, "planned": e.planned,
                    "case": e.case, "phase": ctx.phase_label(e.case, e.phase), "kind": e.kind,
                    "actors": ", ".join(ctx.actor_label(x) for x in e.actors), "coder": e.coder, "quote": e.quote,
                    # the filter's tokens of the cited sources: their bibliography anchors, safe and one to one
                    "sources": cited, "source_tokens": " ".join(dict.fromkeys(s["anchor"] for s in cited)),
                    "tests": tests, "notes": markdown(e.notes)})
    return out


RESULT_LABELS = {"pass": "passed", "fail": "failed", "planned": "planned (not looked for yet)"}


def filter_options(groups: list[dict], hypotheses: list[dict]) -> dict[str, list[dict]]:
    """The choices of the evidence filter of a page showing ``groups``: only values some item there has.

    Values are the tokens the items carry as ``data-*`` attributes (ids, and bibliography anchors for
    sources); labels are what the reader sees."""
    from ...testtypes import TEST_TYPES

    entries = [e for g in groups for e in g["entries"]]
    hyps = {t["hypothesis"] for e in entries for t in e["tests"]}
    types = {t["type_id"] for e in entries for t in e["tests"]}
    results = {t["result"] for e in entries for t in e["tests"]}
    keys: dict[str, str] = {}
    for e in entries:
        for s in e["sources"]:
            keys.setdefault(s["anchor"], s["key"])
    known = [h["id"] for h in hypotheses]
    return {
        "cases": [{"value": g["id"], "label": g["label"]} for g in groups if g["entries"]],
        "hypotheses": [{"value": h["id"], "label": f"{h['id']} {h['title']}"} for h in hypotheses if h["id"] in hyps]
        + [{"value": h, "label": h} for h in sorted(hyps - set(known), key=fmt.natural_key)],
        "types": [{"value": t, "label": fmt.test_label(t)} for t in TEST_TYPES if t in types]
        + [{"value": t, "label": fmt.test_label(t)} for t in sorted(types - set(TEST_TYPES))],
        "results": [{"value": r, "label": RESULT_LABELS[r]} for r in RESULT_LABELS if r in results],
        "sources": [{"value": a, "label": k} for a, k in sorted(keys.items(), key=lambda kv: fmt.natural_key(kv[1]))],
    }


def item_ref(t: "ScoredTest | None") -> dict | None:
    """A short link to the item behind a test: id, anchor, weight."""
    if t is None:
        return None
    return {"id": "congruence" if t.congruence else t.evidence,
            "anchor": None if t.congruence else fmt.anchor("e", t.evidence), "weight": fmt.signed(t.weight_db)}


def _sign(w: float) -> str:
    return "for" if w > 0 else ("against" if w < 0 else "neutral")


def hypothesis(ctx: Context, hid: str, cells: dict) -> dict[str, Any]:
    """One hypothesis: statement, predictions, rivals, and its score in every case."""
    h = ctx.study.hypotheses[hid]
    sc = ctx.study.config.scoring
    rivals = set(h.rivals) | {r["rival"] for r in ctx.result.rival_rows if r["hypothesis"] == hid} \
        | {r["hypothesis"] for r in ctx.result.rival_rows if r["rival"] == hid}
    rivals = {r for r in rivals if r in ctx.study.hypotheses and r != hid}
    predictions = []
    for cid in ctx.study.config.cases:
        levels = h.predicted_levels(cid)
        if levels:
            obs = ctx.study.observed(h.actor, cid)
            predictions.append({"case_label": ctx.case_label(cid), "levels": ctx.levels_text(levels),
                                "observed": ctx.level_label(obs), "congruent": (obs in levels) if obs else None})
    return {
        "id": hid, "anchor": fmt.anchor("h", hid), "title": h.title, "statement": h.statement, "ex_post": h.ex_post,
        "theory": h.theory or "", "actor": ctx.actor_label(h.actor) if h.actor else "",
        "prior": fmt.num(h.prior if h.prior is not None else sc.prior), "notes": markdown(h.notes),
        "predictions": predictions,
        "rivals": [{"id": r, "anchor": fmt.anchor("h", r), "title": ctx.study.hypotheses[r].title}
                   for r in sorted(rivals, key=ctx.hyp_index.__getitem__)],
        "pairs": [pair_detail(ctx, hid, cid, cells[(hid, cid)]) for cid in ctx.study.config.cases],
    }


def pair_detail(ctx: Context, hid: str, cid: str, cell: dict) -> dict[str, Any]:
    """One hypothesis in one case: reasoning, sensitivity, linchpins, charts, tests by weight, phases."""
    p = ctx.pairs[(hid, cid)]
    ranked = ctx.ranked[(hid, cid)]
    linch = set(p.linchpins)
    label = ctx.case_label(cid)
    subject = f"{hid} in {label}"
    evidence_tests = [t for t in ranked if not t.congruence]
    congruence = next((t for t in ranked if t.congruence), None)
    # the chart draws the first MAX_BARS and only counts the rest: those need no label, link or tooltip
    bars = [charts.Bar("congruence" if t.congruence else t.evidence, t.weight_db,
                       None if t.congruence else "#" + fmt.anchor("e", t.evidence),
                       f"{'congruence' if t.congruence else t.evidence}: {fmt.test_label(t.type)} {t.result}, "
                       f"LR {fmt.lr(t.lr)}, {fmt.db(t.weight_db)}", t.congruence) for t in ranked[:charts.MAX_BARS]]
    bars += [charts.Bar("", t.weight_db, None, "", t.congruence) for t in ranked[charts.MAX_BARS:]]
    uid = cell["anchor"]
    if p.robustness is None:
        robustness = "Sensitivity analysis is off (draws: 0)."
    elif not p.tests:
        robustness = "No test: the verdict is inconclusive whatever the likelihoods."
    else:
        lo, hi = p.robustness_interval or (p.robustness, p.robustness)
        robustness = (f"{fmt.pct(p.robustness)} of {ctx.result.draws} sensitivity draws give the same "
                      f"Bayesian verdict ({p.bayes}); 95 % interval {fmt.pct(lo)}\u2013{fmt.pct(hi)}.")
    return {
        "cell": cell, "anchor": uid, "case_label": label, "case_anchor": fmt.anchor("case", cid),
        "reason": van_evera_reason(p.tests, p.van_evera), "robustness": robustness,
        "conflict": conflict(p),
        "linchpins": [{"id": e, "anchor": fmt.anchor("e", e)} for e in p.linchpins],
        "tests": len(evidence_tests),
        "test_rows": test_rows(ctx, evidence_tests, linch),
        "override": any(t.override for t in evidence_tests),
        "prior_phrase": prior_phrase(p), "congruence_decides": p.congruence_decides,
        "source_linchpins": list(p.source_linchpins),
        "judgements": judgements.panel(ctx, p),
        "congruence": None if congruence is None else {
            "breadth": None if congruence.breadth is None else {
                "predicted": congruence.breadth[0], "levels": congruence.breadth[1],
                "pass": fmt.db(decibans(likelihood_ratio(congruence.p_e_h, congruence.p_e_not_h, "pass"))),
                "fail": fmt.db(decibans(likelihood_ratio(congruence.p_e_h, congruence.p_e_not_h, "fail")))},
            "type": fmt.test_label(congruence.type), "result": congruence.result,
            "note": congruence_note(ctx, hid, cid) or congruence.note or "",
            "db": fmt.signed(congruence.weight_db), "sign": _sign(congruence.weight_db), "lr": fmt.lr(congruence.lr)},
        "n_for": sum(1 for t in ranked if t.weight_db > 0), "n_against": sum(1 for t in ranked if t.weight_db < 0),
        "weight_chart": charts.weight_chart(uid + "~w", bars, subject) if bars else None,
        "trajectory_chart": trajectory(ctx, p, uid + "~t", subject) if p.tests else None,
        "phases": [{"label": ctx.phase_label(cid, r["phase"]), "tests": r["tests"], "weight": fmt.db(r["weight_db"]),
                    "posterior": fmt.prob(r["posterior"]), "bayes": r["bayes"],
                    "icon": fmt.VERDICT_ICONS[r["bayes"]]} for r in ctx.phases.get((hid, cid), [])],
    }


def congruence_note(ctx: Context, hid: str, cid: str) -> str | None:
    """``observed After the fact; predicted None or Political``: the congruence test in the levels' labels."""
    h = ctx.study.hypotheses[hid]
    levels = h.predicted_levels(cid)
    obs = ctx.study.observed(h.actor, cid)
    if not levels or obs is None:
        return None
    return f"observed {ctx.level_label(obs)}; predicted {ctx.levels_text(levels)}"


def conflict(p: "PairScore", limit: int = 8) -> dict | None:
    """A failed necessary test beside a passed sufficient one (contract 6.5), as two short lists of items.

    A page lists each side once, so a large study does not print the cross product.
    """
    if not p.has_conflict:
        return None

    def side(pred) -> dict:
        # items in natural order, the congruence test (no item, no anchor) last and by name, never by its id
        ids = sorted({t.evidence for t in p.tests if pred(t)}, key=lambda i: (is_congruence_id(i), fmt.natural_key(i)))
        return {"entries": [{"id": item_name(i), "anchor": None if is_congruence_id(i) else fmt.anchor("e", i)}
                            for i in ids[:limit]],
                "more": max(0, len(ids) - limit), "count": len(ids)}

    return {"failed": side(lambda t: eliminates(t.type, t.result)),
            "passed": side(lambda t: confirms(t.type, t.result))}


def trajectory(ctx: Context, p: "PairScore", uid: str, subject: str) -> Markup:
    """The trajectory chart of one pair, on the case's time axis with its phases shaded."""
    case = ctx.study.config.cases[p.case]
    weights: dict[float, str] = {}  # few distinct weights: each formatted once

    def db(w: float) -> str:
        text = weights.get(w)
        if text is None:
            text = weights[w] = fmt.db(w)
        return text

    steps = [charts.Step(r["date"], r["posterior"], r["weight_db"],
                         f"{item_name(r['evidence'])}{' (' + r['date'] + ')' if r['date'] else ''}: {db(r['weight_db'])}"
                         f" \u2192 posterior {fmt.prob(r['posterior'])}")
             for r in ctx.trajectories.get((p.hypothesis, p.case), []) if r["step"] > 0]
    starts = [fmt.year_fraction(s.date) for s in steps if s.date]
    ends = list(starts)
    if case.period and case.period.start:
        starts.append(fmt.period_start(case.period.start))
    if case.period and case.period.end:
        ends.append(fmt.year_fraction(case.period.end, end=True))
    for ph in case.phases:
        if ph.start:
            starts.append(fmt.period_start(ph.start))
        if ph.end:
            ends.append(fmt.year_fraction(ph.end, end=True))
    domain = None
    if starts or ends:
        lo, hi = min(starts or ends), max(ends or starts)
        if hi - lo < 1:  # a single date or a short span: show one year around it
            mid = (lo + hi) / 2
            lo, hi = mid - 0.5, mid + 0.5
        domain = (lo, hi)
    bands = []
    if domain:
        for ph in case.phases:
            bands.append(charts.Band(ph.label or ph.id, ph.id,
                                     fmt.period_start(ph.start) if ph.start else domain[0],
                                     fmt.year_fraction(ph.end, end=True) if ph.end else domain[1]))
    sc = ctx.study.config.scoring
    return charts.trajectory_chart(uid, p.prior, steps, bands, domain, sc.thresholds.confirmed,
                                   sc.thresholds.rejected, subject)


def evidence_groups(ctx: Context) -> list[dict]:
    """Every evidence item grouped by case (study order), then by id; with its tests and their weights."""
    by_case: dict[str, list] = defaultdict(list)
    for e in ctx.study.evidence.values():
        by_case[e.case].append(e)
    groups = []
    for cid, case in ctx.study.config.cases.items():
        items = sorted(by_case.get(cid, []), key=lambda e: ctx.rank[e.id])
        groups.append({"id": cid, "label": ctx.case_label(cid), "anchor": fmt.anchor("case", cid),
                       "period": fmt.span(case.period.start, case.period.end) if case.period else "",
                       "phases": [{"label": ph.label or ph.id, "span": fmt.span(ph.start, ph.end)}
                                  for ph in case.phases],
                       "count": len(items), "entries": evidence_items(ctx, items), "pages": []})
    return groups


def bibliography(ctx: Context) -> tuple[list[dict], list[dict]]:
    """The bibliography (sorted as a reference list) and the source concentration (most-cited first)."""
    n_tests: dict[str, int] = defaultdict(int)
    cited_by: dict[str, list[str]] = defaultdict(list)
    total = 0
    unsourced = 0
    for e in sorted(ctx.study.evidence.values(), key=lambda e: ctx.rank[e.id]):  # each key's items come sorted
        k = len(ctx.tests_by_item.get(e.id, []))
        total += k
        keys = sorted({s.key for s in e.sources})
        if not keys:
            unsourced += k
        for key in keys:
            n_tests[key] += k
            cited_by[key].append(e.id)
    entries = ctx.study.bibliography.entries
    from .citations import formatted

    styled, _style = formatted(ctx.study.bibliography, ctx.study.config.bibliography_style, ctx.study.root)
    bib = []
    for position, (key, text) in enumerate(styled):  # in the citation style's order
        entry = entries[key]
        ids = cited_by.get(key, [])
        url = entry.url
        bib.append({"key": key, "anchor": fmt.anchor("bib", key), "text": text, "url": url,
                    "linkable": bool(url) and url.lower().startswith(("https://", "http://")),
                    "n_items": len(ids), "n_tests": n_tests.get(key, 0),
                    "cited_by": [{"id": i, "anchor": fmt.anchor("e", i)} for i in ids[:MAX_CITED_BY]],
                    "more": max(0, len(ids) - MAX_CITED_BY), "sort": position})
    conc = []
    for key in sorted(n_tests, key=lambda k: (-n_tests[k], fmt.natural_key(k))):
        share = n_tests[key] / total if total else 0.0
        conc.append({"key": key, "anchor": fmt.anchor("bib", key), "known": key in entries,
                     "n_items": len(cited_by[key]), "n_tests": n_tests[key], "share_value": share,
                     "share": fmt.pct(share), "width": f"{100 * share:.1f}%"})
    if unsourced:
        conc.append({"key": None, "anchor": None, "known": False, "n_items": None, "n_tests": unsourced,
                     "share_value": unsourced / total if total else 0.0,
                     "share": fmt.pct(unsourced / total if total else 0.0),
                     "width": f"{100 * unsourced / total if total else 0.0:.1f}%"})
    return bib, conc

"""View model of the detail sections: each hypothesis per case, each evidence item, the bibliography.

:class:`Context` indexes the result once (pairs, conclusions, trajectories,
tests per item) so that no section searches lists inside loops: a 10 000-item
study renders in linear time.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..scoring import NECESSARY, SUFFICIENT
from . import charts, fmt

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

    from ..conclusions import ConclusionOutcome
    from ..results import ScoreResult
    from ..scoring import PairScore, ScoredTest
    from ..study import Study

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
    # pre-escaped HTML pieces shared by many rows of the page (see "Hot fragments" below)
    fragments: dict[Any, str] = field(default_factory=dict)
    # every evidence id's place in natural order (fmt.natural_key): sorting by it is sorting by natural key
    rank: dict[str, int] = field(default_factory=dict)

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

        def heavy(t: "ScoredTest") -> tuple:  # heavy_first, with the rank standing for the natural key
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

    def phase_label(self, case: str, phase: str | None) -> str:
        return "" if phase is None else self.phase_labels.get((case, phase), phase)


def heavy_first(t: "ScoredTest") -> tuple:
    """Heaviest weight (either sign) first, then by evidence id."""
    w = t.weight_db
    return (-(abs(w) if not math.isnan(w) else -1.0), t.congruence, fmt.natural_key(t.evidence))


@lru_cache(maxsize=1)
def _md() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    # js-default: raw HTML is escaped, javascript: links are refused; images are off because an
    # <img src=http...> would be a network load from an offline page
    return MarkdownIt("js-default").disable("image")


# Text that markdown-it would turn into plain paragraphs: no inline syntax, no HTML, no entity, and no
# line that could open a block (list, heading, quote, code, rule, table). Most notes are such prose,
# and skipping the parser for them keeps a 10 000-item study fast. Checked in two steps (characters
# anywhere, then the start and end of each line): one character class scans several times faster
# than an alternation tried at every position.
_SYNTAX_CHARS = re.compile(r"[\\`*_\[\]<>#!&|~=+\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\xa0\u1680\u2000-\u200a"
                           r"\u2028\u2029\u202f\u205f\u3000]")
_BLOCK_START = re.compile(r"[ \t]*(?:[-+*]|\d+[.)])| {4}")


def _inert(text: str) -> bool:
    if _SYNTAX_CHARS.search(text) is not None:
        return False
    for line in text.split("\n"):
        if line.endswith("  ") or _BLOCK_START.match(line) is not None:
            return False
    return True


# The one piece of inline syntax common in notes: *emphasis* of plain words, opened after a space or a line
# start and closed before a space, a line end or . , ; : (CommonMark: such a * can only open, or only close,
# so the pairs are exactly these spans). Text that is inert once these spans are set aside skips the parser too.
_EMPHASIS = re.compile(r"(?<!\S)\*([A-Za-z0-9]+(?: [A-Za-z0-9]+)*)\*(?![^\s.,;:])")


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of inert text as markdown-it writes them: lines stripped, quotes escaped."""
    if "\n" not in text:  # one line, one paragraph
        return [text.strip(" \t").replace('"', "&quot;")]
    paras = [p for p in re.split(r"\n[ \t]*\n", text.strip(" \t\n")) if p.strip(" \t\n")]
    return ["\n".join(line.strip(" \t") for line in para.strip(" \t\n").split("\n")).replace('"', "&quot;")
            for para in paras]


def markdown(text: str | None) -> Markup | None:
    """Researcher Markdown → safe HTML (raw HTML in the text comes out as text)."""
    if not text or not text.strip():
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as markdown-it normalises them
    if _inert(text):
        return Markup("".join(f"<p>{para}</p>\n" for para in _paragraphs(text)))
    if "*" in text and _inert(_EMPHASIS.sub("x", text)):
        return Markup("".join("<p>" + _EMPHASIS.sub(r"<em>\1</em>", para) + "</p>\n" for para in _paragraphs(text)))
    return Markup(_md().render(text))


# Hot fragments. The page repeats a few shapes thousands of times: a row of a pair's test table, an evidence
# item, a row of the ACH matrix. Rendering them through Jinja costs an escape and a Markup per value (820 000
# at 10 000 items), so they are written here instead, as pre-escaped HTML with the same bytes the template
# gave; the pieces shared between rows (an item's sources, a test type's cells) are built once. They are
# made lazily (:class:`Lazy`), while the page is written, so the whole page never sits in the view model.


esc = fmt.esc


class Lazy:
    """Pre-escaped HTML fragments made only when the template iterates over them (again on each iteration).

    ``make`` returns an iterator of HTML strings; they are handed to the template joined in batches, each
    batch one :class:`~markupsafe.Markup`, so the template does one step per batch and not per row.
    """

    __slots__ = ("_make",)
    BATCH = 64

    def __init__(self, make: Callable[[], Iterable[str]]):
        self._make = make

    def __iter__(self) -> Iterator[Markup]:
        batch: list[str] = []
        for html in self._make():
            batch.append(html)
            if len(batch) >= self.BATCH:
                yield Markup("".join(batch))
                batch = []
        if batch:
            yield Markup("".join(batch))


RESULT_ICONS = {"pass": "\u2714"}  # anything else (fail) is a cross, as the template had it
CROSS = "\u2718"
LINCHPIN_TR, LINCHPIN_TAG = '<tr class="linchpin">', '<br><span class="tag">linchpin</span>'


def _sources_html(ctx: Context, evidence_id: str) -> str:
    """An item's citations, ``<a class="cite" ...>key</a><span class="pages">, 12</span>; ...``; "" for none."""
    frag = ctx.fragments
    key = ("src", evidence_id)
    html = frag.get(key)
    if html is None:
        item = ctx.study.evidence.get(evidence_id)
        parts = []
        for s in item.sources if item is not None else ():
            cite = frag.get(("cite", s.key))
            if cite is None:
                k = esc(s.key)
                cite = frag[("cite", s.key)] = (
                    f'<a class="cite" href="#{fmt.anchor("bib", s.key)}">{k}</a>'
                    if s.key in ctx.study.bibliography.entries else f'<span class="cite">{k}</span>')
            parts.append(cite + f'<span class="pages">, {esc(s.pages)}</span>' if s.pages else cite)
        html = frag[key] = "; ".join(parts)
    return html


def _result_html(result: str) -> str:
    r = esc(result)
    return (f'<span class="result r-{r}"><span class="icon" aria-hidden="true">'
            f'{RESULT_ICONS.get(result, CROSS)}</span> {r}</span>')


def test_rows(ctx: Context, tests: list["ScoredTest"], linchpins: set[str]) -> Iterator[str]:
    """The rows of a pair's test table (``<tr>…</tr>`` and a newline each), heaviest first."""
    frag = ctx.fragments
    for t in tests:
        head_key = ("row", t.evidence, t.case, t.phase, t.date)
        head = frag.get(head_key)
        if head is None:
            phase = ctx.phase_label(t.case, t.phase)
            head = frag[head_key] = (
                f'<a href="#{fmt.anchor("e", t.evidence)}">{esc(t.evidence)}</a>',
                '<td class="small">' + (f'<span class="nowrap">{esc(t.date)}</span>' if t.date
                                        else '<span class="sub">undated</span>')
                + (f'<br><span class="sub">{esc(phase)}</span>' if phase else "") + "</td>")
        # a zero likelihood is keyed by its text: 0.0 and -0.0 are equal keys but print differently
        mid_key = ("mid", t.type, t.result, t.p_e_h or str(t.p_e_h), t.p_e_not_h or str(t.p_e_not_h),
                   t.override, t.lr)
        mid = frag.get(mid_key)
        if mid is None:
            w = t.weight_db
            mid = frag[mid_key] = (
                f'<td class="small">{esc(fmt.test_label(t.type))}</td><td>{_result_html(t.result)}</td>'
                f'<td class="num small">{esc(fmt.num(t.p_e_h))} / {esc(fmt.num(t.p_e_not_h))}'
                f'{"*" if t.override else ""}</td><td class="num small">{esc(fmt.lr(t.lr))}</td>'
                f'<td class="num"><span class="w w-{_sign(w)}">{esc(fmt.signed(w))}</span></td>')
        linchpin = t.evidence in linchpins
        yield (f'{LINCHPIN_TR if linchpin else "<tr>"}<th scope="row" class="nowrap">{head[0]}'
               f'{LINCHPIN_TAG if linchpin else ""}</th>{head[1]}{mid}'
               f'<td class="small src">{_sources_html(ctx, t.evidence)}</td>'
               f'<td class="small note">{esc(t.note) if t.note else ""}</td></tr>\n')


def evidence_articles(ctx: Context, items: list) -> Iterator[str]:
    """One ``<article class="item">`` (and a newline) per evidence item, in the order given."""
    frag = ctx.fragments
    for e in items:
        a = fmt.anchor("e", e.id)  # anchors are safe in HTML by construction
        meta_key = ("meta", e.case, e.phase, e.kind, tuple(e.actors))  # few distinct combinations
        meta = frag.get(meta_key)
        if meta is None:
            phase = ctx.phase_label(e.case, e.phase)
            meta = frag[meta_key] = (
                (f"<span>phase {esc(phase)}</span>" if phase else "")
                + (f"<span>{esc(e.kind)} source</span>" if e.kind else "")
                + (f"<span>{esc(', '.join(ctx.actor_label(x) for x in e.actors))}</span>" if e.actors else ""))
        if e.date:
            meta = f"<span>{esc(e.date)}</span>{meta}"
        if e.coder:
            meta = f"{meta}<span>coded by {esc(e.coder)}</span>"
        sources = _sources_html(ctx, e.id)
        out = [(f'<article class="item" id="{a}" aria-labelledby="{a}~h">\n'
                f'<h4 id="{a}~h"><span class="eid">{esc(e.id)}</span> <span class="claim">{esc(e.claim)}</span></h4>\n'
                f'<p class="item-meta">{meta}</p>\n'),
               f'<blockquote class="quote">{esc(e.quote)}</blockquote>' if e.quote else "",
               f'<p class="item-sources">Sources: {sources}</p>' if e.sources
               else '<p class="item-sources sub">No source cited.</p>',
               '<ul class="item-tests">\n']
        for t in ctx.tests_by_item.get(e.id, ()):  # in study order of the hypotheses (Context.of)
            link_key = ("li", t.hypothesis, t.case)
            link = frag.get(link_key)
            if link is None:
                link = frag[link_key] = (f'<li><a href="#{fmt.pair_anchor(t.hypothesis, t.case)}">'
                                         f'{esc(t.hypothesis)}</a> ')
            body_key = ("libody", t.type, t.result, t.lr)
            body = frag.get(body_key)
            if body is None:
                w = t.weight_db
                body = frag[body_key] = (f'{esc(fmt.test_label(t.type))} {_result_html(t.result)} '
                                         f'<span class="w w-{_sign(w)}">{esc(fmt.signed(w))} dB</span>')
            out.append(f'{link}{body} <span class="note">\u2014 {esc(t.note)}</span></li>\n' if t.note
                       else f"{link}{body}</li>\n")
        out.append("</ul>\n")
        notes = markdown(e.notes)
        if notes:
            out.append(f'<div class="prose notes">{notes}</div>')
        out.append("</article>\n")
        yield "".join(out)


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
            predictions.append({"case_label": ctx.case_label(cid), "levels": " or ".join(levels),
                                "observed": obs, "congruent": (obs in levels) if obs else None})
    return {
        "id": hid, "anchor": fmt.anchor("h", hid), "title": h.title, "statement": h.statement,
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
    else:
        robustness = (f"{fmt.pct(p.robustness)} of {ctx.result.draws} sensitivity draws give the same "
                      f"Bayesian verdict ({p.bayes}).")
    return {
        "cell": cell, "anchor": uid, "case_label": label, "case_anchor": fmt.anchor("case", cid),
        "reason": p.van_evera_reason, "robustness": robustness,
        "conflict": conflict(p),
        "linchpins": [{"id": e, "anchor": fmt.anchor("e", e)} for e in p.linchpins],
        "tests": len(evidence_tests),
        "test_rows": Lazy(lambda: test_rows(ctx, evidence_tests, linch)),
        "override": any(t.override for t in evidence_tests),
        "congruence": None if congruence is None else {
            "type": fmt.test_label(congruence.type), "result": congruence.result, "note": congruence.note or "",
            "db": fmt.signed(congruence.weight_db), "sign": _sign(congruence.weight_db), "lr": fmt.lr(congruence.lr)},
        "n_for": sum(1 for t in ranked if t.weight_db > 0), "n_against": sum(1 for t in ranked if t.weight_db < 0),
        "weight_chart": charts.weight_chart(uid + "~w", bars, subject) if bars else None,
        "trajectory_chart": trajectory(ctx, p, uid + "~t", subject) if p.tests else None,
        "phases": [{"label": ctx.phase_label(cid, r["phase"]), "tests": r["tests"], "weight": fmt.db(r["weight_db"]),
                    "posterior": fmt.prob(r["posterior"]), "bayes": r["bayes"],
                    "icon": fmt.VERDICT_ICONS[r["bayes"]]} for r in ctx.phases.get((hid, cid), [])],
    }


def conflict(p: "PairScore", limit: int = 8) -> dict | None:
    """A failed necessary test beside a passed sufficient one (contract 6.5), as two short lists of items.

    The engine lists every (failed, passed) combination; a page lists each side
    once, so a large study does not print the cross product.
    """
    if not p.has_conflict:
        return None

    def side(pred) -> dict:
        ids = sorted({t.evidence for t in p.tests if pred(t)}, key=fmt.natural_key)
        return {"entries": [{"id": i, "anchor": fmt.anchor("e", i)} for i in ids[:limit]],
                "more": max(0, len(ids) - limit), "count": len(ids)}

    return {"failed": side(lambda t: t.result == "fail" and t.type in NECESSARY),
            "passed": side(lambda t: t.result == "pass" and t.type in SUFFICIENT)}


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
                         f"{r['evidence']}{' (' + r['date'] + ')' if r['date'] else ''}: {db(r['weight_db'])}"
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
                       "count": len(items), "entries": Lazy(lambda items=items: evidence_articles(ctx, items))})
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
    bib = []
    for key, entry in entries.items():
        text = entry.format()
        ids = cited_by.get(key, [])
        url = entry.url
        bib.append({"key": key, "anchor": fmt.anchor("bib", key), "text": text, "url": url,
                    "linkable": bool(url) and url.lower().startswith(("https://", "http://")),
                    "n_items": len(ids), "n_tests": n_tests.get(key, 0),
                    "cited_by": [{"id": i, "anchor": fmt.anchor("e", i)} for i in ids[:MAX_CITED_BY]],
                    "more": max(0, len(ids) - MAX_CITED_BY), "sort": (text.lower(), key)})
    bib.sort(key=lambda b: b["sort"])
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

"""The Markdown summary (``tracing report --format md``): verdicts, conclusions and linchpins for a README or a draft.

Plain GitHub-flavoured Markdown, no HTML. Researcher text is escaped so that
a ``|`` or a ``*`` in a title cannot break the table or the emphasis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...engine.conclusions import evaluate
from ...engine.words import robustness_name
from . import fmt

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.results import ScoreResult

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Researcher text made inert in Markdown: one line, special characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def summary(result: "ScoreResult") -> str:
    """The whole summary as one string, ending in a newline."""
    study = result.study
    cases = list(study.config.cases)
    labels = {c: (study.config.cases[c].label or c) for c in cases}
    sc = study.config.scoring
    outcomes = evaluate(result)
    by_pair = {(p.hypothesis, p.case): p for p in result.pairs}
    lines = [f"# {md(study.title)}", "", f"**Research question.** {md(study.config.question)}", ""]
    date = fmt.build_date()
    if date:
        lines += [f"Generated on {date}.", ""]
    lines += [f"{len(study.hypotheses)} hypotheses, {len(cases)} cases, {len(study.evidence)} evidence items, "
              f"{sum(len(p.tests) for p in result.pairs)} tests.", ""]

    lines += ["## Verdicts", "",
              "Each cell: Bayesian verdict / Van Evera verdict (posterior; Bayesian robustness; weight of evidence).", ""]
    lines.append("| Hypothesis | " + " | ".join(md(labels[c]) for c in cases) + " |")
    lines.append("|---|" + "---|" * len(cases))
    marks = {}
    for o in outcomes:
        marks.setdefault((o.conclusion.hypothesis, o.conclusion.case), []).append(o)
    for hid, h in study.hypotheses.items():
        cells = []
        for c in cases:
            p = by_pair[(hid, c)]
            extra = [f"p = {fmt.prob(p.posterior)}"]
            if p.robustness is not None:
                extra.append(f"{robustness_name('bayes')} {fmt.pct(p.robustness)}")
            extra.append(fmt.db(p.weight_db))
            cell = f"**{p.bayes}** / {p.van_evera} ({'; '.join(extra)})"
            for o in marks.get((hid, c), []):
                if o.status != "pass":
                    cell += f" {fmt.STATUS_ICONS[o.status]} stated {o.conclusion.verdict}"
            cells.append(cell)
        lines.append(f"| {md(hid)} {md(h.title)} | " + " | ".join(cells) + " |")
    lines += ["", f"Thresholds: confirmed at posterior ≥ {fmt.num(sc.thresholds.confirmed)}, rejected at "
                  f"≤ {fmt.num(sc.thresholds.rejected)}. Robustness: share of {result.draws} sensitivity draws "
                  f"(seed {sc.seed}) that agree." if result.draws else
              f"Thresholds: confirmed at posterior ≥ {fmt.num(sc.thresholds.confirmed)}, rejected at "
              f"≤ {fmt.num(sc.thresholds.rejected)}. Sensitivity analysis off.", ""]

    lines += ["## Conclusions", ""]
    if not outcomes:
        lines += ["No conclusions are stated.", ""]
    else:
        held = sum(1 for o in outcomes if o.status == "pass")
        lines += [f"{held} of {len(outcomes)} stated conclusions hold.", ""]
        for o in outcomes:
            word = fmt.STATUS_WORDS[o.status]
            lines.append(f"- {fmt.STATUS_ICONS[o.status]} **{word}** `{o.name}`: {md(o.sentence())}")
        lines.append("")

    lines += ["## Linchpins", "", "Items whose removal alone changes the Bayesian verdict.", ""]
    any_linchpin = False
    for p in result.pairs:
        if p.linchpins:
            any_linchpin = True
            lines.append(f"- {md(p.hypothesis)} in {md(labels[p.case])} ({p.bayes}): "
                         + ", ".join(md(e) for e in p.linchpins))
    if not any_linchpin:
        lines.append("None: no single item decides a verdict.")
    lines += ["", "Evidence items are taken as conditionally independent given each hypothesis; see the HTML "
                  "report for the source concentration.", ""]
    return "\n".join(lines)

"""`tracing check`: the conclusions asserted, printed for people, machines or GitHub.

One result (:func:`tracing.engine.conclusions.evaluate`), several renderings:

- ``human``: one line per conclusion that holds; for one that does not, its
  place in conclusions.yaml, what was claimed against what the evidence now
  gives, the items that weigh most for and against, and the researcher's note.
  A summary line comes last.
- ``json``: one object (``schema_version`` 1) with every conclusion.
- ``github``: workflow annotations at each failing conclusion's line (errors
  for ``severity: error``, warnings for ``warn``), then the human list in full
  (GitHub shows only ten annotations per step), and a Markdown table appended
  to ``$GITHUB_STEP_SUMMARY`` when that is set.

``--junit-xml`` writes one testcase per conclusion in any format
(:mod:`.junit`). The command (:mod:`tracing.commands.check`) writes the files;
this module only turns outcomes into text.
"""

from __future__ import annotations

from ..engine.conclusions import ConclusionOutcome, evaluate, exit_code, ranked
from ..engine.results import json_number
from . import github
from .text import clean
from ..engine.words import robustness_name
from ..engine.words import (conclusion_context, conclusion_finding, method_label, number, rival_discriminating,
                             weighing)

_MARK = {"pass": "ok  ", "fail": "FAIL", "warn": "warn"}
NO_CONCLUSIONS = "no conclusions.yaml: nothing to check (add one to assert verdicts; see docs/ci.md)"
EMPTY_CONCLUSIONS = "conclusions.yaml lists no conclusions: nothing to check"


def summary_line(outcomes: list[ConclusionOutcome]) -> str:
    """``2 of 3 conclusions hold; 1 failed, 0 warnings``."""
    n = len(outcomes)
    if n == 0:
        return EMPTY_CONCLUSIONS
    fails = sum(o.status == "fail" for o in outcomes)
    warns = sum(o.status == "warn" for o in outcomes)
    held = n - fails - warns
    return f"{held} of {n} conclusions hold; {fails} failed, {warns} warning{'s' * (warns != 1)}"


def _short(o: ConclusionOutcome) -> str:
    if o.on_rival_set:
        text = f"{o.actual} leads, as claimed (posterior {number(o.posterior)}, {o.rival.margin_db:+.1f} dB"
        if o.robustness is not None:
            text += f", robustness {o.robustness:.2f}"
        return text + ")"
    text = f"{o.actual}, as claimed (posterior {number(o.posterior)}"
    if o.robustness is not None:
        text += f", {robustness_name(o.method)} {o.robustness:.2f}"
    if o.method != "bayes":
        text += f"; {method_label(o.method)} verdict"
    return text + ")"


def human(outcomes: list[ConclusionOutcome], path: str) -> list[str]:
    """The check as text: a line per conclusion that holds, a paragraph per one that does not, a summary."""
    width = max((len(o.name) for o in outcomes), default=0)
    lines = []
    for o in outcomes:
        if o.status == "pass":
            lines.append(f"{_MARK[o.status]}  {o.name:<{width}}  {_short(o)}")
            continue
        where = f"{path}:{o.line}:{o.column}"
        if o.status == "warn":
            where += " (severity warn: reported, does not fail the check)"
        lines.append(f"{_MARK[o.status]}  {o.name:<{width}}  {where}")
        lines.append(f"      {conclusion_finding(o)}")
        lines.append(f"      {rival_discriminating(o.rival, o.conclusion.best) if o.on_rival_set else weighing(o.pair)}")
        context = conclusion_context(o)
        if context:
            lines.append(f"      {context}")
        if o.conclusion.note:
            lines.append(f"      note: {' '.join(o.conclusion.note.split())}")
    verdict = "check failed" if exit_code(outcomes) else "check passed"
    lines.append(f"{verdict}: {summary_line(outcomes)}")
    return lines


def _items(o: ConclusionOutcome, sign: int) -> list[str]:
    if o.on_rival_set:
        r = o.rival
        return [row["label"] for row in r.discriminating(n=len(r.items)) if (row["db"] > 0) == (sign > 0)]
    return [t.evidence for t in ranked(o.pair, sign)]


def no_conclusions_json() -> dict:
    return {"schema_version": 1, "ok": True, "summary": NO_CONCLUSIONS, "path": None, "conclusions": []}


def no_conclusions_lines(fmt: str) -> list[str]:
    """What `tracing check` prints for a study without conclusions.yaml, in ``human`` or ``github`` format."""
    lines = [github.annotation("notice", NO_CONCLUSIONS)] if fmt == "github" else []
    return lines + [f"notice: {NO_CONCLUSIONS}"]


def as_json(outcomes: list[ConclusionOutcome], path: str | None = None) -> dict:
    """The check as one JSON-ready object (``schema_version`` 1); ``ok`` is true when the exit code is 0."""
    return {
        "schema_version": 1,
        "ok": exit_code(outcomes) == 0,
        "summary": summary_line(outcomes),
        "path": path,
        "conclusions": [{
            "name": o.name, "hypothesis": o.conclusion.hypothesis, "case": o.conclusion.case, "method": o.method,
            "claimed": o.conclusion.verdict, "actual": o.actual, "posterior": json_number(o.posterior),
            "robustness": o.robustness, "min_robustness": o.conclusion.min_robustness,
            "severity": o.severity, "status": o.status, "line": o.line, "column": o.column,
            "message": o.sentence(), "note": o.conclusion.note,
            "linchpins": list(o.pair.linchpins) if o.pair is not None else [],
            "for": _items(o, 1), "against": _items(o, -1),
            **({"rival_set": o.conclusion.rival_set, "best": o.conclusion.best, "margin_db": o.rival.margin_db,
                "min_margin_db": o.conclusion.min_margin_db} if o.on_rival_set else {}),
        } for o in outcomes],
    }


def cell(text: str) -> str:
    return clean(" ".join(str(text).split())).replace("|", "\\|")


def markdown_summary(outcomes: list[ConclusionOutcome], title: str) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``, with the failing conclusions explained below it."""
    lines = [f"### tracing check: {cell(title)}", "", summary_line(outcomes), ""]
    if outcomes:
        lines += ["| | conclusion | claimed | now | posterior | robustness | severity |",
                  "|---|---|---|---|---|---|---|"]
        icon = {"pass": "✅", "fail": "❌", "warn": "⚠️"}
        for o in outcomes:
            lines.append(f"| {icon[o.status]} | `{o.name}` | {o.conclusion.verdict} | {o.actual} | "
                         f"{number(o.posterior)} | {number(o.robustness, 2)} | {o.severity} |")
        problems = [o for o in outcomes if o.status != "pass"]
        if problems:
            lines.append("")
            for o in problems:
                lines.append(f"- **`{o.name}`** ({o.status}, line {o.line}): {cell(o.sentence())}")
    return "\n".join(lines) + "\n"


def github_lines(outcomes: list[ConclusionOutcome], path: str) -> list[str]:
    """One annotation per conclusion that does not hold, at its line in conclusions.yaml."""
    lines = []
    for o in outcomes:
        if o.status == "pass":
            continue
        level = "error" if o.status == "fail" else "warning"
        message = o.sentence()
        if o.conclusion.note:
            message += "\nNote: " + " ".join(o.conclusion.note.split())
        title = f"conclusion {o.name} does not hold" + (" (warn)" if o.status == "warn" else "")
        lines.append(github.annotation(level, message, file=github.workspace_path(path), line=o.line,
                                       col=o.column, title=title))
    return lines

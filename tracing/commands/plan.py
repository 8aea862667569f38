"""`tracing plan`: the study's planned evidence items, ranked by what looking for each is expected to teach."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..engine.planning import Plan, plan
from ..engine.results import score_study
from . import UsageError, load


def parse_pair(text: str) -> tuple[str, str]:
    """``H1:syria`` → ("H1", "syria")."""
    h, sep, c = text.partition(":")
    if not sep or not h or not c or ":" in c:
        raise UsageError(f"--pair '{text}' must look like HYPOTHESIS:CASE, e.g. H1:syria")
    return h, c


def _known(value: str, known, what: str) -> None:
    if value in known:
        return
    close = difflib.get_close_matches(value, list(known), n=1)
    raise UsageError(f"--pair: the study has no {what} '{value}'"
                     + (f"; did you mean '{close[0]}'?" if close else f" (it has {', '.join(known)})"))


def run(path: str | Path, pair: str | None = None) -> Plan:
    """The plan of the study at ``path`` (scored without sensitivity draws: the plan needs the point
    posteriors only); ``pair`` = ``H:CASE`` keeps one hypothesis × case."""
    study = load(path)
    wanted = None
    if pair is not None:
        wanted = parse_pair(pair)
        _known(wanted[0], study.hypotheses, "hypothesis")
        _known(wanted[1], study.config.cases, "case")
    return plan(score_study(study, draws=0), wanted)

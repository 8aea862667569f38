"""`tracing sensitivity` as text and JSON: drivers and break-even likelihoods per pair and per rival set (§9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.words import (break_even_sentences, driver_sentence, no_driver_sentence, spread_sentence,
                            whole_range_types)
from .human import table

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.judgements import BreakEven, Judgements
    from ..engine.results import ScoreResult

TOP = 5   # drivers listed per pair in the table


def _interval(b: "BreakEven", which: str) -> str:
    iv = b.interval(which)
    if iv is None:
        return "whole range"
    return f"{iv[0]:.3g}\u2013{iv[1]:.3g}"


def _break_even_rows(break_even: list["BreakEven"]) -> list[list[str]]:
    return [[b.type, f"{b.point[0]:g}", _interval(b, "p"), f"{b.point[1]:g}", _interval(b, "q")] for b in break_even]


def table_lines(result: "ScoreResult", j: "Judgements") -> list[str]:
    """Per pair: its verdict, its largest drivers (total-order Sobol' index of the posterior) and the
    break-even interval of p and q of each test type it uses; then the same for each rival set's best."""
    study = result.study
    lines = [study.title, "",
             f"judgement analyses: total-order Sobol' indices of the posterior over the sensitivity ranges "
             f"({j.n} base samples, seed {j.seed}, vary: {j.vary}); break-even: the p or q of a test type "
             f"(the others at their table values) within which the verdict stays"]
    for pj in j.pairs:
        pair = result.pair(pj.hypothesis, pj.case)
        case = study.config.cases[pj.case].label or pj.case
        lines += ["", f"{pj.hypothesis} in {case}: {pj.verdict} (posterior {pair.posterior:.3f})"]
        if pj.drivers:
            rows = [[d.judgement, f"{d.total_index:.3f}"] for d in pj.drivers[:TOP]]
            lines += table(["judgement", "total index"], rows, right={1})
            if len(pj.drivers) > TOP:
                lines.append(f"  … and {len(pj.drivers) - TOP} more (--format json lists them all)")
            lines.append("  " + driver_sentence(pj.drivers[0]) + "; " + spread_sentence(pj.spread) + ".")
        else:
            lines.append("  " + no_driver_sentence(bool(pair.tests)) + ".")
        if pj.break_even:
            lines += table(["type", "table p", "p keeps it", "table q", "q keeps it"],
                           _break_even_rows(pj.break_even))
            for b in pj.break_even:
                for s in break_even_sentences(b, pj.verdict):
                    lines.append(f"  {s}.")
            whole = whole_range_types(pj.break_even)
            if whole:
                lines.append(f"  no value of p or q of {', '.join(whole)} alone changes the verdict.")
    for rj in j.rival_sets:
        r = result.rival_score(rj.rival_set, rj.case)
        case = study.config.cases[rj.case].label or rj.case
        lines += ["", f"rival set {rj.rival_set} in {case}: best {rj.best} (posterior {r.posteriors[rj.best]:.3f})"]
        if rj.drivers:
            lines += table(["judgement", "total index"], [[d.judgement, f"{d.total_index:.3f}"]
                                                          for d in rj.drivers[:TOP]], right={1})
            if len(rj.drivers) > TOP:
                lines.append(f"  … and {len(rj.drivers) - TOP} more (--format json lists them all)")
        if rj.break_even:
            lines += table(["type", "table p", "p keeps best", "table q", "q keeps best"],
                           _break_even_rows(rj.break_even))
            for b in rj.break_even:
                for s in break_even_sentences(b, "best", subject=rj.best):
                    lines.append(f"  {s}.")
    return lines


def as_json(result: "ScoreResult", j: "Judgements") -> dict:
    """The JSON of `tracing sensitivity --format json` (the shape of contract §9)."""
    return {"study": result.study.title, **j.to_dict()}

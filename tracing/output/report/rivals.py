"""View model of the rival-set section: each set in each case, its posteriors, pairwise weights and the items
that tell the leading two apart (contract §8)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ...engine.words import member_name
from . import fmt

if TYPE_CHECKING:  # pragma: no cover
    from .details import Context


def anchor(rival_set: str, case: str) -> str:
    """The fragment id of one rival set in one case (``~`` never occurs in ids, so this is one to one)."""
    return fmt.anchor("set", f"{rival_set}~{case}")


def view(ctx: "Context") -> list[dict]:
    """One block per rival set and case, in study order."""
    out = []
    for r in ctx.result.rival_scores:
        rs = ctx.study.config.rival_sets[r.rival_set]
        keys = r.keys
        bars = [{"key": k, "name": member_name(k), "is_residual": k == "residual", "best": k == r.best,
                 "anchor": fmt.anchor("h", k) if k in ctx.study.hypotheses else None,
                 "title": ctx.study.hypotheses[k].title if k in ctx.study.hypotheses else "",
                 "prior": fmt.prob(r.priors[k]), "posterior": fmt.prob(r.posteriors[k]),
                 "width": f"{100 * r.posteriors[k]:.1f}%"} for k in keys]
        matrix = [{"key": a, "name": member_name(a),
                   "cells": [None if a == b else {"text": fmt.signed(r.weights_db[a][b]),
                                                  "sign": "for" if r.weights_db[a][b] > 0 else
                                                  ("against" if r.weights_db[a][b] < 0 else "neutral")}
                             for b in keys]} for a in keys]
        items = [{"label": row["label"], "anchor": fmt.anchor("e", row["evidence"]),
                  "weight": fmt.signed(row["db"]), "for": member_name(r.best if row["db"] > 0 else r.runner_up)}
                 for row in r.discriminating(n=8)]
        if r.robustness is None:
            robustness = "Sensitivity analysis is off (draws: 0)."
        else:
            lo, hi = r.robustness_interval
            robustness = (f"{fmt.pct(r.robustness)} of {ctx.result.draws} sensitivity draws keep "
                          f"{member_name(r.best)} ahead of every other member (95 % interval {fmt.pct(lo)}–"
                          f"{fmt.pct(hi)}).")
        lead = (f"{member_name(r.best)} leads, {fmt.db(r.margin_db)} over {member_name(r.runner_up)}"
                if r.margin_db >= 0 else
                f"none of these (the residual) is ahead; of the members, {r.best} leads "
                f"({fmt.db(-r.margin_db)} behind the residual)")
        out.append({
            "id": r.rival_set, "label": r.label, "case_label": ctx.case_label(r.case), "anchor": anchor(r.rival_set, r.case),
            "members": ", ".join(rs.members), "residual": fmt.prob(rs.residual) if rs.residual > 0 else None,
            "bars": bars, "keys": [member_name(k) for k in keys], "matrix": matrix, "items": items,
            "best": member_name(r.best), "runner_up": member_name(r.runner_up), "lead": lead,
            "robustness": robustness,
            "outcome": None if r.outcome_db is None else ", ".join(
                f"{member_name(k)} {fmt.db(v) if not math.isinf(v) else fmt.signed(v) + ' dB'}"
                for k, v in r.outcome_db.items()),
        })
    return out

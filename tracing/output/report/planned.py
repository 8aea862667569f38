"""View model of "Looking for next": the planned evidence items ranked by expected learning, with the
same numbers as `tracing plan` and, in words, what finding and not finding each would do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...engine.planning import plan
from ...engine.words import member_name, planned_effect, planned_set_effect
from . import fmt

if TYPE_CHECKING:  # pragma: no cover
    from .details import Context


def view(ctx: "Context") -> dict | None:
    """The section's rows, or None when the study plans nothing."""
    if not any(e.planned for e in ctx.study.evidence.values()):
        return None
    got = plan(ctx.result)
    tests = [{"item": t.item, "anchor": fmt.anchor("e", t.item), "claim": t.claim, "hypothesis": t.hypothesis,
              "pair_anchor": fmt.pair_anchor(t.hypothesis, t.case), "case_label": ctx.case_label(t.case),
              "type": fmt.test_label(t.type), "now": fmt.prob(t.prior), "p_found": fmt.prob(t.p_found),
              "if_found": fmt.prob(t.posterior_if_found), "if_not_found": fmt.prob(t.posterior_if_not_found),
              "learning": fmt.num(t.expected_learning, 3), "p_change": fmt.prob(t.p_verdict_changes),
              "width": f"{100 * t.expected_learning:.1f}%", "sentence": planned_effect(t)}
             for t in got.planned]
    sets = [{"item": s.item, "anchor": fmt.anchor("e", s.item), "label": s.label, "case_label": ctx.case_label(s.case),
             "best": member_name(s.best), "p_found": fmt.prob(s.p_found),
             "reduction": fmt.num(s.expected_entropy_reduction, 3), "entropy": fmt.num(s.entropy_bits, 3),
             "p_change": fmt.prob(s.p_best_changes), "sentence": planned_set_effect(s)}
            for s in got.rival_sets]
    return {"count": got.items, "tests": tests, "sets": sets}

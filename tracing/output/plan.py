"""`tracing plan` as text: the planned tests and the rival sets, ranked by expected learning."""

from __future__ import annotations

from ..engine.planning import Plan
from ..engine.words import PLANNED_FOOTNOTE, PLANNED_NONE_FOR_PAIR, number, planned_none
from .human import table


def human(result: Plan) -> list[str]:
    study = result.study
    lines = [study.title, ""]
    if not result.items:
        return lines + [planned_none()]
    if not result.planned and not result.rival_sets:
        return lines + [PLANNED_NONE_FOR_PAIR]
    if not result.planned:
        lines.append(PLANNED_NONE_FOR_PAIR)
    else:
        case = lambda c: study.config.cases[c].label or c  # noqa: E731
        rows = [[t.item, t.hypothesis, case(t.case), t.type.replace("_", " "), number(t.prior), number(t.p_found),
                 number(t.posterior_if_found), number(t.posterior_if_not_found), number(t.expected_learning),
                 number(t.p_verdict_changes)] for t in result.planned]
        lines += ["planned evidence, by expected learning (1 − E[posterior variance] / prior variance):", ""]
        lines += table(["item", "hypothesis", "case", "test", "now", "P(found)", "if found", "if not found",
                        "learning", "P(verdict changes)"], rows, right={4, 5, 6, 7, 8, 9})
    if result.rival_sets:
        rows = [[s.item, s.rival_set, study.config.cases[s.case].label or s.case, s.best, number(s.p_found),
                 s.best_if_found or "—", s.best_if_not_found or "—", number(s.entropy_bits),
                 number(s.expected_entropy_reduction), number(s.p_best_changes)] for s in result.rival_sets]
        lines += ["", "rival sets, by expected reduction of the entropy of the set's posterior (bits):", ""]
        lines += table(["item", "rival set", "case", "best now", "P(found)", "best if found", "best if not",
                        "entropy", "reduction", "P(best changes)"], rows, right={4, 7, 8, 9})
    lines += ["", PLANNED_FOOTNOTE]
    return lines

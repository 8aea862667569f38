"""Likelihood problems the reader reports: 0/0 ratios and contradictions (contract §6.1).

A test type whose table gives p = q = 0 or 1 has no likelihood ratio; a
hypothesis eliminated (LR = 0) and proved (LR = ∞) in one case by different
tests cannot be scored. Both make the study invalid, reported at the place
to edit.
"""

from __future__ import annotations

import math

from ..testtypes import TEST_TYPES
from ..weights import INF, likelihood_ratio
from .declared import Declared, declared_tests


def check_likelihoods(config, hypotheses, evidence, files) -> list[tuple]:
    """``(rel, path, name, message, hint)`` for each problem, for the loader to place."""
    problems: list[tuple] = []
    for type_ in TEST_TYPES:
        lk = getattr(config.scoring.tests, type_)
        if lk.p_e_h == lk.p_e_not_h and lk.p_e_h in (0.0, 1.0):
            problems.append(("study.yaml", ("scoring", "tests", type_), "likelihood.undefined",
                             f"{type_} with p_e_h = p_e_not_h = {lk.p_e_h:g} gives a 0/0 likelihood ratio",
                             None))
    zero: dict[tuple, Declared] = {}
    inf: dict[tuple, Declared] = {}
    for t in declared_tests(config, hypotheses, evidence):
        lr = likelihood_ratio(t.p_e_h, t.p_e_not_h, t.result)
        if math.isnan(lr):
            continue  # 0/0 overrides are refused by the model; 0/0 defaults are reported above
        if lr == 0:
            zero.setdefault((t.hypothesis, t.case), t)
        elif lr == INF:
            inf.setdefault((t.hypothesis, t.case), t)
    for key in sorted(set(zero) & set(inf)):
        z, i = zero[key], inf[key]
        where = i if not i.congruence else z
        rel = files.get(("evidence", where.evidence), "study.yaml")
        idx = next((j for j, t in enumerate(evidence[where.evidence].tests) if t.hypothesis == key[0]), 0) \
            if where.evidence in evidence else 0
        problems.append((rel, ("tests", idx) if rel != "study.yaml" else ("scoring",), "scoring.contradiction",
                         f"{key[0]} × {key[1]}: {z.evidence} eliminates (LR = 0) and {i.evidence} proves (LR = inf)",
                         None))
    return problems

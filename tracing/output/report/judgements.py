"""View model of each pair's "What would change this verdict" panel (contract §9): the priors for which the
verdict holds (§6.11), the three judgements that carry most of the uncertainty of the posterior (total-order
Sobol' indices) and the break-even likelihood of each test type that can flip it. The numbers come from
:mod:`tracing.engine.judgements`, the words from :mod:`tracing.engine.words`; the markup is
templates/_judgements.html. A result without analyses (``tracing report --no-analyses``, the Python API)
gets no panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...engine.words import (HARDLY_MOVES, break_even_sentences, driver_sentence, no_driver_sentence, prior_phrase,
                             spread_sentence, whole_range_types)

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.scoring import PairScore
    # "Context" in the annotations is .details.Context; not imported, since .details imports this module

TOP = 3


def panel(ctx: "Context", p: "PairScore") -> dict[str, Any] | None:
    """The panel of one pair, or None when the result carries no judgement analyses."""
    j = ctx.result.judgements
    if j is None:
        return None
    pj = j.pair(p.hypothesis, p.case)
    if pj is None:
        return None
    # a posterior pinned at 0 or 1 has shares of a variance that hardly exists: say that instead of ranking noise
    quiet = bool(pj.drivers) and pj.spread < HARDLY_MOVES
    drivers = [] if quiet else [d for d in pj.drivers if d.total_index > 0][:TOP]
    flips = [s for b in pj.break_even for s in break_even_sentences(b, pj.verdict)]
    whole = whole_range_types(pj.break_even)
    return {
        "verdict": pj.verdict,
        "prior": prior_phrase(p),
        "drivers": [driver_sentence(d) for d in drivers],
        "no_drivers": None if drivers else (spread_sentence(pj.spread) if quiet else no_driver_sentence(bool(p.tests))),
        "spread": spread_sentence(pj.spread) if drivers else None,
        "more": 0 if quiet else max(0, len([d for d in pj.drivers if d.total_index > 0]) - TOP),
        "break_even": flips,
        "whole_range": ", ".join(whole) if whole else None,
        "n": j.n,
    }

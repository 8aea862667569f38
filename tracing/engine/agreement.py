"""Coder agreement: Krippendorff's alpha on the test types and results of two codings of one study.

Two codings of the same study (a second coder's copy folder, or a branch) are
aligned by ids: a *unit* is an (evidence id, hypothesis id) test present in
either coding. Each unit gets a test type, a result, and both together
(``type:result``) from each coder; a unit one coder lacks is missing for that
coder. Agreement is measured with Krippendorff's alpha (nominal), with a
seeded bootstrap 95 % interval over the units, overall, per hypothesis and
per case; the disagreements and the items only one coder has are listed; and
both codings are scored (without sensitivity draws) to show what the
disagreement does to the verdicts.

The second coding may be a sample (a second coder codes 10–25 % of the
items): items it lacks entirely are "not double-coded" (their tests have one
value and, as Krippendorff defines, do not enter alpha), and the verdicts
"under the second coding" are those of the first coding with the sampled items
recoded (:func:`merged`), so that a sample compares like with like.

:func:`alpha` is the project's own implementation (the ``krippendorff``
package is GPL-3.0) of the coincidence-matrix definition (Krippendorff 2004,
2011, "Computing Krippendorff's alpha-reliability"), general over any number
of coders and missing values, for the nominal and interval metrics. Units with
fewer than two values are not pairable and are left out, as the definition
says. Everything is vectorised: the cost is linear in the number of units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from ..reading.study import Study

# Krippendorff (2004: 241): rely on variables with alpha >= .800; consider variables with
# .667 <= alpha < .800 only for drawing tentative conclusions; discard the rest.
RELIABLE = 0.800
TENTATIVE = 0.667
READINGS = {
    "reliable": "α ≥ 0.800: reliable",
    "tentative": "0.667 ≤ α < 0.800: tentative conclusions only",
    "unreliable": "α < 0.667: unreliable",
    "undefined": "undefined: fewer than two pairable values, or no variation in the values",
}
MEASURES = ("type", "result", "type_result")
MEASURE_LABELS = {"type": "test type", "result": "result", "type_result": "type + result"}
BOOTSTRAP_REPLICATES = 1000
METRICS = ("nominal", "interval")


# -- alpha -------------------------------------------------------------------------------------------------
def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _value_counts(data: Sequence[Sequence[Any]], metric: str) -> tuple[np.ndarray, np.ndarray]:
    """The values of the domain (sorted) and the units × values count matrix of the pairable units.

    ``data`` is coders × units; None or NaN is a missing value. Only units with at
    least two values are kept (the others cannot be paired).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    rows = [list(r) for r in data]
    if not rows:
        return np.empty(0), np.zeros((0, 0))
    n_units = len(rows[0])
    if any(len(r) != n_units for r in rows):
        raise ValueError("every coder needs a value (or None) for every unit")
    flat = [(u, v) for r in rows for u, v in enumerate(r) if not _missing(v)]
    if metric == "interval":
        domain = sorted({float(v) for _, v in flat})
        index = {v: i for i, v in enumerate(domain)}
        codes = [index[float(v)] for _, v in flat]
        values = np.asarray(domain, dtype=float)
    else:
        categories: dict = {}
        codes = [categories.setdefault(v, len(categories)) for _, v in flat]
        values = np.arange(len(categories))  # nominal: only which values differ matters
    units = np.fromiter((u for u, _ in flat), dtype=np.int64, count=len(flat))
    counts = np.zeros((n_units, len(values)))
    np.add.at(counts, (units, np.asarray(codes, dtype=np.int64)), 1)
    return values, counts[counts.sum(axis=1) >= 2]


def _delta(values: np.ndarray, metric: str) -> np.ndarray:
    """The squared difference function δ²(c, k) over the domain."""
    if metric == "interval":
        v = values.astype(float)
        return (v[:, None] - v[None, :]) ** 2
    return 1.0 - np.eye(len(values))


def _unit_terms(counts: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Each pairable unit's contribution to the observed disagreement, Σ_ck o_uck δ²_ck.

    A unit's coincidences are o_uck = n_uc (n_uk − [c = k]) / (m_u − 1); δ²_cc = 0
    for both metrics, so the diagonal term drops out.
    """
    m = counts.sum(axis=1)
    return np.einsum("uc,ck,uk->u", counts, delta, counts) / (m - 1)


def _alpha_from(d_unit_sum: np.ndarray, n_c: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, for stacked (replicate) sums; NaN when undefined."""
    n = n_c.sum(axis=-1)
    expected = np.einsum("...c,ck,...k->...", n_c, delta, n_c)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1.0 - (n - 1) * d_unit_sum / expected
    return np.where((expected > 0) & (n > 1), a, np.nan)


def alpha(data: Sequence[Sequence[Any]], metric: str = "nominal") -> float:
    """Krippendorff's alpha of ``data`` (coders × units; None or NaN = missing): NaN when undefined.

    Nominal or interval metric. Undefined when fewer than two pairable values
    remain, or when every pairable value is the same (no expected disagreement).
    """
    values, counts = _value_counts(data, metric)
    if counts.size == 0:
        return math.nan
    delta = _delta(values, metric)
    return float(_alpha_from(_unit_terms(counts, delta).sum(), counts.sum(axis=0), delta))


def bootstrap(data: Sequence[Sequence[Any]], metric: str = "nominal", replicates: int = BOOTSTRAP_REPLICATES,
              seed: int = 0, level: float = 0.95) -> tuple[float, float] | None:
    """A percentile bootstrap interval of alpha: the pairable units resampled with replacement.

    ``numpy.random.default_rng(seed)``: the same data and seed give the same
    interval. None when alpha is undefined on the data; replicates where alpha
    is undefined (no variation drawn) are left out of the percentiles.
    """
    values, counts = _value_counts(data, metric)
    n_units = counts.shape[0]
    if n_units == 0:
        return None
    delta = _delta(values, metric)
    terms = _unit_terms(counts, delta)
    if math.isnan(float(_alpha_from(terms.sum(), counts.sum(axis=0), delta))):
        return None
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // n_units)
    out = []
    done = 0
    while done < replicates:
        k = min(chunk, replicates - done)
        # how often each unit is drawn in each of k replicates (k × units), then sums as matrix products
        idx = rng.integers(0, n_units, size=(k, n_units)) + (np.arange(k) * n_units)[:, None]
        weights = np.bincount(idx.ravel(), minlength=k * n_units).reshape(k, n_units).astype(float)
        out.append(_alpha_from(weights @ terms, weights @ counts, delta))
        done += k
    draws = np.concatenate(out)
    draws = draws[~np.isnan(draws)]
    if draws.size == 0:
        return None
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(draws, [tail, 100 - tail])
    return float(lo), float(hi)


def reading(value: float | None) -> str:
    """reliable (α ≥ 0.800), tentative (0.667 ≤ α < 0.800), unreliable, or undefined (Krippendorff 2004)."""
    if value is None or math.isnan(value):
        return "undefined"
    if value >= RELIABLE:
        return "reliable"
    if value >= TENTATIVE:
        return "tentative"
    return "unreliable"


# -- two codings of a study -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Coding:
    """One coder's type and result of a unit."""

    type: str
    result: str

    @property
    def both(self) -> str:
        return f"{self.type}:{self.result}"


@dataclass(frozen=True)
class Unit:
    """An (evidence, hypothesis) test, as each coder coded it (None: that coder does not have it)."""

    evidence: str
    hypothesis: str
    case: str
    first: Coding | None
    second: Coding | None

    @property
    def pairable(self) -> bool:
        return self.first is not None and self.second is not None

    @property
    def agrees(self) -> bool:
        return self.pairable and self.first == self.second


@dataclass
class Alpha:
    """Alpha of one measure over some units: value (NaN when undefined), bootstrap interval, raw agreement."""

    value: float
    interval: tuple[float, float] | None
    agreement: float | None   # share of the units both coders coded on which they agree
    units: int                # units both coders coded (the pairable ones)

    @property
    def reading(self) -> str:
        return reading(self.value)


@dataclass
class Verdicts:
    """A hypothesis × case pair's verdicts under each coding (None: the pair is not in that coding)."""

    hypothesis: str
    case: str
    first: dict | None
    second: dict | None

    @property
    def changed(self) -> bool:
        if self.first is None or self.second is None:
            return True
        return (self.first["bayes"], self.first["van_evera"]) != (self.second["bayes"], self.second["van_evera"])


@dataclass
class Agreement:
    """The agreement of two codings of a study (see the module's docstring)."""

    title: str
    first_label: str
    second_label: str
    units: list[Unit]
    alpha: dict[str, Alpha]
    by_hypothesis: dict[str, dict[str, Alpha]]
    by_case: dict[str, dict[str, Alpha]]
    verdicts: list[Verdicts]
    seed: int = 0
    replicates: int = BOOTSTRAP_REPLICATES
    coders: int = 2
    case_moves: list[tuple[str, str, str]] = field(default_factory=list)  # (evidence, first case, second case)
    unsampled: list[str] = field(default_factory=list)  # evidence ids only the first coding has
    items: tuple[int, int] = (0, 0)  # evidence items in the first coding, and of those in the second too

    @property
    def disagreements(self) -> list[Unit]:
        return [u for u in self.units if u.pairable and not u.agrees]

    @property
    def only_first(self) -> list[Unit]:
        """Tests only the first coder has, of the items the second coder coded (the items the second coding
        lacks entirely are :attr:`unsampled`)."""
        unsampled = set(self.unsampled)
        return [u for u in self.units if u.second is None and u.evidence not in unsampled]

    @property
    def only_second(self) -> list[Unit]:
        return [u for u in self.units if u.first is None]

    @property
    def changed_verdicts(self) -> list[Verdicts]:
        return [v for v in self.verdicts if v.changed]


def _tests(study: "Study") -> dict[tuple[str, str], tuple[str, Coding]]:
    out: dict[tuple[str, str], tuple[str, Coding]] = {}
    for eid, item in study.evidence.items():
        if item.planned:  # not looked for yet: nothing coded to agree on
            continue
        for t in item.tests:
            out.setdefault((eid, t.hypothesis), (item.case, Coding(t.type, t.result)))
    return out


def align(first: "Study", second: "Study") -> list[Unit]:
    """The units of two codings: every (evidence, hypothesis) test of either, in the first coding's order,
    then the second's new ones. A unit's case is the first coding's (the second's when only it has the unit)."""
    a, b = _tests(first), _tests(second)
    units = []
    for key in [*a, *(k for k in b if k not in a)]:
        ca, cb = a.get(key), b.get(key)
        case = (ca or cb)[0]
        units.append(Unit(key[0], key[1], case, ca[1] if ca else None, cb[1] if cb else None))
    return units


def merged(first: "Study", second: "Study") -> "Study":
    """The study scored with the second coder's judgements: the first coding with every evidence item the second
    coding has replaced by (or added as) the second coder's version.

    With a full double coding this is the second coding; with a sample (the second coder coded 10–25 % of
    the items) it is the first coding with the sample recoded, so verdicts compare like with like. The
    study's settings (cases, hypotheses, scoring) stay the first coding's; a second-coding test of a
    hypothesis, or an item of a case, the first coding lacks is left out of the scoring.
    """
    from dataclasses import replace

    evidence = dict(first.evidence)
    for eid, item in second.evidence.items():
        if item.case not in first.config.cases:
            continue
        tests = [t for t in item.tests if t.hypothesis in first.hypotheses]
        if tests:
            evidence[eid] = item if len(tests) == len(item.tests) else item.model_copy(update={"tests": tests})
        else:
            evidence.pop(eid, None)
    return replace(first, evidence=evidence)


def _measure(units: list[Unit], which: str, seed: int, replicates: int) -> Alpha:
    def value(c: Coding | None):
        if c is None:
            return None
        return c.both if which == "type_result" else getattr(c, which)

    data = [[value(u.first) for u in units], [value(u.second) for u in units]]
    pairable = [u for u in units if u.pairable]
    same = sum(1 for u in pairable if value(u.first) == value(u.second))
    return Alpha(value=alpha(data), interval=bootstrap(data, replicates=replicates, seed=seed),
                 agreement=same / len(pairable) if pairable else None, units=len(pairable))


def _measures(units: list[Unit], seed: int, replicates: int) -> dict[str, Alpha]:
    return {m: _measure(units, m, seed, replicates) for m in MEASURES}


def _group(units: list[Unit], key: str, order: list[str], seed: int, replicates: int) -> dict[str, dict[str, Alpha]]:
    groups: dict[str, list[Unit]] = {k: [] for k in order}
    for u in units:
        groups.setdefault(getattr(u, key), []).append(u)
    return {k: _measures(us, seed, replicates) for k, us in groups.items() if us}


def _verdicts(first: "Study", second: "Study") -> list[Verdicts]:
    from .results import score_study

    def table(study):
        return {(p.hypothesis, p.case): {"bayes": p.bayes, "van_evera": p.van_evera, "posterior": p.posterior}
                for p in score_study(study, draws=0).pairs}

    a, b = table(first), table(merged(first, second))
    return [Verdicts(h, c, a.get((h, c)), b.get((h, c))) for (h, c) in [*a, *(k for k in b if k not in a)]]


def compare_codings(first: "Study", second: "Study", seed: int = 0, replicates: int = BOOTSTRAP_REPLICATES,
                    first_label: str = "first", second_label: str = "second") -> Agreement:
    """The agreement of two codings of one study (pure: reads nothing, writes nothing)."""
    units = align(first, second)
    hyp_order = [*first.hypotheses, *(h for h in second.hypotheses if h not in first.hypotheses)]
    case_order = [*first.config.cases, *(c for c in second.config.cases if c not in first.config.cases)]
    moves = [(eid, item.case, second.evidence[eid].case) for eid, item in first.evidence.items()
             if eid in second.evidence and second.evidence[eid].case != item.case]
    return Agreement(
        title=first.title, first_label=first_label, second_label=second_label, units=units,
        alpha=_measures(units, seed, replicates),
        by_hypothesis=_group(units, "hypothesis", hyp_order, seed, replicates),
        by_case=_group(units, "case", case_order, seed, replicates),
        verdicts=_verdicts(first, second), seed=seed, replicates=replicates, case_moves=moves,
        unsampled=[eid for eid in first.evidence if eid not in second.evidence],
        items=(len(first.evidence), sum(1 for eid in first.evidence if eid in second.evidence)),
    )

"""The result of scoring a study: pair scores, and the same as pandas DataFrames or a JSON-ready dict."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import views
from .rivals import RivalScore, score_rival_sets
from .scoring import PairScore, ScoredTest, iter_tests, score_pair
from .sensitivity import robustness_counts, wilson_interval
from .words import van_evera_reason

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..reading.study import Study

SCHEMA_VERSION = 1  # keys are only added (contract §7), so the version stays


def json_number(x: float | None) -> Any:
    """JSON has no infinity: write ±inf as the strings "inf" / "-inf" (contract section 7); NaN as null."""
    if x is None:
        return None
    if isinstance(x, float):
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x


@dataclass
class ScoreResult:
    """Scores of every hypothesis × case. ``pairs`` in hypothesis (file) order, then case order."""

    study: "Study"
    pairs: list[PairScore]
    draws: int
    # where the result came from (tool version, time, digest of the files, git commit): set by the
    # commands layer (reading/provenance.py), never computed here; None when nobody asked for it
    provenance: dict | None = None
    # rival sets (contract §8), each in each case; ``rival_sets`` is the same as a DataFrame
    rival_scores: list[RivalScore] = field(default_factory=list)
    # the judgement analyses (contract §9, :mod:`.judgements`): computed on demand (the report, `tracing
    # sensitivity`), never by score_study; None when nobody asked for them
    judgements: Any = None

    def pair(self, hypothesis: str, case: str) -> PairScore:
        for p in self.pairs:
            if p.hypothesis == hypothesis and p.case == case:
                return p
        raise KeyError((hypothesis, case))

    # -- views -------------------------------------------------------------------------
    @cached_property
    def trajectory_rows(self) -> list[dict]:
        return views.trajectory(self.pairs)

    @cached_property
    def phase_rows(self) -> list[dict]:
        return views.phase_scores(self.study, self.pairs)

    @cached_property
    def rival_rows(self) -> list[dict]:
        return views.rivals(self.study, self.pairs)

    @cached_property
    def ach_view(self) -> dict:
        return views.ach(self.study, self.pairs)

    # -- records ---------------------------------------------------------------------------
    def score_records(self) -> list[dict]:
        return [{
            "hypothesis": p.hypothesis, "case": p.case, "prior": p.prior, "posterior": p.posterior,
            "weight_db": p.weight_db, "tests": len(p.tests),
            "verdict": {"bayes": p.bayes, "van_evera": p.van_evera},
            "robustness": p.robustness, "linchpins": list(p.linchpins),
            "prior_bounds": list(p.prior_bounds),
            "robustness_interval": list(p.robustness_interval) if p.robustness_interval is not None else None,
            "source_linchpins": list(p.source_linchpins),
            "conflicts": {"failed": p.conflict_sides[0], "passed": p.conflict_sides[1]} if p.has_conflict else None,
            "van_evera_reason": van_evera_reason(p.tests, p.van_evera),
        } for p in self.pairs]

    def score_rows(self) -> list[dict]:
        """:meth:`score_records` flattened for tables: ``bayes`` and ``van_evera`` as columns of their own, the
        prior bounds as ``prior_low``/``prior_high``, the robustness interval as ``robustness_low``/``robustness_high``."""
        rows = []
        for r in self.score_records():
            v = r.pop("verdict")
            r["bayes"], r["van_evera"] = v["bayes"], v["van_evera"]
            r["prior_low"], r["prior_high"] = r.pop("prior_bounds")
            r["robustness_low"], r["robustness_high"] = r.pop("robustness_interval") or (None, None)
            rows.append(r)
        return rows

    def test_records(self) -> list[dict]:
        return [{
            "hypothesis": t.hypothesis, "case": t.case, "evidence": t.evidence, "type": t.type, "result": t.result,
            "p_e_h": t.p_e_h, "p_e_not_h": t.p_e_not_h, "override": t.override, "lr": t.lr,
            "weight_db": t.weight_db, "effective_db": t.effective_db, "cluster": t.cluster,
            "date": t.date, "phase": t.phase, "congruence": t.congruence, "note": t.note,
        } for p in self.pairs for t in p.tests]

    def to_dict(self) -> dict:
        """The JSON document of ``tracing score --format json`` (contract section 7), infinities as strings."""
        sc = self.study.config.scoring

        def clean(obj):
            if isinstance(obj, dict):
                return {k: clean(v) for k, v in obj.items()}
            if isinstance(obj, list):
                return [clean(v) for v in obj]
            return json_number(obj) if isinstance(obj, float) else obj

        return clean({
            "schema_version": SCHEMA_VERSION,
            "study": self.study.title,
            "settings": {
                "prior": sc.prior, "thresholds": sc.thresholds.model_dump(), "congruence": sc.congruence.model_dump(),
                "dependence": {"discount": sc.dependence.discount, "range": list(sc.dependence.range)},
                "method": sc.method, "draws": self.draws, "seed": sc.seed, "vary": sc.vary,
                "tests": sc.tests.model_dump(), "ranges": {k: {kk: list(vv) for kk, vv in v.items()}
                                                           for k, v in sc.ranges.model_dump().items()},
            },
            "scores": self.score_records(),
            "evidence_tests": self.test_records(),
            "trajectory": self.trajectory_rows,
            "phases": self.phase_rows,
            "rivals": self.rival_rows,
            "rival_sets": self.rival_set_records(),
            "ach": self.ach_view,
            "provenance": self.provenance,
        })

    def rival_set_records(self) -> list[dict]:
        """Each rival set in each case as the JSON has it (contract §7)."""
        return [{
            "rival_set": r.rival_set, "case": r.case, "posteriors": r.posteriors, "priors": r.priors,
            "best": r.best, "runner_up": r.runner_up, "margin_db": r.margin_db, "robustness": r.robustness,
            "robustness_interval": list(r.robustness_interval) if r.robustness_interval else None,
            "weights_db": r.weights_db,
        } for r in self.rival_scores]

    def rival_score(self, rival_set: str, case: str) -> RivalScore:
        for r in self.rival_scores:
            if r.rival_set == rival_set and r.case == case:
                return r
        raise KeyError((rival_set, case))

    # -- pandas --------------------------------------------------------------------------------
    @property
    def rival_sets(self) -> "pd.DataFrame":
        """One row per rival set × case × member (and the residual): prior, posterior, best, margin, robustness."""
        import pandas as pd

        rows = [{"rival_set": r.rival_set, "case": r.case, "member": k, "prior": r.priors[k],
                 "posterior": r.posteriors[k], "best": k == r.best, "margin_db": r.margin_db,
                 "robustness": r.robustness} for r in self.rival_scores for k in r.keys]
        return pd.DataFrame(rows, columns=["rival_set", "case", "member", "prior", "posterior", "best", "margin_db",
                                           "robustness"])

    @property
    def scores(self) -> "pd.DataFrame":
        """One row per hypothesis × case: prior, posterior, weight_db, tests, bayes, van_evera, robustness, linchpins,
        the prior bounds (prior_low, prior_high), the robustness interval and the source linchpins."""
        import pandas as pd

        return pd.DataFrame(self.score_rows(), columns=[
            "hypothesis", "case", "prior", "posterior", "weight_db", "tests", "bayes", "van_evera", "robustness",
            "linchpins", "conflicts", "van_evera_reason", "prior_low", "prior_high", "robustness_low",
            "robustness_high", "source_linchpins"])

    @property
    def tests(self) -> "pd.DataFrame":
        """One row per test (congruence included): likelihoods, LR and weight in decibans."""
        import pandas as pd

        return pd.DataFrame(self.test_records(), columns=[
            "hypothesis", "case", "evidence", "type", "result", "p_e_h", "p_e_not_h", "override", "lr", "weight_db",
            "effective_db", "cluster", "date", "phase", "congruence", "note"])

    @property
    def trajectory(self) -> "pd.DataFrame":
        """The posterior after each test in time order, per hypothesis × case."""
        import pandas as pd

        return pd.DataFrame(self.trajectory_rows, columns=["hypothesis", "case", "step", "evidence", "date", "phase",
                                                           "weight_db", "posterior"])

    @property
    def phases(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame(self.phase_rows, columns=["hypothesis", "case", "phase", "tests", "weight_db",
                                                      "posterior", "bayes"])

    @property
    def rivals(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame(self.rival_rows, columns=["hypothesis", "rival", "case", "weight_db", "rival_weight_db",
                                                      "difference_db", "posterior", "rival_posterior"])

    @property
    def ach(self) -> "pd.DataFrame":
        """The ACH matrix: one row per evidence item (by diagnosticity), one column per hypothesis: C, I or blank."""
        import pandas as pd

        view = self.ach_view
        rows = []
        for r in view["rows"]:
            row = {"evidence": r["evidence"], "case": r["case"], "diagnosticity_db": r["diagnosticity_db"]}
            for h in view["hypotheses"]:
                row[h] = r["cells"][h]["mark"] if h in r["cells"] else ""
            rows.append(row)
        return pd.DataFrame(rows, columns=["evidence", "case", "diagnosticity_db", *view["hypotheses"]])


def score_study(study: "Study", draws: int | None = None) -> ScoreResult:
    """Score every hypothesis × case of ``study``; ``draws`` overrides scoring.draws."""

    cfg = study.config
    sc = cfg.scoring
    by_pair: dict[tuple[str, str], list[ScoredTest]] = {(h, c): [] for h in study.hypotheses for c in cfg.cases}
    sources = {eid: list(dict.fromkeys(s.key for s in e.sources)) for eid, e in study.evidence.items()}
    for t in iter_tests(cfg, study.hypotheses, study.evidence):
        by_pair[(t.hypothesis, t.case)].append(t)
    pairs = []
    for (hid, cid), tests in by_pair.items():
        h = study.hypotheses[hid]
        prior = h.prior if h.prior is not None else sc.prior
        pairs.append(score_pair(h, cid, tests, prior, sc.thresholds.confirmed, sc.thresholds.rejected,
                                sc.dependence.discount, sources))
    n_draws = sc.draws if draws is None else draws
    if n_draws > 0:
        for pair, k in zip(pairs, robustness_counts(pairs, sc, n_draws, sc.seed)):
            pair.robustness = float(k) / n_draws
            pair.robustness_interval = wilson_interval(int(k), n_draws)
    rivals = score_rival_sets(study, pairs, n_draws) if cfg.rival_sets else []
    return ScoreResult(study=study, pairs=pairs, draws=n_draws, rival_scores=rivals)

"""The scoring engine (contract section 6): likelihood ratios, posteriors, both verdicts, linchpins.

Point estimates are plain Python floats (exact elimination and proof: an LR of
0 or infinity is counted, never approximated); the sensitivity analysis is
array work in :mod:`tracing.sensitivity`; rivals, trajectories and the ACH view
live in :mod:`tracing.views`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .models import EvidenceItem, Hypothesis, StudyConfig

if TYPE_CHECKING:  # pragma: no cover
    from .results import ScoreResult
    from .study import Study

INF = math.inf
NECESSARY = ("hoop", "doubly_decisive")      # failing eliminates (Van Evera)
SUFFICIENT = ("smoking_gun", "doubly_decisive")  # passing confirms (Van Evera)


@dataclass
class ScoredTest:
    """One test of a hypothesis in a case, with its likelihoods and weight.

    ``evidence`` is the evidence id, or ``congruence:H:C`` for the automatic
    congruence test (``congruence`` is then true).
    """

    hypothesis: str
    case: str
    evidence: str
    type: str
    result: str
    p_e_h: float
    p_e_not_h: float
    override: bool
    lr: float
    date: str | None = None
    phase: str | None = None
    note: str | None = None
    congruence: bool = False

    @property
    def ln_lr(self) -> float:
        return ln(self.lr)

    @property
    def weight_db(self) -> float:
        """Weight of evidence in decibans, 10·log10(LR); ±inf for proof and elimination."""
        if self.lr == 0:
            return -INF
        if self.lr == INF:
            return INF
        return 10.0 * math.log10(self.lr)


def ln(x: float) -> float:
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log(x)


def likelihood_ratio(p: float, q: float, result: str) -> float:
    """LR of a test: p/q for a pass, (1-p)/(1-q) for a fail; 0 eliminates, inf proves; 0/0 is NaN."""
    num, den = (p, q) if result == "pass" else (1.0 - p, 1.0 - q)
    if den == 0:
        return math.nan if num == 0 else INF
    return num / den


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def posterior_from(prior: float, finite: float, zeros: int, infs: int) -> float:
    """Posterior from the prior, the sum of finite ln LRs, and the counts of LR = 0 and LR = inf."""
    if zeros and infs:
        return math.nan
    if zeros:
        return 0.0
    if infs:
        return 1.0
    if finite == 0.0:
        return prior  # exact: no net evidence leaves the prior as it was
    lo = logit(prior) + finite
    if lo >= 0:
        return 1.0 / (1.0 + math.exp(-lo))
    e = math.exp(lo)
    return e / (1.0 + e)


def bayes_verdict(posterior: float, n_tests: int, confirmed: float, rejected: float) -> str:
    """Contract 6.4 and 6.6: no tests is always inconclusive."""
    if n_tests == 0 or math.isnan(posterior):
        return "inconclusive"
    if posterior >= confirmed:
        return "confirmed"
    if posterior <= rejected:
        return "rejected"
    return "inconclusive"


def van_evera_verdict(tests: list[ScoredTest]) -> str:
    """Contract 6.5: a failed hoop or doubly-decisive test rejects; else a passed smoking gun or DD confirms."""
    if any(t.result == "fail" and t.type in NECESSARY for t in tests):
        return "rejected"
    if any(t.result == "pass" and t.type in SUFFICIENT for t in tests):
        return "confirmed"
    return "inconclusive"


def van_evera_reason(tests: list[ScoredTest], verdict: str) -> str:
    """The categorical reasoning in one sentence, e.g. 'fails the hoop test on AFG-CSTO-04: rejected'."""
    def names(pred):
        return sorted({f"{t.type.replace('_', ' ')} test on {t.evidence}" for t in tests if pred(t)})

    if not tests:
        return "no tests: inconclusive"
    if verdict == "rejected":
        failed = names(lambda t: t.result == "fail" and t.type in NECESSARY)
        return "fails the " + "; the ".join(failed) + ": rejected"
    if verdict == "confirmed":
        passed = names(lambda t: t.result == "pass" and t.type in SUFFICIENT)
        return "passes the " + "; the ".join(passed) + ", and fails no hoop test: confirmed"
    return "fails no hoop test and passes no smoking gun: inconclusive"


def conflict_sides(tests: list[ScoredTest]) -> tuple[list[str], list[str]]:
    """The two sides of a conflict: items failing a necessary test, items passing a sufficient one."""
    return ([t.evidence for t in tests if t.result == "fail" and t.type in NECESSARY],
            [t.evidence for t in tests if t.result == "pass" and t.type in SUFFICIENT])


def _test_likelihoods(config: StudyConfig, type_: str, p: float | None, q: float | None) -> tuple[float, float, bool]:
    if p is not None and q is not None:
        return p, q, True
    lk = getattr(config.scoring.tests, type_)
    return lk.p_e_h, lk.p_e_not_h, False


def iter_tests(config: StudyConfig, hypotheses: dict[str, Hypothesis],
               evidence: dict[str, EvidenceItem], observed=None) -> Iterator[ScoredTest]:
    """Every test of the study, evidence tests first (file order), then congruence tests (contract 6.2)."""
    for e in evidence.values():
        for t in e.tests:
            if t.hypothesis not in hypotheses:
                continue
            p, q, ov = _test_likelihoods(config, t.type, t.p_e_h, t.p_e_not_h)
            yield ScoredTest(t.hypothesis, e.case, e.id, t.type, t.result, p, q, ov,
                             likelihood_ratio(p, q, t.result), e.date, e.phase, t.note)
    ctype = config.scoring.congruence
    if ctype is None or config.outcome is None:
        return
    whole_case = {(o.actor, o.case): o.level for o in config.outcome.observed if o.phase is None}
    for h in hypotheses.values():
        for cid, levels in h.predictions.items():
            level = whole_case.get((h.actor, cid))
            if level is None or cid not in config.cases:
                continue
            result = "pass" if level in levels else "fail"
            p, q, _ = _test_likelihoods(config, ctype, None, None)
            note = (f"observed {level}; predicted {' or '.join(levels)}")
            yield ScoredTest(h.id, cid, f"congruence:{h.id}:{cid}", ctype, result, p, q, False,
                             likelihood_ratio(p, q, result), None, None, note, congruence=True)


def check_likelihoods(config: StudyConfig, hypotheses, evidence, files) -> list[tuple]:
    """Problems of the likelihoods in force: 0/0 ratios and contradictions (contract 6.1).

    Returns ``(rel, path, name, message, hint)`` tuples for the loader to place.
    """
    problems: list[tuple] = []
    for type_ in ("straw_in_the_wind", "hoop", "smoking_gun", "doubly_decisive"):
        lk = getattr(config.scoring.tests, type_)
        if lk.p_e_h == lk.p_e_not_h and lk.p_e_h in (0.0, 1.0):
            problems.append(("study.yaml", ("scoring", "tests", type_), "likelihood.undefined",
                             f"{type_} with p_e_h = p_e_not_h = {lk.p_e_h:g} gives a 0/0 likelihood ratio",
                             None))
    zero: dict[tuple, ScoredTest] = {}
    inf: dict[tuple, ScoredTest] = {}
    for t in iter_tests(config, hypotheses, evidence):
        if math.isnan(t.lr):
            continue  # 0/0 overrides are refused by the model; 0/0 defaults are reported above
        if t.lr == 0:
            zero.setdefault((t.hypothesis, t.case), t)
        elif t.lr == INF:
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


@dataclass
class PairScore:
    """The score of one hypothesis in one case."""

    hypothesis: str
    case: str
    prior: float
    posterior: float
    weight_db: float
    tests: list[ScoredTest]
    bayes: str
    van_evera: str
    van_evera_reason: str
    conflict_sides: tuple[list[str], list[str]]
    linchpins: list[str]
    robustness: float | None = None
    finite: float = 0.0
    zeros: int = 0
    infs: int = 0

    @property
    def verdict(self) -> dict[str, str]:
        return {"bayes": self.bayes, "van_evera": self.van_evera}

    def iter_conflicts(self) -> Iterator[tuple[str, str]]:
        """The (failed necessary, passed sufficient) pairs of different items, lazily: there are as many as
        the product of the two sides, and most callers want only the first."""
        failed, passed = self.conflict_sides
        return ((f, p) for f in failed for p in passed if f != p)

    @property
    def has_conflict(self) -> bool:
        """A necessary test failed on one item while a sufficient test passed on another (contract 6.5)."""
        return next(self.iter_conflicts(), None) is not None

    @property
    def conflicts(self) -> list[tuple[str, str]]:
        """Every (failed necessary, passed sufficient) combination."""
        return list(self.iter_conflicts())


def add_test(state: tuple[float, int, int], t: ScoredTest) -> tuple[float, int, int]:
    """Add one test to (sum of finite ln LRs, count of LR = 0, count of LR = inf)."""
    finite, zeros, infs = state
    if t.lr == 0:
        return finite, zeros + 1, infs
    if t.lr == INF:
        return finite, zeros, infs + 1
    return finite + math.log(t.lr), zeros, infs


def pair_state(tests: list[ScoredTest]) -> tuple[float, int, int]:
    """The exact evidence state of a set of tests: finite ln-LR sum, eliminations, proofs."""
    state = (0.0, 0, 0)
    for t in tests:
        state = add_test(state, t)
    return state


def weight_of(finite: float, zeros: int, infs: int) -> float:
    """Weight of evidence in decibans of an evidence state (±inf for elimination or proof)."""
    return -INF if zeros else (INF if infs else 10.0 * finite / math.log(10))


def score_pair(h: Hypothesis, case: str, tests: list[ScoredTest], prior: float,
               confirmed: float, rejected: float) -> PairScore:
    finite, zeros, infs = pair_state(tests)
    post = posterior_from(prior, finite, zeros, infs)
    weight = weight_of(finite, zeros, infs)
    bayes = bayes_verdict(post, len(tests), confirmed, rejected)
    ve = van_evera_verdict(tests)
    linchpins = []
    for t in tests:
        if t.congruence:
            continue
        tf = 0.0 if t.lr in (0, INF) else math.log(t.lr)
        p2 = posterior_from(prior, finite - tf, zeros - (t.lr == 0), infs - (t.lr == INF))
        if bayes_verdict(p2, len(tests) - 1, confirmed, rejected) != bayes:
            linchpins.append(t.evidence)
    return PairScore(h.id, case, prior, post, weight, tests, bayes, ve, van_evera_reason(tests, ve),
                     conflict_sides(tests), sorted(linchpins), None, finite, zeros, infs)


def score_study(study: "Study", draws: int | None = None) -> "ScoreResult":
    """Score every hypothesis × case of ``study``; ``draws`` overrides scoring.draws."""
    from .results import ScoreResult
    from .sensitivity import robustness

    cfg = study.config
    sc = cfg.scoring
    by_pair: dict[tuple[str, str], list[ScoredTest]] = {(h, c): [] for h in study.hypotheses for c in cfg.cases}
    for t in iter_tests(cfg, study.hypotheses, study.evidence):
        by_pair[(t.hypothesis, t.case)].append(t)
    pairs = []
    for (hid, cid), tests in by_pair.items():
        h = study.hypotheses[hid]
        prior = h.prior if h.prior is not None else sc.prior
        pairs.append(score_pair(h, cid, tests, prior, sc.thresholds.confirmed, sc.thresholds.rejected))
    n_draws = sc.draws if draws is None else draws
    if n_draws > 0:
        for pair, rob in zip(pairs, robustness(pairs, sc, n_draws, sc.seed)):
            pair.robustness = rob
    return ScoreResult(study=study, pairs=pairs, draws=n_draws)


__all__ = [
    "INF", "PairScore", "ScoredTest", "bayes_verdict", "check_likelihoods", "conflict_sides", "iter_tests",
    "likelihood_ratio", "logit", "posterior_from", "score_pair", "score_study", "van_evera_verdict",
]

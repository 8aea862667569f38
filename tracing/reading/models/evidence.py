"""evidence/…/ID.yaml (or .md with front matter): one coded evidence item and its tests."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from ...testtypes import TEST_TYPES
from .common import DateStr, FreeText, Id, Probability, StrictModel, TestType


class SourceRef(StrictModel):
    key: FreeText = Field(description="Citation key; must exist in the bibliography.")
    pages: FreeText | None = Field(None, description="Pages or location, free text (\"175\", \"12-14\", \"para. 8\", \"section 5.1\").")


class EvidenceTest(StrictModel):
    """What one evidence item shows about one hypothesis (a Van Evera test)."""

    hypothesis: Id = Field(description="Id of the hypothesis tested.")
    type: TestType = Field(description=" | ".join(TEST_TYPES) + ".")
    result: Literal["pass", "fail", "pending"] | None = Field(
        None, description="pass (the predicted trace is present) | fail (it is absent); required unless the item is "
                          "planned, whose tests give none or 'pending'.")
    note: FreeText | None = Field(None, description="One-line justification of type and result.")
    p_e_h: Probability | None = Field(None, description="Override of P(E|H); give both or neither.")
    p_e_not_h: Probability | None = Field(None, description="Override of P(E|not H); give both or neither.")

    @model_validator(mode="after")
    def _pair(self):
        if (self.p_e_h is None) != (self.p_e_not_h is None):
            missing = "p_e_not_h" if self.p_e_not_h is None else "p_e_h"
            raise PydanticCustomError("likelihood.half", "only one likelihood given; {m} is missing", {"m": missing})
        if self.p_e_h is not None:
            undefined = (self.result == "pass" and self.p_e_h == 0 and self.p_e_not_h == 0) or (
                self.result == "fail" and self.p_e_h == 1 and self.p_e_not_h == 1)
            if undefined:
                raise PydanticCustomError(
                    "likelihood.undefined", "the likelihood ratio of this {r}ed test is 0/0", {"r": self.result})
        return self


class EvidenceItem(StrictModel):
    id: Id = Field(description="Evidence id, unique in the study (e.g. AFG-NATO-03).")
    claim: FreeText = Field(description="What the evidence shows, in one sentence.")
    case: Id = Field(description="Case id the item belongs to.")
    actors: list[Id] = Field(default_factory=list, description="Actor ids involved.")
    date: DateStr | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    phase: Id | None = Field(None, description="Phase id of the case.")
    kind: Literal["primary", "secondary", "mixed"] | None = Field(None, description="primary | secondary | mixed.")
    status: Literal["observed", "planned"] = Field(
        "observed", description="observed (default) | planned: a trace still to look for; its tests give a type and "
                                "no result, and it takes no part in scores, verdicts or check (`tracing plan`).")
    sources: list[SourceRef] = Field(default_factory=list, description="Citations: bibliography key and pages.")
    quote: FreeText | None = Field(None, description="Optional short quotation.")
    tests: list[EvidenceTest] = Field(min_length=1, description="At least one test of a hypothesis.")
    likelihoods: dict[Id, Probability] | None = Field(
        None, description="Rival sets only (contract §8): P(this evidence as recorded | h) for hypotheses of rival "
                          "sets, and 'residual' for 'none of these'.")
    cluster: Id | None = Field(None, description="Items reporting the same underlying fact share a cluster id; "
                                                 "one cluster lies within one case (contract §6.10).")
    coder: FreeText | None = Field(None, description="Who coded the item.")
    notes: FreeText | None = Field(None, description="Free notes (the Markdown body in .md files).")

    @model_validator(mode="wrap")
    @classmethod
    def _results(cls, data, handler):
        """An observed item's tests give pass or fail; a planned item's tests give none (or 'pending'). Each
        problem is placed at its test, and reported with the item's other problems (every problem at once)."""
        problems = _result_problems(data)
        try:
            item = handler(data)
        except ValidationError as exc:
            if not problems:
                raise
            raise ValidationError.from_exception_data(cls.__name__, [_again(e) for e in exc.errors()] + problems)
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return item

    @property
    def planned(self) -> bool:
        """A trace still to look for (``status: planned``): it takes no part in any score."""
        return self.status == "planned"


def _result_problems(data) -> list[InitErrorDetails]:
    """The results that do not fit the item's status, read from the raw mapping (before its fields are
    validated, so they are reported with every other problem of the file)."""
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        return []
    planned = data.get("status") == "planned"
    if not planned and data.get("status", "observed") != "observed":
        return []  # an unknown status is reported by the field itself
    out = []
    for j, t in enumerate(data["tests"]):
        if not isinstance(t, dict):
            continue
        r = t.get("result")
        if planned and r in ("pass", "fail"):
            out.append(InitErrorDetails(type=PydanticCustomError(
                "test.result-planned", "this item is planned (not looked for yet), but its test gives result "
                "'{r}'", {"r": r}), loc=("tests", j, "result"), input=r))
        elif not planned and r == "pending":
            out.append(InitErrorDetails(type=PydanticCustomError(
                "test.result-pending", "result 'pending' is for planned items; this item is observed"),
                loc=("tests", j, "result"), input=r))
        elif not planned and t.get("result") is None:
            out.append(InitErrorDetails(type="missing", loc=("tests", j, "result"), input=t))
    return out


def _again(e: dict) -> InitErrorDetails:
    """An error of ``ValidationError.errors()`` as it was raised (to be raised again with others)."""
    ctx = e.get("ctx")
    try:
        PydanticKnownError(e["type"], ctx)
        kind = e["type"]
    except (KeyError, TypeError):
        kind = PydanticCustomError(e["type"], e["msg"].replace("{", "{{").replace("}", "}}") if ctx else e["msg"],
                                   ctx)
    out = InitErrorDetails(type=kind, loc=tuple(e["loc"]), input=e.get("input"))
    if ctx is not None and isinstance(kind, str):
        out["ctx"] = ctx
    return out

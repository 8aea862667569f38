"""evidence/…/ID.yaml (or .md with front matter): one coded evidence item and its tests."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ...testtypes import TEST_TYPES
from .common import DateStr, FreeText, Id, Probability, Result, StrictModel, TestType


class SourceRef(StrictModel):
    key: FreeText = Field(description="Citation key; must exist in the bibliography.")
    pages: FreeText | None = Field(None, description="Pages or location, free text (\"175\", \"12-14\", \"para. 8\", \"section 5.1\").")


class EvidenceTest(StrictModel):
    """What one evidence item shows about one hypothesis (a Van Evera test)."""

    hypothesis: Id = Field(description="Id of the hypothesis tested.")
    type: TestType = Field(description=" | ".join(TEST_TYPES) + ".")
    result: Result = Field(description="pass (the predicted trace is present) | fail (it is absent).")
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
    sources: list[SourceRef] = Field(default_factory=list, description="Citations: bibliography key and pages.")
    quote: FreeText | None = Field(None, description="Optional short quotation.")
    tests: list[EvidenceTest] = Field(min_length=1, description="At least one test of a hypothesis.")
    cluster: Id | None = Field(None, description="Items reporting the same underlying fact share a cluster id; "
                                                 "one cluster lies within one case (contract §6.10).")
    coder: FreeText | None = Field(None, description="Who coded the item.")
    notes: FreeText | None = Field(None, description="Free notes (the Markdown body in .md files).")

"""conclusions.yaml: the verdicts the researcher claims; `tracing check` asserts them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import FreeText, Id, Method, Probability, StrictModel, Verdict


class Conclusion(StrictModel):
    hypothesis: Id = Field(description="Hypothesis id.")
    case: Id = Field(description="Case id.")
    verdict: Verdict = Field(description="confirmed | rejected | inconclusive.")
    method: Method | None = Field(None, description="bayes | van_evera; default scoring.method.")
    min_robustness: Probability | None = Field(None, description="Share of sensitivity draws that must agree with the verdict.")
    severity: Literal["error", "warn"] = Field("error", description="error fails the check; warn only reports.")
    note: FreeText | None = Field(None, description="Where the claim comes from, or why it is a warning.")


class ConclusionsFile(StrictModel):
    conclusions: list[Conclusion] = Field(default_factory=list, description="The asserted verdicts.")

"""conclusions.yaml: the verdicts the researcher claims; `tracing check` asserts them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .common import FreeText, Id, Method, Probability, StrictModel, Verdict


class Conclusion(StrictModel):
    """A claimed verdict on one hypothesis in one case, or the claimed best member of a rival set in one case."""

    hypothesis: Id | None = Field(None, description="Hypothesis id (a conclusion on one hypothesis).")
    case: Id = Field(description="Case id.")
    verdict: Verdict | None = Field(None, description="confirmed | rejected | inconclusive (with hypothesis).")
    rival_set: Id | None = Field(None, description="Rival set id (a conclusion on a rival set, contract §8.8).")
    best: Id | None = Field(None, description="The member claimed to have the highest posterior (with rival_set).")
    min_margin_db: float | None = Field(None, description="Posterior odds of best over the runner-up, in dB, "
                                        "at least this (with rival_set).")
    method: Method | None = Field(None, description="bayes | van_evera; default scoring.method.")
    min_robustness: Probability | None = Field(None, description="Share of sensitivity draws that must agree with the verdict.")
    severity: Literal["error", "warn"] = Field("error", description="error fails the check; warn only reports.")
    note: FreeText | None = Field(None, description="Where the claim comes from, or why it is a warning.")

    @model_validator(mode="after")
    def _one_form(self):
        if self.rival_set is not None:
            if self.hypothesis is not None or self.verdict is not None:
                raise PydanticCustomError("conclusion.form", "a conclusion is on a hypothesis (hypothesis, verdict) "
                                          "or on a rival set (rival_set, best), not both", {})
            if self.best is None:
                raise PydanticCustomError("conclusion.form", "a conclusion on a rival set needs 'best': the member "
                                          "claimed to lead", {})
            if self.method == "van_evera":
                raise PydanticCustomError("conclusion.form", "a rival set has no Van Evera verdict; leave 'method' out",
                                          {})
        else:
            if self.best is not None or self.min_margin_db is not None:
                raise PydanticCustomError("conclusion.form", "'best' and 'min_margin_db' belong to a conclusion on a "
                                          "rival set (add 'rival_set')", {})
            if self.hypothesis is None or self.verdict is None:
                raise PydanticCustomError("conclusion.form", "a conclusion needs 'hypothesis' and 'verdict' (or "
                                          "'rival_set' and 'best')", {})
        return self

    @property
    def subject(self) -> str:
        """What the conclusion is about: the hypothesis id, or the rival set id."""
        return self.rival_set if self.rival_set is not None else self.hypothesis  # type: ignore[return-value]


class ConclusionsFile(StrictModel):
    conclusions: list[Conclusion] = Field(default_factory=list, description="The asserted verdicts.")

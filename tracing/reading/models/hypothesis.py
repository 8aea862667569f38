"""hypotheses/ID.yaml: one hypothesis, its predictions per case and its rivals."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StrictBool, WithJsonSchema

from .common import FreeText, Id, Prior, StrictModel


def _as_list(value: Any) -> Any:
    return [value] if not isinstance(value, list) else value


# one level, or a list of acceptable levels; stored as a list
Levels = Annotated[
    list[Id],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}),
]


class Hypothesis(StrictModel):
    id: Id = Field(description="Hypothesis id, unique in the study (e.g. H1).")
    title: FreeText = Field(description="Short label for tables.")
    statement: FreeText = Field(description="The hypothesis as stated.")
    theory: FreeText | None = Field(None, description="Theory it derives from; groups rivals in reports.")
    actor: Id | None = Field(None, description="Actor id the hypothesis is about.")
    prior: Prior | None = Field(None, description="Prior probability; overrides scoring.prior.")
    predictions: dict[Id, Levels] = Field(
        default_factory=dict, description="Expected outcome level per case: one level, or a list of acceptable levels.")
    rivals: list[Id] = Field(default_factory=list, description="Ids of rival hypotheses, shown side by side in reports.")
    ex_post: StrictBool = Field(False, description="True when the predictions were written knowing the outcome: "
                                             "then no congruence test is added for this hypothesis.")
    notes: FreeText | None = Field(None, description="Optional notes (the Markdown body in .md files).")

    def predicted_levels(self, case: str) -> list[str] | None:
        p = self.predictions.get(case)
        return list(p) if p is not None else None

"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from conftest import ROOT
from tracing.reading.diagnostics import REGISTRY, render_docs


def test_every_code_is_documented_with_examples():
    for c in REGISTRY.values():
        assert c.summary and c.bad and c.good, c.code


def test_diagnostics_page_is_generated_from_the_registry():
    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert page == render_docs(), "regenerate with: python -m tracing.reading.diagnostics > docs/diagnostics.md"
    for code in REGISTRY:
        assert f"## {code}" in page


def test_every_model_field_has_a_description():
    from pydantic import BaseModel

    import tracing.reading.models as m

    for name in dir(m):
        cls = getattr(m, name)
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            for fname, field in cls.model_fields.items():
                assert field.description, f"{name}.{fname} has no description"

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


def _models_reachable_from_the_files():
    """Every model a study file can contain: the four file models and every model nested in their fields."""
    import typing

    from pydantic import BaseModel

    from tracing.reading.schema import KINDS

    seen: dict[str, type] = {}

    def walk(tp):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ in seen:
                return
            seen[tp.__name__] = tp
            for f in tp.model_fields.values():
                walk(f.annotation)
            return
        for arg in typing.get_args(tp):
            walk(arg)

    for model in KINDS.values():
        walk(model)
    return seen


def test_every_model_field_has_a_description():
    models = _models_reachable_from_the_files()
    # the nested tables of study.yaml are found too, not only what a package exports
    assert {"TestTable", "RangeTable", "Thresholds", "Likelihoods", "RangePair", "Scoring"} <= set(models)
    for name, cls in models.items():
        for fname, field in cls.model_fields.items():
            assert field.description, f"{name}.{fname} has no description"


def test_the_package_version_is_the_distributions():
    import tomllib

    from tracing.version import __version__

    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == __version__

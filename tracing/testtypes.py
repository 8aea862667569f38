"""The registry of Van Evera's test types: the one place a test type is defined.

Everything else derives from :data:`TYPES`: the ``type`` field of an evidence
test, the default likelihood and sensitivity tables of study.yaml (and their
JSON Schema), the categorical roles of the Van Evera verdict, the sensitivity
columns, the labels and abbreviations in reports. Adding a test type means
adding one :class:`TypeSpec` here, documenting it in docs/study-format.md and
docs/method.md, and giving it a worked example in the tests.

This module sits below every layer (reading, engine, output) and imports
nothing from the package.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeSpec:
    """One test type: its id in study files, how reports name it, its Van Evera role and default likelihoods.

    ``necessary``: failing it eliminates the hypothesis (Van Evera rejected);
    ``sufficient``: passing it confirms. ``p_e_h``/``p_e_not_h`` are the default
    likelihoods of a *passed* test; ``range_p``/``range_q`` their sensitivity ranges.
    """

    id: str
    label: str
    abbrev: str
    necessary: bool
    sufficient: bool
    p_e_h: float
    p_e_not_h: float
    range_p: tuple[float, float]
    range_q: tuple[float, float]


TYPES: tuple[TypeSpec, ...] = (
    TypeSpec("straw_in_the_wind", "straw in the wind", "SW", False, False, 0.6, 0.4, (0.5, 0.7), (0.3, 0.5)),
    TypeSpec("hoop", "hoop", "H", True, False, 0.95, 0.6, (0.9, 0.99), (0.4, 0.8)),
    TypeSpec("smoking_gun", "smoking gun", "SG", False, True, 0.4, 0.05, (0.2, 0.6), (0.01, 0.1)),
    TypeSpec("doubly_decisive", "doubly decisive", "DD", True, True, 0.95, 0.05, (0.9, 0.99), (0.01, 0.1)),
)

BY_ID: dict[str, TypeSpec] = {t.id: t for t in TYPES}
TEST_TYPES: tuple[str, ...] = tuple(t.id for t in TYPES)
NECESSARY: frozenset[str] = frozenset(t.id for t in TYPES if t.necessary)     # failing eliminates (Van Evera)
SUFFICIENT: frozenset[str] = frozenset(t.id for t in TYPES if t.sufficient)   # passing confirms (Van Evera)
RESULTS: tuple[str, ...] = ("pass", "fail")


def label(type_: str) -> str:
    """How people read a test type: ``smoking gun``."""
    spec = BY_ID.get(type_)
    return spec.label if spec else type_.replace("_", " ")


def default_tests() -> dict[str, dict[str, float]]:
    """The default ``scoring.tests`` table."""
    return {t.id: {"p_e_h": t.p_e_h, "p_e_not_h": t.p_e_not_h} for t in TYPES}


def default_ranges() -> dict[str, dict[str, list[float]]]:
    """The default ``scoring.ranges`` table."""
    return {t.id: {"p_e_h": list(t.range_p), "p_e_not_h": list(t.range_q)} for t in TYPES}


def eliminates(type_: str, result: str) -> bool:
    """Van Evera: a failed necessary test rejects the hypothesis."""
    return result == "fail" and type_ in NECESSARY


def confirms(type_: str, result: str) -> bool:
    """Van Evera: a passed sufficient test confirms the hypothesis."""
    return result == "pass" and type_ in SUFFICIENT

"""Field types shared by the study file models: ids, probabilities, dates, test types."""

from __future__ import annotations

import datetime as _dt
import re
import sys
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ...testtypes import TEST_TYPES

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")

TestType = Literal[TEST_TYPES]  # type: ignore[valid-type]  # the registry's ids
Result = Literal["pass", "fail"]
Verdict = Literal["confirmed", "rejected", "inconclusive"]
Method = Literal["bayes", "van_evera"]


class StrictModel(BaseModel):
    """Base of every study file model: unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, validate_default=False)


def _shown(value: Any) -> str:
    """A value as the researcher wrote it: true, null, a list, a mapping."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int) and abs(value) >= 10 ** 40:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[:10]}… ({len(digits)} digits)"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_id(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("field.type", "expected an id (text starting with a letter), got {v}", {"v": _shown(value)})
    if isinstance(value, (int, float)):
        raise PydanticCustomError(
            "id.numeric", "id {v} is a bare number; YAML reads it as a number, not as text", {"v": value})
    if not isinstance(value, str):
        raise PydanticCustomError("field.type", "expected an id (text), got {t}", {"t": _shown(value)})
    if not ID_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "id.invalid", "'{v}' is not a valid id (letter first, then letters, digits, '_', '.', '-')", {"v": value})
    return value


Id = Annotated[str, BeforeValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN.pattern})]


def _check_probability(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("field.type", "expected a probability (a number from 0 to 1), got {v}",
                                  {"v": _shown(value)})
    if isinstance(value, int) and not 0 <= value <= 1:  # before float(): a 400-digit integer does not fit one
        raise PydanticCustomError("probability.range", "probability {v} is outside [0, 1]", {"v": _shown(value)})
    if not (0.0 <= float(value) <= 1.0):  # also refuses NaN
        raise PydanticCustomError("probability.range", "probability {v} is outside [0, 1]", {"v": _shown(value)})
    if 0.0 < value < sys.float_info.min:
        # 1 / 5e-324 overflows to infinity: a likelihood this small would turn into a proof or an elimination
        raise PydanticCustomError("probability.range", "probability {v} is too small to compute with "
                                  "(the smallest is 2.2e-308); write 0 for impossible", {"v": value})
    return float(value)


Probability = Annotated[float, BeforeValidator(_check_probability)]


def _check_prior(value: Any) -> Any:
    value = _check_probability(value)
    if not (0.0 < value < 1.0):
        raise PydanticCustomError("probability.range", "a prior must lie strictly between 0 and 1, got {v}",
                                  {"v": _shown(value)})
    return value


Prior = Annotated[float, BeforeValidator(_check_prior)]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_date(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("field.date", "'{v}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", {"v": _shown(value)})
    if isinstance(value, int):
        value = f"{value:04d}" if 0 < value < 10000 else str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("field.date", "'{v}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", {"v": _shown(value)})
    m = _DATE.fullmatch(value)
    if not m:
        raise PydanticCustomError("field.date", "'{v}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", {"v": _shown(value)})
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError("field.date", "'{v}' is not a real calendar date", {"v": value}) from None
    return value


DateStr = Annotated[str, BeforeValidator(_check_date), WithJsonSchema({"anyOf": [
    {"type": "integer", "minimum": 1, "maximum": 9999},
    {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}]})]
"""A date as written: ``YYYY`` (a number is fine), ``YYYY-MM`` or ``YYYY-MM-DD``; kept as text."""


def _check_count(value: Any) -> Any:
    """A whole number written as one: ``draws: false`` or ``seed: true`` is not 0 or 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 63:
            return int(value)
        raise PydanticCustomError("field.type", "expected a whole number, got {v}", {"v": _shown(value)})
    return value


Count = Annotated[int, BeforeValidator(_check_count)]


def _text(value: Any) -> Any:
    # free text fields accept numbers too (pages: 5), but never lists or mappings
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return value


FreeText = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": ["string", "number"]})]

__all__ = [
    "ID_PATTERN", "TEST_TYPES", "Count", "DateStr", "Field", "FreeText", "Id", "Method", "Prior", "Probability",
    "Result", "StrictModel", "TestType", "Verdict",
]


def distinct(values: list, what: str) -> list:
    """``values`` unchanged when none is listed twice; else a ``field.value`` error naming the first repeat
    (``what``: the word for one value, e.g. "level")."""
    seen = set()
    for v in values:
        if v in seen:
            raise PydanticCustomError("field.value", "{what} '{v}' is listed twice", {"what": what, "v": v})
        seen.add(v)
    return values


def in_period(date: str, start: str | None, end: str | None) -> bool:
    """Whether a date lies in [start, end], compared at the precision written (2003 covers all of 2003)."""
    if start and date[: len(start)] < start[: len(date)]:
        return False
    if end and date[: len(end)] > end[: len(date)]:
        return False
    return True


def before(a: str, b: str) -> bool:
    """Whether date ``a`` ends before date ``b`` starts, at the precision written (2001 is not before 2001-05)."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]

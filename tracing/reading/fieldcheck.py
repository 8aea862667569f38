"""Validating one parsed file against its model, with every problem placed at its line and column."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import BY_NAME, Diagnostic, make
from .yamlread import Document

MAX_PROBLEMS = 100  # per file: a file with a million bad entries must not print a million lines

_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "bool_parsing": "true or false", "list_type": "a list", "tuple_type": "a list",
    "dict_type": "a mapping of keys to values", "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values", "int_from_float": "a whole number",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _unwrap_model(tp: Any) -> type[BaseModel] | None:
    """The model class inside an annotation like ``list[X]``, ``dict[K, X]``, ``X | None``."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(tp)[0])
    for arg in typing.get_args(tp) if origin is not None or isinstance(tp, types.UnionType) else ():
        m = _unwrap_model(arg)
        if m is not None:
            return m
    return None


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """Walk field names along ``path`` (skipping list indices and dict keys) to the model there."""
    current: type[BaseModel] | None = model
    for el in path:
        if current is None:
            return None
        if isinstance(el, str) and el in current.model_fields:
            current = _unwrap_model(current.model_fields[el].annotation)
    return current


def _real_path(loc: tuple, doc: Document) -> tuple[tuple, bool]:
    """Drop pydantic's union/function tags from ``loc``; report whether the error is about a dict key."""
    path: tuple = ()
    is_key = False
    for el in loc:
        if el == "[key]":
            is_key = True
            continue
        candidate = path + (el,)
        if candidate in doc.values or candidate in doc.keys:
            path = candidate
    return path, is_key


def _belongs_below(where: type[BaseModel] | None, field: str) -> str | None:
    """A key of a nested mapping written at this level (a line indented too little): say where it belongs."""
    for name, info in (getattr(where, "model_fields", None) or {}).items():
        inner = _unwrap_model(info.annotation)
        if inner is not None and field in inner.model_fields:
            return (f"'{field}' is a key inside '{name}' (of each of its entries): indent it to line up with "
                    f"the keys there")
    return None


def _did_you_mean(value: Any, choices: list[str]) -> str:
    """A near miss among a field's own choices (``smoking-gun``, ``Hoop``, ``confirm``), else the choices."""
    if isinstance(value, str):
        norm = {c.casefold().replace("-", "_").replace(" ", "_"): c for c in choices}
        key = value.strip().casefold().replace("-", "_").replace(" ", "_")
        close = [norm[key]] if key in norm else (
            difflib.get_close_matches(value.casefold(), choices, n=1, cutoff=0.6)
            or [c for c in choices if len(key) >= 3 and c.startswith(key)][:1])
        if close:
            return f"did you mean '{close[0]}'?"
    return f"choose one of: {', '.join(choices)}" if choices else "choose one of the values listed"


def _custom_hint(typ: str, loc: tuple, value: Any) -> str | None:
    """A hint that fits this value: a percentage, a certain prior, a list where one case belongs."""
    if typ == "probability.range" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 < value <= 100:
            return f"write probabilities as fractions: {value / 100:g}, not {value:g}"
        if value in (0, 1) and loc and loc[-1] == "prior":
            return "a prior of 0 or 1 leaves nothing for evidence to change; write e.g. 0.01 or 0.99"
        if 0 < value < 1e-300:
            return "a likelihood this small is 0 for every purpose: write 0 for impossible evidence"
        return "a probability is a number from 0 to 1"
    if typ == "field.type" and isinstance(value, list) and loc and loc[-1] == "case":
        return ("an evidence item belongs to one case: write one item per case (each its own file and id), "
                "or code the claim once in the case it bears on most")
    return None


def check_model(model: type[BaseModel], data: dict, doc: Document,
                rel: str) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; on failure return every problem as a positioned diagnostic."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc, model, doc, rel)


def errors_to_diagnostics(exc: ValidationError, model: type[BaseModel], doc: Document, rel: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set = set()
    errors = exc.errors(include_url=False)
    for n, err in enumerate(errors):
        if len(out) >= MAX_PROBLEMS:
            out.append(make("file.too-many-problems", rel, 1, 1,
                            f"{len(errors) - n:,} more problems in this file not shown"))
            break
        typ, loc, ctx = err["type"], tuple(err["loc"]), err.get("ctx") or {}
        value = err.get("input")
        hint = None
        if typ == "missing":
            parent, _ = _real_path(loc[:-1], doc)
            line, col = doc.locate_mapping(parent)
            field = loc[-1]
            name, msg = "field.missing", f"missing required key '{field}'"
            where = ".".join(str(p) for p in parent)
            if where:
                msg += f" in '{where}'"
        else:
            path, is_key = _real_path(loc, doc)
            line, col = doc.locate(path, key=True)
            if typ == "extra_forbidden":
                field = loc[-1]
                allowed = sorted(getattr(_model_at(model, loc[:-1]), "model_fields", {}) or {})
                name, msg = "field.unknown", f"unknown key '{field}'"
                close = difflib.get_close_matches(str(field), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else (
                    _belongs_below(_model_at(model, loc[:-1]), str(field))
                    or (f"allowed keys: {', '.join(allowed)}" if allowed else None))
            elif typ in BY_NAME:
                name, msg = typ, err["msg"]
                if is_key:
                    msg = "key " + msg
                hint = _custom_hint(typ, loc, value)
            elif typ in ("literal_error", "enum"):
                name = "field.choice"
                msg = f"{_describe(value)} is not one of: {ctx.get('expected', '')}".replace("'", "'")
                choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
                hint = _did_you_mean(value, choices)
            elif typ in _TYPE_WORDS:
                if isinstance(value, (int, float)) and not isinstance(value, bool) and typ == "string_type" and (
                        loc and loc[-1] in ("id", "hypothesis", "case", "phase", "actor", "level")):
                    name, msg = "id.numeric", f"{value} is a bare number where an id belongs"
                    hint = BY_NAME["id.numeric"].hint
                else:
                    name, msg = "field.type", f"expected {_TYPE_WORDS[typ]}, got {_describe(value)}"
                    if typ in ("list_type", "tuple_type") and isinstance(value, str):
                        hint = f"write a list: [{value}]"
            elif typ in ("too_short", "too_long"):
                name = "field.value"
                msg = f"needs at least {ctx.get('min_length', 1)} entr{'y' if ctx.get('min_length', 1) == 1 else 'ies'}" \
                    if typ == "too_short" else f"at most {ctx.get('max_length')} entries allowed"
            elif typ.startswith(("greater_than", "less_than")):
                name, msg = "field.value", f"{_describe(value)}: {err['msg'].lower()}"
            else:
                name, msg = "field.value", err["msg"]
        key = (line, col, name, msg)
        if key in seen:
            continue
        seen.add(key)
        out.append(make(name, rel, line, col, msg, hint=hint))
    return out

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
    for err in exc.errors(include_url=False):
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
                hint = f"did you mean '{close[0]}'?" if close else (f"allowed keys: {', '.join(allowed)}" if allowed else None)
            elif typ in BY_NAME:
                name, msg = typ, err["msg"]
                if is_key:
                    msg = "key " + msg
            elif typ in ("literal_error", "enum"):
                name = "field.choice"
                msg = f"{_describe(value)} is not one of: {ctx.get('expected', '')}".replace("'", "'")
                choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
                close = difflib.get_close_matches(str(value), choices, n=1) if isinstance(value, str) else []
                if close:
                    hint = f"did you mean '{close[0]}'?"
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

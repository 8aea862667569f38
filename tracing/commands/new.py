"""`tracing init` and `tracing new`: the only commands that write study files, and they never overwrite."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from ..reading.models.common import ID_PATTERN
from ..testtypes import TEST_TYPES
from . import UsageError


class ScaffoldError(UsageError):
    """A scaffold could not be written; the message says why and what to do."""


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically, refusing to replace an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tracing-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        try:
            os.link(tmp, path)  # fails if the target exists: never overwrite
        except FileExistsError:
            raise ScaffoldError(f"{path} already exists; not overwritten") from None
    finally:
        os.unlink(tmp)
    return path


def init_study(directory: Path) -> list[Path]:
    """Create a new, valid study in ``directory`` (which must be absent or empty)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} exists and is not empty; choose a new folder")
    base = resources.files("tracing") / "templates" / "init"
    written = []
    for rel in ("study.yaml", "hypotheses/H1.yaml", "evidence/E1.yaml", "references.bib", "conclusions.yaml"):
        written.append(write_new(directory / rel, (base / rel).read_text(encoding="utf-8")))
    (directory / "reports").mkdir(exist_ok=True)
    return written


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _check_id(value: str, what: str) -> None:
    if not ID_PATTERN.match(value):
        raise ScaffoldError(f"'{value}' is not a valid {what} id (start with a letter; letters, digits, '_', '.', '-')")


def new_hypothesis(study: Path, *, id: str, title: str, statement: str, theory: str | None, actor: str | None,
                   predictions: list[str], rivals: list[str]) -> Path:
    _check_id(id, "hypothesis")
    lines = [f"id: {id}", f"title: {_yaml_str(title)}", f"statement: {_yaml_str(statement)}"]
    if theory:
        lines.append(f"theory: {_yaml_str(theory)}")
    if actor:
        _check_id(actor, "actor")
        lines.append(f"actor: {actor}")
    if predictions:
        lines.append("predictions:")
        for p in predictions:
            case, sep, levels = p.partition("=")
            if not sep or not levels:
                raise ScaffoldError(f"--prediction '{p}' must look like CASE=LEVEL or CASE=LEVEL,LEVEL")
            _check_id(case, "case")
            lv = [x.strip() for x in levels.split(",")]
            for x in lv:
                _check_id(x, "outcome level")
            lines.append(f"  {case}: {lv[0] if len(lv) == 1 else '[' + ', '.join(lv) + ']'}")
    if rivals:
        for r in rivals:
            _check_id(r, "hypothesis")
        lines.append(f"rivals: [{', '.join(rivals)}]")
    return write_new(study / "hypotheses" / f"{id}.yaml", "\n".join(lines) + "\n")


def new_evidence(study: Path, *, id: str, claim: str, case: str, tests: list[str], sources: list[str],
                 date: str | None, phase: str | None, kind: str | None, actors: list[str], quote: str | None,
                 folder: str | None) -> Path:
    from ..reading.models import EvidenceItem

    _check_id(id, "evidence")
    _check_id(case, "case")
    lines = [f"id: {id}", f"claim: {_yaml_str(claim)}", f"case: {case}"]
    if actors:
        for a in actors:
            _check_id(a, "actor")
        lines.append(f"actors: [{', '.join(actors)}]")
    if date:
        lines.append(f"date: {date}")
    if phase:
        _check_id(phase, "phase")
        lines.append(f"phase: {phase}")
    if kind:
        lines.append(f"kind: {kind}")
    if sources:
        lines.append("sources:")
        for s in sources:
            key, _, pages = s.partition(":")
            lines.append(f"  - {{key: {_yaml_str(key)}" + (f", pages: {_yaml_str(pages)}}}" if pages else "}"))
    else:
        lines.append("sources: []  # add {key: ..., pages: ...} citations")
    if quote:
        lines.append(f"quote: {_yaml_str(quote)}")
    if not tests:
        raise ScaffoldError("give at least one --test HYPOTHESIS:TYPE:RESULT")
    lines.append("tests:")
    for t in tests:
        parts = t.split(":")
        if len(parts) != 3:
            raise ScaffoldError(f"--test '{t}' must look like H1:hoop:pass")
        h, typ, res = parts
        _check_id(h, "hypothesis")
        if typ not in TEST_TYPES:
            raise ScaffoldError(f"--test '{t}': type must be one of {', '.join(TEST_TYPES)}")
        if res not in ("pass", "fail"):
            raise ScaffoldError(f"--test '{t}': result must be pass or fail")
        lines.append(f"  - {{hypothesis: {h}, type: {typ}, result: {res}}}")
    text = "\n".join(lines) + "\n"
    # the scaffold must itself be a valid item
    from ..reading.yamlread import parse
    from pydantic import ValidationError

    try:
        EvidenceItem.model_validate(parse(text).data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ScaffoldError(f"invalid {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    sub = folder or case
    return write_new(study / "evidence" / sub / f"{id.lower()}.yaml", text)

"""`tracing init` and `tracing new`: the only commands that write study files, and they never overwrite."""

from __future__ import annotations

import difflib
import os
from importlib import resources
from pathlib import Path, PurePosixPath

from ..reading.models.common import ID_PATTERN
from ..testtypes import TEST_TYPES
from . import UsageError
from .writing import ensure_folder, write_file


class ScaffoldError(UsageError):
    """A scaffold could not be written; the message says why and what to do."""


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (with the user's umask), refusing to replace an existing file."""
    return write_file(path, text, overwrite=False)


def init_study(directory: Path) -> list[Path]:
    """Create a new, valid study in ``directory`` (which must be absent or empty)."""
    if os.path.islink(directory):
        raise ScaffoldError(f"{directory} is a symbolic link; choose a new folder")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} exists and is not empty; choose a new folder")
    ensure_folder(directory, "study folder")
    base = resources.files("tracing") / "templates" / "init"
    written = []
    for rel in ("study.yaml", "hypotheses/H1.yaml", "evidence/E1.yaml", "references.bib", "conclusions.yaml"):
        written.append(write_new(directory / rel, (base / rel).read_text(encoding="utf-8")))
    ensure_folder(directory / "reports", "report folder")
    return written


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _check_id(value: str, what: str) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise ScaffoldError(f"'{value}' is not a valid {what} id (start with a letter; letters, digits, '_', '.', '-')")


def _require_study(study: Path) -> None:
    """`new` writes into an existing study only: no study.yaml there is a mistyped --study."""
    if not (Path(study) / "study.yaml").is_file():
        raise ScaffoldError(f"no study at '{study}' (no study.yaml there): pass --study, or start one with "
                            f"'tracing init {study}'")


def _known(study: Path, folder: str) -> dict[str, str]:
    """The ids the study's ``folder`` (hypotheses or evidence) defines now, with their files."""
    from ..reading.files import discover, read_document

    ids: dict[str, str] = {}
    for rel in discover(Path(study), folder)[0]:
        doc = read_document(Path(study), rel).doc
        value = doc.data.get("id") if doc is not None else None
        if isinstance(value, str):
            ids.setdefault(value, rel)
    return ids


def _not_taken(id: str, known: dict[str, str], what: str) -> None:
    if id in known:
        raise ScaffoldError(f"{what} id '{id}' is already used by {known[id]}; choose another id")


def new_hypothesis(study: Path, *, id: str, title: str, statement: str, theory: str | None, actor: str | None,
                   predictions: list[str], rivals: list[str]) -> Path:
    _check_id(id, "hypothesis")
    _require_study(study)
    _not_taken(id, _known(study, "hypotheses"), "hypothesis")
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


def _evidence_folder(study: Path, folder: str) -> Path:
    """``--folder``: a plain sub-folder of evidence/, never hidden (the loader skips those) nor outside."""
    text = folder.replace("\\", "/")
    parts = PurePosixPath(text).parts
    if not parts or os.path.isabs(folder) or text.startswith("/") or any(
            p in ("..", ".") or p.startswith(".") for p in parts):
        raise ScaffoldError(f"--folder '{folder}' must be a sub-folder of evidence/ (no '..', no absolute path, "
                            f"no hidden folder starting with '.')")
    base = Path(study) / "evidence"
    target = base.joinpath(*parts)
    real_base = os.path.realpath(base)
    if not os.path.realpath(target).startswith(real_base.rstrip(os.sep) + os.sep):
        raise ScaffoldError(f"--folder '{folder}' leads outside evidence/ (through a symbolic link)")
    return target


def new_evidence(study: Path, *, id: str, claim: str, case: str, tests: list[str], sources: list[str],
                 date: str | None, phase: str | None, kind: str | None, actors: list[str], quote: str | None,
                 folder: str | None, notes: list[str] | None = None, planned: bool = False) -> Path:
    """Write evidence/CASE/id.yaml; ``planned``: a trace still to look for (``status: planned``), each test
    ``HYPOTHESIS:TYPE`` without a result."""
    from ..reading.models import EvidenceItem

    _check_id(id, "evidence")
    _check_id(case, "case")
    _require_study(study)
    where = _evidence_folder(study, folder or case)
    notes = list(notes or [])
    if len(notes) > len(tests):
        raise ScaffoldError(f"{len(notes)} --note for {len(tests)} --test: give one note per test, in the same order")
    hypotheses = _known(study, "hypotheses")
    _not_taken(id, _known(study, "evidence"), "evidence")
    lines = [f"id: {id}", f"claim: {_yaml_str(claim)}", f"case: {case}"]
    if actors:
        for a in actors:
            _check_id(a, "actor")
        lines.append(f"actors: [{', '.join(actors)}]")
    if date:
        lines.append(f"date: {_yaml_str(date)}")
    if phase:
        _check_id(phase, "phase")
        lines.append(f"phase: {phase}")
    if kind:
        lines.append(f"kind: {_yaml_str(kind)}")
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
    if planned:
        lines.append("status: planned  # not looked for yet: 'tracing plan' ranks it; it is not scored")
    lines.append("tests:")
    for i, t in enumerate(tests):
        parts = t.split(":")
        if planned and len(parts) == 2:
            parts.append("pending")
        if len(parts) != 3:
            raise ScaffoldError(f"--test '{t}' must look like " + ("H1:smoking_gun" if planned else "H1:hoop:pass"))
        h, typ, res = parts
        if planned and res != "pending":
            raise ScaffoldError(f"--test '{t}': a planned item's test has no result yet; write {h}:{typ}")
        _check_id(h, "hypothesis")
        if typ not in TEST_TYPES:
            raise ScaffoldError(f"--test '{t}': type must be one of {', '.join(TEST_TYPES)}")
        if not planned and res not in ("pass", "fail"):
            raise ScaffoldError(f"--test '{t}': result must be pass or fail")
        if h not in hypotheses:
            close = difflib.get_close_matches(h, list(hypotheses), n=1)
            raise ScaffoldError(f"--test '{t}': the study has no hypothesis '{h}'"
                                + (f"; did you mean '{close[0]}'?" if close else
                                   f" (it has {', '.join(sorted(hypotheses))})" if hypotheses else
                                   "; write it first with 'tracing new hypothesis'"))
        note = f", note: {_yaml_str(notes[i])}" if i < len(notes) else ""
        result = "" if planned else f", result: {res}"
        lines.append(f"  - {{hypothesis: {h}, type: {typ}{result}{note}}}")
    text = "\n".join(lines) + "\n"
    # the scaffold must itself be a valid item
    from ..reading.yamlread import parse
    from pydantic import ValidationError

    try:
        EvidenceItem.model_validate(parse(text).data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ScaffoldError(f"invalid {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return write_new(where / f"{id.lower()}.yaml", text)

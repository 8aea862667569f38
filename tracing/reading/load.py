"""Reading a study folder: every file parsed and validated, every problem collected, then reported at once.

Each file's parsed document (values and positions) is kept while the study is
read, so a problem found after a file was validated (an unknown hypothesis, a
duplicate id) is placed at its line and column without reading the file again.
"""

from __future__ import annotations

import os
from pathlib import Path

from .bib import Bibliography, parse_bib
from .diagnostics import Diagnostic, StudyError, make
from .fieldcheck import check_model
from .files import discover, inside, read_document, read_text
from .models import ConclusionsFile, EvidenceItem, Hypothesis, StudyConfig
from .study import Study
from .yamlread import Document


class _Collector:
    """Every problem of one reading, with the documents that place late ones."""

    def __init__(self, root: Path):
        self.root = root
        self.diags: list[Diagnostic] = []
        self.docs: dict[str, Document] = {}
        self.unreadable: dict[str, str] = {}   # hypothesis id -> where the file that would define it failed
        self.told: set[str] = set()

    def consequence(self, rel: str, path: tuple, name: str, message: str, hint: str | None = None, key: bool = True):
        """As :meth:`later`; but a reference to a hypothesis whose file could not be read is said once, as such."""
        if name in ("ref.unknown-hypothesis", "ref.unknown-rival") and self.unreadable:
            value = _value_at(self.docs.get(rel), path)
            if value in self.unreadable:
                if value not in self.told:
                    self.told.add(value)
                    self.later(rel, path, "ref.unreadable",
                               f"hypothesis '{value}' could not be read: see {self.unreadable[value]}", key=key)
                return
        self.later(rel, path, name, message, hint, key)

    def later(self, rel: str, path: tuple, name: str, message: str, hint: str | None = None, key: bool = True):
        """A problem at ``path`` inside the file ``rel``, placed from its document."""
        doc = self.docs.get(rel)
        line, col = doc.locate(path, key=key) if doc is not None else (1, 1)
        self.diags.append(make(name, rel, line, col, message, hint=hint))


def _value_at(doc: Document | None, path: tuple):
    data = doc.data if doc is not None else None
    for p in path:
        try:
            data = data[p]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, str) else None


def _unreadable(rel: str, out: _Collector, before: int) -> None:
    """A hypothesis file gave no hypothesis: remember the id it would have defined and its first problem."""
    errors = [d for d in out.diags[before:] if d.path == rel and d.severity == "error"]
    if not errors:
        return
    doc = out.docs.get(rel)
    hid = doc.data.get("id") if doc is not None else None
    first = min(errors)
    where = f"{rel}:{first.line}:{first.column}"
    for name in {hid if isinstance(hid, str) else None, Path(rel).stem} - {None}:
        out.unreadable.setdefault(name, where)


MAX_PER_FILE = 100


def cap(diags: list[Diagnostic]) -> list[Diagnostic]:
    """At most ``MAX_PER_FILE`` problems per file; the rest counted in one more line at the file."""
    per: dict[str, int] = {}
    for d in diags:
        per[d.path] = per.get(d.path, 0) + 1
    if max(per.values(), default=0) <= MAX_PER_FILE:
        return diags
    kept: list[Diagnostic] = []
    shown: dict[str, int] = {}
    left: dict[str, int] = {}  # problems not shown, per file (fieldcheck already counted some)
    for d in sorted(diags):
        if d.name == "file.too-many-problems":
            left[d.path] = left.get(d.path, 0) + int(d.message.split()[0].replace(",", ""))
            continue
        n = shown.get(d.path, 0)
        if n < MAX_PER_FILE:
            kept.append(d)
        else:
            left[d.path] = left.get(d.path, 0) + 1
        shown[d.path] = n + 1
    for path, n in left.items():
        kept.append(make("file.too-many-problems", path, 1, 1, f"{n:,} more problems in this file not shown"))
    return kept


def _read_model(root: Path, rel: str, model, out: _Collector, body_field: str | None = None):
    res = read_document(root, rel)
    out.diags.extend(res.diagnostics)
    if res.doc is None:
        return None
    out.docs[rel] = res.doc
    for path, (line, col) in res.doc.cut.items():
        out.diags.append(make("text.comment-cut", rel, line, col,
                              f"'{path[-1]}' stops before ' #': YAML reads the rest of the line as a comment"))
    data = res.doc.data
    if body_field and res.body:
        if body_field in data:
            line, col = res.doc.locate((body_field,))
            out.diags.append(make("field.value", rel, line, col,
                                  f"'{body_field}' is given in the front matter and as the Markdown body",
                                  hint="keep the notes in the body only"))
            return None
        data = dict(data)
        data[body_field] = res.body
    obj, diags = check_model(model, data, res.doc, rel)
    out.diags.extend(diags)
    if obj is not None and model is ConclusionsFile:
        return obj, [res.doc.locate(("conclusions", i), key=False) for i in range(len(obj.conclusions))]
    return obj


def _bibliography(root: Path, config: StudyConfig | None, out: _Collector) -> Bibliography:
    rel = config.bibliography if config and config.bibliography else "references.bib"
    if config and config.bibliography and (os.path.isabs(rel) or (not rel.endswith(".bib") and not inside(root, rel))):
        # a shared ``../refs.bib`` is fine; an absolute path or a non-BibTeX file outside the study is not read
        out.later("study.yaml", ("bibliography",), "file.outside",
                  f"bibliography '{rel}' is outside the study folder and not a .bib file; not read",
                  hint="give a path relative to the study folder, e.g. references.bib or ../shared.bib")
        return Bibliography(path=None)
    if not os.path.lexists(root / rel):
        if config and config.bibliography:
            out.later("study.yaml", ("bibliography",), "bib.missing", f"bibliography file '{rel}' does not exist")
        return Bibliography(path=None)
    if config and config.bibliography and not os.path.isfile(root / rel):
        what = "a folder" if os.path.isdir(root / rel) else "not a regular file"
        out.later("study.yaml", ("bibliography",), "file.special", f"bibliography '{rel}' is {what}; not read",
                  hint="name the .bib file itself, relative to the study folder")
        return Bibliography(path=None)
    text, diags = read_text(root, rel)
    out.diags.extend(diags)
    if text is None:
        return Bibliography(path=rel)
    bib, diags = parse_bib(text, rel)
    out.diags.extend(diags)
    return bib


def load_study(path: str | Path = ".") -> Study:
    """Read and validate the study folder at ``path``.

    Returns the :class:`~tracing.reading.study.Study` (warnings in ``study.warnings``),
    or raises :class:`~tracing.reading.diagnostics.StudyError` carrying every problem.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"no study folder at '{path}'")
    out = _Collector(root)

    config = None
    if os.path.lexists(root / "study.yaml"):
        config = _read_model(root, "study.yaml", StudyConfig, out)
    else:
        out.diags.append(make("study.missing", "study.yaml", 1, 1, "no study.yaml in this folder"))

    files: dict[tuple[str, str], str] = {}
    hypotheses: dict[str, Hypothesis] = {}
    evidence: dict[str, EvidenceItem] = {}
    for folder, kind, model, store in (("hypotheses", "hypothesis", Hypothesis, hypotheses),
                                       ("evidence", "evidence", EvidenceItem, evidence)):
        rels, diags = discover(root, folder)
        out.diags.extend(diags)
        for rel in rels:
            before = len(out.diags)
            obj = _read_model(root, rel, model, out, body_field="notes")
            if obj is None:
                if kind == "hypothesis":
                    _unreadable(rel, out, before)
                continue
            if obj.id in store:
                first = files[(kind, obj.id)]
                out.later(rel, ("id",), "id.duplicate", f"duplicate {kind} id '{obj.id}' (first in {first})", key=False)
                continue
            store[obj.id] = obj
            files[(kind, obj.id)] = rel

    conclusions, lines, crel = [], [], None
    for name in ("conclusions.yaml", "conclusions.yml"):
        if os.path.lexists(root / name):
            crel = name
            got = _read_model(root, name, ConclusionsFile, out)
            if got is not None:
                conclusions, lines = got[0].conclusions, got[1]
            break

    bib = _bibliography(root, config, out)

    if config is not None:
        from .crossref import check_references

        check_references(config, hypotheses, evidence, conclusions, crel, bib, files, out.consequence)
        style = config.bibliography_style
        if style and style.endswith(".csl") and not (root / style).is_file():
            out.later("study.yaml", ("bibliography_style",), "bib.style",
                      f"no file '{style}' in the study; the report uses chicago-author-date instead",
                      "give the .csl file's path relative to the study folder")
        if not any(d.severity == "error" for d in out.diags):
            from .consistency import check_likelihoods

            for rel, p, name, msg, hint in check_likelihoods(config, hypotheses, evidence, files):
                out.later(rel, p, name, msg, hint)

    diags = cap(out.diags)
    if any(d.severity == "error" for d in diags) or config is None:
        raise StudyError(diags)
    study = Study(root=root, config=config, hypotheses=hypotheses, evidence=evidence, conclusions=conclusions,
                  bibliography=bib, files=files, conclusion_lines=lines, conclusions_path=crel,
                  warnings=sorted(diags))
    return study

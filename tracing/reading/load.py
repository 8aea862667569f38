"""Reading a study folder: every file parsed and validated, every problem collected, then reported at once.

Each file's parsed document (values and positions) is kept while the study is
read, so a problem found after a file was validated (an unknown hypothesis, a
duplicate id) is placed at its line and column without reading the file again.
"""

from __future__ import annotations

from pathlib import Path

from .bib import Bibliography, parse_bib
from .diagnostics import Diagnostic, StudyError, make
from .fieldcheck import check_model
from .files import discover, read_document, read_text
from .models import ConclusionsFile, EvidenceItem, Hypothesis, StudyConfig
from .study import Study
from .yamlread import Document


class _Collector:
    """Every problem of one reading, with the documents that place late ones."""

    def __init__(self, root: Path):
        self.root = root
        self.diags: list[Diagnostic] = []
        self.docs: dict[str, Document] = {}

    def later(self, rel: str, path: tuple, name: str, message: str, hint: str | None = None, key: bool = True):
        """A problem at ``path`` inside the file ``rel``, placed from its document."""
        doc = self.docs.get(rel)
        line, col = doc.locate(path, key=key) if doc is not None else (1, 1)
        self.diags.append(make(name, rel, line, col, message, hint=hint))


def _read_model(root: Path, rel: str, model, out: _Collector, body_field: str | None = None):
    res = read_document(root, rel)
    out.diags.extend(res.diagnostics)
    if res.doc is None:
        return None
    out.docs[rel] = res.doc
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
    if not (root / rel).is_file():
        if config and config.bibliography:
            out.later("study.yaml", ("bibliography",), "bib.missing", f"bibliography file '{rel}' does not exist")
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
    if (root / "study.yaml").is_file():
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
            obj = _read_model(root, rel, model, out, body_field="notes")
            if obj is None:
                continue
            if obj.id in store:
                first = files[(kind, obj.id)]
                out.later(rel, ("id",), "id.duplicate", f"duplicate {kind} id '{obj.id}' (first in {first})", key=False)
                continue
            store[obj.id] = obj
            files[(kind, obj.id)] = rel

    conclusions, lines, crel = [], [], None
    for name in ("conclusions.yaml", "conclusions.yml"):
        if (root / name).is_file():
            crel = name
            got = _read_model(root, name, ConclusionsFile, out)
            if got is not None:
                conclusions, lines = got[0].conclusions, got[1]
            break

    bib = _bibliography(root, config, out)

    if config is not None:
        from .crossref import check_references

        check_references(config, hypotheses, evidence, conclusions, crel, bib, files, out.later)
        if not any(d.severity == "error" for d in out.diags):
            from .consistency import check_likelihoods

            for rel, p, name, msg, hint in check_likelihoods(config, hypotheses, evidence, files):
                out.later(rel, p, name, msg, hint)

    diags = out.diags
    if any(d.severity == "error" for d in diags) or config is None:
        raise StudyError(diags)
    study = Study(root=root, config=config, hypotheses=hypotheses, evidence=evidence, conclusions=conclusions,
                  bibliography=bib, files=files, conclusion_lines=lines, conclusions_path=crel,
                  warnings=sorted(diags))
    return study

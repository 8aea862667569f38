"""`tracing report`: write the study's report (one offline index.html, or a Markdown summary)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.results import ScoreResult, score_study
from ..output.report import FORMATS, render_markdown, render_pages
from . import load
from .writing import ensure_folder, write_file

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.agreement import Agreement


@dataclass
class Written:
    """The scores the report was made from, and the file written."""

    result: ScoreResult
    target: Path
    agreement: "Agreement | None" = None


def write(result: ScoreResult, out_dir: str | Path, format: str = "html",
          agreement: "Agreement | None" = None, layout: str = "auto") -> Path:
    """Write the report of ``result`` into ``out_dir`` (created if needed); the file written.

    The page is streamed to the file: a large study's page never sits in memory as one string.
    With ``agreement`` (:func:`tracing.engine.agreement.compare_codings`) the report has a coder-agreement section.
    ``layout``: ``auto`` (one file up to a few hundred items, above that a small site: index.html, a page per
    hypothesis, evidence and ACH pages), ``single`` or ``site``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
    out = ensure_folder(out_dir, "report folder")
    target = out / FORMATS[format]

    def chunks():
        if format == "md":
            yield render_markdown(result)
            if agreement is not None:
                from ..output.report.agreement import markdown

                yield markdown(agreement)
        else:
            _name, first = next(pages)  # index.html comes first
            yield from first

    pages = render_pages(result, agreement=agreement, layout=layout) if format != "md" else iter(())
    # written beside the old page and renamed into place: an interrupted run never leaves half a page
    write_file(target, chunks(), what="report")
    if format != "md":
        stale = {*out.glob("h-*.html"), *out.glob("evidence-*.html"), *out.glob("ach-*.html")}
        for name, content in pages:  # a large study's other pages: one per hypothesis, evidence and ACH pages
            write_file(out / name, content, what="report page")
            stale.discard(out / name)
        for old in stale:  # pages of an earlier, larger report would be read as current
            old.unlink()
    return target


def run(path: str | Path, out: str | Path | None = None, format: str = "html",
        agreement: str | Path | None = None, analyses: bool = True, layout: str = "auto") -> Written:
    """Score the study at ``path`` and write its report; ``agreement``: a second coding's folder to compare with;
    ``analyses``: add the judgement analyses to each pair of the HTML page ("What would change this verdict");
    ``layout``: ``auto``, ``single`` (one file however large) or ``site`` (see :func:`write`)."""
    from ..reading.provenance import provenance

    study = load(path)
    result = score_study(study)
    result.provenance = provenance(study)
    if analyses and format == "html":
        from ..engine.judgements import analyse

        result.judgements = analyse(result)
    ag = None
    if agreement is not None:
        from ..engine.agreement import compare_codings
        from .agree import second_coding

        second, label = second_coding(path, agreement)
        ag = compare_codings(study, second, first_label=str(path), second_label=label)
    return Written(result, write(result, out if out is not None else Path(path) / "reports", format, agreement=ag,
                                 layout=layout), ag)

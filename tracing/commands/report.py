"""`tracing report`: write the study's report (one offline index.html, or a Markdown summary)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.results import ScoreResult, score_study
from ..output.report import FORMATS, render_html_chunks, render_markdown
from . import load

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.agreement import Agreement


@dataclass
class Written:
    """The scores the report was made from, and the file written."""

    result: ScoreResult
    target: Path
    agreement: "Agreement | None" = None


def write(result: ScoreResult, out_dir: str | Path, format: str = "html",
          agreement: "Agreement | None" = None) -> Path:
    """Write the report of ``result`` into ``out_dir`` (created if needed); the file written.

    The page is streamed to the file: a large study's page never sits in memory as one string.
    With ``agreement`` (:func:`tracing.engine.agreement.compare_codings`) the report has a coder-agreement section.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / FORMATS[format]
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        if format == "md":
            fh.write(render_markdown(result))
            if agreement is not None:
                from ..output.report.agreement import markdown

                fh.write(markdown(agreement))
        else:
            fh.writelines(render_html_chunks(result, agreement=agreement))
    return target


def run(path: str | Path, out: str | Path | None = None, format: str = "html",
        agreement: str | Path | None = None) -> Written:
    """Score the study at ``path`` and write its report; ``agreement``: a second coding's folder to compare with."""
    study = load(path)
    result = score_study(study)
    ag = None
    if agreement is not None:
        from ..engine.agreement import compare_codings
        from .agree import second_coding

        second, label = second_coding(path, agreement)
        ag = compare_codings(study, second, first_label=str(path), second_label=label)
    return Written(result, write(result, out if out is not None else Path(path) / "reports", format, agreement=ag), ag)

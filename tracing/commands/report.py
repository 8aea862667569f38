"""`tracing report`: write the study's report (one offline index.html, or a Markdown summary)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine.results import ScoreResult, score_study
from ..output.report import FORMATS, render_html_chunks, render_markdown
from . import load


@dataclass
class Written:
    """The scores the report was made from, and the file written."""

    result: ScoreResult
    target: Path


def write(result: ScoreResult, out_dir: str | Path, format: str = "html") -> Path:
    """Write the report of ``result`` into ``out_dir`` (created if needed); the file written.

    The page is streamed to the file: a large study's page never sits in memory as one string.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / FORMATS[format]
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        if format == "md":
            fh.write(render_markdown(result))
        else:
            fh.writelines(render_html_chunks(result))
    return target


def run(path: str | Path, out: str | Path | None = None, format: str = "html") -> Written:
    result = score_study(load(path))
    return Written(result, write(result, out if out is not None else Path(path) / "reports", format))

"""The report of a scored study: one self-contained offline HTML page, or a Markdown summary.

>>> from tracing.report import write_report
>>> write_report(study.score(), "reports")            # reports/index.html
>>> write_report(study.score(), "reports", format="md")  # reports/summary.md

The HTML page inlines its CSS and draws its charts as inline SVG; it loads
nothing from the network (a Content-Security-Policy says so) and needs no
JavaScript. The same study gives byte-identical output; a date is printed only
when ``SOURCE_DATE_EPOCH`` is set. Only this package imports jinja2 and
markdown-it; the engine never imports the report.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment

    from ..results import ScoreResult

HERE = Path(__file__).resolve().parent
FORMATS = {"html": "index.html", "md": "summary.md"}

__all__ = ["FORMATS", "render_html", "render_markdown", "write_report"]


@lru_cache(maxsize=1)
def environment() -> "Environment":
    """The Jinja environment over templates/: autoescaping on, undefined names are errors."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    class ReportEnvironment(Environment):
        """``a.b`` looks a dict key up first: the view model is plain dicts, and Jinja's default
        (attribute first) raises and catches an exception per lookup, a real cost on a large page."""

        def getattr(self, obj, attribute):
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return ReportEnvironment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    from markupsafe import Markup

    # our own file, inlined as is (it contains quotes that autoescaping would mangle)
    return Markup((HERE / "static" / "report.css").read_text(encoding="utf-8").strip())


def render_html(result: "ScoreResult") -> str:
    """The report page of ``result`` as one HTML string."""
    from .viewmodel import build

    return environment().get_template("index.html").render(vm=build(result), css=stylesheet())


def render_markdown(result: "ScoreResult") -> str:
    """The Markdown summary of ``result``: verdict table, conclusions, linchpins."""
    from .markdown import summary

    return summary(result)


def write_report(result: "ScoreResult", out_dir: str | Path, format: str = "html") -> Path:
    """Write the report of ``result`` into ``out_dir`` (created if needed) and return the file written.

    ``format="html"`` writes ``index.html``, ``format="md"`` writes ``summary.md``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / FORMATS[format]
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        if format == "md":
            fh.write(render_markdown(result))
        else:  # streamed: a large study's page (200 MB at 50 000 items) never sits in memory as one string
            from .viewmodel import build

            # chunks range from a few characters to a batch of rows: written out by size, about 1 MB at a time
            buf: list[str] = []
            size = 0
            for chunk in environment().get_template("index.html").generate(vm=build(result), css=stylesheet()):
                buf.append(chunk)
                size += len(chunk)
                if size >= 1 << 20:
                    fh.write("".join(buf))
                    buf.clear()
                    size = 0
            fh.write("".join(buf))
    return target

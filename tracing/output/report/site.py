"""A large study's report as a small offline site: index.html plus a page per hypothesis, evidence pages
per case (at most :data:`ITEMS_PER_PAGE` items each) and the ACH matrix in pages of rows.

Up to :data:`SITE_THRESHOLD` evidence items the report stays one file to send. Above it, one page
would hold every test of every hypothesis and every item (a 2,000-item study is 10 MB and 225,000
elements, ten seconds to open); split, each page opens in well under a second. Links between pages
are ordinary relative links (``h-H1.html#pair-H1~afg``), so the site works from disk, offline, under
the same Content-Security-Policy, and every anchor the one-file page has still exists somewhere.
"""

from __future__ import annotations

from typing import Callable

from .details import filter_options

SITE_THRESHOLD = 300
ITEMS_PER_PAGE = 400
ACH_ROWS_INDEX = 200
ACH_ROWS_PER_PAGE = 500


def use_site(vm: dict, layout: str) -> bool:
    """Whether ``layout`` (auto, single or site) makes a site of this view model."""
    if layout not in ("auto", "single", "site"):
        raise ValueError(f"unknown report layout {layout!r}; use auto, single or site")
    return layout == "site" or (layout == "auto" and vm["counts"]["evidence"] > SITE_THRESHOLD)


def plan(vm: dict) -> tuple[list[tuple[str, str, dict]], dict[str, str]]:
    """The pages besides index.html — ``(file, part, page)`` — and the file of every anchor not on index.html.

    Changes ``vm`` for the index: the evidence groups learn their pages, the ACH matrix keeps its most
    diagnostic rows and learns the pages of the rest."""
    pages: list[tuple[str, str, dict]] = []
    where: dict[str, str] = {}
    for h in vm["hypotheses"]:
        name = f"{h['anchor']}.html"
        pages.append((name, "hypotheses", {"hypotheses": [h]}))
        where[h["anchor"]] = name
        for p in h["pairs"]:
            where[p["anchor"]] = name
    for g in vm["evidence"]:
        entries = g["entries"]
        chunks = [entries[i:i + ITEMS_PER_PAGE] for i in range(0, len(entries), ITEMS_PER_PAGE)] or [[]]
        g["pages"] = []
        names = [f"evidence-{g['anchor']}-{n + 1}.html" for n in range(len(chunks))]
        for n, chunk in enumerate(chunks):
            first, last = n * ITEMS_PER_PAGE + 1, n * ITEMS_PER_PAGE + len(chunk)
            group = {**g, "entries": chunk}
            pages.append((names[n], "evidence", {"group": group, "first": first, "last": last,
                                                  "filters": filter_options([group], vm["hypotheses"]),
                                                  "prev": names[n - 1] if n else None,
                                                  "next": names[n + 1] if n + 1 < len(names) else None}))
            g["pages"].append({"file": names[n], "first": first, "last": last})
            for e in chunk:
                where[e["anchor"]] = names[n]
        where[g["anchor"]] = names[0]
    ach = vm["ach"]
    rows = ach["rows"]
    ach["total"] = len(rows)
    if len(rows) > ACH_ROWS_INDEX:
        ach["pages"] = []
        for n, i in enumerate(range(0, len(rows), ACH_ROWS_PER_PAGE)):
            chunk = rows[i:i + ACH_ROWS_PER_PAGE]
            name = f"ach-{n + 1}.html"
            pages.append((name, "ach", {"rows": chunk, "first": i + 1, "last": i + len(chunk), "total": len(rows)}))
            ach["pages"].append({"file": name, "first": i + 1, "last": i + len(chunk)})
        ach["rows"] = rows[:ACH_ROWS_INDEX]
        ach["shown"] = ACH_ROWS_INDEX
    return pages, where


def linker(where: dict[str, str], here: str) -> Callable[[str], str]:
    """``link(anchor)`` for a page: ``#anchor`` on the same page, ``file.html#anchor`` on another."""

    def link(anchor: str) -> str:
        page = where.get(anchor, "index.html")
        return "#" + anchor if page == here else f"{page}#{anchor}"

    return link


def local(anchor: str) -> str:
    """``link(anchor)`` of the one-file report: every anchor is on the page."""
    return "#" + anchor


__all__ = ["ACH_ROWS_INDEX", "ITEMS_PER_PAGE", "SITE_THRESHOLD", "linker", "local", "plan", "use_site"]

"""references.bib: BibTeX/BibLaTeX entries (e.g. a Zotero + Better BibTeX export) read with bibtexparser 2."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, make


@dataclass
class BibEntry:
    """One bibliography entry: its key, type, fields (lower-case names) and 1-based line."""

    key: str
    type: str
    fields: dict[str, str]
    line: int

    def format(self) -> str:
        """A short plain-text reference: Author (Year). Title. Container. Note."""
        f = self.fields
        author = _clean(f.get("author") or f.get("editor") or f.get("organization") or f.get("institution") or "")
        year = _clean(f.get("year") or (f.get("date") or "")[:4] or "n.d.")
        title = _clean(f.get("title", ""))
        container = _clean(f.get("journal") or f.get("journaltitle") or f.get("booktitle") or f.get("publisher")
                           or f.get("school") or f.get("howpublished") or "")
        parts = [f"{author} ({year})." if author else f"({year})."]
        if title:
            parts.append(title.rstrip(".") + ".")
        if container:
            parts.append(container.rstrip(".") + ".")
        if f.get("note"):
            parts.append(_clean(f["note"]).rstrip(".") + ".")
        return " ".join(parts)

    @property
    def url(self) -> str | None:
        u = self.fields.get("url") or (("https://doi.org/" + self.fields["doi"]) if self.fields.get("doi") else None)
        return _clean(u) if u else None


def _clean(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\s*", "", text)  # LaTeX commands: keep their argument text
    text = text.replace("{", "").replace("}", "").replace("~", " ").replace("--", "–")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Bibliography:
    path: str | None = None
    entries: dict[str, BibEntry] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.entries


def parse_bib(text: str, rel_path: str) -> tuple[Bibliography, list[Diagnostic]]:
    """Parse BibTeX text; malformed entries and duplicate keys become diagnostics, the rest is kept."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

    # bibtexparser logs parse failures itself; we report them as diagnostics instead
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    bib = Bibliography(path=rel_path)
    diags: list[Diagnostic] = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        bib.entries[entry.key] = BibEntry(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = bib.entries.get(block.key)
            where = f" (first at line {first.line})" if first else ""
            diags.append(make("bib.duplicate-key", rel_path, line, 1, f"duplicate entry key '{block.key}'{where}"))
        elif isinstance(block, DuplicateFieldKeyBlock):
            key = getattr(block.ignore_error_block, "key", None) or "entry"
            names = ", ".join(f"'{k}'" for k in sorted(block.duplicate_keys))
            diags.append(make("bib.syntax", rel_path, line, 1, f"entry '{key}' gives the field {names} twice",
                              hint="keep one of the two; a field appears once per entry"))
        else:
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else "entry"
            diags.append(make("bib.syntax", rel_path, line, 1, f"cannot parse bibliography entry '{head}'"))
    return bib, diags


# -- CSL-JSON: the entries as the citation formatter (citeproc-py, in the report) reads them ----------------

# BibTeX/BibLaTeX entry types (every one a Zotero export with Better BibTeX writes) → CSL types
CSL_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet", "collection": "book",
    "mvcollection": "book", "proceedings": "book", "mvproceedings": "book", "reference": "book",
    "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
    "inreference": "entry-encyclopedia", "inproceedings": "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report", "unpublished": "manuscript",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "misc": "document", "patent": "patent",
    "dataset": "dataset", "software": "software", "legislation": "legislation", "legal": "legislation",
    "jurisdiction": "legal_case", "video": "motion_picture", "movie": "motion_picture", "audio": "song",
    "music": "song", "image": "graphic", "artwork": "graphic", "periodical": "periodical", "letter": "personal_communication",
    "interview": "interview", "standard": "standard", "map": "map", "performance": "performance",
}
_GENRES = {"phdthesis": "PhD diss.", "mastersthesis": "Master's thesis", "techreport": "Technical report"}
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}


def _latex(text: str) -> str:
    """LaTeX in a field as plain text: accents decoded ({\\"u} → ü), braces and commands dropped."""
    if "\\" in text:
        try:
            from pylatexenc.latex2text import LatexNodes2Text  # bibtexparser's own dependency

            text = LatexNodes2Text(keep_braced_groups=False).latex_to_text(text)
        except Exception:  # noqa: BLE001 - a field pylatexenc cannot read keeps the simple cleaning
            pass
    return _clean(text)


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside braces (``{Smith and Sons}`` stays one name)."""
    parts, depth, cur, i, n = [], 0, [], 0, len(sep)
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        if depth == 0 and text[i:i + n].lower() == sep:
            parts.append("".join(cur))
            cur = []
            i += n
            continue
        cur.append(c)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def csl_names(field: str) -> list[dict]:
    """BibTeX names (``Doe, Jane and {NATO} and John von Neumann``) as CSL name objects."""
    names = []
    for raw in _split_top(field, " and "):
        if raw.startswith("{") and raw.endswith("}") and _split_top(raw[1:-1], ",") == [raw[1:-1].strip()] \
                and raw.count("{") == 1:
            names.append({"literal": _latex(raw[1:-1])})  # {NATO}: an organisation, never split
            continue
        if raw.lower() == "others":
            continue
        parts = _split_top(raw, ",")
        if len(parts) >= 2:  # Last, First  or  Last, Jr, First
            family, given = parts[0], parts[-1]
            suffix = parts[1] if len(parts) == 3 else None
        else:
            words = raw.split()
            if len(words) == 1:
                names.append({"family": _latex(raw)})
                continue
            # First von Last: the family name starts at the first lower-case word (a particle), else the last word
            k = next((i for i, w in enumerate(words[:-1]) if w[:1].islower()), len(words) - 1)
            given, family, suffix = " ".join(words[:k]), " ".join(words[k:]), None
        name = {"family": _latex(family), "given": _latex(given)}
        if suffix:
            name["suffix"] = _latex(suffix)
        names.append(name)
    return names


def _date(f: dict[str, str], key: str = "date") -> dict | None:
    raw = f.get(key) or ""
    if key == "date" and not raw and f.get("year"):
        year = re.match(r"\s*(\d{1,4})", f["year"])
        if not year:
            return {"literal": _clean(f["year"])}
        parts = [int(year.group(1))]
        month = (f.get("month") or "").strip().lower()[:3]
        if month in _MONTHS:
            parts.append(_MONTHS[month])
        elif month.isdigit() and 1 <= int(month) <= 12:
            parts.append(int(month))
        return {"date-parts": [parts]}
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw)
    if not m:
        return {"literal": _clean(raw)} if raw.strip() else None
    return {"date-parts": [[int(x) for x in m.groups() if x]]}


def entry_to_csl(entry: "BibEntry", links: bool = False) -> dict:
    """One entry as CSL-JSON (what citeproc-py formats). ``links``: keep URL and DOI (the report prints them
    itself, as a link after the reference)."""
    f = entry.fields
    kind = entry.type
    csl: dict = {"id": entry.key, "type": CSL_TYPES.get(kind, "document")}
    if kind == "article" and (f.get("entrysubtype") or "").lower() in ("newspaper", "magazine"):
        csl["type"] = "article-newspaper" if f["entrysubtype"].lower() == "newspaper" else "article-magazine"
    for field, var in (("author", "author"), ("editor", "editor"), ("translator", "translator"),
                       ("bookauthor", "container-author")):
        if f.get(field):
            csl[var] = csl_names(f[field])
    if not csl.get("author") and not csl.get("editor"):
        org = f.get("organization") or f.get("institution")
        if org and kind in ("manual", "misc", "online", "report", "techreport"):
            csl["author"] = [{"literal": _latex(org)}]
    text = {
        "title": f.get("title"),
        "container-title": f.get("journal") or f.get("journaltitle") or f.get("booktitle")
        or (f.get("maintitle") if kind in ("inbook", "incollection") else None),
        "collection-title": f.get("series"), "volume": f.get("volume"), "edition": f.get("edition"),
        "page": f.get("pages"), "number-of-pages": f.get("pagetotal"),
        "publisher": f.get("publisher") or f.get("school") or f.get("institution")
        or (f.get("organization") if "author" in f else None),
        "publisher-place": f.get("address") or f.get("location"),
        "genre": f.get("type") or _GENRES.get(kind), "note": f.get("note") or f.get("addendum"),
        "medium": f.get("howpublished") if kind != "misc" or not (f.get("howpublished") or "").startswith("\\url")
        else None,
        "ISBN": f.get("isbn"), "ISSN": f.get("issn"), "chapter-number": f.get("chapter"),
        "event": f.get("eventtitle"), "language": f.get("langid") or f.get("language"),
        "archive": f.get("archive"), "archive_location": f.get("archive_location"),
        "abstract": None,
    }
    if kind == "unpublished" and not f.get("type") and text["note"]:
        text["genre"], text["note"] = text["note"], None  # Chicago prints a manuscript's genre, not its note
    if f.get("number"):
        text["issue" if kind == "article" else "number"] = f["number"]
    if f.get("issue"):
        text["issue"] = f["issue"]
    if kind in ("misc", "online", "electronic", "www") and f.get("howpublished") and not text["publisher"]:
        text["publisher"] = f["howpublished"] if not f["howpublished"].startswith("\\url") else None
        text["medium"] = None
    for var, value in text.items():
        if value:
            csl[var] = _latex(value)
    issued = _date(f)
    if issued:
        csl["issued"] = issued
    accessed = _date(f, "urldate")
    if accessed:
        csl["accessed"] = accessed
    if links:
        if f.get("doi"):
            csl["DOI"] = _clean(f["doi"])
        if f.get("url"):
            csl["URL"] = _clean(f["url"])
    return csl

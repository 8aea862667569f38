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
    from bibtexparser.model import DuplicateBlockKeyBlock

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
        else:
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else "entry"
            diags.append(make("bib.syntax", rel_path, line, 1, f"cannot parse bibliography entry '{head}'"))
    return bib, diags

"""Fixtures of the report tests: a parsed-HTML helper, a study full of hazards, and ``--update-golden``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator

import pytest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


@dataclass
class Node:
    """One element of a parsed page: tag, attributes, children (nodes and text)."""

    tag: str
    attrs: dict[str, str | None]
    children: list["Node | str"] = field(default_factory=list)
    parent: "Node | None" = None

    @property
    def text(self) -> str:
        """All text inside, whitespace collapsed."""
        parts: list[str] = []

        def walk(n: Node):
            for c in n.children:
                if isinstance(c, str):
                    parts.append(c)
                else:
                    walk(c)

        walk(self)
        return re.sub(r"[ \t\n\r\f]+", " ", "".join(parts)).strip()  # ASCII whitespace; no-break spaces stay

    def iter(self) -> Iterator["Node"]:
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants with this tag whose attributes hold these values (``class_`` matches one class)."""
        out = []
        for n in self.iter():
            if tag is not None and n.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                if k == "class_":
                    ok = v in (n.attrs.get("class") or "").split()
                else:
                    ok = n.attrs.get(k) == v
                if not ok:
                    break
            if ok:
                out.append(n)
        return out

    def find(self, tag: str | None = None, **attrs: str) -> "Node":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def by_id(self, id_: str) -> "Node":
        return self.find(None, id=id_)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, dict(attrs), parent=self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text: str) -> Node:
    """The page as a tree of :class:`Node` (stdlib html.parser; no new dependency)."""
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


@pytest.fixture
def parse():
    return parse_html


# A study whose texts try every way of breaking out of the page.
HAZARD_STUDY = {
    "study.yaml": """\
        title: "Study </title><script>alert('t')</script> & co"
        question: "Why <b>bold</b> & \\"quoted\\"?"
        cases:
          afg:
            label: Afghanistan
            period: {start: 2001, end: 2010}
            phases:
              - {id: early, label: "Early <em>phase</em>", start: 2001, end: 2003}
              - {id: late, start: 2004, end: 2010}
          syr: {label: Syria}
        actors:
          nato: {label: NATO}
          csto: {label: CSTO}
        outcome:
          name: involvement
          levels: [none, political, material, military]
          observed:
            - {actor: nato, case: afg, level: military}
            - {actor: nato, case: syr, level: political}
            - {actor: nato, case: afg, phase: early, level: political}
        scoring:
          draws: 50
          congruence: hoop    # v1 congruence and draws: the pages below were checked with them
          vary: type
        """,
    "hypotheses/H1.yaml": """\
        id: H1
        title: "Realist <i>NATO</i>"
        statement: "NATO acts to keep its relative power <script>alert(2)</script>."
        theory: neo-realism
        actor: nato
        rivals: [H2]
        predictions: {afg: military, syr: [material, military]}
        notes: "Hypothesis notes with <iframe src='https://evil.example/'></iframe> and **bold**."
        """,
    "hypotheses/H2.yaml": """\
        id: H2
        title: Constructivist NATO
        statement: NATO acts on its identity.
        theory: constructivism
        actor: nato
        """,
    "evidence/afg/e1.yaml": """\
        id: E1
        claim: "<script>alert(1)</script> NATO invoked Article 5."
        case: afg
        date: 2001-10
        quote: "a \\"quote\\" with <tags> & ampersands"
        sources: [{key: nato2001, pages: "<5>"}]
        notes: |
          Raw <b>html</b> and <img src="https://evil.example/x.png" onerror="alert(3)">.

          ![tracker](https://evil.example/pixel.png) [click](javascript:alert(4)) [fine](https://example.org/)
        tests:
          - {hypothesis: H1, type: smoking_gun, result: pass, note: "<u>underlined</u>"}
          - {hypothesis: H2, type: hoop, result: pass}
        """,
    "evidence/afg/e2.md": """\
        ---
        id: E2
        claim: The Alliance took over ISAF.
        case: afg
        date: 2003-08
        sources: [{key: "weird:key/1", pages: "12"}]
        tests:
          - {hypothesis: H1, type: hoop, result: fail}
        ---
        Body notes in *Markdown* with <script>alert(5)</script> inside.
        """,
    "evidence/syr/e3.yaml": """\
        id: E3
        claim: NATO stayed out of Syria.
        case: syr
        sources: [{key: nato2001}]
        tests:
          - {hypothesis: H1, type: hoop, result: fail, p_e_h: 1.0, p_e_not_h: 0.5}
        """,
    "conclusions.yaml": """\
        conclusions:
          - {hypothesis: H1, case: afg, verdict: confirmed, note: "claimed <b>here</b>"}
          - {hypothesis: H1, case: syr, verdict: rejected}
          - {hypothesis: H2, case: afg, verdict: rejected, severity: warn}
        """,
    "references.bib": """\
        @misc{nato2001,
          author = {{NATO}},
          title = {Statement by the North Atlantic Council <script>},
          year = {2001},
          url = {https://www.nato.int/docu/pr/2001/p01-124e.htm}
        }
        @book{weird:key/1,
          author = {Doe, Jane},
          title = {A Book},
          year = {2010},
          url = {javascript:alert(6)}
        }
        """,
}


@pytest.fixture
def hazard_study(study_factory):
    """A valid study whose every text field tries to inject markup."""
    return study_factory(HAZARD_STUDY, base=False)

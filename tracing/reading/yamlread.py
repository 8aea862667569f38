"""Reading YAML the way study files need it: YAML 1.2 scalars, duplicate keys refused, positions kept.

The libyaml C parser (through PyYAML) builds the node tree; this module turns
nodes into plain Python values itself, so that

* plain scalars follow the YAML 1.2 core schema: ``yes``/``no``/``on``/``off``
  stay strings and ``2003-08-11`` stays a string (no YAML 1.1 surprises);
* a key repeated in one mapping is an error naming both lines;
* every key and value has its (line, column), 1-based, in a position map
  keyed by the path of the value, e.g. ``("tests", 0, "type")``.

One builder walks the nodes once and keeps the values and their positions
together, so a problem found later (an unknown hypothesis, a duplicate id) is
placed from the document in memory, never by reading the file again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml: fast; PyYAML's pure-Python parser otherwise (same nodes, same marks)
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _NodeLoader(_Parser, yaml.resolver.BaseResolver):
    """Composes nodes only; no implicit resolvers, so plain scalars keep tag ``str`` and we resolve them."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.resolver.BaseResolver.__init__(self)

    # The composer calls these for every node. With no implicit and no path
    # resolvers, BaseResolver's answers are always the default tags; answering
    # directly makes composing about a quarter faster (measured: 55 -> 39 us per item).
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


Path = tuple
Pos = tuple[int, int]


@dataclass
class YamlProblem(Exception):
    """A problem found while reading: a diagnostic name, 1-based position, message."""

    name: str
    line: int
    column: int
    message: str
    hint: str | None = None


class Document:
    """A parsed file: the data, and where each key (``keys``) and value (``values``) starts.

    ``keys`` and ``values`` map a path such as ``("tests", 0, "type")`` to a
    1-based (line, column).
    """

    __slots__ = ("data", "keys", "values", "cut")

    def __init__(self, data: Any, keys: dict[Path, Pos], values: dict[Path, Pos], cut: dict[Path, Pos] | None = None):
        self.data = data
        self.keys = keys
        self.values = values
        # text fields whose plain (unquoted) value is directly followed by a ` #` comment: the value was cut there
        self.cut = cut or {}

    def __repr__(self) -> str:
        return f"Document(data={self.data!r})"

    def locate(self, path: Path, *, key: bool = True) -> Pos:
        """Best position for ``path``: its key, else its value, else the nearest enclosing one."""
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    def locate_mapping(self, path: Path) -> Pos:
        """Where the mapping at ``path`` starts (for a key it lacks)."""
        p = tuple(path)
        while p not in self.values and p:
            p = p[:-1]
        return self.values.get(p, (1, 1))


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)$")
_NAN = re.compile(r"\.(nan|NaN|NAN)$")

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# the first characters of every plain scalar that is not read as a string
_SPECIAL_FIRST = frozenset("~nNtTfF+-.0123456789")
_WORDS = {**{k: None for k in _NULL}, **{k: True for k in _TRUE}, **{k: False for k in _FALSE}}
_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if not value:
        return None
    first = value[0]
    if first not in _SPECIAL_FIRST:  # most scalars: words, ids, sentences
        return value
    if first in "~nNtTfF":
        return _WORDS.get(value, value)
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _pos(node, line_offset: int) -> Pos:
    m = node.start_mark
    return (m.line + 1 + line_offset, m.column + 1)


# Free-text fields: a plain value there followed by `` #…`` lost the rest of the line to a YAML comment.
TEXT_FIELDS = frozenset({"claim", "quote", "note", "notes", "title", "statement", "label", "description",
                         "question", "theory"})
MAX_DEPTH = 100          # nesting of lists and mappings; libyaml stops at 1,000, Python's stack sooner
ALIAS_BUDGET = 10_000    # values that aliases (``*name``) may expand to in one file: an alias bomb stops here
# one space, then `#` and text: `Resolution #1511 came` (a comment set off as comments are, `x   # note`, is not flagged)
_COMMENT_AFTER = re.compile(r"[ \t]#[^ \t\n]")


class _Builder:
    def __init__(self, line_offset: int, text: str = ""):
        self.off = line_offset
        self.text = text
        self.keys: dict[Path, Pos] = {}
        self.values: dict[Path, Pos] = {}
        self.cut: dict[Path, Pos] = {}
        self.seen: set[int] = set()      # collection nodes built once: met again, they are an alias
        self.open: set[int] = set()      # collection nodes being built: met again, an alias refers to itself
        self.aliased = 0                 # > 0 while building the values of an alias
        self.expanded = 0                # values built through aliases

    def _problem(self, node, message: str, hint: str | None = None, name: str = "yaml.syntax") -> YamlProblem:
        line, col = _pos(node, self.off)
        return YamlProblem(name, line, col, message, hint)

    def _plain(self, node, path: Path) -> Any:
        try:
            value = resolve_plain(node.value)
        except ValueError:  # an integer of more than 4,300 digits
            raise self._problem(node, f"a number of {len(node.value)} digits is too long to read",
                                "quote it if it is text; a probability is a number from 0 to 1") from None
        if path and path[-1] in TEXT_FIELDS and isinstance(value, str):
            end = node.end_mark
            if self.text[end.index:end.index + 1] in (" ", "\t"):
                m = _COMMENT_AFTER.match(self.text, end.index)
                if m:
                    self.cut[path] = (end.line + 1 + self.off, end.column + 2)
        return value

    def build(self, node, path: Path) -> Any:
        if self.aliased:
            self.expanded += 1
            if self.expanded > ALIAS_BUDGET:
                raise self._problem(node, f"aliases expand to more than {ALIAS_BUDGET:,} values",
                                    "write the values out instead of repeating them with '&anchor' and '*alias'",
                                    name="yaml.alias")
        self.values[path] = _pos(node, self.off)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR and not node.style:
                return self._plain(node, path)
            if tag not in _TAGS:
                line, col = _pos(node, self.off)
                raise YamlProblem("yaml.tag", line, col, f"unsupported YAML tag '{tag}'")
            if tag == _STR:
                return node.value
            if tag == "tag:yaml.org,2002:null":
                return None
            value = self._plain(node, ())
            want = {"tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": (int, float), "tag:yaml.org,2002:bool": bool}[tag]
            if not isinstance(value, want) or (want is int and isinstance(value, bool)):
                line, col = _pos(node, self.off)
                raise YamlProblem("yaml.syntax", line, col, f"'{node.value}' is not a valid {tag.rsplit(':', 1)[-1]}")
            if tag.endswith("float") and isinstance(value, int):
                value = float(value) if abs(value) < 2 ** 1024 else (math.inf if value > 0 else -math.inf)
            return value
        if tag != (_SEQ if isinstance(node, SequenceNode) else _MAP):  # `--- !!python/object:…`, `!!set`, `!x`
            raise self._problem(node, f"unsupported YAML tag '{tag}'", name="yaml.tag")
        if len(path) >= MAX_DEPTH:
            raise self._problem(node, f"lists and mappings nested more than {MAX_DEPTH} levels deep",
                                "study files need a few levels; check the brackets and the indentation")
        ident = id(node)
        if ident in self.open:
            raise self._problem(node, "an alias refers to the list or mapping that contains it",
                                "remove the '*alias' inside its own '&anchor'", name="yaml.alias")
        again = ident in self.seen
        self.seen.add(ident)
        self.open.add(ident)
        self.aliased += again
        try:
            return self._collection(node, path)
        finally:
            self.open.discard(ident)
            self.aliased -= again

    def _collection(self, node, path: Path) -> Any:
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict = {}
            first: dict = {}
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    line, col = _pos(knode, self.off)
                    raise YamlProblem("yaml.syntax", line, col, "a key must be a plain value, not a list or mapping")
                if knode.tag != _STR:
                    raise self._problem(knode, f"unsupported YAML tag '{knode.tag}' on a key", name="yaml.tag")
                try:
                    key = resolve_plain(knode.value) if not knode.style else knode.value
                except ValueError:
                    raise self._problem(knode, "a key of more than 4,300 digits cannot be read") from None
                kpos = _pos(knode, self.off)
                if key in first:
                    raise YamlProblem(
                        "yaml.duplicate-key", kpos[0], kpos[1],
                        f"duplicate key '{key}' (first at line {first[key][0]})")
                first[key] = kpos
                self.keys[path + (key,)] = kpos
                out[key] = self.build(vnode, path + (key,))
            return out
        raise YamlProblem("yaml.syntax", 1, 1, "unexpected YAML node")  # pragma: no cover


def _reader_problem(exc, text: str, line_offset: int) -> YamlProblem:
    """A control character: the reader gives a character offset; turn it into line and column."""
    pos = exc.position if isinstance(exc.position, int) else 0
    before = text[:pos]
    line = before.count("\n") + 1 + line_offset
    col = pos - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else 0
    return YamlProblem("yaml.syntax", line, col, f"character U+{char:04X} is not allowed in YAML",
                       "remove the control character")


def parse(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; raise :class:`YamlProblem` for syntax errors, duplicate keys, tags.

    ``line_offset`` shifts reported lines (front matter starts below the ``---``).
    """
    node = _compose(text, line_offset)
    if node is None:
        return Document(None, {}, {})
    b = _Builder(line_offset, text)
    data = b.build(node, ())
    return Document(data, b.keys, b.values, b.cut)


def syntax_hint(problem: str, text: str, mark) -> str:
    """What to do about libyaml's ``problem`` at ``mark``: a hint matched to the problem, not a generic one."""
    lines = text.split("\n")
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    head = line[: mark.column] if mark is not None else ""
    if "mapping values are not allowed" in problem:
        if ": " in head.strip() or head.rstrip().endswith(":") and head.count(":") > 1:
            return "the value contains ': ': put it in quotes, e.g. title: \"NATO: a realist view\""
        return "check the indentation: this line is indented more than the key above it"
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected '-' indicator" in problem or "did not find expected key" in problem:
        if line[:1] not in (" ", "-", "") or problem.startswith("did not find expected key") and '"' in head:
            return "text follows a quoted value: put the whole value in quotes"
        return "check the indentation: keys of one mapping, and the '- ' of one list, line up"
    if "expected ',' or ']'" in problem:
        return "close the list with ']'; quote items that contain ',', '[' or ']'"
    if "expected ',' or '}'" in problem:
        return "close the mapping with '}'; quote values that contain ',', '{' or '}'"
    if "unexpected end of stream" in problem:
        return "a quotation mark or bracket is never closed"
    if "unknown escape" in problem:
        return "inside double quotes write \\\\ for a backslash, or use single quotes"
    if "could not find expected ':'" in problem:
        return "every line at this level is 'key: value'; continue a long value indented, or quote it"
    if "undefined alias" in problem:
        return "a value starting with '*' is an alias: quote it"
    if "cannot start any token" in problem:
        return "a value cannot start with '@', '`' or '%': put it in quotes"
    if "block sequence entries are not allowed" in problem:
        return "a value starting with '- ' is a list: quote it, or start the list on the next line"
    return "check the YAML syntax of this line and the one above"


def _compose(text: str, line_offset: int):
    """The node tree of one YAML document (None when empty); syntax problems as :class:`YamlProblem`."""
    try:
        loader = _NodeLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, line_offset) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
            col = (mark.column + 1) if mark else 1
            what = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                what = f"{exc.problem} ({exc.context})"
            raise YamlProblem("yaml.syntax", line, col, f"YAML syntax error: {what}",
                              syntax_hint(exc.problem or "", text, mark)) from None
        except yaml.reader.ReaderError as exc:
            raise _reader_problem(exc, text, line_offset) from None
        except yaml.YAMLError as exc:
            msg = " ".join(str(exc).split())
            raise YamlProblem("yaml.syntax", 1 + line_offset, 1, f"YAML syntax error: {msg}") from None
    finally:
        loader.dispose()
    return node

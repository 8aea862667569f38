"""Text from a study made safe to print: control characters shown, never obeyed.

A title, label or note may hold anything a YAML string can: a newline followed by
``::error::`` (a GitHub workflow command when it starts a line), ``ESC [2J`` (clears a
terminal), ``\\x01`` (not allowed in XML), a right-to-left override. Every text output
passes through :func:`clean` (one line: newlines become spaces) or :func:`clean_block`
(text whose own newlines are the renderer's): control characters become visible escapes
such as ``\\u001b``, so what the researcher wrote stays readable and nothing is executed.
"""

from __future__ import annotations

# C0 (except tab and newline), DEL, C1, and the bidirectional overrides and isolates ("Trojan Source")
_CONTROL = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x7F, *range(0x80, 0xA0),
            0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# \u001b, not \x1b: the same escape is valid inside a JSON string, so streamed JSON stays JSON
_BLOCK = {c: f"\\u{c:04x}" for c in _CONTROL}
_LINE = {**_BLOCK, 0x0A: " ", 0x0D: " ", 0x09: " ", 0x2028: " ", 0x2029: " "}


def clean(text: str) -> str:
    """One line of output: newlines and tabs become spaces, other control characters visible escapes."""
    return text.translate(_LINE)


def clean_block(text: str) -> str:
    """Text with line breaks of its own: newlines kept, every other control character a visible escape."""
    return text.translate(_BLOCK)


class CleanStream:
    """A text stream that writes through :func:`clean_block`: what a command prints can show control
    characters, never send them to the terminal or the CI log."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text.translate(_BLOCK))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)

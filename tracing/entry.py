"""The `tracing` console entry point.

Two requests are answered before the command-line framework is even imported,
because they are the ones run most often and waited on: ``tracing --version``,
and ``tracing validate`` on a study whose files have not changed since it was
last found valid (see :mod:`tracing.cache`). Only the plainest spellings are
taken here — ``validate [STUDY] [--strict] [--format human|json]`` — and
anything else, including a cache miss, goes to :mod:`tracing.cli` with the same
arguments, so both paths print exactly the same thing.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _plain_validate(args: list[str]) -> tuple[Path, bool, str] | None:
    """(study, strict, format) when ``args`` (after ``validate``) are in the plainest form, else None."""
    study, strict, fmt = None, False, "human"
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--strict":
            strict = True
        elif a == "--format" and i + 1 < len(args) and args[i + 1] in ("human", "json"):
            fmt = args[i + 1]
            i += 1
        elif a.startswith("--format=") and a[9:] in ("human", "json"):
            fmt = a[9:]
        elif not a.startswith("-") and study is None and a:
            study = a
        else:  # --no-cache, --help, anything unusual: the full command line decides
            return None
        i += 1
    return Path(study or "."), strict, fmt


def fast(argv: list[str]) -> int | None:
    """The exit code when this request was answered here; None to hand it to the full command line."""
    if argv == ["--version"]:
        from . import __version__

        print(f"tracing {__version__}")
        return 0
    if not argv or argv[0] != "validate":
        return None
    plain = _plain_validate(argv[1:])
    if plain is None:
        return None
    study, strict, fmt = plain
    from . import cache

    if not cache.enabled() or not study.is_dir():
        return None
    answer, inputs = cache.lookup(study)
    if answer is None:
        cache.hand_over(study, inputs)
        return None
    from .formats.validation import print_validation

    return print_validation(study, answer, strict=strict, fmt=fmt)


def main() -> None:
    """Console entry point: answer here if possible, else run the full command line."""
    code = fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from .cli import main as cli_main

    cli_main()

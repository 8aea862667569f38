"""What the report keeps between runs, in ``$TRACING_CACHE_DIR`` (default ``$XDG_CACHE_HOME/tracing``):
Jinja's compiled templates and the formatted bibliography. Each entry is keyed by a digest of everything
it is made from, so a changed template, reference, style or formatter is made afresh; a cache that
cannot be created, read or written is skipped, and the page is the same either way."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable

CACHE_ENV = "TRACING_CACHE_DIR"


def cache_folder() -> Path | None:
    """``$TRACING_CACHE_DIR``, else ``$XDG_CACHE_HOME/tracing`` (``~/.cache/tracing``); None when
    ``TRACING_CACHE_DIR`` is set empty (no cache)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tracing"


def _folder(name: str) -> Path | None:
    root = cache_folder()
    if root is None:
        return None
    folder = root / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder


def template_cache():
    """Jinja's cache of compiled templates (keyed by each template's source checksum): compiling the
    report's templates costs more than rendering a small study. None when there is no usable folder."""
    import jinja2
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):   # unreadable or truncated: compile instead
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = _folder(f"templates-jinja{jinja2.__version__}")
    return None if folder is None else QuietCache(str(folder))


def remembered(kind: str, made_from: Any, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``make()``, or what it gave before for the same ``made_from`` (anything JSON can write): kept as JSON
    under ``kind``. ``valid`` checks what is read back; anything else is made afresh."""
    folder = _folder(kind)
    digest = hashlib.sha256(json.dumps(made_from, sort_keys=True, ensure_ascii=False,
                                       default=str).encode("utf-8")).hexdigest()
    path = None if folder is None else folder / f"{digest}.json"
    if path is not None:
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            if valid(value):
                return value
        except (OSError, ValueError):
            pass
    value = make()
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass
    return value

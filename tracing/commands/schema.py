"""`tracing schema`: the JSON Schemas of the study files, for an editor's YAML extension."""

from __future__ import annotations

import json
from pathlib import Path

from ..reading.schema import schemas


def run(kind: str | None = None) -> dict:
    """Every schema by kind, or the one of ``kind``."""
    data = schemas()
    return data if kind is None else data[kind]


def write(folder: str | Path, kind: str | None = None) -> list[Path]:
    """Write ``KIND.schema.json`` files into ``folder``; the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k, s in schemas().items():
        if kind and k != kind:
            continue
        p = folder / f"{k}.schema.json"
        p.write_text(json.dumps(s, indent=2) + "\n", encoding="utf-8")
        written.append(p)
    return written

"""`tracing schema`: the JSON Schemas of the study files, for an editor's YAML extension."""

from __future__ import annotations

import json
from pathlib import Path

from ..reading.schema import schemas
from .writing import ensure_folder, write_file


def run(kind: str | None = None) -> dict:
    """Every schema by kind, or the one of ``kind``."""
    data = schemas()
    return data if kind is None else data[kind]


def write(folder: str | Path, kind: str | None = None) -> list[Path]:
    """Write ``KIND.schema.json`` files into ``folder``; the files written."""
    folder = ensure_folder(folder, "schema folder")
    return [write_file(folder / f"{k}.schema.json", json.dumps(s, indent=2) + "\n")
            for k, s in schemas().items() if not kind or k == kind]

"""`tracing export`: the evidence, tests and scores as CSV files or one JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from ..engine.results import ScoreResult, score_study
from ..output import tabular
from . import load
from .writing import ensure_folder, write_file


def write(result: ScoreResult, out: Path, fmt: str, base: Path | None = None) -> list[Path]:
    """Write the export of ``result`` into ``out`` (no link on the way from ``base``); the files written."""
    ensure_folder(out, "export folder", base)
    if fmt == "json":
        return [write_file(out / "tracing-export.json",
                           json.dumps(tabular.export_json(result), indent=2, ensure_ascii=False) + "\n")]
    return [write_file(out / name, text) for name, text in tabular.export_csv(result)]


def run(path: str | Path, fmt: str = "csv", out: str | Path | None = None) -> list[Path]:
    if out is not None:
        return write(score_study(load(path)), Path(out), fmt)
    return write(score_study(load(path)), Path(path) / "reports" / "export", fmt, base=Path(path))

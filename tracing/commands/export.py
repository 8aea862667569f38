"""`tracing export`: the evidence, tests and scores as CSV files or one JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from ..engine.results import ScoreResult, score_study
from ..output import tabular
from . import load


def write(result: ScoreResult, out: Path, fmt: str) -> list[Path]:
    """Write the export of ``result`` into ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path = out / "tracing-export.json"
        path.write_text(json.dumps(tabular.export_json(result), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return [path]
    written = []
    for name, text in tabular.export_csv(result):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def run(path: str | Path, fmt: str = "csv", out: str | Path | None = None) -> list[Path]:
    return write(score_study(load(path)), Path(out) if out is not None else Path(path) / "reports" / "export", fmt)

"""JSON Schemas of the study files, generated from the models (for editors' YAML extensions)."""

from __future__ import annotations

import json
from pathlib import Path

from .models import ConclusionsFile, EvidenceItem, Hypothesis, StudyConfig

_MERGED_WITH_DEFAULTS = ("Scoring", "TestTable", "RangeTable", "Thresholds", "Likelihoods", "RangePair")

KINDS = {"study": StudyConfig, "hypothesis": Hypothesis, "evidence": EvidenceItem, "conclusions": ConclusionsFile}


def schemas() -> dict[str, dict]:
    out = {}
    for kind, model in KINDS.items():
        s = model.model_json_schema()
        for name in _MERGED_WITH_DEFAULTS:  # partial blocks are merged into the defaults
            s.get("$defs", {}).get(name, {}).pop("required", None)
        s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        s.setdefault("title", kind)
        out[kind] = s
    return out


def write_schemas(folder: Path, kind: str | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k, s in schemas().items():
        if kind and k != kind:
            continue
        p = folder / f"{k}.schema.json"
        p.write_text(json.dumps(s, indent=2) + "\n", encoding="utf-8")
        written.append(p)
    return written

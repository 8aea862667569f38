"""JSON Schemas of the study files, generated from the models (for editors' YAML extensions)."""

from __future__ import annotations

from .models import ConclusionsFile, EvidenceItem, Hypothesis, StudyConfig

_MERGED_WITH_DEFAULTS = ("Scoring", "TestTable", "RangeTable", "Thresholds", "Likelihoods", "RangePair")

KINDS = {"study": StudyConfig, "hypothesis": Hypothesis, "evidence": EvidenceItem, "conclusions": ConclusionsFile}


def schemas() -> dict[str, dict]:
    """The JSON Schema of each file kind: ``study``, ``hypothesis``, ``evidence``, ``conclusions``."""
    out = {}
    for kind, model in KINDS.items():
        s = model.model_json_schema()
        for name in _MERGED_WITH_DEFAULTS:  # partial blocks are merged into the defaults
            s.get("$defs", {}).get(name, {}).pop("required", None)
        s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        s.setdefault("title", kind)
        out[kind] = s
    return out

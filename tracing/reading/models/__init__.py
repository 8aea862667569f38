"""Typed models of the study files (contract sections 2-5); every field carries a description."""

from __future__ import annotations

from .common import TEST_TYPES, Id, Method, Result, TestType, Verdict
from .conclusion import Conclusion, ConclusionsFile
from .evidence import EvidenceItem, EvidenceTest, SourceRef
from .hypothesis import Hypothesis
from .study import (DEFAULT_SCORING, Actor, Case, Likelihoods, Observation, Outcome, Period, Phase, RangePair,
                    Scoring, StudyConfig)

__all__ = [
    "DEFAULT_SCORING", "TEST_TYPES", "Actor", "Case", "Conclusion", "ConclusionsFile", "EvidenceItem", "EvidenceTest",
    "Hypothesis", "Id", "Likelihoods", "Method", "Observation", "Outcome", "Period", "Phase", "RangePair", "Result",
    "Scoring", "SourceRef", "StudyConfig", "TestType", "Verdict",
]

"""Score tables (text, CSV) and the evidence/score export."""

from __future__ import annotations

import csv
import io

from ..engine.results import ScoreResult
from ..engine.words import interval, number, some
from .human import table


def scores_table(result: ScoreResult) -> list[str]:
    study = result.study
    rows = []
    for p in result.pairs:
        rows.append([p.hypothesis, study.config.cases[p.case].label or p.case, number(p.prior, 2), number(p.posterior),
                     number(p.weight_db, 1), str(len(p.tests)), p.bayes, p.van_evera,
                     number(p.robustness, 2), ", ".join(p.linchpins) or "—",
                     interval(p.prior_bounds), interval(p.robustness_interval)])
    lines = [study.title, ""]
    lines += table(["hypothesis", "case", "prior", "posterior", "dB", "tests", "bayes", "van evera", "robust",
                    "linchpins", "holds for prior", "robust 95 %"], rows, right={2, 3, 4, 5, 8})
    sc = study.config.scoring
    lines += ["", f"thresholds: confirmed ≥ {sc.thresholds.confirmed}, rejected ≤ {sc.thresholds.rejected}; "
                  f"draws: {result.draws}, seed {sc.seed}; items outside clusters taken as conditionally independent"]
    for p in result.pairs:
        if p.has_conflict:
            failed, passed = p.conflict_sides
            lines.append(f"conflict: {p.hypothesis} × {p.case}: a necessary test failed on {some(failed)} "
                         f"but a sufficient test passed on {some(passed)}")
    if result.rival_scores:
        rows = [[r.rival_set, study.config.cases[r.case].label or r.case, r.best, number(r.margin_db, 1),
                 number(r.robustness, 2), interval(r.robustness_interval),
                 ", ".join(f"{k} {r.posteriors[k]:.2f}" for k in r.keys)] for r in result.rival_scores]
        lines += ["", "rival sets: mutually exclusive members (and 'none of these', the residual) compared with "
                      "each other", ""]
        lines += table(["rival set", "case", "best", "margin dB", "robust", "robust 95 %", "posteriors"], rows,
                       right={3, 4})
    return lines


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value):
    """A CSV cell that a spreadsheet will not run (OWASP, CSV injection): text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or CR gets a leading ``'``; numbers, and text that is a number (``-0.5``), stay."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value


def _csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_cell(";".join(v) if isinstance(v, list) else v) for k, v in r.items()})
    return buf.getvalue()


SCORE_COLUMNS = ["hypothesis", "case", "prior", "posterior", "weight_db", "tests", "bayes", "van_evera",
                 "robustness", "linchpins", "prior_low", "prior_high", "robustness_low", "robustness_high",
                 "source_linchpins"]
TEST_COLUMNS = ["hypothesis", "case", "evidence", "type", "result", "p_e_h", "p_e_not_h", "override", "lr",
                "weight_db", "effective_db", "cluster", "date", "phase", "congruence", "note"]
EVIDENCE_COLUMNS = ["id", "status", "case", "date", "phase", "kind", "actors", "sources", "claim", "quote", "file"]


def scores_csv(result: ScoreResult) -> str:
    return _csv(result.score_rows(), SCORE_COLUMNS)


def evidence_rows(result: ScoreResult) -> list[dict]:
    study = result.study
    rows = []
    for eid, e in study.evidence.items():
        rows.append({"id": eid, "status": e.status, "case": e.case, "date": e.date, "phase": e.phase, "kind": e.kind,
                     "actors": list(e.actors),
                     "sources": [s.key + (f" ({s.pages})" if s.pages else "") for s in e.sources],
                     "claim": e.claim, "quote": e.quote, "file": study.files[("evidence", eid)]})
    return rows


def export_json(result: ScoreResult) -> dict:
    """The JSON export: the score document with the evidence items added."""
    data = result.to_dict()
    data["evidence"] = evidence_rows(result)
    return data


def export_csv(result: ScoreResult) -> list[tuple[str, str]]:
    """The CSV export: ``(file name, text)`` for the evidence, the tests and the scores."""
    return [(name, _csv(rows, cols)) for name, rows, cols in (
        ("evidence.csv", evidence_rows(result), EVIDENCE_COLUMNS),
        ("tests.csv", result.test_records(), TEST_COLUMNS),
        ("scores.csv", result.score_rows(), SCORE_COLUMNS))]

"""Planned evidence and `tracing plan`: expected learning (Humphreys & Jacobs), planned items kept out
of every score, the rival-set entropy, the CLI, the scaffold and the report's "Looking for next"."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import tracing
from tracing.engine.planning import entropy_bits, expected_learning, update
from tracing.reading.diagnostics import StudyError

ROOT = Path(__file__).resolve().parents[1]

PLANNED = """\
    id: E2
    claim: NATO planners wrote down a power motive.
    case: afg
    status: planned
    tests:
      - {hypothesis: H1, type: hoop}
      - {hypothesis: H2, type: smoking_gun, result: pending}
    """


# -- the measure ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("phi1, phi0, prior, published", [
    (0.99, 0.01, 0.5, 0.9604),
    (0.099, 0.001, 0.5, 0.0505),
    (0.9, 0.5, 0.5, 0.1905),
    (0.5, 0.1, 0.5, 0.1905),
    (0.9, 0.4, 0.3, 0.2121),
])
def test_published_values(phi1, phi0, prior, published):
    assert round(expected_learning(prior, phi1, phi0), 4) == published


def _closed_form(phi1: float, phi0: float, p: float) -> float:
    d = phi1 - phi0
    return d * d * p * (1 - p) / (phi0 * (1 - phi0) - d * d * p * p - d * p * (2 * phi0 - 1))


@pytest.mark.parametrize("prior", [0.05, 0.2, 0.3, 0.5, 0.73, 0.9, 0.99])
@pytest.mark.parametrize("phi1, phi0", [(0.95, 0.6), (0.4, 0.05), (0.6, 0.4), (0.95, 0.05), (0.2, 0.7),
                                        (0.099, 0.001), (0.5, 0.5)])
def test_closed_form_for_one_clue(prior, phi1, phi0):
    assert expected_learning(prior, phi1, phi0) == pytest.approx(_closed_form(phi1, phi0, prior), abs=1e-12)


def test_learning_edges():
    assert expected_learning(0.0, 0.9, 0.1) == 0.0          # nothing left to learn
    assert expected_learning(1.0, 0.9, 0.1) == 0.0
    assert expected_learning(0.4, 0.3, 0.3) == 0.0          # a clue that cannot tell H from not-H
    assert expected_learning(0.4, 1.0, 0.0) == pytest.approx(1.0)  # either outcome settles it
    found, post_f, post_n = update(0.4, 0.0, 0.0)            # a trace that cannot be found
    assert found == 0 and post_f is None and post_n == pytest.approx(0.4)


def test_a_rare_smoking_gun_is_decisive_when_found_but_teaches_little_in_expectation():
    found, post_f, _ = update(0.5, 0.099, 0.001)
    assert post_f == pytest.approx(0.99)                     # decisive when it turns up
    assert found == pytest.approx(0.05)                      # but it seldom does
    assert expected_learning(0.5, 0.099, 0.001) < expected_learning(0.5, 0.9, 0.5)


# -- planned items take no part in scores ------------------------------------------------------------------

def test_a_planned_item_changes_no_score_verdict_linchpin_or_check(study_factory, cli):
    conclusions = "conclusions:\n  - {hypothesis: H1, case: afg, verdict: inconclusive}\n"
    before = study_factory({"conclusions.yaml": conclusions})
    after = study_factory({"conclusions.yaml": conclusions, "evidence/afg/e2.yaml": PLANNED})
    a, b = tracing.score(before), tracing.score(after)
    strip = lambda d: {k: v for k, v in d.items() if k not in ("study", "provenance")}  # noqa: E731
    assert strip(a.to_dict()) == strip(b.to_dict())
    assert all(t.evidence != "E2" for p in b.pairs for t in p.tests)
    assert cli("check", str(after)).code == cli("check", str(before)).code == 0
    assert len(tracing.load_study(after).evidence) == 2     # still read and validated


def test_the_export_says_which_items_are_planned(study_factory, cli, tmp_path):
    import csv
    import json

    study = study_factory({"evidence/afg/e2.yaml": PLANNED})
    assert cli("export", str(study), "--out", str(tmp_path / "x")).code == 0
    rows = {r["id"]: r for r in csv.DictReader((tmp_path / "x" / "evidence.csv").open(encoding="utf-8"))}
    assert (rows["E1"]["status"], rows["E2"]["status"]) == ("observed", "planned")
    assert cli("export", str(study), "--out", str(tmp_path / "j"), "--format", "json").code == 0
    data = json.loads(next((tmp_path / "j").glob("*.json")).read_text(encoding="utf-8"))
    assert {e["id"]: e["status"] for e in data["evidence"]} == {"E1": "observed", "E2": "planned"}
    assert all(t["evidence"] != "E2" for t in data["evidence_tests"])


def test_a_planned_item_is_validated_like_any_other(study_factory):
    root = study_factory({"evidence/afg/e2.yaml": PLANNED.replace("case: afg", "case: afgh")})
    with pytest.raises(StudyError) as exc:
        tracing.load_study(root)
    assert [d.code for d in exc.value.errors] == ["TR202"]


@pytest.mark.parametrize("text, code", [
    (PLANNED.replace("{hypothesis: H1, type: hoop}", "{hypothesis: H1, type: hoop, result: fail}"), "TR701"),
    (PLANNED.replace("    status: planned\n", ""), "TR702"),
])
def test_results_must_fit_the_status(study_factory, text, code):
    root = study_factory({"evidence/afg/e2.yaml": text})
    with pytest.raises(StudyError) as exc:
        tracing.load_study(root)
    assert code in [d.code for d in exc.value.errors]
    d = next(d for d in exc.value.errors if d.code == code)
    assert (d.path, d.line) == ("evidence/afg/e2.yaml", 6)


# -- tracing plan ------------------------------------------------------------------------------------------

def test_plan_numbers_against_a_hand_computation(study_factory):
    # H1 × afg: E1 passes a smoking gun (LR 8): π = 8/9. The planned hoop (0.95, 0.6):
    # P(found) = 8/9·0.95 + 1/9·0.6 = 8.2/9; if found 7.6/8.2 (confirmed); if not 0.4/0.8 = 0.5
    root = study_factory({"evidence/afg/e2.yaml": PLANNED})
    got = tracing.plan(root)
    row = next(t for t in got.planned if t.hypothesis == "H1")
    assert row.prior == pytest.approx(8 / 9)
    assert row.p_found == pytest.approx(8.2 / 9)
    assert row.posterior_if_found == pytest.approx(7.6 / 8.2)
    assert row.posterior_if_not_found == pytest.approx(0.5)
    assert (row.verdict, row.verdict_if_found, row.verdict_if_not_found) == ("inconclusive", "confirmed",
                                                                             "inconclusive")
    assert row.p_verdict_changes == pytest.approx(8.2 / 9)
    assert row.expected_learning == pytest.approx(_closed_form(0.95, 0.6, 8 / 9))
    # ranked by expected learning, largest first
    assert [t.expected_learning for t in got.planned] == sorted((t.expected_learning for t in got.planned),
                                                                reverse=True)


def test_plan_uses_a_planned_tests_own_likelihoods(study_factory):
    text = PLANNED.replace("{hypothesis: H1, type: hoop}", "{hypothesis: H1, type: hoop, p_e_h: 0.5, p_e_not_h: 0.1}")
    got = tracing.plan(study_factory({"evidence/afg/e2.yaml": text}))
    row = next(t for t in got.planned if t.hypothesis == "H1")
    assert (row.p_e_h, row.p_e_not_h, row.override) == (0.5, 0.1, True)
    assert row.expected_learning == pytest.approx(_closed_form(0.5, 0.1, 8 / 9))


def test_plan_json_and_table(study_factory, cli):
    root = study_factory({"evidence/afg/e2.yaml": PLANNED})
    r = cli("plan", str(root), "--format", "json")
    assert r.code == 0, r.text
    data = json.loads(r.out)
    assert set(data) == {"planned", "rival_sets"} and data["rival_sets"] == []
    first = data["planned"][0]
    for key in ("item", "hypothesis", "case", "p_found", "posterior_if_found", "posterior_if_not_found",
                "expected_learning", "p_verdict_changes"):
        assert key in first
    assert {(t["item"], t["hypothesis"], t["case"]) for t in data["planned"]} == {("E2", "H1", "afg"),
                                                                               ("E2", "H2", "afg")}
    table = cli("plan", str(root))
    assert table.code == 0 and "E2" in table.out and "learning" in table.out


def test_plan_pair_filter_and_usage_errors(study_factory, cli):
    root = study_factory({"evidence/afg/e2.yaml": PLANNED})
    data = json.loads(cli("plan", str(root), "--format", "json", "--pair", "H2:afg").out)
    assert [(t["hypothesis"], t["case"]) for t in data["planned"]] == [("H2", "afg")]
    bad = cli("plan", str(root), "--pair", "H9:afg")
    assert bad.code == 2 and "H9" in bad.err
    assert cli("plan", str(root), "--pair", "H1").code == 2


def test_plan_without_planned_items(study_factory, cli):
    r = cli("plan", str(study_factory()))
    assert r.code == 0 and "no planned evidence items" in r.out
    assert json.loads(cli("plan", str(study_factory()), "--format", "json").out) == {"planned": [], "rival_sets": []}


def test_plan_of_an_invalid_study_exits_2(study_factory, cli):
    root = study_factory({"evidence/afg/e2.yaml": PLANNED.replace("type: hoop}", "type: hoop, result: pass}")})
    r = cli("plan", str(root))
    assert r.code == 2 and "TR701" in r.err


# -- rival sets --------------------------------------------------------------------------------------------

def test_plan_for_a_rival_set(study_factory):
    files = {
        "study.yaml": """\
            title: T
            question: Q
            cases: {afg: {label: Afghanistan}}
            actors: {nato: {label: NATO}}
            scoring: {congruence: off}
            rival_sets:
              driver: {members: [H1, H2], residual: 0.2}
            """,
        "evidence/afg/e1.yaml": """\
            id: R1
            claim: c
            case: afg
            sources: []
            tests: [{hypothesis: H1, type: straw_in_the_wind, result: pass}]
            """,
        "evidence/p1.yaml": """\
            id: P1
            claim: c
            case: afg
            status: planned
            tests: [{hypothesis: H2, type: smoking_gun}]
            """,
    }
    root = study_factory(files)
    result = tracing.score(root, draws=0)
    now = result.rival_score("driver", "afg").posteriors
    got = tracing.plan(root)
    s = next(s for s in got.rival_sets if s.item == "P1")
    # §8.2 as if found: H2 (tested) p = 0.4; H1 and the residual the mean q of the tested members, 0.05
    like = {"H1": 0.05, "H2": 0.4, "residual": 0.05}
    assert s.likelihoods == pytest.approx(like)
    found = sum(now[k] * like[k] for k in like)
    post_f = {k: now[k] * like[k] / found for k in like}
    post_n = {k: now[k] * (1 - like[k]) / (1 - found) for k in like}
    assert s.p_found == pytest.approx(found)
    assert s.posteriors_if_found == pytest.approx(post_f)
    assert s.posteriors_if_not_found == pytest.approx(post_n)
    h = lambda d: -sum(v * math.log2(v) for v in d.values())  # noqa: E731
    assert s.expected_entropy_reduction == pytest.approx(h(now) - found * h(post_f) - (1 - found) * h(post_n))
    assert s.entropy_bits == pytest.approx(entropy_bits(now))
    assert s.best == "H1" and s.best_if_found == "H2" and s.best_if_not_found == "H1"
    assert s.p_best_changes == pytest.approx(found)
    # the set itself is scored without the planned item
    assert now == pytest.approx(tracing.score(study_factory({**files, "evidence/p1.yaml": None}),
                                              draws=0).rival_score("driver", "afg").posteriors)
    assert tracing.plan(root).to_dict()["rival_sets"][0]["item"] == "P1"


# -- the scaffold ------------------------------------------------------------------------------------------

def test_new_evidence_planned(study_factory, cli):
    root = study_factory()
    r = cli("new", "evidence", "--study", str(root), "--id", "E9", "--claim", "A trace to look for", "--case",
            "afg", "--test", "H1:smoking_gun", "--test", "H2:hoop:pending", "--planned")
    assert r.code == 0, r.text
    text = (root / "evidence" / "afg" / "e9.yaml").read_text()
    assert "status: planned" in text and "result" not in text
    study = tracing.load_study(root)
    assert study.evidence["E9"].planned and not study.warnings
    bad = cli("new", "evidence", "--study", str(root), "--id", "E10", "--claim", "c", "--case", "afg",
              "--test", "H1:hoop:pass", "--planned")
    assert bad.code == 2 and "no result" in bad.err
    assert cli("new", "evidence", "--study", str(root), "--id", "E11", "--claim", "c", "--case", "afg",
               "--test", "H1:hoop").code == 2  # an observed item needs its result


# -- the report --------------------------------------------------------------------------------------------

def test_report_looking_for_next(study_factory):
    from tracing.output.report import render_html

    html = render_html(tracing.score(study_factory({"evidence/afg/e2.yaml": PLANNED}), draws=0))
    assert 'id="planned"' in html and "Looking for next" in html
    section = html[html.index('id="planned"'):html.index("</section>", html.index('id="planned"'))]
    assert "E2" in section and "0.927" in section and "Finding it would raise H1 from 0.889 to 0.927" in section
    assert "not finding it would lower H1 from 0.889 to 0.500" in section
    item = html[html.index('id="e-E2"'):]
    assert ">planned</a>" in item[:800] and "to look for" in item[:2000]
    assert 'id="planned"' not in render_html(tracing.score(study_factory(), draws=0))


# -- the example study -------------------------------------------------------------------------------------

def test_the_example_study_plans_and_checks_as_without_its_planned_items(cli, tmp_path):
    import shutil

    example = ROOT / "examples" / "afghan-peace"
    bare = tmp_path / "bare"
    shutil.copytree(example, bare, ignore=shutil.ignore_patterns("reports"))
    for f in bare.glob("evidence/**/*.yaml"):
        if "status: planned" in f.read_text(encoding="utf-8"):
            f.unlink()
    with_planned, without = cli("check", str(example)), cli("check", str(bare))
    assert with_planned.code == without.code
    assert with_planned.out.replace(str(example), "S") == without.out.replace(str(bare), "S")
    data = json.loads(cli("plan", str(example), "--format", "json").out)
    assert {t["item"] for t in data["planned"]} >= {"POST-90", "PRE-90"}

"""The engine against worked examples one can recompute by hand (contract section 6)."""

from __future__ import annotations

import json
import math

import pytest

import tracing
from tracing.engine.words import van_evera_reason
from tracing.weights import EvidenceState, likelihood_ratio

H_AND_J = {  # Humphreys & Jacobs (2015) illustrative tests: (p, q) -> LR pass, LR fail
    "straw_in_the_wind": (0.6, 0.4, 1.5, 0.6667),
    "hoop": (0.95, 0.6, 1.5833, 0.125),
    "smoking_gun": (0.4, 0.05, 8.0, 0.6316),
    "doubly_decisive": (0.95, 0.05, 19.0, 0.05263),
}

NO_CONGRUENCE = """\
    title: T
    question: Q
    cases: {afg: {}, syr: {}}
    actors: {nato: {}, csto: {}}
    scoring: {congruence: null, draws: 200}
    """


def item(eid, case, *tests, date=None, phase=None):
    lines = [f"id: {eid}", "claim: c", f"case: {case}", "sources: [{key: nato2001}]"]
    if date:
        lines.append(f"date: {date}")
    if phase:
        lines.append(f"phase: {phase}")
    lines.append("tests:")
    for t in tests:
        lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in t.items()) + "}")
    return "\n".join(lines) + "\n"


def hyp(hid, **extra):
    lines = [f"id: {hid}", "title: t", "statement: s"] + [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def test_worked_example_failed_hoop_at_prior_074(study_factory):
    # method.md: prior 0.74, hoop (0.95, 0.6) fails -> 0.74*0.05 / (0.74*0.05 + 0.26*0.4) = 0.262
    root = study_factory({"study.yaml": NO_CONGRUENCE, "hypotheses/H1.yaml": hyp("H1", prior=0.74),
                          "evidence/afg/e1.yaml": item("E1", "afg", {"hypothesis": "H1", "type": "hoop", "result": "fail"})})
    p = tracing.score(root).pair("H1", "afg")
    assert p.posterior == pytest.approx(0.74 * 0.05 / (0.74 * 0.05 + 0.26 * 0.4))
    assert round(p.posterior, 3) == 0.262
    assert p.van_evera == "rejected"
    assert p.weight_db == pytest.approx(10 * math.log10(0.125))


@pytest.mark.parametrize("type_", sorted(H_AND_J))
@pytest.mark.parametrize("result", ["pass", "fail"])
def test_humphreys_jacobs_tests_at_prior_half(type_, result, study_factory):
    p, q, lr_pass, lr_fail = H_AND_J[type_]
    lr = lr_pass if result == "pass" else lr_fail
    root = study_factory({"study.yaml": NO_CONGRUENCE,
                          "evidence/afg/e1.yaml": item("E1", "afg", {"hypothesis": "H1", "type": type_, "result": result})})
    pair = tracing.score(root).pair("H1", "afg")
    assert pair.tests[0].lr == pytest.approx(lr, rel=1e-3)
    assert pair.posterior == pytest.approx(lr / (1 + lr), rel=1e-3)
    assert pair.weight_db == pytest.approx(10 * math.log10(lr), rel=1e-3)


def test_elimination_and_proof_are_exact(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg",
        {"hypothesis": "H1", "type": "hoop", "result": "fail", "p_e_h": 1, "p_e_not_h": 0.5},
        {"hypothesis": "H2", "type": "smoking_gun", "result": "pass", "p_e_h": 0.3, "p_e_not_h": 0})})
    result = tracing.score(root)
    h1, h2 = result.pair("H1", "afg"), result.pair("H2", "afg")
    assert (h1.posterior, h1.weight_db, h1.bayes) == (0.0, -math.inf, "rejected")
    assert (h2.posterior, h2.weight_db, h2.bayes) == (1.0, math.inf, "confirmed")
    data = json.loads(json.dumps(result.to_dict()))
    weights = {(s["hypothesis"], s["case"]): s["weight_db"] for s in data["scores"]}
    assert weights[("H1", "afg")] == "-inf" and weights[("H2", "afg")] == "inf"


def test_elimination_survives_strong_support(study_factory):
    tests = [{"hypothesis": "H1", "type": "doubly_decisive", "result": "pass"}]
    root = study_factory({"study.yaml": NO_CONGRUENCE,
                          "evidence/afg/e1.yaml": item("E1", "afg", *tests),
                          "evidence/afg/e2.yaml": item("E2", "afg", *tests),
                          "evidence/afg/e3.yaml": item("E3", "afg", {"hypothesis": "H1", "type": "hoop", "result": "fail",
                                                                      "p_e_h": 1, "p_e_not_h": 0.2})})
    assert tracing.score(root).pair("H1", "afg").posterior == 0.0


def test_no_evidence_keeps_prior_and_is_inconclusive_whatever_the_prior(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "hypotheses/H2.yaml": hyp("H2", prior=0.95)})
    p = tracing.score(root).pair("H2", "syr")
    assert (p.posterior, p.weight_db, p.bayes, p.van_evera, len(p.tests)) == (0.95, 0.0, "inconclusive", "inconclusive", 0)


def test_van_evera_reads_the_table_literally_and_reports_conflicts(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg", {"hypothesis": "H1", "type": "hoop", "result": "fail"},
        {"hypothesis": "H2", "type": "smoking_gun", "result": "pass"}),
        "evidence/afg/e2.yaml": item("E2", "afg", {"hypothesis": "H1", "type": "smoking_gun", "result": "pass"},
                                     {"hypothesis": "H2", "type": "straw_in_the_wind", "result": "fail"})})
    r = tracing.score(root)
    h1, h2 = r.pair("H1", "afg"), r.pair("H2", "afg")
    assert h1.van_evera == "rejected" and h1.conflicts == [("E1", "E2")]
    assert van_evera_reason(h1.tests, h1.van_evera) == "fails the hoop test of E1: rejected"
    assert h2.van_evera == "confirmed" and h2.conflicts == [] and not h2.has_conflict
    assert h1.has_conflict and h1.conflict_sides == (["E1"], ["E2"])


def test_a_conflict_reaches_every_output_format(cli, study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg", {"hypothesis": "H1", "type": "hoop", "result": "fail"}),
        "evidence/afg/e2.yaml": item("E2", "afg", {"hypothesis": "H1", "type": "smoking_gun", "result": "pass"}),
        "evidence/afg/e3.yaml": item("E3", "afg", {"hypothesis": "H1", "type": "doubly_decisive", "result": "fail"})})
    table = cli("score", str(root))
    assert table.code == 0
    assert "conflict: H1 × afg: a necessary test failed on E1, E3 but a sufficient test passed on E2" in table.out
    data = json.loads(cli("score", str(root), "--format", "json").out)
    by_pair = {(s["hypothesis"], s["case"]): s["conflicts"] for s in data["scores"]}
    assert by_pair[("H1", "afg")] == {"failed": ["E1", "E3"], "passed": ["E2"]}
    assert by_pair[("H2", "afg")] is None
    csv_out = cli("score", str(root), "--format", "csv")
    assert csv_out.code == 0, csv_out.err
    assert csv_out.out.splitlines()[0].startswith("hypothesis,case,prior,posterior")


def test_congruence_test_is_added_and_never_a_linchpin(study_factory):
    root = study_factory({"hypotheses/H1.yaml": hyp("H1", actor="nato", predictions="{afg: military, syr: [military, material]}"),
                          "study.yaml": """\
        title: T
        question: Q
        cases: {afg: {phases: [{id: early}]}, syr: {}}
        actors: {nato: {}, csto: {}}
        outcome:
          name: involvement
          levels: [none, political, material, military]
          observed:
            - {actor: nato, case: afg, level: military}
            - {actor: nato, case: syr, level: political}
            - {actor: nato, case: afg, phase: early, level: none}
        scoring: {draws: 0, congruence: hoop}   # v1: a fixed hoop
        """})
    r = tracing.score(root)
    afg, syr = r.pair("H1", "afg"), r.pair("H1", "syr")
    cong_afg = [t for t in afg.tests if t.congruence]
    assert [(t.evidence, t.type, t.result) for t in cong_afg] == [("congruence:H1:afg", "hoop", "pass")]
    (cong_syr,) = syr.tests
    assert (cong_syr.evidence, cong_syr.result) == ("congruence:H1:syr", "fail")
    assert syr.van_evera == "rejected" and syr.linchpins == []
    assert syr.posterior == pytest.approx(0.05 / 0.4 / (1 + 0.05 / 0.4))


def test_congruence_off(study_factory):
    root = study_factory({"hypotheses/H1.yaml": hyp("H1", actor="nato", predictions="{syr: military}"),
                          "study.yaml": MINIMAL_WITH("scoring: {congruence: null, draws: 0}")})
    assert tracing.score(root).pair("H1", "syr").tests == []


def MINIMAL_WITH(extra: str) -> str:
    return ("title: T\nquestion: Q\ncases: {afg: {}, syr: {}}\nactors: {nato: {}, csto: {}}\n"
            "outcome: {name: i, levels: [none, military], observed: [{actor: nato, case: syr, level: none}]}\n" + extra + "\n")


def test_linchpins_are_the_items_whose_removal_flips_the_verdict(study_factory):
    sg = {"hypothesis": "H1", "type": "smoking_gun", "result": "pass"}
    straw = {"hypothesis": "H1", "type": "straw_in_the_wind", "result": "pass"}
    root = study_factory({"study.yaml": NO_CONGRUENCE,
                          "evidence/afg/e1.yaml": item("E1", "afg", sg),
                          "evidence/afg/e2.yaml": item("E2", "afg", straw),
                          "evidence/afg/e3.yaml": item("E3", "afg", straw)})
    # 8 * 1.5 * 1.5 = 18 -> 0.947 confirmed; without E1: 2.25 -> 0.69; without E2: 12 -> 0.923 still confirmed
    p = tracing.score(root).pair("H1", "afg")
    assert p.bayes == "confirmed" and p.linchpins == ["E1"]


def test_a_single_item_is_a_linchpin_of_its_verdict(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg", {"hypothesis": "H1", "type": "doubly_decisive", "result": "pass"})})
    assert tracing.score(root).pair("H1", "afg").linchpins == ["E1"]


def test_sensitivity_is_seeded_and_draws_can_be_overridden(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg", {"hypothesis": "H1", "type": "smoking_gun", "result": "pass"},
        {"hypothesis": "H2", "type": "hoop", "result": "fail"})})
    s = tracing.load_study(root)
    a, b = tracing.score(s, draws=500), tracing.score(s, draws=500)
    assert [p.robustness for p in a.pairs] == [p.robustness for p in b.pairs]
    assert 0 < a.pair("H2", "afg").robustness < 1   # 0.125 fail straddles the 0.1 threshold across the hoop range
    assert tracing.score(s, draws=0).pair("H1", "afg").robustness is None


def test_overrides_stay_fixed_in_sensitivity(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE, "evidence/afg/e1.yaml": item(
        "E1", "afg", {"hypothesis": "H1", "type": "hoop", "result": "fail", "p_e_h": 0.99, "p_e_not_h": 0.5})})
    p = tracing.score(root, draws=300).pair("H1", "afg")
    assert p.bayes == "rejected" and p.robustness == 1.0


def test_trajectory_is_in_date_order_undated_last(study_factory):
    straw = {"hypothesis": "H1", "type": "straw_in_the_wind", "result": "pass"}
    root = study_factory({"study.yaml": NO_CONGRUENCE,
                          "evidence/afg/a.yaml": item("A", "afg", straw),
                          "evidence/afg/b.yaml": item("B", "afg", straw, date="2005"),
                          "evidence/afg/c.yaml": item("C", "afg", straw, date="2002-03")})
    rows = [r for r in tracing.score(root).trajectory_rows if (r["hypothesis"], r["case"]) == ("H1", "afg")]
    assert [r["evidence"] for r in rows] == [None, "E1", "C", "B", "A"]  # E1 (2001-10) from the base study
    odds = 8 * 1.5 ** 3
    assert rows[-1]["posterior"] == pytest.approx(odds / (1 + odds))
    assert rows[1]["posterior"] == pytest.approx(8 / 9)


def test_phase_posteriors_use_phase_or_date(study_factory):
    sg = {"hypothesis": "H1", "type": "smoking_gun", "result": "pass"}
    root = study_factory({"evidence/afg/a.yaml": item("A", "afg", sg, phase="early"),
                          "evidence/afg/b.yaml": item("B", "afg", sg, date="2006-01"),
                          "evidence/afg/c.yaml": item("C", "afg", sg)})
    rows = {(r["hypothesis"], r["phase"]): r for r in tracing.score(root).phase_rows}
    assert rows[("H1", "early")]["tests"] == 2  # A by phase, E1 (2001-10) by date
    assert rows[("H1", "late")]["tests"] == 1 and rows[("H1", "late")]["posterior"] == pytest.approx(8 / 9)


def test_rivals_and_same_actor_theories_are_compared(study_factory):
    root = study_factory({"hypotheses/H3.yaml": hyp("H3", actor="csto", theory="x"),
                          "hypotheses/H4.yaml": hyp("H4", actor="csto", theory="y")})
    r = tracing.score(root)
    pairs = {(row["hypothesis"], row["rival"]) for row in r.rival_rows}
    assert pairs == {("H1", "H2"), ("H3", "H4")}
    row = next(x for x in r.rival_rows if x["hypothesis"] == "H1" and x["case"] == "afg")
    assert row["difference_db"] == pytest.approx(row["weight_db"] - row["rival_weight_db"])


def test_ach_rows_ordered_by_diagnosticity(study_factory):
    root = study_factory({"study.yaml": NO_CONGRUENCE,
                          "evidence/afg/e2.yaml": item("E2", "afg", {"hypothesis": "H1", "type": "straw_in_the_wind", "result": "pass"},
                                                       {"hypothesis": "H2", "type": "straw_in_the_wind", "result": "pass"})})
    r = tracing.score(root)
    view = r.ach_view
    assert [row["evidence"] for row in view["rows"]] == ["E1", "E2"]
    assert view["rows"][1]["diagnosticity_db"] == pytest.approx(0.0)
    df = r.ach
    assert list(df.columns[-2:]) == ["H1", "H2"] and df.iloc[0]["H1"] == "C"


def test_dataframes_and_dict_agree(study_factory):
    r = tracing.score(study_factory())
    d = r.to_dict()
    assert d["schema_version"] == 1 and d["study"] == "Test study"
    assert len(r.scores) == len(d["scores"]) == 4
    assert set(r.tests["evidence"]) == {t["evidence"] for t in d["evidence_tests"]}
    assert list(r.trajectory.columns)[:3] == ["hypothesis", "case", "step"]


def test_likelihood_ratio_edge_cases():
    assert likelihood_ratio(0.95, 0.6, "pass") == pytest.approx(0.95 / 0.6)
    assert likelihood_ratio(1.0, 0.5, "fail") == 0.0
    assert likelihood_ratio(0.5, 0.0, "pass") == math.inf
    assert math.isnan(likelihood_ratio(0.0, 0.0, "pass"))
    assert EvidenceState(0.0, 1, 0).posterior(0.5) == 0.0 and EvidenceState(0.0, 0, 1).posterior(0.5) == 1.0

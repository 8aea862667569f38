"""Rival sets (contract §8): posteriors over mutually exclusive explanations, each rule against a hand computation."""

from __future__ import annotations

import json
import math

import pytest

import tracing
from tracing.reading.diagnostics import StudyError

DB = 10 / math.log(10)


def _study(study_factory, *, sets: str, items: dict[str, str], conclusions: str | None = None,
           hypotheses=("H1", "H2", "H3"), scoring: str = "congruence: off", outcome: str = "", predictions=None):
    import textwrap

    files = {"study.yaml": "\n".join([
        "title: Rivals", "question: Which explanation is best?",
        "cases: {afg: {label: Afghanistan}, syr: {label: Syria}}", "actors: {nato: {label: NATO}}", outcome,
        "scoring:", textwrap.indent(textwrap.dedent("  " + scoring.replace("\n              ", "\n  ")), "  "),
        "rival_sets:", textwrap.indent(textwrap.dedent(sets), "  "), ""]).encode()}
    for h in hypotheses:
        pred = (predictions or {}).get(h)
        files[f"hypotheses/{h}.yaml"] = (f"id: {h}\ntitle: {h}\nstatement: s\nactor: nato\n"
                                         + (f"predictions: {{afg: {pred}}}\n" if pred else ""))
    for name, text in items.items():
        files[f"evidence/{name}.yaml"] = text
    if conclusions:
        files["conclusions.yaml"] = conclusions
    return study_factory(files, base=False)


# every item tests at least one hypothesis (contract §4); H3, outside the two-member sets, serves for those
# that bear on a set only through explicit likelihoods
NEUTRAL = "[{hypothesis: H3, type: straw_in_the_wind, result: pass}]"


def _item(eid: str, tests: str = NEUTRAL, extra: str = "", case: str = "afg") -> str:
    return f"id: {eid}\nclaim: c\ncase: {case}\nsources: []\ntests: {tests}\n{extra}"


TWO = """\
              driver:
                label: What drove NATO
                members: [H1, H2]
                residual: 0.2"""


def test_explicit_likelihoods_with_a_residual(study_factory):
    # priors 0.4, 0.4, 0.2; P(e|.) 0.8, 0.2, 0.5 → 0.32, 0.08, 0.10 of 0.50
    root = _study(study_factory, sets=TWO, items={
        "e1": _item("E1", "[{hypothesis: H3, type: straw_in_the_wind, result: pass}]",
                    "likelihoods: {H1: 0.8, H2: 0.2, residual: 0.5}\n")})
    r = tracing.score(root, draws=0).rival_score("driver", "afg")
    assert r.priors == pytest.approx({"H1": 0.4, "H2": 0.4, "residual": 0.2})
    assert r.posteriors == pytest.approx({"H1": 0.64, "H2": 0.16, "residual": 0.2})
    assert (r.best, r.runner_up) == ("H1", "residual")
    assert r.margin_db == pytest.approx(10 * math.log10(0.64 / 0.2))
    assert r.weights_db["H1"]["H2"] == pytest.approx(10 * math.log10(4))
    assert r.weights_db["H2"]["residual"] == pytest.approx(10 * math.log10(0.2 / 0.5))
    # a case without evidence keeps the priors: the first member leads a tie
    s = tracing.score(root, draws=0).rival_score("driver", "syr")
    assert s.posteriors == pytest.approx(s.priors) and s.best == "H1"


def test_untested_member_takes_the_mean_of_the_tested_members_q(study_factory):
    # rule 2(c): H2 is not tested; E1 passes H1's hoop (0.95, 0.6) and fails H3's straw (0.6, 0.4)
    sets = """\
              s:
                members: [H1, H2, H3]"""
    root = _study(study_factory, sets=sets, items={"e1": _item(
        "E1", "[{hypothesis: H1, type: hoop, result: pass}, {hypothesis: H3, type: straw_in_the_wind, result: fail}]")})
    r = tracing.score(root, draws=0).rival_score("s", "afg")
    like = {"H1": 0.95, "H2": (0.6 + (1 - 0.4)) / 2, "H3": 1 - 0.6}
    total = sum(like.values())
    assert r.posteriors == pytest.approx({k: v / total for k, v in like.items()})


def test_a_set_of_h_and_g_reproduces_hs_own_posterior(study_factory):
    # {H, G}, no residual, priors prior_H and 1 − prior_H, items testing only H: G takes q by rule 2(c),
    # so the posterior odds are the §6 odds
    sets = """\
              hg:
                members: [H1, H2]
                priors: {H1: 0.3}"""
    tests = ["hoop, result: pass", "smoking_gun, result: pass", "straw_in_the_wind, result: fail",
             "straw_in_the_wind, result: pass"]
    items = {f"e{i}": _item(f"E{i}", f"[{{hypothesis: H1, type: {t}}}]") for i, t in enumerate(tests)}
    root = _study(study_factory, sets=sets, items=items, hypotheses=("H1", "H2", "H3"))
    files = dict(root=root)
    (root / "hypotheses" / "H1.yaml").write_text("id: H1\ntitle: H1\nstatement: s\nactor: nato\nprior: 0.3\n")
    result = tracing.score(files["root"], draws=0)
    assert result.rival_score("hg", "afg").posteriors["H1"] == pytest.approx(result.pair("H1", "afg").posterior)


def test_outcome_term_from_the_breadth_of_each_prediction(study_factory):
    outcome = ("outcome: {name: involvement, levels: [none, political, military], "
               "observed: [{actor: nato, case: afg, level: military}]}")
    sets = """\
              s:
                members: [H1, H2, H3]
                residual: 0.1"""
    root = _study(study_factory, sets=sets, items={}, outcome=outcome, scoring="draws: 0",
                  predictions={"H1": "[military]", "H2": "[political, military]", "H3": "[none]"})
    r = tracing.score(root).rival_score("s", "afg")
    # P(l|m): H1 0.95·(1/3)/(1/3); H2 0.95·(1/3)/(2/3); H3 (1 − 0.95)·(1/3)/(2/3); residual b(l) = 1/3
    like = {"H1": 0.95, "H2": 0.475, "H3": 0.025, "residual": 1 / 3}
    prior = {"H1": 0.3, "H2": 0.3, "H3": 0.3, "residual": 0.1}
    total = sum(prior[k] * like[k] for k in like)
    assert r.posteriors == pytest.approx({k: prior[k] * like[k] / total for k in like})
    assert r.outcome_db["H2"] == pytest.approx(DB * math.log(0.475))


def _cluster_items(scale: float) -> dict[str, str]:
    return {"e1": _item("E1", extra="cluster: c1\nlikelihoods: {H1: 0.8, H2: 0.2}\n"),
            "e2": _item("E2", extra=f"cluster: c1\nlikelihoods: {{H1: {0.6 * scale}, H2: {0.3 * scale}}}\n")}


@pytest.mark.parametrize("discount", [0.0, 0.5])
def test_cluster_vectors_strongest_plus_discounted_rest(study_factory, discount):
    sets = """\
              s:
                members: [H1, H2]"""
    root = _study(study_factory, sets=sets, items=_cluster_items(1.0), hypotheses=("H1", "H2", "H3"),
                  scoring=f"congruence: off\n              dependence: {{discount: {discount}}}")
    r = tracing.score(root, draws=0).rival_score("s", "afg")
    # E1's vector has the wider range (ln 4 against ln 2): E1 + d·E2
    log_odds = math.log(0.8 / 0.2) + discount * math.log(0.6 / 0.3)
    assert r.posteriors["H1"] == pytest.approx(1 / (1 + math.exp(-log_odds)))
    # adding a constant to a vector changes nothing
    root2 = _study(study_factory, sets=sets, items=_cluster_items(0.5), hypotheses=("H1", "H2", "H3"),
                   scoring=f"congruence: off\n              dependence: {{discount: {discount}}}")
    assert tracing.score(root2, draws=0).rival_score("s", "afg").posteriors == pytest.approx(r.posteriors)


def test_five_hundred_items_do_not_underflow(study_factory):
    sets = """\
              s:
                members: [H1, H2]
                residual: 0.1"""
    items = {f"e{i}": _item(f"E{i}", extra="likelihoods: {H1: 0.02, H2: 0.01, residual: 0.015}\n")
             for i in range(500)}
    r = tracing.score(_study(study_factory, sets=sets, items=items, hypotheses=("H1", "H2", "H3")), draws=0
                      ).rival_score("s", "afg")
    assert sum(r.posteriors.values()) == pytest.approx(1.0)
    assert r.best == "H1" and r.posteriors["H1"] == pytest.approx(1.0)
    assert r.weights_db["H1"]["H2"] == pytest.approx(500 * 10 * math.log10(2))


def test_robustness_counts_the_draws_that_keep_the_best_member(study_factory):
    sets = """\
              s:
                members: [H1, H2]"""
    items = {"e1": _item("E1", "[{hypothesis: H1, type: smoking_gun, result: pass}]"),
             "e2": _item("E2", "[{hypothesis: H2, type: straw_in_the_wind, result: pass}]")}
    root = _study(study_factory, sets=sets, items=items, hypotheses=("H1", "H2", "H3"),
                  scoring="congruence: off\n              draws: 400")
    a = tracing.score(root).rival_score("s", "afg")
    b = tracing.score(root).rival_score("s", "afg")
    assert a.best == "H1" and 0.5 < a.robustness <= 1.0 and a.robustness == b.robustness
    lo, hi = a.robustness_interval
    assert lo <= a.robustness <= hi


def test_incoherent_tests_are_a_warning_naming_both_numbers(study_factory):
    sets = """\
              s:
                members: [H1, H2]"""
    bad = _item("E1", "[{hypothesis: H1, type: smoking_gun, result: pass}, "
                      "{hypothesis: H2, type: straw_in_the_wind, result: pass}]")
    study = tracing.load_study(_study(study_factory, sets=sets, items={"e1": bad}, hypotheses=("H1", "H2", "H3")))
    warned = [w for w in study.warnings if w.code == "TR605"]
    assert warned and "0.05" in warned[0].message and "0.6" in warned[0].message
    ok = _item("E1", "[{hypothesis: H1, type: straw_in_the_wind, result: pass}, "
                     "{hypothesis: H2, type: straw_in_the_wind, result: pass}]")
    study = tracing.load_study(_study(study_factory, sets=sets, items={"e1": ok}, hypotheses=("H1", "H2", "H3")))
    assert not [w for w in study.warnings if w.code == "TR605"]


def _codes(root) -> dict[str, str]:
    with pytest.raises(StudyError) as info:
        tracing.load_study(root)
    return {d.code: d.format() + (f" hint: {d.hint}" if d.hint else "") for d in info.value.diagnostics}


def test_priors_that_do_not_sum_say_the_sum_and_the_residual_needed(study_factory):
    sets = """\
              s:
                members: [H1, H2]
                residual: 0.3
                priors: {H1: 0.5, H2: 0.4}"""
    got = _codes(_study(study_factory, sets=sets, items={}, hypotheses=("H1", "H2", "H3")))
    assert "sum to 1.2" in got["TR601"] and "residual would need to be 0.1" in got["TR601"]


def test_likelihoods_key_outside_every_set_names_the_sets(study_factory):
    got = _codes(_study(study_factory, sets=TWO, items={"e1": _item("E1", extra="likelihoods: {H3: 0.2}\n")}))
    assert "'H3' is not a member of any rival set (sets: driver)" in got["TR602"]


def test_likelihoods_for_an_untested_set_must_be_complete(study_factory):
    got = _codes(_study(study_factory, sets=TWO, items={"e1": _item("E1", extra="likelihoods: {H1: 0.2}\n")}))
    assert "missing: H2, residual" in got["TR603"]


def test_evidence_impossible_under_every_member_is_refused(study_factory):
    got = _codes(_study(study_factory, sets=TWO, items={
        "e1": _item("E1", extra="likelihoods: {H1: 0, H2: 0, residual: 0}\n")}))
    assert "impossible under every member" in got["TR604"]


def _check(study_factory, cli, conclusions: str):
    root = _study(study_factory, sets=TWO, conclusions=conclusions, items={
        "e1": _item("E1", extra="likelihoods: {H1: 0.8, H2: 0.2, residual: 0.5}\n")})
    run = cli("check", str(root), "--format", "json")
    return run, {c["case"]: c for c in json.loads(run.out)["conclusions"]} if run.out else {}


def test_conclusions_on_a_rival_set(study_factory, cli):
    run, got = _check(study_factory, cli, """\
        conclusions:
          - {rival_set: driver, case: afg, best: H1, min_margin_db: 3}
          - {rival_set: driver, case: syr, best: H2, severity: warn}
        """)
    assert run.code == 0, run.text
    assert got["afg"]["status"] == "pass" and got["afg"]["margin_db"] == pytest.approx(5.05, abs=0.01)
    assert got["syr"]["status"] == "warn" and "H1 leads" in got["syr"]["message"]
    run, got = _check(study_factory, cli, """\
        conclusions:
          - {rival_set: driver, case: afg, best: H1, min_margin_db: 9}
        """)
    assert run.code == 1 and "below the 9 dB required" in got["afg"]["message"]
    wrong = _study(study_factory, sets=TWO, conclusions="conclusions:\n  - {rival_set: driver, case: afg, best: H2}\n",
                   items={"e1": _item("E1", extra="likelihoods: {H1: 0.8, H2: 0.2, residual: 0.5}\n")})
    human = cli("check", str(wrong))
    assert human.code == 1 and "FAIL  driver.afg" in human.out
    assert "weighing most: E1 (+6.0 dB for H1)" in human.out or "E1 (+4.0 dB for H1)" in human.out, human.out


@pytest.mark.parametrize("conclusion,code,text", [
    ("{rival_set: drivers, case: afg, best: H1}", "TR607", "did you mean 'driver'"),
    ("{rival_set: driver, case: afg, best: H3}", "TR608", "not a member of rival set 'driver'"),
    ("{rival_set: driver, case: afg, verdict: confirmed, best: H1}", "TR606", "not both"),
    ("{rival_set: driver, case: afg}", "TR606", "needs 'best'"),
])
def test_conclusion_on_an_unknown_set_or_a_non_member(study_factory, conclusion, code, text):
    got = _codes(_study(study_factory, sets=TWO, conclusions=f"conclusions:\n  - {conclusion}\n", items={}))
    assert text in got[code]


def test_score_json_and_table_and_dataframe(study_factory, cli):
    root = _study(study_factory, sets=TWO, items={
        "e1": _item("E1", extra="likelihoods: {H1: 0.8, H2: 0.2, residual: 0.5}\n")})
    data = json.loads(cli("score", str(root), "--format", "json", "--draws", "0").out)
    (afg,) = [r for r in data["rival_sets"] if r["case"] == "afg"]
    assert afg["best"] == "H1" and afg["posteriors"]["H1"] == pytest.approx(0.64) and afg["robustness"] is None
    assert set(afg) >= {"rival_set", "case", "posteriors", "priors", "best", "margin_db", "robustness", "weights_db"}
    table = cli("score", str(root), "--draws", "0").out
    assert "driver" in table and "H1 0.64" in table
    frame = tracing.score(root, draws=0).rival_sets
    assert list(frame.columns[:4]) == ["rival_set", "case", "member", "prior"] and len(frame) == 6


def test_diff_names_a_changed_best_and_the_items_that_moved_it(study_factory, cli):
    import subprocess

    root = _study(study_factory, sets=TWO, items={
        "e1": _item("E1", extra="likelihoods: {H1: 0.8, H2: 0.2, residual: 0.5}\n"),
        "e2": _item("E2", extra="likelihoods: {H1: 0.5, H2: 0.5, residual: 0.5}\n")})
    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first coding"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**__import__("os").environ, **env})
    (root / "evidence" / "e2.yaml").write_text(_item("E2", extra="likelihoods: {H1: 0.05, H2: 0.9, residual: 0.5}\n"))
    run = cli("diff", "HEAD", str(root))
    assert run.code == 0, run.text
    assert "rival set driver × afg: best H1 → H2" in run.out
    assert "E2: +" in run.out and "dB for H2 over H1" in run.out
    data = json.loads(cli("diff", "HEAD", str(root), "--format", "json").out)
    (rc,) = data["rival_sets"]
    assert rc["best"] == {"before": "H1", "after": "H2"} and rc["movers"][0]["item"] == "E2"
    assert rc["movers"][0]["db"] == pytest.approx(10 * math.log10(0.9 / 0.05))


def test_a_new_study_explains_rival_sets(tmp_path, cli):
    assert cli("init", str(tmp_path / "s")).code == 0
    text = (tmp_path / "s" / "study.yaml").read_text()
    assert "# rival_sets:" in text and "residual" in text and "best: H1" in text
    assert cli("validate", str(tmp_path / "s")).code == 0

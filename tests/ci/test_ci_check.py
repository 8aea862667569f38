"""`tracing check` as a researcher and a CI script see it: exit codes, wording, formats."""

from __future__ import annotations

import json
import re

import pytest

import tracing
from tracing.engine.words import weighing
from cistudy import A1_FLIPPED, STUDY, with_conclusions
from tracing.engine.conclusions import evaluate, exit_code


def test_conclusions_that_hold_exit_0(cli, study_factory):
    r = cli("check", str(study_factory(STUDY, base=False)))
    assert r.code == 0, r.text
    lines = r.out.splitlines()
    assert [l.split()[:2] for l in lines[:3]] == [["ok", "H1.afg"], ["ok", "H2.afg"], ["ok", "H1.syr.van_evera"]]
    assert "H1.afg" in lines[0] and "confirmed, as claimed (posterior 0.950, Bayesian robustness 0.88)" in lines[0]
    assert lines[-1] == "check passed: 3 of 3 conclusions hold; 0 failed, 0 warnings"
    assert r.err == ""


def test_an_edited_item_that_flips_a_verdict_fails_and_is_named(cli, study_factory):
    root = study_factory({**STUDY, "evidence/afg/a1.yaml": A1_FLIPPED}, base=False)
    r = cli("check", str(root))
    assert r.code == 1, r.text
    out = r.out
    assert f"FAIL  H1.afg            {root.as_posix()}/conclusions.yaml:2:5" in out
    assert ("The conclusion that H1 (Realist NATO) is confirmed in Afghanistan (Bayesian verdict, robustness at "
            "least 0.50) does not hold: the evidence now leaves it inconclusive (posterior 0.600, short of the "
            "0.90 needed to confirm;") in out
    assert "against it: A1 (smoking gun failed, −2.0 dB)" in out
    assert "Weighing most for it: A2 (hoop passed, +2.0 dB), A3 (straw in the wind passed, +1.8 dB)" in out
    assert "note: Thesis, section 5.1.3" in out
    assert out.splitlines()[-1] == "check failed: 2 of 3 conclusions hold; 1 failed, 0 warnings"
    assert "Traceback" not in r.text


def test_linchpins_are_named_as_such(study_factory):
    # claim the opposite of what the evidence says: the explanation names A1 first, as the linchpin
    root = study_factory({**STUDY, "conclusions.yaml": "conclusions:\n"
                          "  - {hypothesis: H1, case: afg, verdict: rejected, severity: warn}\n"}, base=False)
    [o] = evaluate(tracing.score(root))
    assert o.status == "warn"
    assert weighing(o.pair).startswith("Weighing most for it: A1 (smoking gun passed, +9.0 dB; linchpin: without it "
                                   "the verdict changes), A2 (hoop passed, +2.0 dB)")
    assert "nothing weighs against it" in weighing(o.pair)


def test_warn_severity_exits_0_with_a_warning(cli, study_factory):
    root = study_factory(with_conclusions("- hypothesis: H1\n  case: syr\n  verdict: rejected\n"
                                          "  severity: warn\n  note: The thesis overstates this.\n"), base=False)
    r = cli("check", str(root))
    assert r.code == 0, r.text
    assert "warn  H1.syr" in r.out and "(severity warn: reported, does not fail the check)" in r.out
    assert "the evidence now leaves it inconclusive (posterior 0.111, above the 0.10 needed to reject" in r.out
    assert "note: The thesis overstates this." in r.out
    assert r.out.splitlines()[-1] == "check passed: 3 of 4 conclusions hold; 0 failed, 1 warning"


@pytest.mark.parametrize("files, expect", [
    ({"conclusions.yaml": "conclusions:\n  - {hypothesis: H9, case: afg, verdict: confirmed}\n"},
     "TR201 error: unknown hypothesis 'H9'"),
    ({"conclusions.yaml": "conclusions:\n  - {hypothesis: H1, case: afg, verdict: proven}\n"}, "conclusions.yaml:2:"),
    ({"evidence/afg/a2.yaml": "id: A2\nclaim: [unclosed\n"}, "evidence/afg/a2.yaml:"),
    ({"conclusions.yaml": "conclusions:\n  - {hypothesis: H1, case: afg, verdict: confirmed, min_robustness: 0.9}\n",
      "study.yaml": STUDY["study.yaml"].replace("draws: 400", "draws: 0")},
     "TR402 error: min_robustness needs sensitivity draws"),
])
def test_a_broken_study_exits_2_with_diagnostics(cli, study_factory, files, expect):
    root = study_factory({**STUDY, **files}, base=False)
    for fmt in ("human", "json", "github"):
        r = cli("check", str(root), "--format", fmt)
        assert r.code == 2, r.text
        assert expect in r.text, r.text
        assert re.search(r"^(conclusions|evidence/afg/a2|study)\.yaml:\d+:\d+: TR\d{3} error: ", r.err, re.M), r.err
        assert "invalid study" in r.text and "Traceback" not in r.text


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("check", str(tmp_path / "nowhere")).code == 2
    r = cli("check", str(tmp_path), "--format", "xml")
    assert r.code == 2 and "Traceback" not in r.text


def test_no_conclusions_file_passes_with_a_notice(cli, study_factory, tmp_path):
    root = study_factory({**STUDY, "conclusions.yaml": None}, base=False)
    r = cli("check", str(root))
    assert r.code == 0 and r.out.startswith("notice: no conclusions.yaml: nothing to check")
    r = cli("check", str(root), "--format", "json")
    assert r.code == 0 and json.loads(r.out)["ok"] is True and json.loads(r.out)["conclusions"] == []
    summary = tmp_path / "summary.md"
    junit = tmp_path / "out" / "junit.xml"
    r = cli("check", str(root), "--format", "github", "--junit-xml", str(junit),
            env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.code == 0 and r.out.startswith("::notice::no conclusions.yaml: nothing to check")
    assert "no conclusions.yaml" in summary.read_text(encoding="utf-8")
    assert b'tests="0"' in junit.read_bytes()


def test_json_format(cli, study_factory):
    root = study_factory(with_conclusions("- {hypothesis: H1, case: syr, verdict: rejected, severity: warn}\n"),
                         base=False)
    r = cli("check", str(root), "--format", "json")
    assert r.code == 0, r.text
    doc = json.loads(r.out)
    assert doc["schema_version"] == 1 and doc["ok"] is True
    assert doc["summary"] == "3 of 4 conclusions hold; 0 failed, 1 warning"
    by = {c["name"]: c for c in doc["conclusions"]}
    assert list(by) == ["H1.afg", "H2.afg", "H1.syr.van_evera", "H1.syr"]
    h1 = by["H1.afg"]
    assert (h1["status"], h1["claimed"], h1["actual"], h1["line"], h1["column"]) == ("pass", "confirmed", "confirmed", 2, 5)
    assert h1["linchpins"] == ["A1"] and h1["for"] == ["A1", "A2", "A3"] and h1["against"] == []
    assert by["H1.syr"]["status"] == "warn" and by["H1.syr"]["actual"] == "inconclusive"
    assert by["H1.syr"]["message"].startswith("The conclusion that H1 (Realist NATO) is rejected in Syria")


def test_json_failure_sets_ok_false(cli, study_factory):
    root = study_factory({**STUDY, "evidence/afg/a1.yaml": A1_FLIPPED}, base=False)
    r = cli("check", str(root), "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc["ok"] is False and [c["status"] for c in doc["conclusions"]] == ["fail", "pass", "pass"]
    assert "A1 (smoking gun failed" in doc["conclusions"][0]["message"]


def _outcomes(study_factory, *conclusions):
    """Evaluate only ``conclusions`` (``- {...}`` lines) against the shared study."""
    files = {**STUDY, "conclusions.yaml": "conclusions:\n" + "".join("  " + c for c in conclusions)}
    return evaluate(tracing.score(study_factory(files, base=False)))


def test_robustness_shortfall_is_explained(study_factory):
    o = _outcomes(study_factory, "- {hypothesis: H2, case: afg, verdict: rejected, method: bayes, "
                                 "min_robustness: 0.9}\n")[-1]
    assert (o.status, o.verdict_ok, o.robustness_ok) == ("fail", True, False)
    assert ("it is still rejected (posterior 0.077), but only 64% of the 400 sensitivity draws agree with that "
            "verdict, below the 90% required.") in o.sentence()
    assert exit_code([o]) == 1


def test_van_evera_reasoning_in_words(study_factory):
    o = _outcomes(study_factory, "- {hypothesis: H1, case: syr, verdict: confirmed, method: van_evera, "
                                 "severity: warn}\n")[-1]
    assert o.name == "H1.syr.van_evera"
    assert ("does not hold: the evidence now rejects it: it fails the hoop test of S1, which it must pass if it "
            "holds (posterior 0.111).") in o.sentence()
    assert exit_code([o]) == 0


def test_a_pair_without_evidence(study_factory):
    o = _outcomes(study_factory, "- {hypothesis: H2, case: syr, verdict: confirmed}\n")[-1]
    assert "no evidence tests it in this case, and a hypothesis without evidence is never confirmed" in o.sentence()
    assert o.sentence().endswith("No evidence item tests this hypothesis in this case.")


def test_a_van_evera_conflict_is_pointed_out(study_factory):
    files = {**STUDY, "evidence/syr/s2.yaml": "id: S2\nclaim: c\ncase: syr\nsources: [{key: nato2001}]\n"
                                              "tests: [{hypothesis: H1, type: smoking_gun, result: pass}]\n",
             "conclusions.yaml": "conclusions:\n  - {hypothesis: H1, case: syr, verdict: confirmed, "
                                 "method: van_evera}\n"}
    [o] = evaluate(tracing.score(study_factory(files, base=False)))
    assert o.status == "fail"
    assert ("the evidence now rejects it: it fails the hoop test of S1, which it must pass if it holds "
            "(posterior 0.500); note the conflict: S1 fails a necessary test while S2 passes a sufficient one "
            "— check both codings.") in o.sentence()

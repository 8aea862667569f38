"""Coder agreement: Krippendorff's alpha (our own implementation), `tracing agree`, and the report section."""

from __future__ import annotations

import json
import math
import subprocess

import pytest

from tracing.engine.agreement import alpha, bootstrap, compare_codings, reading
from tracing.reading.load import load_study

N = None
# Krippendorff's published example: 3 coders x 15 units, None = not coded
# (Krippendorff 2011, "Computing Krippendorff's alpha-reliability", section C)
PUBLISHED = [
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]


def test_published_example_nominal():
    assert alpha(PUBLISHED, "nominal") == pytest.approx(0.691358, abs=1e-6)


def test_published_example_interval():
    assert alpha(PUBLISHED, "interval") == pytest.approx(0.810845, abs=1e-6)


def test_missing_values_may_be_nan_and_single_value_units_do_not_count():
    nan = float("nan")
    as_nan = [[nan if v is None else v for v in row] for row in PUBLISHED]
    assert alpha(as_nan) == pytest.approx(0.691358, abs=1e-6)
    # a unit only one coder coded is not pairable: adding one changes nothing
    padded = [row + [v] for row, v in zip(PUBLISHED, (2, N, N))]
    assert alpha(padded) == pytest.approx(alpha(PUBLISHED), abs=1e-12)


def test_perfect_agreement_is_one():
    data = [["hoop", "smoking_gun", "hoop", "straw_in_the_wind"], ["hoop", "smoking_gun", "hoop", "straw_in_the_wind"]]
    assert alpha(data) == 1.0
    assert alpha([[1, 2, 3], [1, 2, 3]], "interval") == 1.0


def test_hand_computed_two_coders():
    # values a a b b / a b b b: o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8
    # alpha = 1 - (n - 1) (o_ab + o_ba) / (2 n_a n_b) = 1 - 7 * 2 / 30 = 16/30
    assert alpha([["a", "a", "b", "b"], ["a", "b", "b", "b"]]) == pytest.approx(16 / 30, abs=1e-12)
    # interval on 1 1 2 2 / 1 2 2 2: the same, since every difference is 1
    assert alpha([[1, 1, 2, 2], [1, 2, 2, 2]], "interval") == pytest.approx(16 / 30, abs=1e-12)


def test_undefined_without_variation_or_pairs():
    assert math.isnan(alpha([["hoop", "hoop"], ["hoop", "hoop"]]))
    assert math.isnan(alpha([["hoop", N], [N, "hoop"]]))
    assert reading(float("nan")) == "undefined"


def test_readings_follow_krippendorff_2004():
    assert reading(0.800) == "reliable"
    assert reading(0.7999) == "tentative"
    assert reading(0.667) == "tentative"
    assert reading(0.6669) == "unreliable"


def test_bootstrap_is_seeded():
    a = bootstrap(PUBLISHED, seed=7)
    assert a == bootstrap(PUBLISHED, seed=7)
    lo, hi = a
    assert -1 <= lo <= hi <= 1
    assert bootstrap(PUBLISHED, seed=8) != a
    assert bootstrap([["x", "x"], ["x", "x"]]) is None


# -- two codings of a study -------------------------------------------------------------------------------
E2 = """\
    id: E2
    claim: NATO stayed out of Syria's war.
    case: syr
    date: 2013
    sources: [{key: nato2001}]
    tests:
      - {hypothesis: H1, type: hoop, result: fail}
      - {hypothesis: H2, type: straw_in_the_wind, result: pass}
    """
E1_SECOND = """\
    id: E1
    claim: NATO invoked Article 5.
    case: afg
    date: 2001-10
    sources: [{key: nato2001, pages: "5"}]
    tests:
      - {hypothesis: H1, type: hoop, result: pass}
      - {hypothesis: H2, type: hoop, result: pass}
    """
E3_SECOND = """\
    id: E3
    claim: NATO planned the ISAF expansion.
    case: afg
    date: 2003
    sources: [{key: nato2001}]
    tests:
      - {hypothesis: H2, type: straw_in_the_wind, result: pass}
    """


@pytest.fixture
def codings(study_factory):
    first = study_factory({"evidence/syr/e2.yaml": E2})
    second = study_factory({"evidence/syr/e2.yaml": E2, "evidence/afg/e1.yaml": E1_SECOND,
                            "evidence/afg/e3.yaml": E3_SECOND})
    return first, second


def test_compare_codings(codings):
    ag = compare_codings(load_study(codings[0]), load_study(codings[1]))
    assert len(ag.units) == 5
    assert [(u.evidence, u.hypothesis) for u in ag.disagreements] == [("E1", "H1")]
    assert ag.only_first == []
    assert [(u.evidence, u.hypothesis, u.case) for u in ag.only_second] == [("E3", "H2", "afg")]
    assert ag.alpha["result"].value == 1.0
    assert ag.alpha["type"].units == 4
    assert ag.alpha["type"].agreement == pytest.approx(0.75)
    # types: smoking_gun hoop hoop straw / hoop hoop hoop straw
    assert ag.alpha["type"].value == pytest.approx(
        alpha([["smoking_gun", "hoop", "hoop", "straw_in_the_wind"], ["hoop", "hoop", "hoop", "straw_in_the_wind"]]))
    h1_afg = next(v for v in ag.verdicts if (v.hypothesis, v.case) == ("H1", "afg"))
    assert h1_afg.changed and h1_afg.first["van_evera"] == "confirmed" and h1_afg.second["van_evera"] != "confirmed"


def test_cli_table(codings, cli):
    r = cli("agree", str(codings[0]), str(codings[1]))
    assert r.code == 0, r.text
    assert "Krippendorff (2004): α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative conclusions only" in r.out
    assert "Disagreements (1)" in r.out
    assert "smoking_gun pass" in r.out and "hoop pass" in r.out
    assert "Only the second coder (1)" in r.out and "E3" in r.out
    assert "! H1 × afg" in r.out


def test_cli_json(codings, cli):
    r = cli("agree", str(codings[0]), str(codings[1]), "--format", "json")
    assert r.code == 0, r.text
    doc = json.loads(r.out)
    assert doc["schema_version"] == 1 and doc["study"] == "Test study"
    assert doc["units"] == 5 and doc["coders"] == 2
    assert set(doc["alpha"]) == {"type", "result", "type_result"}
    t = doc["alpha"]["type"]
    assert set(t) == {"value", "interval", "agreement", "units", "reading"}
    assert t["units"] == 4 and len(t["interval"]) == 2 and t["reading"] in ("reliable", "tentative", "unreliable")
    assert doc["alpha"]["result"]["value"] == 1.0
    assert doc["disagreements"] == [{"evidence": "E1", "hypothesis": "H1", "case": "afg",
                                     "first": {"type": "smoking_gun", "result": "pass"},
                                     "second": {"type": "hoop", "result": "pass"}}]
    assert doc["only_first"] == []
    assert [(u["evidence"], u["hypothesis"], u["first"]) for u in doc["only_second"]] == [("E3", "H2", None)]
    assert set(doc["by_hypothesis"]) == {"H1", "H2"} and set(doc["by_case"]) == {"afg", "syr"}
    changed = [(v["hypothesis"], v["case"]) for v in doc["verdicts"] if v["changed"]]
    assert ("H1", "afg") in changed
    v = doc["verdicts"][0]
    assert set(v["first"]) == {"bayes", "van_evera", "posterior"}
    # deterministic: the same run gives the same document
    assert cli("agree", str(codings[0]), str(codings[1]), "--format", "json").out == r.out


def test_cli_identical_codings(study_factory, cli):
    a = study_factory({"evidence/syr/e2.yaml": E2})
    doc = json.loads(cli("agree", str(a), str(a), "--format", "json").out)
    assert doc["alpha"]["type"]["value"] == 1.0 and doc["alpha"]["type"]["reading"] == "reliable"
    assert doc["disagreements"] == [] and not any(v["changed"] for v in doc["verdicts"])


def test_cli_usage_errors(codings, cli, tmp_path):
    assert cli("agree", str(codings[0])).code == 2
    assert cli("agree", str(codings[0]), str(tmp_path / "nowhere")).code == 2
    r = cli("agree", str(codings[0]), str(codings[1]), "--rev", "HEAD")
    assert r.code == 2 and "not both" in r.err
    r = cli("agree", str(codings[0]), "--rev", "HEAD")  # not a git repository
    assert r.code == 2


def test_cli_invalid_second_coding(codings, cli):
    (codings[1] / "evidence" / "afg" / "e3.yaml").write_text("id: E3\n", encoding="utf-8")
    r = cli("agree", str(codings[0]), str(codings[1]))
    assert r.code == 2 and "second coding" in r.err


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=cwd, check=True, capture_output=True)


def test_cli_rev(codings, cli):
    repo = codings[0]
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first coding")
    # the working tree becomes the second coding; HEAD keeps the first
    (repo / "evidence" / "afg" / "e1.yaml").write_text((codings[1] / "evidence" / "afg" / "e1.yaml").read_text())
    r = cli("agree", str(repo), "--rev", "HEAD", "--format", "json")
    assert r.code == 0, r.text
    doc = json.loads(r.out)
    assert doc["second"].startswith("HEAD (")
    assert doc["disagreements"] == [{"evidence": "E1", "hypothesis": "H1", "case": "afg",
                                     "first": {"type": "hoop", "result": "pass"},
                                     "second": {"type": "smoking_gun", "result": "pass"}}]
    assert cli("agree", str(repo), "--rev", "no-such-rev").code == 2


def test_report_section(codings, cli, tmp_path):
    out = tmp_path / "with"
    r = cli("report", str(codings[0]), "--out", str(out), "--agreement", str(codings[1]))
    assert r.code == 0, r.text
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="agreement"' in html and "Coder agreement" in html
    assert html.index('id="agreement"') < html.index('id="method"')
    assert "tentative conclusions only" in html
    assert ">E1<" in html and ">E3<" in html

    out2 = tmp_path / "without"
    assert cli("report", str(codings[0]), "--out", str(out2)).code == 0
    assert 'id="agreement"' not in (out2 / "index.html").read_text(encoding="utf-8")

    out3 = tmp_path / "md"
    assert cli("report", str(codings[0]), "--out", str(out3), "--format", "md", "--agreement", str(codings[1])).code == 0
    assert "## Coder agreement" in (out3 / "summary.md").read_text(encoding="utf-8")


def test_a_sample_second_coding(codings, study_factory, cli):
    """A second coder codes only a sample: the other items are not double-coded, not 'only the first coder'."""
    sample = study_factory({"evidence/afg/e1.yaml": None, "evidence/syr/e2.yaml": E2})
    doc = json.loads(cli("agree", str(codings[1]), str(sample), "--format", "json").out)
    assert doc["items"] == {"first": 3, "double_coded": 1}
    assert doc["not_in_second"] == ["E1", "E3"]
    assert doc["only_first"] == [] and doc["disagreements"] == []
    assert doc["alpha"]["type"]["units"] == 2
    # the verdicts under the second coding keep the first coding's version of the items not in the sample
    assert not any(v["changed"] for v in doc["verdicts"])

"""`tracing check --junit-xml`: read back with junitparser, as CI test reporters read it."""

from __future__ import annotations

import junitparser
from junitparser import Failure, JUnitXml

from cistudy import A1_FLIPPED, STUDY, with_conclusions


def _read(path):
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    return xml, suites[0]


def test_one_testcase_per_conclusion_with_stable_names(cli, study_factory, tmp_path):
    files = with_conclusions("- {hypothesis: H1, case: syr, verdict: rejected, severity: warn}\n")
    files["evidence/afg/a1.yaml"] = A1_FLIPPED
    root = study_factory(files, base=False)
    target = tmp_path / "deep" / "reports" / "conclusions.xml"
    r = cli("check", str(root), "--junit-xml", str(target))
    assert r.code == 1, r.text
    xml, suite = _read(target)
    assert suite.name == "CI test study"
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (4, 1, 0, 0)
    cases = {c.name: c for c in suite}
    assert list(cases) == ["H1.afg", "H2.afg", "H1.syr.van_evera", "H1.syr"]
    assert all(c.classname == "conclusions" for c in cases.values())

    failed = cases["H1.afg"]
    assert not failed.is_passed
    [f] = failed.result
    assert isinstance(f, Failure) and f.type == "ConclusionDoesNotHold"
    assert f.message.startswith("The conclusion that H1 (Realist NATO) is confirmed in Afghanistan")
    assert "A1 (smoking gun failed, −2.0 dB)" in f.message
    assert f.text.startswith(f"{root.as_posix()}/conclusions.yaml:2:5: The conclusion that")
    assert f.text.endswith("note: Thesis, section 5.1.3")

    warned = cases["H1.syr"]
    assert warned.is_passed and warned.system_out.split(": ", 1)[1].startswith("warning (severity warn): ")
    assert cases["H2.afg"].is_passed and "as claimed" in cases["H2.afg"].system_out


def test_names_stay_the_same_and_output_is_deterministic(cli, study_factory, tmp_path):
    root = study_factory(STUDY, base=False)
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    assert cli("check", str(root), "--junit-xml", str(a)).code == 0
    assert cli("check", str(root), "--format", "json", "--junit-xml", str(b)).code == 0
    assert a.read_bytes() == b.read_bytes()
    _, suite = _read(a)
    assert [c.name for c in suite] == ["H1.afg", "H2.afg", "H1.syr.van_evera"]
    assert all(c.is_passed for c in suite) and suite.failures == 0


def test_no_conclusions_gives_an_empty_suite(cli, study_factory, tmp_path):
    root = study_factory({**STUDY, "conclusions.yaml": None}, base=False)
    target = tmp_path / "j.xml"
    assert cli("check", str(root), "--junit-xml", str(target)).code == 0
    _, suite = _read(target)
    assert suite.tests == 0 and list(suite) == []


def test_invalid_study_writes_no_junit(cli, study_factory, tmp_path):
    root = study_factory({**STUDY, "conclusions.yaml": "conclusions:\n  - {hypothesis: H9, case: afg, "
                                                       "verdict: confirmed}\n"}, base=False)
    target = tmp_path / "j.xml"
    assert cli("check", str(root), "--junit-xml", str(target)).code == 2
    assert not target.exists()
    assert junitparser.version

"""The command line as a user runs it: exit codes, output shapes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys


from conftest import ROOT

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<code>TR\d{3}) (error|warning): .+ \[[a-z.-]+\]$")


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.strip().startswith("tracing ")


def test_validate_valid_study(cli, study_factory):
    r = cli("validate", str(study_factory()))
    assert r.code == 0, r.text
    assert "valid: 2 hypotheses, 1 evidence items" in r.out


def test_validate_reports_every_problem_in_contract_format(cli, study_factory):
    root = study_factory({"evidence/a.yaml": "id: A\nclaim: c\ncase: nowhere\ntests: [{hypothesis: H9, type: hoop, result: pass}]\n",
                          "hypotheses/H3.yaml": "id: 007\ntitle: t\nstatement: s\n"})
    r = cli("validate", str(root))
    assert r.code == 2
    lines = [l for l in r.out.splitlines() if LINE.match(l)]
    codes = sorted(LINE.match(l)["code"] for l in lines)
    assert codes == ["TR106", "TR201", "TR202", "TR501"]
    assert "hint: quote the id or start it with a letter" in r.out
    assert r.out.strip().splitlines()[-1].endswith("invalid study: 3 errors, 1 warning")
    assert "Traceback" not in r.text


def test_validate_strict_turns_warnings_into_failure(cli, study_factory):
    root = study_factory({"evidence/a.yaml": "id: A\nclaim: c\ncase: afg\ntests: [{hypothesis: H1, type: hoop, result: pass}]\n"})
    assert cli("validate", str(root)).code == 0
    r = cli("validate", str(root), "--strict")
    assert r.code == 2 and "TR501" in r.out


def test_validate_json(cli, study_factory):
    root = study_factory({"evidence/a.yaml": "id: A\n"})
    data = json.loads(cli("validate", str(root), "--format", "json").out)
    assert data["valid"] is False
    assert {d["code"] for d in data["diagnostics"]} == {"TR102"}


def test_missing_folder_is_a_usage_error(cli, tmp_path):
    r = cli("validate", str(tmp_path / "nope"))
    assert r.code == 2 and "no study folder" in r.err and "Traceback" not in r.text


def test_unknown_option_is_exit_2(cli):
    assert cli("score", "--format", "xml").code == 2


def test_score_json_follows_the_contract(cli, study_factory):
    r = cli("score", str(study_factory()), "--format", "json")
    assert r.code == 0, r.text
    data = json.loads(r.out)
    assert data["study"] == "Test study" and data["schema_version"] == 1
    s = next(x for x in data["scores"] if x["hypothesis"] == "H1" and x["case"] == "afg")
    assert set(s) >= {"hypothesis", "case", "prior", "posterior", "weight_db", "tests", "verdict", "robustness", "linchpins"}
    assert set(s["verdict"]) == {"bayes", "van_evera"}
    assert s["tests"] == 1  # E1 only: H1 predicts nothing, so there is no congruence test
    assert s["linchpins"] == sorted(s["linchpins"])


def test_score_draws_override_and_csv(cli, study_factory):
    root = study_factory()
    data = json.loads(cli("score", str(root), "--format", "json", "--draws", "0").out)
    assert all(s["robustness"] is None for s in data["scores"])
    r = cli("score", str(root), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 4 and rows[0]["hypothesis"] == "H1" and "posterior" in rows[0]


def test_score_table(cli, study_factory):
    r = cli("score", str(study_factory()))
    assert r.code == 0 and "posterior" in r.out and "Afghanistan" in r.out


def test_score_invalid_study_exits_2_with_diagnostics_on_stderr(cli, study_factory):
    r = cli("score", str(study_factory({"evidence/a.yaml": "id: [\n"})))
    assert r.code == 2 and "TR004" in r.err and r.out == ""


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from tracing.cli import app

    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:
        assert f"tracing {name}" in readme, f"'tracing {name}' is not documented in README.md"


def test_validate_does_not_import_heavy_libraries(study_factory):
    code = ("import sys; from tracing.cli import main; sys.argv=['tracing','validate',sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas','numpy','scipy','matplotlib','jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(study_factory())], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_init_refuses_non_empty_folder(cli, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    r = cli("init", str(tmp_path / "x"))
    assert r.code == 2 and "not empty" in r.err
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_init_makes_a_valid_study_whose_check_passes(cli, tmp_path):
    root = tmp_path / "new-study"
    assert cli("init", str(root)).code == 0
    assert cli("validate", str(root), "--strict").code == 0
    assert cli("check", str(root)).code == 0
    text = (root / "study.yaml").read_text()
    for key in ("prior", "thresholds", "congruence", "draws", "seed", "ranges"):
        assert key in text  # every setting is explained


def test_new_evidence_and_hypothesis_never_overwrite(cli, tmp_path):
    root = tmp_path / "s"
    cli("init", str(root))
    r = cli("new", "hypothesis", "--study", str(root), "--id", "H2", "--title", "Rival", "--statement", "It: is",
            "--actor", "actor1", "--prediction", "case1=none,political", "--rival", "H1")
    assert r.code == 0, r.text
    r = cli("new", "evidence", "--study", str(root), "--id", "E2", "--claim", 'A "quoted": claim', "--case", "case1",
            "--test", "H1:hoop:pass", "--test", "H2:straw_in_the_wind:fail", "--source", "example2003:14-15",
            "--date", "2004", "--phase", "early", "--kind", "secondary")
    assert r.code == 0, r.text
    target = root / "evidence" / "case1" / "e2.yaml"
    before = target.read_bytes()
    assert cli("validate", str(root), "--strict").code == 0
    again = cli("new", "evidence", "--study", str(root), "--id", "E2", "--claim", "other", "--case", "case1",
                "--test", "H1:hoop:fail")
    assert again.code == 2 and "already used by evidence/case1/e2.yaml" in again.err
    assert target.read_bytes() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_new_evidence_rejects_bad_flags(cli, tmp_path):
    r = cli("new", "evidence", "--study", str(tmp_path), "--id", "7E", "--claim", "c", "--case", "x", "--test", "H1:hoop:pass")
    assert r.code == 2 and "not a valid evidence id" in r.err
    assert cli("init", str(tmp_path / "s")).code == 0
    r = cli("new", "evidence", "--study", str(tmp_path / "s"), "--id", "E7", "--claim", "c", "--case", "x",
            "--test", "H1:hop:pass")
    assert r.code == 2 and "type must be one of" in r.err


def test_schema(cli, tmp_path):
    data = json.loads(cli("schema").out)
    assert set(data) == {"study", "hypothesis", "evidence", "conclusions"}
    ev = data["evidence"]
    assert ev["additionalProperties"] is False and set(ev["required"]) == {"id", "claim", "case", "tests"}
    assert ev["properties"]["claim"]["description"]
    r = cli("schema", "evidence", "--out", str(tmp_path))
    assert (tmp_path / "evidence.schema.json").is_file() and r.code == 0

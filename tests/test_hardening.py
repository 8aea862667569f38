"""Hostile content, faults and slips of a new user, each reproduced as it was reported.

Problems of a study's files that are diagnostics are cases of tests/data/bad_inputs.yaml; these are
the rest: where output is written, what is printed, what the scaffolds write, tracebacks that became
clean errors.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli_process

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    p = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, input=input,
                       capture_output=True, check=True)
    return p.stdout.decode().strip()


def _init(cli, path: Path) -> Path:
    r = cli("init", str(path))
    assert r.code == 0, r.text
    return path


HOSTILE = {
    "conclusions.yaml": """\
        conclusions:
          - hypothesis: H1
            case: afg
            verdict: rejected
            note: "line one\\n::error file=x::SPOOFED\\u001b[2J\\u0001 end"
        """,
}


def _hostile(study_factory):
    root = study_factory(HOSTILE)
    text = (root / "study.yaml").read_text()
    (root / "study.yaml").write_text(text.replace("title: Test study", 'title: "T\\n::error::SPOOFED\\u001b[2J\\u0001"')
                                     .replace("label: Afghanistan", 'label: "Afg\\n::warning::X\\u009b"'))
    return root


# -- 13: output injection ------------------------------------------------------------------------------

def _no_raw_controls(text: str) -> None:
    for line in text.split("\n"):
        assert not line.startswith("::error::SPOOFED") and not line.startswith("::warning::X"), line
        assert not line.startswith("::error file=x::"), line
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text)


@pytest.mark.parametrize("fmt", ["human", "github", "json"])
def test_check_never_prints_a_control_character_or_a_workflow_command(cli, study_factory, tmp_path, fmt):
    root = _hostile(study_factory)
    junit = tmp_path / "j.xml"
    r = cli("check", str(root), "--format", fmt, "--junit-xml", str(junit))
    assert r.code == 1, r.text
    _no_raw_controls(r.out)
    _no_raw_controls(r.err)
    if fmt == "github":
        assert "::error " in r.out  # the real annotation is still there
    ET.fromstring(junit.read_bytes())  # \x01 would make the XML invalid
    assert b"\x01" not in junit.read_bytes() and b"\x1b" not in junit.read_bytes()


def test_score_table_and_diagnostics_are_clean(cli, study_factory):
    root = _hostile(study_factory)
    r = cli("score", str(root), "--draws", "0")
    assert r.code == 0, r.text
    _no_raw_controls(r.out)
    assert "\\u001b" in r.out  # shown, not obeyed
    bad = study_factory({"evidence/e2.yaml": 'id: E2\nclaim: c\ncase: afg\n"k\\u001b[2J\\nx": 1\n'})
    r = cli("validate", str(bad))
    assert r.code == 2
    _no_raw_controls(r.out)


def test_csv_formula_injection_is_neutralised(cli, study_factory, tmp_path):
    root = study_factory({"evidence/afg/e1.yaml": """\
        id: E1
        claim: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
        quote: "@SUM(1+1)"
        case: afg
        sources: [{key: nato2001, pages: "-2+3"}]
        tests:
          - {hypothesis: H1, type: smoking_gun, result: pass, note: "+cmd|' /C calc'!A0"}
        """})
    r = cli("export", str(root), "--out", str(tmp_path / "x"))
    assert r.code == 0, r.text
    for name in ("evidence.csv", "tests.csv", "scores.csv"):
        for row in csv.reader(io.StringIO((tmp_path / "x" / name).read_text())):
            for cell in row:
                try:
                    float(cell)
                    continue
                except ValueError:
                    assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    evidence = (tmp_path / "x" / "evidence.csv").read_text()
    assert "'=HYPERLINK" in evidence and "'@SUM" in evidence
    r = cli("score", str(root), "--format", "csv", "--draws", "0")
    assert r.code == 0 and "\n=" not in r.out and ",=" not in r.out


# -- 11, 14: where output is written, and how ---------------------------------------------------------------

def test_report_replaces_a_symlink_and_never_writes_its_target(cli, study_factory, tmp_path):
    root = study_factory()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (root / "reports").mkdir()
    os.symlink(victim, root / "reports" / "summary.md")
    r = cli("report", str(root), "--format", "md")
    assert r.code == 0, r.text
    assert victim.read_text() == "keep me"
    assert not (root / "reports" / "summary.md").is_symlink()
    assert oct(stat.S_IMODE((root / "reports" / "summary.md").stat().st_mode)) == oct(0o666 & ~_umask())


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


def test_output_folder_that_is_a_symlink_is_refused(cli, study_factory, tmp_path):
    root = study_factory()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "reports")
    for args in (("report", str(root)), ("report", str(root), "--format", "md"), ("export", str(root))):
        r = cli(*args)
        assert r.code == 2 and "symbolic link" in r.err, r.text
    assert list(elsewhere.iterdir()) == []


def test_an_interrupted_report_leaves_the_old_page(study_factory, monkeypatch):
    import tracing.commands.report as report

    root = study_factory()
    from tracing.commands import load
    from tracing.engine.results import score_study

    result = score_study(load(root), draws=0)
    target = report.write(result, root / "reports", "md")
    good = target.read_bytes()

    def broken(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_markdown", broken)
    with pytest.raises(KeyboardInterrupt):
        report.write(result, root / "reports", "md")
    assert target.read_bytes() == good
    assert [p.name for p in (root / "reports").iterdir()] == ["summary.md"]  # no temporary file left


@pytest.mark.parametrize("where", ["file", "under-file", "junit-folder"])
def test_output_paths_that_cannot_be_written_are_usage_errors(cli, study_factory, tmp_path, where):
    root = study_factory()
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    if where == "file":
        r = cli("report", str(root), "--out", str(blocker))
    elif where == "under-file":
        r = cli("export", str(root), "--out", str(blocker / "sub"))
    else:
        (tmp_path / "folder").mkdir()
        r = cli("check", str(root), "--junit-xml", str(tmp_path / "folder"))
    assert r.code == 2, r.text
    assert "internal error" not in r.err and r.err.startswith("error: ")


def test_read_only_output_folder_is_a_usage_error(cli, study_factory, tmp_path, monkeypatch):
    import tempfile

    root = study_factory()

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    r = cli("report", str(root), "--out", str(tmp_path / "ro"))
    assert r.code == 2 and "Permission denied" in r.err, r.text


def test_diff_refuses_a_tree_that_writes_outside(cli, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _init(cli, repo / "s")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one")
    # a crafted commit: s/evidence/../../../../pwned.yaml
    blob = _git(repo, "hash-object", "-w", "--stdin", input=b"id: PWNED\n")
    tree = _git(repo, "mktree", input=f"100644 blob {blob}\tpwned.yaml\n".encode())
    for _ in range(4):
        tree = _git(repo, "mktree", input=f"040000 tree {tree}\t..\n".encode())
    head_tree = _git(repo, "rev-parse", "HEAD^{tree}")
    s_tree = _git(repo, "rev-parse", "HEAD:s")
    listing = _git(repo, "ls-tree", s_tree).splitlines()
    entries = [line for line in listing if not line.endswith("\tevidence")]
    ev = _git(repo, "mktree", input=f"040000 tree {tree}\t..\n".encode())
    new_s = _git(repo, "mktree", input="".join(f"{e}\n" for e in [*entries, f"040000 tree {ev}\tevidence"]).encode())
    top = [line for line in _git(repo, "ls-tree", head_tree).splitlines() if line and not line.endswith("\ts")]
    new_top = _git(repo, "mktree", input="".join(f"{e}\n" for e in [*top, f"040000 tree {new_s}\ts"]).encode())
    commit = _git(repo, "commit-tree", new_top, "-m", "evil")
    r = cli("diff", commit, str(repo / "s"))
    assert r.code == 2 and "unsafe path" in r.err, r.text
    assert not list(tmp_path.rglob("pwned.yaml"))
    assert not Path("/tmp/pwned.yaml").exists()


def test_diff_of_two_revisions(cli, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _init(cli, repo / "s")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one")
    first = _git(repo, "rev-parse", "HEAD")
    e1 = repo / "s" / "evidence" / "E1.yaml"
    e1.write_text(e1.read_text().replace("result: pass", "result: fail"))
    _git(repo, "commit", "-qam", "two")
    e1.write_text(e1.read_text().replace("result: fail", "result: pass"))  # the working tree is back at one
    r = cli("diff", first, "HEAD", str(repo / "s"), "--format", "json")
    assert r.code == 0, r.text
    data = json.loads(r.out)
    assert data["head"]["rev"] == "HEAD" and data["evidence"]["edited"]
    r = cli("diff", first, str(repo / "s"), "--format", "json")  # REV STUDY still works: the working tree
    assert r.code == 0 and json.loads(r.out)["head"] == {"working_tree": True}
    assert not json.loads(r.out)["evidence"]["edited"]


# -- 8, 11, 16, 17: scaffolds ---------------------------------------------------------------------------------

def _evidence(cli, study: Path, *extra: str, id: str = "E2"):
    return cli("new", "evidence", "--study", str(study), "--id", id, "--claim", "c", "--case", "case1", *extra)


def test_new_evidence_notes_modes_and_quoting(cli, tmp_path):
    study = _init(cli, tmp_path / "s")
    r = _evidence(cli, study, "--test", "H1:hoop:pass", "--note", "a necessary trace: present",
                  "--date", "2004-05", "--kind", "primary")
    assert r.code == 0, r.text
    path = study / "evidence" / "case1" / "e2.yaml"
    assert oct(stat.S_IMODE(path.stat().st_mode)) == oct(0o666 & ~_umask())
    assert cli("validate", str(study)).code == 0
    from tracing import load_study

    e = load_study(study).evidence["E2"]
    assert e.tests[0].note == "a necessary trace: present"
    # values pasted into YAML are quoted: no traceback, no injected key
    r = _evidence(cli, study, "--test", "H1:hoop:pass", "--date", "x: y: z", id="E3")
    assert r.code == 2 and "internal error" not in r.err, r.text
    r = _evidence(cli, study, "--test", "H1:hoop:pass", "--kind", "primary\nnotes: injected", id="E4")
    assert r.code == 2 and "internal error" not in r.err, r.text
    assert not (study / "evidence" / "case1" / "e4.yaml").exists()
    for f in (study / "study.yaml", study / "hypotheses" / "H1.yaml"):
        assert oct(stat.S_IMODE(f.stat().st_mode)) == oct(0o666 & ~_umask())


def test_new_evidence_refusals(cli, tmp_path):
    study = _init(cli, tmp_path / "s")
    r = _evidence(cli, study, "--test", "H7:hoop:pass")
    assert r.code == 2 and "no hypothesis 'H7'" in r.err
    r = _evidence(cli, study, "--test", "H1:hoop:pass", id="E1")  # E1 exists, in another file name
    assert r.code == 2 and "already used" in r.err
    for folder in ("../../x", "/tmp/x", ".hidden", "a/../../b"):
        r = _evidence(cli, study, "--test", "H1:hoop:pass", "--folder", folder)
        assert r.code == 2 and "--folder" in r.err, (folder, r.text)
    assert not (tmp_path / "x").exists()
    r = _evidence(cli, study, "--test", "H1:hoop:pass", "--note", "a", "--note", "b")
    assert r.code == 2 and "one note per test" in r.err
    r = cli("new", "evidence", "--study", str(tmp_path / "nowhere"), "--id", "E2", "--claim", "c", "--case", "c",
            "--test", "H1:hoop:pass")
    assert r.code == 2 and "no study" in r.err and not (tmp_path / "nowhere").exists()
    r = cli("new", "hypothesis", "--study", str(tmp_path / "nowhere"), "--id", "H2", "--title", "t",
            "--statement", "s")
    assert r.code == 2 and not (tmp_path / "nowhere").exists()


def test_init_under_a_file_or_at_a_dangling_link(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    r = cli("init", str(tmp_path / "file" / "study"))
    assert r.code == 2 and "internal error" not in r.err, r.text
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    r = cli("init", str(tmp_path / "dangling"))
    assert r.code == 2 and "symbolic link" in r.err, r.text
    assert not (tmp_path / "missing").exists()


# -- 12, 17: reading ----------------------------------------------------------------------------------------

def test_a_link_outside_the_study_is_never_printed(cli, study_factory, tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secrethash:19000:0:99999:7:::\n")
    root = study_factory()
    os.symlink(secret, root / "evidence" / "x.yaml")
    r = cli("validate", str(root))
    assert r.code == 2 and "evidence/x.yaml" in r.text and "secrethash" not in r.text


def test_an_unreadable_sub_folder_is_reported(study_factory, monkeypatch):
    import tracing
    import tracing.reading.files as files
    from tracing.reading.diagnostics import StudyError

    root = study_factory({"evidence/locked/e2.yaml": "id: E2\n"})
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    with pytest.raises(StudyError) as info:
        tracing.load_study(root)
    [d] = info.value.diagnostics
    assert (d.name, d.path) == ("file.unreadable", "evidence/locked") and "Permission denied" in d.message


def test_a_deep_evidence_tree(study_factory):
    import tracing

    root = study_factory()
    here = os.getcwd()
    try:
        os.chdir(root / "evidence")
        for _ in range(1100):  # one folder at a time: os.makedirs itself recurses too deep for this
            os.mkdir("d")
            os.chdir("d")
        Path("e2.yaml").write_text("id: E2\nclaim: c\ncase: afg\nsources: [{key: nato2001}]\n"
                                   "tests: [{hypothesis: H1, type: hoop, result: pass}]\n")
    finally:
        os.chdir(here)
    try:
        assert "E2" in tracing.load_study(root).evidence
    finally:  # remove it the same way: a recursive delete would fail at this depth
        os.chdir(root / "evidence")
        try:
            os.rename("d", "gone")
            while os.path.isdir("gone"):
                inner = os.listdir("gone")
                for name in inner:
                    if name == "d":
                        os.rename("gone/d", "next")
                    else:
                        os.unlink(os.path.join("gone", name))
                os.rmdir("gone")
                if os.path.isdir("next"):
                    os.rename("next", "gone")
        finally:
            os.chdir(here)


def test_a_file_that_cannot_be_read_is_reported_first(study_factory):
    import tracing
    from tracing.reading.diagnostics import StudyError

    root = study_factory({"hypotheses/H1.yaml": "id: H1\ntitle: NATO: realist\nstatement: s\n",
                          **{f"evidence/afg/x{i}.yaml": f"id: X{i}\nclaim: c\ncase: afg\nsources: [{{key: nato2001}}]\n"
                             f"tests: [{{hypothesis: H1, type: hoop, result: pass}}]\n" for i in range(10)}})
    with pytest.raises(StudyError) as info:
        tracing.load_study(root)
    errors = info.value.errors
    assert errors[0].path == "hypotheses/H1.yaml" and errors[0].name == "yaml.syntax"
    assert [d.name for d in errors[1:]] == ["ref.unreadable"]
    assert "see hypotheses/H1.yaml:2:12" in errors[1].message


def test_a_proof_by_overflow_is_refused():
    """p_e_h 1 and p_e_not_h 5e-324 gave LR = inf: a proof from a finite likelihood ratio."""
    from pydantic import ValidationError

    from tracing.reading.models import EvidenceItem

    item = {"id": "E", "claim": "c", "case": "a", "tests": [
        {"hypothesis": "H", "type": "hoop", "result": "pass", "p_e_h": 1, "p_e_not_h": 5e-324}]}
    with pytest.raises(ValidationError, match="too small"):
        EvidenceItem.model_validate(item)
    item["tests"][0]["p_e_not_h"] = sys.float_info.min  # the smallest accepted: a finite, huge LR
    from tracing.weights import likelihood_ratio

    assert likelihood_ratio(1.0, sys.float_info.min, "pass") < float("inf")
    EvidenceItem.model_validate(item)


# -- 16: tracebacks ------------------------------------------------------------------------------------------

def test_negative_seed_is_a_positioned_error_not_a_crash(cli, study_factory):
    root = study_factory()
    text = (root / "study.yaml").read_text() + "scoring: {seed: -1}\n"
    (root / "study.yaml").write_text(text)
    r = cli("score", str(root))
    assert r.code == 2 and "study.yaml:" in r.err and "internal error" not in r.err


def test_source_date_epoch_out_of_range(cli, study_factory):
    root = study_factory()
    for args in (("score", str(root), "--format", "json", "--draws", "0"), ("report", str(root), "--format", "md")):
        r = cli(*args, env={"SOURCE_DATE_EPOCH": "99999999999999"})
        assert r.code == 0, r.text


def test_alias_bomb_is_refused_quickly(cli, study_factory):
    lines = ["id: E2", "claim: c", "case: afg", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    root = study_factory({"evidence/bomb.yaml": "\n".join(lines) + "\n"})
    r = cli("validate", str(root))
    assert r.code == 2 and "TR012" in r.out


def test_narrow_output_encoding_and_non_utf8_names(tmp_path, study_factory):
    """PYTHONIOENCODING=cp1252 crashed on '≥'; a file name or an argument that is not UTF-8 crashed printing."""
    root = study_factory()
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    p = subprocess.run([sys.executable, "-m", "tracing", "score", str(root), "--draws", "0"], env=env,
                       capture_output=True)
    assert p.returncode == 0 and b"\\u2265" in p.stdout, p.stderr
    with open(os.fsencode(root / "evidence") + b"/bad-\xff.yaml", "wb") as f:
        f.write(b"id: X\n")
    r = run_cli_process("validate", str(root), env={"PYTHONIOENCODING": "utf-8"})
    assert r.code == 2 and "Traceback" not in r.err and "TR015" in r.out
    p = subprocess.run([sys.executable, "-m", "tracing", "validate", os.fsencode(tmp_path) + b"/\xff"],
                       capture_output=True)
    assert p.returncode == 2 and b"Traceback" not in p.stderr


# -- 10: documentation links ------------------------------------------------------------------------------

def _user_docs() -> list[Path]:
    from conftest import ROOT

    return [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", _user_docs(), ids=lambda p: p.name)
def test_documentation_links_resolve(page):
    """Every relative link of a user-facing page names a file that exists (and an anchor that exists)."""
    import re

    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks are not links
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#")[0]
        if path and not (page.parent / path).exists():
            broken.append(target)
    assert broken == [], f"{page.name}: links to files that do not exist: {broken}"
    assert "OWNER" not in page.read_text(encoding="utf-8"), "a placeholder URL"
    assert "shared/docs/" not in page.read_text(encoding="utf-8")

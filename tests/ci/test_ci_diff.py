"""`tracing diff REV`: scores at a git revision against the working tree, in real temporary git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from cistudy import A1_FLIPPED, STUDY

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV, HOME=str(repo.parent))
    p = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c",
                        "init.defaultBranch=main", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout


def write(root: Path, files: dict) -> None:
    for rel, text in files.items():
        p = root / rel
        if text is None:
            p.unlink()
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")


A4 = """\
    id: A4
    claim: A new memo on NATO's purpose.
    case: afg
    sources: [{key: nato2001}]
    tests:
      - {hypothesis: H1, type: straw_in_the_wind, result: pass}
    """

A2_NEW_CLAIM = STUDY["evidence/afg/a2.yaml"].replace("NATO took over ISAF.", "NATO took over ISAF in 2003.")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose study lives in studies/nato: commit 1 as STUDY; commit 2 re-codes A1, adds A4
    and rewords A2 (no test changed)."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    study = top / "studies" / "nato"
    write(study, STUDY)
    (top / "README.md").write_text("a research repository\n")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "first coding")
    write(study, {"evidence/afg/a1.yaml": A1_FLIPPED, "evidence/afg/a4.yaml": A4, "evidence/afg/a2.yaml": A2_NEW_CLAIM})
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "re-coding")
    return top


def _status(top: Path) -> tuple[str, str]:
    return git(top, "status", "--porcelain", "--untracked-files=all"), git(top, "rev-parse", "HEAD")


def test_human_report_names_changed_verdicts_and_their_causes(cli, repo):
    before = _status(repo)
    r = cli("diff", "HEAD~1", "studies/nato", cwd=repo)
    assert r.code == 0, r.text
    out = r.out
    head = git(repo, "rev-parse", "HEAD~1").strip()
    assert out.splitlines()[0] == f"HEAD~1 ({head[:10]}) → working tree: CI test study"
    assert "1 of 4 hypothesis × case scores changed; evidence: 1 added, 2 edited, 0 removed." in out
    assert ("H1 × afg: Bayesian confirmed → inconclusive, Van Evera confirmed → inconclusive, "
            "posterior 0.950 → 0.692") in out
    assert ("  ~ A1 edited [evidence/afg/a1.yaml]: smoking gun pass → smoking gun fail; weight +9.0 dB → −2.0 dB"
            in out)
    assert "  + A4 added [evidence/afg/a4.yaml]: straw in the wind pass; weight +1.8 dB" in out
    assert out.index("~ A1") < out.index("+ A4"), "the edit that moved the score most comes first"
    assert "Edited without changing any test: A2." in out
    assert "H2 × afg" not in out and "H1 × syr" not in out
    assert _status(repo) == before, "the working tree, index and HEAD are untouched"


def test_json_report(cli, repo):
    r = cli("diff", "HEAD~1", str(repo / "studies" / "nato"), "--format", "json")
    assert r.code == 0, r.text
    doc = json.loads(r.out)
    assert doc["schema_version"] == 1 and doc["base"]["rev"] == "HEAD~1" and len(doc["base"]["commit"]) == 40
    [ch] = doc["changes"]
    assert (ch["hypothesis"], ch["case"], ch["status"]) == ("H1", "afg", "changed")
    assert ch["changed"] == ["bayes", "van_evera", "posterior"]
    assert ch["before"]["bayes"] == "confirmed" and ch["after"]["bayes"] == "inconclusive"
    assert ch["before"]["linchpins"] == ["A1"]
    causes = {c["evidence"]: c for c in ch["causes"]}
    assert set(causes) == {"A1", "A4"}
    assert causes["A1"]["change"] == "edited" and causes["A1"]["before"]["result"] == "pass"
    assert causes["A1"]["after"]["result"] == "fail" and causes["A1"]["path"] == "evidence/afg/a1.yaml"
    assert causes["A4"]["change"] == "added" and causes["A4"]["before"] is None
    assert doc["evidence"] == {
        "added": [{"id": "A4", "path": "evidence/afg/a4.yaml"}], "removed": [],
        "edited": [{"id": "A1", "path": "evidence/afg/a1.yaml", "tests_changed": True},
                   {"id": "A2", "path": "evidence/afg/a2.yaml", "tests_changed": False}]}


def test_uncommitted_edits_and_other_causes(cli, repo):
    study = repo / "studies" / "nato"
    write(study, {
        "evidence/syr/s1.yaml": None,                                           # removed: H1 × syr
        "hypotheses/H2.yaml": "id: H2\ntitle: Constructivist NATO\nstatement: s.\nactor: nato\nprior: 0.3\n",
        "evidence/afg/a5.yaml": "id: A5\nclaim: c\ncase: syr\nsources: [{key: nato2001}]\n"
                                "tests: [{hypothesis: H2, type: hoop, result: pass}]\n",  # untracked
    })
    r = cli("diff", "HEAD", cwd=study)
    assert r.code == 0, r.text
    out = r.out
    assert "H1 × syr: Bayesian inconclusive (unchanged), Van Evera rejected → inconclusive, posterior 0.111 → 0.500" in out
    assert "  - S1 removed [evidence/syr/s1.yaml]: removed; it was a hoop fail; its weight was −9.0 dB" in out
    assert "H2 × afg:" in out and "  * prior of H2: 0.5 → 0.3" in out
    assert "H2 × syr:" in out and "  + A5 added [evidence/afg/a5.yaml]: hoop pass" in out


def test_no_change_is_reported_too(cli, repo):
    r = cli("diff", "HEAD", "studies/nato", cwd=repo)
    assert r.code == 0
    assert "No verdict or posterior changed (4 hypothesis × case pairs compared)" in r.out


def test_study_at_the_repository_root(cli, tmp_path, study_factory):
    root = study_factory(STUDY, base=False)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    write(root, {"evidence/afg/a1.yaml": A1_FLIPPED})
    r = cli("diff", "HEAD", cwd=root)
    assert r.code == 0, r.text
    assert "~ A1 edited [evidence/afg/a1.yaml]" in r.out


def test_unknown_revision_exits_2(cli, repo):
    r = cli("diff", "no-such-branch", "studies/nato", cwd=repo)
    assert r.code == 2
    assert r.err.startswith("error: unknown revision 'no-such-branch'") and r.out == ""
    r = cli("diff", "--", "studies/nato", cwd=repo)
    assert r.code == 2 and "Traceback" not in r.text


def test_not_a_git_repository_exits_2(cli, study_factory, tmp_path):
    root = study_factory(STUDY, base=False)
    r = cli("diff", "HEAD", str(root), env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert r.code == 2 and "is not inside a git repository" in r.err
    assert cli("diff", "HEAD", str(tmp_path / "nowhere")).code == 2


def test_study_missing_at_the_revision_exits_2(cli, repo):
    other = repo / "studies" / "new"
    write(other, STUDY)
    r = cli("diff", "HEAD", str(other))
    assert r.code == 2 and "has no tracked files at HEAD" in r.err


def test_an_invalid_side_exits_2_with_its_diagnostics(cli, repo):
    study = repo / "studies" / "nato"
    write(study, {"evidence/afg/a2.yaml": "id: A2\nclaim: c\ncase: afg\ntests: [{hypothesis: H9, type: hoop, "
                                           "result: pass}]\n"})
    r = cli("diff", "HEAD", cwd=study)
    assert r.code == 2
    assert r.err.startswith("error: the study in the working tree is invalid (1 error")
    assert "evidence/afg/a2.yaml:4:" in r.err and "TR201" in r.err
    git(repo, "commit", "-q", "-am", "broken")
    write(study, {"evidence/afg/a2.yaml": STUDY["evidence/afg/a2.yaml"]})
    r = cli("diff", "HEAD", cwd=study)
    assert r.code == 2
    assert r.err.startswith("error: the study at HEAD (") and "TR201" in r.err


def test_bibliography_outside_the_study_folder(cli, tmp_path):
    top = tmp_path / "repo"
    study = top / "studies" / "nato"
    write(study, {k: v for k, v in STUDY.items() if k != "references.bib"})
    (top / "shared.bib").write_text(STUDY["references.bib"], encoding="utf-8")
    with (study / "study.yaml").open("a", encoding="utf-8") as fh:
        fh.write("bibliography: ../../shared.bib\n")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "one")
    write(study, {"evidence/afg/a1.yaml": A1_FLIPPED})
    r = cli("diff", "HEAD", str(study))
    assert r.code == 0, r.text
    assert "~ A1 edited" in r.out

"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` against a study repository.

A copy of this working tree is committed in a temporary repository (so uncommitted edits here are
what gets tested), and each study repository names it in its `.pre-commit-config.yaml` by path and
commit, as a user's would by URL and rev. pre-commit installs the package into a virtualenv once and
keeps it in its cache (one HOME for the module), so the two runs, one passing study and one failing,
pay for one install: hence the `slow` marker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cistudy import A1_FLIPPED, STUDY
from conftest import ROOT

pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
SKIP = shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "__pycache__", "*.egg-info", "reports",
                              ".pytest_cache", "build", "dist")


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_ENV, HOME=str(home))
    return env


def _git(cwd: Path, env: dict, *args: str) -> None:
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True,
                   capture_output=True)


def test_manifest_is_valid_and_matches_the_contract():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"tracing-validate", "tracing-check"}
    assert hooks["tracing-validate"]["entry"] == "tracing validate"
    assert hooks["tracing-check"]["entry"] == "tracing check"
    for h in hooks.values():
        assert h["language"] == "python" and h["pass_filenames"] is False
    p = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_ci_doc_pre_commit_config_is_valid(tmp_path):
    from mdblocks import blocks

    [block] = [b for b in blocks(ROOT / "docs" / "ci.md") if b.title == ".pre-commit-config.yaml"]
    cfg = tmp_path / ".pre-commit-config.yaml"
    cfg.write_text(block.text, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(cfg)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    ids = [h["id"] for r in yaml.safe_load(block.text)["repos"] for h in r["hooks"]]
    assert ids == ["tracing-validate", "tracing-check"]


def _study_repo(root: Path, files: dict, env: dict, hook_repo: Path) -> Path:
    import textwrap

    files = {**files, ".pre-commit-config.yaml": f"""\
        repos:
          - repo: {hook_repo}
            rev: {env['TRACING_HOOK_REV']}
            hooks:
              - id: tracing-validate
              - id: tracing-check
        """}
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    _git(root, env, "init", "-q")
    _git(root, env, "add", "-A")
    return root


def _run_hooks(study: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose", "--color", "never"],
                          cwd=study, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one worker, one install of the hooks
def test_hooks_pass_on_a_study_whose_conclusions_hold(hook_repo, tmp_path):
    repo, env = hook_repo
    p = _run_hooks(_study_repo(tmp_path / "study", STUDY, env, repo), env)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "validate the process-tracing study" in out and "check the study's conclusions" in out
    assert out.count("Passed") == 2, out
    assert "check passed: 3 of 3 conclusions hold" in out


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one worker, one install of the hooks
def test_check_hook_fails_when_a_conclusion_no_longer_holds(hook_repo, tmp_path):
    repo, env = hook_repo
    study = _study_repo(tmp_path / "study", {**STUDY, "evidence/afg/a1.yaml": A1_FLIPPED}, env, repo)
    p = _run_hooks(study, env)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "FAIL  H1.afg" in out and "A1 (smoking gun failed" in out
    assert "check passed" not in out and "check failed: 2 of 3 conclusions hold; 1 failed, 0 warnings" in out
    status = {l.split(".")[0]: l.rsplit(".", 1)[1] for l in out.splitlines()
              if l.startswith(("validate the process", "check the study"))}
    assert status == {"validate the process-tracing study": "Passed", "check the study's conclusions": "Failed"}

"""`tracing ci init`: the workflow and the pre-commit configuration it writes, pinned to where tracing came from.

Checked as a user's repository would check them: the workflow by actionlint (skipped, saying why, when the
linter is not installed; see test_ci_actionlint.py), the configuration by `pre-commit validate-config`, and,
end to end (slow), `pre-commit run --all-files` green on a fresh study repository.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_ci_actionlint import actionlint
from test_ci_precommit import SKIP, _env, _git

from tracing.commands import ci

pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

VCS = json.dumps({"url": "https://example.org/lab/tracing.git",
                  "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"}})


def _repo(tmp_path: Path, cli, sub: str = "study") -> Path:
    repo = tmp_path / "repo"
    assert cli("init", str(repo / sub) if sub else str(repo)).code == 0
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    return repo


def _validate_config(path: Path) -> None:
    p = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(path)], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_where_from_reads_direct_url():
    s = ci.where_from(VCS)
    assert (s.kind, s.install) == ("vcs", "git+https://example.org/lab/tracing.git@0123456789abcdef0123456789abcdef01234567")
    s = ci.where_from(json.dumps({"url": "file:///home/me/tracing", "dir_info": {"editable": True}}))
    assert (s.kind, s.install) == ("local", "/home/me/tracing")
    s = ci.where_from(json.dumps({"url": "https://files.example.org/tracing-0.1.0.tar.gz",
                                  "archive_info": {"hashes": {}}}))
    assert s.kind == "index" and s.install.startswith("process-tracing-workbench==")
    assert ci.where_from().kind in ("vcs", "local", "index")  # the running tracing, whatever it is


def test_ci_init_writes_both_files_once(cli, tmp_path):
    repo = _repo(tmp_path, cli)
    r = cli("ci", "init", str(repo / "study"))
    assert r.code == 0, r.text
    wf, cfg = repo / ".github" / "workflows" / "study.yml", repo / ".pre-commit-config.yaml"
    assert f"wrote {wf}" in r.out and f"wrote {cfg}" in r.out and "pinned to" in r.out
    assert "tracing validate study" in wf.read_text() and "tracing check study" in wf.read_text()
    _validate_config(cfg)
    before = wf.read_bytes(), cfg.read_bytes()
    wf.write_text(wf.read_text() + "# my edit\n")
    r = cli("ci", "init", str(repo / "study"))
    assert r.code == 0 and "kept" in r.out and "wrote" not in r.out
    assert wf.read_text().endswith("# my edit\n") and cfg.read_bytes() == before[1]


def test_ci_init_refuses_a_folder_without_a_study(cli, tmp_path):
    r = cli("ci", "init", str(tmp_path))
    assert r.code == 2 and "no study" in r.err
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize("direct_url", [VCS, json.dumps({"url": "file:///nowhere/tracing", "dir_info": {}}), None],
                         ids=["vcs", "local-folder", "index"])
@pytest.mark.parametrize("sub", ["", "studies/nato"])
@pytest.mark.slow  # pre-commit and actionlint check what was written, each a process of its own
def test_written_files_are_valid_and_pinned(tmp_path, cli, direct_url, sub):
    repo = _repo(tmp_path, cli, sub)
    source = ci.where_from(direct_url) if direct_url else ci.Source("index", "process-tracing-workbench==0.1.0")
    done = ci.init(repo / sub if sub else repo, source=source)
    assert len(done.written) == 2
    wf = (repo / ".github" / "workflows" / "study.yml").read_text()
    cfg_path = repo / ".pre-commit-config.yaml"
    cfg = yaml.safe_load(cfg_path.read_text())
    _validate_config(cfg_path)
    assert f'pip install "{source.install}"' in wf
    [entry] = cfg["repos"]
    if source.kind == "vcs":
        assert entry["repo"] == source.url and entry["rev"] == source.commit
    elif source.kind == "local":
        assert entry["repo"] == "local" and "CI cannot reach" in wf
    else:
        assert entry["hooks"][0]["additional_dependencies"] == [source.install]
    for hook in entry["hooks"]:
        pattern = re.compile(hook["files"])
        assert not pattern.search(".github/workflows/study.yml")  # the hook must not fire on the workflow
        prefix = f"{sub}/" if sub else ""
        for f in ("study.yaml", "conclusions.yaml", "references.bib", "evidence/a/b.yaml", "hypotheses/H1.md"):
            assert pattern.search(prefix + f), f
    findings = actionlint({".github/workflows/study.yml": wf})
    assert findings == [], findings


def test_manifest_pattern_does_not_match_the_workflow():
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        pattern = re.compile(hook["files"])
        assert not pattern.search(".github/workflows/study.yml")
        assert pattern.search("study.yml") and pattern.search("sub/evidence/x.yaml")


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one worker, one install of the hooks
def test_pre_commit_run_is_green_with_the_written_config(cli, tmp_path, hook_repo):
    """A fresh study repository, `tracing ci init`, `pre-commit run --all-files`: green."""
    hooks, env = hook_repo   # shared with test_ci_precommit.py: pre-commit installs it once
    sha = env["TRACING_HOOK_REV"]
    repo = _repo(tmp_path, cli)
    source = ci.where_from(json.dumps({"url": str(hooks), "vcs_info": {"vcs": "git", "commit_id": sha}}))
    ci.init(repo / "study", source=source)
    _git(repo, env, "add", "-A")
    p = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"], cwd=repo,
                       env=env, capture_output=True, text=True, timeout=900)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert out.count("Passed") == 2, out

"""docs/tutorial.md, run as written — every command, every file, every output shown — so it cannot rot.

Conventions of the tutorial's fenced blocks (keep to them when editing the page):

- ```` ```console ````: a line starting with ``$ `` is a command (a line ending in `` \\``
  continues it on the next). Commands run in order in bash, in one working directory that
  starts as an empty temporary folder; ``cd DIR`` moves it. The lines under a command are its
  expected output: each must appear in the real output (stdout and stderr), in that order,
  runs of spaces ignored; a line ``...`` stands for any lines left out. Every command must
  exit 0, unless the fence says ``exit=N`` (```` ```console exit=1 ````): then every command of
  that block must exit N.
- ```` ```console norun ````: shown to the reader, never run. Only installing (``pip install``)
  and talking to GitHub (``git remote``, ``git push``) may stand in such a block.
- ```` ```LANG title="PATH" ````: a file. Its text is written to PATH, relative to the current
  working directory, replacing what was there (that is how the page shows an edit).
- Any other block is an illustration and is not run.

After the page has run, the GitHub Actions workflow it wrote is run as GitHub would run it on
a pull request: every ``run:`` step but the install, in order, in bash with ``-eo pipefail``,
with ``GITHUB_STEP_SUMMARY`` set; all must pass. The tutorial's workflow must be the one of
docs/ci.md word for word, and docs/ci.md's example outputs (```` ```text ```` blocks) must be
what the tutorial's commands really print.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from mdblocks import Block, blocks, commands, missing_lines, normalise

pytestmark = pytest.mark.slow  # runs the whole tutorial as a user would

TUTORIAL = ROOT / "docs" / "tutorial.md"
CI_DOC = ROOT / "docs" / "ci.md"
WORKFLOW = ".github/workflows/study.yml"
NORUN_ALLOWED = re.compile(r"^(python -m pip install|pip install|git remote |git push)")
HASH = re.compile(r"\([0-9a-f]{7,40}\)")


def shell_env(home: Path) -> dict:
    """The environment of a researcher with the workbench installed and git set up, and no CI around."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_"))}
    env.update({
        "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A. Researcher", "GIT_AUTHOR_EMAIL": "researcher@example.org",
        "GIT_COMMITTER_NAME": "A. Researcher", "GIT_COMMITTER_EMAIL": "researcher@example.org",
        "PYTHONIOENCODING": "utf-8",
    })
    env.pop("CI", None)
    return env


@dataclass
class Run:
    """The tutorial as run: where it ended, and every command with its output."""

    cwd: Path
    env: dict
    transcript: list[tuple[str, int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _run(command: str, cwd: Path, env: dict) -> tuple[int, str]:
    p = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                       encoding="utf-8", timeout=300)
    return p.returncode, p.stdout + p.stderr


def run_page(page: Path, workdir: Path) -> Run:
    home = workdir / "home"
    home.mkdir()
    cwd = workdir / "work"
    cwd.mkdir()
    run = Run(cwd, shell_env(home))
    for block in blocks(page):
        if block.title:
            target = run.cwd / block.title
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
            continue
        if block.lang != "console" or "norun" in block.attrs:
            continue
        want = int(block.attrs.get("exit", "0"))
        for cmd in commands(block):
            if re.fullmatch(r"cd\s+\S+", cmd.command):
                run.cwd = (run.cwd / cmd.command.split()[1]).resolve()
                continue
            code, out = _run(cmd.command, run.cwd, run.env)
            run.transcript.append((cmd.command, code, out))
            if code != want:
                run.problems.append(f"{page.name}:{cmd.line}: `{cmd.command}` exited {code}, not {want}:\n{out}")
                return run  # later steps build on this one
            missing = missing_lines(cmd.expected, out)
            if missing:
                run.problems.append(f"{page.name}:{cmd.line}: `{cmd.command}` did not print:\n  "
                                    + "\n  ".join(missing) + f"\nit printed:\n{out}")
    return run


@pytest.fixture(scope="module")
def tutorial(tmp_path_factory) -> Run:
    return run_page(TUTORIAL, tmp_path_factory.mktemp("tutorial"))


def test_tutorial_runs_as_written(tutorial):
    assert not tutorial.problems, "\n\n".join(tutorial.problems)
    ran = [c for c, _, _ in tutorial.transcript]
    # the tour the page promises: init → evidence → validate, score, report → check → diff
    for needed in ("tracing init", "tracing new evidence", "tracing validate", "tracing score", "tracing report",
                   "tracing check", "tracing diff"):
        assert any(c.startswith(needed) for c in ran), needed


def test_tutorial_study_has_three_test_types_and_a_conclusion(tutorial):
    import tracing

    study = tracing.load_study(tutorial.cwd)
    types = {t.type for e in study.evidence.values() for t in e.tests}
    assert len(study.evidence) == 3 and len(types) == 3, types
    assert len(study.hypotheses) == 1 and len(study.conclusions) == 1


def test_norun_blocks_only_install_or_push():
    for block in blocks(TUTORIAL):
        if block.lang == "console" and "norun" in block.attrs:
            for cmd in commands(block):
                assert NORUN_ALLOWED.match(cmd.command), f"tutorial.md:{cmd.line}: run it, or keep it out of a norun block"


def test_every_console_block_has_a_command():
    for block in blocks(TUTORIAL):
        if block.lang == "console":
            assert commands(block), f"tutorial.md:{block.line}: a console block without a `$ ` command"
        # a shell block would look runnable to the reader but not be run: use ```console with `$ ` prompts
        assert block.lang not in ("bash", "sh", "shell", "zsh", "shell-session"), f"tutorial.md:{block.line}"


def _workflow_block(page: Path) -> Block:
    found = [b for b in blocks(page) if b.title == WORKFLOW]
    assert len(found) == 1, f"{page.name} should show {WORKFLOW} once"
    return found[0]


def test_tutorial_workflow_is_the_one_in_ci_doc():
    assert _workflow_block(TUTORIAL).text == _workflow_block(CI_DOC).text


def test_workflow_runs_green_on_the_tutorial_study(tutorial, tmp_path):
    """Every `run:` step of the workflow, as GitHub runs it for a pull request into main."""
    assert not tutorial.problems, "the tutorial itself failed; see test_tutorial_runs_as_written"
    repo = tutorial.cwd
    workflow = yaml.safe_load((repo / WORKFLOW).read_text(encoding="utf-8"))
    # actions/checkout with fetch-depth 0 brings the base branch as origin/main
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=repo, check=True,
                   env=tutorial.env)
    summary = tmp_path / "step-summary.md"
    env = dict(tutorial.env, CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(repo),
               GITHUB_STEP_SUMMARY=str(summary), GITHUB_EVENT_NAME="pull_request", GITHUB_BASE_REF="main")
    context = {"github.base_ref": "main"}
    ran = 0
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" not in step:
                assert step["uses"].split("@")[0] in ("actions/checkout", "actions/setup-python",
                                                      "actions/upload-artifact"), step
                continue
            script = step["run"]
            if re.match(r"python -m pip install ", script):
                continue  # the workbench is installed here already
            step_env = dict(env)
            for k, v in (step.get("env") or {}).items():
                step_env[k] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m[1]], str(v))
            assert "${{" not in script, "expressions in run: scripts are an injection risk; pass them by env"
            p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=repo,
                               env=step_env, capture_output=True, text=True, encoding="utf-8", timeout=300)
            assert p.returncode == 0, f"step {step.get('name')!r} failed:\n{p.stdout}{p.stderr}"
            ran += 1
    assert ran >= 4
    text = summary.read_text(encoding="utf-8")
    assert "### tracing check: Why did Exampleton adopt a congestion charge?" in text
    assert "| ✅ | `H1.exampleton` | confirmed | confirmed |" in text
    assert "No verdict or posterior changed" in text
    assert (repo / "reports" / "index.html").is_file()
    import junitparser

    xml = junitparser.JUnitXml.fromfile(str(repo / "reports" / "conclusions.junit.xml"))
    assert [c.name for s in xml for c in s] == ["H1.exampleton"]


def test_ci_doc_examples_are_real_output(tutorial):
    """The ```text examples of docs/ci.md are what the tutorial's commands print (commit ids aside)."""
    assert not tutorial.problems, "the tutorial itself failed; see test_tutorial_runs_as_written"
    printed = "\n".join(HASH.sub("(…)", out) for _, _, out in tutorial.transcript)
    examples = [b for b in blocks(CI_DOC) if b.lang == "text"]
    assert examples
    for b in examples:
        lines = [HASH.sub("(…)", line) for line in b.text.splitlines()]
        missing = missing_lines(lines, printed)
        assert not missing, f"ci.md:{b.line}: not printed by the tutorial's commands: {missing}"
    assert normalise("  a  b ") == "a b"

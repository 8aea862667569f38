"""Shared fixtures: throw-away studies built from a dict of files, and one CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_STUDY = {
    "study.yaml": """\
        title: Test study
        question: Why?
        cases:
          afg:
            label: Afghanistan
            phases:
              - {id: early, start: 2001, end: 2003}
              - {id: late, start: 2004, end: 2010}
          syr: {label: Syria}
        actors:
          nato: {label: NATO}
          csto: {label: CSTO}
        outcome:
          name: involvement
          levels: [none, political, material, military]
          observed:
            - {actor: nato, case: afg, level: military}
            - {actor: nato, case: syr, level: political}
        """,
    "hypotheses/H1.yaml": """\
        id: H1
        title: Realist NATO
        statement: NATO acts to keep its relative power.
        theory: neo-realism
        actor: nato
        rivals: [H2]
        """,
    "hypotheses/H2.yaml": """\
        id: H2
        title: Constructivist NATO
        statement: NATO acts on its identity.
        theory: constructivism
        actor: nato
        """,
    "evidence/afg/e1.yaml": """\
        id: E1
        claim: NATO invoked Article 5.
        case: afg
        date: 2001-10
        sources: [{key: nato2001, pages: "5"}]
        tests:
          - {hypothesis: H1, type: smoking_gun, result: pass}
          - {hypothesis: H2, type: hoop, result: pass}
        """,
    "references.bib": """\
        @misc{nato2001,
          author = {{NATO}},
          title = {Statement by the North Atlantic Council},
          year = {2001}
        }
        """,
}


def pytest_configure(config):
    """Compiled report templates are cached in a folder of this test run, not in the user's cache."""
    if "TRACING_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["TRACING_CACHE_DIR"] = tempfile.mkdtemp(prefix="tracing-test-cache-")


def pytest_collection_modifyitems(config, items):
    """Tests that drive a browser are slow too: `pytest -m "not slow"` is the quick loop of an edit."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/report/golden/ from the current renderer instead of comparing")


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def study_factory(tmp_path):
    """Write a study from ``{relative path: text}``; texts are dedented. ``base=True`` starts from MINIMAL_STUDY.

    A value of ``None`` removes that file from the base; ``bytes`` are written as they are.
    """
    counter = {"n": 0}

    def make(files: dict | None = None, base: bool = True) -> Path:
        counter["n"] += 1
        root = tmp_path / f"study{counter['n']}"
        merged = dict(MINIMAL_STUDY) if base else {}
        merged.update(files or {})
        for rel, content in merged.items():
            if content is None:
                continue
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(textwrap.dedent(content), encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return make


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120) -> Run:
    """Run a `tracing` command line in this process (fast) and capture exit code and output.

    The same code path as the console script (:func:`tracing.cli.main`), with
    the working folder and environment set for the call and put back after.
    """
    import contextlib
    import io

    from tracing.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.pop("GITHUB_STEP_SUMMARY", None)
    os.environ.update(env or {})
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Run(int(code), out.getvalue(), err.getvalue())


def run_cli_process(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120) -> Run:
    """Run the real `tracing` command in a new process, as a user would (for the end-to-end tests)."""
    full_env = dict(os.environ)
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    full_env.update(env or {})
    p = subprocess.run([sys.executable, "-m", "tracing", *args], cwd=cwd, env=full_env, capture_output=True,
                       text=True, timeout=timeout)
    return Run(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """This repository's working tree committed in a temporary git repository, and the environment (one HOME,
    so one pre-commit cache) in which pre-commit installs it: every test that runs the hooks shares that one
    install, the slow part of those tests. ``env["TRACING_HOOK_REV"]`` is the commit."""
    import shutil

    base = tmp_path_factory.mktemp("hooks")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(base))
    repo = base / "tracing"
    shutil.copytree(ROOT, repo, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "node_modules", "__pycache__", "*.egg-info", "reports", ".pytest_cache", "build",
        "dist"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hooks under test"]):
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, check=True,
                       capture_output=True)
    env["TRACING_HOOK_REV"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, env=env, check=True,
                                             capture_output=True, text=True).stdout.strip()
    return repo, env


def scored_pair(specs, prior: float = 0.5, scoring=None, hid: str = "H1", **thresholds):
    """A scored pair from test specs: ``(type, result)`` takes the scoring table's likelihoods,
    ``(type, result, p, q)`` overrides them (fixed in sensitivity draws)."""
    from tracing.engine.scoring import ScoredTest, score_pair
    from tracing.reading.models import Hypothesis, Scoring
    from tracing.weights import likelihood_ratio

    sc = scoring or Scoring.default()
    tests = []
    for i, spec in enumerate(specs):
        type_, result = spec[:2]
        if len(spec) == 4:
            p, q, ov = spec[2], spec[3], True
        else:
            lk = getattr(sc.tests, type_)
            p, q, ov = lk.p_e_h, lk.p_e_not_h, False
        tests.append(ScoredTest(hid, "c", f"E{i}", type_, result, p, q, ov, lr=likelihood_ratio(p, q, result)))
    return score_pair(Hypothesis(id=hid, title="t", statement="s"), "c", tests, prior,
                      thresholds.get("confirmed", sc.thresholds.confirmed),
                      thresholds.get("rejected", sc.thresholds.rejected), sc.dependence.discount)

"""`tracing ci init`: a GitHub Actions workflow and a pre-commit configuration for a study's repository.

Both are pinned to where the running `tracing` came from, read from what pip records about the
installed distribution (``direct_url.json``, PEP 610):

- installed from a git URL (``pip install git+URL@REV``): that URL and the exact commit
  (``pip install "git+URL@COMMIT"``; pre-commit ``repo: URL``, ``rev: COMMIT``);
- installed from a local folder (``pip install -e .``, ``pip install /path``) or run from a source
  checkout: CI cannot reach that folder, so the files say so in a comment and name the path (pre-commit
  runs the hooks from that folder's git commit when it is a git checkout, else the `tracing` on PATH);
- installed from a package index: that version (``process-tracing-workbench==VERSION``).

Existing files are never overwritten; the result says what was written and what was kept.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from . import UsageError
from .writing import write_file

DIST = "process-tracing-workbench"
WORKFLOW = Path(".github/workflows/study.yml")
PRE_COMMIT = Path(".pre-commit-config.yaml")


@dataclass
class Source:
    """Where the running `tracing` came from, as CI should install it."""

    kind: str                 # "vcs", "local" or "index"
    install: str              # the argument of `pip install`
    url: str | None = None    # vcs: the repository; local: the folder
    commit: str | None = None
    version: str = __version__

    def describe(self) -> str:
        if self.kind == "vcs":
            return f"{self.url} at commit {self.commit}"
        if self.kind == "local":
            return f"the local folder {self.url}" + (f" (git commit {self.commit})" if self.commit else "")
        return f"{DIST} {self.version} from the package index"


@dataclass
class CiInit:
    """What `tracing ci init` did: the repository folder, the files written and kept, and the pin."""

    root: Path
    study: str
    source: Source
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        p = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout.strip() if p.returncode == 0 else None


def _from_file_url(url: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(url).path)


def where_from(direct_url: str | None = None) -> Source:
    """The :class:`Source` of the running `tracing`; ``direct_url`` overrides the installed record (tests)."""
    import importlib.metadata as md

    version = __version__
    if direct_url is None:
        try:
            dist = md.distribution(DIST)
            version = dist.version
            direct_url = dist.read_text("direct_url.json")
        except md.PackageNotFoundError:
            direct_url = None
            dist = None
        if direct_url is None:
            checkout = Path(__file__).resolve().parents[2]
            if dist is None or (checkout / "pyproject.toml").is_file() and (checkout / "tracing").is_dir():
                return _local(str(checkout), version)
            return Source("index", f"{DIST}=={version}", version=version)
    data = json.loads(direct_url)
    url = data.get("url", "")
    vcs = data.get("vcs_info")
    if vcs and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return Source("vcs", f"git+{url}@{vcs['commit_id']}", url=url, commit=vcs["commit_id"], version=version)
    if url.startswith("file:"):
        return _local(_from_file_url(url), version)
    return Source("index", f"{DIST}=={version}", version=version)  # an archive URL: the version says enough


def _local(path: str, version: str) -> Source:
    commit = _git(["rev-parse", "HEAD"], Path(path)) if Path(path, ".git").exists() else None
    return Source("local", path, url=path, commit=commit, version=version)


def _repository(study: Path) -> tuple[Path, str]:
    """The repository's top folder (the study folder when it is not in git) and the study's path in it."""
    if not study.is_dir():
        raise UsageError(f"no study folder at '{study}'")
    if not (study / "study.yaml").is_file():
        raise UsageError(f"no study at '{study}' (no study.yaml there); run 'tracing init {study}' first")
    top = _git(["rev-parse", "--show-toplevel"], study)
    root = Path(top) if top else study.resolve()
    rel = study.resolve().relative_to(root.resolve()).as_posix()
    return root, rel


def files_pattern(study: str) -> str:
    """The study's own files, as a pre-commit ``files`` pattern: not the workflow, not other YAML."""
    prefix = "" if study in ("", ".") else re.escape(study.rstrip("/") + "/")
    return rf"^{prefix}(study\.ya?ml|conclusions\.ya?ml|[^/]+\.bib|(hypotheses|evidence)/.+\.(ya?ml|md))$"


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def workflow(source: Source, study: str) -> str:
    s = "" if study in ("", ".") else f" {shlex.quote(study)}"
    where = "." if study in ("", ".") else shlex.quote(study)
    if source.kind == "local":
        install = (f"      # tracing ran from a local folder ({source.url}), which CI cannot reach: push that\n"
                   f"      # folder to a git host and install from there, e.g.\n"
                   f"      #   python -m pip install \"git+https://HOST/REPOSITORY@COMMIT\"\n"
                   f"      - name: Install the workbench\n"
                   f"        run: python -m pip install {_q(source.install)}\n")
    else:
        how = ("the commit `tracing ci init` ran from" if source.kind == "vcs" else "the version `tracing ci init` ran")
        install = (f"      # pinned to {how}: update it deliberately, in its own commit\n"
                   f"      - name: Install the workbench\n"
                   f"        run: python -m pip install {_q(source.install)}\n")
    return f"""# Written by `tracing ci init` (tracing {source.version}): validate the study, assert its conclusions,
# render the report and keep it as an artifact. docs/ci.md explains each step.
name: study

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  study:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the whole history, for `tracing diff` on pull requests

      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"

{install}
      - name: Validate the study
        run: tracing validate{s}

      - name: Check the conclusions
        id: check
        run: tracing check{s} --format github --junit-xml reports/conclusions.junit.xml

      - name: What changed since the base branch
        if: ${{{{ github.event_name == 'pull_request' && !cancelled() && steps.check.outcome != 'skipped' }}}}
        continue-on-error: true
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: |
          {{
            echo '### What changed since the base branch'
            echo '```'
            tracing diff "origin/$BASE_REF" {where}
            echo '```'
          }} | tee -a "$GITHUB_STEP_SUMMARY"

      - name: Render the report
        if: ${{{{ !cancelled() && steps.check.outcome != 'skipped' }}}}
        run: tracing report{s} --out reports

      - name: Keep the report
        if: ${{{{ !cancelled() }}}}
        uses: actions/upload-artifact@v4
        with:
          name: study-report
          path: reports/
          if-no-files-found: warn
"""


def pre_commit_config(source: Source, study: str) -> str:
    files = f"files: '{files_pattern(study)}'"
    args = "" if study in ("", ".") else f"\n        args: [{_q(study)}]"
    hooks = "\n".join(f"      - id: {h}\n        {files}{args}" for h in ("tracing-validate", "tracing-check"))
    head = f"# Written by `tracing ci init` (tracing {source.version}). `pre-commit install` runs these hooks on every\n" \
           f"# commit that touches a study file; `pre-commit run --all-files` runs them now.\n"
    if source.kind == "vcs" or (source.kind == "local" and source.commit):
        note = "" if source.kind == "vcs" else (
            f"# tracing ran from a local folder: the hooks run its committed state (commit {source.commit});\n"
            f"# on another machine, name the repository's URL instead of the folder.\n")
        return head + note + f"repos:\n  - repo: {_q(source.url or '')}\n    rev: {_q(source.commit or '')}\n" \
                             f"    hooks:\n{hooks}\n"
    # no git repository to name: hooks of this repository, running `tracing` itself
    if source.kind == "local":
        note = (f"# tracing ran from a local folder ({source.url}) that is not a git checkout: the hooks run the\n"
                f"# `tracing` on PATH (language: system).\n")
        lang = "language: system"
    else:
        note = "# tracing came from the package index: pre-commit installs that version for the hooks.\n"
        lang = f"language: python\n        additional_dependencies: [{_q(source.install)}]"
    local = []
    for h, cmd in (("tracing-validate", "validate"), ("tracing-check", "check")):
        entry = f"tracing {cmd}" + ("" if study in ("", ".") else f" {shlex.quote(study)}")
        local.append(f"      - id: {h}\n        name: tracing {cmd}\n        entry: {_q(entry)}\n        {lang}\n"
                     f"        pass_filenames: false\n        {files}")
    return head + note + "repos:\n  - repo: local\n    hooks:\n" + "\n".join(local) + "\n"


def init(study: str | Path = ".", source: Source | None = None) -> CiInit:
    """Write the workflow and the pre-commit configuration of the repository holding ``study``."""
    root, rel = _repository(Path(study))
    source = source or where_from()
    done = CiInit(root, rel, source)
    for path, text in ((WORKFLOW, workflow(source, rel)), (PRE_COMMIT, pre_commit_config(source, rel))):
        target = root / path
        try:
            done.written.append(write_file(target, text, overwrite=False))
        except UsageError:
            if not target.exists():
                raise
            done.kept.append(target)
    return done

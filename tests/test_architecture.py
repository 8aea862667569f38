"""Layering: the engine never imports the CLI, the report or the output formats (import-linter contract)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_import_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "KEPT" in r.stdout


def test_no_module_is_past_600_lines():
    for p in (ROOT / "tracing").rglob("*.py"):
        assert len(p.read_text(encoding="utf-8").splitlines()) <= 600, p

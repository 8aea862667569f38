"""benchmarks/generate.py: the synthetic studies the benchmarks run on are valid, and their conclusions hold."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture(scope="module")
def study(tmp_path_factory, generate) -> Path:
    return generate(tmp_path_factory.mktemp("gen") / "study", items=120, hypotheses=5, cases=3, seed=3)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_study_is_valid_and_its_conclusions_hold(study, cli):
    v = cli("validate", str(study))
    assert v.code == 0, v.text
    assert "120 evidence items" in v.out and "0 errors, 0 warnings" in v.out
    c = cli("check", str(study))
    assert c.code == 0, c.text
    assert re.search(r"15 of 15 conclusions hold; 0 failed", c.out), c.out


def test_generated_study_has_the_promised_shape(study):
    items = [p for p in (study / "evidence").rglob("*") if p.is_file()]
    assert len(items) == 120
    suffixes = Counter(p.suffix for p in items)
    assert suffixes[".md"] > 0 and suffixes[".yaml"] > suffixes[".md"]
    assert all(len(p.relative_to(study / "evidence").parts) == 4 for p in items)  # case/actor/batch/file
    assert len(list((study / "hypotheses").glob("*.yaml"))) == 5
    text = "".join(p.read_text(encoding="utf-8") for p in items)
    assert {"straw_in_the_wind", "hoop", "smoking_gun", "doubly_decisive"} <= set(re.findall(r"type: (\w+)", text))
    assert {"pass", "fail"} <= set(re.findall(r"result: (\w+)", text))
    assert "p_e_h:" in text and "phase:" in text
    keys = re.findall(r"^@\w+\{([^,]+),", (study / "references.bib").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(keys) == len(set(keys)) == 120 // 20
    conclusions = (study / "conclusions.yaml").read_text(encoding="utf-8")
    assert conclusions.count("- hypothesis:") == 5 * 3
    assert "method: van_evera" in conclusions and "method: bayes" in conclusions


def test_same_seed_same_files(study, generate, tmp_path):
    again = generate(tmp_path / "again", items=120, hypotheses=5, cases=3, seed=3)
    assert _files(again) == _files(study)
    other = generate(tmp_path / "other", items=120, hypotheses=5, cases=3, seed=4)
    assert _files(other) != _files(study)


def test_command_line(tmp_path, cli):
    out = tmp_path / "cli"
    args = [sys.executable, str(GENERATOR), str(out), "--items", "25", "--hypotheses", "3", "--cases", "2"]
    p = subprocess.run([*args, "--seed", "1"], capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    assert cli("check", str(out)).code == 0
    before = (out / "conclusions.yaml").read_bytes()
    p = subprocess.run([sys.executable, str(GENERATOR), str(out), "--seed", "1", "--conclusions-only"],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    assert (out / "conclusions.yaml").read_bytes() == before
    # never writes into a folder that already holds something
    p = subprocess.run([*args, "--seed", "2"], capture_output=True, text=True, check=False)
    assert p.returncode != 0 and "not empty" in p.stderr

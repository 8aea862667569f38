"""`tracing validate` remembers a valid study's answer; any change to what it read makes it read again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracing import cache

WARNED = {"evidence/afg/e2.yaml": """\
    id: E2
    claim: An uncited claim.
    case: afg
    tests:
      - {hypothesis: H1, type: straw_in_the_wind, result: pass}
    """}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("TRACING_CACHE_DIR", str(d))
    monkeypatch.delenv("TRACING_NO_CACHE", raising=False)
    return d


def _imports(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, str]:
    """Run validate with -X importtime: (the process, the names of the modules it imported)."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "tracing", "validate", str(root), *args],
                       capture_output=True, text=True, env=dict(os.environ), check=False)
    names = " ".join(line.rsplit("|", 1)[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time"))
    return p, f" {names} "


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_second_run_answers_from_the_cache_with_the_same_output(cli, study_factory, cache_dir):
    root = study_factory(WARNED)
    files = _tree(root)
    forms = [(), ("--strict",), ("--format", "json"), ("--format=json", "--strict")]
    fresh = {f: cli("validate", str(root), "--no-cache", *f) for f in forms}
    assert not cache_dir.exists()  # --no-cache neither reads nor writes
    first = cli("validate", str(root))
    assert first.code == 0 and "TR501" in first.out and "1 warning" in first.out
    assert len(list(cache_dir.glob("validate-*.json"))) == 1
    for f in forms:
        again = cli("validate", str(root), *f)
        assert (again.code, again.out, again.err) == (fresh[f].code, fresh[f].out, fresh[f].err), f
    assert fresh[("--strict",)].code == 2
    p, names = _imports(root)
    assert p.returncode == 0 and p.stdout == first.out
    assert " tracing.cache " in names and " pydantic " not in names and " yaml " not in names
    assert _tree(root) == files  # nothing is written into the study


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename", "bibliography", "conclusions"])
def test_any_change_to_what_validate_reads_is_seen(cli, study_factory, cache_dir, change):
    root = study_factory(WARNED)
    assert cli("validate", str(root)).code == 0
    e2 = root / "evidence/afg/e2.yaml"
    if change == "edit":
        e2.write_text(e2.read_text().replace("straw_in_the_wind", "hoops"))
        expect = (2, "TR104")
    elif change == "add":
        (root / "evidence/afg/e3.md").write_text("---\nid: E3\nclaim: c\ncase: afg\nsources: [{key: nato2001}]\n"
                                                      "tests: [{hypothesis: H2, type: hoop, result: pass}]\n---\n")
        expect = (0, "3 evidence items")
    elif change == "remove":
        e2.unlink()
        expect = (0, "1 evidence items")
    elif change == "rename":
        e2.rename(root / "evidence/afg/e1-copy.yaml")
        (root / "evidence/afg/e1-copy.yaml").write_text((root / "evidence/afg/e1.yaml").read_text())
        expect = (2, "TR207")
    elif change == "bibliography":
        (root / "references.bib").write_text("@misc{other, title = {T}}\n")
        expect = (2, "nato2001")
    else:
        (root / "conclusions.yaml").write_text("conclusions:\n  - {hypothesis: H9, case: afg, verdict: confirmed}\n")
        expect = (2, "H9")
    r = cli("validate", str(root))
    assert (r.code, expect[1] in r.out) == (expect[0], True), r.out


def test_a_bibliography_named_in_study_yaml_is_watched_too(cli, study_factory, cache_dir):
    base = study_factory()
    study_yaml = (base / "study.yaml").read_text() + "bibliography: refs/sources.bib\n"
    root = study_factory({"study.yaml": study_yaml, "references.bib": None,
                          "refs/sources.bib": (base / "references.bib").read_text()})
    assert cli("validate", str(root)).code == 0
    (root / "refs/sources.bib").write_text("@misc{other, title = {T}}\n")
    r = cli("validate", str(root))
    assert r.code == 2 and "nato2001" in r.out


def test_invalid_studies_are_never_remembered(cli, study_factory, cache_dir):
    root = study_factory({"evidence/bad.yaml": "id: [\n"})
    for _ in range(2):
        r = cli("validate", str(root))
        assert r.code == 2 and "TR004" in r.out
    assert not list(cache_dir.glob("validate-*.json"))


def test_a_damaged_or_unwritable_cache_never_changes_the_answer(cli, study_factory, cache_dir, monkeypatch):
    root = study_factory()
    good = cli("validate", str(root)).out
    [entry] = cache_dir.glob("validate-*.json")
    entry.write_text('{"format": 1, "environment": ')
    assert cli("validate", str(root)).out == good
    assert json.loads(entry.read_text())["format"] == cache.FORMAT  # replaced by a sound one
    entry.write_text(entry.read_text().replace('"hypotheses": 2', '"hypotheses": "x"'))
    blocked = cache_dir.parent / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TRACING_CACHE_DIR", str(blocked))
    assert (cli("validate", str(root)).out, cli("validate", str(root)).code) == (good, 0)
    monkeypatch.setenv("TRACING_CACHE_DIR", str(cache_dir / "unused"))
    monkeypatch.setenv("TRACING_NO_CACHE", "1")
    assert cli("validate", str(root)).out == good and not (cache_dir / "unused").exists()


def test_a_new_version_of_the_code_or_libraries_forgets_old_answers(study_factory, cache_dir, monkeypatch):
    root = study_factory()
    answer = cache.Answer([], 2, 1, 0)
    miss, hashed = cache.lookup(root)
    assert miss is None and hashed is not None
    cache.store(root, hashed, None, answer)
    assert cache.lookup(root)[0] == answer
    # each step stands for a new process: the environment is computed once per process
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache.environment.cache_clear()
    assert cache.lookup(root)[0] is None
    monkeypatch.undo()
    monkeypatch.setenv("TRACING_CACHE_DIR", str(cache_dir))
    cache.environment.cache_clear()
    assert cache.lookup(root)[0] == answer
    monkeypatch.setattr(cache, "_LIBRARIES", (*cache._LIBRARIES, "json"))
    cache.environment.cache_clear()
    assert cache.lookup(root)[0] is None
    monkeypatch.undo()
    cache.environment.cache_clear()


def test_a_file_changed_while_validating_is_not_remembered(study_factory, cache_dir):
    root = study_factory()
    _, hashed = cache.lookup(root)
    e1 = root / "evidence/afg/e1.yaml"
    e1.write_text(e1.read_text() + "\n")  # size changes: the answer may not describe these bytes
    cache.store(root, hashed, None, cache.Answer([], 2, 1, 0))
    assert not list(cache_dir.glob("validate-*.json"))

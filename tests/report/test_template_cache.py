"""Compiled templates are cached between runs; a cache that is missing, broken or unwritable changes nothing."""

from __future__ import annotations

import pytest

import tracing
from tracing.output import report as rep


@pytest.fixture
def fresh_environment(monkeypatch):
    """Each test builds the Jinja environment anew (it is memoised per process) and leaves a fresh one."""
    rep.environment.cache_clear()
    yield monkeypatch
    rep.environment.cache_clear()


def _page(study_factory, out):
    result = tracing.score(tracing.load_study(study_factory()))
    return tracing.write_report(result, out).read_text(encoding="utf-8")


def test_templates_are_compiled_once_then_read_from_the_cache(study_factory, tmp_path, fresh_environment):
    fresh_environment.setenv("TRACING_CACHE_DIR", str(tmp_path / "cache"))
    first = _page(study_factory, tmp_path / "r1")
    cached = sorted((tmp_path / "cache").rglob("*.cache"))
    assert cached, "rendering wrote no compiled template"
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    rep.environment.cache_clear()
    loaded = []
    original = rep._bytecode_cache

    def spy():
        cache = original()
        real = cache.load_bytecode

        def load(bucket):
            real(bucket)
            loaded.append(bucket.code is not None)
        cache.load_bytecode = load
        return cache

    fresh_environment.setattr(rep, "_bytecode_cache", spy)
    assert _page(study_factory, tmp_path / "r2") == first
    assert loaded and all(loaded), "a second run compiled templates again instead of reading the cache"
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps


def test_a_corrupt_cache_file_is_compiled_afresh(study_factory, tmp_path, fresh_environment):
    fresh_environment.setenv("TRACING_CACHE_DIR", str(tmp_path / "cache"))
    first = _page(study_factory, tmp_path / "r1")
    for p in (tmp_path / "cache").rglob("*.cache"):
        p.write_bytes(b"\x00garbage")
    rep.environment.cache_clear()
    assert _page(study_factory, tmp_path / "r2") == first


@pytest.mark.parametrize("how", ["a file where the folder should be", "disabled"])
def test_no_usable_cache_gives_the_same_page(study_factory, tmp_path, fresh_environment, how):
    fresh_environment.setenv("TRACING_CACHE_DIR", str(tmp_path / "c1"))
    first = _page(study_factory, tmp_path / "r1")
    rep.environment.cache_clear()
    if how == "disabled":
        fresh_environment.setenv("TRACING_CACHE_DIR", "")
        assert rep.cache_folder() is None
    else:
        (tmp_path / "blocked").write_text("not a folder")
        fresh_environment.setenv("TRACING_CACHE_DIR", str(tmp_path / "blocked"))
    assert _page(study_factory, tmp_path / "r2") == first
    assert not (tmp_path / "blocked").is_dir()


def test_cache_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACING_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert rep.cache_folder() == tmp_path / "xdg" / "tracing"

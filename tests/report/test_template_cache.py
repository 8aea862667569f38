"""Compiled templates are cached between runs; a cache that is missing, broken or unwritable changes nothing."""

from __future__ import annotations

import json

import pytest

import tracing
from tracing.output import report as rep
from tracing.output.report import cache as cache_mod


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
    original = cache_mod.template_cache

    def spy():
        cache = original()
        real = cache.load_bytecode

        def load(bucket):
            real(bucket)
            loaded.append(bucket.code is not None)
        cache.load_bytecode = load
        return cache

    fresh_environment.setattr(cache_mod, "template_cache", spy)
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
        assert cache_mod.cache_folder() is None
    else:
        (tmp_path / "blocked").write_text("not a folder")
        fresh_environment.setenv("TRACING_CACHE_DIR", str(tmp_path / "blocked"))
    assert _page(study_factory, tmp_path / "r2") == first
    assert not (tmp_path / "blocked").is_dir()


def test_cache_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACING_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_mod.cache_folder() == tmp_path / "xdg" / "tracing"


# -- the formatted bibliography -----------------------------------------------------------------------------------
BIB = """@book{b1, author = {Doe, Jane}, title = {A Book}, year = {2001}, publisher = {Polity}, address = {Cambridge}}
@article{a1, author = {Roe, Rick}, title = {An Article}, journal = {Security Studies}, year = {2010}, volume = {3}}
"""


def _formatted(text, tmp_path):
    from tracing.output.report.citations import formatted
    from tracing.reading.bib import parse_bib

    bib, _ = parse_bib(text, "references.bib")
    return [(k, str(v)) for k, v in formatted(bib, None, tmp_path)[0]]


@pytest.fixture
def citeproc_runs(monkeypatch, tmp_path):
    """The cache in a fresh folder; counts the runs of citeproc-py."""
    from tracing.output.report import citations

    monkeypatch.setenv("TRACING_CACHE_DIR", str(tmp_path / "cache"))
    runs = []
    real = citations._run_citeproc

    def counted(*a):
        runs.append(1)
        return real(*a)
    monkeypatch.setattr(citations, "_run_citeproc", counted)
    return runs


def test_the_bibliography_is_formatted_once_then_read_back(tmp_path, citeproc_runs):
    first = _formatted(BIB, tmp_path)
    assert len(citeproc_runs) == 1 and "Security Studies" in dict(first)["a1"]
    assert _formatted(BIB, tmp_path) == first
    assert len(citeproc_runs) == 1, "the second run formatted the references again"
    changed = _formatted(BIB.replace("An Article", "Another Article"), tmp_path)
    assert len(citeproc_runs) == 2 and "Another Article" in dict(changed)["a1"]


def test_a_tampered_or_broken_cache_entry_never_reaches_the_page_as_markup(tmp_path, citeproc_runs):
    first = _formatted(BIB, tmp_path)
    (entry,) = (tmp_path / "cache" / "bibliography").glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["items"][0][1] = "<script>alert(1)</script><i>ok</i>"
    entry.write_text(json.dumps(data), encoding="utf-8")
    page = dict(_formatted(BIB, tmp_path))
    key = data["items"][0][0]
    assert "<script>" not in page[key] and "&lt;script&gt;" in page[key] and '<em class="csl">ok</em>' in page[key]
    entry.write_text("{not json", encoding="utf-8")
    assert _formatted(BIB, tmp_path) == first and len(citeproc_runs) == 2

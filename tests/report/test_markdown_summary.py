"""`tracing report --format md`: the Markdown summary for a repository page or a paper draft."""

from __future__ import annotations

import tracing

from tracing import load_study
from tracing.output.report import render_markdown


def test_md_format_writes_summary_with_verdicts_conclusions_and_linchpins(cli, hazard_study, tmp_path):
    out = tmp_path / "out"
    run = cli("report", str(hazard_study), "--out", str(out), "--format", "md")
    assert run.code == 0, run.text
    target = out / "summary.md"
    assert f"wrote {target}" in run.out
    assert not (out / "index.html").exists()
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    # the title is escaped Markdown, not HTML
    assert lines[0] == r"# Study \</title\>\<script\>alert('t')\</script\> & co"
    assert "| Hypothesis | Afghanistan | Syria |" in lines
    h1 = next(line for line in lines if line.startswith("| H1 "))
    assert h1.startswith(r"| H1 Realist \<i\>NATO\</i\> | **inconclusive** / rejected (p = 0.613;")
    assert "✘ stated confirmed" in h1  # the failing conclusion is marked in its cell
    assert h1.count("|") - h1.count(r"\|") == 4  # researcher text never adds a column
    assert "## Conclusions" in lines and "1 of 3 stated conclusions hold." in lines
    assert any(line.startswith("- ✘ **fails** `H1.afg`:") for line in lines)
    assert any(line.startswith("- ! **warning** `H2.afg`:") for line in lines)
    assert "## Linchpins" in lines
    assert any(line.startswith("- H1 in Syria (rejected): E3") for line in lines)
    assert text.endswith("\n") and "<script>" not in text


def test_md_summary_is_deterministic_and_dated_only_on_request(hazard_study, monkeypatch):
    result = tracing.score(hazard_study)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a, b = render_markdown(result), render_markdown(result)
    assert a == b and "Generated on" not in a
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "Generated on 1970-01-01." in render_markdown(result)


def test_md_summary_without_linchpins_or_conclusions(study_factory):
    study = study_factory({"evidence/afg/e1.yaml": None})
    text = render_markdown(tracing.score(study))
    assert "No conclusions are stated." in text
    assert "None: no single item decides a verdict." in text

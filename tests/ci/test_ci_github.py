"""`tracing check --format github`: workflow commands escaped as GitHub's toolkit does, and the step summary."""

from __future__ import annotations

import re

import pytest

from cistudy import A1_FLIPPED, STUDY, with_conclusions
from tracing.reading.diagnostics import Diagnostic
from tracing.output import github


def unescape_data(text: str) -> str:
    """What the runner does to a message (the inverse of @actions/core's escapeData)."""
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a: b, c", "a: b, c", "a%3A b%2C c"),
    ("two\nlines\r\n", "two%0Alines%0D%0A", "two%0Alines%0D%0A"),
    ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
    ("C:\\study,1%\n", "C:\\study,1%25%0A", "C%3A\\study%2C1%25%0A"),
])
def test_escaping_matches_the_actions_toolkit(raw, data, prop):
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop
    assert unescape_data(data) == raw and unescape_property(prop) == raw


def test_annotation_line():
    line = github.annotation("error", "50% off:\nnow", file="a:b/conclusions.yaml", line=3, col=5,
                             title="conclusion H1.x, bad")
    assert line == ("::error file=a%3Ab/conclusions.yaml,line=3,col=5,title=conclusion H1.x%2C bad"
                    "::50%25 off:%0Anow")
    assert "\n" not in line
    assert github.annotation("notice", "hello") == "::notice::hello"


def test_diagnostics_become_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = Diagnostic("evidence/a.yaml", 7, 5, "TR201", "unknown hypothesis 'H9'", "ref.unknown-hypothesis", "error",
                   "did you mean 'H1'?")
    [line] = github.diagnostic_annotations([d], tmp_path / "study")
    assert line == ("::error file=study/evidence/a.yaml,line=7,col=5,title=TR201 ref.unknown-hypothesis"
                    "::unknown hypothesis 'H9'%0Ahint: did you mean 'H1'?")


def test_workspace_path(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    assert github.workspace_path(tmp_path / "s" / "conclusions.yaml") == "s/conclusions.yaml"
    assert github.workspace_path("./conclusions.yaml") == "conclusions.yaml"
    assert github.workspace_path("/elsewhere/conclusions.yaml") == "/elsewhere/conclusions.yaml"


ANNOTATION = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def test_end_to_end_annotations_and_the_full_list(cli, study_factory, tmp_path):
    files = with_conclusions("- hypothesis: H1\n  case: syr\n  verdict: rejected\n  severity: warn\n"
                             "  note: |-\n    100% sure: the thesis says so,\n    on page 5.\n")
    files["evidence/afg/a1.yaml"] = A1_FLIPPED
    root = study_factory(files, base=False)
    odd = root.parent / "we:ird,study"  # ':' and ',' must be escaped in file=
    root.rename(odd)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    r = cli("check", odd.name, "--format", "github", cwd=odd.parent, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.code == 1, r.text
    lines = r.out.splitlines()
    notes = [ANNOTATION.match(l) for l in lines if l.startswith("::")]
    assert [m["level"] for m in notes] == ["error", "warning"]
    err, warn = notes
    props = dict(p.split("=", 1) for p in err["props"].split(","))
    assert props == {"file": "we%3Aird%2Cstudy/conclusions.yaml", "line": "2", "col": "5",
                     "title": "conclusion H1.afg does not hold"}
    assert unescape_property(props["file"]) == "we:ird,study/conclusions.yaml"
    message = unescape_data(err["message"])
    assert message.startswith("The conclusion that H1 (Realist NATO) is confirmed in Afghanistan")
    assert "A1 (smoking gun failed, −2.0 dB)" in message
    assert message.endswith("\nNote: Thesis, section 5.1.3")
    wprops = dict(p.split("=", 1) for p in warn["props"].split(","))
    assert wprops["line"] == "14" and wprops["title"] == "conclusion H1.syr does not hold (warn)"
    assert warn["message"].endswith("%0ANote: 100%25 sure: the thesis says so, on page 5.")
    # the full list follows: GitHub shows only ten annotations per step
    text = "\n".join(lines)
    for name in ("FAIL  H1.afg", "ok    H2.afg", "ok    H1.syr.van_evera", "warn  H1.syr"):
        assert name in text
    assert lines[-1] == "check failed: 2 of 4 conclusions hold; 1 failed, 1 warning"
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n### tracing check: CI test study\n")
    assert "| ❌ | `H1.afg` | confirmed | inconclusive | 0.600 |" in md
    assert "| ✅ | `H2.afg` | rejected | rejected | 0.077 | 0.64 | error |" in md
    assert "| ⚠️ | `H1.syr` | rejected | inconclusive | 0.111 |" in md
    assert "- **`H1.afg`** (fail, line 2): The conclusion that H1" in md


def test_more_than_ten_failures_are_all_listed(cli, study_factory):
    files = dict(STUDY)
    for i in range(3, 7):
        files[f"hypotheses/H{i}.yaml"] = f"id: H{i}\ntitle: Rival {i}\nstatement: Something else.\n"
    files["conclusions.yaml"] = "conclusions:\n" + "".join(
        f"  - {{hypothesis: H{i}, case: {c}, verdict: confirmed}}\n" for i in range(1, 7) for c in ("afg", "syr"))
    r = cli("check", str(study_factory(files, base=False)), "--format", "github")
    assert r.code == 1
    annotated = [l for l in r.out.splitlines() if l.startswith("::error ")]
    listed = [l for l in r.out.splitlines() if l.startswith("FAIL  ")]
    assert len(annotated) == len(listed) == 11


def test_without_step_summary_nothing_is_written(cli, study_factory, tmp_path):
    root = study_factory(STUDY, base=False)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = cli("check", str(root), "--format", "github", cwd=cwd)
    assert r.code == 0 and not r.out.startswith("::")
    assert list(cwd.iterdir()) == []

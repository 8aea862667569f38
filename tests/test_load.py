"""Reading and validating studies: every diagnostic code at its expected line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tracing
from tracing.reading.diagnostics import REGISTRY, StudyError
from tracing.reading.yamlread import parse

CASES = parse((Path(__file__).parent / "data" / "bad_inputs.yaml").read_text(encoding="utf-8")).data


def _problems(root):
    with pytest.raises(StudyError) as info:
        tracing.load_study(root)
    return info.value.diagnostics


def _diagnostics(root):
    """Every problem of the study at ``root``: its errors, or a valid study's warnings."""
    try:
        return tracing.load_study(root).warnings
    except StudyError as exc:
        return exc.diagnostics


def _build(case, study_factory, tmp_path):
    """The case's study: ``files`` as text, ``bytes`` as hex, ``links`` to folders outside the study,
    ``special`` files (see :func:`_special`)."""
    files = dict(case.get("files") or {})
    files.update({rel: bytes.fromhex(h.replace(" ", "")) for rel, h in (case.get("bytes") or {}).items()})
    root = study_factory(files)
    for rel, outside in (case.get("links") or {}).items():
        target = tmp_path / "outside" / outside
        target.mkdir(parents=True, exist_ok=True)
        (target / "x.yaml").write_text("id: X\n")  # invalid if it were read
        os.symlink(target, root / rel)
    for rel, kind in (case.get("special") or {}).items():
        _special(root, rel, kind, tmp_path)
    return root


def _special(root, rel, kind, tmp_path):
    """``special``: a file that text cannot give: a link to a file outside the study, a named pipe, a name that
    is not UTF-8 (``NAME`` in ``rel`` becomes the byte 0xff)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "outside-file":
        secret = tmp_path / "outside" / "secret.yaml"
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_text("root:x:0:0:root:/root:/bin/bash\n")  # never to be printed
        os.symlink(secret, path)
    elif kind == "outside-folder":
        other = tmp_path / "outside" / "folder"
        other.mkdir(parents=True, exist_ok=True)
        (other / "x.yaml").write_text("id: X\n")
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        os.symlink(other, path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "non-utf8-name":
        raw = os.fsencode(path).replace(b"NAME", b"\xff")
        with open(raw, "wb") as f:
            f.write(b"id: X\n")
    else:  # pragma: no cover
        raise ValueError(kind)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_reported_at_its_place(case, study_factory, tmp_path):
    diags = _diagnostics(_build(case, study_factory, tmp_path))
    got = {(d.code, d.path, d.line, d.column): d for d in diags}
    for exp in case["expect"]:
        key = (exp["code"], exp["path"], exp["line"], exp["col"])
        assert key in got, f"expected {key}, got {[d.format() for d in diags]}"
        d = got[key]
        assert d.severity == REGISTRY[exp["code"]].severity
        if "message" in exp:
            assert exp["message"] in d.message
        if "hint" in exp:
            assert d.hint == exp["hint"]
    if case.get("only"):
        assert sorted(got) == sorted((e["code"], e["path"], e["line"], e["col"]) for e in case["expect"])


def test_every_code_has_a_case():
    """Each code of the registry is produced, at its place, by a case of tests/data/bad_inputs.yaml."""
    covered = {e["code"] for c in CASES for e in c["expect"]}
    assert sorted(set(REGISTRY) - covered) == []


def test_symlinked_folder_is_not_followed(study_factory, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "x.yaml").write_text("id: X\n")  # invalid if it were read
    root = study_factory()
    os.symlink(other, root / "evidence" / "linked")
    assert "X" not in tracing.load_study(root).evidence


def test_all_problems_are_collected_in_one_pass(study_factory):
    root = study_factory({
        "evidence/a.yaml": "id: A\nclaim: c\ncase: nowhere\nsources: [{key: nato2001}]\ntests: [{hypothesis: H1, type: hoop, result: pass}]\n",
        "evidence/b.yaml": "id: B\nclaim: [\n",
        "hypotheses/H3.yaml": "id: 3\ntitle: t\nstatement: s\n",
    })
    codes = sorted(d.code for d in _problems(root))
    assert codes == ["TR004", "TR106", "TR202"]


def test_bom_and_crlf_are_accepted(study_factory):
    text = "id: E2\r\nclaim: c\r\ncase: afg\r\nsources: [{key: nato2001}]\r\ntests:\r\n  - {hypothesis: H1, type: hoop, result: pass}\r\n"
    root = study_factory({"evidence/e2.yaml": b"\xef\xbb\xbf" + text.encode()})
    study = tracing.load_study(root)
    assert study.evidence["E2"].claim == "c"
    assert not study.warnings


def test_yaml_12_scalars(study_factory):
    root = study_factory({"evidence/e2.yaml": """\
        id: E2
        claim: yes
        case: afg
        date: 2003-08-11
        quote: on
        sources: [{key: nato2001, pages: 12}]
        tests: [{hypothesis: H1, type: hoop, result: pass}]
        """})
    e = tracing.load_study(root).evidence["E2"]
    assert (e.claim, e.date, e.quote, e.sources[0].pages) == ("yes", "2003-08-11", "on", "12")


def test_markdown_item_body_becomes_notes(study_factory):
    root = study_factory({"evidence/e2.md": """\
        ---
        id: E2
        claim: c
        case: afg
        sources: [{key: nato2001}]
        tests: [{hypothesis: H1, type: hoop, result: pass}]
        ---

        Longer *notes* here.
        """})
    assert tracing.load_study(root).evidence["E2"].notes == "Longer *notes* here."


def test_front_matter_lines_are_file_lines(study_factory):
    root = study_factory({"evidence/e2.md": "---\nid: E2\nclaim: c\ncase: afg\nbogus: 1\n---\nbody\n"})
    (d,) = [d for d in _problems(root) if d.code == "TR101"]
    assert (d.line, d.column) == (5, 1)


def test_discovery_skips_hidden_readme_and_other_files(study_factory):
    root = study_factory({
        "evidence/.hidden.yaml": "not: valid",
        "evidence/.drafts/x.yaml": "not: valid",
        "evidence/README.md": "# About the evidence\n",
        "evidence/notes.txt": "anything",
        "evidence/deep/er/e2.yml": "id: E2\nclaim: c\ncase: afg\nsources: [{key: nato2001}]\ntests: [{hypothesis: H1, type: hoop, result: pass}]\n",
    })
    study = tracing.load_study(root)
    assert sorted(study.evidence) == ["E1", "E2"]
    assert study.files[("evidence", "E2")] == "evidence/deep/er/e2.yml"


def test_partial_scoring_block_is_merged(study_factory):
    root = study_factory({"study.yaml": """\
        title: T
        question: Q
        cases: {afg: {}, syr: {}}
        actors: {nato: {}, csto: {}}
        scoring:
          tests:
            hoop: {p_e_h: 0.9}
        """})
    sc = tracing.load_study(root).config.scoring
    assert (sc.tests.hoop.p_e_h, sc.tests.hoop.p_e_not_h) == (0.9, 0.6)
    assert sc.tests.smoking_gun.p_e_not_h == 0.05 and sc.draws == 2000


def test_labels_default_to_ids(study_factory):
    root = study_factory({"study.yaml": "title: T\nquestion: Q\ncases: {afg: {}, syr: {}}\nactors: {nato: {}, csto: {}}\n"})
    cfg = tracing.load_study(root).config
    assert cfg.cases["afg"].label == "afg" and cfg.actors["nato"].label == "nato"


def test_files_are_never_modified(study_factory):
    root = study_factory({"evidence/e2.yaml": "id: E2\nclaim: [\n"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    with pytest.raises(StudyError):
        tracing.load_study(root)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert before == after


def test_the_fast_c_parser_is_used_when_available():
    import yaml

    from tracing.reading import yamlread

    if yaml.__with_libyaml__:
        assert yamlread._Parser.__module__ == "yaml._yaml"
    doc = yamlread.parse("a: 007\nb: '007'\nc: 0.5\nd: yes\ne: 2003-08-11\nf: null\ng: true\n")
    assert doc.data == {"a": 7, "b": "007", "c": 0.5, "d": "yes", "e": "2003-08-11", "f": None, "g": True}

"""The HTML report: sections, verdict matrix, escaping, offline-ness, determinism (through the real CLI)."""

from __future__ import annotations

import tracing

import base64
import hashlib
import json
import os
import re
import shutil

import pytest

from tracing import load_study
from tracing.commands.report import write as write_report
from tracing.output.report import HERE as REPORT_DIR, fmt, render_html

SCRIPT = (REPORT_DIR / "static" / "report.js").read_text(encoding="utf-8").strip()
SCRIPT_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii") + "'"
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {SCRIPT_HASH}; "
       "base-uri 'none'; form-action 'none'")
SECTIONS = ["overview", "conclusions", "outcome", "cases", "hypotheses", "evidence", "method", "ach", "bibliography"]


def script_text(node) -> str:
    """The exact text of a <script> element (``Node.text`` collapses whitespace)."""
    return "".join(c for c in node.children if isinstance(c, str))


def report(cli, study, out, *extra, env=None):
    run = cli("report", str(study), "--out", str(out), *extra, env=env)
    assert run.code == 0, run.text
    target = out / ("summary.md" if "md" in extra else "index.html")
    assert f"wrote {target}" in run.out
    return target


def matrix_cells(page) -> dict[tuple[str, str], object]:
    """(hypothesis id, case label) → the <td> of the verdict matrix."""
    table = page.find("table", class_="matrix")
    cases = [th.find("a").text for th in table.find("thead").find_all("th")[1:]]
    cells = {}
    for tr in table.find_all("tr"):
        row_head = [th for th in tr.find_all("th") if th.attrs.get("scope") == "row"]
        if not row_head:
            continue
        hid = row_head[0].find("a").text
        for case, td in zip(cases, tr.find_all("td", class_="cell")):
            cells[(hid, case)] = td
    return cells


def verdicts(td) -> tuple[str, str]:
    spans = td.find_all("span", class_="verdict")
    return spans[0].text.split()[-1], spans[1].text.split()[-1]


@pytest.fixture
def minimal_html(cli, study_factory, tmp_path, parse):
    study = study_factory({"conclusions.yaml": """\
        conclusions:
          - {hypothesis: H1, case: afg, verdict: confirmed}
          - {hypothesis: H1, case: afg, verdict: confirmed, method: van_evera}
        """})
    target = report(cli, study, tmp_path / "out")
    text = target.read_text(encoding="utf-8")
    return text, parse(text)


def test_report_writes_one_page_with_every_section(minimal_html):
    text, page = minimal_html
    assert text.startswith("<!DOCTYPE html>")
    for sid in SECTIONS:
        section = page.by_id(sid)
        assert section.tag == "section"
        assert section.find("h2").text
    assert page.find("h1").text == "Test study"
    assert page.find("title").text == "Test study"


def test_verdict_matrix_shows_both_verdicts_posterior_and_failing_conclusions(minimal_html):
    _, page = minimal_html
    cells = matrix_cells(page)
    assert set(cells) == {(h, c) for h in ("H1", "H2") for c in ("Afghanistan", "Syria")}
    # E1 is a passed smoking gun for H1: LR 8, posterior 0.889 -> Bayes inconclusive, Van Evera confirmed
    h1 = cells[("H1", "Afghanistan")]
    assert verdicts(h1) == ("inconclusive", "confirmed")
    assert "p = 0.889" in h1.text
    assert "+9.0 dB" in h1.text
    # the Bayesian claim fails (red mark, words), the Van Evera claim holds
    assert "cell-fail" in h1.attrs["class"]
    stated = [p.text for p in h1.find_all("p", class_="stated")]
    assert "✘ stated confirmed (Bayesian): fails" in stated
    assert "✔ stated confirmed (Van Evera): holds" in stated
    # a passed hoop only: both inconclusive; no test at all: prior, inconclusive
    assert verdicts(cells[("H2", "Afghanistan")]) == ("inconclusive", "inconclusive")
    assert "p = 0.500" in cells[("H1", "Syria")].text
    assert "0 tests" in cells[("H1", "Syria")].text


def test_matrix_matches_the_engine_for_the_bundled_example(cli, tmp_path, parse):
    """Every cell of the verdict matrix says what the engine says, for a study with congruence and draws."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "examples" / "afghan-peace"
    if not (src / "study.yaml").exists():
        pytest.skip("examples/afghan-peace is not in this checkout")
    study = tmp_path / "study"
    shutil.copytree(src, study)
    result = tracing.score(study)
    page = parse(render_html(result))
    cells = matrix_cells(page)
    for p in result.pairs:
        td = cells[(p.hypothesis, result.study.config.cases[p.case].label or p.case)]
        assert verdicts(td) == (p.bayes, p.van_evera)
        assert f"p = {fmt.prob(p.posterior)}" in td.text
        if p.robustness is not None:
            assert f"Bayesian robustness {fmt.pct(p.robustness)}" in td.text


def test_hypotheses_are_grouped_by_actor_and_theory(study_factory, parse):
    study = study_factory({
        "hypotheses/H3.yaml": "id: H3\ntitle: CSTO realism\nstatement: s\ntheory: neo-realism\nactor: csto\n",
        "hypotheses/H4.yaml": "id: H4\ntitle: Second realist NATO\nstatement: s\ntheory: neo-realism\nactor: nato\n",
    })
    page = parse(render_html(tracing.score(study)))
    table = page.find("table", class_="matrix")
    order = []
    for tr in table.find_all("tr"):
        th = tr.find_all("th")[0]
        if th.attrs.get("scope") == "rowgroup":
            order.append(("actor", th.text))
        elif th.attrs.get("scope") == "row":
            order.append(("hyp", th.find("a").text))
    # NATO first (study order), realists H1 and H4 together, then the constructivist H2; then the CSTO
    assert order == [("actor", "NATO"), ("hyp", "H1"), ("hyp", "H4"), ("hyp", "H2"), ("actor", "CSTO"), ("hyp", "H3")]


def test_per_hypothesis_detail_tests_sorted_by_weight_with_sources(hazard_study, parse):
    result = tracing.score(hazard_study)
    page = parse(render_html(result))
    pair = page.by_id(fmt.pair_anchor("H1", "afg"))
    rows = pair.find("table", class_="tests").find("tbody").find_all("tr")
    items = [r.find("th").find("a").text for r in rows]
    tests = [t for t in result.pair("H1", "afg").tests if not t.congruence]
    assert items == [t.evidence for t in sorted(tests, key=lambda t: (-abs(t.weight_db), t.evidence))]
    weights = {r.find("th").find("a").text: r.find("span", class_="w").text for r in rows}
    assert weights == {"E1": "+9.0", "E2": "−9.0"}
    e2 = rows[items.index("E2")]
    assert e2.find("a", class_="cite").attrs["href"] == "#" + fmt.anchor("bib", "weird:key/1")
    assert "conflict" in pair.text.lower()  # a failed hoop beside a passed smoking gun
    assert "E2" in pair.text and "Van Evera:" in pair.text
    assert pair.find("svg", class_="weights") and pair.find("svg", class_="trajectory")
    # infinite weight of an eliminating test is written, not crashed on
    syr = page.by_id(fmt.pair_anchor("H1", "syr"))
    assert "−∞" in syr.text and "posterior 0" in syr.text
    assert "Linchpins: E3" in " ".join(syr.text.split())


def test_researcher_text_is_escaped_never_markup(cli, hazard_study, tmp_path, parse):
    target = report(cli, hazard_study, tmp_path / "out")
    text = target.read_text(encoding="utf-8")
    page = parse(text)
    tags = {n.tag for n in page.iter()}
    assert not tags & {"iframe", "img", "b", "u", "i", "link", "object", "embed"}
    # one script element: the report's own, unchanged (the study's <script> texts are escaped)
    assert [script_text(s) for s in page.find_all("script")] == [SCRIPT] and text.count("<script") == 1
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; NATO invoked Article 5." in text
    item = page.by_id(fmt.anchor("e", "E1"))
    assert "<script>alert(1)</script> NATO invoked Article 5." in item.find("h4").text
    notes = item.find("div", class_="notes")
    assert 'Raw <b>html</b> and <img src="https://evil.example/x.png" onerror="alert(3)">.' in notes.text
    # Markdown still works, images are not loaded, javascript: links are refused
    assert page.by_id(fmt.anchor("e", "E2")).find("div", class_="notes").find("em").text == "Markdown"
    hrefs = [a.attrs.get("href") or "" for a in page.find_all("a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert page.find("title").text == "Study </title><script>alert('t')</script> & co"
    assert all(n.attrs.get("onerror") is None for n in page.iter())


def test_page_loads_nothing_from_the_network(minimal_html, hazard_study, parse):
    pages = [minimal_html[0], render_html(tracing.score(hazard_study))]
    for text in pages:
        page = parse(text)
        metas = [m for m in page.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
        assert [m.attrs["content"] for m in metas] == [CSP]
        assert not page.find_all("link")
        scripts = page.find_all("script")  # one inline script, the one the policy's hash allows; nothing loaded
        assert [script_text(s) for s in scripts] == [SCRIPT] and all(not s.attrs for s in scripts)
        for n in page.iter():
            for k, v in n.attrs.items():
                assert k not in ("src", "srcset", "data", "poster", "background"), (n.tag, k, v)
                if v and re.search(r"https?:", v):
                    assert n.tag == "a" and k == "href", (n.tag, k, v)  # links to follow, never loads
        style = "".join(s.text for s in page.find_all("style"))
        assert "url(" not in style and "@import" not in style


def test_internal_links_resolve_and_ids_are_unique(hazard_study, parse):
    page = parse(render_html(tracing.score(hazard_study)))
    ids = [n.attrs["id"] for n in page.iter() if n.attrs.get("id")]
    assert len(ids) == len(set(ids))
    targets = {h[1:] for h in (a.attrs.get("href") or "" for a in page.find_all("a")) if h.startswith("#")}
    assert targets and targets <= set(ids)


def test_accessible_structure(hazard_study, parse):
    page = parse(render_html(tracing.score(hazard_study)))
    assert page.find("html").attrs["lang"] == "en"
    levels = [int(n.tag[1]) for n in page.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "a heading level is skipped"
    ids = {n.attrs["id"] for n in page.iter() if n.attrs.get("id")}
    svgs = page.find_all("svg")
    assert svgs
    for svg in svgs:
        assert svg.attrs.get("role") == "img"
        assert svg.find("title").text and svg.find("desc").text
        assert set(svg.attrs["aria-labelledby"].split()) <= ids
    for th in page.find_all("th"):
        assert th.attrs.get("scope") in ("col", "row", "colgroup", "rowgroup"), th.text
    # colour is never the only signal: every verdict badge carries its word
    for span in page.find_all("span", class_="verdict"):
        assert span.text.split()[-1] in ("confirmed", "rejected", "inconclusive")


def test_method_section_states_assumptions_and_source_concentration(hazard_study, parse):
    page = parse(render_html(tracing.score(hazard_study)))
    method = page.by_id("method")
    rows = {r.find("th").text: [td.text for td in r.find_all("td")]
            for r in method.find("table", class_="likelihoods").find("tbody").find_all("tr")}
    assert rows["hoop"][:4] == ["0.95", "0.60", "1.583", "0.125"]
    assert rows["smoking gun"][:4] == ["0.40", "0.05", "8.000", "0.632"]
    text = method.text
    assert "independent" in text and "50 draws with seed 0" in text
    conc = method.find("table", class_="concentration").find("tbody").find_all("tr")
    assert [r.find("th").text for r in conc] == ["nato2001", "weird:key/1"]
    assert [r.find_all("td")[1].text for r in conc] == ["3", "1"]
    ach = page.by_id("ach")
    assert "a view, not a verdict" in ach.text


def test_bibliography_is_formatted_and_linked(hazard_study, parse):
    page = parse(render_html(tracing.score(hazard_study)))
    bib = page.by_id("bibliography")
    entry = page.by_id(fmt.anchor("bib", "nato2001"))
    assert entry.parent is bib.find("ol")
    assert "NATO. 2001. \u201cStatement by the North Atlantic Council <script>\u201d." in entry.text  # Chicago
    assert entry.find("a", class_="url").attrs["href"].startswith("https://www.nato.int/")
    weird = page.by_id(fmt.anchor("bib", "weird:key/1"))
    assert not weird.find_all("a", class_="url")  # a javascript: url is shown, never linked


def test_report_is_deterministic_and_independent_of_the_study_path(cli, hazard_study, tmp_path):
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(hazard_study, copy)
    a = report(cli, hazard_study, tmp_path / "a").read_bytes()
    b = report(cli, hazard_study, tmp_path / "b").read_bytes()
    c = report(cli, copy, tmp_path / "c").read_bytes()
    assert a == b == c
    assert b"Generated on" not in a
    assert str(hazard_study).encode() not in a


def test_source_date_epoch_sets_the_printed_date(cli, hazard_study, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    a = report(cli, hazard_study, tmp_path / "a", env=env).read_text(encoding="utf-8")
    b = report(cli, hazard_study, tmp_path / "b", env=env).read_text(encoding="utf-8")
    assert a == b
    assert '<time datetime="2023-11-14T22:13:20Z">2023-11-14 22:13 UTC</time>' in a


@pytest.mark.parametrize("epoch", ["99999999999999999999", "-99999999999999", "soon", ""])
def test_an_unusable_source_date_epoch_gives_no_date_and_no_crash(cli, hazard_study, tmp_path, epoch):
    page = report(cli, hazard_study, tmp_path / "a", env={"SOURCE_DATE_EPOCH": epoch}).read_text(encoding="utf-8")
    assert "Generated on" not in page
    run = cli("score", str(hazard_study), "--format", "json", env={"SOURCE_DATE_EPOCH": epoch})
    assert run.code == 0, run.text
    assert json.loads(run.out)["provenance"]["generated"] is None


def _git(cwd, *args):
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_provenance_in_score_json_and_on_the_page(cli, hazard_study, tmp_path, parse):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run = cli("score", str(hazard_study), "--format", "json", env={"SOURCE_DATE_EPOCH": "1700000000"})
    prov = json.loads(run.out)["provenance"]
    assert prov["tool"] == "tracing" and prov["version"] == tracing.__version__
    assert prov["generated"] == "2023-11-14T22:13:20Z"
    assert prov["git"] is None and prov["files"] == 8
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", prov["digest"])
    # the digest depends on the files' contents and relative paths, not on where the study sits
    copy = tmp_path / "copy"
    shutil.copytree(hazard_study, copy)
    again = json.loads(cli("score", str(copy), "--format", "json").out)["provenance"]
    assert again["digest"] == prov["digest"] and again["generated"] is None
    # in a repository: the commit, then "modified" once a study file changes (a report beside it does not)
    _git(copy, "init", "-q")
    _git(copy, "add", ".")
    _git(copy, "commit", "-q", "-m", "study")
    head = _git(copy, "rev-parse", "HEAD").strip()
    (copy / "reports").mkdir()
    (copy / "reports" / "index.html").write_text("old")
    clean = json.loads(cli("score", str(copy), "--format", "json").out)["provenance"]
    assert clean["git"] == {"commit": head, "modified": False}
    page = parse(report(cli, copy, tmp_path / "out").read_text(encoding="utf-8"))
    assert head[:10] in page.by_id("provenance").text and "modified" not in page.by_id("provenance").text
    (copy / "evidence" / "afg" / "e1.yaml").write_text(
        (copy / "evidence" / "afg" / "e1.yaml").read_text() + "\n# a comment\n")
    dirty = json.loads(cli("score", str(copy), "--format", "json").out)["provenance"]
    assert dirty["git"] == {"commit": head, "modified": True} and dirty["digest"] != clean["digest"]
    page = parse(report(cli, copy, tmp_path / "out2").read_text(encoding="utf-8"))
    text = page.by_id("provenance").text
    assert "modified" in text and f"tracing {tracing.__version__}" in text and prov["digest"][7:19] not in text


def test_study_without_outcome_conclusions_bibliography_or_draws(study_factory, parse):
    study = study_factory({
        "references.bib": None,
        "evidence/afg/e1.yaml": """\
            id: E1
            claim: c
            case: afg
            tests: [{hypothesis: H1, type: hoop, result: pass}]
            """,
        "study.yaml": """\
            title: Bare
            question: Why?
            cases: {afg: {label: Afghanistan}}
            actors: {nato: {}}
            scoring: {draws: 0}
            """,
    })
    page = parse(render_html(tracing.score(study)))
    assert "Sensitivity analysis is off (draws: 0)." in page.by_id("hypotheses").text
    assert "The study has no bibliography." in page.by_id("bibliography").text
    with pytest.raises(AssertionError):
        page.by_id("outcome")
    assert "No conclusions are stated" in page.by_id("overview").text


def test_write_report_api_and_unknown_format(study_factory, tmp_path):
    result = tracing.score(study_factory())
    target = write_report(result, tmp_path / "deep" / "out")
    assert target == tmp_path / "deep" / "out" / "index.html" and target.exists()
    assert b"\r\n" not in target.read_bytes()
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(result, tmp_path, format="pdf")


def test_report_of_a_new_study_from_tracing_init(cli, tmp_path, parse):
    run = cli("init", str(tmp_path / "demo"))
    assert run.code == 0, run.text
    target = report(cli, tmp_path / "demo", tmp_path / "out")
    page = parse(target.read_text(encoding="utf-8"))
    assert matrix_cells(page)


def test_invalid_study_exits_2_without_a_page(cli, study_factory, tmp_path):
    study = study_factory({"hypotheses/H1.yaml": "id: H1\n"})
    run = cli("report", str(study), "--out", str(tmp_path / "out"))
    assert run.code == 2
    assert "Traceback" not in run.text
    assert not (tmp_path / "out" / "index.html").exists()


def check_site_links(files: dict, ids: dict, within=None) -> int:
    """Every in-site link (``file.html#frag`` or ``#frag``) of the parsed pages ``files`` lands on an id of its
    target page (``ids``: page name → its ids); ``within(page)`` narrows the links checked to some elements.
    Returns how many links were checked."""
    checked = 0
    for name, page in files.items():
        for root in (within(page) if within else [page]):
            for a in root.find_all("a"):
                href = a.attrs.get("href") or ""
                if href.startswith(("http:", "https:")) or "#" not in href:
                    continue
                file, _, frag = href.partition("#")
                assert file == "" or file in files, f"{name}: {href} points to a page that does not exist"
                assert frag in ids[file or name], f"{name}: {href} leads nowhere"
                checked += 1
    return checked


def test_a_large_study_is_a_small_site_whose_links_all_resolve(hazard_study, tmp_path, parse):
    """Above a few hundred items (here forced with layout="site") the report is index.html plus a page per
    hypothesis and evidence pages per case; every link between the pages lands on an element that exists."""
    target = write_report(tracing.score(hazard_study), tmp_path / "site", layout="site")
    files = {p.name: parse(p.read_text(encoding="utf-8")) for p in target.parent.glob("*.html")}
    assert {"index.html", "h-H1.html", "h-H2.html", "evidence-case-afg-1.html", "evidence-case-syr-1.html"} <= set(files)
    ids = {name: {n.attrs.get("id") for n in page.iter() if n.attrs.get("id")} for name, page in files.items()}
    assert check_site_links(files, ids) > 20
    # the one-line summary of every pair stays on the index (links from other sections land there)
    assert "pair-H1~afg".replace("~", "_7e") in ids["index.html"] or fmt.pair_anchor("H1", "afg") in ids["index.html"]
    # a study of a few items stays one file
    single = write_report(tracing.score(hazard_study), tmp_path / "one")
    assert sorted(p.name for p in single.parent.iterdir()) == ["index.html"]


def test_report_layout_on_the_command_line(study_factory, cli, tmp_path):
    """``--layout site`` splits even a small study; ``single`` and the default keep it one file; a misspelt
    layout is a usage error that names the choices."""
    study = study_factory()
    assert cli("report", str(study), "--out", str(tmp_path / "s"), "--layout", "site", "--no-analyses").code == 0
    assert {"index.html", "h-H1.html", "h-H2.html"} <= {p.name for p in (tmp_path / "s").iterdir()}
    for layout in ("single", None):
        out = tmp_path / f"one-{layout}"
        args = ["report", str(study), "--out", str(out), "--no-analyses"] + (["--layout", layout] if layout else [])
        assert cli(*args).code == 0
        assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    bad = cli("report", str(study), "--out", str(tmp_path / "x"), "--layout", "sites")
    assert bad.code == 2 and "auto" in bad.text and "single" in bad.text


RIVAL_AND_PLANNED = {
    "study.yaml": """\
        title: Rival sets and planned items
        question: Why?
        cases:
          afg: {label: Afghanistan}
          syr: {label: Syria}
        actors:
          nato: {label: NATO}
        scoring: {draws: 20, congruence: off}
        rival_sets:
          driver: {label: The driver, members: [H1, H2], residual: 0.2}
        """,
    "evidence/afg/e2.yaml": """\
        id: E2
        claim: The Alliance took over ISAF.
        case: afg
        sources: [{key: nato2001}]
        tests:
          - {hypothesis: H1, type: hoop, result: fail}
          - {hypothesis: H2, type: straw_in_the_wind, result: pass}
        """,
    "evidence/syr/e3.yaml": """\
        id: E3
        claim: NATO stayed out of Syria.
        case: syr
        sources: [{key: nato2001}]
        tests: [{hypothesis: H1, type: hoop, result: fail}]
        """,
    "evidence/afg/p1.yaml": """\
        id: P1
        claim: Planners wrote down a power motive.
        case: afg
        status: planned
        tests:
          - {hypothesis: H1, type: smoking_gun}
          - {hypothesis: H2, type: hoop}
        """,
}


def test_site_links_from_rival_sets_and_planned_land_on_the_right_page(study_factory, tmp_path, parse):
    """In the site layout the rival-set and "Looking for next" sections stay on index.html while the items and
    hypotheses they name live on other pages: their links go through ``link()`` and land there."""
    study = study_factory(RIVAL_AND_PLANNED)
    target = write_report(tracing.score(study), tmp_path / "site", layout="site")
    files = {p.name: parse(p.read_text(encoding="utf-8")) for p in target.parent.glob("*.html")}
    ids = {name: {n.attrs.get("id") for n in page.iter() if n.attrs.get("id")} for name, page in files.items()}
    index = files["index.html"]
    sections = [index.by_id("rival-sets"), index.by_id("planned")]
    hrefs = [a.attrs.get("href") or "" for s in sections for a in s.find_all("a")]
    # the items these sections name are on the evidence pages, not on the index
    assert any(h.startswith("evidence-case-afg-1.html#" + fmt.anchor("e", "E")) for h in hrefs), hrefs
    assert any(h.startswith("evidence-case-afg-1.html#" + fmt.anchor("e", "P1")) for h in hrefs), hrefs
    assert any(h.startswith("h-H1.html#") for h in hrefs), hrefs
    assert not [h for h in hrefs if h.startswith("#") and h[1:] not in ids["index.html"]]
    checked = check_site_links({"index.html": index, **{k: v for k, v in files.items() if k != "index.html"}}, ids,
                               within=lambda page: [n for n in page.iter() if n.attrs.get("id") in ("rival-sets", "planned")])
    assert checked == len(hrefs) and checked >= 6
    # and the one-file page keeps plain fragment links there
    one = parse(render_html(tracing.score(study)))
    one_ids = {n.attrs.get("id") for n in one.iter() if n.attrs.get("id")}
    single = [a.attrs["href"] for sid in ("rival-sets", "planned") for a in one.by_id(sid).find_all("a")]
    assert single and all(h.startswith("#") and h[1:] in one_ids for h in single)

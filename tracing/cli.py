"""The `tracing` command line: a thin layer over the Python API.

Exit codes (contract section 7): 0 success, 1 a conclusion fails (check), 2 an
invalid study or a usage error. A problem in the study's files is printed as
``PATH:LINE:COL: CODE ...`` lines, never as a traceback. Heavy libraries are
imported inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="tracing", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Process tracing as code: validate a study, score its hypotheses, render reports, check conclusions.",
)
new_app = typer.Typer(help="Scaffold a new study file (never overwrites).", no_args_is_help=True,
                      rich_markup_mode=None)
app.add_typer(new_app, name="new")

StudyArg = Annotated[Path, typer.Argument(help="The study folder.", show_default=True)]


def _write_json(data) -> None:
    """Print ``data`` as indented JSON, streamed: a large study's scores never sit in memory as one string."""
    out = sys.stdout
    buf: list[str] = []
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        buf.append(chunk)
        if len(buf) >= 8192:
            out.write("".join(buf))
            buf.clear()
    buf.append("\n")
    out.write("".join(buf))


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _load(path: Path, *, to_stderr: bool = True, github: bool = False):
    """Load the study or exit 2 with every problem printed (also as GitHub annotations when asked)."""
    from .diagnostics import StudyError
    from .formats import human
    from .load import load_study

    try:
        study = load_study(path)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    except StudyError as exc:
        if github:
            from .formats.github import diagnostic_annotations

            for line in diagnostic_annotations(exc.diagnostics, path):
                print(line)
        out = _err if to_stderr else print
        for line in human.diagnostics(exc.diagnostics):
            out(line)
        out(f"{path}: invalid study: {human.summary(exc.diagnostics)}")
        raise typer.Exit(2) from None
    if to_stderr:
        for line in human.diagnostics(study.warnings):
            _err(line)
    return study


def _version(value: bool):
    if value:
        print(f"tracing {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                          help="Show the version and exit.")] = None):
    """Process tracing as code."""


class ValidateFormat(str, Enum):
    human = "human"
    json = "json"


@app.command()
def validate(
    study: StudyArg = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
    format: Annotated[ValidateFormat, typer.Option("--format", help="human or json.")] = ValidateFormat.human,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every file again even if nothing changed since "
                                           "the last valid run (also: TRACING_NO_CACHE=1).")] = False,
):
    """Read and check every file of STUDY; report every problem at once. Exit 0 valid, 2 invalid."""
    from . import cache
    from .formats.validation import print_validation

    outcome, inputs = None, None
    use_cache = not no_cache and cache.enabled() and study.is_dir()
    if use_cache:
        inputs = cache.take(study)  # hashed already by the entry point's look-up, which missed
        if inputs is None:
            outcome, inputs = cache.lookup(study)
    if outcome is None:
        outcome = _validate_afresh(study, inputs)  # inputs: None when the cache is off
    raise typer.Exit(print_validation(study, outcome, strict=strict, fmt=format.value))


def _validate_afresh(study: Path, inputs):
    """Load the study: its :class:`~tracing.cache.Answer` (remembered when ``inputs`` were hashed), or its problems."""
    from . import cache
    from .diagnostics import StudyError
    from .load import load_study

    try:
        s = load_study(study)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    except StudyError as exc:
        return exc.diagnostics
    answer = cache.Answer(s.warnings, len(s.hypotheses), len(s.evidence), len(s.conclusions))
    if inputs is not None:
        cache.store(study, inputs, s.config.bibliography, answer)
    return answer


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def score(
    study: StudyArg = Path("."),
    format: Annotated[ScoreFormat, typer.Option("--format", help="table, json or csv.")] = ScoreFormat.table,
    draws: Annotated[Optional[int], typer.Option("--draws", min=0, help="Override scoring.draws (0 = no sensitivity).")] = None,
):
    """Score every hypothesis × case of STUDY."""
    s = _load(study)
    result = s.score(draws=draws)
    if format is ScoreFormat.json:
        _write_json(result.to_dict())
    elif format is ScoreFormat.csv:
        from .formats.tabular import scores_csv

        sys.stdout.write(scores_csv(result))
    else:
        from .formats.tabular import scores_table

        print("\n".join(scores_table(result)))


class ReportFormat(str, Enum):
    html = "html"
    md = "md"


@app.command()
def report(
    study: StudyArg = Path("."),
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default STUDY/reports).")] = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="html (index.html) or md (summary.md).")] = ReportFormat.html,
):
    """Write the report of STUDY: one self-contained offline index.html (or a Markdown summary)."""
    s = _load(study)
    result = s.score()
    from .report import write_report

    target = write_report(result, out if out is not None else study / "reports", format=format.value)
    print(f"wrote {target}")


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"


@app.command()
def export(
    study: StudyArg = Path("."),
    format: Annotated[ExportFormat, typer.Option("--format", help="csv (evidence.csv, tests.csv, scores.csv) or json.")] = ExportFormat.csv,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default STUDY/reports/export).")] = None,
):
    """Export the evidence, tests and scores of STUDY as CSV files or one JSON file."""
    s = _load(study)
    from .formats.tabular import export as do_export

    for path in do_export(s.score(), out if out is not None else study / "reports" / "export", format.value):
        print(f"wrote {path}")


class CheckFormat(str, Enum):
    human = "human"
    json = "json"
    github = "github"


@app.command()
def check(
    study: StudyArg = Path("."),
    format: Annotated[CheckFormat, typer.Option("--format", help="human, json or github.")] = CheckFormat.human,
    junit_xml: Annotated[Optional[Path], typer.Option("--junit-xml", help="Also write a JUnit XML report here.")] = None,
):
    """Assert conclusions.yaml. Exit 0 all hold, 1 a conclusion fails, 2 invalid study."""
    from .formats.check import run_check

    s = _load(study, github=format is CheckFormat.github)
    raise typer.Exit(run_check(s, format.value, junit_xml))


@app.command()
def diff(
    rev: Annotated[str, typer.Argument(help="A git revision to compare with (e.g. main, HEAD~1).")],
    study: StudyArg = Path("."),
    format: Annotated[ValidateFormat, typer.Option("--format", help="human or json.")] = ValidateFormat.human,
):
    """Score STUDY at git revision REV and now; list changed verdicts and the evidence edits behind them."""
    from .gitdiff import DiffError, run_diff

    try:
        text, code = run_diff(study, rev, format.value)
    except DiffError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    print(text)
    raise typer.Exit(code)


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="New study folder (must not exist or be empty).")]):
    """Create a new, valid study in DIRECTORY: study.yaml explained, one hypothesis, one evidence item."""
    from .scaffold import ScaffoldError, init_study

    try:
        written = init_study(directory)
    except ScaffoldError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    for p in written:
        print(f"wrote {p}")
    print(f"next: tracing validate {directory}")


@new_app.command("hypothesis")
def new_hypothesis(
    id: Annotated[str, typer.Option("--id", help="Hypothesis id, e.g. H5.")],
    title: Annotated[str, typer.Option("--title", help="Short label.")],
    statement: Annotated[str, typer.Option("--statement", help="The hypothesis as stated.")],
    study: Annotated[Path, typer.Option("--study", help="The study folder.")] = Path("."),
    theory: Annotated[Optional[str], typer.Option("--theory")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor")] = None,
    prediction: Annotated[Optional[list[str]], typer.Option("--prediction", help="CASE=LEVEL[,LEVEL] (repeatable).")] = None,
    rival: Annotated[Optional[list[str]], typer.Option("--rival", help="Rival hypothesis id (repeatable).")] = None,
):
    """Write hypotheses/ID.yaml."""
    from .scaffold import ScaffoldError, new_hypothesis as make

    try:
        path = make(study, id=id, title=title, statement=statement, theory=theory, actor=actor,
                    predictions=prediction or [], rivals=rival or [])
    except ScaffoldError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    print(f"wrote {path}")


@new_app.command("evidence")
def new_evidence(
    id: Annotated[str, typer.Option("--id", help="Evidence id, e.g. AFG-NATO-61.")],
    claim: Annotated[str, typer.Option("--claim", help="What the evidence shows, in one sentence.")],
    case: Annotated[str, typer.Option("--case", help="Case id.")],
    test: Annotated[list[str], typer.Option("--test", help="HYPOTHESIS:TYPE:RESULT, e.g. H1:hoop:pass (repeatable).")],
    study: Annotated[Path, typer.Option("--study", help="The study folder.")] = Path("."),
    source: Annotated[Optional[list[str]], typer.Option("--source", help="KEY or KEY:PAGES (repeatable).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    phase: Annotated[Optional[str], typer.Option("--phase")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="primary, secondary or mixed.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option("--actor", help="Actor id (repeatable).")] = None,
    quote: Annotated[Optional[str], typer.Option("--quote")] = None,
    folder: Annotated[Optional[str], typer.Option("--folder", help="Sub-folder of evidence/ (default: the case id).")] = None,
):
    """Write evidence/CASE/id.yaml."""
    from .scaffold import ScaffoldError, new_evidence as make

    try:
        path = make(study, id=id, claim=claim, case=case, tests=test, sources=source or [], date=date, phase=phase,
                    kind=kind, actors=actor or [], quote=quote, folder=folder)
    except ScaffoldError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    print(f"wrote {path}")


class SchemaKind(str, Enum):
    all = "all"
    study = "study"
    hypothesis = "hypothesis"
    evidence = "evidence"
    conclusions = "conclusions"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file kind (default: all).")] = SchemaKind.all,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write KIND.schema.json files into this folder.")] = None,
):
    """Print the JSON Schemas of the study files (for an editor's YAML extension)."""
    from .schema import schemas, write_schemas

    if out is not None:
        for p in write_schemas(out, None if kind is SchemaKind.all else kind.value):
            print(f"wrote {p}")
        return
    data = schemas()
    print(json.dumps(data if kind is SchemaKind.all else data[kind.value], indent=2))


def main() -> None:
    """Console entry point."""
    import gc

    # One command, then the process ends. Its large structures (the study, scores, the report page) are
    # acyclic: the cyclic collector frees nothing there (26 objects after a 50 000-item report) while its
    # full passes over them take about half of `report`'s time. Reference counting still frees memory.
    gc.disable()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

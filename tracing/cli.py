"""The `tracing` command line: parse the arguments, run a command, print its result, exit.

Each command lives in :mod:`tracing.commands` and returns a result object; this
module prints it with :mod:`tracing.output` and exits with an
:class:`~tracing.commands.ExitCode`: 0 success, 1 a conclusion fails (check),
2 an invalid study or a usage error, 3 a bug in tracing (one line saying so;
the traceback only with ``--debug`` or ``TRACING_DEBUG=1``). A problem in the
study's files is printed as ``PATH:LINE:COL: CODE ...`` lines, never as a
traceback. Heavy libraries are imported inside the commands that need them.
"""

# no ``from __future__ import annotations`` here: typer reads every command's annotations at each start, and
# evaluating them from strings takes 17 ms of every command's start against 4 ms for annotations already made
import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .commands import ExitCode, UsageError

app = typer.Typer(
    name="tracing", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Process tracing as code: validate a study, score its hypotheses, render reports, check conclusions.",
)
new_app = typer.Typer(help="Scaffold a new study file (never overwrites).", no_args_is_help=True,
                      rich_markup_mode=None)
app.add_typer(new_app, name="new")
ci_app = typer.Typer(help="Set up continuous integration for a study's repository.", no_args_is_help=True,
                     rich_markup_mode=None)
app.add_typer(ci_app, name="ci")

StudyArg = Annotated[Path, typer.Argument(help="The study folder.", show_default=True)]
_state = {"debug": False}


def _write_json(data) -> None:
    """Print ``data`` as indented JSON, streamed: a large study's scores never sit in memory as one string."""
    out = sys.stdout
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        out.write(chunk)
    out.write("\n")


def _err(text: str) -> None:
    from .output.text import clean

    print("\n".join(clean(line) for line in str(text).split("\n")), file=sys.stderr)


def _print(lines) -> None:
    """Lines of output, each kept on its line: a newline inside a title cannot start a line of its own."""
    from .output.text import clean

    for line in lines:
        print(clean(line))


def _warnings(study) -> None:
    """A valid study's warnings, on stderr (stdout stays the command's output)."""
    from .output import human

    for line in human.diagnostics(study.warnings):
        _err(line)


def _version(value: bool):
    if value:
        print(f"tracing {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error "
                                        "(also: TRACING_DEBUG=1).")] = False,
):
    """Process tracing as code."""
    _state["debug"] = debug


class ValidateFormat(str, Enum):
    human = "human"
    json = "json"


@app.command()
def validate(
    study: StudyArg = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
    format: Annotated[ValidateFormat, typer.Option("--format", help="human or json.")] = ValidateFormat.human,
):
    """Read and check every file of STUDY; report every problem at once. Exit 0 valid, 2 invalid."""
    from .commands import validate as command
    from .output import validation

    v = command.run(study, strict=strict)
    if format is ValidateFormat.json:
        print(json.dumps(validation.as_json(v.diagnostics, v.valid), indent=2))
    else:
        _print(validation.human_lines(study, v.diagnostics, v.counts, v.valid))
    raise typer.Exit(v.exit_code)


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
    from .commands import score as command

    result = command.run(study, draws=draws, provenance=format is ScoreFormat.json)
    _warnings(result.study)
    if format is ScoreFormat.json:
        _write_json(result.to_dict())
    elif format is ScoreFormat.csv:
        from .output.tabular import scores_csv

        sys.stdout.write(scores_csv(result))
    else:
        from .output.tabular import scores_table

        _print(scores_table(result))


class ReportFormat(str, Enum):
    html = "html"
    md = "md"


class ReportLayout(str, Enum):
    auto = "auto"
    single = "single"
    site = "site"


@app.command()
def report(
    study: StudyArg = Path("."),
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default STUDY/reports).")] = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="html (index.html) or md (summary.md).")] = ReportFormat.html,
    agreement: Annotated[Optional[Path], typer.Option("--agreement", help="A second coding of STUDY (a folder): "
                                                      "add a coder-agreement section.")] = None,
    no_analyses: Annotated[bool, typer.Option("--no-analyses", help="Leave out the judgement analyses "
                                              "(\"What would change this verdict\"; they load scipy).")] = False,
    layout: Annotated[ReportLayout, typer.Option("--layout", help="auto (one file up to 300 items, above that "
                                                 "index.html with a page per hypothesis and evidence pages), "
                                                 "single (always one file) or site.")] = ReportLayout.auto,
):
    """Write the report of STUDY: one self-contained offline index.html (or a Markdown summary)."""
    from .commands import report as command

    written = command.run(study, out, format=format.value, agreement=agreement, analyses=not no_analyses,
                          layout=layout.value)
    _warnings(written.result.study)
    print(f"wrote {written.target}")


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
    from .commands import export as command

    for path in command.run(study, format.value, out):
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
    from .commands import check as command
    from .output import check as render

    _state["github"] = format is CheckFormat.github
    checked = command.run(study, junit_xml, step_summary=format is CheckFormat.github)
    if checked.path is None:
        if format is CheckFormat.json:
            print(json.dumps(render.no_conclusions_json(), indent=2))
        else:
            _print(render.no_conclusions_lines(format.value))
    elif format is CheckFormat.json:
        print(json.dumps(render.as_json(checked.outcomes, checked.path), indent=2, ensure_ascii=False))
    else:
        if format is CheckFormat.github:
            _print(render.github_lines(checked.outcomes, checked.path))
        # GitHub shows ten annotations per step: the full list is always printed too
        _print(render.human(checked.outcomes, checked.path))
    raise typer.Exit(checked.exit_code)


class SensitivityFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def sensitivity(
    study: StudyArg = Path("."),
    format: Annotated[SensitivityFormat, typer.Option("--format", help="table or json.")] = SensitivityFormat.table,
    pair: Annotated[Optional[str], typer.Option("--pair", help="Only this HYPOTHESIS:CASE, e.g. H1:afghanistan.")] = None,
    n: Annotated[int, typer.Option("--n", help="Sobol' base sample size, a power of 2.")] = 1024,
):
    """Which likelihood judgements each verdict hangs on (Sobol' indices) and how far each test type's p and q
    may move before the verdict flips (break-even likelihoods); the same for each rival set's best."""
    from .commands import sensitivity as command
    from .output import judgements as render

    analysed = command.run(study, n=n, pair=pair)
    _warnings(analysed.result.study)
    if format is SensitivityFormat.json:
        _write_json(render.as_json(analysed.result, analysed.judgements))
    else:
        _print(render.table_lines(analysed.result, analysed.judgements))


@app.command()
def diff(
    rev: Annotated[str, typer.Argument(help="A git revision to compare with (e.g. main, HEAD~1).")],
    second: Annotated[Optional[str], typer.Argument(
        help="A second revision to compare REV with instead of the working tree (or the study folder, "
             "when it is one).", show_default=False)] = None,
    study: Annotated[Optional[Path], typer.Argument(help="The study folder (default: the current folder).",
                                                    show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", help="human or json.")] = ValidateFormat.human,
):
    """Score STUDY at git revision REV and now (or at revision SECOND); list changed verdicts and the evidence
    edits behind them. `tracing diff main` compares main with the working tree; `tracing diff v1 v2` two
    revisions; `tracing diff main path/to/study` a study in a sub-folder."""
    from .commands import diff as command
    from .output import diff as render

    if study is None and second is not None and Path(second).is_dir():
        second, study = None, Path(second)
    d = command.run(study if study is not None else Path("."), rev, second)
    if format is ValidateFormat.json:
        print(json.dumps(render.as_json(d), indent=2, ensure_ascii=False))
    else:
        _print(render.human(d).split("\n"))


class AgreeFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def agree(
    study: Annotated[Path, typer.Argument(help="The study folder (the first coding).")],
    other: Annotated[Optional[Path], typer.Argument(help="A second coding of the same study: a folder.")] = None,
    rev: Annotated[Optional[str], typer.Option("--rev", help="Read the second coding from this git revision of "
                                               "STUDY instead (e.g. a second coder's branch).")] = None,
    format: Annotated[AgreeFormat, typer.Option("--format", help="table or json.")] = AgreeFormat.table,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap interval.")] = 0,
):
    """Krippendorff's alpha of two codings of STUDY (test types and results), their disagreements and verdicts."""
    from .commands import agree as command
    from .output import agreement as render

    ag = command.run(study, other, rev=rev, seed=seed)
    if format is AgreeFormat.json:
        _write_json(render.as_json(ag))
    else:
        _print(render.human(ag))


class PlanFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def plan(
    study: StudyArg = Path("."),
    format: Annotated[PlanFormat, typer.Option("--format", help="table or json.")] = PlanFormat.table,
    pair: Annotated[Optional[str], typer.Option("--pair", help="Only this HYPOTHESIS:CASE, e.g. H1:syria.")] = None,
):
    """Rank the planned evidence items of STUDY (status: planned) by expected learning: what to look for next."""
    from .commands import plan as command

    result = command.run(study, pair=pair)
    _warnings(result.study)
    if format is PlanFormat.json:
        _write_json(result.to_dict())
    else:
        from .output.plan import human

        _print(human(result))


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="New study folder (must not exist or be empty).")]):
    """Create a new, valid study in DIRECTORY: study.yaml explained, one hypothesis, one evidence item."""
    from .commands.new import init_study

    for p in init_study(directory):
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
    from .commands.new import new_hypothesis as make

    path = make(study, id=id, title=title, statement=statement, theory=theory, actor=actor,
                predictions=prediction or [], rivals=rival or [])
    print(f"wrote {path}")


@new_app.command("evidence")
def new_evidence(
    id: Annotated[str, typer.Option("--id", help="Evidence id, e.g. AFG-NATO-61.")],
    claim: Annotated[str, typer.Option("--claim", help="What the evidence shows, in one sentence.")],
    case: Annotated[str, typer.Option("--case", help="Case id.")],
    test: Annotated[list[str], typer.Option("--test", help="HYPOTHESIS:TYPE:RESULT, e.g. H1:hoop:pass (repeatable); "
                                            "with --planned HYPOTHESIS:TYPE.")],
    study: Annotated[Path, typer.Option("--study", help="The study folder.")] = Path("."),
    source: Annotated[Optional[list[str]], typer.Option("--source", help="KEY or KEY:PAGES (repeatable).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    phase: Annotated[Optional[str], typer.Option("--phase")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="primary, secondary or mixed.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option("--actor", help="Actor id (repeatable).")] = None,
    quote: Annotated[Optional[str], typer.Option("--quote")] = None,
    folder: Annotated[Optional[str], typer.Option("--folder", help="Sub-folder of evidence/ (default: the case id).")] = None,
    note: Annotated[Optional[list[str]], typer.Option("--note", help="Why this type and result: one per --test, "
                                                      "in the same order (repeatable).")] = None,
    planned: Annotated[bool, typer.Option("--planned", help="A trace still to look for (status: planned): "
                                          "each --test is HYPOTHESIS:TYPE, without a result.")] = False,
):
    """Write evidence/CASE/id.yaml."""
    from .commands.new import new_evidence as make

    path = make(study, id=id, claim=claim, case=case, tests=test, sources=source or [], date=date, phase=phase,
                kind=kind, actors=actor or [], quote=quote, folder=folder, notes=note or [], planned=planned)
    print(f"wrote {path}")


@ci_app.command("init")
def ci_init(study: StudyArg = Path(".")):
    """Write .github/workflows/study.yml and .pre-commit-config.yaml for the repository holding STUDY, pinned
    to where this tracing was installed from (never overwrites)."""
    from .commands import ci as command

    done = command.init(study)
    for p in done.written:
        print(f"wrote {p}")
    for p in done.kept:
        print(f"kept {p} (it exists; not overwritten)")
    print(f"tracing is pinned to {done.source.describe()}")
    if done.source.kind == "local":
        print("note: CI cannot install from a local folder; the workflow says how to install from a git host instead")
    if done.written:
        print("next: git add .github/workflows/study.yml .pre-commit-config.yaml; pre-commit install")


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
    from .commands import schema as command

    which = None if kind is SchemaKind.all else kind.value
    if out is not None:
        for p in command.write(out, which):
            print(f"wrote {p}")
        return
    print(json.dumps(command.run(which), indent=2))


def _invalid(exc, study: Path) -> None:
    """Every problem of an invalid study (also as GitHub annotations for `check --format github`), exit 2."""
    from .output import human

    if _state.get("github"):
        from .output.github import diagnostic_annotations

        _print(diagnostic_annotations(exc.diagnostics, study))
    for line in human.diagnostics(exc.diagnostics):
        _err(line)
    _err(f"{study}: invalid study: {human.summary(exc.diagnostics)}")


def main(argv: list[str] | None = None) -> int:
    """Run one command line (``sys.argv[1:]`` by default); return its exit code.

    The one place that turns failures into exit codes: an invalid study (2), a
    usage error (2), and anything unexpected — a bug — (3).
    """
    args = sys.argv[1:] if argv is None else list(argv)
    _state.clear()
    _state["debug"] = os.environ.get("TRACING_DEBUG", "") not in ("", "0")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _safe_stream(sys.stdout), _safe_stream(sys.stderr)
    try:
        return _main(args)
    finally:
        sys.stdout, sys.stderr = saved


def _safe_stream(stream):
    """``stream`` with control characters shown, not obeyed, and characters its encoding lacks (``≥`` under
    cp1252, a file name that is not UTF-8) written as escapes instead of failing."""
    from .output.text import CleanStream

    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # pragma: no cover - a stream that cannot change now
            pass
    return CleanStream(stream)


def _main(args: list[str]) -> int:
    from .reading.diagnostics import StudyError

    try:
        code = app(args=args, prog_name="tracing", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # pragma: no cover - click exits this way in some versions
        return int(exc.code or 0)
    except StudyError as exc:
        _invalid(exc, _study_arg(args))
        return ExitCode.INVALID
    except UsageError as exc:
        _err(f"error: {exc}")
        return ExitCode.INVALID
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug, said as such
        kinds = {c.__name__ for c in type(exc).__mro__}  # click's classes, or typer's copy of them
        if "ClickException" in kinds:  # a usage error of the command line
            exc.show()
            return ExitCode.INVALID
        if "Abort" in kinds:
            _err("aborted")
            return 130
        if _state.get("debug"):
            traceback.print_exc()
        else:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            _err(f"internal error: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}). "
                 f"This is a bug in tracing {__version__}, not a problem in your study; please report it on the "
                 f"project's issue tracker with the command you ran (run it again with --debug for the traceback).")
        return ExitCode.INTERNAL
    return int(code) if isinstance(code, int) else ExitCode.OK


def _study_arg(args: list[str]) -> Path:
    """The study folder named on the command line (for the summary line of an invalid study)."""
    skip = False
    positional = []
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a.startswith("-"):
            skip = "=" not in a and a not in ("--strict", "--debug", "--no-analyses")
            continue
        positional.append(a)
    if args and args[0] == "diff":
        positional = positional[1:]
    return Path(positional[0]) if positional else Path(".")


def run() -> None:
    """Console entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()

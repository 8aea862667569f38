"""`tracing check`: assert conclusions.yaml against the scores; write the JUnit and step-summary files asked for."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..engine.conclusions import ConclusionOutcome, evaluate, exit_code
from ..engine.results import score_study
from ..output import check as render
from ..output.junit import render as junit
from . import ExitCode, load
from .writing import write_file


@dataclass
class Checked:
    """Every conclusion checked. ``path`` is conclusions.yaml as seen from the working directory
    (where CI annotations resolve); None when the study states no conclusions."""

    title: str
    outcomes: list[ConclusionOutcome]
    path: str | None

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode(exit_code(self.outcomes))


def run(path: str | Path, junit_xml: str | Path | None = None, step_summary: bool = False) -> Checked:
    """Check the study at ``path``; write JUnit XML to ``junit_xml`` and, with ``step_summary``, a Markdown
    table to the file named by ``$GITHUB_STEP_SUMMARY`` (when set)."""
    study = load(path)
    if not study.conclusions_path:
        checked = Checked(study.title, [], None)
    else:
        rel = (study.root / study.conclusions_path).as_posix()
        checked = Checked(study.title, evaluate(score_study(study)), rel[2:] if rel.startswith("./") else rel)
    if junit_xml is not None:
        write_file(Path(junit_xml), junit(checked.title, checked.outcomes, checked.path), what="JUnit XML file")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and summary_file:
        text = (render.markdown_summary(checked.outcomes, checked.title) if checked.path is not None else
                f"### tracing check: {render.cell(checked.title)}\n\n{render.NO_CONCLUSIONS}\n")
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(text)
    return checked

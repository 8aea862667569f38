"""`tracing diff REV`: what changed in the scores since a git revision, and which evidence edits caused it.

The study is scored twice: as it was at ``REV`` (its tracked files are read
from git into a temporary folder; the working tree is never touched) and as it
is now (the working tree, uncommitted edits included). For every hypothesis ×
case whose Bayesian or Van Evera verdict or posterior changed, the report names
the causes:

- an evidence item caused a change in (h, c) when it tests h in case c on
  either side and was added, removed, or had that test edited (type, result,
  likelihood overrides) or moved to another case;
- besides items, a changed prior of h, a changed congruence test (prediction or
  observed outcome), changed default likelihoods of a test type the pair uses,
  and changed verdict thresholds are named too, so no change goes unexplained.

Sensitivity draws are skipped (robustness is not compared): the diff is about
what the evidence says, and stays fast. Exit code 0 whatever changed (it is a
report); usage problems (not a git repository, unknown revision, an invalid
study on either side) raise :class:`DiffError`, which the CLI turns into exit 2.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .diagnostics import StudyError
from .load import load_study
from .results import ScoreResult, json_number
from .scoring import PairScore, ScoredTest

SCHEMA_VERSION = 1
TOLERANCE = 1e-9  # posteriors closer than this are equal (summation order may differ between the two sides)


class DiffError(Exception):
    """A usage problem of `tracing diff`: not a git repository, unknown revision, or an invalid study."""


# -- git ---------------------------------------------------------------------------------------------------
def _git(args: list[str], cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=env)
    except FileNotFoundError:
        raise DiffError("git is not installed (or not on PATH); `tracing diff` needs it") from None


def _text(p: subprocess.CompletedProcess) -> str:
    return p.stderr.decode("utf-8", "replace").strip() or p.stdout.decode("utf-8", "replace").strip()


def locate(study: Path) -> tuple[Path, str]:
    """The repository's top folder and the study folder's path inside it (``''`` or ``'a/b/'``)."""
    if not study.is_dir():
        raise DiffError(f"no study folder at '{study}'")
    p = _git(["rev-parse", "--show-toplevel", "--show-prefix"], study)
    if p.returncode != 0:
        raise DiffError(f"'{study}' is not inside a git repository ({_text(p)})")
    lines = p.stdout.decode("utf-8").splitlines()
    top = Path(lines[0])
    prefix = lines[1] if len(lines) > 1 else ""
    return top, prefix


def resolve(top: Path, rev: str) -> str:
    """The commit id of ``rev``, or DiffError when git does not know it."""
    if rev.startswith("-"):
        raise DiffError(f"'{rev}' is not a revision")
    p = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)
    if p.returncode != 0:
        raise DiffError(f"unknown revision '{rev}': git knows no commit by that name in {top}")
    return p.stdout.decode().strip()


def _wanted(rel: str) -> bool:
    """The files of a study folder that the loader can read: top-level files, hypotheses/, evidence/, .bib."""
    parts = PurePosixPath(rel).parts
    return len(parts) == 1 or parts[0] in ("hypotheses", "evidence") or rel.endswith(".bib")


def extract(top: Path, commit: str, prefix: str, dest: Path) -> int:
    """Write the study folder's tracked files at ``commit`` into ``dest``; return how many were written.

    Reads blobs straight from the object store (``git ls-tree`` and ``git cat-file --batch``), so
    the working tree, the index and ``export-ignore`` attributes play no part.
    """
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix.rstrip("/")]
    p = _git(args, top)
    if p.returncode != 0:
        raise DiffError(f"cannot list the files at {commit[:12]}: {_text(p)}")
    entries = []
    for rec in p.stdout.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, kind, obj = meta.decode().split()
        rel_full = path.decode("utf-8", "surrogateescape")
        if kind != "blob" or not rel_full.startswith(prefix):
            continue  # submodules and anything outside the study folder
        rel = rel_full[len(prefix):]
        if _wanted(rel):
            entries.append((mode, obj, rel))
    if not entries:
        return 0
    p = _git(["cat-file", "--batch"], top, input="".join(f"{obj}\n" for _, obj, _ in entries).encode())
    if p.returncode != 0:
        raise DiffError(f"cannot read the files at {commit[:12]}: {_text(p)}")
    out, pos = p.stdout, 0
    for mode, obj, rel in entries:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        data = out[nl + 1: nl + 1 + size]
        pos = nl + 1 + size + 1
        target = dest.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: recreate it, as a checkout would
            try:
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            except OSError:
                pass
        else:
            target.write_bytes(data)
    return len(entries)


def _extract_outside_bibliography(top: Path, commit: str, prefix: str, tree: Path, root: Path) -> None:
    """Also write the bibliography at ``commit`` when study.yaml names one outside the study folder."""
    try:
        import yaml

        bib = (yaml.safe_load((root / "study.yaml").read_text(encoding="utf-8-sig")) or {}).get("bibliography")
    except Exception:  # an unreadable study.yaml is reported by the loader, with its position
        return
    if not isinstance(bib, str) or (root / bib).exists():
        return
    rel = posixpath.normpath(posixpath.join(prefix, bib))
    if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
        return  # outside the repository: the loader reports it missing
    p = _git(["cat-file", "blob", f"{commit}:{rel}"], top)
    if p.returncode == 0:
        target = tree.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(p.stdout)


def _load(path: Path, label: str):
    try:
        return load_study(path)
    except StudyError as exc:
        from .formats import human

        lines = human.diagnostics(exc.diagnostics)
        raise DiffError(f"the study {label} is invalid ({human.summary(exc.diagnostics)}):\n" + "\n".join(lines)) \
            from None


# -- comparison ----------------------------------------------------------------------------------------------
@dataclass
class Cause:
    """One reason a pair's score changed: an evidence item, a prior, the congruence test, a scoring setting."""

    kind: str                      # evidence | prior | congruence | likelihoods | thresholds
    detail: str
    evidence: str | None = None
    change: str | None = None      # added | removed | edited (evidence only)
    path: str | None = None
    before: dict | float | None = None
    after: dict | float | None = None
    weight_before: float | None = None
    weight_after: float | None = None

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "detail": self.detail}
        if self.kind == "evidence":
            d.update(evidence=self.evidence, change=self.change, path=self.path)
        d.update(before=self.before, after=self.after,
                 weight_db={"before": json_number(self.weight_before), "after": json_number(self.weight_after)})
        return d


@dataclass
class PairChange:
    """A hypothesis × case whose verdicts or posterior differ between the two sides."""

    hypothesis: str
    case: str
    before: PairScore | None
    after: PairScore | None
    changed: list[str]
    causes: list[Cause] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass
class StudyDiff:
    """Everything `tracing diff` reports."""

    title: str
    rev: str
    commit: str
    pairs_compared: int
    changes: list[PairChange]
    added: list[tuple[str, str]]       # (evidence id, path) — paths relative to the study
    removed: list[tuple[str, str]]
    edited: list[tuple[str, str, bool]]  # (id, path, tests changed)


def _signature(study, eid: str, hypothesis: str) -> dict | None:
    """The test of ``hypothesis`` by evidence ``eid`` as declared, with the item's case; None when absent."""
    e = study.evidence.get(eid)
    if e is None:
        return None
    for t in e.tests:
        if t.hypothesis == hypothesis:
            return {"case": e.case, "type": t.type, "result": t.result, "p_e_h": t.p_e_h, "p_e_not_h": t.p_e_not_h}
    return None


def _describe(sig: dict) -> str:
    text = f"{sig['type'].replace('_', ' ')} {sig['result']}"
    if sig.get("p_e_h") is not None:
        text += f" (P(E|H) {sig['p_e_h']:g}, P(E|not H) {sig['p_e_not_h']:g})"
    return text


def _weight(pair: PairScore | None, evidence: str) -> float | None:
    if pair is None:
        return None
    for t in pair.tests:
        if t.evidence == evidence:
            return t.weight_db
    return None


def _congruence(pair: PairScore | None) -> ScoredTest | None:
    if pair is None:
        return None
    return next((t for t in pair.tests if t.congruence), None)


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= TOLERANCE


def _evidence_causes(old, new, h: str, c: str, before, after) -> list[Cause]:
    causes = []
    for eid in sorted(set(old.evidence) | set(new.evidence)):
        o, n = _signature(old, eid, h), _signature(new, eid, h)
        if o == n or not ((o and o["case"] == c) or (n and n["case"] == c)):
            continue
        change = "added" if eid not in old.evidence else "removed" if eid not in new.evidence else "edited"
        path = new.files.get(("evidence", eid)) or old.files.get(("evidence", eid))
        o_here = o if o and o["case"] == c else None
        n_here = n if n and n["case"] == c else None
        if o_here and n_here:
            detail = f"{_describe(o_here)} → {_describe(n_here)}"
        elif o_here:
            if change == "removed":
                detail = f"removed; it was a {_describe(o_here)}"
            elif n is not None:
                detail = f"moved to case {n['case']}; it was a {_describe(o_here)} here"
            else:
                detail = f"no longer tests {h}; it was a {_describe(o_here)}"
        else:
            if change == "added":
                detail = _describe(n_here)
            elif o is not None:
                detail = f"moved here from case {o['case']}: {_describe(n_here)}"
            else:
                detail = f"now tests {h}: {_describe(n_here)}"
        causes.append(Cause("evidence", detail, evidence=eid, change=change, path=path, before=o_here, after=n_here,
                            weight_before=_weight(before, eid), weight_after=_weight(after, eid)))

    def impact(cause: Cause) -> float:
        wb, wa = cause.weight_before or 0.0, cause.weight_after or 0.0
        return 0.0 if wa == wb else abs(wa - wb)  # inf when an elimination or proof came or went

    # the edit that moved the score most comes first
    causes.sort(key=lambda cs: (-impact(cs), cs.evidence or ""))
    return causes


def _other_causes(old, new, before: PairScore | None, after: PairScore | None) -> list[Cause]:
    causes = []
    if before and after and not _same(before.prior, after.prior):
        causes.append(Cause("prior", f"prior of {after.hypothesis}: {before.prior:g} → {after.prior:g}",
                            before=before.prior, after=after.prior))
    cb, ca = _congruence(before), _congruence(after)
    sig = (lambda t: None if t is None else (t.type, t.result, t.p_e_h, t.p_e_not_h))
    if sig(cb) != sig(ca):
        if cb is None:
            detail = f"congruence test added: {ca.type.replace('_', ' ')} {ca.result} ({ca.note})"
        elif ca is None:
            detail = "congruence test gone (no prediction, no observed outcome, or congruence off)"
        else:
            detail = (f"congruence test: {cb.type.replace('_', ' ')} {cb.result} → "
                      f"{ca.type.replace('_', ' ')} {ca.result} ({ca.note})")
        causes.append(Cause("congruence", detail,
                            before=None if cb is None else {"type": cb.type, "result": cb.result, "note": cb.note},
                            after=None if ca is None else {"type": ca.type, "result": ca.result, "note": ca.note},
                            weight_before=None if cb is None else cb.weight_db,
                            weight_after=None if ca is None else ca.weight_db))
    types = sorted({t.type for p in (before, after) if p for t in p.tests if not t.override})
    for ty in types:
        lo = getattr(old.config.scoring.tests, ty)
        ln = getattr(new.config.scoring.tests, ty)
        if (lo.p_e_h, lo.p_e_not_h) != (ln.p_e_h, ln.p_e_not_h):
            causes.append(Cause("likelihoods",
                                f"scoring.tests.{ty}: P(E|H) {lo.p_e_h:g} → {ln.p_e_h:g}, "
                                f"P(E|not H) {lo.p_e_not_h:g} → {ln.p_e_not_h:g}",
                                before=lo.model_dump(), after=ln.model_dump()))
    to, tn = old.config.scoring.thresholds, new.config.scoring.thresholds
    if (to.confirmed, to.rejected) != (tn.confirmed, tn.rejected):
        causes.append(Cause("thresholds",
                            f"scoring.thresholds: confirmed {to.confirmed:g} → {tn.confirmed:g}, "
                            f"rejected {to.rejected:g} → {tn.rejected:g}",
                            before=to.model_dump(), after=tn.model_dump()))
    return causes


def _evidence_edits(old, new):
    added = [(e, new.files.get(("evidence", e), "")) for e in sorted(set(new.evidence) - set(old.evidence))]
    removed = [(e, old.files.get(("evidence", e), "")) for e in sorted(set(old.evidence) - set(new.evidence))]
    edited = []
    for e in sorted(set(old.evidence) & set(new.evidence)):
        a, b = old.evidence[e], new.evidence[e]
        if a.model_dump() != b.model_dump():
            tests_changed = (a.case != b.case or [t.model_dump(exclude={"note"}) for t in a.tests]
                             != [t.model_dump(exclude={"note"}) for t in b.tests])
            edited.append((e, new.files.get(("evidence", e), ""), tests_changed))
    return added, removed, edited


def compare(old_result: ScoreResult, new_result: ScoreResult, rev: str = "", commit: str = "") -> StudyDiff:
    """The changes from ``old_result`` to ``new_result`` and their causes (pure: no git, no files)."""
    old, new = old_result.study, new_result.study
    before = {(p.hypothesis, p.case): p for p in old_result.pairs}
    after = {(p.hypothesis, p.case): p for p in new_result.pairs}
    order = [k for k in after] + [k for k in before if k not in after]
    changes = []
    for key in order:
        b, a = before.get(key), after.get(key)
        if b is None or a is None:
            changed = ["pair"]
        else:
            changed = [k for k, same in (("bayes", b.bayes == a.bayes), ("van_evera", b.van_evera == a.van_evera),
                                         ("posterior", _same(b.posterior, a.posterior))) if not same]
        if not changed:
            continue
        h, c = key
        causes = _evidence_causes(old, new, h, c, b, a) + _other_causes(old, new, b, a)
        changes.append(PairChange(h, c, b, a, changed, causes))
    added, removed, edited = _evidence_edits(old, new)
    return StudyDiff(new.title, rev, commit, len(set(before) | set(after)), changes, added, removed, edited)


# -- output ----------------------------------------------------------------------------------------------------
def _post(x: float) -> str:
    return "undefined" if math.isnan(x) else f"{x:.3f}"


def _posts(a: float, b: float) -> tuple[str, str]:
    """Both posteriors with enough digits to show they differ."""
    for digits in (3, 4, 5, 6):
        sa, sb = f"{a:.{digits}f}", f"{b:.{digits}f}"
        if sa != sb:
            return sa, sb
    return f"{a:.3g}", f"{b:.3g}"


def _db(x: float | None) -> str:
    if x is None:
        return "none"
    if math.isinf(x):
        return "proves" if x > 0 else "eliminates"
    return f"{x:+.1f} dB".replace("-", "−")


def _headline(ch: PairChange) -> str:
    b, a = ch.before, ch.after
    if b is None:
        return (f"new pair: Bayesian {a.bayes}, Van Evera {a.van_evera}, posterior {_post(a.posterior)}")
    if a is None:
        return (f"gone (hypothesis or case removed); it was Bayesian {b.bayes}, Van Evera {b.van_evera}, "
                f"posterior {_post(b.posterior)}")
    parts = []
    for label, x, y in (("Bayesian", b.bayes, a.bayes), ("Van Evera", b.van_evera, a.van_evera)):
        parts.append(f"{label} {x} → {y}" if x != y else f"{label} {x} (unchanged)")
    pb, pa = _posts(b.posterior, a.posterior) if "posterior" in ch.changed else (_post(b.posterior),) * 2
    parts.append(f"posterior {pb} → {pa}" if "posterior" in ch.changed else f"posterior {pb} (unchanged)")
    return ", ".join(parts)


_SIGN = {"added": "+", "removed": "-", "edited": "~"}


def human(d: StudyDiff) -> str:
    """The diff as text for a researcher."""
    lines = [f"{d.rev} ({d.commit[:10]}) → working tree: {d.title}"]
    n = len(d.changes)
    ev = f"evidence: {len(d.added)} added, {len(d.edited)} edited, {len(d.removed)} removed"
    if not n:
        lines.append(f"No verdict or posterior changed ({d.pairs_compared} hypothesis × case pairs compared); {ev}.")
    else:
        lines.append(f"{n} of {d.pairs_compared} hypothesis × case scores changed; {ev}.")
    for ch in d.changes:
        lines.append("")
        lines.append(f"{ch.hypothesis} × {ch.case}: {_headline(ch)}")
        if not ch.causes:
            lines.append("  (no evidence item, prior, congruence test or scoring setting of this pair changed)")
        for c in ch.causes:
            if c.kind == "evidence":
                where = f" [{c.path}]" if c.path else ""
                if c.weight_before is None:
                    weight = f"; weight {_db(c.weight_after)}"
                elif c.weight_after is None:
                    weight = f"; its weight was {_db(c.weight_before)}"
                else:
                    weight = f"; weight {_db(c.weight_before)} → {_db(c.weight_after)}"
                lines.append(f"  {_SIGN[c.change]} {c.evidence} {c.change}{where}: {c.detail}{weight}")
            else:
                lines.append(f"  * {c.detail}")
    quiet = [e for e in d.edited if not e[2]]
    if quiet:
        lines.append("")
        lines.append("Edited without changing any test: " + ", ".join(e for e, _, _ in quiet) + ".")
    return "\n".join(lines)


def _pair_dict(p: PairScore | None) -> dict | None:
    if p is None:
        return None
    return {"prior": p.prior, "posterior": json_number(p.posterior), "weight_db": json_number(p.weight_db),
            "bayes": p.bayes, "van_evera": p.van_evera, "tests": len(p.tests), "linchpins": list(p.linchpins)}


def as_json(d: StudyDiff) -> dict:
    """The diff as one JSON-ready object (``schema_version`` 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "study": d.title,
        "base": {"rev": d.rev, "commit": d.commit},
        "head": {"working_tree": True},
        "pairs_compared": d.pairs_compared,
        "changes": [{
            "hypothesis": ch.hypothesis, "case": ch.case, "status": ch.status, "changed": ch.changed,
            "before": _pair_dict(ch.before), "after": _pair_dict(ch.after),
            "causes": [c.to_dict() for c in ch.causes],
        } for ch in d.changes],
        "evidence": {
            "added": [{"id": e, "path": p} for e, p in d.added],
            "removed": [{"id": e, "path": p} for e, p in d.removed],
            "edited": [{"id": e, "path": p, "tests_changed": t} for e, p, t in d.edited],
        },
    }


def diff_study(study_path: str | Path, rev: str) -> StudyDiff:
    """Score the study at ``rev`` and in the working tree and compare them (raises DiffError)."""
    study_path = Path(study_path)
    top, prefix = locate(study_path)
    commit = resolve(top, rev)
    with tempfile.TemporaryDirectory(prefix="tracing-diff-") as tmp:
        # the study keeps its place in the repository's layout, so a bibliography outside its folder
        # (``bibliography: ../shared.bib``) resolves as it does in a checkout
        old_root = Path(tmp, "tree", *PurePosixPath(prefix).parts)
        old_root.mkdir(parents=True)
        if extract(top, commit, prefix, old_root) == 0:
            where = prefix.rstrip("/") or "the repository root"
            raise DiffError(f"the study folder ({where}) has no tracked files at {rev} ({commit[:10]})")
        _extract_outside_bibliography(top, commit, prefix, Path(tmp, "tree"), old_root)
        old = _load(old_root, f"at {rev} ({commit[:10]})")
        old_result = old.score(draws=0)
    new = _load(study_path, "in the working tree")
    return compare(old_result, new.score(draws=0), rev, commit)


def run_diff(study_path: str | Path, rev: str, fmt: str = "human") -> tuple[str, int]:
    """`tracing diff`: the report in ``fmt`` (``human`` or ``json``) and the exit code (0)."""
    d = diff_study(study_path, rev)
    if fmt == "json":
        return json.dumps(as_json(d), indent=2, ensure_ascii=False), 0
    return human(d), 0

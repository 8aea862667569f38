"""Generate a synthetic, valid study of any size, for benchmarks and scale tests.

    python benchmarks/generate.py OUT --items N --hypotheses H --cases C --seed S

The study looks like a real one grown large: cases with phases, actors, an
outcome with observations, hypotheses with predictions and rivals, evidence
items in sub-folders (case/actor/batch), about a tenth of them as Markdown with
YAML front matter, a mix of the four test types and of passes and fails, a few
likelihood overrides, and a references.bib with about N/20 keys. Items are of
realistic size (comments, a folded claim, sources, notes), about 1 kB each.

conclusions.yaml holds one conclusion per hypothesis × case whose verdict is
what the engine gives (the study is scored after the other files are written),
so ``tracing check`` passes; some use the Van Evera method, some are warnings,
and some assert a ``min_robustness`` the engine meets.

The same arguments always give byte-identical files (``random.Random(seed)``).
OUT must not exist or be empty.
"""

from __future__ import annotations

import tracing

import argparse
import random
import sys
from pathlib import Path

TEST_TYPES = ("straw_in_the_wind", "hoop", "smoking_gun", "doubly_decisive")
TYPE_WEIGHTS = (0.45, 0.25, 0.2, 0.1)
LEVELS = ("none", "political", "material", "military")
THEORIES = ("neo-realism", "constructivism", "liberal institutionalism", "bureaucratic politics")
ACTOR_NAMES = ("nato", "csto", "russia", "us", "eu", "un", "china", "iran")
CASE_NAMES = ("afghanistan", "syria", "libya", "mali", "iraq", "kosovo", "ukraine", "yemen", "somalia", "georgia")
WORDS = (
    "alliance", "members", "summit", "mandate", "troops", "withdrawal", "declaration", "council", "security",
    "threat", "cooperation", "mission", "training", "funding", "sanctions", "envoy", "border", "treaty",
    "resolution", "legitimacy", "burden", "sharing", "ministers", "parliament", "statement", "support",
    "opposition", "deployment", "logistics", "assistance", "negotiations", "ceasefire", "refugees", "insurgency",
    "government", "regional", "interests", "identity", "norms", "partners", "commitment", "credibility",
    "strategy", "budget", "command", "operation", "reports", "officials", "interview", "archives",
)
JOURNALS = ("International Security", "Survival", "European Security", "Journal of Strategic Studies",
            "Contemporary Security Policy", "Security Dialogue", "International Affairs")


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return " ".join(words).capitalize() + "."


def _folded(text: str, indent: str = "  ", width: int = 76) -> str:
    """A YAML folded block (``>-``) body, wrapped at ``width``."""
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(indent + cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(indent + cur)
    return "\n".join(lines)


class _Plan:
    """Everything about the study that items need: cases, phases, actors, hypotheses, bibliography keys."""

    def __init__(self, rng: random.Random, n_items: int, n_hyp: int, n_cases: int):
        self.cases = []
        for i in range(n_cases):
            name = CASE_NAMES[i % len(CASE_NAMES)] + (str(i // len(CASE_NAMES) + 1) if i >= len(CASE_NAMES) else "")
            start = 1990 + rng.randint(0, 12)
            length = rng.randint(9, 24)
            end = start + length
            # three phases of consecutive, non-overlapping years
            a = start + length // 3
            b = start + 2 * length // 3
            phases = [(f"{name}-early", start, a), (f"{name}-middle", a + 1, b), (f"{name}-late", b + 1, end)]
            self.cases.append({"id": name, "abbr": name[:3].upper() + (str(i) if i >= len(CASE_NAMES) else ""),
                               "start": start, "end": end, "phases": phases})
        self.actors = list(ACTOR_NAMES[: max(2, min(len(ACTOR_NAMES), n_hyp // 3 + 1))])
        self.hyps = []
        for i in range(n_hyp):
            hid = f"H{i + 1}"
            self.hyps.append({
                "id": hid, "actor": self.actors[i % len(self.actors)], "theory": THEORIES[i % len(THEORIES)],
                "prior": rng.choice((None, None, None, 0.3, 0.4, 0.6)),
                # how often evidence passes this hypothesis's tests, per case: makes verdicts differ
                "truth": {c["id"]: rng.choice((0.2, 0.35, 0.5, 0.65, 0.8)) for c in self.cases},
            })
        n_keys = max(5, n_items // 20)
        self.bib = []  # (key, author, year)
        for k in range(n_keys):
            author, year = rng.choice(("smith", "ivanova", "garey", "berdal", "lee", "moreau", "khan")), 1990 + k % 32
            self.bib.append((f"{author}{year}{chr(97 + (k // 32) % 26)}{k // 832 or ''}", author, year))
        self.bib_keys = [k for k, _, _ in self.bib]
        # the observed outcome per actor × case (whole case), and for some phases
        self.observed = {(a, c["id"]): rng.choice(LEVELS) for a in self.actors for c in self.cases}


def _study_yaml(plan: _Plan, rng: random.Random, n_items: int) -> str:
    out = [
        "# A synthetic study generated by benchmarks/generate.py (for benchmarks; not real research).",
        f"title: Synthetic study with {n_items} evidence items",
        "question: What drives the extent of the actors' involvement in these conflicts?",
        "bibliography: references.bib",
        "",
        "cases:",
    ]
    for c in plan.cases:
        out.append(f"  {c['id']}:")
        out.append(f"    label: {c['id'].capitalize()}")
        out.append(f"    period: {{start: {c['start']}, end: {c['end']}}}")
        out.append("    phases:")
        for pid, s, e in c["phases"]:
            out.append(f"      - {{id: {pid}, label: {pid.split('-')[-1].capitalize()} phase, start: {s}, end: {e}}}")
    out.append("")
    out.append("actors:")
    for a in plan.actors:
        out.append(f"  {a}: {{label: {a.upper()}}}")
    out += ["", "outcome:", "  name: involvement", f"  levels: [{', '.join(LEVELS)}]", "  observed:"]
    for (a, cid), level in plan.observed.items():
        out.append(f"    - {{actor: {a}, case: {cid}, level: {level}}}")
    for c in plan.cases:  # a few phase-level observations
        a = plan.actors[0]
        out.append(f"    - {{actor: {a}, case: {c['id']}, phase: {c['phases'][0][0]}, level: {rng.choice(LEVELS)}}}")
    out += ["", "# the defaults, except a partial override: the rest is merged key by key",
            "scoring:", "  tests:", "    hoop: {p_e_h: 0.95, p_e_not_h: 0.6}", "  draws: 2000", "  seed: 7", ""]
    return "\n".join(out)


def _hypothesis_yaml(plan: _Plan, h: dict, rng: random.Random, idx: int) -> str:
    lines = [f"# Hypothesis {h['id']} (synthetic).", f"id: {h['id']}",
             f"title: {h['theory'].capitalize()} {h['actor'].upper()} {idx + 1}",
             "statement: >-", _folded(_sentence(rng, 25, 45)), f"theory: {h['theory']}", f"actor: {h['actor']}"]
    if h["prior"] is not None:
        lines.append(f"prior: {h['prior']}")
    lines.append("predictions:")
    for c in plan.cases:
        pick = rng.sample(LEVELS, rng.choice((1, 1, 2)))
        lines.append(f"  {c['id']}: " + (pick[0] if len(pick) == 1 else f"[{', '.join(pick)}]"))
    rival = idx + 1 if idx % 2 == 0 else idx - 1
    if 0 <= rival < len(plan.hyps):
        lines.append(f"rivals: [{plan.hyps[rival]['id']}]")
    return "\n".join(lines) + "\n"


def _item(plan: _Plan, rng: random.Random, n: int, as_md: bool) -> tuple[str, str]:
    """(relative path, text) of evidence item number ``n``."""
    case = plan.cases[n % len(plan.cases)]
    actor = rng.choice(plan.actors)
    eid = f"{case['abbr']}-{actor.upper()}-{n + 1:06d}"
    batch = f"batch{n // (len(plan.cases) * 250):03d}"
    year = rng.randint(case["start"], case["end"])
    fmt = rng.random()
    date = str(year) if fmt < 0.3 else (f"{year}-{rng.randint(1, 12):02d}" if fmt < 0.7
                                        else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    phase = next(pid for pid, s, e in case["phases"] if s <= year <= e)
    fm = [f"id: {eid}", "claim: >-", _folded(_sentence(rng, 14, 30)), f"case: {case['id']}",
          f"actors: [{', '.join(sorted({actor, rng.choice(plan.actors)}))}]",
          f"date: {date}" if fmt >= 0.3 or rng.random() < 0.5 else f"date: \"{date}\""]
    if rng.random() < 0.6:
        fm.append(f"phase: {phase}")
    fm.append(f"kind: {rng.choice(('primary', 'secondary', 'secondary', 'mixed'))}")
    fm.append("sources:")
    for key in rng.sample(plan.bib_keys, min(len(plan.bib_keys), rng.randint(1, 3))):
        p = rng.randint(1, 400)
        pages = rng.choice((str(p), f"{p}-{p + rng.randint(1, 9)}", f"para. {rng.randint(1, 40)}"))
        fm.append(f"  - {{key: {key}, pages: \"{pages}\"}}")
    if rng.random() < 0.3:
        fm.append(f"quote: \"{_sentence(rng, 6, 14)}\"")
    fm.append("tests:")
    for h in rng.sample(plan.hyps, min(len(plan.hyps), rng.choice((1, 1, 2, 2, 2, 3)))):
        type_ = rng.choices(TEST_TYPES, TYPE_WEIGHTS)[0]
        result = "pass" if rng.random() < h["truth"][case["id"]] else "fail"
        fm += [f"  - hypothesis: {h['id']}", f"    type: {type_}", f"    result: {result}"]
        if rng.random() < 0.05:  # an override, never 0 or 1: no elimination or proof
            fm += [f"    p_e_h: {rng.choice((0.55, 0.7, 0.8, 0.9))}", f"    p_e_not_h: {rng.choice((0.1, 0.2, 0.3, 0.45))}"]
        fm.append(f"    note: {_sentence(rng, 6, 14)}")
    if rng.random() < 0.2:
        fm.append(f"coder: {rng.choice(('ab', 'cd', 'ef'))}")
    notes = _sentence(rng, 20, 50)
    folder = f"evidence/{case['id']}/{actor}/{batch}"
    if as_md:
        text = "---\n" + "\n".join(fm) + "\n---\n\n" + notes + "\n\nA second paragraph of *notes*.\n"
        return f"{folder}/{eid.lower()}.md", text
    text = f"# Evidence item {n + 1} (synthetic).\n" + "\n".join(fm) + "\nnotes: >-\n" + _folded(notes) + "\n"
    return f"{folder}/{eid.lower()}.yaml", text


def _bib(plan: _Plan, rng: random.Random) -> str:
    out = []
    for k, author, year in plan.bib:
        kind = rng.choice(("article", "article", "book", "incollection", "report", "online"))
        fields = [f"  author = {{{author.capitalize()}, A. and Other, B.}}",
                  f"  title = {{{_sentence(rng, 4, 10)[:-1]}}}", f"  year = {{{year}}}"]
        if kind == "article":
            fields.append(f"  journal = {{{rng.choice(JOURNALS)}}}")
            fields.append(f"  volume = {{{rng.randint(1, 50)}}}")
            fields.append(f"  pages = {{{rng.randint(1, 200)}--{rng.randint(201, 400)}}}")
        elif kind in ("book", "incollection"):
            fields.append("  publisher = {Synthetic Press}")
        elif kind == "online":
            fields.append(f"  url = {{https://example.org/{k}}}")
        out.append(f"@{kind}{{{k},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(out)


def conclusions_text(study_path: str | Path, seed: int = 0) -> str:
    """conclusions.yaml for the study at ``study_path``: one per hypothesis × case, verdicts as the engine gives.

    The study is scored with its own settings (2 000 sensitivity draws), so the
    ``min_robustness`` claims hold too. Run again after an engine change that
    moves verdicts (``--conclusions-only``).
    """
    from tracing import load_study

    study_path = Path(study_path)
    rng = random.Random(f"{seed}-conclusions")
    hidden = study_path / "conclusions.yaml"
    if hidden.exists():
        hidden.unlink()  # an outdated conclusions.yaml must not stop the study from loading
    result = tracing.score(study_path)
    out = ["# Generated: each verdict is what the engine gives, so `tracing check` passes.", "conclusions:"]
    for p in result.pairs:
        method = "van_evera" if rng.random() < 0.2 else "bayes"
        verdict = p.bayes if method == "bayes" else p.van_evera
        out += [f"  - hypothesis: {p.hypothesis}", f"    case: {p.case}", f"    verdict: {verdict}",
                f"    method: {method}"]
        if method == "bayes" and p.robustness is not None and rng.random() < 0.3:
            out.append(f"    min_robustness: {int(p.robustness * 90) / 100:.2f}")
        out.append(f"    severity: {'warn' if rng.random() < 0.1 else 'error'}")
        out.append(f"    note: {_sentence(rng, 4, 10)}")
    return "\n".join(out) + "\n"


def generate(out: str | Path, items: int = 1000, hypotheses: int = 20, cases: int = 4, seed: int = 0,
             md_share: float = 0.1) -> Path:
    """Write the study into ``out`` (which must not exist or be empty); return its path."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"error: {out} exists and is not empty")
    if items < 1 or hypotheses < 1 or cases < 1:
        raise SystemExit("error: --items, --hypotheses and --cases must be at least 1")
    rng = random.Random(seed)
    plan = _Plan(rng, items, hypotheses, cases)
    out.mkdir(parents=True, exist_ok=True)
    (out / "study.yaml").write_text(_study_yaml(plan, rng, items), encoding="utf-8")
    (out / "references.bib").write_text(_bib(plan, rng), encoding="utf-8")
    (out / "hypotheses").mkdir()
    for i, h in enumerate(plan.hyps):
        (out / "hypotheses" / f"{h['id']}.yaml").write_text(_hypothesis_yaml(plan, h, rng, i), encoding="utf-8")
    made: set[str] = set()
    for n in range(items):
        rel, text = _item(plan, rng, n, as_md=rng.random() < md_share)
        folder = rel.rsplit("/", 1)[0]
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (out / rel).write_text(text, encoding="utf-8")
    write_conclusions(out, seed)
    return out


def write_conclusions(out: str | Path, seed: int = 0) -> Path:
    """(Re)write ``out/conclusions.yaml`` from the current engine's verdicts."""
    text = conclusions_text(out, seed)
    path = Path(out) / "conclusions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="Folder to write the study into (must not exist or be empty).")
    ap.add_argument("--items", type=int, default=1000, help="Number of evidence items (default 1000).")
    ap.add_argument("--hypotheses", type=int, default=20, help="Number of hypotheses (default 20).")
    ap.add_argument("--cases", type=int, default=4, help="Number of cases (default 4).")
    ap.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
    ap.add_argument("--md-share", type=float, default=0.1, help="Share of items written as Markdown (default 0.1).")
    ap.add_argument("--conclusions-only", action="store_true",
                    help="Only rewrite OUT/conclusions.yaml from the current engine (after an engine change).")
    args = ap.parse_args(argv)
    if args.conclusions_only:
        print(f"wrote {write_conclusions(args.out, args.seed)}")
        return 0
    path = generate(args.out, args.items, args.hypotheses, args.cases, args.seed, args.md_share)
    print(f"wrote {path}: {args.items} evidence items, {args.hypotheses} hypotheses, {args.cases} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast the report opens in a browser: headless Chromium (Playwright) loads every page of the report of
generated studies and records the time to the load event, the size and the element count of each page.

    python benchmarks/browser.py [--items 2000 10000] [--out benchmarks/results_browser.md]

Studies come from benchmarks/generate.py (20 hypotheses, 4 cases); ``tracing score`` and ``tracing
report`` are timed as subprocesses on the same study. Targets: a 2,000-item report opens in
under 1 s, a 10,000-item report in under 2 s per page; ``tracing report`` takes at most twice ``tracing
score``. Needs Chromium (``apt-get install -y chromium``) and Playwright (test extra).
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _generate():
    spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit("no Chromium binary (apt-get install -y chromium)")
    return path


def measure(items: int, work: Path, browser) -> dict:
    study = _generate()(work / f"study-{items}", items=items, hypotheses=20, cases=4, seed=0)
    tracing = [sys.executable, "-m", "tracing"]
    score = min(_timed([*tracing, "score", str(study), "--format", "json"]) for _ in range(2))
    out = work / f"report-{items}"
    report = min(_timed([*tracing, "report", str(study), "--out", str(out)]) for _ in range(2))
    pages = []
    for f in sorted(out.glob("*.html")):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f.as_uri(), timeout=600_000)
        page.wait_for_load_state("load")
        load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
        nodes = page.evaluate("document.getElementsByTagName('*').length")
        page.close()
        pages.append({"name": f.name, "load": load, "bytes": f.stat().st_size, "nodes": nodes})
    return {"items": items, "score": score, "report": report, "pages": pages}


def markdown(results: list[dict]) -> str:
    lines = ["# Opening the report in a browser", "",
             f"`python benchmarks/browser.py` on {platform.machine()}, Python {platform.python_version()}, "
             "headless Chromium through Playwright; generated studies of 20 hypotheses and 4 cases. Load: "
             "navigation start to the load event of each page, from disk (file://).", "",
             "| Items | score (s) | report (s) | report / score | pages | slowest page | load (s) | "
             "largest page (MB) | most elements |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        slow = max(r["pages"], key=lambda p: p["load"])
        lines.append(f"| {r['items']:,} | {r['score']:.2f} | {r['report']:.2f} | {r['report'] / r['score']:.2f} | "
                     f"{len(r['pages'])} | {slow['name']} | {slow['load']:.2f} | "
                     f"{max(p['bytes'] for p in r['pages']) / 1e6:.1f} | {max(p['nodes'] for p in r['pages']):,} |")
    for r in results:
        lines += ["", f"## {r['items']:,} items: every page", "", "| Page | load (s) | size (kB) | elements |",
                  "|---|---|---|---|"]
        lines += [f"| {p['name']} | {p['load']:.2f} | {p['bytes'] / 1e3:.0f} | {p['nodes']:,} |" for p in r["pages"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--out", type=Path, default=HERE / "results_browser.md")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="tracing-browser-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        warm = browser.new_page()
        warm.goto("about:blank")
        warm.close()
        for n in args.items:
            results.append(measure(n, Path(tmp), browser))
            r = results[-1]
            print(f"{n} items: score {r['score']:.2f}s report {r['report']:.2f}s; slowest page "
                  f"{max(p['load'] for p in r['pages']):.2f}s of {len(r['pages'])}", flush=True)
        browser.close()
    args.out.write_text(markdown(results), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The geometry of the report's inline SVG charts: weight of evidence, posterior trajectory, posterior per case.

Each function returns a plain dict of coordinates (written with fixed decimals,
so the output is byte-identical run to run) and texts; the macros of
``templates/_charts.html`` own the markup and escape every text. The charts
carry ``<title>``/``<desc>`` and ``aria-labelledby`` for screen readers, and
signs and words next to colours (a red bar also reads ``−4.0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import fmt

FOR, AGAINST, NEUTRAL = "#1f7a3f", "#b3261e", "#6b7280"
MAX_BARS = 30
CHAR_W = 6.8  # average glyph width at 11px in the system sans-serif; used to fit labels


def _n(x: float) -> str:
    """A coordinate: one decimal, no negative zero."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _frame(uid: str, width: int, height: int, title: str, desc: str) -> dict:
    return {"uid": uid, "width": width, "height": height, "title": title, "desc": desc}


def _fit(text: str, width: float) -> str:
    """Shorten ``text`` with an ellipsis to fit ``width`` pixels."""
    room = max(1, int(width / CHAR_W))
    return text if len(text) <= room else text[: max(1, room - 1)] + "\u2026"


@dataclass
class Bar:
    """One bar of the weight chart."""

    label: str
    weight: float
    href: str | None
    tooltip: str
    congruence: bool = False


def weight_chart(uid: str, bars: list[Bar], subject: str) -> dict:
    """Horizontal bars of weight of evidence (dB) per item, for to the right, against to the left.

    ``bars`` arrive sorted (heaviest first); only the first MAX_BARS are drawn
    and the chart says how many more there are. Infinite weights (elimination
    or proof) run to the edge and are labelled ``±∞``.
    """
    shown, rest = bars[:MAX_BARS], len(bars) - min(len(bars), MAX_BARS)
    width, label_w, value_w, row_h, top = 520, 120, 44, 20, 24
    height = top + row_h * len(shown) + (22 if rest else 8)
    plot_l, plot_r = label_w + value_w, width - value_w
    mid = (plot_l + plot_r) / 2
    half = (plot_r - plot_l) / 2 - 4
    finite = [abs(b.weight) for b in shown if not math.isinf(b.weight)]
    scale = max(max(finite, default=0.0), 1.0)
    n_for = sum(1 for b in bars if b.weight > 0)
    n_against = sum(1 for b in bars if b.weight < 0)
    desc = (f"{len(bars)} tests: {n_for} weigh for, {n_against} against. "
            + "; ".join(f"{b.label} {fmt.db(b.weight)}" for b in shown)
            + (f"; and {rest} lighter tests not drawn." if rest else "."))
    c = _frame(uid, width, height, f"Weight of evidence per item: {subject}", desc)
    rows = []
    for i, b in enumerate(shown):
        y = top + i * row_h
        length = half if math.isinf(b.weight) else half * abs(b.weight) / scale
        x = mid if b.weight >= 0 else mid - length
        rows.append({"tooltip": b.tooltip, "label": _fit(b.label, label_w - 10), "label_x": label_w - 8,
                     "text_y": _n(y + 13), "x": _n(x), "y": _n(y + 3), "w": _n(max(length, 1.0)), "h": row_h - 6,
                     "colour": FOR if b.weight > 0 else (AGAINST if b.weight < 0 else NEUTRAL),
                     "congruence": b.congruence, "href": b.href,
                     "value_x": _n(mid + length + 4 if b.weight >= 0 else mid - length - 4),
                     "anchor": "start" if b.weight >= 0 else "end", "value": fmt.signed(b.weight)})
    c.update(rows=rows, against_x=_n(mid - 6), for_x=_n(mid + 6), zero_x=_n(mid), zero_y1=top - 4,
             zero_y2=top + row_h * len(shown) + 2, rest=rest, rest_x=label_w - 8, rest_y=height - 6)
    return c


@dataclass
class Step:
    """One point of a posterior trajectory (after a test)."""

    date: str | None
    posterior: float
    weight: float
    tooltip: str


@dataclass
class Band:
    """A shaded phase of the case."""

    label: str
    short: str
    start: float
    end: float


def _ticks(lo: float, hi: float, room: int = 9) -> list[int]:
    span = max(hi - lo, 1.0)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if span / step <= room:
            break
    first = math.ceil(lo / step) * step
    return list(range(int(first), int(math.floor(hi)) + 1, step))


def trajectory_chart(uid: str, prior: float, steps: list[Step], bands: list[Band],
                     domain: tuple[float, float] | None, confirmed: float, rejected: float,
                     subject: str) -> dict:
    """The posterior after each test as a step line over time, phases shaded, thresholds dashed.

    Dated tests sit at their date; undated tests (and the congruence test) follow
    in an "undated" strip at the right, in order. ``domain`` is the time span in
    fractional years (None when nothing is dated).
    """
    width, height = 520, 250
    left, right, top, bottom = 34, 10, 38, 30  # two rows of phase labels above the plot, never inside it
    dated = [s for s in steps if s.date]
    undated = [s for s in steps if not s.date]
    plot_w, plot_h = width - left - right, height - top - bottom
    strip = 0.0
    if undated:
        strip = plot_w if not dated and domain is None else min(plot_w * 0.3, 18.0 * (len(undated) + 1))
    time_w = plot_w - strip - (10 if strip and strip < plot_w else 0)
    lo, hi = domain if domain else (0.0, 1.0)

    def tx(year: float) -> float:
        return left + (year - lo) / max(hi - lo, 1e-9) * time_w

    def ty(p: float) -> float:
        return top + (1 - p) * plot_h

    last = steps[-1].posterior if steps else prior
    desc = (f"Posterior from the prior {fmt.prob(prior)} after each of {len(steps)} tests, ending at "
            f"{fmt.prob(last)}; confirmed at or above {fmt.num(confirmed)}, rejected at or below {fmt.num(rejected)}.")
    c = _frame(uid, width, height, f"Posterior over time: {subject}", desc)
    c["zones"] = [
        {"x": left, "y": _n(ty(1)), "w": plot_w, "h": _n(ty(confirmed) - ty(1)), "cls": "zone-confirmed"},
        {"x": left, "y": _n(ty(rejected)), "w": plot_w, "h": _n(ty(0) - ty(rejected)), "cls": "zone-rejected"}]
    c["bands"], c["ticks"] = [], []
    strip_x0 = left + plot_w - strip
    half = len("undated") * CHAR_W / 2
    undated_x = min(strip_x0 + strip / 2, width - half - 1)
    if domain and time_w > 0:
        for i, b in enumerate(bands):
            x0, x1 = max(tx(b.start), left), min(tx(b.end), left + time_w)
            if x1 <= x0:
                continue
            c["bands"].append({"x": _n(x0), "y": top, "w": _n(x1 - x0), "h": plot_h, "parity": i % 2,
                               "title": b.label, "text_x": _n(x0 + 3), "text_y": top - 19 if i % 2 == 0 else top - 6,
                               "text": b.label if len(b.label) * CHAR_W < x1 - x0 - 4 else _fit(b.short, x1 - x0 - 4)})
        # a tick at the start of each labelled year inside the span: none past the case's end (the end of
        # 2021 is not "2022"), and no label running off the chart or into the "undated" label
        limit = (undated_x - half - 6) if strip else width - 1
        for year in _ticks(lo, hi, room=max(2, int(time_w / 60))):
            if year >= hi - 1e-9 and year > lo + 1e-9:
                continue
            x = tx(year)
            if x + len(str(year)) * CHAR_W / 2 > limit or x - len(str(year)) * CHAR_W / 2 < 1:
                continue
            c["ticks"].append({"x": _n(x), "y1": top + plot_h, "y2": top + plot_h + 4, "text_y": top + plot_h + 16,
                               "label": year})
    c["grid"] = [{"x1": left, "x2": left + plot_w, "y": _n(ty(p)), "text_x": left - 6, "text_y": _n(ty(p) + 4),
                  "label": fmt.num(p, 1)} for p in (0.0, 0.5, 1.0)]
    c["thresholds"] = [{"x1": left, "x2": left + plot_w, "y": _n(ty(p)), "text_x": left + plot_w - 2,
                        "text_y": _n(ty(p) + dy), "label": f"{word} {sym} {fmt.num(p)}"}
                       for p, word, sym, dy in ((confirmed, "confirmed", "\u2265", -3),
                                                (rejected, "rejected", "\u2264", 11))]
    c["divider"] = ({"x": _n(strip_x0 - 5), "y1": top, "y2": top + plot_h} if strip and strip < plot_w else None)
    c["undated"] = {"x": _n(undated_x), "y": top + plot_h + 16} if strip else None
    xs: list[float] = []
    for s in dated:
        xs.append(tx(fmt.year_fraction(s.date)))  # type: ignore[arg-type]
    for j in range(len(undated)):
        xs.append(strip_x0 + strip * (j + 1) / (len(undated) + 1))
    ordered = dated + undated
    x_prev = left if domain else strip_x0
    y_prev = ty(prior)
    points = [(_n(x), _n(ty(s.posterior))) for x, s in zip(xs, ordered)]  # each used by the line and a dot
    c["path"] = "".join([f"M{_n(x_prev)} {_n(y_prev)}", *(f"H{cx}V{cy}" for cx, cy in points),
                         f"H{_n(left + plot_w)}"])
    c["prior"] = {"x": _n(x_prev), "y": _n(y_prev), "title": f"prior {fmt.prob(prior)}"}
    c["dots"] = [{"x": cx, "y": cy, "title": s.tooltip,
                  "cls": "dot-for" if s.weight > 0 else ("dot-against" if s.weight < 0 else "dot-neutral")}
                 for (cx, cy), s in zip(points, ordered)]
    return c


@dataclass
class Dot:
    """One case of one hypothesis in the case comparison chart."""

    case_index: int
    posterior: float
    tooltip: str


SHAPES = ("circle", "square", "diamond", "triangle", "cross")


def _marker(shape: str, x: float, y: float, cls: str, title: str) -> dict:
    m = {"shape": shape, "x": _n(x), "y": _n(y), "x0": _n(x - 4.5), "y0": _n(y - 4.5), "cls": cls, "title": title}
    if shape == "diamond":
        m["d"] = f"M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y)}L{_n(x)} {_n(y + 6)}L{_n(x - 6)} {_n(y)}Z"
    elif shape == "triangle":
        m["d"] = f"M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y + 5)}L{_n(x - 6)} {_n(y + 5)}Z"
    elif shape == "cross":
        m["d"] = (f"M{_n(x - 5)} {_n(y - 5)}L{_n(x + 5)} {_n(y + 5)}M{_n(x + 5)} {_n(y - 5)}L{_n(x - 5)} {_n(y + 5)}")
    return m


def comparison_chart(uid: str, rows: list[tuple[str, list[Dot]]], cases: list[str],
                     confirmed: float, rejected: float) -> dict:
    """A dot plot: one row per hypothesis, one marker per case (distinct shapes) at its posterior."""
    width, label_w, row_h, top = 640, 230, 24, 34
    right = 16
    height = top + row_h * len(rows) + 26
    plot_w = width - label_w - right

    def tx(p: float) -> float:
        return label_w + p * plot_w

    desc = "; ".join(f"{label}: " + ", ".join(f"{cases[d.case_index]} {fmt.prob(d.posterior)}" for d in dots)
                     for label, dots in rows)
    c = _frame(uid, width, height, "Posterior of each hypothesis per case", desc or "No hypotheses.")
    y0, y1 = top - 4, top + row_h * len(rows)
    c["zones"] = [{"x": _n(tx(confirmed)), "y": y0, "w": _n(tx(1) - tx(confirmed)), "h": y1 - y0, "cls": "zone-confirmed"},
                  {"x": _n(tx(0)), "y": y0, "w": _n(tx(rejected) - tx(0)), "h": y1 - y0, "cls": "zone-rejected"}]
    legend = []
    lx = label_w
    for i, name in enumerate(cases):
        legend.append({"marker": _marker(SHAPES[i % len(SHAPES)], lx + 6, 14, f"mk mk-{i % len(SHAPES)}", name),
                       "text_x": _n(lx + 15), "text": _fit(name, 110)})
        lx += 30 + min(len(name), 18) * CHAR_W
    c["legend"] = legend
    c["grid"] = [{"x": _n(tx(p)), "y1": y0, "y2": y1, "text_y": y1 + 14, "label": fmt.num(p, 1)}
                 for p in (0.0, rejected, 0.5, confirmed, 1.0)]
    c["rows"] = []
    for r, (label, dots) in enumerate(rows):
        y = top + r * row_h + row_h / 2
        c["rows"].append({"label_x": label_w - 10, "text_y": _n(y + 4), "label": _fit(label, label_w - 14),
                          "x1": label_w, "x2": label_w + plot_w, "y": _n(y),
                          "markers": [_marker(SHAPES[d.case_index % len(SHAPES)], tx(d.posterior), y,
                                              f"mk mk-{d.case_index % len(SHAPES)}", d.tooltip) for d in dots]})
    return c

"""Hand-built inline SVG charts: weight of evidence, posterior trajectory, posterior per case.

Each function returns a :class:`markupsafe.Markup` string ready to drop into a
template. Every text that comes from the study is escaped here; coordinates are
written with fixed decimals so the output is byte-identical run to run. The
charts carry ``<title>``/``<desc>`` and ``aria-labelledby`` for screen readers,
and signs and words next to colours (a red bar also reads ``−4.0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from . import fmt

escape = fmt.esc  # plain str: the SVG is assembled as text, then wrapped once in Markup

FOR, AGAINST, NEUTRAL = "#1f7a3f", "#b3261e", "#6b7280"
MAX_BARS = 30
CHAR_W = 6.8  # average glyph width at 11px in the system sans-serif; used to fit labels


def _n(x: float) -> str:
    """A coordinate: one decimal, no negative zero."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _open(uid: str, width: int, height: int, title: str, desc: str, cls: str) -> list[str]:
    return [
        f'<svg class="chart {cls}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]


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


def weight_chart(uid: str, bars: list[Bar], subject: str) -> Markup:
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
    out = _open(uid, width, height, f"Weight of evidence per item: {subject}", desc, "weights")
    out.append(f'<text x="{_n(mid - 6)}" y="14" text-anchor="end" class="axis-label">\u2190 against</text>')
    out.append(f'<text x="{_n(mid + 6)}" y="14" class="axis-label">for \u2192</text>')
    for i, b in enumerate(shown):
        y = top + i * row_h
        length = half if math.isinf(b.weight) else half * abs(b.weight) / scale
        x = mid if b.weight >= 0 else mid - length
        colour = FOR if b.weight > 0 else (AGAINST if b.weight < 0 else NEUTRAL)
        label = _fit(b.label, label_w - 10)
        row = [f"<title>{escape(b.tooltip)}</title>"]
        row.append(f'<text x="{label_w - 8}" y="{_n(y + 13)}" text-anchor="end" class="bar-label">'
                   f"{escape(label)}</text>")
        pattern = ' fill-opacity="0.45" stroke-dasharray="3 2"' if b.congruence else ""
        row.append(f'<rect x="{_n(x)}" y="{_n(y + 3)}" width="{_n(max(length, 1.0))}" height="{row_h - 6}" '
                   f'fill="{colour}" stroke="{colour}"{pattern}/>')
        value_x = mid + length + 4 if b.weight >= 0 else mid - length - 4
        anchor = "start" if b.weight >= 0 else "end"
        row.append(f'<text x="{_n(value_x)}" y="{_n(y + 13)}" text-anchor="{anchor}" class="bar-value">'
                   f"{escape(fmt.signed(b.weight))}</text>")
        body = "".join(row)
        if b.href:
            out.append(f'<a href="{escape(b.href)}">{body}</a>')
        else:
            out.append(f"<g>{body}</g>")
    out.append(f'<line x1="{_n(mid)}" y1="{top - 4}" x2="{_n(mid)}" y2="{top + row_h * len(shown) + 2}" '
               'class="zero"/>')
    if rest:
        out.append(f'<text x="{label_w - 8}" y="{height - 6}" text-anchor="end" class="axis-label">'
                   f"+ {rest} lighter tests (see the table)</text>")
    out.append("</svg>")
    return Markup("".join(out))


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
                     subject: str) -> Markup:
    """The posterior after each test as a step line over time, phases shaded, thresholds dashed.

    Dated tests sit at their date; undated tests (and the congruence test) follow
    in an "undated" strip at the right, in order. ``domain`` is the time span in
    fractional years (None when nothing is dated).
    """
    width, height = 520, 240
    left, right, top, bottom = 34, 10, 28, 30
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
    out = _open(uid, width, height, f"Posterior over time: {subject}", desc, "trajectory")
    out.append(f'<rect x="{left}" y="{_n(ty(1))}" width="{plot_w}" height="{_n(ty(confirmed) - ty(1))}" '
               'class="zone-confirmed"/>')
    out.append(f'<rect x="{left}" y="{_n(ty(rejected))}" width="{plot_w}" height="{_n(ty(0) - ty(rejected))}" '
               'class="zone-rejected"/>')
    if domain and time_w > 0:
        for i, b in enumerate(bands):
            x0, x1 = max(tx(b.start), left), min(tx(b.end), left + time_w)
            if x1 <= x0:
                continue
            out.append(f'<rect x="{_n(x0)}" y="{top}" width="{_n(x1 - x0)}" height="{plot_h}" '
                       f'class="phase phase-{i % 2}"><title>{escape(b.label)}</title></rect>')
            text = b.label if len(b.label) * CHAR_W < x1 - x0 - 4 else _fit(b.short, x1 - x0 - 4)
            out.append(f'<text x="{_n(x0 + 3)}" y="{top - 6 if i % 2 == 0 else top + 11}" class="phase-label">'
                       f"{escape(text)}</text>")
        for year in _ticks(lo, hi, room=max(2, int(time_w / 60))):
            x = tx(year)
            out.append(f'<line x1="{_n(x)}" y1="{top + plot_h}" x2="{_n(x)}" y2="{top + plot_h + 4}" class="tick"/>')
            out.append(f'<text x="{_n(x)}" y="{top + plot_h + 16}" text-anchor="middle" class="tick-label">'
                       f"{year}</text>")
    for p in (0.0, 0.5, 1.0):
        out.append(f'<line x1="{left}" y1="{_n(ty(p))}" x2="{left + plot_w}" y2="{_n(ty(p))}" class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{_n(ty(p) + 4)}" text-anchor="end" class="tick-label">'
                   f"{fmt.num(p, 1)}</text>")
    for p, word, sym, dy in ((confirmed, "confirmed", "\u2265", -3), (rejected, "rejected", "\u2264", 11)):
        out.append(f'<line x1="{left}" y1="{_n(ty(p))}" x2="{left + plot_w}" y2="{_n(ty(p))}" class="threshold"/>')
        out.append(f'<text x="{left + plot_w - 2}" y="{_n(ty(p) + dy)}" text-anchor="end" class="threshold-label">'
                   f"{word} {sym} {fmt.num(p)}</text>")
    strip_x0 = left + plot_w - strip
    if strip and strip < plot_w:
        out.append(f'<line x1="{_n(strip_x0 - 5)}" y1="{top}" x2="{_n(strip_x0 - 5)}" y2="{top + plot_h}" '
                   'class="divider"/>')
    if strip:
        out.append(f'<text x="{_n(strip_x0 + strip / 2)}" y="{top + plot_h + 16}" text-anchor="middle" '
                   'class="tick-label">undated</text>')
    xs: list[float] = []
    for s in dated:
        xs.append(tx(fmt.year_fraction(s.date)))  # type: ignore[arg-type]
    for j in range(len(undated)):
        xs.append(strip_x0 + strip * (j + 1) / (len(undated) + 1))
    ordered = dated + undated
    x_prev = left if domain else strip_x0
    y_prev = ty(prior)
    points = [(_n(x), _n(ty(s.posterior))) for x, s in zip(xs, ordered)]  # each used by the line and a dot
    path = [f"M{_n(x_prev)} {_n(y_prev)}"]
    path += [f"H{cx}V{cy}" for cx, cy in points]
    end_x = left + plot_w
    path.append(f"H{_n(end_x)}")
    out.append(f'<path d="{"".join(path)}" class="line"/>')
    out.append(f'<circle cx="{_n(x_prev)}" cy="{_n(y_prev)}" r="3" class="dot-prior">'
               f"<title>prior {escape(fmt.prob(prior))}</title></circle>")
    for (cx, cy), s in zip(points, ordered):
        cls = "dot-for" if s.weight > 0 else ("dot-against" if s.weight < 0 else "dot-neutral")
        out.append(f'<circle cx="{cx}" cy="{cy}" r="3.2" class="{cls}"><title>{escape(s.tooltip)}</title></circle>')
    out.append("</svg>")
    return Markup("".join(out))


@dataclass
class Dot:
    """One case of one hypothesis in the case comparison chart."""

    case_index: int
    posterior: float
    tooltip: str


SHAPES = ("circle", "square", "diamond", "triangle", "cross")


def _marker(shape: str, x: float, y: float, cls: str, title: str) -> str:
    t = f"<title>{escape(title)}</title>"
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" class="{cls}">{t}</circle>'
    if shape == "square":
        return f'<rect x="{_n(x - 4.5)}" y="{_n(y - 4.5)}" width="9" height="9" class="{cls}">{t}</rect>'
    if shape == "diamond":
        d = f"M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y)}L{_n(x)} {_n(y + 6)}L{_n(x - 6)} {_n(y)}Z"
    elif shape == "triangle":
        d = f"M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y + 5)}L{_n(x - 6)} {_n(y + 5)}Z"
    else:
        d = (f"M{_n(x - 5)} {_n(y - 5)}L{_n(x + 5)} {_n(y + 5)}M{_n(x + 5)} {_n(y - 5)}L{_n(x - 5)} {_n(y + 5)}")
    return f'<path d="{d}" class="{cls}">{t}</path>'


def comparison_chart(uid: str, rows: list[tuple[str, list[Dot]]], cases: list[str],
                     confirmed: float, rejected: float) -> Markup:
    """A dot plot: one row per hypothesis, one marker per case (distinct shapes) at its posterior."""
    width, label_w, row_h, top = 640, 230, 24, 34
    right = 16
    height = top + row_h * len(rows) + 26
    plot_w = width - label_w - right

    def tx(p: float) -> float:
        return label_w + p * plot_w

    desc = "; ".join(f"{label}: " + ", ".join(f"{cases[d.case_index]} {fmt.prob(d.posterior)}" for d in dots)
                     for label, dots in rows)
    out = _open(uid, width, height, "Posterior of each hypothesis per case", desc or "No hypotheses.", "compare")
    y0, y1 = top - 4, top + row_h * len(rows)
    out.append(f'<rect x="{_n(tx(confirmed))}" y="{y0}" width="{_n(tx(1) - tx(confirmed))}" height="{y1 - y0}" '
               'class="zone-confirmed"/>')
    out.append(f'<rect x="{_n(tx(0))}" y="{y0}" width="{_n(tx(rejected) - tx(0))}" height="{y1 - y0}" '
               'class="zone-rejected"/>')
    lx = label_w
    for i, name in enumerate(cases):
        shape = SHAPES[i % len(SHAPES)]
        out.append(_marker(shape, lx + 6, 14, f"mk mk-{i % len(SHAPES)}", name))
        out.append(f'<text x="{_n(lx + 15)}" y="18" class="legend">{escape(_fit(name, 110))}</text>')
        lx += 30 + min(len(name), 18) * CHAR_W
    for p in (0.0, rejected, 0.5, confirmed, 1.0):
        x = tx(p)
        out.append(f'<line x1="{_n(x)}" y1="{y0}" x2="{_n(x)}" y2="{y1}" class="grid"/>')
        out.append(f'<text x="{_n(x)}" y="{y1 + 14}" text-anchor="middle" class="tick-label">{fmt.num(p, 1)}</text>')
    for r, (label, dots) in enumerate(rows):
        y = top + r * row_h + row_h / 2
        out.append(f'<text x="{label_w - 10}" y="{_n(y + 4)}" text-anchor="end" class="bar-label">'
                   f"{escape(_fit(label, label_w - 14))}</text>")
        out.append(f'<line x1="{label_w}" y1="{_n(y)}" x2="{label_w + plot_w}" y2="{_n(y)}" class="row-line"/>')
        for d in dots:
            shape = SHAPES[d.case_index % len(SHAPES)]
            out.append(_marker(shape, tx(d.posterior), y, f"mk mk-{d.case_index % len(SHAPES)}", d.tooltip))
    out.append("</svg>")
    return Markup("".join(out))

"""SVG figures drawn from the YAML at build time, each with a text alternative. Pure."""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from . import models as m
from .formatting import number_sv


@dataclass(frozen=True)
class Figure:
    name: str        # file name without extension
    svg: str
    alt: str


def _text(x: float, y: float, s: str, size: int = 13, anchor: str = "middle", weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" font-family="sans-serif" fill="#1a1a1a">{escape(s)}</text>')


def _wrap(s: str, width: int) -> list[str]:
    words, lines, cur = s.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return lines or [""]


def _svg(w: int, h: int, title: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
            f"<title>{escape(title)}</title>{body}</svg>\n")


# Labels are at least 12 px where the figure is shown: the star at 420 px wide (358 px on a
# phone) from a 740 px canvas needs 25 px text; the programme theory is a 540 px column.
STAR_FONT = 25


def _star_label(x: float, y: float, ang: float, name: str) -> str:
    """A point's name beside its tip, on the outside: to the right of right-hand tips, to the left of
    left-hand tips, above the top one, so no label covers the star or another label."""
    c = math.cos(ang)
    anchor = "start" if c > 0.2 else "end" if c < -0.2 else "middle"
    lines = _wrap(name, 12)
    step = STAR_FONT + 3
    top = y - (len(lines) - 1) * step if math.sin(ang) < -0.9 else y - (len(lines) - 1) * step / 2
    return "".join(_text(x, top + j * step, line, STAR_FONT, anchor, "bold") for j, line in enumerate(lines))


def prevention_star(page: m.PreventionPage) -> Figure:
    star = page.star
    n = len(star.points)
    w, cx, cy, outer, inner = 740, 370, 270, 190, 78
    colours = list(star.colours) or ["#e4572e", "#f3c623", "#4caf50"]
    layers = len(star.layers)
    parts = []
    # Each point is drawn as nested triangles: tip layer outermost, base layer in the centre.
    for li in range(layers):
        scale = 1 - li / layers
        pts = []
        for k in range(2 * n):
            ang = -math.pi / 2 + k * math.pi / n
            r = (outer if k % 2 == 0 else inner) * scale if li else (outer if k % 2 == 0 else inner)
            pts.append(f"{cx + r * math.cos(ang):.1f},{cy + r * math.sin(ang):.1f}")
        colour = colours[li] if li < len(colours) else colours[-1]
        parts.append(f'<polygon points="{" ".join(pts)}" fill="{colour}" stroke="#333" stroke-width="1.5"/>')
    for k, point in enumerate(star.points):
        ang = -math.pi / 2 + 2 * k * math.pi / n
        gap = 22 if math.sin(ang) < -0.9 else 16
        x, y = cx + (outer + gap) * math.cos(ang), cy + (outer + gap) * math.sin(ang) + STAR_FONT / 3
        parts.append(_star_label(x, y, ang, point.name))
    # The fields named under the star, each with its colour.
    legend_y = cy + outer + 60
    for li, layer in enumerate(star.layers):
        colour = colours[li] if li < len(colours) else colours[-1]
        parts.append(f'<rect x="{cx - 150}" y="{legend_y - 20}" width="24" height="24" fill="{colour}" stroke="#333"/>')
        parts.append(_text(cx - 116, legend_y, layer.name, STAR_FONT, "start"))
        legend_y += STAR_FONT + 10
    alt = (f"Preventionsstjärnan: en stjärna med {n} uddar – {', '.join(p.name for p in star.points)}. "
           f"Varje udd har {layers} fält: {', '.join(l.name for l in star.layers)}.")
    return Figure("preventionsstjarnan", _svg(w, legend_y + 20, alt, "".join(parts)), alt)


STAGE_ORDER = {"aktivitet": 0, "forandring": 1, "kort_sikt": 2, "lang_sikt": 3, "mal": 4}


def program_theory(pt: m.ProgramTheory) -> Figure:
    """The chain from activity to goal as boxes one under the other (a column reads on a phone)."""
    chain = sorted(pt.chain, key=lambda s: STAGE_ORDER[s.stage])
    w, box_w, gap, font, line_h = 540, 520, 44, 19, 25
    parts = []
    y = 10
    for i, st in enumerate(chain):
        lines = [("• " if j == 0 else "  ") + line for item in st.items for j, line in enumerate(_wrap(item, 44))]
        h = 46 + len(lines) * line_h + 10
        parts.append(f'<rect x="10" y="{y}" width="{box_w}" height="{h}" rx="10" fill="#eef4fb" stroke="#1d5a9e" stroke-width="2"/>')
        parts.append(_text(10 + box_w / 2, y + 30, st.title, font + 2, weight="bold"))
        for j, line in enumerate(lines):
            parts.append(_text(26, y + 58 + j * line_h, line, font, anchor="start"))
        y += h
        if i < len(chain) - 1:
            ax = 10 + box_w / 2
            parts.append(f'<path d="M{ax},{y + 4} l0,{gap - 10} l-7,-9 m7,9 l7,-9" stroke="#1d5a9e" stroke-width="3" fill="none"/>')
            y += gap
    alt = "Programteorins kedja: " + " → ".join(f"{st.title} ({'; '.join(st.items)})" for st in chain)
    return Figure("programteori", _svg(w, y + 10, alt, "".join(parts)), alt)


def spider(survey: m.SpiderSurvey, titles: dict[str, str]) -> Figure | None:
    if len(survey.results) < 3 or survey.scale_max is None:
        return None
    n = len(survey.results)
    cx, cy, R = 330, 300, 200
    lo, hi = survey.scale_min or 0, survey.scale_max
    parts = []
    for ring in range(1, 5):
        r = R * ring / 4
        pts = " ".join(f"{cx + r * math.cos(-math.pi/2 + 2*math.pi*k/n):.1f},{cy + r * math.sin(-math.pi/2 + 2*math.pi*k/n):.1f}" for k in range(n))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#bbb"/>')
    pts = []
    for k, res in enumerate(survey.results):
        ang = -math.pi / 2 + 2 * math.pi * k / n
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{cx + R*math.cos(ang):.1f}" y2="{cy + R*math.sin(ang):.1f}" stroke="#bbb"/>')
        frac = (res.value - lo) / (hi - lo) if hi > lo else 0
        pts.append(f"{cx + R*frac*math.cos(ang):.1f},{cy + R*frac*math.sin(ang):.1f}")
        lx, ly = cx + (R + 40) * math.cos(ang), cy + (R + 40) * math.sin(ang)
        for j, line in enumerate(_wrap(titles.get(res.precondition, res.precondition), 22)):
            parts.append(_text(lx, ly + j * 18, line, 16))
    parts.append(f'<polygon points="{" ".join(pts)}" fill="#1d5a9e" fill-opacity="0.35" stroke="#1d5a9e" stroke-width="2"/>')
    alt = (f"Spindeldiagram över {survey.title}: " +
           "; ".join(f"{titles.get(r.precondition, r.precondition)} {number_sv(r.value)}" for r in survey.results) +
           f" (skala {number_sv(lo)}–{number_sv(hi)}).")
    return Figure("spindelmatning", _svg(660, 600, alt, "".join(parts)), alt)


def all_figures(pages: list[m.Page]) -> dict[str, Figure]:
    figs: dict[str, Figure] = {}
    titles = {}
    for p in pages:
        if isinstance(p, m.CollaborationPage):
            titles = {pc.id: pc.title for pc in p.preconditions}
    for p in pages:
        if isinstance(p, m.PreventionPage):
            figs["star"] = prevention_star(p)
        if isinstance(p, m.QualityPage):
            figs["chain"] = program_theory(p.program_theory)
            sp = spider(p.spider, titles)
            if sp:
                figs["spider"] = sp
    return figs

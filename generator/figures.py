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


def prevention_star(page: m.PreventionPage) -> Figure:
    star = page.star
    n = len(star.points)
    cx, cy, outer, inner = 360, 290, 230, 95      # room at the sides for the points' labels
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
        x, y = cx + (outer + 28) * math.cos(ang), cy + (outer + 28) * math.sin(ang)
        for j, line in enumerate(_wrap(point.name, 18)):
            parts.append(_text(x, y + j * 15 + (0 if ang < 0 else 8), line, 14, weight="bold"))
    alt = (f"Preventionsstjärnan: en stjärna med {n} uddar – {', '.join(p.name for p in star.points)}. "
           f"Varje udd har {layers} fält: {', '.join(l.name for l in star.layers)}.")
    return Figure("preventionsstjarnan", _svg(720, 600, alt, "".join(parts)), alt)


STAGE_ORDER = {"aktivitet": 0, "kort_sikt": 1, "lang_sikt": 2, "mal": 3}


def program_theory(pt: m.ProgramTheory) -> Figure:
    chain = sorted(pt.chain, key=lambda s: STAGE_ORDER[s.stage])
    box_w, gap, top = 220, 40, 20
    heights = []
    for st in chain:
        lines = sum(len(_wrap(i, 28)) for i in st.items)
        heights.append(60 + lines * 16)
    h = max(heights) + 2 * top
    w = len(chain) * box_w + (len(chain) - 1) * gap + 20
    parts = []
    for i, st in enumerate(chain):
        x = 10 + i * (box_w + gap)
        parts.append(f'<rect x="{x}" y="{top}" width="{box_w}" height="{heights[i]}" rx="10" fill="#eef4fb" stroke="#1d5a9e" stroke-width="2"/>')
        parts.append(_text(x + box_w / 2, top + 26, st.title, 15, weight="bold"))
        y = top + 50
        for item in st.items:
            for j, line in enumerate(_wrap(item, 28)):
                parts.append(_text(x + 12, y, ("• " if j == 0 else "  ") + line, 12, anchor="start"))
                y += 16
        if i < len(chain) - 1:
            ax = x + box_w + 4
            parts.append(f'<path d="M{ax},{top + 40} l{gap - 10},0 l-8,-6 m8,6 l-8,6" stroke="#1d5a9e" stroke-width="3" fill="none"/>')
    alt = "Programteorins kedja: " + " → ".join(f"{st.title} ({'; '.join(st.items)})" for st in chain)
    return Figure("programteori", _svg(w, h, alt, "".join(parts)), alt)


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
            parts.append(_text(lx, ly + j * 14, line, 12))
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

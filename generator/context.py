"""Template globals and filters derived from the resolved content. Pure.

Templates get data and small pure functions, never files or mutable state.
"""
from __future__ import annotations

from typing import Any

from . import models as m
from .checks import operator_list
from .figures import Figure
from .formatting import sv_sort_key
from .markup_guard import md_text
from .resolve import Resolved, ResolvedRegion

HUVUDMAN_SV = {"region": "region", "kommun": "kommun", "privat": "privat vårdgivare"}
CONSENT_SV = {"ja": "Ja", "nej": "Nej", "beror_pa": "Det beror på"}
KIND_SV = {
    "underlag": "Underlagsdokument", "lag": "Lagar", "förarbete": "Förarbeten och utredningar",
    "konvention": "Konventioner", "rapport": "Rapporter", "bok": "Böcker och avhandlingar",
    "artikel": "Artiklar", "webbsida": "Webbsidor", "annat": "Övrigt",
}
PROFESSIONS_SV = [("barnmorska", "Barnmorska"), ("bhv_sjukskoterska", "BHV-sjuksköterska"),
                  ("forskollarare", "Förskollärare"), ("socionom", "Socionom")]
HUVUDMEN_SV = [("region", "Regionen"), ("privat", "Privat vårdgivare"), ("kommun", "Kommunen")]
RULE_TYPES_SV = [
    ("gemensamma_oppettider", "Gemensamma öppettider"),
    ("sommarreducering", "Sommarreducering"),
    ("samlokalisering", "Samlokalisering"),
    ("malgrupp", "Målgrupp"),
    ("foraldraskapsstod_grupp", "Föräldraskapsstöd i grupp"),
    ("gemensam_utveckling", "Gemensamt utvecklingsarbete"),
    ("motestid", "Tid för husmöten och planering"),
    ("samordnare_krav", "Samordnare"),
    ("samordnare_andel", "Samordnarens andel av heltid"),
    ("samordnare_forordnande", "Samordnarens förordnande"),
    ("samordnare_finansiering", "Finansiering av samordnaren"),
    ("tillaggsuppdrag", "Ersättning för tilläggsuppdrag"),
]


def template_globals(resolved: Resolved, figures: dict[str, Figure]) -> dict[str, Any]:
    base = resolved.base
    titles: dict[str, str] = {}
    for page in base.pages:
        dumped = page.model_dump()
        _collect_titles(dumped, titles)
    for term in base.terms:
        titles[term.id] = term.term

    def used_sources(rr: ResolvedRegion) -> list[m.Source]:
        ids: set[str] = set()
        _collect_sources(rr.region.model_dump(), ids)
        for rp in rr.pages:
            _collect_sources(rp.page.model_dump(), ids)
        for c in rr.clauses:
            _collect_sources(c.model_dump(), ids)
        return sorted((base.sources[i] for i in ids if i in base.sources), key=lambda s: sv_sort_key(s.short or s.title))

    return {
        "merge_sources": merge_sources,
        "opnames": lambda ops: operator_list(ops),
        "huvudman_sv": lambda v: HUVUDMAN_SV.get(v, v),
        "consent_sv": lambda v: CONSENT_SV.get(v, v),
        "kind_sv": lambda v: KIND_SV.get(v, v),
        # Inserted into `![alt](…)` and a paragraph: escaped, so a `]` in a label keeps the figure.
        "fig_alt": lambda name: md_text(figures[name].alt),
        "precondition_title": lambda ident: titles.get(ident, ident),
        "used_sources": used_sources,
        "professions": PROFESSIONS_SV,
        "huvudmen": HUVUDMEN_SV,
        "rule_types": RULE_TYPES_SV,
    }


def merge_sources(groups) -> list[m.SourceRef]:
    """The source references of many items, each (source, section) once, in order."""
    seen: dict[tuple[str, str], m.SourceRef] = {}
    for group in groups:
        for ref in group:
            seen.setdefault((ref.source, ref.section), ref)
    return list(seen.values())


def md_html(text: str) -> str:
    """Inline Markdown (bold, italic) of a content text as escaped HTML, for HTML blocks."""
    import re

    from .render import html_escape

    out = html_escape(" ".join(text.split()))
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", out)


def template_filters(resolved: Resolved) -> dict[str, Any]:
    titles: dict[str, str] = {}
    for page in resolved.base.pages:
        _collect_titles(page.model_dump(), titles)
    return {
        "huvudman_sv": lambda v: HUVUDMAN_SV.get(v, v),
        "md_html": md_html,
        "item_title": lambda ident: f"”{titles.get(ident, ident)}”",
        "rule_of": lambda rr, rtype: rr.rule(rtype),
        # What a rule says, without where it comes from: two regions differ when these differ.
        "rule_values": lambda r: None if r is None else repr(r.model_dump(exclude={"id", "sources", "note", "topic"})),
    }


def _collect_titles(data: Any, out: dict[str, str]) -> None:
    if isinstance(data, dict):
        ident = data.get("id")
        if isinstance(ident, str):
            label = data.get("title") or data.get("name") or data.get("term") or data.get("text")
            if isinstance(label, str):
                out.setdefault(ident, label if len(label) < 90 else label[:87] + "…")
        for v in data.values():
            _collect_titles(v, out)
    elif isinstance(data, list):
        for v in data:
            _collect_titles(v, out)


def _collect_sources(data: Any, out: set[str]) -> None:
    if isinstance(data, dict):
        if "source" in data and "section" in data and isinstance(data["source"], str):
            out.add(data["source"])
        for v in data.values():
            _collect_sources(v, out)
    elif isinstance(data, list):
        for v in data:
            _collect_sources(v, out)

"""Template globals and filters derived from the resolved content. Pure.

Templates get data and small pure functions, never files or mutable state.
"""
from __future__ import annotations

from typing import Any

from . import lawref
from .form_page import form_path
from . import models as m
from . import rules as rl
from .formatting import operator_list
from .figures import Figure
from .formatting import sv_sort_key
from .markup_guard import md_text
from .resolve import Resolved, ResolvedRegion
from .voice import genitive

HUVUDMAN_SV = {"region": "region", "kommun": "kommun", "privat": "privat vårdgivare"}
CONSENT_SV = {"ja": "Ja", "nej": "Nej", "beror_pa": "Det beror på"}
KIND_SV = {
    "underlag": "Underlagsdokument", "lag": "Lagar", "förarbete": "Förarbeten och utredningar",
    "konvention": "Konventioner", "EU-förordning": "EU-förordningar", "rapport": "Rapporter", "bok": "Böcker och avhandlingar",
    "artikel": "Artiklar", "webbsida": "Webbsidor", "annat": "Övrigt",
}
PROFESSIONS_SV = [("barnmorska", "Barnmorska"), ("bhv_sjukskoterska", "BHV-sjuksköterska"),
                  ("forskollarare", "Förskollärare"), ("socionom", "Socionom")]
HUVUDMEN_SV = [("region", "Regionen"), ("privat", "Privat vårdgivare"), ("kommun", "Kommunen")]

def template_globals(resolved: Resolved, figures: dict[str, Figure]) -> dict[str, Any]:
    base = resolved.base
    titles: dict[str, str] = {}
    for page in base.pages:
        dumped = page.model_dump()
        _collect_titles(dumped, titles)
    for term in base.terms:
        titles[term.id] = term.term
    # A rule's sentence formats values by the field types of its own region (declared fields too).
    regions_by_rule = {id(rule): rr.region for rr in resolved.regions for rule in rr.region.rules}

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
        "form_path": form_path,   # the region's agreement form page (form_page.py)
        # One formatter of references everywhere (lawref.py): Markdown with links, plain text, law state.
        "source_line": lambda refs, link: lawref.source_line_md(refs, base.sources, link),
        "cite_text": lambda refs: lawref.cite_text(refs, base.sources),
        "cite_md": lambda refs: lawref.md_escape(lawref.cite_text(refs, base.sources)),
        "law_status": lambda src: lawref.law_status(src, base.sources),
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
        "seed_label": lambda refs: seed_label(base.sources, refs),
        # Rules are declarations: their sentence, strength label and comparison rows come from rules.py.
        "rule_text": lambda rule: rl.sentence(rule, regions_by_rule.get(id(rule))),
        "rule_strength": rl.strength_label,
        "compare_rows": lambda rrs: rl.compare_rows([rr.region for rr in rrs], [p.id for p in base.pages]),
    }


def seed_label(sources: dict[str, m.Source], refs) -> str:
    """The short name of the first source document (seed) a region section cites, e.g.
    "Skånes vägledning 2024": what a marked comparison says it comes from."""
    for ref in refs:
        src = sources.get(ref.source)
        if src is not None and src.kind == m.SourceKind.seed:
            return src.short or src.title
    src = sources.get(refs[0].source) if refs else None
    return (src.short or src.title) if src else "en annan regions underlag"


def merge_sources(groups) -> list[m.SourceRef]:
    """The source references of many items, each (source, section) once, in order."""
    seen: dict[object, object] = {}
    for group in groups:
        for ref in group:
            key = (ref.source, ref.section) if isinstance(ref, m.SourceRef) else ref.model_dump_json()
            seen.setdefault(key, ref)
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
        "genitive": genitive,
        "item_title": lambda ident: f"”{titles.get(ident, ident)}”",
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
        if isinstance(data.get("law"), str):  # a law reference (also under former:)
            out.add(data["law"])
        for v in data.values():
            _collect_sources(v, out)
    elif isinstance(data, list):
        for v in data:
            _collect_sources(v, out)

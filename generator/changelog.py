"""Change logs from the content's own change notes. Pure.

A page file, an item (anything with an id and sources), a clause, a rule, the glossary, the
bibliography and a region file may carry `changes: [{date, kind: major|minor, note}]`
(models.ChangeNote). From these, never from file times or the clock:
- each site page that has changes ends with an "Ändringar" section (page_entries);
- each region has a change log page, newest first (region_log), also a chapter of its Word guidance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import models as m

KIND = {"major": "väsentlig", "minor": "mindre"}
KIND_NOTE = ("*Väsentlig* ändrar vad ett avtal säger eller kräver (en regels värde eller styrka, en "
             "avtalsparagrafs innebörd, en lagrumshänvisning); *mindre* gäller formuleringar, källor och form.")


@dataclass(frozen=True)
class Entry:
    date: dt.date
    kind: str                    # major | minor
    note: str
    what: str                    # Swedish: which page, section, rule or clause
    path: str | None = None      # the site page that shows it (docs path)

    @property
    def kind_sv(self) -> str:
        return KIND[self.kind]


def _name(item: Any) -> str:
    for attr in ("title", "name", "term", "label", "theme"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return getattr(item, "id", "")


def _what(item: Any) -> str:
    if isinstance(item, m.Rule):
        return f"Regeln ”{item.label}”"
    if isinstance(item, m.Clause):
        return f"Avtalsparagrafen ”{item.title}”"
    if isinstance(item, m.Page):
        return f"Kapitlet ”{item.title}”"
    if isinstance(item, m.Region):
        return f"Regionens vägledning ({item.name})"
    for cls, name in ((m.GlossaryFile, "Ordlistan"), (m.SourcesFile, "Källförteckningen"), (m.ClauseFile, "Avtalsklausulerna")):
        if isinstance(item, cls):
            return name
    return f"”{_name(item)}”"


def entries(model: Any, path: str | None = None) -> list[Entry]:
    """The change notes of a model and of every item inside it."""
    out: list[Entry] = []

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for note in getattr(value, "changes", ()) or ():
                out.append(Entry(note.date, note.kind, note.note, _what(value), path))
            for name in type(value).model_fields:
                if name != "changes":
                    walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
    walk(model)
    return out


def _region_own(region: m.Region) -> m.Region:
    """The region file without its rules and overlay (those are shown where they apply)."""
    return region.model_copy(update={"rules": [], "overlay": m.Overlay()})


def newest_first(items: list[Entry]) -> list[Entry]:
    unique = list(dict.fromkeys(items))
    return sorted(unique, key=lambda e: (-e.date.toordinal(), e.kind != "major", e.what, e.note))


def page_entries(origin: tuple, template: str, context: dict) -> list[Entry]:
    """The changes a site page shows (site_plan.PageSpec origin, template and context). Pages built
    from everything (start page, comparison) and the drafts (`fcguide update` tells a centre
    what changed) have none; a region's change log is its own page."""
    kind = origin[0] if origin else "fixed"
    found: list[Entry] = []
    files = context["base"].reviewed_files if "base" in context else {}
    if template.endswith(("glossary.md.j2", "sources.md.j2")):
        key = "glossary" if template.endswith("glossary.md.j2") else "sources"
        found = entries(files[key][3]) if key in files else []
    elif template.endswith("region_index.md.j2"):
        found = entries(_region_own(context["rr"].region))
    elif kind == "page":
        found = entries(context["page"])
    elif kind == "region-page":
        found = entries(context["page"]) + entries(list(context.get("rules", ()))) + entries(
            list(context.get("chapter_additions", ())))
    elif kind == "chapter":
        found = entries(context["chapter"])
    return newest_first(found)


def region_log(rr, base) -> list[Entry]:
    """Every change in one region's guidance, newest first, each with the page that shows it."""
    from .site_plan import _region_chapters

    found = entries(_region_own(rr.region), f"{rr.id}/index.md")
    shown = set()
    for path, _title, kind, obj in _region_chapters(rr):
        if kind == "page":
            found += entries(obj.page, path) + entries(list(obj.rules), path) + entries(list(obj.additions), path)
            shown |= {r.id for r in obj.rules}
        elif kind == "chapter":
            found += entries(obj, path)
    found += entries([r for r in rr.region.rules if r.id not in shown], f"{rr.id}/index.md")
    drafts = f"{rr.id}/avtal/index.md" if rr.centres else None
    found += entries(list(rr.clauses), drafts)
    for key, (_label, _file, _line, model) in base.reviewed_files.items():
        if key.startswith("clauses"):  # the file's own notes; its clauses are this region's above
            found += entries(model.model_copy(update={"clauses": []}), drafts)
        elif key in ("glossary", "sources"):
            found += entries(model)
    return newest_first(found)

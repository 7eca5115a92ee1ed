"""Base + overlay (+ centres) -> one resolved view per region. Pure.

Overlay semantics: `exclude` drops any base item with that id (section, list
item, operator, table row ...); `reword` replaces its title and/or main text
and its sources; `add` appends region chapters, either as *Regionala tillägg*
to a base page (`topic`) or as region-only chapters. Rules are attached to the
page named by their `topic`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from . import models as m
from .checks import Assessment, assess_centre
from .diagnostics import Diagnostics
from .validate import Base, CentreInput, Project, RegionInput
from .voice import has_placeholder, speak

TEXT_FIELDS = ("body", "text", "role", "definition", "description", "reason", "summary")


@dataclass(frozen=True)
class ResolvedPage:
    page: m.Page                     # the base page with the overlay applied
    additions: tuple[m.Chapter, ...] # region chapters with topic == this page
    rules: tuple[Any, ...]           # rules whose topic is this page
    reworded: frozenset[str]         # ids reworded by the region


@dataclass(frozen=True)
class ResolvedCentre:
    centre: m.Centre
    assessment: Assessment
    path: str                        # file shown to the author


@dataclass(frozen=True)
class ResolvedRegion:
    region: m.Region
    pages: tuple[ResolvedPage, ...]
    own_chapters: tuple[m.Chapter, ...]  # region-only chapters, by order
    clauses: tuple[m.Clause, ...]
    terms: tuple[m.Term, ...]
    centres: tuple[ResolvedCentre, ...]
    excluded: frozenset[str]
    clause_rules: tuple[tuple[str, m.Rule], ...] = ()  # clause id -> the rule whose clause it is

    @property
    def id(self) -> str:
        return self.region.id

    def rule_of_clause(self, clause_id: str) -> m.Rule | None:
        return next((r for cid, r in self.clause_rules if cid == clause_id), None)


@dataclass(frozen=True)
class Resolved:
    base: Base
    regions: tuple[ResolvedRegion, ...]


def _apply(data: Any, excluded: set[str], rewords: dict[str, m.Reword]) -> Any:
    if isinstance(data, dict):
        out = {k: _apply(v, excluded, rewords) for k, v in data.items()}
        rw = rewords.get(out.get("id")) if isinstance(out.get("id"), str) else None
        if rw is not None:
            if rw.title is not None and "title" in out:
                out["title"] = rw.title
            elif rw.title is not None and "name" in out:
                out["name"] = rw.title
            if rw.text is not None:
                key = next((k for k in TEXT_FIELDS if k in out), None)
                if key is not None:
                    out[key] = rw.text
            out["sources"] = [s.model_dump() for s in rw.sources]
        return out
    if isinstance(data, list):
        return [_apply(v, excluded, rewords) for v in data
                if not (isinstance(v, dict) and v.get("id") in excluded)]
    return data


def _overlay(model, excluded: set[str], rewords: dict[str, m.Reword], region: m.Region | None = None):
    data = speak(_apply(model.model_dump(mode="python"), excluded, rewords), region)
    return type(model).model_validate(data)


def _voiced(base: Base) -> set[str]:
    """Ids of the base pages whose text names a region's facts through a placeholder."""
    return {p.id for p in base.pages if has_placeholder(p.model_dump(mode="python"))}


def resolve_region(base: Base, rin: RegionInput, voiced: set[str] | None = None) -> tuple[ResolvedRegion, Diagnostics]:
    diags = Diagnostics()
    region = rin.region
    excluded = set(region.overlay.exclude)
    rewords = {r.id: r for r in region.overlay.reword}
    pages = []
    touched = {base.page_of_item.get(i) for i in excluded | set(rewords)} | (_voiced(base) if voiced is None else voiced)
    for page in base.pages:
        try:
            # Copy-and-revalidate only pages the overlay touches or that speak with the region's
            # values; the rest are shared as they are.
            new_page = _overlay(page, excluded, rewords, region) if page.id in touched else page
        except Exception:  # e.g. excluding the last item of a list that must not be empty
            line = rin.where.line("overlay")
            diags.error(rin.where.path, line, "overlay",
                        f"tillägget gör sidan \"{page.id}\" ogiltig (t.ex. en lista blir tom); uteslut färre punkter")
            new_page = page
        pages.append(ResolvedPage(
            page=new_page,
            additions=tuple(ch for ch in region.overlay.add if ch.topic == page.id),
            rules=tuple(r for r in region.rules if r.topic == page.id),
            reworded=frozenset(i for i in rewords if base.page_of_item.get(i) == page.id),
        ))
    own = tuple(sorted((ch for ch in region.overlay.add if ch.topic is None), key=lambda c: (c.order, c.id)))
    clauses = [
        (_overlay(c, excluded, rewords) if c.id in rewords else c) for c in base.clauses
        if c.id not in excluded and (not c.regions or region.id in c.regions)
    ]
    # A rule's own paragraph (rules[].clause) joins the clause library by its number.
    clause_rules = []
    for rule in region.rules:
        if rule.clause is not None:
            rc = rule.clause
            clauses.append(m.Clause(id=rule.id, number=rc.number, title=rc.title, text=rc.text,
                                    sources=list(rc.sources or rule.sources)))
            clause_rules.append((rule.id, rule))
    clauses.sort(key=lambda c: c.number)  # stable: the base clause first where numbers are equal
    terms = tuple((_overlay(t, excluded, rewords) if t.id in rewords else t) for t in base.terms if t.id not in excluded)
    centres = []
    for cin in rin.centres:
        assessment = assess_centre(cin.centre, region)
        centres.append(ResolvedCentre(cin.centre, assessment, str(cin.where.path)))
        _report(cin, assessment, diags)
    return ResolvedRegion(region, tuple(pages), own, tuple(clauses), terms, tuple(centres), frozenset(excluded),
                          tuple(clause_rules)), diags


def _source_text(rule) -> str:
    from .lawref import place

    return "; ".join(f"{s.source}, {s.section}" if isinstance(s, m.SourceRef) else f"{s.law} {place(s)}".strip()
                     for s in rule.sources)


def _report(cin: CentreInput, a: Assessment, diags: Diagnostics) -> None:
    for f in a.findings:
        line = cin.where.line(*f.field.split("."))
        if f.is_error:
            diags.error(cin.where.path, line, f.field,
                        f"{f.message} – bryter mot regeln {f.rule.id} (ska; källa: {_source_text(f.rule)}). "
                        f"Rätta värdet eller motivera avvikelsen under deviations: med rule: {f.rule.id}")
        elif f.strength == m.Strength.bor:
            diags.warning(cin.where.path, line, f.field,
                          f"{f.message} – avviker från rekommendationen {f.rule.id} (bör; källa: {_source_text(f.rule)})")


def resolve_project(project: Project) -> tuple[Resolved, Diagnostics]:
    diags = Diagnostics()
    regions = []
    voiced = _voiced(project.base)
    for rid in sorted(project.regions):
        rr, d = resolve_region(project.base, project.regions[rid], voiced)
        regions.append(rr)
        diags.extend(d)
    # The national pages speak for no region: placeholders read their neutral word.
    base = project.base
    if voiced:
        base = replace(base, pages=[_overlay(p, set(), {}) if p.id in voiced else p for p in base.pages])
    return Resolved(base, tuple(regions)), diags

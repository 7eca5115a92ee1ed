"""Which pages the site has, where they live, and what each template gets. Pure.

The plan is data: a list of PageSpec (path, template, context) and the nav.
Templates receive frozen models and small helper functions, never files.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from . import models as m
from .changelog import KIND_NOTE, region_log
from .form_page import form_path
from .render import slugify
from .resolve import Resolved, ResolvedRegion

INTRO = "ny"
ACCESSIBILITY = "tillganglighet.md"   # linked from every page's footer (templates/theme)


@dataclass(frozen=True)
class PageSpec:
    path: str                 # docs-relative, e.g. "ny/sekretess-och-samtycke.md"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # What made the page, so a clash of paths can be located in the YAML:
    # ("page", page id), ("region-page", region id, page id), ("chapter", region id, chapter id),
    # ("centre", region id, centre id), ("region", region id) for a region's fixed pages,
    # ("fixed",) for a page fcguide itself always makes.
    origin: tuple = ("fixed",)


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[PageSpec, ...]
    nav: list
    region_ids: tuple[str, ...]


def page_path(page: m.Page) -> str:
    return f"{INTRO}/{slugify(page.title)}.md"


def chapter_path(region_id: str, title: str) -> str:
    return f"{region_id}/{slugify(title)}.md"


def changelog_path(region_id: str) -> str:
    """The region's change log (changelog.region_log): a page of the site and a chapter of its Word guidance."""
    return f"{region_id}/andringar.md"


def draft_path(region_id: str, centre_id: str) -> str:
    return f"{region_id}/avtal/{centre_id}.md"


class Links:
    """Relative links from one page, so the site works in any folder (intranet, file share)."""

    def __init__(self, here: str):
        self.here = here

    def __call__(self, target: str) -> str:
        if "#" in target:
            path, anchor = target.split("#", 1)
            anchor = "#" + anchor
        else:
            path, anchor = target, ""
        if not path:
            return anchor
        rel = posixpath.relpath(path, posixpath.dirname(self.here) or ".")
        return rel + anchor


NATIONAL_ADDITIONS = "Nationella tillägg"


@dataclass(frozen=True)
class ChapterGroup:
    """Chapters of a region's guidance under one chapter of the region's own source.

    kind: "source" (a chapter of the source's table of contents), "own" (region chapters the
    order does not place), "national" (base pages the source does not have: the national
    additions, in one place), "base" (no source order declared: everything in the base's order).
    Each entry is (path, title, kind, object); kind "part" is a link to a section inside a page
    that is listed elsewhere (path has an anchor), never a page of its own."""
    title: str | None
    kind: str
    entries: tuple


def _base_order(rr: ResolvedRegion) -> list[tuple[str, str, str, Any]]:
    items: list[tuple[int, str, str, str, Any]] = []
    for rp in rr.pages:
        items.append((rp.page.order, chapter_path(rr.id, rp.page.title), rp.page.title, "page", rp))
    for ch in rr.own_chapters:
        items.append((ch.order, chapter_path(rr.id, ch.title), ch.title, "own", ch))
    items.sort(key=lambda t: (t[0], t[1]))
    return [(p, t, k, o) for _, p, t, k, o in items]


def _find_item(data: Any, ident: str) -> str | None:
    """The title of the item `ident` inside a page dump, or None."""
    if isinstance(data, dict):
        if data.get("id") == ident:
            return data.get("title") or data.get("name") or ident
        data = list(data.values())
    if isinstance(data, list):
        for v in data:
            found = _find_item(v, ident)
            if found is not None:
                return found
    return None


def region_groups(rr: ResolvedRegion) -> list[ChapterGroup]:
    """The region's chapters in the order of its own source (region.yaml `structure`), then the
    base pages the source lacks as one group of national additions."""
    st = rr.region.structure
    if st is None or not st.chapters:
        return [ChapterGroup(None, "base", tuple(_base_order(rr)))]
    pages = {rp.page.id: rp for rp in rr.pages}
    own = {ch.id: ch for ch in rr.own_chapters}
    placed: set[str] = set()
    groups = []
    for sc in st.chapters:
        entries = []
        for ident in sc.items:
            if ident in pages:
                rp = pages[ident]
                entries.append((chapter_path(rr.id, rp.page.title), rp.page.title, "page", rp))
            elif ident in own:
                ch = own[ident]
                entries.append((chapter_path(rr.id, ch.title), ch.title, "own", ch))
            else:
                for rp in rr.pages:
                    title = _find_item(rp.page.model_dump(), ident)
                    if title is not None:
                        entries.append((f"{chapter_path(rr.id, rp.page.title)}#{ident}", title, "part", rp))
                        break
            placed.add(ident)
        groups.append(ChapterGroup(sc.title, "source", tuple(entries)))
    rest = [e for e in _base_order(rr) if (e[3].page.id if e[2] == "page" else e[3].id) not in placed]
    if any(e[2] == "own" for e in rest):
        groups.append(ChapterGroup("Regionens egna kapitel", "own", tuple(e for e in rest if e[2] == "own")))
    national = [e for e in rest if e[2] == "page"]
    moved = moved_sections(rr)
    if moved:
        parts = tuple((rp, sec) for rp in rr.pages for sec in rp.page.sections if sec.id in moved)
        national.append((chapter_path(rr.id, NATIONAL_ADDITIONS), "Nationella tillägg i grundens kapitel", "national", parts))
    if national:
        groups.append(ChapterGroup(NATIONAL_ADDITIONS, "national", tuple(national)))
    return groups


def moved_sections(rr: ResolvedRegion) -> frozenset[str]:
    """Base sections this region's source does not have, shown on its national-additions page."""
    st = rr.region.structure
    return frozenset(st.national_sections) if st is not None and st.chapters else frozenset()


def _region_chapters(rr: ResolvedRegion) -> list[tuple[str, str, str, Any]]:
    """(path, title, kind, object) for each chapter page of a region's guidance, in order."""
    return [e for g in region_groups(rr) for e in g.entries if e[2] != "part"]


def plan_site(resolved: Resolved, meta: dict[str, Any]) -> SitePlan:
    base = resolved.base
    regions = resolved.regions
    pages: list[PageSpec] = []
    sources = base.sources
    common = {"base": base, "regions": regions, "meta": meta}

    def add(path: str, title: str, template: str, origin: tuple = ("fixed",), **ctx: Any) -> None:
        pages.append(PageSpec(path, title, template, {**common, **ctx, "title": title, "here": path, "link": Links(path)},
                              origin))

    chapters = {rr.id: _region_chapters(rr) for rr in regions}
    groups = {rr.id: region_groups(rr) for rr in regions}

    add("index.md", "Familjecentralsguiden", "site/start.md.j2", chapters=chapters)
    add(f"{INTRO}/index.md", "Ny på familjecentralen", "site/intro_index.md.j2",
        page_path=page_path)
    nav_intro: list = [{"Översikt": f"{INTRO}/index.md"}]
    for page in base.pages:
        additions = []
        for rr in regions:
            rp = next(p for p in rr.pages if p.page.id == page.id)
            if rp.additions or rp.rules or rp.reworded:
                additions.append((rr, rp, chapter_path(rr.id, rp.page.title)))
        add(page_path(page), page.title, "site/topic.md.j2", ("page", page.id), page=page, additions=additions,
            reworded=frozenset(), rules=(), chapter_additions=(), region=None)
        nav_intro.append({page.title: page_path(page)})
    secrecy = next((p for p in base.pages if isinstance(p, m.SecrecyPage)), None)
    if secrecy is not None:
        add(f"{INTRO}/behover-jag-samtycke.md", "Behöver jag samtycke?", "site/consent.md.j2", page=secrecy,
            secrecy_path=page_path(secrecy))
        nav_intro.append({"Behöver jag samtycke?": f"{INTRO}/behover-jag-samtycke.md"})
    add("ordlista.md", "Ordlista", "site/glossary.md.j2", terms=base.terms,
        search_words={t.glossary: t for t in base.search.terms if t.glossary})
    add("kallor.md", "Källor", "site/sources.md.j2", sources=list(sources.values()))

    nav_regions: list = []
    for rr in regions:
        rnav: list = [{"Om vägledningen": f"{rr.id}/index.md"}]
        add(f"{rr.id}/index.md", f"Vägledning {rr.region.name}", "site/region_index.md.j2", ("region", rr.id), rr=rr,
            chapters=chapters[rr.id], groups=groups[rr.id], changelog_path=changelog_path)
        for group in groups[rr.id]:
            gnav: list = []
            for path, title, kind, obj in group.entries:
                if kind == "part":
                    continue
                if kind == "page":
                    add(path, title, "site/topic.md.j2", ("region-page", rr.id, obj.page.id), page=obj.page, additions=(),
                        region=rr, reworded=obj.reworded, rules=obj.rules, chapter_additions=obj.additions, group=group,
                        moved=moved_sections(rr), national_path=chapter_path(rr.id, NATIONAL_ADDITIONS))
                elif kind == "national":
                    add(path, title, "site/national_additions.md.j2", ("region", rr.id), rr=rr, parts=obj, group=group)
                else:
                    add(path, title, "site/region_chapter.md.j2", ("chapter", rr.id, obj.id), rr=rr, chapter=obj,
                        group=group)
                gnav.append({title: path})
            if group.title is None or (len(gnav) == 1 and next(iter(gnav[0])) == group.title):
                rnav.extend(gnav)
            elif gnav:
                rnav.append({group.title: gnav})
        add(changelog_path(rr.id), "Ändringar", "site/changelog.md.j2", ("region", rr.id), rr=rr,
            entries=region_log(rr, base), kind_note=KIND_NOTE)
        rnav.append({"Ändringar": changelog_path(rr.id)})
        add(f"{rr.id}/referenser.md", "Referenser", "site/region_refs.md.j2", ("region", rr.id), rr=rr)
        rnav.append({"Referenser": f"{rr.id}/referenser.md"})
        add(form_path(rr.id), "Skapa ett avtalsutkast", "site/avtal_form.md.j2", ("region", rr.id), rr=rr)
        rnav.append({"Skapa ett avtalsutkast": form_path(rr.id)})
        if rr.centres:
            add(f"{rr.id}/avtal/index.md", "Avtalsutkast", "site/drafts_index.md.j2", ("region", rr.id), rr=rr,
                draft_path=draft_path)
            for rc in rr.centres:
                add(draft_path(rr.id, rc.centre.id), rc.centre.name, "site/draft_page.md.j2",
                    ("centre", rr.id, rc.centre.id), rr=rr, rc=rc)
            # Only the overview is in the navigation; it links every draft (see not_in_nav in mkdocs.yml).
            rnav.append({"Avtalsutkast": f"{rr.id}/avtal/index.md"})
        nav_regions.append({f"{rr.region.name}": rnav})

    if len(regions) > 1:
        add("jamfor-regionerna.md", "Jämför regionerna", "site/compare.md.j2", chapters=chapters)
    add("styrgrupp.md", "Styrgrupp: skapa avtalsutkast", "site/steering.md.j2", draft_path=draft_path)
    # For editors: which pages' reviews are overdue or missing (review.py fills in the rows).
    add("granskning.md", "Granskning av innehållet", "site/review.md.j2")
    add("gor-en-egen-vagledning.md", "Region: gör en egen vägledning", "site/fork.md.j2", site=base.site)
    if base.site is not None:
        add(ACCESSIBILITY, "Tillgänglighetsredogörelse", "site/accessibility.md.j2", site=base.site)

    nav = [
        {"Start": "index.md"},
        {"Ny på familjecentralen": nav_intro},
        {"Regionernas vägledningar": nav_regions + ([{"Jämför regionerna": "jamfor-regionerna.md"}] if len(regions) > 1 else [])},
        {"Styrgrupp": "styrgrupp.md"},
        {"Gör en egen vägledning": "gor-en-egen-vagledning.md"},
        {"Ordlista": "ordlista.md"},
        {"Källor": "kallor.md"},
        {"Granskning": "granskning.md"},
    ] + ([{"Tillgänglighetsredogörelse": ACCESSIBILITY}] if base.site is not None else [])
    return SitePlan(tuple(pages), nav, tuple(rr.id for rr in regions))


# --- output paths ------------------------------------------------------------------------

def output_url(path: str) -> str:
    """The folder a page is published in: MkDocs writes both ny.md and ny/index.md to ny/index.html."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    return stem[: -len("/index")] if stem.endswith("/index") else stem


@dataclass(frozen=True)
class PathProblem:
    page: PageSpec
    other: PageSpec | None      # the page already at that address; None: a Windows-reserved name
    url: str


def path_problems(plan: SitePlan) -> list[PathProblem]:
    """Two pages published at one address (the later would silently replace the earlier),
    and addresses with a folder or file name Windows cannot store (con, aux, com1 …)."""
    from .models import windows_reserved

    seen: dict[str, PageSpec] = {}
    problems: list[PathProblem] = []
    for spec in plan.pages:
        url = output_url(spec.path)
        if url in seen:
            problems.append(PathProblem(spec, seen[url], url))
            continue
        seen[url] = spec
        if any(windows_reserved(part) for part in spec.path.split("/")):
            problems.append(PathProblem(spec, None, url))
    return problems

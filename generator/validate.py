"""Plain data -> typed models, every problem -> a located Swedish diagnostic.

Checks beyond the models (they need the whole project): unique ids, references
to sources/ids/rules/regions, rule placeholders in clauses, and guards against
raw HTML and personal data in published text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from . import agreement_model, agreement_parts, law_checks, markup_guard
from . import models as m
from . import privacy
from . import rules as rl
from .diagnostics import Diagnostics
from .messages import translate
from .sources import Document, ProjectFiles
from .yamlio import Positions

PAGE_MODELS: dict[str, type[m.Page]] = {
    "operators": m.OperatorsPage,
    "roles": m.RolesPage,
    "prevention_star": m.PreventionPage,
    "collaboration": m.CollaborationPage,
    "secrecy": m.SecrecyPage,
    "parenting_support": m.ParentingPage,
    "quality": m.QualityPage,
}

PAGE_BLOCKS = {
    m.OperatorsPage: {"operators", "partners"},
    m.RolesPage: {"roles"},
    m.PreventionPage: {"star", "levels"},
    m.CollaborationPage: {"definitions", "preconditions", "evaluation_boxes"},
    m.SecrecyPage: {"table", "consent_helper"},
    m.ParentingPage: {"grundpaket"},
    m.QualityPage: {"spider", "program_theory"},
}

CLAUSE_BLOCKS = {"parties", "operator_responsibilities", "coordinator", "steering_group",
                 "local_goals", "deviations", "signatures"} | agreement_parts.BLOCKS

CLAUSE_PLACEHOLDERS = {
    "centre.name", "centre.kommun", "centre.address", "centre.form", "centre.colocated",
    "centre.opening_hours_per_week", "centre.target_min_age", "centre.target_max_age",
    "centre.start", "centre.end", "centre.duration_years", "centre.review_month",
    "centre.notice_months", "coordinator.profession", "coordinator.share_percent",
    "coordinator.appointed_years", "summer.weeks", "summer.half_days_per_week",
    "region.name", "region.lan", "guidance.title", "guidance.year", "guidance.version",
} | agreement_parts.PLACEHOLDERS
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_-]+)+)\}")


@dataclass(frozen=True)
class Located:
    """Where a model came from, so later stages can cite file and line."""
    path: Path
    positions: Positions

    def line(self, *loc: Any) -> int:
        return self.positions.lookup(loc)


@dataclass
class Base:
    sources: dict[str, m.Source]
    terms: list[m.Term]
    pages: list[m.Page]                      # sorted by order
    clauses: list[m.Clause]                  # sorted by number
    item_ids: dict[str, tuple[str, int]]    # every id in the base -> (file shown, line): plain data for templates
    page_of_item: dict[str, str]             # item id -> page id
    # Each reviewed file of the base (review.py): key -> (label, file shown, line of reviewed:, model)
    reviewed_files: dict[str, tuple] = field(default_factory=dict)
    site: m.SiteInfo | None = None           # publisher, contact, accessibility statement (webbplats.yaml)
    search: m.SearchFile = field(default_factory=m.SearchFile)  # content/search.yaml


@dataclass
class CentreInput:
    centre: m.Centre
    where: Located


@dataclass
class RegionInput:
    region: m.Region
    where: Located
    centres: list[CentreInput]
    templates: Path | None


@dataclass
class Project:
    root: Path
    base: Base
    regions: dict[str, RegionInput] = field(default_factory=dict)


# --- helpers ------------------------------------------------------------------------

def _field(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _clean_loc(loc: tuple) -> tuple:
    # Unions add the member's name to loc ("function-after[...]", "list[...]", "int"); authors never wrote it.
    return tuple(p for p in loc if not (isinstance(p, str) and (p.startswith("function-") or p in _UNION_TAGS or p in m.REF_TAGS
                                                                or p.startswith(("list[", "literal[", "constrained-")))))


_UNION_TAGS = {"bool", "int", "float", "str"}


def _model(cls: type[BaseModel], doc: Document, diags: Diagnostics, prefix: tuple = ()) -> Any:
    data = doc.data
    for key in prefix:
        data = data[key]
    if not isinstance(data, dict):
        diags.error(doc.path, doc.positions.lookup(prefix), _field(prefix),
                    "ska vara en samling fält (nyckel: värde), inte en lista eller en ensam text")
        return None
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = prefix + _clean_loc(tuple(err["loc"]))
            if err["type"] == "union_tag_invalid":  # pydantic locates it at the rule; the author wrote it at `type`
                loc += (str(err.get("ctx", {}).get("discriminator", "type")).strip("'"),)
            diags.error(doc.path, doc.positions.lookup(loc), _field(loc), translate(err))
        return None


def _walk(data: Any, pos: Positions, loc: tuple = ()) -> Iterator[tuple[tuple, Any, Positions]]:
    yield loc, data, pos
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, pos.children.get(k, pos), loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, pos.children.get(i, pos), loc + (i,))


# --- text guards (published content) --------------------------------------------------

HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*[a-zA-Z]+[\s/>]")
JS_RE = re.compile(r"(?i)(javascript|vbscript|data)\s*:")
SCRIPT_SCHEME_RE = re.compile(r"(?i)\b(?:java|vb)\s*script\s*:")
# Link and image targets and attribute lists are read the way Markdown reads them: markup_guard.


def check_text_guards(doc: Document, diags: Diagnostics) -> None:
    """Refuse raw HTML, script links and personal data anywhere in a published file."""
    for line, comment in doc.positions.comments:
        # Comments are not shown on the site, but the files themselves are published. Only
        # identity numbers here: comments legitimately show example function addresses.
        if privacy.has_personnummer(comment):
            diags.error(doc.path, line, "kommentar", "kommentaren innehåller ett personnummer eller samordningsnummer; "
                        "filerna publiceras, så sådana uppgifter får inte finnas här")
    for loc, value, pos in _walk(doc.data, doc.positions):
        if not isinstance(value, str):
            continue
        where = (doc.path, pos.line, _field(loc))
        if HTML_RE.search(value):
            diags.error(*where, "texten innehåller HTML-kod (t.ex. <b> eller <script>); skriv Markdown i stället, HTML tas inte emot av säkerhetsskäl")
        scheme, foreign_image = markup_guard.link_problems(value)
        if SCRIPT_SCHEME_RE.search(value) or scheme or (
                JS_RE.search(value) and ("<" in value or value.strip().lower().startswith(("javascript", "vbscript", "data")))):
            shown = f" (här: {scheme}:)" if scheme and scheme not in ("javascript", "vbscript", "data") else ""
            diags.error(*where, f"länkar med javascript:, vbscript:, data: eller andra okända adresstyper är inte tillåtna{shown}; använd https://-länkar")
        if foreign_image:
            diags.error(*where, "bilden hämtas från en annan webbplats; sidorna hämtar inget från andra servrar, "
                                "så lägg bilden i webbplatsen och länka med en relativ sökväg (t.ex. ../assets/bild.png)")
        # A rule's text templates hold {value}-style placeholders that rules.py fills before
        # anything is rendered; only what is left can be an attribute list.
        guarded = rl.without_placeholders(value) if loc[:1] == ("rules",) else value
        for problem in markup_guard.attr_list_problems(guarded):
            diags.error(*where, f"{problem}. Menar du klammerparenteser som text, skriv \\{{ och \\}}")
        for message in privacy.value_problems(loc[-1] if loc else "", value):
            diags.error(*where, message)


def _search_file(files: ProjectFiles, doc: Document | None, terms: list[m.Term], diags: Diagnostics) -> m.SearchFile:
    """content/search.yaml: one list of the words readers type, read by search and the glossary."""
    if doc is None:
        return m.SearchFile()
    sfile = _model(m.SearchFile, doc, diags)
    if sfile is None:
        return m.SearchFile()
    glossary = {t.id for t in terms}
    seen: dict[str, int] = {}
    for ti, entry in enumerate(sfile.terms):
        if entry.glossary is not None and glossary and entry.glossary not in glossary:
            loc = ("terms", ti, "glossary")
            diags.error(doc.path, doc.positions.lookup(loc), _field(loc),
                        f"ordlistan har ingen term med id \"{entry.glossary}\" (se content/glossary.yaml)")
        key = entry.term.lower()
        if key in seen:
            loc = ("terms", ti, "term")
            diags.error(doc.path, doc.positions.lookup(loc), _field(loc),
                        f"\"{entry.term}\" finns redan som term på rad {seen[key]}; samla orden under en term")
        else:
            seen[key] = doc.positions.lookup(("terms", ti, "term"))
    return sfile


# --- the stage ----------------------------------------------------------------------

def validate_project(files: ProjectFiles, docs: dict[Path, Document]) -> tuple[Project | None, Diagnostics]:
    diags = Diagnostics()
    for doc in docs.values():
        check_text_guards(doc, diags)
    # Templates are published too (T06): the same personal-data detector, located at path:line.
    privacy.scan_templates(files.root, [files.templates] + [r.templates for r in files.regions.values() if r.templates],
                           diags, files.rel)

    def doc_for(path: Path) -> Document | None:
        return docs.get(path)

    sources: dict[str, m.Source] = {}
    sdoc = doc_for(files.sources_file)
    sfile = _model(m.SourcesFile, sdoc, diags) if sdoc else None
    if sfile:
        sources = _unique_ids(sfile.sources, sdoc, ("sources",), diags)
    _add_region_sources(files, docs, sources, diags)
    site = _site_info(files, docs, diags)

    terms: list[m.Term] = []
    gdoc = doc_for(files.glossary_file)
    gfile = _model(m.GlossaryFile, gdoc, diags) if gdoc else None
    if gfile:
        terms = list(gfile.terms)
        for ti, term in enumerate(terms):
            if any(ch in term.term for ch in "\r\n"):
                # A term is a heading in the glossary and explains its abbreviation on every
                # page (`*[BVC]: term`); a line break would end both and start Markdown of its own.
                loc = ("terms", ti, "term")
                diags.error(gdoc.path, gdoc.positions.lookup(loc), _field(loc),
                            "termen ska stå på en rad; den är en rubrik i ordlistan och förklarar "
                            "förkortningen på varje sida, så ta bort radbrytningen")

    pages: list[m.Page] = []
    page_docs: dict[str, Document] = {}
    # A page with an error is already reported in its own file; regions that name
    # it (or its items) must not get a second, misleading "does not exist" error.
    broken_pages: set[str] = set()
    broken_ids: set[str] = set()
    unreadable_base = False  # a page that could not even be parsed: its ids are unknown
    for path in files.page_files:
        doc = doc_for(path)
        if doc is None:
            broken_pages.add(path.stem)
            unreadable_base = True
            continue
        cls = PAGE_MODELS.get(path.stem, m.Page)
        page = _model(cls, doc, diags)
        if page is None or page.id != path.stem:
            if page is not None:
                diags.error(doc.path, doc.positions.lookup(("id",)), "id",
                            f"sidans id \"{page.id}\" måste vara samma som filnamnet (\"{path.stem}\")")
            broken_pages.add(path.stem)
            broken_ids |= {v["id"] for _, v, _ in _walk(doc.data, doc.positions)
                           if isinstance(v, dict) and isinstance(v.get("id"), str)}
            continue
        allowed = PAGE_BLOCKS.get(cls, set()) | {f"list:{lst.id}" for lst in page.lists}
        for si, section in enumerate(page.sections):
            for bi, block in enumerate(section.show):
                if block not in allowed:
                    diags.error(doc.path, doc.positions.lookup(("sections", si, "show", bi)),
                                _field(("sections", si, "show", bi)),
                                f"\"{block}\" är inget block på den här sidan (tillåtna: {', '.join(sorted(allowed)) or 'inga'})")
        _check_page_placeholders(doc, diags)
        pages.append(page)
        page_docs[page.id] = doc
    pages.sort(key=lambda p: (p.order, p.id))

    clauses: list[m.Clause] = []
    checklist_refs = []
    for path in files.clause_files:
        doc = doc_for(path)
        cf = _model(m.ClauseFile, doc, diags) if doc else None
        if cf:
            for ci, clause in enumerate(cf.clauses):
                _check_clause(clause, doc, ("clauses", ci), diags, files,
                              {p.id for p in pages} | broken_pages)
                checklist_refs += [(doc, ("clauses", ci, "checklists", li, "items", ii, "clauses", k), ref)
                                   for li, cl in enumerate(clause.checklists) for ii, item in enumerate(cl.items)
                                   for k, ref in enumerate(item.clauses)]
            clauses.extend(cf.clauses)
    clauses.sort(key=lambda c: (c.number, c.id))
    clause_ids = {c.id for c in clauses}
    for doc, loc, ref in checklist_refs:
        if ref not in clause_ids:
            diags.error(doc.path, doc.positions.lookup(loc), _field(loc), f"klausulen \"{ref}\" finns inte i content/clauses/")

    # Every id in the base is unique, so overlays can name any of them.
    item_ids: dict[str, tuple[str, int]] = {}
    page_of_item: dict[str, str] = {}
    base_docs = [(d, None) for d in (sdoc, gdoc) if d] + [(page_docs[p.id], p.id) for p in pages]
    base_docs += [(doc_for(p), None) for p in files.clause_files if doc_for(p)]
    for doc, page_id in base_docs:
        for loc, value, pos in _walk(doc.data, doc.positions):
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                ident = value["id"]
                line = pos.children.get("id", pos).line
                if ident in item_ids:
                    first = item_ids[ident]
                    diags.error(doc.path, line, _field(loc + ("id",)),
                                f"id \"{ident}\" används redan i {first[0]}:{first[1]}; varje id måste vara unikt")
                else:
                    item_ids[ident] = (str(doc.path), line)
                    if page_id:
                        page_of_item[ident] = page_id

    base = Base(sources, terms, pages, clauses, item_ids, page_of_item, site=site,
                search=_search_file(files, doc_for(files.search_file) if files.search_file else None, terms, diags))

    def reviewed_at(key: str, label: str, doc, model) -> None:
        if doc is not None and model is not None:
            base.reviewed_files[key] = (label, str(doc.path), doc.positions.lookup(("reviewed",)), model)
    reviewed_at("sources", "Källförteckningen med lagarna (sources.yaml)", sdoc, sfile)
    reviewed_at("glossary", "Ordlistan (glossary.yaml)", gdoc, gfile)
    for page in pages:
        reviewed_at(f"page:{page.id}", f"Sidan ”{page.title}”", page_docs[page.id], page)
    for path in files.clause_files:
        doc = doc_for(path)
        cf = _model(m.ClauseFile, doc, Diagnostics()) if doc else None  # errors are reported above
        reviewed_at(f"clauses:{path.stem}", f"Avtalsklausulerna ({path.name})", doc, cf)

    # Collaboration preconditions referenced from the spider survey.
    for page in pages:
        if isinstance(page, m.QualityPage):
            doc = page_docs[page.id]
            for ri, res in enumerate(page.spider.results):
                if res.precondition not in item_ids:
                    loc = ("spider", "results", ri, "precondition")
                    diags.error(doc.path, doc.positions.lookup(loc), _field(loc),
                                f"förutsättningen \"{res.precondition}\" finns inte i collaboration.yaml")

    regions: dict[str, RegionInput] = {}
    for rid, rfiles in files.regions.items():
        doc = doc_for(rfiles.region_file)
        region = _model(m.Region, doc, diags) if doc else None
        if region is None:
            continue
        where = Located(doc.path, doc.positions)
        _unfilled_markers(doc, diags)
        _check_region(region, rid, doc, base, diags, broken_pages, None if unreadable_base else broken_ids)
        centre_model = rl.centre_model(region)  # the centre model plus the fields the region declares
        centres = []
        for cpath in rfiles.centre_files:
            cdoc = doc_for(cpath)
            centre = _model(centre_model, cdoc, diags) if cdoc else None
            if centre is None:
                continue
            ok = _check_centre_refs(centre, cpath, cdoc, rid, region, files, diags)
            if _check_agreement_parts(centre, cdoc, {t.id for t in terms} if terms else None, diags) and ok:
                centres.append(CentreInput(centre, Located(cdoc.path, cdoc.positions)))
        regions[rid] = RegionInput(region, where, centres, rfiles.templates)

    # Every source reference anywhere points into the bibliography.
    if sfile:
        for doc in docs.values():
            for loc, value, pos in _walk(doc.data, doc.positions):
                if isinstance(value, dict) and "source" in value and "section" in value:
                    ref = value["source"]
                    if isinstance(ref, str) and ref not in sources:
                        own = "" if doc.path.parts[:1] == ("content",) else \
                            " eller i regionens egen sources.yaml (bredvid region.yaml)"
                        diags.error(doc.path, pos.children.get("source", pos).line, _field(loc + ("source",)),
                                    f"källan \"{ref}\" finns inte i content/sources.yaml{own}")
        # Laws: declared once, cited structured, never a repealed law as current (law_checks.py).
        law_checks.check_law_declarations(sources, sdoc, diags)
        law_checks.check_references(sources, docs.values(), diags)
    return Project(files.root, base, regions), diags


def _check_page_placeholders(doc: Document, diags: Diagnostics) -> None:
    """A page text may name the region's own facts only through the placeholders voice.py knows."""
    from .voice import PAGE_PLACEHOLDERS, unknown_placeholders

    for loc, value, pos in _walk(doc.data, doc.positions):
        if isinstance(value, str) and "{" in value:
            for name in unknown_placeholders(value):
                diags.error(doc.path, pos.line, _field(loc),
                            f"okänd platshållare {{{name}}}; i grundens text är tillåtna: "
                            f"{', '.join('{' + n + '}' for n in sorted(PAGE_PLACEHOLDERS))}")


def _check_structure(region: m.Region, base: Base, err, unknown) -> None:
    """Every id in the chapter order names a base page, a region chapter or an item of a base page, once."""
    if region.structure is None:
        return
    page_ids = {p.id for p in base.pages}
    own = {ch.id for ch in region.overlay.add if ch.topic is None}
    seen: dict[str, tuple] = {}
    for ci, chapter in enumerate(region.structure.chapters):
        for ii, ident in enumerate(chapter.items):
            loc = ("structure", "chapters", ci, "items", ii)
            if ident in seen:
                err(loc, f"\"{ident}\" står redan i structure.chapters[{seen[ident][2]}]; varje kapitel placeras en gång")
            elif (ident not in page_ids and ident not in own and not (unknown(ident) is False and ident not in base.item_ids)
                  and (ident not in base.page_of_item or ident in region.overlay.exclude)):
                err(loc, f"\"{ident}\" är varken en sida i grunden, ett eget kapitel i regionen (overlay.add utan topic) "
                         f"eller ett avsnitt i grunden; sidor: {', '.join(sorted(page_ids))}")
            seen[ident] = loc
    for i, ident in enumerate(region.structure.national_sections):
        page = base.page_of_item.get(ident)
        section_ids = {s.id for p in base.pages if p.id == page for s in p.sections}
        if unknown(ident) is not False or (ident in base.item_ids and ident not in section_ids):
            err(("structure", "national_sections", i), f"\"{ident}\" är inget avsnitt (sections) på en sida i grunden")


MARKER = "GRANSKA"
MARKER_MESSAGE = "värdet är en GRANSKA-markering från mallen"


def is_marker(d) -> bool:
    """A diagnostic that only says a scaffolded value still waits to be filled in."""
    return d.message.startswith(MARKER_MESSAGE)


def _unfilled_markers(doc: Document, diags: Diagnostics) -> bool:
    """A value still holding the scaffold's GRANSKA marker is never published as a fact."""
    found = False
    for loc, value, pos in _walk(doc.data, doc.positions):
        if isinstance(value, str) and value.lstrip().upper().startswith(MARKER):
            found = True
            diags.error(doc.path, pos.line, _field(loc),
                        f"{MARKER_MESSAGE} (\"{' '.join(value.split())[:80]}\"); "
                        "fyll i er egen uppgift och ta bort ordet GRANSKA innan webbplatsen byggs")
    return found


def _add_region_sources(files: ProjectFiles, docs: dict, sources: dict, diags: Diagnostics) -> None:
    """A region's own guidance/<region>/sources.yaml: cited like the base's, listed on the same
    sources page; an id may not repeat one in content/sources.yaml or another region's file."""
    owner: dict[str, Path] = {}
    for rfiles in files.regions.values():
        doc = docs.get(rfiles.sources_file) if rfiles.sources_file else None
        sf = _model(m.SourcesFile, doc, diags) if doc else None
        if sf is None:
            continue
        for i, src in enumerate(sf.sources):
            if src.id in sources:
                where = owner.get(src.id, Path("content/sources.yaml"))
                diags.error(doc.path, doc.positions.lookup(("sources", i, "id")), _field(("sources", i, "id")),
                            f"källan \"{src.id}\" finns redan i {where}; ge regionens källa ett eget id")
                continue
            sources[src.id] = src
            owner[src.id] = doc.path


def _site_info(files: ProjectFiles, docs: dict, diags: Diagnostics) -> m.SiteInfo | None:
    doc = docs.get(files.site_file) if files.site_file else None
    if doc is None:
        return None
    if _unfilled_markers(doc, diags):
        return None  # a marker in a date or an address would also fail its format: one message is enough
    site = _model(m.SiteInfo, doc, diags)
    if site is not None and not (site.contact_email or site.contact_phone or site.feedback_url):
        diags.warning(doc.path, doc.positions.lookup(()), "contact_email",
                      "ingen kontaktväg (contact_email, contact_phone eller feedback_url); tillgänglighetsredogörelsen "
                      "ska säga hur man rapporterar brister, så ange en funktionsadress eller ett formulär")
    return site


def _unique_ids(items, doc: Document, loc: tuple, diags: Diagnostics) -> dict:
    out = {}
    for i, item in enumerate(items):
        if item.id in out:
            diags.error(doc.path, doc.positions.lookup(loc + (i, "id")), _field(loc + (i, "id")),
                        f"id \"{item.id}\" förekommer två gånger")
        out[item.id] = item
    return out


def _region_exists(files: ProjectFiles, region_id: str) -> bool:
    # files.regions holds only the regions asked for (--region); a clause may name any region of the project.
    return region_id in files.regions or (files.root / "guidance" / region_id / "region.yaml").is_file()


def _check_clause(clause: m.Clause, doc: Document, loc: tuple, diags: Diagnostics, files: ProjectFiles | None = None,
                  pages: set[str] | None = None) -> None:
    # A typo in `regions` would silently leave the clause out of every draft.
    for ri, region_id in enumerate(clause.regions):
        if files is not None and not _region_exists(files, region_id):
            diags.error(doc.path, doc.positions.lookup(loc + ("regions", ri)), _field(loc + ("regions", ri)),
                        f"regionen \"{region_id}\" finns inte (ingen mapp guidance/{region_id}/ med region.yaml)")
    for name in PLACEHOLDER_RE.findall(clause.text):
        if name in CLAUSE_PLACEHOLDERS:
            continue
        if name.startswith("ref.") and name.count(".") == 1:  # {ref.<clause id>}: "§ N" of that clause in the draft
            continue
        hint = ("; värden ur en regel skrivs i regelns egen paragraf (rules[].clause i region.yaml)"
                if name.startswith("rule.") else "")
        diags.error(doc.path, doc.positions.lookup(loc + ("text",)), _field(loc + ("text",)),
                    f"okänd platshållare {{{name}}}; tillåtna är {', '.join(sorted(CLAUSE_PLACEHOLDERS))}{hint}")
    for bi, block in enumerate(clause.show):
        # rules:<page>: the region's ska and bör rules on that page's topic, with their strength.
        if block.startswith("rules:") and (pages is None or block[6:] in pages):
            continue
        if block not in CLAUSE_BLOCKS:
            diags.error(doc.path, doc.positions.lookup(loc + ("show", bi)), _field(loc + ("show", bi)),
                        f"\"{block}\" är inget avtalsblock (tillåtna: {', '.join(sorted(CLAUSE_BLOCKS))} "
                        f"och rules:<sida>, till exempel rules:roles)")


def _check_rule_clause(rule: m.Rule, doc: Document, loc: tuple, diags: Diagnostics) -> None:
    allowed = CLAUSE_PLACEHOLDERS | rl.clause_placeholder_names(rule)
    for name in PLACEHOLDER_RE.findall(rule.clause.text):
        if name not in allowed and not (name.startswith("ref.") and name.count(".") == 1):
            diags.error(doc.path, doc.positions.lookup(loc + ("text",)), _field(loc + ("text",)),
                        f"okänd platshållare {{{name}}}; tillåtna är {', '.join(sorted(allowed))}")


def _check_region(region: m.Region, folder_id: str, doc: Document, base: Base, diags: Diagnostics,
                  broken_pages: set[str] = frozenset(), broken_ids: set[str] | None = frozenset()) -> None:
    """`broken_ids` are ids of base pages with errors; None when a page could not be parsed at all,
    so no id can be called missing."""
    def err(loc: tuple, msg: str) -> None:
        diags.error(doc.path, doc.positions.lookup(loc), _field(loc), msg)

    if region.id != folder_id:
        err(("id",), f"regionens id \"{region.id}\" måste vara samma som mappnamnet (\"{folder_id}\")")
    page_ids = {p.id for p in base.pages}
    known_pages = page_ids | set(broken_pages)
    known_ids = set(base.item_ids) | set(broken_ids or ()) | set(broken_pages)

    def unknown(ident: str) -> bool:
        return broken_ids is not None and ident not in known_ids

    seen_ids: set[str] = set()
    for i, rule in enumerate(region.rules):
        if rule.id in seen_ids:
            err(("rules", i, "id"), f"regel-id \"{rule.id}\" förekommer två gånger")
        seen_ids.add(rule.id)
        if rule.topic not in known_pages:
            err(("rules", i, "topic"), f"\"{rule.topic}\" är ingen sida i grunden (finns: {', '.join(sorted(page_ids))})")
        if rule.clause is not None:
            _check_rule_clause(rule, doc, ("rules", i, "clause"), diags)
    # Each rule's fields, comparisons, values and text placeholders against the centre's fields.
    for loc, message in rl.check_declarations(region):
        err(loc, message)
    for i, ident in enumerate(region.overlay.exclude):
        if unknown(ident):
            err(("overlay", "exclude", i), f"id \"{ident}\" finns inte i grunden (content/); kontrollera stavningen")
        elif ident in page_ids:
            err(("overlay", "exclude", i), f"\"{ident}\" är en hel sida; en region kan utesluta avsnitt och punkter, inte hela sidor")
    for i, rw in enumerate(region.overlay.reword):
        if unknown(rw.id):
            err(("overlay", "reword", i, "id"), f"id \"{rw.id}\" finns inte i grunden (content/); kontrollera stavningen")
        if rw.title is None and rw.text is None:
            err(("overlay", "reword", i), "ange title eller text (eller båda) för den omformulerade punkten")
    _check_structure(region, base, err, unknown)
    added: set[str] = set()
    for i, ch in enumerate(region.overlay.add):
        if ch.topic is not None and ch.topic not in known_pages:
            err(("overlay", "add", i, "topic"), f"\"{ch.topic}\" är ingen sida i grunden (finns: {', '.join(sorted(page_ids))})")
        for ident in [ch.id] + [s.id for s in ch.sections] + [l.id for l in ch.lists] + [it.id for l in ch.lists for it in l.items]:
            if ident in base.item_ids or ident in added:
                err(("overlay", "add", i, "id"), f"id \"{ident}\" finns redan; ett tillägg behöver ett eget id")
            added.add(ident)
        list_ids = {f"list:{l.id}" for l in ch.lists}
        for si, sec in enumerate(ch.sections):
            for bi, block in enumerate(sec.show):
                if block not in list_ids:
                    err(("overlay", "add", i, "sections", si, "show", bi),
                        f"\"{block}\" är inget block i tillägget (tillåtna: {', '.join(sorted(list_ids)) or 'inga'})")


def _check_agreement_parts(centre: m.Centre, doc: Document, glossary_ids: set[str] | None, diags: Diagnostics) -> bool:
    found = agreement_model.problems(centre, glossary_ids)
    # `fcguide new-centre` writes "Ändra till …" where only the parties know the value: a draft
    # or a published page with it still there would look agreed.
    found += [(loc, f"platshållaren \"{value.strip()}\" från fcguide new-centre står kvar; skriv det riktiga värdet")
              for loc, value, _ in _walk(doc.data, doc.positions)
              if isinstance(value, str) and value.strip().startswith(agreement_model.PLACEHOLDER_PREFIX)]
    for loc, message in found:
        diags.error(doc.path, doc.positions.lookup(loc), _field(loc), message)
    return not found


def _check_centre_refs(centre: m.Centre, path: Path, doc: Document, folder_region: str, region: m.Region,
                       files: ProjectFiles, diags: Diagnostics) -> bool:
    def err(loc: tuple, msg: str) -> None:
        diags.error(doc.path, doc.positions.lookup(loc), _field(loc), msg)

    ok = True
    if centre.region is not None and centre.region != folder_region:
        # Every region of the project, not only those read (draft reads one): the same answer as check.
        known = ", ".join(sorted(set(files.regions) | {p.parent.name for p in (files.root / "guidance").glob("*/region.yaml")}))
        err(("region",), f"regionen \"{centre.region}\" stämmer inte med mappen guidance/{folder_region}/ som filen ligger i "
                         f"(kända regioner: {known}); skriv region: {folder_region} eller ta bort raden")
        ok = False
    if centre.id != path.stem:
        err(("id",), f"enhetens id \"{centre.id}\" måste vara samma som filnamnet (\"{path.stem}\")")
        ok = False
    party_ids = {p.id for p in centre.parties}
    for i, member in enumerate(centre.steering_group):
        if member.party not in party_ids:
            err(("steering_group", i, "party"), f"parten \"{member.party}\" finns inte under parties (finns: {', '.join(sorted(party_ids))})")
            ok = False
    rule_ids = {r.id for r in region.rules}
    for i, dev in enumerate(centre.deviations):
        if dev.rule not in rule_ids:
            err(("deviations", i, "rule"), f"regeln \"{dev.rule}\" finns inte i regionen {region.id} (finns: {', '.join(sorted(rule_ids))})")
            ok = False
    if centre.target_min_age > centre.target_max_age:
        err(("target_min_age",), "target_min_age kan inte vara större än target_max_age")
        ok = False
    if centre.summer is not None:
        for i, month in enumerate(centre.summer.months):
            if not 1 <= month <= 12:
                err(("summer", "months", i), f"{month} är ingen månad; månader anges som tal 1–12")
                ok = False
    return ok

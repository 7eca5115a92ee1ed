"""Runs the stages in order; the only module that knows all of them.

load -> validate -> resolve -> render -> export. Each stage returns its result
and its diagnostics; the pipeline stops between stages when there are errors.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostic, Diagnostics, StageFailed
from .sources import find_project, load_documents
from .validate import Project, validate_project

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class Checked:
    project: Project
    warnings: list[Diagnostic]
    docs: dict = None            # path -> Document (the YAML with its lines), for later stages' messages


def _stop_on_errors(diags: Diagnostics, collected: list[Diagnostic]) -> None:
    collected.extend(diags.warnings)
    if diags.errors:
        raise StageFailed(sorted(diags.errors, key=lambda d: (str(d.file), d.line)))


def check_project(root: Path, regions: list[str] | None = None, progress: Progress = _quiet) -> Checked:
    """Load and validate everything; raises StageFailed with every error found."""
    warnings: list[Diagnostic] = []
    progress("Letar upp filer …")
    files, diags = find_project(root, regions)
    _stop_on_errors(diags, warnings)
    progress("Läser YAML …")
    docs, diags = load_documents(files)
    # Keep going after syntax errors so one run reports the model errors of the other files too.
    all_diags = Diagnostics(list(diags.items))
    progress("Validerar …")
    project, vdiags = validate_project(files, docs)
    all_diags.extend(vdiags)
    _stop_on_errors(all_diags, warnings)
    return Checked(project, warnings, docs)


# --- later stages ------------------------------------------------------------------------

import datetime as _dt
import functools as _functools
import hashlib as _hashlib
import os as _os
import subprocess as _subprocess


def build_date(root: Path) -> _dt.date:
    """SOURCE_DATE_EPOCH, else the date of the last commit, else today (reproducible by default)."""
    epoch = _os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    try:
        out = _subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return _dt.date.fromisoformat(out.stdout.strip())
    except (OSError, ValueError, _subprocess.SubprocessError):
        pass
    return _dt.date.today()


def _tree_digest(folder: Path, root: Path | None = None) -> bytes:
    """Names and bytes of the files under `folder`; with `root`, a file resolving outside it
    (a symlink leaving the project, refused by find_project) is never read."""
    from .sandbox import inside

    h = _hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and (root is None or inside(p, root))):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.digest()


def content_revision(root: Path, regions: list[str]) -> str:
    """A short hash of the content, the templates and the given regions' folders: which
    sources made an output. A region's documents carry the revision of that region only,
    so editing one region does not change another region's documents."""
    h = _hashlib.sha256()
    for folder in [root / "content", root / "templates"] + [root / "guidance" / r for r in sorted(regions)]:
        h.update(_tree_digest(folder, root))
    return h.hexdigest()[:10]


@dataclass
class Generated:
    resolved: "object"
    drafts: dict
    figures: dict
    warnings: list[Diagnostic]
    revision: str
    date: _dt.date
    rule_text: Callable          # rule -> the sentence the templates say (one wording for site and Word)
    revisions: dict = None       # region id -> that region's content revision
    review_units: dict = None    # review.Unit of every reviewed file and rule (the pages' review lines)


@dataclass
class Verified:
    """Everything `fcguide check` promises: valid files, resolved regions, unique page
    addresses and every centre checked against its region's rules (drafts in memory)."""
    checked: Checked
    resolved: "object"
    drafts: dict
    warnings: list[Diagnostic]
    revision: str
    revisions: dict
    date: _dt.date
    review_units: dict = None    # key -> review.Unit
    review_status: "object" = None  # review.Status against the build date


def verify(root: Path, regions: list[str] | None = None, progress: Progress = _quiet) -> Verified:
    """check -> resolve -> page addresses -> drafts (the centres' rule checks); nothing rendered."""
    from .drafts import build_draft
    from .resolve import resolve_project

    checked = check_project(root, regions, progress)
    warnings = list(checked.warnings)
    progress("Slår ihop grund och regioner, kontrollerar familjecentralernas regler …")
    resolved, diags = resolve_project(checked.project)
    _stop_on_errors(diags, warnings)
    root = checked.project.root
    revision = content_revision(root, list(checked.project.regions))
    revisions = {rid: content_revision(root, [rid]) for rid in checked.project.regions}
    date = build_date(root)
    _stop_on_errors(check_page_paths(resolved, checked, {"revision": revision, "date": date}), warnings)
    drafts = {}
    ddiags = Diagnostics()
    for rr in resolved.regions:
        for rc in rr.centres:
            draft, d = build_draft(rc, rr, revisions[rr.id], date, _centre_hash(root, rc.path))
            ddiags.extend(d)
            drafts[(rr.id, rc.centre.id)] = draft
    _stop_on_errors(ddiags, warnings)
    from . import review

    units = review.units(checked.project, resolved)
    warnings.extend(review.overdue_warnings(units, date).warnings)  # warn, never fail
    return Verified(checked, resolved, drafts, warnings, revision, revisions, date, units, review.status(units, date))


def _centre_hash(root: Path, shown: str) -> str:
    """The checksum of a centre file (versions.centre_hash), by the path validation shows."""
    from .versions import file_hash

    path = Path(shown)
    return file_hash(path if path.is_absolute() else root / path)


def generate(root: Path, regions: list[str] | None = None, progress: Progress = _quiet) -> Generated:
    """verify -> figures and rule sentences (all in memory)."""
    from .figures import all_figures

    v = verify(root, regions, progress)
    figures = all_figures(v.resolved.base.pages)
    return Generated(v.resolved, v.drafts, figures, v.warnings, v.revision, v.date,
                     _rule_text(v.resolved, figures, v.checked.project.root), v.revisions, v.review_units)


def check_page_paths(resolved, checked: Checked, meta: dict) -> Diagnostics:
    """Every page has its own address: two pages on one path are an error naming both
    (the later one would silently replace the other), and so is a Windows device name."""
    from .site_plan import path_problems, plan_site

    diags = Diagnostics()
    docs = {d.path: d for d in (checked.docs or {}).values()}
    project = checked.project

    def title_of_page(page_id: str) -> tuple[Path, int] | None:
        where = project.base.item_ids.get(page_id)
        if where is None:
            return None
        doc = docs.get(Path(where[0]))  # item_ids hold plain data (a path string), docs are keyed by Path
        return (Path(where[0]), doc.positions.lookup(("title",))) if doc is not None else where

    def locate(spec) -> tuple[Path, int, str] | None:
        kind, *ids = spec.origin
        if kind == "page":
            found = title_of_page(ids[0])
            return (*found, "title") if found else None
        rin = project.regions.get(ids[0]) if ids else None
        if rin is None:
            return None
        if kind == "region-page":
            for i, rw in enumerate(rin.region.overlay.reword):
                if rw.id == ids[1] and rw.title is not None:  # the region renamed the page
                    return rin.where.path, rin.where.line("overlay", "reword", i, "title"), f"overlay.reword[{i}].title"
            found = title_of_page(ids[1])
            return (*found, "title") if found else None
        if kind == "chapter":
            for i, ch in enumerate(rin.region.overlay.add):
                if ch.id == ids[1]:
                    return rin.where.path, rin.where.line("overlay", "add", i, "title"), f"overlay.add[{i}].title"
        if kind == "centre":
            for cin in rin.centres:
                if cin.centre.id == ids[1]:
                    return cin.where.path, cin.where.line("id"), "id"
        if kind == "region":
            return rin.where.path, rin.where.line("id"), "id"
        return None

    def made_by_fcguide(spec) -> bool:
        return spec.origin[0] in ("fixed", "region")

    def named(spec, where) -> str:
        if made_by_fcguide(spec):
            return f"sidan \"{spec.title}\" som fcguide själv skapar ({spec.path})"
        return f"\"{spec.title}\" ({where[0]}:{where[1]})" if where else f"\"{spec.title}\""

    reported: set = set()
    for problem in path_problems(plan_site(resolved, meta)):
        here = locate(problem.page)
        url = f"{problem.url}/" if problem.url else "/"
        if problem.other is None:
            if here is not None and here[:2] not in reported:  # one title, one message (not one per region)
                reported.add(here[:2])
                diags.error(here[0], here[1], here[2],
                            f"sidan \"{problem.page.title}\" får adressen {url}, och Windows kan inte spara en fil "
                            "eller mapp med ett namn som con, prn, aux, nul, com1–com9 eller lpt1–lpt9; välj en annan titel")
            continue
        sides = [(problem.page, here), (problem.other, locate(problem.other))]
        # The same two titles clash in every region (and a title with each region's fixed
        # page of one kind): say it once.
        key = frozenset(spec.template if made_by_fcguide(spec) else where[:2] if where else spec.path
                        for spec, where in sides)
        if key in reported:
            continue
        reported.add(key)
        authored = [(spec, where) for spec, where in sides if where is not None and not made_by_fcguide(spec)]
        # Two pages fcguide makes itself can only meet through a region's id (a region called "ny").
        at = authored or [(spec, where) for spec, where in sides if where is not None]
        for this_spec, this in at:
            that_spec, that = next((s, w) for s, w in sides if s is not this_spec)
            diags.error(this[0], this[1], this[2],
                        f"sidan \"{this_spec.title}\" och {named(that_spec, that)} hamnar på samma adress "
                        f"({url}) i webbplatsen, och den ena skulle försvinna; ändra "
                        f"{'titeln' if this[2] != 'id' else 'id:t'} så att adresserna skiljer sig")
        if not at:  # pragma: no cover - two fixed pages on one path: a bug in plan_site, still said in Swedish
            diags.error(Path("guidance"), 0, "", f"två sidor hamnar på samma adress ({url}): "
                        f"{problem.page.path} och {problem.other.path}")
    return diags


def _rule_text(resolved, figures=None, root: Path | None = None) -> Callable:
    """rule -> its sentence, from the rule's declaration in its region (the same for site and Word)."""
    from .rules import sentence

    region_of = {id(rule): rr.region for rr in resolved.regions for rule in rr.region.rules}

    def rule_text(rule) -> str:
        return sentence(rule, region_of.get(id(rule)))
    return rule_text


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def render_pages(gen: Generated, root: Path, progress: Progress = _quiet):
    """Every page's Markdown from the templates: (pages by docs path, the site plan)."""
    from .context import template_filters, template_globals
    from .render import make_environment, render_into
    from .site_plan import plan_site

    resolved = gen.resolved
    meta = {"revision": gen.revision, "date": gen.date}
    plan = plan_site(resolved, meta)
    diags = Diagnostics()
    pages: dict[str, str] = {}
    globals_ = template_globals(resolved, gen.figures)
    envs = {}
    progress(f"Fyller i {len(plan.pages)} sidor från mallarna …")
    for spec in plan.pages:
        region_id = spec.path.split("/", 1)[0] if "/" in spec.path else None
        region_tpl = None
        if region_id in plan.region_ids and (root / "guidance" / region_id / "templates").is_dir():
            region_tpl = root / "guidance" / region_id / "templates"
        key = str(region_tpl)  # one compiled environment shared by all regions without overrides
        if key not in envs:
            env = make_environment([p for p in (region_tpl, root / "templates") if p], globals_, root=root)
            env.filters.update(template_filters(resolved))
            envs[key] = env
        ctx = dict(spec.context)
        if spec.template == "site/draft_page.md.j2":
            ctx["draft"] = gen.drafts[(ctx["rr"].id, ctx["rc"].centre.id)]
        if spec.template == "site/review.md.j2":  # the editors' page: overdue and missing reviews
            from .review import editors_context
            ctx.update(editors_context(plan.pages, gen.review_units or {}, gen.date))
        text = render_into(envs[key], spec.template, diags, root=root, **ctx)
        if text is not None:
            pages[spec.path] = text
    # Every page ends with its review and date line (review.py, partials/page_meta.md.j2).
    meta_lines = _review_lines(plan, gen, envs, root, diags)
    pages = {path: text + meta_lines.get(path, "") for path, text in pages.items()}
    _stop_on_errors(diags, gen.warnings)
    return pages, plan


def render_site(gen: Generated, root: Path, progress: Progress = _quiet, docx: bool = True):
    """Every page and document of the site in memory (SiteFiles)."""
    from .export_site import SiteFiles

    resolved = gen.resolved
    pages, plan = render_pages(gen, root, progress)
    diags = Diagnostics()
    # Abbreviation definitions on every page: python-markdown's abbr turns each
    # occurrence into <abbr title="…">, so BVC is explained wherever it appears.
    # A term is plain text on one line here, whatever it holds (checked in validate too).
    abbrs = sorted({t.abbr: " ".join(t.term.split()) for t in resolved.base.terms if t.abbr}.items())
    abbr_block = "\n\n" + "".join(f"*[{a}]: {term}\n" for a, term in abbrs)
    markdown_pages = pages
    pages = {path: text + abbr_block for path, text in pages.items()}
    _stop_on_errors(diags, gen.warnings)
    assets: dict[str, bytes] = {}
    for fig in gen.figures.values():
        assets[f"assets/figurer/{fig.name}.svg"] = fig.svg.encode("utf-8")
    from .form_bundle import bundle_json
    from .form_page import form_json
    from .form_word import word_json
    from .rules import export_json
    for rr in resolved.regions:  # each region's rule and field declarations, for the browser form
        revision = (gen.revisions or {}).get(rr.id, gen.revision)   # as `fcguide draft` for this region
        assets[f"regler/{rr.id}.json"] = export_json(rr.region).encode("utf-8")
        # The agreement form's fields, labels and starting values (form_page.py, avtal-formular.js).
        assets[f"avtal/{rr.id}-formular.json"] = form_json(rr.region, gen.date).encode("utf-8")
        # The engine's bundle (form_bundle.py): rules, clauses and wordings the form checks and drafts with.
        assets[f"avtal/{rr.id}.json"] = bundle_json(rr, resolved.base.sources, revision).encode("utf-8")
        # The Word package's parts the form writes its draft into (form_word.py, avtal-word.js).
        assets[f"avtal/{rr.id}-word.json"] = word_json(rr.region, root, gen.date, revision).encode("utf-8")
    static = root / "templates" / "assets"
    if static.is_dir():
        from .sandbox import inside

        for path in sorted(static.rglob("*")):
            if not path.is_file():
                continue
            if not inside(path, root):  # a symlink leaving the project: never published
                diags.error(Path("templates/assets") / path.relative_to(static), 0, "", "filen är en länk som pekar utanför projektet; "
                                                       "kopiera in filen i projektet i stället")
                continue
            assets[f"assets/{path.relative_to(static).as_posix()}"] = path.read_bytes()
        _stop_on_errors(diags, [])
    if docx:
        assets.update(render_documents(gen, root, markdown_pages, progress))
    return SiteFiles(pages, assets, plan.nav, extra=site_extra(resolved), search=_search_config(resolved, plan))


def site_extra(resolved) -> dict:
    """What the theme shows on every page outside the article (plain data): the footer from
    webbplats.yaml, and the regions a reader can choose as "min region"."""
    from .site_plan import ACCESSIBILITY

    site = resolved.base.site
    import json

    regions = [{"id": rr.id, "name": rr.region.name} for rr in resolved.regions]
    # As JSON text too: the theme writes it into a meta tag without a tojson filter (Zensical has none).
    out: dict = {"regions": regions, "regions_json": json.dumps(regions, ensure_ascii=False)}
    if site is not None:
        out.update(publisher=site.publisher, contact_email=site.contact_email, contact_phone=site.contact_phone,
                   feedback_url=site.feedback_url, statement=ACCESSIBILITY[:-3] + "/")
    return out


def _review_lines(plan, gen: Generated, envs: dict, root: Path, diags: Diagnostics) -> dict[str, str]:
    """"Granskad … av …" and "Senast ändrad …" of every page, from the content's own dates."""
    from . import review
    from .render import render_into

    units = gen.review_units or {}
    env = envs.get("None") or next(iter(envs.values()), None)
    out: dict[str, str] = {}
    if env is None:
        return out
    from .changelog import page_entries
    from .site_plan import changelog_path

    for spec in plan.pages:
        line = review.review_line(review.page_units(spec.origin, spec.template, spec.context, units), gen.date)
        region = spec.origin[1] if spec.origin[0] in ("region-page", "chapter", "region") else None
        region = None if spec.path == changelog_path(region or "") else region
        log = spec.context["link"](changelog_path(region)) if region else None
        text = render_into(env, "partials/page_meta.md.j2", diags, root=root, info=line,
                           changes=page_entries(spec.origin, spec.template, spec.context), log=log)
        if text is not None:
            out[spec.path] = "\n\n" + text.strip() + "\n"
    return out


def _search_config(resolved, plan) -> dict:
    """Synonyms, stop words, regions and topics for the search box (search_index.config)."""
    from .search_index import config
    from .site_plan import output_url

    def url(path: str) -> str:
        u = output_url(path)
        return u + "/" if u else ""

    topics = [(s.title, url(s.path)) for s in plan.pages if s.origin[0] == "page"]
    paths = {s.path for s in plan.pages}
    helpers = {k: url(p) for k, p in (("samtycke", "ny/behover-jag-samtycke.md"), ("ordlista", "ordlista.md"))
               if p in paths}
    return config(resolved.base.search, {rr.id: rr.region.name for rr in resolved.regions}, topics, helpers)


def document_paths(gen: Generated) -> list[str]:
    """Site paths of the Word documents: each regional guidance and each draft."""
    paths = [f"{rr.id}/{rr.id}-vagledning.docx" for rr in gen.resolved.regions]
    return paths + [f"{rid}/avtal/{cid}.docx" for rid, cid in sorted(gen.drafts)]


def _document_pages(rr) -> list[str]:
    from .export_docx import guidance_paths

    return guidance_paths(rr)


def render_documents(gen: Generated, root: Path, pages: dict[str, str], progress: Progress = _quiet,
                     part: int = 0, parts: int = 1, cache: Path | None = None, html: bool = False) -> dict[str, bytes]:
    """DOCX of every regional guidance and every draft, keyed by their site path, made from
    the pages' Markdown (render_pages, without the abbreviation block).
    `part`/`parts` pick every parts-th document, so several processes can share the work.
    With `cache`, a document whose inputs are unchanged is reused (see document_key)."""
    from .export_docx import draft_docx, guidance_docx
    from .site_plan import draft_path

    def guidance(rr):
        return guidance_docx(rr, gen, root, pages, html=html)

    def draft_doc(draft):
        path = draft_path(draft.region.id, draft.centre.id)
        return draft_docx(draft, gen, root, pages[path], path, html=html)

    jobs = [(f"{rr.id}/{rr.id}-vagledning.docx", guidance, rr, rr.id) for rr in gen.resolved.regions]
    jobs += [(f"{rid}/avtal/{cid}.docx", draft_doc, draft, rid) for (rid, cid), draft in sorted(gen.drafts.items())]
    from .formatting import count_sv
    progress(f"Skapar Word-dokument ({count_sv(len(gen.resolved.regions), 'vägledning', 'vägledningar')}, "
             f"{len(gen.drafts)} avtalsutkast) …")
    out: dict[str, bytes] = {}
    for path, make, obj, rid in jobs[part::parts]:
        cached = cache / f"{document_key(gen, path, rid, root)}.docx" if cache is not None else None
        if cached is not None and cached.is_file():
            out[path] = cached.read_bytes()
            continue
        out[path] = make(obj)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{_os.getpid()}.tmp")
            tmp.write_bytes(out[path])
            _os.replace(tmp, cached)
    return out


@_functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """The generator's own code and python-docx's version: a new version never reuses old documents."""
    import docx

    h = _hashlib.sha256(docx.__version__.encode() if hasattr(docx, "__version__") else b"")
    h.update(_tree_digest(Path(__file__).parent))
    return h.hexdigest()


def document_key(gen: Generated, path: str, region_id: str, root: Path | None = None) -> str:
    """Everything a region's document depends on: the code, the region's content revision
    (content/, templates/ and guidance/<region>/, the Word template included), the date, and
    mkdocs.yml (its Markdown extensions decide how the pages' text becomes the document's)."""
    revision = (gen.revisions or {}).get(region_id, gen.revision)
    config = _hashlib.sha256((root / "mkdocs.yml").read_bytes()).hexdigest() if root is not None else ""
    return _hashlib.sha256(f"{_code_digest()}|{revision}|{gen.date}|{path}|{config}".encode()).hexdigest()[:32]


def build_site(root: Path, out: Path, regions: list[str] | None = None, progress: Progress = _quiet,
               search: bool = True) -> Generated:
    """The whole site into `out`, which is replaced only if fcguide made it (outputs.py)."""
    from .export_site import DocumentJobs, export_site
    from .outputs import SITE_MARKER, OutputFolder
    from .site_plan import draft_path

    output = OutputFolder(out, root, SITE_MARKER)  # refuses a folder that is not ours before any work
    gen = generate(root, regions, progress)
    paths = document_paths(gen)
    with output:
        from . import docx_capture

        # The Word documents are made from MkDocs' HTML of the pages (captured by a hook), on the
        # other cores while Pagefind indexes the site.
        cache = root.resolve() / ".fcguide-cache" / "docx"
        wanted = {p for rr in gen.resolved.regions for p in _document_pages(rr)} | {
            draft_path(rid, cid) for rid, cid in gen.drafts}
        jobs = DocumentJobs(lambda part, parts: render_documents(gen, root, docx_capture.PAGES, part=part, parts=parts,
                                                                 cache=cache, html=True),
                            paths, output.stage)
        docx_capture.start(wanted)
        try:
            files = render_site(gen, root, progress, docx=False)
            diags = Diagnostics()
            site = export_site(files, root / "mkdocs.yml", output.stage, diags, progress, search=search,
                               documents=jobs)
        finally:
            jobs.close()
            docx_capture.stop()
        if site is None:
            _stop_on_errors(diags, gen.warnings)
        output.commit(site)
    _prune_cache(cache, {f"{document_key(gen, p, p.split('/', 1)[0], root)}.docx" for p in paths})
    return gen


def write_docs(root: Path, out: Path, regions: list[str] | None = None, progress: Progress = _quiet,
               docx: bool = True) -> tuple[Generated, int, Path]:
    """`fcguide docs`: the Markdown pages and a complete mkdocs.yml into `out`, replaced only
    if fcguide docs made it. Returns what was generated, the page count and the config path."""
    from .export_site import write_docs_project
    from .outputs import DOCS_MARKER, OutputFolder

    output = OutputFolder(out, root, DOCS_MARKER)
    gen = generate(root, regions, progress)
    files = render_site(gen, root, progress, docx=docx)
    with output:
        write_docs_project(output.new, files, root / "mkdocs.yml")
        output.commit()
    return gen, len(files.pages), output.out / "mkdocs.yml"


def _prune_cache(cache: Path, keep: set[str]) -> None:
    """Drop cached documents this build did not use, so the cache never grows without bound."""
    if cache.is_dir():
        for path in cache.iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)


@dataclass
class DraftResult:
    draft: "object"
    markdown: str
    docx: bytes
    warnings: list[Diagnostic]


def make_draft(root: Path, centre_file: Path, progress: Progress = _quiet, docx: bool = True,
               failed_checks: bool = False) -> DraftResult:
    """One centre file (anywhere) -> its checked draft as Markdown and DOCX (`docx=False`: no
    Word file). With `failed_checks`, a rule the centre breaks is left in the draft
    (draft.unjustified) instead of stopping: `fcguide update` reports it."""
    import dataclasses

    from .context import template_filters, template_globals
    from .export_docx import draft_docx
    from .render import make_environment, render_into
    from .yamlio import read_yaml

    diags = Diagnostics()
    centre_file = centre_file.resolve()
    parsed = read_yaml(centre_file, diags)
    _stop_on_errors(diags, [])
    data = parsed[0]
    region = data.get("region") if isinstance(data, dict) else None
    in_folder = centre_file.parent.name == "centres" and centre_file.parent.parent.parent.name == "guidance"
    if in_folder and (region is None or centre_file.parent.parent.parent == (root / "guidance").resolve()):
        # guidance/<region>/centres/<centre>.yaml: inside the project the folder decides, as in `check`,
        # and a `region:` that names another region is the same located error (validate_project).
        region = centre_file.parent.parent.name
    if not isinstance(region, str):
        diags.error(centre_file, parsed[1].lookup(("region",)), "region", "fältet saknas eller är inte en text; ange regionens id, t.ex. skane")
        _stop_on_errors(diags, [])
    files, fdiags = find_project(root, [region])
    if fdiags.errors:
        known = sorted(p.name for p in (root / "guidance").iterdir() if p.is_dir()) if (root / "guidance").is_dir() else []
        if region in known:  # the region exists; its files have errors (e.g. a symlink leaving the project)
            _stop_on_errors(fdiags, [])
        diags.error(centre_file, parsed[1].lookup(("region",)), "region",
                    f"regionen \"{region}\" finns inte (finns: {', '.join(known) or 'inga'})")
        _stop_on_errors(diags, [])
    rf = files.regions[region]
    files.regions[region] = dataclasses.replace(rf, centre_files=(centre_file,))
    progress("Läser och validerar …")
    docs, d1 = load_documents(files)
    project, d2 = validate_project(files, docs)
    all_d = Diagnostics(d1.items + d2.items)
    warnings: list[Diagnostic] = []
    _stop_on_errors(all_d, warnings)
    from .drafts import build_draft
    from .figures import all_figures
    from .resolve import resolve_project

    progress("Kontrollerar mot regionens regler …")
    resolved, d3 = resolve_project(project)
    if failed_checks:  # the centre's own rule errors (resolve._report) are in the draft; the rest still stop
        d3 = Diagnostics([d for d in d3.items if d.level != "fel" or (files.root / d.file).resolve() != centre_file])
    _stop_on_errors(d3, warnings)
    rr = resolved.regions[0]
    revision = content_revision(files.root, [region])
    date = build_date(files.root)
    draft, d4 = build_draft(rr.centres[0], rr, revision, date, _centre_hash(files.root, str(centre_file)))
    _stop_on_errors(d4, warnings)
    figures = all_figures(resolved.base.pages)
    gen = Generated(resolved, {(region, draft.centre.id): draft}, figures, warnings, revision, date,
                    _rule_text(resolved, figures, files.root), {region: revision})
    env = make_environment([p for p in (rf.templates, files.root / "templates") if p], template_globals(resolved, figures),
                           root=files.root)
    env.filters.update(template_filters(resolved))
    rdiags = Diagnostics()
    md = render_into(env, "draft/agreement.md.j2", rdiags, root=files.root, draft=draft, base=resolved.base,
                     link=lambda target: target)
    _stop_on_errors(rdiags, warnings)
    progress("Skapar Word-dokument …")
    from .site_plan import draft_path

    data = draft_docx(draft, gen, files.root, md, draft_path(region, draft.centre.id)) if docx else b""
    return DraftResult(draft, md, data, warnings)

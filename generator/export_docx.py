"""Word documents: each regional guidance and each agreement draft.

A document is made from the same Markdown as the web pages (docx_render.py parses it with
the site's own Markdown configuration): the guidance from the region's pages in order
(its overview as the title page, each chapter, the references), a draft from the draft's
Markdown. The look comes from the region's Word template
(guidance/<region>/templates/docx/fcguide.docx), else the bundled one.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .docx_package import (CONTENT_TYPES, NAMESPACES, RT, XML_DECL, app_xml, core_xml, custom_xml, load_template,
                           rels_xml, settings_with, write_package)
from .docx_render import Document, body_xml
from .render import date_sv
from .versions import properties

TEMPLATE_NAME = "fcguide.docx"


def _template_path(root: Path, region_id: str) -> Path | None:
    """The region's template, else the bundled one. A template resolving outside the project
    (a symlink leaving it) is never read; find_project has already refused it with a located error."""
    from .sandbox import inside

    for p in (root / "guidance" / region_id / "templates" / "docx" / TEMPLATE_NAME,
              root / "templates" / "docx" / TEMPLATE_NAME):
        if p.is_file() and inside(p, root):
            return p
    return None


def _revision(gen, region_id: str) -> str:
    return (gen.revisions or {}).get(region_id, gen.revision)


def guidance_paths(rr) -> list[str]:
    """The pages of a region's guidance, in the order the document has them."""
    from .site_plan import _region_chapters, changelog_path

    return ([f"{rr.id}/index.md"] + [path for path, *_ in _region_chapters(rr)]
            + [changelog_path(rr.id), f"{rr.id}/referenser.md"])


def guidance_docx(rr, gen, root: Path, pages: dict[str, str], html: bool = False) -> bytes:
    """The region's guidance from its pages: Markdown by docs path, or with `html` MkDocs' HTML of them."""
    region = rr.region
    paths = guidance_paths(rr)
    doc = Document(load_template(_template_path(root, region.id)), root / "mkdocs.yml",
                   sources=region.word.sources, figures={f.name: f for f in gen.figures.values()})
    doc.set_pages(paths, {"kallor.md": f"{rr.id}/referenser.md"})   # sources resolve to the document's own list
    doc.add_page(pages[paths[0]], paths[0], html=html, title_page=True)
    for path in paths[1:]:
        doc.add_page(pages[path], path, html=html, chapter=True)
    title = region.guidance.title
    header = title if region.name in title else f"{title} – {region.name}"
    return _package(doc, header=header, footer=region.name, update_fields=doc.has_toc, when=gen.date,
                    props=dict(title=title, subject=f"Vägledning för familjecentraler, {region.name}",
                               keywords=f"familjecentral; vägledning; {region.name}", category=region.name,
                               description=f"Genererad av Familjecentralsguiden från innehållsversion {_revision(gen, region.id)}.",
                               version=f"{region.guidance.version} / {_revision(gen, region.id)}"),
                    company=region.name, custom=properties(region.guidance, _revision(gen, region.id)))


# A draft's running header and footer (`fcguide draft` and the browser form's Word file).
DRAFT_HEADER, DRAFT_FOOTER = "UTKAST – {name} – {date}", "UTKAST"


def draft_docx(draft, gen, root: Path, source: str, path: str, html: bool = False) -> bytes:
    """The draft's Word file from its Markdown (the page at `path`, or the `fcguide draft` text),
    or with `html` from MkDocs' HTML of the page."""
    c, region = draft.centre, draft.region
    doc = Document(load_template(_template_path(root, region.id)), root / "mkdocs.yml",
                   sources=region.word.sources, figures={f.name: f for f in gen.figures.values()})
    doc.set_pages([path])
    doc.add_page(source, path, html=html, title_page=True)
    return _package(doc, header=DRAFT_HEADER.format(name=c.name, date=date_sv(draft.date)), footer=DRAFT_FOOTER,
                    update_fields=False, when=draft.date, **draft_properties(draft.title, region, draft.revision, draft.centre_hash))


def draft_properties(title: str, region, revision: str, centre_hash: str) -> dict:
    """A draft's Word properties (core and custom): what it was made from. One declaration for
    `fcguide draft` and the browser form's Word file (form_word.py fills in placeholders)."""
    return dict(props=dict(title=title, subject=f"Utkast till lokalt samverkansavtal, {region.name}",
                           keywords="samverkansavtal; familjecentral; utkast", category="UTKAST",
                           description=f"Genererat av Familjecentralsguiden från innehållsversion {revision} "
                                       f"och familjecentralens fil med kontrollsumma {centre_hash}.",
                           version=f"{region.guidance.version} / {revision} / {centre_hash}"),
                company=region.name, custom=properties(region.guidance, revision, centre_hash))


def _field(instr: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _header_footer(kind: str, inner: str | None, style: str, line: str) -> bytes:
    root = "w:hdr" if kind == "header" else "w:ftr"
    ours = f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{line}</w:p>'
    # Our line goes below a region's letterhead; a template's empty header is replaced.
    keep = inner if inner and "<w:t" in inner else ""
    return (XML_DECL + f"<{root} {NAMESPACES}>{keep}{ours}</{root}>").encode("utf-8")


def _package(doc: Document, *, header: str, footer: str, update_fields: bool, when, props: dict, company: str,
             custom: dict[str, str]) -> bytes:
    t = doc.t
    files = dict(t.parts)
    types = dict(t.content_types)
    rels = [(rid, typ, target, "") for rid, typ, target in t.rels]
    rels += [("rIdFcHeader", RT + "header", "header_fc.xml", ""), ("rIdFcFooter", RT + "footer", "footer_fc.xml", "")]
    files["word/header_fc.xml"] = _header_footer("header", t.header_xml, t.style("header"),
                                                 f'<w:r><w:t xml:space="preserve">{escape(header)}</w:t></w:r>')
    files["word/footer_fc.xml"] = _header_footer("footer", t.footer_xml, t.style("footer"),
                                                 f'<w:r><w:t xml:space="preserve">{escape(footer)} · Sida </w:t></w:r>'
                                                 + _field("PAGE") + '<w:r><w:t xml:space="preserve"> av </w:t></w:r>'
                                                 + _field("NUMPAGES"))
    types["word/header_fc.xml"] = CONTENT_TYPES["header"]
    types["word/footer_fc.xml"] = CONTENT_TYPES["footer"]
    body = body_xml(doc)
    if doc.footnotes:
        rels.append(("rIdFcNotes", RT + "footnotes", "footnotes.xml", ""))
        files["word/footnotes.xml"] = (
            XML_DECL + f"<w:footnotes {NAMESPACES}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            '</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            + "".join(doc.footnotes) + "</w:footnotes>").encode("utf-8")
        types["word/footnotes.xml"] = CONTENT_TYPES["footnotes"]
    rels += doc.rels
    files.update(doc.media)
    sect = t.sect_pr
    cut = sect.index(">") + 1
    sect = (sect[:cut] + '<w:headerReference w:type="default" r:id="rIdFcHeader"/>'
            '<w:footerReference w:type="default" r:id="rIdFcFooter"/>' + sect[cut:])
    files["word/document.xml"] = (XML_DECL + f"<w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>").encode("utf-8")
    files["word/_rels/document.xml.rels"] = rels_xml(rels)
    files[t.extra["settings_part"]] = settings_with(t, update_fields, bool(doc.footnotes))
    files[t.extra["numbering_part"]] = doc.numbering_xml()
    files["docProps/core.xml"] = core_xml(**props, when=when)
    files["docProps/app.xml"] = app_xml(company)
    types["word/document.xml"] = CONTENT_TYPES["document"]
    types["docProps/core.xml"] = CONTENT_TYPES["core"]
    types["docProps/app.xml"] = CONTENT_TYPES["app"]
    files["docProps/custom.xml"] = custom_xml(custom)
    types["docProps/custom.xml"] = CONTENT_TYPES["custom"]
    files["_rels/.rels"] = rels_xml([
        ("rId1", RT + "officeDocument", "word/document.xml", ""),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml", ""),
        ("rId3", RT + "extended-properties", "docProps/app.xml", ""),
        ("rId4", RT + "custom-properties", "docProps/custom.xml", "")])
    return write_package(files, types, t.defaults, when, shared=frozenset(t.parts))

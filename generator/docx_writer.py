"""Small, reusable helpers on top of python-docx: Markdown paragraphs, lists
that restart their numbering, tables, fields, reproducible ZIP output."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

INLINE_RE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|\[[^\]]+\]\([^)]+\)|`[^`]+`)")
LIST_RE = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


def open_template(paths: list[Path]) -> DocxDocument:
    """The first Word template found (a region's own first), else python-docx's default."""
    for p in paths:
        if p.is_file():
            doc = Document(str(p))
            body = doc.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
            return doc
    return Document()


def add_inline(paragraph, text: str) -> None:
    """Markdown inline (bold, italic, links, code) -> runs. Links keep their text."""
    pos = 0
    for mt in INLINE_RE.finditer(text):
        if mt.start() > pos:
            paragraph.add_run(text[pos:mt.start()])
        tok = mt.group(0)
        if tok.startswith("**"):
            paragraph.add_run(tok[2:-2]).bold = True
        elif tok.startswith("["):
            label, url = re.match(r"\[([^\]]+)\]\(([^)]+)\)", tok).groups()
            paragraph.add_run(label)
            if url.startswith("https://"):
                paragraph.add_run(f" ({url})")
        elif tok.startswith("`"):
            paragraph.add_run(tok[1:-1]).font.name = "Courier New"
        else:
            paragraph.add_run(tok[1:-1]).italic = True
        pos = mt.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _style(doc: DocxDocument, name: str, fallback: str | None = "Normal"):
    """The style object (cached: python-docx looks styles up by a linear scan)."""
    cache = doc.__dict__.setdefault("_fc_styles", {})
    if name not in cache:
        try:
            cache[name] = doc.styles[name]
        except KeyError:
            cache[name] = None
    if cache[name] is None:
        return _style(doc, fallback, None) if fallback else None
    return cache[name]


def paragraph(doc: DocxDocument, style_name: str | None = None, text: str = ""):
    """A new paragraph with a style set by id (python-docx's name lookup scans all styles)."""
    p = doc.add_paragraph(text)
    if style_name and style_name != "Normal":
        style = _style(doc, style_name, None)
        if style is not None:
            p._p.style = style.style_id
    return p


def heading(doc: DocxDocument, text: str, level: int):
    """A real Word heading (Heading 1–4), so the navigation pane and TOC work."""
    name = "Title" if level == 0 else f"Heading {level}"
    if _style(doc, name, None) is None:
        return doc.add_heading(text, level)
    return paragraph(doc, name, text)


def restart_numbering(doc: DocxDocument, paragraph) -> None:
    """Give this numbered paragraph a new w:num so the list starts at 1 (python-docx #25)."""
    numbering = doc.part.numbering_part.element
    style = paragraph.style
    numpr = style.element.find(qn("w:pPr"))
    num_id_el = numpr.find(qn("w:numPr")).find(qn("w:numId")) if numpr is not None and numpr.find(qn("w:numPr")) is not None else None
    if num_id_el is None:
        return
    old_id = num_id_el.get(qn("w:val"))
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == old_id:
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    if abstract is None:
        return
    new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), new_id)
    an = OxmlElement("w:abstractNumId")
    an.set(qn("w:val"), abstract)
    num.append(an)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    ppr = paragraph._p.get_or_add_pPr()
    numpr_p = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), new_id)
    numpr_p.append(ilvl)
    numpr_p.append(nid)
    ppr.append(numpr_p)


def add_markdown(doc: DocxDocument, text: str) -> None:
    """Block Markdown (paragraphs, bullet and numbered lists) -> Word paragraphs."""
    para: list[str] = []
    prev_kind = None
    last = None

    def flush() -> None:
        if para:
            p = paragraph(doc)
            add_inline(p, " ".join(s.strip() for s in para))
            para.clear()
            nonlocal last
            last = p

    for line in text.splitlines():
        mt = LIST_RE.match(line)
        if mt:
            flush()
            numbered = mt.group(2)[0].isdigit()
            kind = "num" if numbered else "bullet"
            p = paragraph(doc, "List Number" if numbered else "List Bullet")
            add_inline(p, mt.group(3))
            if numbered and prev_kind != "num":
                restart_numbering(doc, p)
            prev_kind = kind
            last = p
        elif not line.strip():
            flush()
            prev_kind = None if not para else prev_kind
        elif line.startswith("#"):
            flush()
            level = min(len(line) - len(line.lstrip("#")) + 1, 4)
            heading(doc, line.lstrip("#").strip(), level)
            prev_kind = None
        else:
            if prev_kind and line.startswith("  "):
                # continuation of a list item
                if last is not None:
                    add_inline(last, " " + line.strip())
                continue
            para.append(line)
            prev_kind = None
    flush()


def add_list(doc: DocxDocument, items: list[str], numbered: bool = False) -> None:
    for i, item in enumerate(items):
        p = paragraph(doc, "List Number" if numbered else "List Bullet")
        add_inline(p, item)
        if numbered and i == 0:
            restart_numbering(doc, p)


def add_table(doc: DocxDocument, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    grid = _style(doc, "Table Grid", None)
    if grid is not None:
        table.style = grid
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    # Repeat the header row on each page.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    hdr.set(qn("w:val"), "true")
    trpr.append(hdr)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = ""
            add_inline(cell.paragraphs[0], text)
    doc.add_paragraph()
    return table


def add_sources_line(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.italic = True
    run.font.size = Pt(8.5)


def add_field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC); Word fills it in when the document opens."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1" if instr.startswith(("PAGE", "NUMPAGES")) else "Högerklicka och välj Uppdatera fält för att visa innehållsförteckningen."
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, text, sep, placeholder, end):
        run._r.append(el)


def page_number_footer(doc: DocxDocument, prefix: str) -> None:
    footer = doc.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.text = ""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(f"{prefix} · Sida ")
    add_field(p, "PAGE")
    p.add_run(" av ")
    add_field(p, "NUMPAGES")


def header_text(doc: DocxDocument, text: str) -> None:
    """Our line in the page header, below a region's letterhead if its template has one."""
    header = doc.sections[0].header
    empty = [p for p in header.paragraphs if not p.text.strip()]
    p = empty[0] if empty and not any(p.text.strip() for p in header.paragraphs) else header.add_paragraph()
    p.text = text
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def set_properties(doc: DocxDocument, *, title: str, subject: str, keywords: str, category: str,
                   when: dt.date, version: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.subject = subject
    cp.keywords = keywords
    cp.category = category
    cp.author = "Familjecentralsguiden"
    cp.last_modified_by = "Familjecentralsguiden"
    cp.comments = f"Genererat från innehållsversion {version}"
    cp.version = version
    cp.revision = 1
    stamp = dt.datetime(when.year, when.month, when.day, 12, 0, 0)
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp


class _FixedTimeZipWriter:
    """python-docx's physical package writer, but every ZIP entry gets the same fixed
    timestamp, so equal input gives equal bytes in one compression pass."""

    def __init__(self, stream, when: dt.date):
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._stamp = (max(when.year, 1980), when.month, when.day, 12, 0, 0)

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def to_bytes(doc: DocxDocument, when: dt.date) -> bytes:
    """Save the document reproducibly: fixed ZIP timestamps, python-docx's stable part order.

    Uses python-docx's PackageWriter steps (checked with python-docx 1.1–1.2) with our
    own physical writer instead of saving and re-zipping, which cost a second compression.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZipWriter(out, when)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return out.getvalue()

"""Markdown pages -> one Word document.

The pages and drafts are Markdown made from the templates; this module parses that
Markdown with Python-Markdown configured exactly as MkDocs is (the extensions and
their settings are read from mkdocs.yml), and writes the element tree as
WordprocessingML. So the Word file and the web page are one text, parsed once each by
the same parser: nothing exists in one output only.

What the tree holds and what Word gets:
- h1 of a page: its chapter (Heading 1, new page) or, on a title page, the Title;
  deeper headings keep their order; ids become bookmarks, links to them cross-references;
- paragraphs with bold, italic, code, abbreviations; links: to a page or heading in this
  document a hyperlink to its bookmark, to the web a real hyperlink, to a site page that is
  not in the document plain text;
- lists (nested, numbered lists restart at 1), definition lists, admonitions and details
  (a framed box), tables (header row repeated, rows that do not split, column widths from
  their content), figures (the site's SVG as PNG, with its alt text);
- `p.fc-kallor` ("Källa: …"): a footnote on the text before it, or a compact source list
  at the end of the chapter (the region's choice, region.yaml `word.sources`);
- `div.fc-innehall`: the chapter list, as a table of contents (a TOC field whose
  result is the list, so it shows before Word updates it);
- `div.fc-underskrifter`: the signature table, on a page of its own with room to sign;
- what is navigation on the web only (`.md-button`, `.fc-webb`, the ¶ permalinks) is left out.
"""
from __future__ import annotations

import copy

import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from . import docx_styles as S
from .docx_package import RT, Template

_HTML_PARSER = etree.HTMLParser(remove_comments=True)
_WS = re.compile(r"[ \t\n\r\f\v]+")
_BOOKMARK_BAD = re.compile(r"[^A-Za-z0-9_]")
CHAR_TWIPS = 115          # an average character of 10–11 pt Calibri (Carlito), for column widths
CELL_MARGIN = 216


# --- the parser ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _markdown(config_file: str):
    """One Python-Markdown instance per process, configured as MkDocs configures its own."""
    import markdown
    from mkdocs.config.config_options import MarkdownExtensions
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f) or {}
    # MkDocs' own option class: the same built-ins (toc, tables, fenced_code) and the same merging.
    option = MarkdownExtensions(builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs")
    names = option.validate(raw.get("markdown_extensions") or [])
    return markdown.Markdown(extensions=names, extension_configs=option.configdata)


def parse(markdown_text: str, config_file: Path):
    """Markdown -> an lxml element (a <div> holding the page's HTML elements)."""
    md = _markdown(str(config_file))
    md.reset()
    text = markdown_text
    if text.startswith("---\n"):          # MkDocs' front matter (page meta) is not content
        end = text.find("\n---", 4)
        if end > 0:
            text = text[end + 4:]
    return parse_html(md.convert(text))


def parse_html(html: str):
    """A page's HTML (MkDocs' own conversion, captured during the build) -> an lxml element."""
    # Plain lxml elements (lxml.html's element classes cost a Python lookup per node).
    root = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _HTML_PARSER)
    return root[0][0]


def page_key(path: str) -> str:
    """A page's address without slashes at the ends ("skane/samverkan"), from its docs path
    ("skane/samverkan.md") or a link target in either form ("../samverkan/", "samverkan.md")."""
    from .site_plan import output_url

    path = path.strip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    return output_url(path) if path.endswith(".md") else path


# --- figures ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def svg_to_png(svg: str, width_px: int) -> bytes:
    """The site's SVG figure as a PNG at twice its shown width (cairosvg, one conversion per process)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px * 2)


def _svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'viewBox="\s*[\d.\-]+\s+[\d.\-]+\s+([\d.]+)\s+([\d.]+)"', svg)
    return (float(m.group(1)), float(m.group(2))) if m else (600.0, 400.0)


# --- the document being built --------------------------------------------------------------

@dataclass(slots=True)
class Para:
    style: str | None = None
    items: list = field(default_factory=list)   # ("t", text, fmt) | ("x", xml) | ("link", attrs, [items])
    keep_next: bool = False
    page_break: bool = False
    num: tuple[int, int] | None = None           # (numId, ilvl)
    indent: int = 0
    center: bool = False
    bookmarks: list = field(default_factory=list)
    before: str = ""                             # raw XML runs before the content (field begin)
    after: str = ""                              # raw XML runs after the content (field end)

    def empty(self) -> bool:
        return not any(i[0] != "t" or i[1].strip() for i in self.items)


class Document:
    """Collects body XML, footnotes, relationships and media for one Word file."""

    def __init__(self, template: Template, config_file: Path, *, sources: str = "fotnoter",
                 figures: dict | None = None):
        self.t = template
        self.config_file = config_file
        self.sources = sources
        self.figures = figures or {}          # file name (no extension) -> Figure
        self.body: list = []                  # Para or raw XML string (tables)
        self.footnotes: list[str] = []
        self.rels: list[tuple[str, str, str, str]] = []
        self.media: dict[str, bytes] = {}
        self._rel_ids: dict[tuple, str] = {}
        self.next_num = template.numbering_next
        self.nums: list[str] = []
        self.bookmark_names: dict[tuple[str, str], str] = {}
        self.pages: dict[str, int] = {}       # page path in this document -> page number (bookmark prefix)
        self.aliases: dict[str, str] = {}     # a site page whose anchors live on a page of this document
        self.pending_sources: list[Para] = []
        self.last_text: Para | None = None
        self.last_heading: Para | None = None
        self.signing = False                       # inside a draft's signature page
        self.drawing_id = 0
        self.headings: list[tuple[int, str]] = []
        self.bullet_num = None
        self.has_toc = False
        self.rpr_cache: dict[frozenset, str] = {}

    # -- identifiers --
    def rel(self, typ: str, target: str, external: bool = False) -> str:
        key = (typ, target, external)
        if key not in self._rel_ids:
            rid = f"rIdFc{len(self._rel_ids) + 1}"
            self._rel_ids[key] = rid
            self.rels.append((rid, typ, target, "External" if external else ""))
        return self._rel_ids[key]

    def bookmark(self, page: str, anchor: str) -> str:
        key = (page, anchor)
        if key not in self.bookmark_names:
            n = self.pages.get(page, 0)
            name = f"fc{n}_{_BOOKMARK_BAD.sub('_', anchor)}" if anchor else f"fc{n}"
            name = name[:36]
            while name in self.bookmark_names.values():
                name = name[:32] + f"_{len(self.bookmark_names) % 1000}"
            self.bookmark_names[key] = name
        return self.bookmark_names[key]

    def new_num(self, ordered: bool) -> int:
        if not ordered:
            if self.bullet_num is None:
                self.bullet_num = self._num(S.BULLET_ABSTRACT)
            return self.bullet_num
        return self._num(S.DECIMAL_ABSTRACT, restart=True)

    def _num(self, abstract: int, restart: bool = False) -> int:
        nid = self.next_num
        self.next_num += 1
        over = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else "")
        self.nums.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{abstract}"/>{over}</w:num>')
        return nid

    def numbering_xml(self) -> bytes:
        t = self.t
        return (t.numbering_head + S.abstract_numbering() + t.numbering_tail.replace(
            "</w:numbering>", "".join(self.nums) + "</w:numbering>")).encode("utf-8")

    # -- adding pages --
    def set_pages(self, paths: list[str], aliases: dict[str, str] | None = None) -> None:
        """The pages this document holds (docs paths, in order): links to them become cross-references."""
        self.pages = {page_key(p): i for i, p in enumerate(paths)}
        self.aliases = {page_key(a): page_key(b) for a, b in (aliases or {}).items()}

    def add_page(self, source: str, path: str, *, html: bool = False, title_page: bool = False,
                 chapter: bool = False) -> None:
        """One page: its Markdown, or with `html` the HTML MkDocs made of it (links then are
        relative to the page's address, not its file). `title_page`: its h1 is the document's
        Title, its h2 are Heading 1. `chapter`: its h1 is a chapter (Heading 1) on a new page."""
        root = parse_html(source) if html else parse(source, self.config_file)
        key = page_key(path)
        self._current_page = key
        self._link_base = key if html else posixpath.dirname(path)
        ctx = _Ctx(page=key, shift=-1 if title_page else 0, title_page=title_page, chapter=chapter)
        self._blocks(root, ctx)
        self.flush_sources()

    def flush_sources(self) -> None:
        """The chapter's compact source list (when the region chose lists over footnotes)."""
        self.body.extend(self.pending_sources)
        self.pending_sources = []

    # -- blocks --
    def _blocks(self, el, ctx: "_Ctx") -> None:
        if el.text and el.text.strip():
            p = self._para(ctx)
            self._inline_text(p, el.text, ctx.fmt)
            self._emit(p, ctx)
        for child in el:
            self._block(child, ctx)
            if child.tail and child.tail.strip():
                p = self._para(ctx)
                self._inline_text(p, child.tail, ctx.fmt)
                self._emit(p, ctx)

    def _block(self, el, ctx: "_Ctx") -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        classes = (el.get("class") or "").split()
        if "fc-webb" in classes or "fc-utskrift" in classes or "headerlink" in classes or not tag:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(el, int(tag[1]), ctx)
        elif tag == "p":
            if "fc-kallor" in classes:
                self._source(el, ctx)
                return
            if "admonition-title" in classes:
                p = self._para(ctx, keep_next=True)
                self._inline(p, el, (ctx.fmt | _BOLD))
                self._emit(p, ctx)
                return
            imgs = el.findall("img")
            if imgs and not (el.text or "").strip() and all(not (i.tail or "").strip() for i in imgs):
                for img in imgs:
                    self._image(img, ctx)
                return
            if "fc-sidinfo" in classes and self.last_text is not None:
                self.last_text.keep_next = True   # a page's closing review line never stands alone on a page
            p = self._para(ctx)
            if el.get("id"):
                p.bookmarks.append(self.bookmark(ctx.page, el.get("id")))
            self._inline(p, el, ctx.fmt)
            if not p.empty():
                self._emit(p, ctx)
        elif tag in ("ul", "ol"):
            self._list(el, ctx, ordered=tag == "ol")
        elif tag == "table":
            self._table(el, ctx)
        elif tag == "dl":
            for item in el:
                if item.tag == "dt":
                    p = self._para(ctx, keep_next=True)
                    self._inline(p, item, (ctx.fmt | _BOLD))
                    self._emit(p, ctx)
                elif item.tag == "dd":
                    self._container(item, ctx.indented())
        elif tag in ("div", "details", "blockquote", "section", "article", "figure"):
            if "fc-innehall" in classes:
                self._toc(el, ctx)
            elif "fc-underskrifter" in classes:
                # The signatures start a page of their own: the clause heading moves with them.
                if self.last_heading is not None:
                    self.last_heading.page_break = True
                self._container(el, ctx.replace(signatures=True))
            elif "admonition" in classes or tag == "details":
                self._container(el, ctx.replace(box=True))
            elif tag == "blockquote":
                self._container(el, ctx.indented())
            else:
                self._container(el, ctx)
        elif tag == "summary":
            p = self._para(ctx, keep_next=True)
            self._inline(p, el, (ctx.fmt | _BOLD))
            self._emit(p, ctx)
        elif tag == "figcaption":
            p = self._para(ctx, style=self.t.style("caption"))
            self._inline(p, el, ctx.fmt)
            self._emit(p, ctx)
        elif tag == "img":
            self._image(el, ctx)
        elif tag == "pre":
            p = self._para(ctx)
            for i, line in enumerate("".join(el.itertext()).rstrip("\n").split("\n")):
                if i:
                    p.items.append(("x", "<w:r><w:br/></w:r>"))
                p.items.append(("t", line.replace(" ", "\u00a0"), ctx.fmt | {"code"}))
            self._emit(p, ctx)
        elif tag == "hr":
            return
        else:       # inline element at block level (e.g. a lone link): a paragraph
            p = self._para(ctx)
            self._inline_el(p, el, ctx.fmt)
            if not p.empty():
                self._emit(p, ctx)

    def _container(self, el, ctx: "_Ctx") -> None:
        self._blocks(el, ctx)

    def _para(self, ctx: "_Ctx", style: str | None = None, keep_next: bool = False) -> Para:
        if style is None:
            style = self.t.style("Faktaruta") if ctx.box else None
        p = Para(style=style, keep_next=keep_next or ctx.signatures or self.signing)
        if ctx.indent and not ctx.box:
            p.indent = ctx.indent
        return p

    def _emit(self, p: Para, ctx: "_Ctx") -> None:
        self.body.append(p)
        self.last_text = p

    def _heading(self, el, level: int, ctx: "_Ctx") -> None:
        if ctx.title_page and level == 1:
            style, outline = self.t.style("Title"), 0
        else:
            outline = max(1, min(level + ctx.shift, 4))
            style = self.t.style(f"heading {outline}")
        if outline == 1 and ctx.chapter:
            self.flush_sources()
        classes = (el.get("class") or "").split()
        # The draft's signature page (Markdown: `## § N Underskrifter { .fc-underskrifter }`, one
        # `### Part { .fc-underskriftspart }` per party): a page of its own, each party's lines kept together.
        if "fc-underskrifter" in classes:
            self.signing = True
        elif self.signing and self.last_text is not None:
            self.last_text.keep_next = False   # a party's block may start a new page
        p = Para(style=style, keep_next=self.signing, page_break="fc-underskrifter" in classes)
        if level == 1:
            p.bookmarks.append(self.bookmark(ctx.page, ""))
            p.page_break = ctx.chapter
        if el.get("id"):
            p.bookmarks.append(self.bookmark(ctx.page, el.get("id")))
        self._inline(p, el, ctx.fmt)
        self.body.append(p)
        self.last_heading = p
        self.last_text = p
        self.headings.append((0 if style == self.t.style("Title") else outline, _plain(p)))

    def _source(self, el, ctx: "_Ctx") -> None:
        if self.sources == "kapitellista":
            p = Para(style=self.t.style("Källa"))
            self._inline(p, el, ctx.fmt)
            self.pending_sources.append(p)
            return
        note = Para(style=self.t.style("footnote text"))
        self._in_note = True          # a footnote is read on paper: its links stay text
        try:
            self._inline(note, el, ctx.fmt)
        finally:
            self._in_note = False
        ref = self.t.style("footnote reference")
        anchor = self.last_text if self.last_text is not None else self.last_heading
        if anchor is None:
            anchor = Para()
            self.body.append(anchor)
        if anchor.items and anchor.items[-1][0] == "note":
            # A second source line for the same text: another paragraph of the same footnote.
            fid = anchor.items[-1][1]
            self.footnotes[fid - 1] = self.footnotes[fid - 1].replace("</w:footnote>", render_para(note, self) + "</w:footnote>")
            return
        fid = len(self.footnotes) + 1
        note.before = (f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr><w:footnoteRef/></w:r>'
                       '<w:r><w:t xml:space="preserve"> </w:t></w:r>')
        self.footnotes.append(f'<w:footnote w:id="{fid}">{render_para(note, self)}</w:footnote>')
        anchor.items.append(("note", fid,
                             f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'))

    # -- lists --
    def _list(self, el, ctx: "_Ctx", ordered: bool) -> None:
        num = self.new_num(ordered)
        level = ctx.list_level
        inner = ctx.replace(list_level=level + 1, indent=360 + 360 * (level + 1))
        for li in el:
            if li.tag != "li":
                continue
            p = self._para(ctx)
            p.style = self.t.style("List Paragraph") if not ctx.box else p.style
            p.num = (num, level)
            p.indent = 0
            if li.get("id"):
                p.bookmarks.append(self.bookmark(ctx.page, li.get("id")))
            first = True
            if li.text and li.text.strip():
                self._inline_text(p, li.text, ctx.fmt)
            for child in li:
                ctag = child.tag if isinstance(child.tag, str) else ""
                if ctag in _INLINE:
                    if p is None:
                        p = self._para(inner)
                    self._inline_el(p, child, ctx.fmt)
                    if child.tail:
                        self._inline_text(p, child.tail, ctx.fmt)
                    continue
                elif ctag == "p" and first and p is not None and p.empty():
                    self._inline(p, child, ctx.fmt)
                    first = False
                    if child.tail and child.tail.strip():
                        self._inline_text(p, child.tail, ctx.fmt)
                    continue
                else:
                    if p is not None and not p.empty():
                        self._emit(p, ctx)
                    p = None
                    self._block(child, inner)
                    if child.tail and child.tail.strip():
                        p = self._para(inner)
                        self._inline_text(p, child.tail, ctx.fmt)
                first = False
            if p is not None and not p.empty():
                self._emit(p, ctx)

    # -- tables --
    def _table(self, el, ctx: "_Ctx") -> None:
        rows = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if c.tag in ("td", "th")]
            header = tr.getparent().tag == "thead" or all(c.tag == "th" for c in cells)
            rows.append((header, cells))
        if not rows:
            return
        ncols = max(len(c) for _, c in rows)
        widths = _column_widths(rows, ncols, self.t.text_width, ctx.signatures)
        style = self.t.style("Table Grid")
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
               'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        out.append("</w:tblGrid>")
        last = len(rows) - 1
        valign = '<w:vAlign w:val="bottom"/>' if ctx.signatures else ""
        for i, (header, cells) in enumerate(rows):
            # A line to fill in by hand (everything after its label empty) gets room to write or sign.
            blank = ctx.signatures and not header and not any(_cell_text(c) for c in cells[1:])
            height = '<w:trHeight w:val="850" w:hRule="atLeast"/>' if blank else ""
            out.append(f'<w:tr><w:trPr><w:cantSplit/>{height}{"<w:tblHeader/>" if header and i == 0 or header and rows[i - 1][0] else ""}</w:trPr>')
            for j in range(ncols):
                cell = cells[j] if j < len(cells) else None
                p = Para(keep_next=(ctx.signatures and i < last) or header)
                if cell is not None:
                    self._inline(p, cell, (ctx.fmt | _BOLD) if cell.tag == "th" else ctx.fmt)
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[j]}" w:type="dxa"/>'
                           f'{valign}</w:tcPr>{render_para(p, self)}</w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        if self.body and isinstance(self.body[-1], str):
            self.body.append(Para())          # two tables in a row would merge into one in Word
        elif self.body:
            self.body[-1].keep_next = True    # the sentence that introduces a table stays with it
        self.body.append("".join(out))

    # -- table of contents --
    def _toc(self, el, ctx: "_Ctx") -> None:
        entries = []
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("h1", "h2", "h3", "h4"):
                p = Para(style=self.t.style("TOC Heading"), keep_next=True)
                self._inline(p, child, ctx.fmt)
                self.body.append(p)
            elif tag in ("ol", "ul"):
                for li in child.iter("li"):
                    # An entry is the item's own text; a nested list (a chapter group's pages)
                    # gives entries of its own, so its text is not repeated here.
                    own = copy.deepcopy(li)
                    for sub in [c for c in own if isinstance(c.tag, str) and c.tag in ("ul", "ol")]:
                        own.remove(sub)
                    p = Para(style=self.t.style("toc 1"))
                    self._inline(p, own, ctx.fmt)
                    if not p.empty():
                        entries.append(p)
            else:
                self._block(child, ctx)
        if not entries:
            return
        self.has_toc = True
        entries[0].before = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                             ' TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        entries[-1].after = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        self.body.extend(entries)

    # -- images --
    def _image(self, img, ctx: "_Ctx") -> None:
        src = img.get("src") or ""
        name = posixpath.splitext(posixpath.basename(src))[0]
        fig = self.figures.get(name)
        if fig is None:
            return
        vw, vh = _svg_size(fig.svg)
        shown = int(img.get("width") or min(vw, 600))
        width_emu = min(shown * 9525, self.t.text_width * 635)
        height_emu = int(width_emu * vh / vw)
        png = svg_to_png(fig.svg, shown)
        target = f"media/{name}.png"
        self.media[f"word/{target}"] = png
        rid = self.rel(RT + "image", target)
        self.drawing_id += 1
        did = self.drawing_id
        alt = escape(img.get("alt") or fig.alt, {'"': "&quot;"})
        xml = (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width_emu}" cy="{height_emu}"/>'
               f'<wp:docPr id="{did}" name="Bild {did}" descr="{alt}"/><wp:cNvGraphicFramePr>'
               '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
               '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
               f'<pic:nvPicPr><pic:cNvPr id="{did}" name="{name}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
               f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
               f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
               '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
               "</wp:inline></w:drawing></w:r>")
        p = Para(center=True, keep_next=True)
        p.items.append(("x", xml))
        self.body.append(p)

    # -- inline --
    def _inline(self, p: Para, el, fmt: frozenset) -> None:
        if el.text:
            self._inline_text(p, el.text, fmt)
        for child in el:
            self._inline_el(p, child, fmt)
            if child.tail:
                self._inline_text(p, child.tail, fmt)

    def _inline_text(self, p: Para, text: str, fmt: frozenset) -> None:
        text = _collapse(text)
        if not text:
            return
        prev = _last_text(p.items)
        if (prev is None or prev.endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if text:
            items = p.items
            if items and items[-1][0] == "t" and items[-1][2] == fmt:   # one run per stretch of one format
                items[-1] = ("t", items[-1][1] + text, fmt)
            else:
                items.append(("t", text, fmt))

    def _inline_el(self, p: Para, el, fmt: frozenset) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        classes = (el.get("class") or "").split()
        if "headerlink" in classes or "md-button" in classes or "fc-webb" in classes:
            return
        if tag in ("strong", "b"):
            self._inline(p, el, fmt | {"b"})
        elif tag in ("em", "i", "cite"):
            self._inline(p, el, fmt | {"i"})
        elif tag in ("code", "kbd"):
            self._inline(p, el, fmt | {"code"})
        elif tag == "sup":
            self._inline(p, el, fmt | {"sup"})
        elif tag == "sub":
            self._inline(p, el, fmt | {"sub"})
        elif tag in ("del", "s"):
            self._inline(p, el, fmt | {"strike"})
        elif tag == "br":
            p.items.append(("x", "<w:r><w:br/></w:r>"))
        elif tag == "img":
            return
        elif tag == "a":
            target = self._link_target(el.get("href") or "", p)
            if target is None:
                self._inline(p, el, fmt)
                return
            inner = Para()
            prev = _last_text(p.items)
            if prev is None or prev.endswith(" "):
                inner.items.append(("t", "", fmt))
            self._inline(inner, el, fmt | {"link"})
            p.items.append(("link", target, inner.items))
        else:       # abbr, span, mark, small, …: their text
            self._inline(p, el, fmt)

    def _link_target(self, href: str, p: Para) -> str | None:
        """The attributes of a w:hyperlink for `href`, or None for plain text."""
        if self._in_note:
            return None
        if re.match(r"^(https?:|mailto:|tel:)", href):
            return f'r:id="{self.rel(RT + "hyperlink", href, external=True)}"'
        if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href):
            return None
        path, _, anchor = href.partition("#")
        here = self._current_page
        target = page_key(posixpath.normpath(posixpath.join(self._link_base, path))) if path else here
        if target == ".":
            target = ""
        target = self.aliases.get(target, target)
        if target not in self.pages:
            return None
        return f'w:anchor="{self.bookmark(target, anchor)}"'

    _current_page = ""
    _link_base = ""
    _in_note = False


_BOLD = frozenset({"b"})
_INLINE = {"a", "strong", "b", "em", "i", "code", "kbd", "abbr", "span", "br", "sup", "sub", "del", "s", "mark",
           "small", "cite", "img", "ins", "q"}


@dataclass(frozen=True)
class _Ctx:
    page: str
    shift: int = 0
    title_page: bool = False
    chapter: bool = False
    fmt: frozenset = frozenset()
    box: bool = False
    signatures: bool = False
    list_level: int = 0
    indent: int = 0

    def replace(self, **kw) -> "_Ctx":
        return _Ctx(**{**self.__dict__, **kw})

    def indented(self) -> "_Ctx":
        return self.replace(indent=self.indent + 567)


def _collapse(text: str) -> str:
    """White space as a browser shows it: any run of it is one space (a no-break space stays)."""
    if "\xa0" in text:
        return _WS.sub(" ", text)
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0] in " \t\n\r\f\v" else "") + inner + (" " if text[-1] in " \t\n\r\f\v" else "")


def _last_text(items) -> str | None:
    for it in reversed(items):
        if it[0] == "t":
            if it[1]:
                return it[1]
        elif it[0] == "link":
            t = _last_text(it[2])
            if t:
                return t
        elif it[0] != "note":
            return "x"
    return None


def _plain(p: Para) -> str:
    out = []

    def walk(items):
        for it in items:
            if it[0] == "t":
                out.append(it[1])
            elif it[0] == "link":
                walk(it[2])
    walk(p.items)
    return "".join(out).strip()


def _cell_text(cell) -> str:
    return _collapse("".join(cell.itertext())).strip()


def _column_widths(rows, ncols: int, total: int, by_hand: bool = False) -> list[int]:
    """Widths that fit the content: no word broken inside, the rest shared by how much text
    a column holds (its longest cell, dampened by a square root). A column empty in every
    body row, or (`by_hand`, a signature table) every column after the labels, is filled in
    by hand: it gets room."""
    longest = [1] * ncols
    amount = [1] * ncols
    body_empty = [True] * ncols
    for header, cells in rows:
        for j, cell in enumerate(cells[:ncols]):
            text = _cell_text(cell)
            words = text.split() or [""]
            longest[j] = max(longest[j], max(len(w) for w in words) + (1 if header else 0))
            amount[j] = max(amount[j], len(text))
            if not header and text:
                body_empty[j] = False
    for j in range(ncols):
        if (body_empty[j] and len(rows) > 1) or (by_hand and j > 0):
            amount[j] = max(amount[j], 100 if by_hand else 30)
    minimum = [longest[j] * CHAR_TWIPS + CELL_MARGIN for j in range(ncols)]
    if sum(minimum) >= total:
        widths = [int(m * total / sum(minimum)) for m in minimum]
    else:
        weight = [max(a, 4) ** 0.5 for a in amount]
        widths = [int(total * w / sum(weight)) for w in weight]
        # Columns below their longest word take it from the others, in proportion to their surplus.
        short = sum(max(0, minimum[j] - widths[j]) for j in range(ncols))
        if short:
            surplus = [max(0, widths[j] - minimum[j]) for j in range(ncols)]
            total_surplus = sum(surplus)
            widths = [max(widths[j], minimum[j]) - (int(short * surplus[j] / total_surplus) if surplus[j] else 0)
                      for j in range(ncols)]
    widths[-1] += total - sum(widths)
    return widths


# --- serialisation -----------------------------------------------------------------------------

# Run properties of each inline mark, in the order CT_RPr wants them.
_MARKS = (("code", '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'), ("b", "<w:b/><w:bCs/>"),
          ("i", "<w:i/><w:iCs/>"), ("strike", "<w:strike/>"), ("sup", '<w:vertAlign w:val="superscript"/>'),
          ("sub", '<w:vertAlign w:val="subscript"/>'))


def _rpr(fmt: frozenset, doc: Document) -> str:
    if not fmt:
        return ""
    parts = [f'<w:rStyle w:val="{doc.t.style("Hyperlink")}"/>'] if "link" in fmt else []
    parts += [xml for mark, xml in _MARKS if mark in fmt and not (mark == "sub" and "sup" in fmt)]
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _runs(items, doc: Document, out: list[str], strip_end: bool) -> None:
    merged = items   # neighbouring text of one format is already one item (_inline_text)
    if strip_end and merged and not (merged[-1][0] == "t" and merged[-1][1][-1:] != " "):
        merged = list(merged)
        for k in range(len(merged) - 1, -1, -1):
            if merged[k][0] == "note":
                continue
            if merged[k][0] == "t":
                merged[k] = ("t", merged[k][1].rstrip(" "), merged[k][2])
                if merged[k][1]:
                    break
            else:
                break
    for it in merged:
        if it[0] == "t":
            text = it[1]
            if text:
                rpr = doc.rpr_cache.get(it[2])
                if rpr is None:
                    rpr = doc.rpr_cache[it[2]] = _rpr(it[2], doc)
                space = ' xml:space="preserve"' if text[0] == " " or text[-1] == " " else ""
                if "&" in text or "<" in text or ">" in text:
                    text = escape(text)
                out.append(f'<w:r>{rpr}<w:t{space}>{text}</w:t></w:r>')
        elif it[0] == "x":
            out.append(it[1])
        elif it[0] == "note":
            out.append(it[2])
        else:
            out.append(f"<w:hyperlink {it[1]}>")
            _runs(it[2], doc, out, False)
            out.append("</w:hyperlink>")


def render_para(p: Para, doc: Document) -> str:
    ppr = []
    if p.style and p.style != "Normal":
        ppr.append(f'<w:pStyle w:val="{p.style}"/>')
    if p.keep_next:
        ppr.append("<w:keepNext/>")
    if p.page_break:
        ppr.append("<w:pageBreakBefore/>")
    if p.num:
        ppr.append(f'<w:numPr><w:ilvl w:val="{p.num[1]}"/><w:numId w:val="{p.num[0]}"/></w:numPr>')
    if p.num:
        ppr.append(f'<w:ind w:left="{360 + 360 * (p.num[1] + 1)}" w:hanging="360"/>')
    elif p.indent:
        ppr.append(f'<w:ind w:left="{p.indent}"/>')
    if p.center:
        ppr.append('<w:jc w:val="center"/>')
    out = ["<w:p>"]
    if ppr:
        out.append(f"<w:pPr>{''.join(ppr)}</w:pPr>")
    for i, name in enumerate(p.bookmarks):
        out.append(f'<w:bookmarkStart w:id="{_bookmark_id(doc, name)}" w:name="{name}"/>')
    out.append(p.before)
    _runs(p.items, doc, out, True)
    out.append(p.after)
    for name in p.bookmarks:
        out.append(f'<w:bookmarkEnd w:id="{_bookmark_id(doc, name)}"/>')
    out.append("</w:p>")
    return "".join(out)


def _bookmark_id(doc: Document, name: str) -> int:
    ids = doc.__dict__.setdefault("_bm_ids", {})
    return ids.setdefault(name, len(ids) + 1)


def body_xml(doc: Document) -> str:
    out = []
    seen_bookmarks: set[str] = set()
    for block in doc.body:
        if isinstance(block, Para):
            # A bookmark is placed once (a page can be added once; guard anyway).
            block.bookmarks = [b for b in block.bookmarks if not (b in seen_bookmarks or seen_bookmarks.add(b))]
            out.append(render_para(block, doc))
        else:
            out.append(block)
    if not doc.body or not isinstance(doc.body[-1], Para):
        out.append("<w:p/>")
    return "".join(out)

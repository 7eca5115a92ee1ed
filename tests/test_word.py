"""The Word documents of the built site: the same text as the web pages, Word craft a region
accepts, and what DOS-lagen (2018:1937) asks of a published document, checked in the OOXML
of every DOCX; two of them rendered to PDF by LibreOffice."""
from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from generator.formatting import sv_sort_key

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD = re.compile(r"\w+")
A4 = (11906, 16838)


class Docx:
    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.doc = etree.fromstring(self.parts["word/document.xml"])
        self.styles = etree.fromstring(self.parts["word/styles.xml"])
        self.style_names = {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val")
                            for s in self.styles.iter(f"{W}style")}
        self.body = self.doc.find(f"{W}body")

    def part_text(self, name: str) -> str:
        if name not in self.parts:
            return ""
        return " ".join(html_lib.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>",
                                                                  self.parts[name].decode("utf-8")))

    def text(self) -> str:
        """What a reader sees: the body and the footnotes (not the header and footer)."""
        return self.part_text("word/document.xml") + " " + self.part_text("word/footnotes.xml")

    def paragraphs(self):
        for p in self.body.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            name = self.style_names.get(style.get(f"{W}val")) if style is not None else "Normal"
            yield p, name, "".join(t.text or "" for t in p.iter(f"{W}t"))


def _docs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.docx"))


def _html_text(site: Path, rel_md: str) -> str:
    """The visible text of a page's content, without what is navigation on the web only."""
    from generator.site_plan import output_url

    url = output_url(rel_md)
    tree = lxml.html.fromstring((site / url / "index.html").read_bytes())
    article = tree.find_class("md-content__inner")[0]
    for el in article.xpath('.//*[contains(concat(" ", normalize-space(@class), " "), " headerlink ") or '
                            'contains(concat(" ", normalize-space(@class), " "), " md-button ") or '
                            'contains(concat(" ", normalize-space(@class), " "), " fc-webb ") or '
                            'contains(concat(" ", normalize-space(@class), " "), " fc-utskrift ") or '
                            'self::script or self::style]'):
        _drop_keep_tail(el)
    return article.text_content()


def _drop_keep_tail(el) -> None:
    parent, tail = el.getparent(), el.tail or ""
    if parent is None:
        return
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _guidance_pages(site: Path, region: str) -> list[str]:
    """The region's pages in the guidance: its overview, the chapters it lists, the references."""
    index = lxml.html.fromstring((site / region / "index.html").read_bytes())
    toc = index.find_class("fc-innehall")[0]
    # Chapters are the region's own pages; a link into a section of another page ("../kallor/#…",
    # "uppdraget/#medarbetare") is a pointer in the list, not a chapter of its own.
    chapters = [a.get("href").rstrip("/") for a in toc.iter("a")
                if not a.get("class") and "#" not in a.get("href") and not a.get("href").startswith("../")]
    return [f"{region}/index.md"] + [f"{region}/{c}.md" for c in chapters]


def test_docx_has_the_visible_text_of_its_pages(built_site):
    """Every word of the pages is in the document and nothing else: the same text, one source."""
    docs = _docs(built_site)
    assert len(docs) >= 9
    for path in docs:
        rel = path.relative_to(built_site).as_posix()
        region = rel.split("/", 1)[0]
        pages = _guidance_pages(built_site, region) if rel.endswith("-vagledning.docx") else [rel[:-5] + ".md"]
        html_words = Counter(WORD.findall(" ".join(_html_text(built_site, p) for p in pages)))
        docx_words = Counter(WORD.findall(Docx(path).text()))
        missing, extra = html_words - docx_words, docx_words - html_words
        assert not missing and not extra, (rel, dict(missing.most_common(12)), dict(extra.most_common(12)))


def _heading_levels(doc: Docx) -> list[int]:
    levels = []
    for _, name, _ in doc.paragraphs():
        if name == "Title":
            levels.append(0)
        elif name and name.startswith("heading "):
            levels.append(int(name.split()[1]))
    return levels


@pytest.fixture(scope="module")
def documents(built_site):
    return {p.relative_to(built_site).as_posix(): Docx(p) for p in _docs(built_site)}


def test_every_docx_is_accessible(documents):
    """DOS-lagen: title as Title and in the properties, headings in order, language, table header
    rows, alt text on every picture."""
    for rel, doc in documents.items():
        core = doc.parts["docProps/core.xml"].decode("utf-8")
        title = re.search(r"<dc:title>([^<]+)</dc:title>", core)
        assert title and title.group(1).strip(), rel
        assert "<dc:language>sv-SE</dc:language>" in core, rel
        levels = _heading_levels(doc)
        assert levels[0] == 0 and levels.count(0) == 1, (rel, levels[:5])
        first_title = next(text for _, name, text in doc.paragraphs() if name == "Title")
        assert html_lib.unescape(title.group(1)) == first_title, rel
        assert levels[1] == 1, rel
        for a, b in zip(levels[1:], levels[2:]):
            assert b <= a + 1, (rel, "rubriknivå hoppar", a, b)
        lang = doc.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert lang is not None and lang.get(f"{W}val") == "sv-SE", rel
        assert not re.search(rb'w:lang w:val="(?!sv-SE)', doc.parts["word/styles.xml"]), rel
        assert b'<w:themeFontLang w:val="sv-SE"' in doc.parts["word/settings.xml"], rel
        for tbl in doc.body.iter(f"{W}tbl"):
            rows = tbl.findall(f"{W}tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None, rel
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows), rel
        for pic in doc.doc.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            assert len(pic.get("descr", "").strip()) > 20, (rel, "bild utan alternativtext")


def test_word_craft(documents, built_site):
    """A4 with Swedish margins, clean properties, no literal Markdown or web wording, fitted
    tables, real hyperlinks and footnotes, figures, a TOC, a signature page."""
    for rel, doc in documents.items():
        size = doc.body.find(f"{W}sectPr/{W}pgSz")
        assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == A4, rel
        margins = doc.body.find(f"{W}sectPr/{W}pgMar")
        assert all(int(margins.get(f"{W}{side}")) >= 1134 for side in ("top", "left", "right", "bottom")), rel
        names = set(doc.parts)
        assert not any(n.startswith(("customXml", "docProps/thumbnail")) for n in names), (rel, names)
        app = doc.parts["docProps/app.xml"].decode("utf-8")
        assert "<Application>Familjecentralsguiden</Application>" in app and "Normal.dotm" not in app, rel
        assert b"python-docx" not in doc.parts["docProps/core.xml"], rel
        text = doc.text()
        for mark in ("**", "](", "{:", "{ #", "<div", "!!!", "???"):
            assert mark not in text, (rel, mark)
        # Cross-references name a chapter or a §, never a web page.
        assert not re.search(r"\bsidan\b", text, re.IGNORECASE), (rel, re.findall(r".{40}\bsidan\b.{20}", text, re.I))
        assert not re.search(r"(?<![\w*])\*\w[^*]*\w\*(?![\w*])", text), (rel, "bokstavliga asterisker")
        for tbl in doc.body.iter(f"{W}tbl"):
            widths = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
            assert sum(widths) <= 9100, rel
            if len(widths) > 2:
                assert len(set(widths)) > 1, (rel, "lika breda kolumner", widths)
        styles = {name for _, name, _ in doc.paragraphs()}
        # Source lines are never direct formatting: footnotes or the style "Källa".
        assert "Källa:" not in "".join(t for _, name, t in doc.paragraphs() if name not in ("Källa", "footnote text")), rel
        if rel.endswith("-vagledning.docx"):
            assert b"footnoteReference" in doc.parts["word/document.xml"], rel
            assert "toc 1" in styles and b'<w:updateFields w:val="true"/>' in doc.parts["word/settings.xml"], rel
            instr = re.findall(rb"<w:instrText[^>]*>([^<]*)</w:instrText>", doc.parts["word/document.xml"])
            assert any(b'TOC \\o "1-1"' in i for i in instr), rel
            assert b'TargetMode="External"' in doc.parts["word/_rels/document.xml.rels"], rel
            assert b"<w:hyperlink w:anchor=" in doc.parts["word/document.xml"], rel
            pages = _guidance_pages(built_site, rel.split("/")[0])
            from generator.site_plan import output_url
            images = sum((built_site / output_url(p) / "index.html").read_text(encoding="utf-8").count('class="fc-figur"')
                         for p in pages)
            assert images and sum(1 for n in names if n.startswith("word/media/")) >= 1, rel
            assert doc.parts["word/document.xml"].count(b"<wp:docPr ") == images, rel
            refs = _references(doc)
            assert len(refs) > 10 and refs == sorted(refs, key=sv_sort_key), (rel, refs)
            assert len(set(refs)) == len(refs), rel
        else:
            # The signature page: on a page of its own, one block per party with lines to sign on,
            # each block kept together (keepNext on all but its last line).
            paras = list(doc.body.iter(f"{W}p"))
            text = ["".join(t.text or "" for t in p_.iter(f"{W}t")) for p_ in paras]
            start = next(i for i, (p_, t) in enumerate(zip(paras, text))
                         if "Underskrifter" in t and p_.find(f"{W}pPr/{W}pageBreakBefore") is not None)
            lines = [i for i in range(start, len(paras)) if text[i].startswith("Underskrift:")]
            assert len(lines) >= 2, rel
            assert all(text[i].count(".") >= 20 for i in lines), (rel, "ingen plats att skriva under på")
            assert all(paras[i].find(f"{W}pPr/{W}keepNext") is not None for i in lines), rel


def _references(doc: Docx) -> list[str]:
    """The names of the works in the references chapter (the bold start of each line)."""
    out, inside = [], False
    for p, name, text in doc.paragraphs():
        if name == "heading 1":
            inside = text == "Referenser"
            continue
        if inside and p.find(f"{W}pPr/{W}numPr") is not None:
            first = p.find(f"{W}r")
            if first is not None and first.find(f"{W}rPr/{W}b") is not None:
                out.append("".join(t.text for t in first.iter(f"{W}t")))
    return out


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice eller poppler saknas")
def test_two_documents_render_to_pdf(built_site, tmp_path):
    """LibreOffice lays out the Skåne guidance and a draft: A4, pages within a band, none blank."""
    files = [built_site / "skane" / "skane-vagledning.docx", built_site / "stockholm" / "avtal" / "exempelgarden.docx"]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                           "--outdir", str(tmp_path)] + [str(tmp_path / f.name) for f in files],
                          capture_output=True, text=True, timeout=300)
    for f, band in zip(files, [(35, 80), (5, 12)]):
        pdf = tmp_path / f"{f.stem}.pdf"
        assert pdf.exists(), proc.stderr
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert band[0] <= pages <= band[1], (f.name, pages)
        assert "(A4)" in info, info
        for n in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                  capture_output=True, text=True).stdout
            body = [line for line in text.splitlines() if line.strip() and "Sida " not in line and "UTKAST –" not in line
                    and not line.startswith("Vägledning för")]
            assert len(body) >= 3, (f.name, "tom sida", n)


def test_region_chooses_a_source_list_per_chapter(tmp_path):
    """`word: {sources: kapitellista}`: no footnotes; each chapter ends with its "Källa:" lines in
    the style Källa. A value outside the two is a located Swedish error."""
    from conftest import copy_project
    from generator.diagnostics import StageFailed
    from generator.export_docx import guidance_docx
    from generator.pipeline import check_project, generate, render_pages

    project = copy_project(tmp_path / "proj", ["jonkoping"])
    region_file = project / "guidance" / "jonkoping" / "region.yaml"
    text = region_file.read_text(encoding="utf-8")
    region_file.write_text(text + "word:\n  sources: kapitellista\n", encoding="utf-8")
    gen = generate(project)
    pages, _ = render_pages(gen, project)
    path = tmp_path / "g.docx"
    path.write_bytes(guidance_docx(gen.resolved.regions[0], gen, project, pages))
    doc = Docx(path)
    assert "word/footnotes.xml" not in doc.parts
    paragraphs = list(doc.paragraphs())
    sources = [i for i, (_, name, t) in enumerate(paragraphs) if name == "Källa"]
    assert len(sources) > 20 and all(paragraphs[i][2].startswith("Källa:") for i in sources)
    for i in sources:   # a source list is followed by another source line, a chapter, or the end
        after = paragraphs[i + 1][1] if i + 1 < len(paragraphs) else "heading 1"
        assert after in ("Källa", "heading 1"), paragraphs[i + 1][2]

    region_file.write_text(text + "word:\n  sources: slutnoter\n", encoding="utf-8")
    with pytest.raises(StageFailed) as failed:
        check_project(project)
    line = text.count("\n") + 2
    assert any(Path(d.file).as_posix().endswith("guidance/jonkoping/region.yaml") and d.line == line
               and d.field == "word.sources" and "fotnoter" in d.message and "kapitellista" in d.message
               for d in failed.value.diagnostics), [str(d) for d in failed.value.diagnostics]

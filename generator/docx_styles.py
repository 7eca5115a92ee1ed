"""The Word look fcguide needs, declared once: page setup, language and the styles.

The bundled template (templates/docx/fcguide.docx, written by tools/make_docx_template.py)
is made from these declarations, and a region's own template that lacks one of the
styles gets it from here (docx_package.py), so a document never falls back to an
unstyled paragraph. Styles are found by their built-in name (`w:name`, the same in
every language of Word); their ids are the ones a Swedish Word writes ("Rubrik1").
"""
from __future__ import annotations

LANG = "sv-SE"
# A4 in twentieths of a point, and the margins of a Swedish official document
# (2,5 cm all round; header and footer 1,25 cm from the edge).
PAGE_W, PAGE_H = 11906, 16838
MARGIN = 1418
HEADER_FOOTER = 709
TEXT_WIDTH = PAGE_W - 2 * MARGIN          # 9070 twips = 16 cm

BLUE = "1D4F82"


def _rpr_font(size_half_points: int, colour: str | None = None, bold: bool = False, italic: bool = False) -> str:
    return ("<w:rPr>" + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
            + (f'<w:color w:val="{colour}"/>' if colour else "")
            + f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/></w:rPr>')


# built-in name -> (Swedish style id, type, Swedish UI name or None, XML inside <w:style> after the name)
STYLES: dict[str, tuple[str, str, str | None, str]] = {
    "Normal": ("Normal", "paragraph", None,
               '<w:qFormat/><w:pPr><w:spacing w:after="140" w:line="264" w:lineRule="auto"/></w:pPr>'
               '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>'),
    "Default Paragraph Font": ("Standardstycketeckensnitt", "character", None, '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'),
    "Normal Table": ("Normaltabell", "table", None,
                     '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
                     '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                     '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    "No List": ("Ingenlista", "numbering", None, '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'),
    "Title": ("Rubrik", "paragraph", None,
              '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>'
              '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="' + BLUE + '"/></w:pBdr>'
              '<w:spacing w:before="1200" w:after="300" w:line="240" w:lineRule="auto"/><w:contextualSpacing/></w:pPr>'
              + _rpr_font(48, BLUE).replace("<w:rPr>", '<w:rPr><w:kern w:val="28"/>')),
    **{f"heading {n}": (f"Rubrik{n}", "paragraph", None,
                        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>'
                        + ("" if n == 1 else "<w:unhideWhenUsed/>") + '<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
                        f'<w:spacing w:before="{before}" w:after="{after}"/><w:outlineLvl w:val="{n - 1}"/></w:pPr>'
                        + _rpr_font(size, BLUE, bold=True, italic=n == 4))
       for n, size, before, after in ((1, 32, 360, 120), (2, 26, 280, 80), (3, 23, 220, 60), (4, 22, 200, 40))},
    "List Paragraph": ("Liststycke", "paragraph", None,
                       '<w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>'
                       '<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr>'),
    "caption": ("Beskrivning", "paragraph", None,
                '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>'
                '<w:pPr><w:spacing w:after="200" w:line="240" w:lineRule="auto"/></w:pPr>' + _rpr_font(18, italic=True)),
    "footnote text": ("Fotnotstext", "paragraph", None,
                      '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                      '<w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>' + _rpr_font(18)),
    "footnote reference": ("Fotnotsreferens", "character", None,
                           '<w:basedOn w:val="Standardstycketeckensnitt"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                           '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    "Hyperlink": ("Hyperlnk", "character", None,
                  '<w:basedOn w:val="Standardstycketeckensnitt"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                  '<w:rPr><w:color w:val="1D5A9E"/><w:u w:val="single"/></w:rPr>'),
    "TOC Heading": ("Innehllsfrteckningsrubrik", "paragraph", None,
                    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>'
                    '<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/></w:pPr>' + _rpr_font(32, BLUE, bold=True)),
    "toc 1": ("Innehll1", "paragraph", None,
              '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
              '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="' + str(TEXT_WIDTH) + '"/></w:tabs>'
              '<w:spacing w:after="60"/></w:pPr>'),
    "header": ("Sidhuvud", "paragraph", None,
               '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
               '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4535"/><w:tab w:val="right" w:pos="' + str(TEXT_WIDTH) + '"/></w:tabs>'
               '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/></w:pPr>' + _rpr_font(18, "595959")),
    "footer": ("Sidfot", "paragraph", None,
               '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
               '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4535"/><w:tab w:val="right" w:pos="' + str(TEXT_WIDTH) + '"/></w:tabs>'
               '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>' + _rpr_font(18, "595959")),
    "Table Grid": ("Tabellrutnt", "table", None,
                   '<w:basedOn w:val="Normaltabell"/><w:uiPriority w:val="39"/>'
                   '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
                   '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
                   '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>'
                   '<w:left w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>'
                   '<w:right w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>'
                   '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/></w:tblBorders></w:tblPr>'),
    # fcguide's own styles: a region restyles or hides them in its template.
    "Källa": ("Klla", "paragraph", "Källa",
              '<w:basedOn w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>'
              '<w:pPr><w:spacing w:after="100" w:line="240" w:lineRule="auto"/></w:pPr>' + _rpr_font(19, "404040")),
    "Faktaruta": ("Faktaruta", "paragraph", "Faktaruta",
                  '<w:basedOn w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>'
                  '<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="' + BLUE + '"/></w:pBdr>'
                  '<w:shd w:val="clear" w:color="auto" w:fill="EEF4FB"/><w:spacing w:after="0"/><w:ind w:left="227" w:right="113"/></w:pPr>'),
    "Underskrift": ("Underskrift", "paragraph", "Underskrift",
                    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>'
                    '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="60" w:after="60"/></w:pPr>'),
}


def style_xml(name: str, style_id: str | None = None) -> str:
    sid, kind, ui_name, body = STYLES[name]
    custom = ' w:customStyle="1"' if ui_name else ""
    default = ' w:default="1"' if name in ("Normal", "Default Paragraph Font", "Normal Table", "No List") else ""
    return (f'<w:style w:type="{kind}"{default}{custom} w:styleId="{style_id or sid}"><w:name w:val="{name}"/>'
            f"{body}</w:style>")


DOC_DEFAULTS = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:eastAsia="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>'
                f'<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:after="140" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')

# Two list definitions fcguide appends to a template's numbering: bullets and decimal numbers,
# four levels each. Ids far above what a template uses.
BULLET_ABSTRACT, DECIMAL_ABSTRACT = 9001, 9002
BULLET_NUM = 9001


def abstract_numbering() -> str:
    def level(i: int, fmt: str, text: str, font: str | None) -> str:
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
        return (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{360 + 360 * i}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')
    bullets = "".join(level(i, "bullet", ch, "Symbol" if ch == "\uf0b7" else "Courier New")
                      for i, ch in enumerate(["\uf0b7", "o", "\uf0b7", "o"]))
    numbers = "".join(level(i, fmt, f"%{i + 1}.", None) for i, fmt in enumerate(["decimal", "lowerLetter", "lowerRoman", "decimal"]))
    return (f'<w:abstractNum w:abstractNumId="{BULLET_ABSTRACT}"><w:multiLevelType w:val="hybridMultilevel"/>{bullets}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="{DECIMAL_ABSTRACT}"><w:multiLevelType w:val="hybridMultilevel"/>{numbers}</w:abstractNum>')

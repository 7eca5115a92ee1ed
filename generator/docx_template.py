"""The bundled Word template, made from docx_styles' declarations (tools/make_docx_template.py
writes it to templates/docx/fcguide.docx). A4, Swedish margins, sv-SE, Swedish style ids,
an empty header and footer a region can put its letterhead in, and nothing else."""
from __future__ import annotations

import datetime as dt

from . import docx_styles as S
from .docx_package import (CONTENT_TYPES, NAMESPACES, RT, W_NS, XML_DECL, app_xml, core_xml, rels_xml,
                           write_package)


def template_bytes() -> bytes:
    styles = (XML_DECL + f'<w:styles xmlns:w="{W_NS}">' + S.DOC_DEFAULTS
              + '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" w:defUnhideWhenUsed="0" '
                'w:defQFormat="0" w:count="376"/>'
              + "".join(S.style_xml(name) for name in S.STYLES) + "</w:styles>")
    settings = (XML_DECL + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="1304"/>'
                '<w:hyphenationZone w:val="425"/><w:characterSpacingControl w:val="doNotCompress"/>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                f'<w:themeFontLang w:val="{S.LANG}"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>')
    numbering = XML_DECL + f"<w:numbering {NAMESPACES}></w:numbering>"
    sect = (f'<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>'
            f'<w:pgSz w:w="{S.PAGE_W}" w:h="{S.PAGE_H}"/><w:pgMar w:top="{S.MARGIN}" w:right="{S.MARGIN}" '
            f'w:bottom="{S.MARGIN}" w:left="{S.MARGIN}" w:header="{S.HEADER_FOOTER}" w:footer="{S.HEADER_FOOTER}" w:gutter="0"/>'
            '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>')
    document = XML_DECL + f"<w:document {NAMESPACES}><w:body>{sect}</w:body></w:document>"
    header = XML_DECL + f'<w:hdr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="Sidhuvud"/></w:pPr></w:p></w:hdr>'
    footer = XML_DECL + f'<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="Sidfot"/></w:pPr></w:p></w:ftr>'
    files = {
        "_rels/.rels": rels_xml([("rId1", RT + "officeDocument", "word/document.xml", ""),
                                 ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                                  "docProps/core.xml", ""),
                                 ("rId3", RT + "extended-properties", "docProps/app.xml", "")]),
        "word/_rels/document.xml.rels": rels_xml([("rId1", RT + "styles", "styles.xml", ""),
                                                  ("rId2", RT + "settings", "settings.xml", ""),
                                                  ("rId3", RT + "numbering", "numbering.xml", ""),
                                                  ("rId4", RT + "header", "header1.xml", ""),
                                                  ("rId5", RT + "footer", "footer1.xml", "")]),
        "word/document.xml": document.encode("utf-8"),
        "word/styles.xml": styles.encode("utf-8"),
        "word/settings.xml": settings.encode("utf-8"),
        "word/numbering.xml": numbering.encode("utf-8"),
        "word/header1.xml": header.encode("utf-8"),
        "word/footer1.xml": footer.encode("utf-8"),
        "docProps/core.xml": core_xml(title="Familjecentralsguiden – Word-mall", subject="", keywords="", category="",
                                      description="", version="", when=dt.date(2026, 1, 1)),
        "docProps/app.xml": app_xml(""),
    }
    types = {"word/document.xml": CONTENT_TYPES["document"], "word/styles.xml": CONTENT_TYPES["styles"],
             "word/settings.xml": CONTENT_TYPES["settings"], "word/numbering.xml": CONTENT_TYPES["numbering"],
             "word/header1.xml": CONTENT_TYPES["header"], "word/footer1.xml": CONTENT_TYPES["footer"],
             "docProps/core.xml": CONTENT_TYPES["core"], "docProps/app.xml": CONTENT_TYPES["app"]}
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    return write_package(files, types, defaults, dt.date(2026, 1, 1))

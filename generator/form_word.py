"""The Word package the browser form writes its draft into: the same parts as `fcguide draft`'s
Word file (the region's template, styles, numbering, settings, header and footer, A4, Swedish),
made here by the same code (export_docx._package) around an empty body. Pure: data out.

The form (templates/assets/avtal-word.js) puts its document.xml body into these parts, with
the element mapping of docx_render.py for what a draft uses, and fills in the header's and the
properties' placeholders. Published as avtal/<region>-word.json.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from . import docx_styles as S
from .docx_package import NAMESPACES, load_template
from .docx_render import CELL_MARGIN, CHAR_TWIPS, Document
from .export_docx import DRAFT_FOOTER, DRAFT_HEADER, _package, _template_path, draft_properties

NAME, DATE, TITLE, HASH = "@@NAMN@@", "@@DATUM@@", "@@TITEL@@", "@@KONTROLLSUMMA@@"
STYLES = ("Title", "heading 1", "heading 2", "heading 3", "heading 4", "List Paragraph", "Faktaruta", "Table Grid",
          "Hyperlink")


def word_parts(region, root: Path, date, revision: str) -> dict:
    template = load_template(_template_path(root, region.id))
    doc = Document(template, root / "mkdocs.yml", sources=region.word.sources)
    data = _package(doc, header=DRAFT_HEADER.format(name=NAME, date=DATE), footer=DRAFT_FOOTER, update_fields=False, when=date,
                    **draft_properties(TITLE, region, revision, HASH))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    return {
        "parts": parts,
        "order": list(parts),
        "numbering_part": template.extra["numbering_part"],
        "styles": {name: template.style(name) for name in STYLES},
        "next_num": doc.next_num,
        "bullet_abstract": S.BULLET_ABSTRACT,
        "decimal_abstract": S.DECIMAL_ABSTRACT,
        "text_width": template.text_width,
        "char_twips": CHAR_TWIPS,          # column widths as docx_render._column_widths
        "cell_margin": CELL_MARGIN,
        "namespaces": NAMESPACES,
        "placeholders": {"name": NAME, "date": DATE, "title": TITLE, "hash": HASH},
    }


def word_json(region, root: Path, date, revision: str) -> str:
    return json.dumps(word_parts(region, root, date, revision), ensure_ascii=False, separators=(",", ":")) + "\n"

#!/usr/bin/env python3
"""Write templates/docx/fcguide.docx: the Word template that gives documents their look.

A region replaces the look without Python by saving its own Word file (letterhead,
fonts, colours, styles "Title", "Heading 1-4", "List Bullet", "List Number",
"Table Grid") as guidance/<region>/templates/docx/fcguide.docx. This script only
makes the bundled default; run it again after changing the choices below.
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "templates" / "docx" / "fcguide.docx"

doc = Document()
styles = doc.styles
normal = styles["Normal"]
normal.font.name = "Calibri"
normal.font.size = Pt(11)
for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
    st = styles[name]
    st.font.name = "Calibri"
    st.font.size = Pt(size)
    st.font.color.rgb = RGBColor(0x1D, 0x4F, 0x82)
doc.core_properties.title = "Familjecentralsguiden – Word-mall"
doc.core_properties.author = "Familjecentralsguiden"
OUT.parent.mkdir(parents=True, exist_ok=True)
doc.save(OUT)
print(f"Skrev {OUT}")

#!/usr/bin/env python3
"""Write templates/docx/fcguide.docx: the Word template that gives documents their look.

The template is made from the declarations in generator/docx_styles.py (A4, Swedish
margins, sv-SE, Swedish style ids such as "Rubrik1", fcguide's own styles "Källa",
"Faktaruta" and "Underskrift"). A region replaces the look without Python by saving its
own Word file as guidance/<region>/templates/docx/fcguide.docx; styles it lacks are
added from the same declarations. Run this again after changing docx_styles.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.docx_template import template_bytes  # noqa: E402

OUT = ROOT / "templates" / "docx" / "fcguide.docx"
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_bytes(template_bytes())
print(f"Skrev {OUT}")

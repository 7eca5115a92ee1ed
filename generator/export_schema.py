"""JSON Schema for every YAML kind, generated from the models (for editors)."""
from __future__ import annotations

import json
from pathlib import Path

from . import models as m
from . import rules

KINDS: dict[str, type] = {
    "sources": m.SourcesFile,
    "glossary": m.GlossaryFile,
    "search": m.SearchFile,
    "page": m.Page,
    "operators": m.OperatorsPage,
    "roles": m.RolesPage,
    "prevention": m.PreventionPage,
    "collaboration": m.CollaborationPage,
    "secrecy": m.SecrecyPage,
    "parenting": m.ParentingPage,
    "quality": m.QualityPage,
    "clauses": m.ClauseFile,
    "region": m.Region,
    "centre": m.Centre,
    "site": m.SiteInfo,
    "search": m.SearchFile,
}


def _text(kind: str, cls: type) -> str:
    schema = cls.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_texts(regions: list[m.Region] = ()) -> dict[str, str]:
    """File name -> JSON text, stable so the committed files can be compared. A region that
    declares its own centre fields (centre_fields) gets its own centre schema, centre-<id>."""
    out = {f"{kind}.schema.json": _text(kind, cls) for kind, cls in KINDS.items()}
    for region in regions:
        if region.centre_fields:
            kind = f"centre-{region.id}"
            out[f"{kind}.schema.json"] = _text(kind, rules.centre_model(region))
    return out


def write_schemas(folder: Path, regions: list[m.Region] = ()) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts(regions).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written

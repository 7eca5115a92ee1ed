"""What the browser form's engine needs for one region, as plain JSON data. Pure.

The form (templates/assets/avtal-motor.js) checks a centre and writes its draft in the
browser. It knows no rule and no wording of its own: it interprets this bundle, made at
build time from the declarations the CLI uses — the region's rules (rules.export, also
published as regler/<region>.json), the clause library, the glossary, the wordings of the
agreement parts (agreement_parts.TEXT, drafts.TEXT, rules.LEVEL_TEXT, checks.FORM_TEXT), the
fixed text of the draft's layout (drafts.LAYOUT, drafts.COLUMNS), the centre model's defaults
and the formatting tables (formatting.WORDS, months, operator names). Every text that does not
depend on the centre is made here by the Python formatters (lawref.py, formatting.py, rules.py);
tests/test_form_engine.py runs the engine and the CLI on the same centres and compares.

Published as avtal/<region>.json (pipeline.render_site).
"""
from __future__ import annotations

import json
from enum import Enum
from typing import Any, Mapping

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from . import agreement_model as am
from . import agreement_parts as ap
from . import checks
from . import drafts
from . import formatting as fmt
from . import lawref
from . import models as m
from . import rules as rl
from .context import HUVUDMAN_SV
from .render import PLACEHOLDER_RE
from .resolve import ResolvedRegion

FORMAT = 1
_UNREAD = {"changes", "reviewed", "note", "clause", "sources", "checks"}


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (itself or as list items), and whether it is a list."""
    annotation, _ = rl._unwrap(annotation)
    origin = getattr(annotation, "__origin__", None)
    if origin is list:
        inner, _ = rl._unwrap(annotation.__args__[0])
        return (inner, True) if isinstance(inner, type) and issubclass(inner, BaseModel) else (None, True)
    return (annotation, False) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else (None, False)


def defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The model's fields with their defaults ("d") and nested models ("m" for an object, "i" for
    list items): the engine fills a centre from this as pydantic does, nothing hand-copied. An
    object whose default is its fields' defaults has no "d" (the engine builds it from "m")."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        spec: dict[str, Any] = {}
        if info.default_factory is not None:
            spec["d"] = _plain(info.default_factory())
        elif info.default is not PydanticUndefined:
            spec["d"] = _plain(info.default)
        nested, many = _nested(info.annotation)
        if nested is not None:
            spec["i" if many else "m"] = defaults(nested)
            if not many and spec.get("d") is not None and spec["d"] == _filled(spec["m"]):
                del spec["d"]
        out[name] = spec
    return out


def _filled(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The object the engine builds from a model's field defaults; None when a field has none."""
    out: dict[str, Any] = {}
    for name, s in spec.items():
        if "d" in s:
            out[name] = s["d"]
        elif "m" in s and _filled(s["m"]) is not None:
            out[name] = _filled(s["m"])
        else:
            return None
    return out


def _sources(refs, sources: Mapping[str, m.Source]) -> list[str]:
    return [f"{text}{rest}" for _, text, rest in lawref.groups(refs, sources)]


def _first_sentence(term: m.Term) -> str:
    return ap._first_sentence(term.definition)


def bundle(rr: ResolvedRegion, sources: Mapping[str, m.Source], revision: str) -> dict[str, Any]:
    region = rr.region
    numbered, refs, links = drafts.numbering(rr)
    clause_rules = dict(rr.clause_rules)

    def clause(cl: m.Clause, number: int) -> dict[str, Any]:
        used = PLACEHOLDER_RE.findall(cl.text)
        out: dict[str, Any] = {"id": cl.id, "n": number, "title": cl.title, "text": cl.text, "show": list(cl.show),
                               "sections": ap.clause_sections(cl.show, used)}
        if cl.id in clause_rules:
            out["rule"] = cl.id
        if cl.checklists:
            out["checklists"] = [[title, [list(row) for row in rows]] for title, _, rows in drafts.checklist_rows(cl, refs)]
        return out

    closing = next((cl for cl in rr.clauses if cl.checklists), None)
    exported = rl.export(region)
    guidance = {"title": region.guidance.title, "year": region.guidance.year, "version": region.guidance.version,
                "version_text": fmt.guidance_version(region.guidance)}
    return {
        "format": FORMAT,
        "revision": revision,
        "region": {"id": region.id, "name": region.name, "lan": region.lan, "guidance": guidance},
        "fields": exported["fields"],
        # The rules as regler/<region>.json has them, without what the engine does not read (the
        # review dates, notes, the clause, which is under "clauses", and the raw sources, formatted here).
        "rules": [dict({k: v for k, v in r.items() if k not in _UNREAD}, source_texts=_sources(rule.sources, sources))
                  for r, rule in zip(exported["rules"], region.rules)],
        "form_outcome": rl.FORM_OUTCOME,
        "clauses": [clause(cl, i) for i, cl in enumerate(numbered, start=1)],
        "closing": clause(closing, 0) if closing else None,
        "links": links,
        "terms": {t.id: [t.term, _first_sentence(t)] for t in rr.terms},
        "centre": defaults(rl.centre_model(region)),
        "text": {
            "parts": ap.TEXT, "draft": drafts.TEXT, "layout": drafts.LAYOUT, "columns": drafts.COLUMNS,
            "level": rl.LEVEL_TEXT, "form": checks.FORM_TEXT, "words": fmt.WORDS,
            "departure": {k.value: v for k, v in rl._DEFAULT_DEPARTURE.items()}, "missing": rl._DEFAULT_MISSING,
            "cost_items": am.COST_ITEMS, "splits": am.SPLITS,
            "sections": {k: name for k, (_, name) in am.SECTIONS.items()}, "section_order": list(am.SECTIONS),
            "operator_order": [o.value for o in m.OperatorId],
            "months": fmt.MONTHS, "operators": fmt.OPERATOR_NAMES, "huvudman": HUVUDMAN_SV,
        },
    }


def bundle_json(rr: ResolvedRegion, sources: Mapping[str, m.Source], revision: str) -> str:
    """Compact and deterministic: the same content gives the same bytes."""
    return json.dumps(bundle(rr, sources, revision), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

"""The browser form's description for one region ("Skapa ett avtalsutkast"). Pure: data in, data out.

The form is drawn in the browser (templates/assets/avtal-formular.js) from this description,
which is made at build time from the same declarations as everything else:

- the centre model's JSON Schema (the region's own where it declares centre fields), whose
  Swedish titles and descriptions are the form's labels and help (models.py, agreement_model.py);
- the values `fcguide new-centre` suggests (scaffold.centre_file, from the region's rules), as
  the form's starting values, and its "Ändra till …" placeholders as empty fields to fill in;
- the agreement parts (agreement_model.SECTIONS): a part the parties have not agreed on stays
  out of the file, so the draft marks its text as a suggestion, as for a file new-centre wrote.

Only the grouping of the fields into the form's parts is declared here (FORM_PARTS).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from . import agreement_model as am
from . import models as m
from . import rules
from .formatting import OPERATOR_NAMES, unit_for

# The form's parts, in order: (id, heading, centre fields). A region's own centre fields
# (centre_fields in region.yaml) get a part of their own before the term.
FORM_PARTS: list[tuple[str, str, list[str]]] = [
    ("centralen", "Familjecentralen", ["name", "id", "kommun", "address", "contact_email", "contact_phone"]),
    ("parter", "Parter", ["parties"]),
    ("verksamheter", "Verksamheter och öppettider", ["colocated", "shared_premises", "opening_hours_per_week", "summer"]),
    ("malgrupp", "Målgrupp och föräldraskapsstöd", ["target_min_age", "target_max_age", "parent_groups", "local_goals"]),
    ("samordnare", "Samordnare", ["coordinator"]),
    ("styrgrupp", "Styrgrupp", ["steering_group", "steering"]),
    ("avtalstid", "Avtalstid, förlängning och hävning", ["dates", "extension", "breach"]),
    ("ekonomi", "Ekonomi och lokaler", ["economy", "premises"]),
    ("ovrigt", "Övriga avtalsdelar", ["definitions", "competence", "development", "annual_report", "personal_data",
                                      "disputes", "attachments"]),
]
REGION_PART = ("regionen", "Regionens egna uppgifter")
# Centre fields the form does not ask for: the region is the page's, `example` is for the
# bundled examples only, deviations are written by the checks (a justification per rule), and
# based_on is `fcguide update`'s (the guidance version the agreement was made from).
NOT_ASKED = {"region", "example", "deviations", "based_on"}

# Swedish names of the values a choice offers, from the declarations that name them.
def _value_labels() -> dict[str, str]:
    out = dict(OPERATOR_NAMES)
    out.update({k: v[0].upper() + v[1:] for k, v in am.SPLITS.items()})
    out.update(am.COST_ITEMS)
    out.update({"region": "Region", "kommun": "Kommun", "privat": "Privat vårdgivare",
                "roterande": "Roterande mellan parterna", "var_och_en": "Var och en för sin verksamhet",
                "anordnande_part": "Den part som anordnar aktiviteten",
                "skriftlig_overenskommelse": "Skriftlig överenskommelse", "automatisk": "Automatiskt",
                "enighet": "Enighet", "majoritet": "Majoritet", "gemensam": "Gemensam kostnad",
                "ingen": "Ingen", "pkv": "Prisindex för kommunal verksamhet (PKV)", "kpi": "Konsumentprisindex (KPI)",
                "annan": "Annan"})
    return out


def schema_line(region: m.Region) -> str:
    """The first line of a centre file: the JSON Schema editors read (as new-centre writes it)."""
    schema = f"centre-{region.id}" if region.centre_fields else "centre"
    return f"# yaml-language-server: $schema=../../../schema/{schema}.schema.json"


def _placeholders(data: Any, path: tuple = ()) -> dict[str, str]:
    """Dotted path -> the new-centre placeholder ("Ändra till …") at that place."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(_placeholders(v, path + (str(k),)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(_placeholders(v, path + (str(i),)))
    elif isinstance(data, str) and data.startswith(am.PLACEHOLDER_PREFIX):
        out[".".join(path)] = data
    return out


def _blank(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _blank(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_blank(v) for v in data]
    return "" if isinstance(data, str) and data.startswith(am.PLACEHOLDER_PREFIX) else data


def form_spec(region: m.Region, today: dt.date) -> dict[str, Any]:
    """Everything the form page draws and checks for `region`, as plain JSON data."""
    from .scaffold import _centre_default, centre_file

    model = rules.centre_model(region)
    schema = model.model_json_schema()
    # The region's own fields: the question the region declares is their label.
    for f in region.centre_fields:
        prop = schema["properties"].get(f.name)
        if prop is not None:
            unit = unit_for(2, f.unit)
            prop["title"] = f.question + (f" ({unit})" if unit else "")   # as new-centre asks it
    _, text = centre_file(region, "", today)
    start = yaml.safe_load(text)
    start.pop("name", None)
    start.pop("id", None)
    placed = {name for _, _, names in FORM_PARTS for name in names}
    own = [f.name for f in region.centre_fields if f.name in schema["properties"] and f.name not in placed]
    parts = [{"id": pid, "title": title, "fields": names} for pid, title, names in FORM_PARTS]
    if own:
        parts.insert(6, {"id": REGION_PART[0], "title": REGION_PART[1], "fields": own})
    return {
        "region": region.id,
        "region_name": region.name,
        "schema_line": schema_line(region),
        "schema": schema,
        "parts": parts,
        "start": _blank(start),
        "placeholders": _placeholders(start),
        # A part the parties have not agreed on stays out of the file: the draft writes its suggestion.
        "agreement_parts": {name: _centre_default(name) for name in am.SECTIONS},
        "rules": [{"id": r.id, "label": r.label, "strength": r.strength.value} for r in region.rules],
        "value_labels": _value_labels(),
    }


def form_json(region: m.Region, today: dt.date) -> str:
    # Not sorted: the form shows the fields in the order the models declare them.
    return json.dumps(form_spec(region, today), ensure_ascii=False, separators=(",", ":")) + "\n"


def form_path(region_id: str) -> str:
    """The form page of a region (docs-relative)."""
    return f"{region_id}/skapa-avtalsutkast.md"

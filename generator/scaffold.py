"""Commented starter files for a new centre or a new region. Pure: returns text."""
from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from . import agreement_model
from . import models as m
from . import rules
from .formatting import unit_for
from .render import slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def _q(text: str) -> str:
    """A YAML scalar in double quotes (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _indent(text: str, n: int) -> str:
    pad = " " * n
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def centre_file(region: m.Region, name: str, today: dt.date, based_on: str | None = None) -> tuple[str, str]:
    """(file id, YAML text) for a new centre in `region`, with every field explained. `based_on`
    (a commit; default the region's guidance version) is what `fcguide update` compares with."""
    ident = slugify(name)
    # Suggested values meet the region's ska and bör rules (read from the rule declarations).
    suggested = rules.suggestions(region)
    hours = suggested.get("opening_hours_per_week", 15)
    share = suggested.get("coordinator.share_percent", 15)
    years = suggested.get("coordinator.appointed_years", 4)
    min_age = suggested.get("target_min_age", 0)
    max_age = suggested.get("target_max_age", 6)
    start = dt.date(today.year + 1, 1, 1).isoformat()
    rule_list = "\n".join(f"#   {r.id} ({r.label}, {r.strength.value})" for r in region.rules) or "#   (regionen har inga regler)"
    own_fields = _region_fields(region, suggested)
    # A region with fields of its own has its own centre schema (fcguide schema writes it).
    schema = f"centre-{region.id}" if region.centre_fields else "centre"
    text = f"""# yaml-language-server: $schema=../../../schema/{schema}.schema.json
#
# Beskrivning av en familjecentral i {region.name}, för att skapa ett utkast till
# lokalt samverkansavtal med `fcguide draft`. Filen publiceras på webbplatsen:
# skriv roller och funktioner, aldrig personers namn, personnummer eller privata
# telefonnummer och e-postadresser. Rader som börjar med # är förklaringar.
# Värdena nedan är förslag utifrån regionens regler; ändra dem så att de stämmer.

{_help("id")}
id: {ident}
{_help("region")}
region: {region.id}
{_help("name")}
name: {_q(name)}
{_help("kommun")}
kommun: Ändra till kommunens namn
{_help("address")}
address: Ändra till besöksadress
{_help("example")}
example: false
{_help("based_on")}
based_on: {_q(based_on or region.guidance.version)}
{_help("contact_email")} Ta bort # för att ange den.
# contact_email: familjecentralen@kommun.se

{_help("parties", m.PartyUnit)}
parties:
  - id: region
    organisation: {region.authority or "Region " + region.name}
    huvudman: region
    operators: [modrahalsovard, barnhalsovard]
    unit: Barnmorskemottagning och barnavårdscentral
    signatory_title: Verksamhetschef
    # org_number: "NNNNNN-NNNN"
    # board: hälso- och sjukvårdsnämnden
  - id: kommun
    organisation: Ändra till kommunens namn
    huvudman: kommun
    operators: [oppen_forskola, forebyggande_socialtjanst]
    unit: Öppen förskola och förebyggande socialtjänst
    signatory_title: Förvaltningschef
    # org_number: "NNNNNN-NNNN"
    # board: socialnämnden

{_help("colocated")}
colocated: [modrahalsovard, barnhalsovard, oppen_forskola, forebyggande_socialtjanst]

{_help("opening_hours_per_week")}
opening_hours_per_week: {hours:g}

{_help("summer", m.SummerReduction)}
summer:
  weeks: 0
  half_days_per_week: 1
  months: [6, 7, 8]

{_help("target_min_age")}
target_min_age: {min_age}
{_help("target_max_age")}
target_max_age: {max_age}

{_help("coordinator", m.Coordinator)}
coordinator:
  profession: Ändra till samordnarens yrke
  share_percent: {share:g}
  appointed_years: {years}
  written_appointment: true
  funding: lika_delar

{_help("steering_group", m.SteeringMember)}
steering_group:
  - role: Enhetschef barnhälsovård
    party: region
  - role: Enhetschef öppen förskola
    party: kommun

{_help("parent_groups", m.ParentGroups)}
parent_groups:
  before_birth: true
  after_birth: true

{_help("dates", m.Dates)}
dates:
  start: "{start}"
  duration_years: 2
  review_month: 10
  notice_months: 6

{_help("deviations", m.Deviation)}
# Regionens regler:
{rule_list}
deviations: []

{_help("local_goals")}
local_goals: []
{own_fields}

{agreement_model.scaffold_text(_centre_default)}"""
    return ident, text


def _help(name: str, inner: type | None = None) -> str:
    """The comment above a centre field: its description in the Centre model, and for a section
    its fields' descriptions (the same declarations the JSON Schema and the browser form read)."""
    import textwrap

    lines = textwrap.wrap(m.Centre.model_fields[name].description, 94)
    for sub, info in (inner.model_fields.items() if inner else ()):
        lines += textwrap.wrap(f"{sub}: {info.description}", 94, initial_indent="  ", subsequent_indent="    ")
    return "\n".join("# " + line for line in lines)


def _centre_default(name: str):
    """A centre section's default as plain data, read from the Centre model (one declaration)."""
    field = m.Centre.model_fields[name]
    value = field.get_default(call_default_factory=True)
    if isinstance(value, list):
        return [v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else v for v in value]
    return value.model_dump(mode="json", exclude_none=True)


def _marked(refs: list[dict], region_name: str) -> list[dict]:
    """Source references copied from another region: marked, so they are checked before publishing."""
    return [dict(r, section=f"GRANSKA – {region_name}s källa: {r['section']}; byt till er egen källa eller behåll den")
            if "section" in r else r for r in refs]


def _lan(name: str) -> str:
    """The county from the region's name: "Region Örebro län" -> "Örebro län". Swedish county
    names take no rule (Skåne län, Stockholms län), so without "län" in the name it is asked for."""
    bare = re.sub(r"^Region\s+", "", name.strip())
    if bare.endswith(" län"):
        return bare
    return f"GRANSKA – ange länets namn, t.ex. {bare}s län eller {bare} län"


def site_file(name: str) -> str:
    """A new region's webbplats.yaml, used when the region builds its own site (--region)."""
    return f"""# yaml-language-server: $schema=../../schema/site.schema.json
#
# Utgivare, kontaktväg och tillgänglighetsredogörelse för {name}s egen webbplats
# (fcguide build --region …). Sidfoten på varje sida och sidan "Tillgänglighetsredogörelse"
# läser filen. Värden märkta GRANSKA måste fyllas i innan webbplatsen kan byggas.

publisher: {_q("GRANSKA – ange vem som publicerar webbplatsen, t.ex. " + name)}
# Kontaktväg för synpunkter och tillgänglighetsbrister: en funktionsadress, ett
# funktionsnummer och/eller ett formulär (https://…). Minst en behövs.
# contact_email: familjecentraler@region.se
# contact_phone: 0771-123 456
# feedback_url: https://…
# Var man hämtar projektet (git-förrådet); visas på sidan "Gör en egen vägledning".
# project_url: https://…

accessibility:
  # helt förenlig, delvis förenlig eller inte förenlig (med WCAG 2.1 nivå AA).
  conformity: delvis förenlig
  # Kända brister efter er egen granskning: text och WCAG-kriterier (criteria: ["1.4.4"]).
  shortcomings:
    - text: "GRANSKA – beskriv de brister ni känner till efter er granskning"
  disproportionate_burden: []
  # Datum för er senaste bedömning och för när redogörelsen uppdaterades (ÅÅÅÅ-MM-DD).
  assessed: "GRANSKA – datum för bedömningen"
  updated: "GRANSKA – datum för uppdateringen"
  method: "GRANSKA – beskriv hur ni bedömt webbplatsen (självskattning, extern granskning, verktyg)"
"""


def _region_fields(region: m.Region, suggested: dict) -> str:
    """The fields the region declares for its rules (centre_fields), each with its question."""
    if not region.centre_fields:
        return ""
    out = f"\n# Uppgifter som {region.name} frågar efter för sina regler:\n"
    for f in region.centre_fields:
        unit = unit_for(2, f.unit)
        out += f"\n# {f.question}" + (f" ({unit})" if unit else "") + "\n"
        value = suggested.get(f.name)
        if value is None:
            value = {"ja_nej": True, "tal": f.min or 0, "heltal": int(f.min or 0)}.get(f.type.value)
        if value is None and f.options:
            value = f.options[0] if f.type.value == "val" else [f.options[0]]
        if value is None:
            out += f"# {f.name}: \n"
        else:
            out += _dump({f.name: value}).replace("\n- ", "\n  - ")
    return out


def region_file(source: m.Region, source_text_rules: list[dict], new_id: str, name: str,
                fields: list[dict] | None = None) -> str:
    """A new region's region.yaml: the source region's rules, marked for review, and an empty overlay."""
    rules_yaml = ""
    for rule in source_text_rules:
        rules_yaml += f"  # GRANSKA: värdet och källan kommer från {source.name}s regel '{rule['id']}'. Ändra till er regions värde och källa.\n"
        rule = dict(rule, id=f"{new_id}-{rule['id'].split('-', 1)[-1]}" if "-" in rule["id"] else f"{new_id}-{rule['id']}")
        # The declaration first, then its note and sources (the model's field order starts with them).
        rule = {**{k: v for k, v in rule.items() if k not in ("note", "sources")},
                **{k: rule[k] for k in ("note", "sources") if k in rule}}
        rule["sources"] = _marked(rule.get("sources", []), source.name)
        rules_yaml += _indent(_dump([rule]), 2)
    lan = _lan(name)
    return f"""# yaml-language-server: $schema=../../schema/region.schema.json
#
# Regionens vägledning: vem regionen är, dess regler och hur den skiljer sig från
# den nationella grunden i content/. Skapad från {source.name} med `fcguide new-region`.
# Värden märkta GRANSKA kommer från {source.name} eller väntar på er uppgift: fcguide
# check och build pekar ut varje sådant värde, och inget publiceras förrän ni fyllt i dem.
# Er regions egna källor (vägledning, beslut) skriver ni i guidance/{new_id}/sources.yaml
# (samma form som content/sources.yaml) och hänvisar till dem med deras id.

# Regionens id (samma som mappnamnet), namn och län, och regionens eget namn som huvudman
# (arbetsgivare för barnmorskor och BHV-sjuksköterskor; grundens text använder det). GRANSKA.
id: {new_id}
name: {_q(name)}
lan: {_q(lan)}
authority: {_q(name if name.startswith("Region ") else "Region " + name)}
# Organisationer bakom vägledningen.
organisations:
  - GRANSKA – ange organisationerna bakom vägledningen
# Vägledningen: titel, år, version, sort (vägledning, underlag eller förslag) och källa.
guidance:
  id: {new_id}-vagledning
  title: {_q("Vägledning för familjecentraler i " + name)}
  year: {source.guidance.year}
  version: "0.1"
  # date: ÅÅÅÅ-MM-DD   # versionens datum, när den är beslutad
  kind: vägledning
  sources:
{_indent(_dump(_marked([s.model_dump() for s in source.guidance.sources], source.name)), 4)}
# Antal familjecentraler och kommuner, och när uppgiften gäller. GRANSKA.
counts:
  id: {new_id}-antal
  centres: 0
  as_of: GRANSKA – ange år
  sources:
{_indent(_dump(_marked([s.model_dump() for s in source.counts.sources], source.name)), 4)}
# Kort beskrivning av regionens vägledning (Markdown).
summary: |
  GRANSKA – beskriv i några meningar regionens arbete med familjecentraler och vägledningen.

# Egna fält som regionens regler läser i familjecentralens fil (name, type, unit, question).
centre_fields:
{_indent(_dump(fields), 2) if fields else "  []"}
# Regler: etikett (label), fält (field), jämförelse (compare: minst, högst, lika_med, en_av,
# innehåller_alla, ja), värde och enhet, styrka (ska = krav, bör = rekommendation, referens =
# riktvärde), meningen i vägledningen (text), ämnessida (topic) och källa. Samma deklaration
# ger texten, jämförelsen och kontrollen av avtalsutkast. Se docs-dev/region-brief.md.
rules:
{rules_yaml}
# Hur regionen skiljer sig från den nationella grunden:
#   exclude: id på avsnitt eller punkter som utelämnas
#   reword:  [{{id, title, text, sources}}] för en punkt som formuleras om
#   add:     egna kapitel; med topic: <sidans id> blir det ett regionalt tillägg,
#            utan topic ett eget kapitel som placeras efter order (grundens sidor har 10–110).
# Kapitelordning: regionens egen källas innehållsförteckning (chapters: title + items med
# sidornas och de egna kapitlens id). Grundens sidor som inte placeras visas som Nationella tillägg.
# Utan chapters följer kapitlen grundens ordning; note säger varför.
structure:
  note: GRANSKA – kapitlen följer grundens ordning tills regionens egen innehållsförteckning är inlagd.
  sources:
{_indent(_dump([s.model_dump() for s in source.guidance.sources]), 4)}

overlay:
  exclude: []
  reword: []
  add: []
"""

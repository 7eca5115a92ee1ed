"""The agreement parts of a centre as plain rows for the draft. Pure.

Every value carries whether the centre file gave it or the draft suggests it, so the
template can mark each suggestion ("förslag") and nothing unagreed looks agreed.
The Markdown template reads these rows; the Word file is made from that Markdown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import agreement_model as am
from . import models as m
from .checks import operator_list
from .formatting import number_sv
from .render import MONTHS, sek

MARK = "Förslag – ändra vid behov"


@dataclass(frozen=True)
class Value:
    text: str
    suggested: bool = False        # True: the centre file left it out; the draft suggests it


@dataclass(frozen=True)
class Signatory:
    board: Value                   # the nämnd or styrelse the signatory acts for
    title: str                     # the signing function, never a name


@dataclass(frozen=True)
class ContractingParty:
    organisation: str
    org_number: Value
    huvudman: str
    units: tuple[m.PartyUnit, ...]
    boards: tuple[Value, ...]      # the nämnd or styrelse of each unit, in the order of units
    signatories: tuple[Signatory, ...]


def _given(model, name: str) -> bool:
    return name in model.model_fields_set


def section_given(centre: m.Centre, name: str) -> bool:
    return _given(centre, name)


def _v(model, name: str, text: str, section_given: bool = True) -> Value:
    """A field's text, suggested when the field (or its whole section) was left out."""
    return Value(text, not (section_given and _given(model, name)))


def default_board(unit: m.PartyUnit) -> str:
    if unit.huvudman == m.Huvudman.region:
        return "den nämnd eller styrelse i regionen som ansvarar för verksamheten"
    if unit.huvudman == m.Huvudman.privat:
        return "vårdgivarens styrelse"
    ops = set(unit.operators)
    if ops == {m.OperatorId.forebyggande_socialtjanst}:
        return "den nämnd som ansvarar för socialtjänsten (socialnämnden)"
    if ops == {m.OperatorId.oppen_forskola}:
        return "den nämnd som ansvarar för förskolan, till exempel barn- och utbildningsnämnden"
    return "den eller de nämnder i kommunen som ansvarar för verksamheterna"


def contracting_parties(centre: m.Centre) -> tuple[ContractingParty, ...]:
    """Units of one legal person are one party (same organisation number, or the same name when
    no number is given): two units of one kommun are one party with two units."""
    groups: dict[str, list[m.PartyUnit]] = {}
    names: dict[str, str] = {}
    for unit in centre.parties:
        name_key = " ".join(unit.organisation.split()).casefold()
        key = names.get(name_key) or (unit.org_number and names.get(unit.org_number)) or name_key
        names.setdefault(name_key, key)
        if unit.org_number:
            names.setdefault(unit.org_number, key)
        groups.setdefault(key, []).append(unit)
    out = []
    for units in groups.values():
        number = next((u.org_number for u in units if u.org_number), None)
        boards = tuple(Value(u.board, False) if u.board else Value(default_board(u), True) for u in units)
        signatories: list[Signatory] = []
        for u, board in zip(units, boards):
            s = Signatory(board, u.signatory_title)
            if s not in signatories:
                signatories.append(s)
        out.append(ContractingParty(units[0].organisation,
                                    Value(number, False) if number else Value("………… *(fyll i)*", False),
                                    units[0].huvudman.value, tuple(units), boards, tuple(signatories)))
    return tuple(out)


def party_name(centre: m.Centre, party_id: str | None) -> str | None:
    unit = next((p for p in centre.parties if p.id == party_id), None)
    return None if unit is None else f"{unit.organisation} ({unit.unit})"


def _org(centre: m.Centre, party_id: str | None) -> str | None:
    unit = next((p for p in centre.parties if p.id == party_id), None)
    return None if unit is None else unit.organisation


# --- one function per block -------------------------------------------------------------


def _first_sentence(text: str) -> str:
    """The defining sentence of a glossary entry. The entries go on to compare regions, and one
    region's facts belong in another region's agreement only as a marked comparison."""
    text = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text, maxsplit=1)[0]


def definitions(centre: m.Centre, terms: dict[str, m.Term]) -> list[tuple[str, str]]:
    out = [(terms[i].term, _first_sentence(terms[i].definition)) for i in centre.definitions.glossary if i in terms]
    out += [(d.term, d.definition) for d in centre.definitions.own]
    return out


def steering(centre: m.Centre) -> list[tuple[str, Value]]:
    s, given = centre.steering, section_given(centre, "steering")
    chair = ("roterar årsvis mellan parterna" if s.chair == "roterande"
             else f"{party_name(centre, s.chair)} leder styrgruppen")
    decisions = {"enighet": "parterna är eniga; en part kan inte bindas mot sin vilja",
                 "majoritet": "majoritet bland parterna"}[s.decisions]
    n = s.meetings_per_year
    return [("Ordförande", _v(s, "chair", chair, given)),
            ("Möten", _v(s, "meetings_per_year", f"{n} gång per år" if n == 1 else f"{n} gånger per år", given)),
            ("Kallar och skriver dagordning", _v(s, "convener", s.convener, given)),
            ("Minnesanteckningar eller protokoll", _v(s, "minutes_by", f"{s.minutes_by}; de justeras av ordföranden och sänds till alla parter", given)),
            ("Beslut", _v(s, "decisions", decisions, given))]


def competence(centre: m.Centre) -> tuple[list[str], list[tuple[str, Value]]]:
    c, given = centre.competence, section_given(centre, "competence")
    cost = {"var_och_en": "varje part betalar för sina medarbetare",
            "gemensam": "kostnaden fördelas som gemensamma aktiviteter (se ekonomi)"}[c.cost]
    return list(c.activities), [
        ("Gemensamma planeringsdagar", _v(c, "planning_days_per_year", f"{c.planning_days_per_year} per år", given)),
        ("Kostnad", _v(c, "cost", cost, given))]


def annual_report(centre: m.Centre) -> list[tuple[str, Value]]:
    a, given = centre.annual_report, section_given(centre, "annual_report")
    return [("Tas fram av", _v(a, "prepared_by", a.prepared_by, given)),
            ("Lämnas senast", _v(a, "month", f"i {MONTHS[a.month - 1]} året efter verksamhetsåret", given)),
            ("Lämnas till", _v(a, "recipients", a.recipients, given)),
            ("Dialog mellan parterna", _v(a, "dialogue", "ett dialogmöte per år om rapporten och nästa års inriktning"
                                          if a.dialogue else "inget särskilt dialogmöte", given))]


def _split_text(centre: m.Centre, cost: am.Cost) -> str:
    if cost.split == "en_part":
        return f"betalas av {_org(centre, cost.party)}"
    return am.SPLITS[cost.split]


def economy(centre: m.Centre) -> dict:
    e, given = centre.economy, section_given(centre, "economy")
    rows = []
    for cost in e.costs:
        rows.append((am.COST_ITEMS[cost.item],
                     Value(_split_text(centre, cost) + (f"; {cost.note}" if cost.note else ""), not given),
                     Value(f"{sek(cost.amount_sek)} per år" if cost.amount_sek is not None else "anges i bilaga", not given)))
    index = {"ingen": "Beloppen räknas inte upp under avtalstiden.",
             "pkv": "Beloppen räknas upp varje år med prisindex för kommunal verksamhet (PKV).",
             "kpi": "Beloppen räknas upp varje år med konsumentprisindex (KPI).",
             "annan": f"Beloppen räknas upp så här: {e.indexation_note}."}[e.indexation]
    inv = e.invoicing
    inv_given = given and _given(e, "invoicing")
    payer = _org(centre, inv.by) or _org(centre, centre.premises.tenant)
    payer_text = payer or "den part som hyr lokalerna"
    invoicing = (f"{payer_text[0].upper()}{payer_text[1:]} betalar de gemensamma kostnaderna och fakturerar de andra parterna deras andel "
                 f"{'i efterskott' if inv.in_arrears else 'i förskott'} varje {inv.interval}.")
    return {"financing": _v(e, "financing", e.financing, given), "costs": rows,
            "indexation": _v(e, "indexation", index, given),
            "invoicing": Value(invoicing, not (inv_given and _given(inv, "by") and _given(inv, "interval")))}


def premises(centre: m.Centre) -> dict:
    p, given = centre.premises, section_given(centre, "premises")
    tenant = _org(centre, p.tenant)
    rows = [("Hyr lokalerna", Value(tenant, False) if tenant else Value("parterna bestämmer vilken part som hyr lokalerna", True)),
            ("Upplåtelse till övriga parter",
             _v(p, "sublet", "hyresgästen upplåter lokalerna till de andra parterna, som betalar sin del enligt avsnittet om ekonomi"
                if p.sublet else "varje part hyr sina egna delar av lokalerna", given)),
            ("Samordnar arbetsmiljöfrågorna i de gemensamma lokalerna",
             Value(_org(centre, p.coordination_by), False) if p.coordination_by
             else Value(f"{tenant or 'den part som hyr lokalerna'}, som råder över arbetsstället", True)),
            ("Försäkrar lokalerna och de gemensamma inventarierna",
             Value(_org(centre, p.insurance_by), False) if p.insurance_by
             else Value(tenant or "den part som hyr lokalerna", True))]
    rooms = [(r.name, ", ".join(_org(centre, u) or u for u in dict.fromkeys(r.used_by)), _org(centre, r.employer) or r.employer)
             for r in p.rooms]
    return {"rows": rows, "rooms": rooms}


def personal_data(centre: m.Centre) -> list[tuple[str, Value]]:
    given = section_given(centre, "personal_data")
    out = []
    for r in centre.personal_data.records:
        who = {"var_och_en": "varje part för uppgifterna i sin egen verksamhet",
               "anordnande_part": "den part som anordnar aktiviteten"}.get(r.controller) or _org(centre, r.controller)
        out.append((r.what, Value(who, not given)))
    return out


def attachments(centre: m.Centre) -> list[Value]:
    given = section_given(centre, "attachments")
    return [Value(a.title + (f" – {a.note}" if a.note else ""), not given) for a in centre.attachments]


def development(centre: m.Centre) -> list[Value]:
    given = section_given(centre, "development")
    return [Value(t, not given) for t in centre.development]


def placeholder_values(centre: m.Centre) -> dict[str, str]:
    """{agreement.*} values for clause texts; a suggested value is marked where it stands."""
    def mark(value: str, model, name: str, section: str) -> str:
        suggested = not (section_given(centre, section) and _given(model, name))
        return f"{value} *(förslag)*" if suggested else value

    x, b, d = centre.extension, centre.breach, centre.disputes
    if x.max_months == 0:
        ext = "Avtalet kan inte förlängas; parterna tecknar i stället ett nytt avtal."
    elif x.how == "automatisk":
        ext = (f"Avtalet förlängs med {x.max_months} månader i taget om ingen part säger upp det senast "
               f"{centre.dates.notice_months} månader före avtalstidens slut.")
    else:
        ext = f"Parterna kan skriftligen komma överens om att förlänga avtalet med högst {x.max_months} månader."
    ext_given = section_given(centre, "extension")
    return {
        "agreement.extension": ext if ext_given else f"{ext} *(förslag)*",
        "agreement.breach_days": mark(number_sv(b.cure_days), b, "cure_days", "breach"),
        "agreement.dispute_first": mark(d.first, d, "first", "disputes"),
        "agreement.dispute_then": mark(d.then, d, "then", "disputes"),
        "agreement.dispute_court": mark(d.court, d, "court", "disputes"),
    }


# Which agreement sections a clause reads, through its blocks or its placeholders: the draft
# names the ones the centre file left out under the clause heading.
BLOCK_SECTIONS = {"definitions": "definitions", "steering_rules": "steering", "competence": "competence",
                  "development": "development", "annual_report": "annual_report", "economy": "economy",
                  "premises": "premises", "personal_data": "personal_data", "attachments": "attachments"}
PLACEHOLDER_SECTIONS = {"agreement.extension": "extension", "agreement.breach_days": "breach",
                        "agreement.dispute_first": "disputes", "agreement.dispute_then": "disputes",
                        "agreement.dispute_court": "disputes"}
PLACEHOLDERS = frozenset(PLACEHOLDER_SECTIONS)
BLOCKS = frozenset(BLOCK_SECTIONS) | {"checklists"}


def suggested_sections(centre: m.Centre, blocks, placeholders) -> tuple[str, ...]:
    names = [BLOCK_SECTIONS[b] for b in blocks if b in BLOCK_SECTIONS]
    names += [PLACEHOLDER_SECTIONS[p] for p in placeholders if p in PLACEHOLDER_SECTIONS]
    return tuple(am.SECTIONS[n][1] for n in dict.fromkeys(names) if not section_given(centre, n))


def undecided(centre: m.Centre) -> list[str]:
    """What the centre file leaves to the draft's suggestions, in Swedish, for `check` and the draft."""
    out = [am.SECTIONS[n][1] for n in am.SECTIONS if not section_given(centre, n)]
    if any(u.org_number is None for u in centre.parties):
        out.insert(0, "organisationsnummer")
    if any(u.board is None for u in centre.parties):
        out.insert(0, "nämnd eller styrelse som skriver under")
    return out

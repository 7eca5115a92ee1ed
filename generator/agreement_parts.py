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

# Every Swedish wording of the agreement parts, with {name} slots: the Python functions below
# and the browser form's engine (templates/assets/avtal-motor.js, through form_bundle.py) read
# this one table, so the form's draft cannot say anything else.
TEXT: dict[str, str] = {
    "board_region": "den nämnd eller styrelse i regionen som ansvarar för verksamheten",
    "board_privat": "vårdgivarens styrelse",
    "board_socialtjanst": "den nämnd som ansvarar för socialtjänsten (socialnämnden)",
    "board_forskola": "den nämnd som ansvarar för förskolan, till exempel barn- och utbildningsnämnden",
    "board_kommun": "den eller de nämnder i kommunen som ansvarar för verksamheterna",
    "org_number_missing": "………… *(fyll i)*",
    "chair_rotating": "roterar årsvis mellan parterna",
    "chair_party": "{party} leder styrgruppen",
    "decisions_enighet": "parterna är eniga; en part kan inte bindas mot sin vilja",
    "decisions_majoritet": "majoritet bland parterna",
    "meetings_one": "{n} gång per år",
    "meetings_many": "{n} gånger per år",
    "minutes": "{who}; de justeras av ordföranden och sänds till alla parter",
    "label_chair": "Ordförande",
    "label_meetings": "Möten",
    "label_convener": "Kallar och skriver dagordning",
    "label_minutes": "Minnesanteckningar eller protokoll",
    "label_decisions": "Beslut",
    "competence_cost_var_och_en": "varje part betalar för sina medarbetare",
    "competence_cost_gemensam": "kostnaden fördelas som gemensamma aktiviteter (se ekonomi)",
    "label_planning_days": "Gemensamma planeringsdagar",
    "planning_days": "{n} per år",
    "label_cost": "Kostnad",
    "label_prepared_by": "Tas fram av",
    "label_report_month": "Lämnas senast",
    "report_month": "i {month} året efter verksamhetsåret",
    "label_recipients": "Lämnas till",
    "label_dialogue": "Dialog mellan parterna",
    "dialogue_yes": "ett dialogmöte per år om rapporten och nästa års inriktning",
    "dialogue_no": "inget särskilt dialogmöte",
    "paid_by": "betalas av {org}",
    "cost_note": "; {note}",
    "amount": "{amount} per år",
    "amount_missing": "anges i bilaga",
    "index_ingen": "Beloppen räknas inte upp under avtalstiden.",
    "index_pkv": "Beloppen räknas upp varje år med prisindex för kommunal verksamhet (PKV).",
    "index_kpi": "Beloppen räknas upp varje år med konsumentprisindex (KPI).",
    "index_annan": "Beloppen räknas upp så här: {note}.",
    "tenant_unknown": "den part som hyr lokalerna",
    "invoicing": "{payer} betalar de gemensamma kostnaderna och fakturerar de andra parterna deras andel {when} varje {interval}.",
    "in_arrears": "i efterskott",
    "in_advance": "i förskott",
    "label_tenant": "Hyr lokalerna",
    "tenant_suggested": "parterna bestämmer vilken part som hyr lokalerna",
    "label_sublet": "Upplåtelse till övriga parter",
    "sublet_yes": "hyresgästen upplåter lokalerna till de andra parterna, som betalar sin del enligt avsnittet om ekonomi",
    "sublet_no": "varje part hyr sina egna delar av lokalerna",
    "label_coordination": "Samordnar arbetsmiljöfrågorna i de gemensamma lokalerna",
    "coordination_suggested": "{tenant}, som råder över arbetsstället",
    "label_insurance": "Försäkrar lokalerna och de gemensamma inventarierna",
    "controller_var_och_en": "varje part för uppgifterna i sin egen verksamhet",
    "controller_anordnande_part": "den part som anordnar aktiviteten",
    "attachment_note": " – {note}",
    "extension_none": "Avtalet kan inte förlängas; parterna tecknar i stället ett nytt avtal.",
    "extension_automatic": ("Avtalet förlängs med {months} månader i taget om ingen part säger upp det senast "
                            "{notice} månader före avtalstidens slut."),
    "extension_written": "Parterna kan skriftligen komma överens om att förlänga avtalet med högst {months} månader.",
    "suggested_mark": "{text} *(förslag)*",
    "undecided_org_number": "organisationsnummer",
    "undecided_board": "nämnd eller styrelse som skriver under",
}


def text(key: str, **values) -> str:
    """A wording of TEXT with its {name} slots filled."""
    return TEXT[key].format(**values)


@dataclass(frozen=True)
class Value:
    text: str
    suggested: bool = False        # True: the centre file left it out; the draft suggests it

    @property
    def shown(self) -> str:
        """The text as the draft writes it: a suggestion marked as one."""
        return text("suggested_mark", text=self.text) if self.suggested else self.text


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
        return text("board_region")
    if unit.huvudman == m.Huvudman.privat:
        return text("board_privat")
    ops = set(unit.operators)
    if ops == {m.OperatorId.forebyggande_socialtjanst}:
        return text("board_socialtjanst")
    if ops == {m.OperatorId.oppen_forskola}:
        return text("board_forskola")
    return text("board_kommun")


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
                                    Value(number, False) if number else Value(text("org_number_missing"), False),
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
    chair = (text("chair_rotating") if s.chair == "roterande"
             else text("chair_party", party=party_name(centre, s.chair)))
    n = s.meetings_per_year
    return [(text("label_chair"), _v(s, "chair", chair, given)),
            (text("label_meetings"), _v(s, "meetings_per_year", text("meetings_one" if n == 1 else "meetings_many", n=n), given)),
            (text("label_convener"), _v(s, "convener", s.convener, given)),
            (text("label_minutes"), _v(s, "minutes_by", text("minutes", who=s.minutes_by), given)),
            (text("label_decisions"), _v(s, "decisions", text(f"decisions_{s.decisions}"), given))]


def competence(centre: m.Centre) -> tuple[list[str], list[tuple[str, Value]]]:
    c, given = centre.competence, section_given(centre, "competence")
    return list(c.activities), [
        (text("label_planning_days"), _v(c, "planning_days_per_year", text("planning_days", n=c.planning_days_per_year), given)),
        (text("label_cost"), _v(c, "cost", text(f"competence_cost_{c.cost}"), given))]


def annual_report(centre: m.Centre) -> list[tuple[str, Value]]:
    a, given = centre.annual_report, section_given(centre, "annual_report")
    return [(text("label_prepared_by"), _v(a, "prepared_by", a.prepared_by, given)),
            (text("label_report_month"), _v(a, "month", text("report_month", month=MONTHS[a.month - 1]), given)),
            (text("label_recipients"), _v(a, "recipients", a.recipients, given)),
            (text("label_dialogue"), _v(a, "dialogue", text("dialogue_yes" if a.dialogue else "dialogue_no"), given))]


def _split_text(centre: m.Centre, cost: am.Cost) -> str:
    if cost.split == "en_part":
        return text("paid_by", org=_org(centre, cost.party))
    return am.SPLITS[cost.split]


def economy(centre: m.Centre) -> dict:
    e, given = centre.economy, section_given(centre, "economy")
    rows = []
    for cost in e.costs:
        rows.append((am.COST_ITEMS[cost.item],
                     Value(_split_text(centre, cost) + (text("cost_note", note=cost.note) if cost.note else ""), not given),
                     Value(text("amount", amount=sek(cost.amount_sek)) if cost.amount_sek is not None
                           else text("amount_missing"), not given)))
    index = text(f"index_{e.indexation}", note=e.indexation_note)
    inv = e.invoicing
    inv_given = given and _given(e, "invoicing")
    payer = _org(centre, inv.by) or _org(centre, centre.premises.tenant)
    payer_text = payer or text("tenant_unknown")
    invoicing = text("invoicing", payer=payer_text[0].upper() + payer_text[1:],
                     when=text("in_arrears" if inv.in_arrears else "in_advance"), interval=inv.interval)
    return {"financing": _v(e, "financing", e.financing, given), "costs": rows,
            "indexation": _v(e, "indexation", index, given),
            "invoicing": Value(invoicing, not (inv_given and _given(inv, "by") and _given(inv, "interval")))}


def premises(centre: m.Centre) -> dict:
    p, given = centre.premises, section_given(centre, "premises")
    tenant = _org(centre, p.tenant)
    rows = [(text("label_tenant"), Value(tenant, False) if tenant else Value(text("tenant_suggested"), True)),
            (text("label_sublet"), _v(p, "sublet", text("sublet_yes" if p.sublet else "sublet_no"), given)),
            (text("label_coordination"),
             Value(_org(centre, p.coordination_by), False) if p.coordination_by
             else Value(text("coordination_suggested", tenant=tenant or text("tenant_unknown")), True)),
            (text("label_insurance"),
             Value(_org(centre, p.insurance_by), False) if p.insurance_by
             else Value(tenant or text("tenant_unknown"), True))]
    rooms = [(r.name, ", ".join(_org(centre, u) or u for u in dict.fromkeys(r.used_by)), _org(centre, r.employer) or r.employer)
             for r in p.rooms]
    return {"rows": rows, "rooms": rooms}


def personal_data(centre: m.Centre) -> list[tuple[str, Value]]:
    given = section_given(centre, "personal_data")
    out = []
    for r in centre.personal_data.records:
        who = (text(f"controller_{r.controller}") if r.controller in ("var_och_en", "anordnande_part")
               else _org(centre, r.controller))
        out.append((r.what, Value(who, not given)))
    return out


def attachments(centre: m.Centre) -> list[Value]:
    given = section_given(centre, "attachments")
    return [Value(a.title + (text("attachment_note", note=a.note) if a.note else ""), not given) for a in centre.attachments]


def development(centre: m.Centre) -> list[Value]:
    given = section_given(centre, "development")
    return [Value(t, not given) for t in centre.development]


def placeholder_values(centre: m.Centre) -> dict[str, str]:
    """{agreement.*} values for clause texts; a suggested value is marked where it stands."""
    def mark(value: str, model, name: str, section: str) -> str:
        suggested = not (section_given(centre, section) and _given(model, name))
        return text("suggested_mark", text=value) if suggested else value

    x, b, d = centre.extension, centre.breach, centre.disputes
    if x.max_months == 0:
        ext = text("extension_none")
    elif x.how == "automatisk":
        ext = text("extension_automatic", months=x.max_months, notice=centre.dates.notice_months)
    else:
        ext = text("extension_written", months=x.max_months)
    ext_given = section_given(centre, "extension")
    return {
        "agreement.extension": ext if ext_given else text("suggested_mark", text=ext),
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


def clause_sections(blocks, placeholders) -> list[str]:
    """The agreement sections (am.SECTIONS keys) a clause reads, once each, in order."""
    names = [BLOCK_SECTIONS[b] for b in blocks if b in BLOCK_SECTIONS]
    names += [PLACEHOLDER_SECTIONS[p] for p in placeholders if p in PLACEHOLDER_SECTIONS]
    return list(dict.fromkeys(names))


def suggested_sections(centre: m.Centre, blocks, placeholders) -> tuple[str, ...]:
    return tuple(am.SECTIONS[n][1] for n in clause_sections(blocks, placeholders) if not section_given(centre, n))


def undecided(centre: m.Centre) -> list[str]:
    """What the centre file leaves to the draft's suggestions, in Swedish, for `check` and the draft."""
    out = [am.SECTIONS[n][1] for n in am.SECTIONS if not section_given(centre, n)]
    if any(u.org_number is None for u in centre.parties):
        out.insert(0, text("undecided_org_number"))
    if any(u.board is None for u in centre.parties):
        out.insert(0, text("undecided_board"))
    return out

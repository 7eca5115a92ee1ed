"""A centre + its resolved region -> a structured agreement draft. Pure.

The draft is data (numbered sections with filled text and named blocks); the
Markdown template and the DOCX exporter both read it, so they cannot drift.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import agreement_parts as ap
from . import models as m
from . import rules as rl
from .checks import Assessment, Finding
from .diagnostics import Diagnostics
from .formatting import date_sv, month_sv, number_sv, operator_list, percent_sv
from .render import PLACEHOLDER_RE, fill_placeholders
from .resolve import ResolvedCentre, ResolvedRegion


# The draft's own wordings about the centre ({name} slots), read by the functions below and,
# through form_bundle.py, by the browser form's engine: one declaration for both.
TEXT: dict[str, str] = {
    "title": "Lokalt samverkansavtal för {name}",
    "no_form": "varken familjecentral eller familjecentralsliknande verksamhet",
    "form": "{form} ({reason})",
    "centre_no_form": "samverkan mellan verksamheterna (varken familjecentral eller familjecentralsliknande verksamhet)",
    "responsibility": ("ansvarar för {operators} på familjecentralen, med egen personal, eget verksamhetsansvar och egen "
                       "sekretess, och deltar i den gemensamma verksamheten enligt detta avtal."),
    "appointment_written": "skriftligt",
    "appointment_unwritten": "inte skriftligt",
    "appointment_years": ", {years} år",
    "funding_equal": "lika delar mellan parterna",
    "funding_other": "enligt särskild överenskommelse",
    "label_profession": "Yrke",
    "label_share": "Andel av heltid",
    "label_appointment": "Förordnande",
    "label_funding": "Finansiering",
}

# The fixed text of the draft's layout (templates/draft/agreement.md.j2 and
# templates/partials/draft_blocks.md.j2): headings, fixed sentences and labels, with {name} slots.
# The templates read it through Draft.say, the browser form's engine through form_bundle.py;
# only Markdown structure ("#", "|", "- ", "!!!", anchors and classes) is written in code.
LAYOUT: dict[str, str] = {
    "draft_mark": "**UTKAST** · {name} · {date}",
    "example": "*Exempel: familjecentralen och parterna i det här utkastet är påhittade{org_numbers}.*",
    "example_org_numbers": ", och organisationsnumren är exempel",
    "provenance": ("Utkastet följer *{title}* ({region}, {year}, {version}) och är genererat från innehållsversion "
                   "{revision} och familjecentralens fil med kontrollsumma {centre_hash}. Det är ett underlag för "
                   "styrgruppen att bearbeta innan parterna skriver under."),
    "fact_form": "Verksamhetsform",
    "fact_kommun": "Kommun",
    "fact_address": "Adress",
    "fact_hours": "Gemensamma öppettider",
    "hours_one": "timme i veckan",
    "hours_many": "timmar i veckan",
    "fact_period": "Avtalsperiod",
    "period": "{start}, {years} år",
    "fact_email": "Funktionsadress",
    "unjustified_title": "Avvikelser som måste rättas eller motiveras",
    "unjustified": "{message} (krav: {rule})",
    "undecided_title": "Förslag – ändra vid behov",
    "undecided": ("Familjecentralens fil anger inte {parts}. Där står utkastets förslag, märkta *förslag*, eller en rad "
                  "att fylla i. Styrgruppen behöver ta ställning till förslagen innan parterna skriver under."),
    "clause_suggestions": ("*Förslag – ändra vid behov: familjecentralens fil anger inte {parts}, så paragrafen "
                           "innehåller utkastets förslag.*"),
    "notes_title": "Noteringar: avvikelser från rekommendationer",
    "notes": ("Följande avviker från det regionens vägledning rekommenderar (*bör*). Det är tillåtet, men styrgruppen "
              "bör ta ställning till det."),
    "note": "{message}. Rekommendation: {rule}",
    "note_justification": " Motivering: {justification}",
    "party": "**{n}. {organisation}**, organisationsnummer {org_number}. Huvudman: {huvudman}.",
    "party_unit": "{unit} ({operators}), under {board}",
    "no_coordinator": "*Familjecentralen har ingen samordnare angiven.*",
    "no_deviations": "Familjecentralen avviker inte från något krav (*ska*) i regionens vägledning.",
    "no_rules": "*Regionens vägledning har inga krav eller rekommendationer om detta.*",
    "signature_org_number": "Organisationsnummer {org_number}",
    "signature_board": "För {board}",
    "signature_place": "Ort och datum: ........................................................",
    "signature_sign": "Underskrift: ........................................................",
    "signature_name": "Namnförtydligande: ........................................................",
    "signature_title": "Titel: {title}",
    "attachment": "Bilaga {n}: {text}",
}

# The draft's table headers, by table (Draft.table_head writes the Markdown).
COLUMNS: dict[str, list[str]] = {
    "facts": ["Uppgift", "Värde"],
    "agreed": ["Uppgift", "Överenskommelse"],
    "steering_group": ["Roll", "Part"],
    "deviations": ["Regel", "Avvikelse", "Motivering"],
    "costs": ["Kostnad", "Fördelning", "Belopp"],
    "rooms": ["Rum", "Används av", "Arbetsmiljöansvar för arbetet i rummet"],
    "personal_data": ["Personuppgifter", "Personuppgiftsansvarig"],
    "checklist": ["Innehåll", "I utkastet"],
}


@dataclass(frozen=True)
class DraftSection:
    number: int
    id: str
    title: str
    text: str
    blocks: tuple[str, ...]
    sources: tuple[m.SourceRef, ...]
    suggestions: tuple[str, ...] = ()   # agreement parts the centre file left out: the text suggests them
    checklists: tuple = ()              # closing note: (title, sources, ((item, "§ 1, § 3"), …)) per checklist


@dataclass(frozen=True)
class Draft:
    centre: m.Centre
    region: m.Region
    assessment: Assessment
    sections: tuple[DraftSection, ...]
    date: dt.date
    revision: str
    deviations: tuple[tuple[Finding, str], ...]     # justified ska deviations
    notes: tuple[Finding, ...]                       # bör departures
    unjustified: tuple[Finding, ...]
    parties: tuple[ap.ContractingParty, ...] = ()    # units of one legal person are one party
    parts: dict | None = None                        # rows of the agreement parts (agreement_parts.py)
    closing: DraftSection | None = None              # the note mapping clauses to other agreements
    undecided: tuple[str, ...] = ()                  # parts the centre file leaves to suggestions
    centre_hash: str = ""                            # checksum of the centre file (versions.centre_hash)

    @property
    def clauses(self) -> tuple[DraftSection, ...]:
        """The numbered clauses before the signature page."""
        return tuple(s for s in self.sections if "signatures" not in s.blocks)

    @property
    def signature_sections(self) -> tuple[DraftSection, ...]:
        """The signature clause: after every clause and note."""
        return tuple(s for s in self.sections if "signatures" in s.blocks)

    @property
    def title(self) -> str:
        return TEXT["title"].format(name=self.centre.name)

    # One wording for the Markdown template and the Word export alike.

    @staticmethod
    def say(key: str, **values) -> str:
        """A fixed text of the draft's layout (LAYOUT) with its {name} slots filled."""
        return LAYOUT[key].format(**values)

    @staticmethod
    def table_head(name: str) -> str:
        """The two header lines of one of the draft's tables (COLUMNS)."""
        columns = COLUMNS[name]
        return "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)

    @property
    def form_text(self) -> str:
        a = self.assessment
        return TEXT["form"].format(form=a.form or TEXT["no_form"], reason=a.form_reason)

    def responsibility_text(self, party: m.PartyUnit) -> str:
        return TEXT["responsibility"].format(operators=operator_list(party.operators))

    @property
    def coordinator_rows(self) -> list[tuple[str, str]]:
        co = self.centre.coordinator
        if co is None:
            return []
        appointment = TEXT["appointment_written" if co.written_appointment else "appointment_unwritten"] + (
            TEXT["appointment_years"].format(years=co.appointed_years) if co.appointed_years is not None else "")
        funding = (TEXT["funding_equal"] if co.funding == "lika_delar"
                   else (co.funding_note or TEXT["funding_other"]))
        return [(TEXT["label_profession"], co.profession), (TEXT["label_share"], percent_sv(co.share_percent)),
                (TEXT["label_appointment"], appointment), (TEXT["label_funding"], funding)]


def _end_date(start: dt.date, years: int) -> dt.date:
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end - dt.timedelta(days=1)


def placeholder_values(rc: ResolvedCentre, rr: ResolvedRegion):
    c, a, r = rc.centre, rc.assessment, rr.region
    coord = c.coordinator
    values: dict[str, str] = {
        "centre.name": c.name,
        "centre.kommun": c.kommun,
        "centre.address": c.address,
        "centre.form": a.form or TEXT["centre_no_form"],
        "centre.colocated": operator_list(c.colocated),
        "centre.opening_hours_per_week": number_sv(c.opening_hours_per_week),
        "centre.target_min_age": str(c.target_min_age),
        "centre.target_max_age": str(c.target_max_age),
        "centre.start": date_sv(c.dates.start),
        "centre.end": date_sv(_end_date(c.dates.start, c.dates.duration_years)),
        "centre.duration_years": str(c.dates.duration_years),
        "centre.review_month": month_sv(c.dates.review_month),
        "centre.notice_months": str(c.dates.notice_months),
        "region.name": r.name,
        "region.lan": r.lan,
        "guidance.title": r.guidance.title,
        "guidance.year": str(r.guidance.year),
        "guidance.version": r.guidance.version,
    }
    if coord:
        values["coordinator.profession"] = coord.profession
        values["coordinator.share_percent"] = number_sv(coord.share_percent)
        if coord.appointed_years is not None:
            values["coordinator.appointed_years"] = str(coord.appointed_years)
    if c.summer:
        values["summer.weeks"] = str(c.summer.weeks)
        values["summer.half_days_per_week"] = number_sv(c.summer.half_days_per_week)
    return values


def numbering(rr: ResolvedRegion) -> tuple[list[m.Clause], dict[str, str], dict[str, str]]:
    """The numbered clauses, and each one's "§ n" and link. Clause numbers are generated: a
    clause's § is its place among this region's clauses (the closing note has none)."""
    numbered = [cl for cl in rr.clauses if not cl.checklists]
    refs = {cl.id: f"§ {i}" for i, cl in enumerate(numbered, start=1)}
    links = {cl.id: f"[§ {i}](#paragraf-{i})" for i, cl in enumerate(numbered, start=1)}
    return numbered, refs, links


def checklist_rows(clause: m.Clause, refs: dict[str, str]) -> tuple:
    """(title, sources, ((item, "§ 1, § 3"), …)) of each checklist of the closing note."""
    return tuple((cl.title, tuple(cl.sources),
                  tuple((item.text, ", ".join(sorted((refs[i] for i in item.clauses if i in refs), key=lambda r: int(r[2:]))) or "–")
                        for item in cl.items))
                 for cl in clause.checklists)


def build_draft(rc: ResolvedCentre, rr: ResolvedRegion, revision: str, date: dt.date,
                centre_hash: str = "") -> tuple[Draft, Diagnostics]:
    diags = Diagnostics()
    c = rc.centre
    numbered, refs, links = numbering(rr)
    base_values = placeholder_values(rc, rr)
    agreement_values = ap.placeholder_values(c)

    def section(number: int, clause: m.Clause) -> DraftSection:
        own = base_values
        rule = rr.rule_of_clause(clause.id)
        if rule is not None:  # a rule's own paragraph: its values and, for levels, this centre's level
            own = {**base_values, **rl.clause_values(rule, rr.region, rc.assessment.outcome(rule.id))}

        def values(name: str) -> str | None:
            if name.startswith("ref."):
                return links.get(name[4:])
            return agreement_values.get(name) or own.get(name)

        text, missing = fill_placeholders(clause.text, values)
        for name in missing:
            diags.error(rc.path, 0, "", f"klausulen {clause.id} behöver värdet {{{name}}}, men det saknas i familjecentralens fil "
                                        f"(t.ex. coordinator eller summer)" if not name.startswith("ref.") else
                                        f"klausulen {clause.id} hänvisar till {{{name}}}, men den klausulen finns inte i regionens utkast")
        used = PLACEHOLDER_RE.findall(clause.text)
        checklists = checklist_rows(clause, refs)
        return DraftSection(number, clause.id, clause.title, text, tuple(clause.show), tuple(clause.sources),
                            ap.suggested_sections(c, clause.show, used), checklists)

    sections = [section(i, clause) for i, clause in enumerate(numbered, start=1)]
    closing_clause = next((cl for cl in rr.clauses if cl.checklists), None)
    closing = section(0, closing_clause) if closing_clause else None
    terms = {t.id: t for t in rr.terms}
    parts = {"definitions": ap.definitions(c, terms), "steering": ap.steering(c), "competence": ap.competence(c),
             "development": ap.development(c), "annual_report": ap.annual_report(c), "economy": ap.economy(c),
             "premises": ap.premises(c), "personal_data": ap.personal_data(c), "attachments": ap.attachments(c)}
    a = rc.assessment
    deviations = tuple((f, f.justification) for f in a.findings if f.strength == m.Strength.ska and f.justification)
    notes = tuple(f for f in a.findings if f.strength == m.Strength.bor)
    unjustified = tuple(f for f in a.findings if f.is_error)
    return Draft(rc.centre, rr.region, a, tuple(sections), date, revision, deviations, notes, unjustified,
                 ap.contracting_parties(c), parts, closing, tuple(ap.undecided(c)), centre_hash), diags

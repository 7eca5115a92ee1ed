"""A centre + its resolved region -> a structured agreement draft. Pure.

The draft is data (numbered sections with filled text and named blocks); the
Markdown template and the DOCX exporter both read it, so they cannot drift.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import models as m
from . import rules as rl
from .checks import Assessment, Finding
from .diagnostics import Diagnostics
from .formatting import date_sv, month_sv, number_sv, operator_list, percent_sv
from .render import fill_placeholders
from .resolve import ResolvedCentre, ResolvedRegion


@dataclass(frozen=True)
class DraftSection:
    number: int
    id: str
    title: str
    text: str
    blocks: tuple[str, ...]
    sources: tuple[m.SourceRef, ...]


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

    @property
    def title(self) -> str:
        return f"Lokalt samverkansavtal för {self.centre.name}"

    # One wording for the Markdown template and the Word export alike.

    @property
    def form_text(self) -> str:
        a = self.assessment
        return f"{a.form or 'varken familjecentral eller familjecentralsliknande verksamhet'} ({a.form_reason})"

    def responsibility_text(self, party: m.PartyUnit) -> str:
        return (f"ansvarar för {operator_list(party.operators)} på familjecentralen, med egen personal, "
                "eget verksamhetsansvar och egen sekretess, och deltar i den gemensamma verksamheten enligt detta avtal.")

    @property
    def coordinator_rows(self) -> list[tuple[str, str]]:
        co = self.centre.coordinator
        if co is None:
            return []
        appointment = ("skriftligt" if co.written_appointment else "inte skriftligt") + (
            f", {co.appointed_years} år" if co.appointed_years is not None else "")
        funding = ("lika delar mellan parterna" if co.funding == "lika_delar"
                   else (co.funding_note or "enligt särskild överenskommelse"))
        return [("Yrke", co.profession), ("Andel av heltid", percent_sv(co.share_percent)),
                ("Förordnande", appointment), ("Finansiering", funding)]


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
        "centre.form": a.form or "samverkan mellan verksamheterna (varken familjecentral eller familjecentralsliknande verksamhet)",
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


def build_draft(rc: ResolvedCentre, rr: ResolvedRegion, revision: str, date: dt.date) -> tuple[Draft, Diagnostics]:
    diags = Diagnostics()
    values = placeholder_values(rc, rr)
    sections = []
    for i, clause in enumerate(rr.clauses, start=1):
        own = values
        rule = rr.rule_of_clause(clause.id)
        if rule is not None:  # a rule's own paragraph: its values and, for levels, this centre's level
            own = {**values, **rl.clause_values(rule, rr.region, rc.assessment.outcome(rule.id))}
        text, missing = fill_placeholders(clause.text, own.get)
        for name in missing:
            diags.error(rc.path, 0, "", f"klausulen {clause.id} behöver värdet {{{name}}}, men det saknas i familjecentralens fil "
                                        f"(t.ex. coordinator eller summer)")
        sections.append(DraftSection(i, clause.id, clause.title, text, tuple(clause.show), tuple(clause.sources)))
    a = rc.assessment
    deviations = tuple((f, f.justification) for f in a.findings if f.strength == m.Strength.ska and f.justification)
    notes = tuple(f for f in a.findings if f.strength == m.Strength.bor)
    unjustified = tuple(f for f in a.findings if f.is_error)
    return Draft(rc.centre, rr.region, a, tuple(sections), date, revision, deviations, notes, unjustified), diags

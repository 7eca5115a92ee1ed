"""A centre measured against its region's rules. Pure: models in, findings out.

Each rule type has one check; the strength of the rule (ska/bör/referens)
decides what a departure means, not the check.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import models as m
from .formatting import number_sv

OPERATOR_NAMES = {
    m.OperatorId.modrahalsovard: "mödrahälsovård",
    m.OperatorId.barnhalsovard: "barnhälsovård",
    m.OperatorId.oppen_forskola: "öppen förskola",
    m.OperatorId.forebyggande_socialtjanst: "förebyggande socialtjänst",
}


def operator_list(ops) -> str:
    names = [OPERATOR_NAMES[m.OperatorId(o)] for o in ops]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1] if names else "inga"


def fmt_num(x: float) -> str:
    # Never rounded: a rounded value can look as if it met the rule it breaks (14.9999 as "15").
    return number_sv(x)


@dataclass(frozen=True)
class Finding:
    rule: m.Rule
    field: str                  # centre field the finding is about
    message: str                # Swedish: what departs from the rule
    justification: str | None   # from the centre's deviations, if any

    @property
    def strength(self) -> m.Strength:
        return self.rule.strength

    @property
    def is_error(self) -> bool:
        return self.strength == m.Strength.ska and not self.justification


@dataclass(frozen=True)
class Assessment:
    form: str | None                       # "familjecentral" / "familjecentralsliknande verksamhet" / None
    form_reason: str
    compensation: m.CompensationLevel | None
    compensation_reason: str
    findings: tuple[Finding, ...]


def _opening(c: m.Centre, r: m.OpeningHoursRule):
    if c.opening_hours_per_week < r.min_hours_per_week:
        return [("opening_hours_per_week", f"gemensamma öppettider {fmt_num(c.opening_hours_per_week)} h/vecka är färre än regelns minst {fmt_num(r.min_hours_per_week)} h/vecka")]
    return []


def _summer(c: m.Centre, r: m.SummerRule):
    out = []
    if c.summer is None or c.summer.weeks == 0:
        return out
    if c.summer.weeks > r.max_weeks:
        out.append(("summer.weeks", f"sommarreducering i {c.summer.weeks} veckor är fler än regelns högst {r.max_weeks} veckor"))
    if c.summer.half_days_per_week < r.min_half_days_per_week:
        out.append(("summer.half_days_per_week", f"{fmt_num(c.summer.half_days_per_week)} halvdagar/vecka under sommaren är mindre än regelns minst {fmt_num(r.min_half_days_per_week)}"))
    outside = [mo for mo in c.summer.months if mo not in r.months]
    if outside:
        out.append(("summer.months", f"reducering i månad {', '.join(map(str, outside))} ligger utanför regelns månader {', '.join(map(str, r.months))}"))
    return out


def _coordinator_required(c: m.Centre, r):
    return [] if c.coordinator else [("coordinator", "familjecentralen har ingen samordnare")]


def _coordinator_share(c: m.Centre, r: m.CoordinatorShareRule):
    if c.coordinator and c.coordinator.share_percent > r.max_percent:
        return [("coordinator.share_percent", f"samordnarens andel {fmt_num(c.coordinator.share_percent)} % är mer än regelns högst {fmt_num(r.max_percent)} % av heltid")]
    return []


def _coordinator_appointment(c: m.Centre, r: m.CoordinatorAppointmentRule):
    out = []
    if not c.coordinator:
        return [("coordinator", "familjecentralen har ingen samordnare att förordna")]
    if r.written and not c.coordinator.written_appointment:
        out.append(("coordinator.written_appointment", "förordnandet av samordnaren är inte skriftligt"))
    if c.coordinator.appointed_years != r.years:
        got = "inte angiven" if c.coordinator.appointed_years is None else f"{c.coordinator.appointed_years} år"
        out.append(("coordinator.appointed_years", f"förordnandets längd är {got}, regeln säger {r.years} år"))
    return out


def _coordinator_funding(c: m.Centre, r: m.CoordinatorFundingRule):
    if c.coordinator and r.equal_shares and c.coordinator.funding != "lika_delar":
        return [("coordinator.funding", "samordnartjänsten bekostas inte med lika stora delar av alla parter")]
    return []


def _target_group(c: m.Centre, r: m.TargetGroupRule):
    if c.target_min_age > r.min_age or c.target_max_age < r.max_age:
        return [("target_max_age", f"målgruppen {c.target_min_age}–{c.target_max_age} år täcker inte regelns {r.min_age}–{r.max_age} år")]
    return []


def _group_support(c: m.Centre, r: m.GroupSupportRule):
    g = c.parent_groups
    if g is None:
        return [("parent_groups", "det står inte om familjecentralen erbjuder föräldraskapsstöd i grupp före och efter födseln")]
    missing = [w for w, need, has in (("före", r.before_birth, g.before_birth), ("efter", r.after_birth, g.after_birth)) if need and not has]
    return [("parent_groups", f"föräldraskapsstöd i grupp erbjuds inte {' och '.join(missing)} födseln")] if missing else []


CHECKS: dict[str, Callable] = {
    "gemensamma_oppettider": _opening,
    "sommarreducering": _summer,
    "samordnare_krav": _coordinator_required,
    "samordnare_andel": _coordinator_share,
    "samordnare_forordnande": _coordinator_appointment,
    "samordnare_finansiering": _coordinator_funding,
    "malgrupp": _target_group,
    "foraldraskapsstod_grupp": _group_support,
}


def _form(c: m.Centre, rules: list) -> tuple[str | None, str, list[tuple[str, str]], m.Rule | None]:
    rule = next((r for r in rules if r.type == "samlokalisering"), None)
    have = set(c.colocated)
    if rule is None:
        full = set(m.OperatorId)
        if have >= full:
            return "familjecentral", "alla fyra verksamheterna är samlokaliserade", [], None
        return "familjecentralsliknande verksamhet", f"samlokaliserade: {operator_list(sorted(have, key=list(m.OperatorId).index))}", [], None
    if have >= set(rule.familjecentral):
        return "familjecentral", f"{operator_list(rule.familjecentral)} är samlokaliserade", [], rule
    if rule.familjecentralsliknande and have >= set(rule.familjecentralsliknande):
        missing = [o for o in rule.familjecentral if o not in have]
        return ("familjecentralsliknande verksamhet",
                f"minst {operator_list(rule.familjecentralsliknande)} är samlokaliserade, men inte {operator_list(missing)}", [], rule)
    need = rule.familjecentralsliknande or rule.familjecentral
    missing = [o for o in need if o not in have]
    return (None, f"varken familjecentral eller familjecentralsliknande verksamhet: {operator_list(missing)} är inte samlokaliserade",
            [("colocated", f"enheten är varken familjecentral eller familjecentralsliknande verksamhet eftersom {operator_list(missing)} inte är samlokaliserade")], rule)


def _level_met(lv: m.CompensationLevel, c: m.Centre) -> bool:
    if lv.shared_premises:
        taking_part = {op for p in c.parties for op in p.operators}
        return c.shared_premises and set(lv.operators) <= taking_part
    return set(c.colocated) >= set(lv.operators)


def _compensation(c: m.Centre, rules: list) -> tuple[m.CompensationLevel | None, str]:
    rule = next((r for r in rules if r.type == "tillaggsuppdrag"), None)
    if rule is None:
        return None, ""
    qualifying = [lv for lv in rule.levels if _level_met(lv, c)]
    if not qualifying:
        lowest = min(rule.levels, key=lambda lv: lv.amount_sek)
        if lowest.shared_premises:
            return None, (f"uppfyller inte kraven för ersättning: lägsta nivån ({lowest.label}) kräver att "
                          f"{operator_list(lowest.operators)} ingår och att insatser erbjuds i gemensamma lokaler "
                          "(shared_premises: true); stäm av med regionen")
        missing = [o for o in lowest.operators if o not in c.colocated]
        return None, f"uppfyller inte kraven för ersättning: för lägsta nivån ({lowest.label}) behöver även {operator_list(missing)} vara samlokaliserade"
    best = max(qualifying, key=lambda lv: lv.amount_sek)
    if best.shared_premises:
        return best, f"{operator_list(best.operators)} ingår och insatser erbjuds i gemensamma lokaler ({best.label})"
    return best, f"{operator_list(best.operators)} är samlokaliserade ({best.label})"


def assess_centre(centre: m.Centre, region: m.Region) -> Assessment:
    justified = {d.rule: d.justification for d in centre.deviations}
    findings: list[Finding] = []
    form, form_reason, form_problems, form_rule = _form(centre, region.rules)
    if form_rule is not None:
        for fld, msg in form_problems:
            findings.append(Finding(form_rule, fld, msg, justified.get(form_rule.id)))
    for rule in region.rules:
        if rule.strength == m.Strength.referens:
            continue
        check = CHECKS.get(rule.type)
        if check is None:
            continue
        for fld, msg in check(centre, rule):
            findings.append(Finding(rule, fld, msg, justified.get(rule.id)))
    amount, reason = _compensation(centre, region.rules)
    return Assessment(form, form_reason, amount, reason, tuple(findings))

"""A centre measured against its region's rules. Pure: models in, findings out.

The rules are declarations (models.Rule) interpreted by generator/rules.py; the
strength of the rule (ska/bör/referens) decides what a departure means, not the
check.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import models as m
from . import rules as rl
from .formatting import number_sv, operator_list

__all__ = ["Assessment", "Finding", "assess_centre", "fmt_num", "operator_list"]


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
    outcomes: tuple[rl.Outcome, ...]       # the level each rule with levels gives the centre
    findings: tuple[Finding, ...]

    def outcome(self, rule_id: str) -> rl.Outcome | None:
        return next((o for o in self.outcomes if o.rule.id == rule_id), None)


# The national form and its reason (the browser form's engine reads these too, form_bundle.py).
FORM_TEXT = {
    "full": "familjecentral",
    "full_reason": "alla fyra verksamheterna är samlokaliserade",
    "partial": "familjecentralsliknande verksamhet",
    "partial_reason": "samlokaliserade: {operators}",
}


def _national_form(c: m.Centre) -> tuple[str, str]:
    """The form when the region's rules do not decide it: all four operators under one roof
    is a familjecentral, fewer a familjecentralsliknande verksamhet."""
    have = set(c.colocated)
    if have >= set(m.OperatorId):
        return FORM_TEXT["full"], FORM_TEXT["full_reason"]
    return FORM_TEXT["partial"], FORM_TEXT["partial_reason"].format(
        operators=operator_list(sorted(have, key=list(m.OperatorId).index)))


def assess_centre(centre: m.Centre, region: m.Region) -> Assessment:
    justified = {d.rule: d.justification for d in centre.deviations}
    findings: list[Finding] = []
    outcomes: list[rl.Outcome] = []
    for rule in region.rules:
        departures, outcome = rl.evaluate(rule, centre, region)
        if outcome is not None:
            outcomes.append(outcome)
        if rule.strength == m.Strength.referens:
            continue  # a reference figure is stated, never checked
        for d in departures:
            findings.append(Finding(rule, d.field, d.message, justified.get(rule.id)))
    form_outcome = next((o for o in outcomes if o.rule.outcome == rl.FORM_OUTCOME), None)
    if form_outcome is not None:
        form = form_outcome.level.label if form_outcome.level else None
        form_reason = form_outcome.reason
    else:
        form, form_reason = _national_form(centre)
    return Assessment(form, form_reason, tuple(outcomes), tuple(findings))

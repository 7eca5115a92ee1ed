"""Review and change metadata, like Rikshandboken. Pure.

Each page source (a topic file, the glossary, the bibliography, the clause library, a region
file) and each rule carries `reviewed: {date, by, next | interval_months}` and may carry dated
`changes`. From these, and never from file times, every site page gets

- "Granskad ÅÅÅÅ-MM av <roll>": for each reviewing role, the oldest review among the parts the
  page is built from (a page is only as fresh as its least recently reviewed part);
- "Senast ändrad ÅÅÅÅ-MM-DD": the newest review or change date among those parts;

and a review is overdue when its next date (or date + interval) is before the build date
(SOURCE_DATE_EPOCH, see pipeline.build_date), so tests and builds are reproducible.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from . import models as m
from .diagnostics import Diagnostics


@dataclass(frozen=True)
class Unit:
    """One reviewed thing: a file or a rule, where it is, and its metadata."""
    key: str                      # "page:secrecy", "glossary", "region:skane", "rule:skane:skane-oppettider"
    label: str                    # Swedish, for the editors' page
    file: str                     # as shown to the author
    line: int
    reviewed: m.Review | None
    changes: tuple[m.ChangeNote, ...] = ()

    @property
    def changed(self) -> _dt.date | None:
        dates = [c.date for c in self.changes] + ([self.reviewed.date] if self.reviewed else [])
        return max(dates) if dates else None

    def overdue(self, today: _dt.date) -> bool:
        return self.reviewed is not None and self.reviewed.due < today


@dataclass(frozen=True)
class ReviewLine:
    """What one page says: the reviews by role, the last change, and whether a part is overdue."""
    reviews: tuple[tuple[str, str], ...]    # (ÅÅÅÅ-MM, role), oldest review per role
    changed: str | None                     # ÅÅÅÅ-MM-DD
    missing: bool                           # a part has no review
    overdue: bool


@dataclass(frozen=True)
class Status:
    reviewed: int
    overdue: int
    missing: int

    def summary(self) -> str:
        return f"granskning: {self.reviewed} granskade, {self.overdue} försenade, {self.missing} saknar granskning"


def units(checked_project, resolved) -> dict[str, Unit]:
    """Every reviewed unit of the project, keyed. `checked_project` is validate.Project (for
    lines), `resolved` the resolved regions."""
    base = checked_project.base
    out: dict[str, Unit] = {}
    for key, (label, file, line, model) in base.reviewed_files.items():
        out[key] = Unit(key, label, file, line, model.reviewed, tuple(model.changes))
    for rr in resolved.regions:
        rin = checked_project.regions.get(rr.id)
        path = str(rin.where.path) if rin else f"guidance/{rr.id}/region.yaml"
        line = rin.where.line("reviewed") if rin else 0
        region = rr.region
        out[f"region:{rr.id}"] = Unit(f"region:{rr.id}", f"Regionen {region.name} (region.yaml)", path, line,
                                      region.reviewed, tuple(region.changes))
        for i, rule in enumerate(region.rules):
            rline = rin.where.line("rules", i, "reviewed") if rin else 0
            out[f"rule:{rr.id}:{rule.id}"] = Unit(f"rule:{rr.id}:{rule.id}", f"Regeln {rule.id} ({region.name})",
                                                  path, rline, rule.reviewed, tuple(rule.changes))
    return out


def page_units(origin: tuple, template: str, context: dict, all_units: dict[str, Unit]) -> list[Unit]:
    """The units a site page is built from, read off its origin and template (site_plan.PageSpec)."""
    def region_parts(rid: str, rules=None) -> list[str]:
        keys = [f"region:{rid}"]
        keys += [k for k in all_units if k.startswith(f"rule:{rid}:")
                 and (rules is None or k.split(":", 2)[2] in rules)]
        return keys

    kind = origin[0] if origin else "fixed"
    keys: list[str] = []
    if kind == "page":
        keys = [f"page:{origin[1]}"]
        for rr, rp, _ in context.get("additions", ()):
            keys += region_parts(rr.id, {r.id for r in rp.rules})
    elif kind == "region-page":
        keys = [f"page:{origin[2]}"] + region_parts(origin[1], {r.id for r in context.get("rules", ())})
    elif kind == "chapter":
        keys = [f"region:{origin[1]}"]
    elif kind == "centre":
        keys = [k for k in all_units if k.startswith("clauses")] + region_parts(origin[1])
    elif kind == "region":
        keys = region_parts(origin[1])
        if template.endswith("region_refs.md.j2"):
            keys.append("sources")
    elif template.endswith("glossary.md.j2"):
        keys = ["glossary"]
    elif template.endswith("sources.md.j2"):
        keys = ["sources"]
    elif template.endswith("consent.md.j2"):
        keys = [f"page:{context['page'].id}"]
    elif template.endswith("intro_index.md.j2"):
        keys = [k for k in all_units if k.startswith("page:")]
    elif template.endswith("compare.md.j2"):
        keys = [k for k in all_units if k.startswith(("region:", "rule:"))]
    else:  # the start page, the steering and fork pages, the editors' page: built from everything
        keys = list(all_units)
    return [all_units[k] for k in dict.fromkeys(keys) if k in all_units]


def review_line(parts: list[Unit], today: _dt.date) -> ReviewLine:
    oldest: dict[str, _dt.date] = {}
    for u in parts:
        if u.reviewed is not None:
            by = " ".join(u.reviewed.by.split())
            oldest[by] = min(oldest.get(by, u.reviewed.date), u.reviewed.date)
    reviews = tuple((d.strftime("%Y-%m"), by) for by, d in sorted(oldest.items(), key=lambda t: (t[1], t[0])))
    changed = max((u.changed for u in parts if u.changed is not None), default=None)
    return ReviewLine(reviews, changed.isoformat() if changed else None,
                      any(u.reviewed is None for u in parts), any(u.overdue(today) for u in parts))


def status(all_units: dict[str, Unit], today: _dt.date) -> Status:
    vals = list(all_units.values())
    overdue = sum(u.overdue(today) for u in vals)
    missing = sum(u.reviewed is None for u in vals)
    return Status(len(vals) - overdue - missing, overdue, missing)


def overdue_warnings(all_units: dict[str, Unit], today: _dt.date) -> Diagnostics:
    """The build warns (never fails) on each overdue review, at the file and line of its reviewed:."""
    diags = Diagnostics()
    for u in all_units.values():
        if u.overdue(today):
            diags.warning(u.file, u.line, "reviewed",
                          f"{u.label}: granskningen är försenad; nästa granskning skulle ske "
                          f"{u.reviewed.due.isoformat()} (senast granskad {u.reviewed.date.isoformat()} av "
                          f"{u.reviewed.by}). Granska och uppdatera reviewed:")
    return diags


@dataclass(frozen=True)
class EditorRow:
    label: str
    file: str
    line: int
    reviewed: str          # ÅÅÅÅ-MM-DD or ""
    by: str
    due: str
    pages: tuple[tuple[str, str], ...]   # (title, path) of the site pages built from it


def editor_rows(all_units: dict[str, Unit], pages_of: dict[str, list[tuple[str, str]]],
                today: _dt.date) -> tuple[list[EditorRow], list[EditorRow]]:
    """(overdue, missing) rows for the editors' page, each with the pages it affects."""
    overdue, missing = [], []
    for key, u in all_units.items():
        row = EditorRow(u.label, u.file, u.line, u.reviewed.date.isoformat() if u.reviewed else "",
                        u.reviewed.by if u.reviewed else "", u.reviewed.due.isoformat() if u.reviewed else "",
                        tuple(pages_of.get(key, ())))
        if u.reviewed is None:
            missing.append(row)
        elif u.overdue(today):
            overdue.append(row)
    overdue.sort(key=lambda r: (r.due, r.file, r.line))
    missing.sort(key=lambda r: (r.file, r.line))
    return overdue, missing


def editors_context(plan_pages, all_units: dict[str, Unit], today: _dt.date) -> dict:
    """What the editors' page shows: overdue and missing reviews with the pages they affect."""
    pages_of: dict[str, list[tuple[str, str]]] = {}
    for spec in plan_pages:
        for u in page_units(spec.origin, spec.template, spec.context, all_units):
            if spec.origin and spec.origin[0] != "fixed":  # not the pages built from everything
                part = spec.path.split("/", 1)[0] if "/" in spec.path else ""
                pages_of.setdefault(u.key, []).append((f"{spec.title} ({part})" if part else spec.title, spec.path))
    overdue, missing = editor_rows(all_units, pages_of, today)
    return {"overdue": overdue, "missing": missing, "status": status(all_units, today), "today": today.isoformat()}

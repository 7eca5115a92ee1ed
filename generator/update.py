"""`fcguide update`: what a newer guidance changes for one centre's agreement.

The centre's own file is read, never written. Its draft is built twice with the current code:
from the content as it is now, and from the content of the earlier version (versions.checkout
into a temporary folder). The two drafts are compared as data (drafts.Draft), not as text:
clauses by id (a word-level diff of a reworded one), the region's rules by id and field, the
centre's rule checks by rule and field (which now fail, which now pass), the form and levels.

Which earlier version: `--since` (a git commit or a guidance version), else the centre file's
`based_on:`, else the last commit (HEAD): what is not yet committed.
"""
from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import models as m
from .diagnostics import Diagnostics, StageFailed
from .drafts import Draft, DraftSection
from .formatting import join_sv
from .versions import Since, VersionError, checkout, find_since

DEFAULT_SINCE = "HEAD"
STRENGTH = {"ska": "krav (ska)", "bör": "rekommendation (bör)", "referens": "referens"}
RULE_FIELDS = {"strength": "styrka", "status": "status", "field": "fält", "compare": "jämförelse", "value": "värde",
               "unit": "enhet", "checks": "villkor", "when": "gäller när", "levels": "nivåer", "figures": "siffror",
               "outcome": "utfall", "text": "mening", "label": "namn"}


@dataclass
class Report:
    """What changed for one centre, in the order it is printed."""
    centre: str
    since: Since
    header: list[str] = field(default_factory=list)      # guidance version, content revision
    rules: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.header or self.rules or self.checks or self.clauses)

    def lines(self) -> list[str]:
        out = [f"{self.centre}: jämfört med {self.since.label}"]
        if self.empty:
            return out + ["inga ändringar"]
        out += self.header
        for title, items in (("Regler", self.rules), ("Kontroller av familjecentralens fil", self.checks),
                             ("Avtalstext ([-borttaget-] {+tillagt+})", self.clauses)):
            if items:
                out.append(f"{title}:")
                out += [f"  {line}" for line in items]
        return out


# --- word diff -------------------------------------------------------------------------------

def word_diff(old: str, new: str, context: int = 4) -> list[str]:
    """Each passage that changed as one line: removed words in [-…-], added in {+…+}, with a few
    words around; changes closer than twice the context share a line."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out, parts = [], []

    def close(tail: list[str], more: bool) -> None:
        out.append(" ".join(parts + tail + (["…"] if more else [])))
        parts.clear()

    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if parts and (last or len(words) > 2 * context):
                close(words[:context], len(words) > context)
            if not last and (not parts):
                parts.extend((["…"] if len(words) > context else []) + words[-context:])
            elif parts:
                parts.extend(words)
            continue
        parts.append(("[-" + " ".join(a[i1:i2]) + "-]" if i2 > i1 else "") +
                     ("{+" + " ".join(b[j1:j2]) + "+}" if j2 > j1 else ""))
    if parts:
        close([], False)
    return out


# --- comparisons -------------------------------------------------------------------------------

def _sections(d: Draft) -> dict[str, DraftSection]:
    return {s.id: s for s in d.sections + ((d.closing,) if d.closing else ())}


def _name(s: DraftSection) -> str:
    return f"§ {s.number} {s.title}" if s.number else s.title


def _added_removed(before: dict, after: dict, noun: str, name, extra=lambda v: "") -> list[str]:
    """"ny <noun>: <name> (<id>)<extra>" for each id only in `after`, "borttagen …" for each only in `before`."""
    return ([f"ny {noun}: {name(v)} ({k}){extra(v)}" for k, v in after.items() if k not in before]
            + [f"borttagen {noun}: {name(v)} ({k})" for k, v in before.items() if k not in after])


def compare_clauses(old: Draft, new: Draft) -> list[str]:
    before, after = _sections(old), _sections(new)
    out = _added_removed(before, after, "paragraf", _name)
    for sid, s in after.items():
        o = before.get(sid)
        if o is None:
            continue
        if o.title != s.title:
            out.append(f"{_name(s)} ({sid}): rubriken var \"{o.title}\"")
        diff = word_diff(o.text, s.text)
        if diff:
            out.append(f"{_name(s)} ({sid}) har ny lydelse:")
            out += [f"    {line}" for line in diff]
    return out


def _show(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _differences(old, new, path: str = "") -> list[tuple[str, object, object]]:
    """(path, old, new) for each differing leaf; list items with an id are matched by id."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in dict.fromkeys(list(old) + list(new)):
            out += _differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if (isinstance(old, list) and isinstance(new, list) and all(isinstance(v, dict) and v.get("id") for v in old + new)):
        a, b = {v["id"]: v for v in old}, {v["id"]: v for v in new}
        out = []
        for key in dict.fromkeys(list(a) + list(b)):
            out += _differences(a.get(key), b.get(key), f"{path}[{key}]")
        return out
    return [] if old == new else [(path, old, new)]


def _rule_data(rule: m.Rule) -> dict:
    return rule.model_dump(mode="json", include=set(RULE_FIELDS), exclude_none=True)


def compare_rules(old: m.Region, new: m.Region) -> list[str]:
    before, after = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    out = _added_removed(before, after, "regel", lambda r: r.label, lambda r: f", {STRENGTH[r.strength.value]}")
    for rid, r in after.items():
        if rid not in before:
            continue
        changes = []
        for path, a, b in _differences(_rule_data(before[rid]), _rule_data(r)):
            top = path.split(".", 1)[0].split("[", 1)[0]
            label = RULE_FIELDS.get(top, top) + (path[len(top):] if path != top else "")
            if top == "strength":
                a, b = STRENGTH.get(a, a), STRENGTH.get(b, b)
            changes.append(f"{label}: {_show(a)} → {_show(b)}")
        if changes:
            out.append(f"{r.label} ({rid}): " + "; ".join(changes))
    return out


def _findings(d: Draft) -> dict[tuple[str, str], object]:
    return {(f.rule.id, f.field): f for f in d.assessment.findings}


def _where(centre_file: Path, shown: Path, dotted: str) -> str:
    """`file:line: field` of a centre field, or of its nearest parent when the file lacks it."""
    from .yamlio import read_yaml

    parsed = read_yaml(centre_file, Diagnostics())
    if parsed is None:
        return f"{shown}: {dotted}"
    data, positions = parsed
    keys = dotted.split(".")
    have: list[str] = []
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            break
        data = data[key]
        have.append(key)
    line = positions.lookup(tuple(have)) if have else 1
    missing = "" if len(have) == len(keys) else " (saknas i filen; lägg till fältet)"
    return f"{shown}:{line}: {dotted}{missing}"


def _kind(f) -> str:
    if f.strength == m.Strength.bor:
        return "avviker från en rekommendation (bör)"
    return "motiverad avvikelse från ett krav (ska)" if f.justification else "bryter mot ett krav (ska) utan motivering"


def compare_checks(old: Draft, new: Draft, centre_file: Path, shown: Path) -> list[str]:
    before, after = _findings(old), _findings(new)
    out = []
    for key, f in after.items():
        if key not in before:
            out.append(f"{_where(centre_file, shown, f.field)}: underkänns nu: {f.message} – {_kind(f)}, "
                       f"regeln {f.rule.label} ({f.rule.id})")
        elif before[key].message != f.message or before[key].strength != f.strength:
            out.append(f"{_where(centre_file, shown, f.field)}: avvikelsen är ändrad: {f.message} – {_kind(f)} "
                       f"(förut: {before[key].message})")
    for key, f in before.items():
        if key not in after:
            out.append(f"{_where(centre_file, shown, f.field)}: godkänns nu: regeln {f.rule.label} ({f.rule.id}) "
                       f"(förut: {f.message})")
    if old.assessment.form != new.assessment.form:
        out.append(f"verksamhetsform: {old.assessment.form or '–'} → {new.assessment.form or '–'}")
    levels_old = {o.rule.id: o for o in old.assessment.outcomes}
    for o in new.assessment.outcomes:
        prev = levels_old.get(o.rule.id)
        a = prev.level.label if prev and prev.level else "–"
        b = o.level.label if o.level else "–"
        if prev is not None and a != b:
            out.append(f"nivå enligt {o.rule.label} ({o.rule.id}): {a} → {b}")
    return out


def compare(old: Draft, new: Draft, since: Since, centre_file: Path, shown: Path) -> Report:
    report = Report(f"{new.centre.name} ({new.region.id}/{new.centre.id})", since)
    go, gn = old.region.guidance, new.region.guidance
    if (go.title, go.version, go.date) != (gn.title, gn.version, gn.date):
        def v(g):
            return f"{g.title}, version {g.version}" + (f" av {g.date.isoformat()}" if g.date else "")
        report.header.append(f"Vägledning: {v(go)} → {v(gn)}")
    report.rules = compare_rules(old.region, new.region)
    report.checks = compare_checks(old, new, centre_file, shown)
    report.clauses = compare_clauses(old, new)
    if not report.empty and old.revision != new.revision:
        report.header.append(f"Innehållsversion: {old.revision} → {new.revision}")
    return report


# --- the command ----------------------------------------------------------------------------

@dataclass
class Outcome:
    report: Report
    new: object                      # pipeline.DraftResult of the current content


def old_draft(root: Path, centre_file: Path, region_id: str, since: Since):
    """The draft the centre gets from the content of `since`, built by the current code."""
    from .pipeline import make_draft

    with tempfile.TemporaryDirectory(prefix="fcguide-update-") as tmp:
        old_root = checkout(root, since.commit, region_id, Path(tmp) / "projekt")
        try:
            return make_draft(old_root, centre_file, docx=False, failed_checks=True)
        except StageFailed as failed:
            shown = "; ".join(str(d).replace(str(old_root) + "/", "") for d in failed.diagnostics[:3])
            more = f" (och {len(failed.diagnostics) - 3} till)" if len(failed.diagnostics) > 3 else ""
            raise VersionError(f"innehållet i {since.label} kan inte läsas av den här versionen av fcguide "
                               f"tillsammans med familjecentralens fil, så inget kan jämföras: {shown}{more}") from failed


def run(root: Path, centre_file: Path, since: str | None, docx: bool = False) -> Outcome:
    """Compare the centre's draft now with the one from the earlier version. Raises StageFailed
    (the file does not fit the current content: located errors) or VersionError."""
    from .pipeline import make_draft

    centre_file = centre_file.resolve()
    new = make_draft(root, centre_file, docx=docx, failed_checks=True)
    draft = new.draft
    wanted = since or draft.centre.based_on or DEFAULT_SINCE
    try:
        shown = centre_file.relative_to(root.resolve())
    except ValueError:
        shown = centre_file
    try:
        found = find_since(root, draft.region.id, wanted)
    except VersionError as e:
        if since is None and draft.centre.based_on:   # the file's own based_on: say where it is
            raise VersionError(f"{_where(centre_file, shown, 'based_on')}: {e}") from e
        raise
    old = old_draft(root, centre_file, draft.region.id, found)
    return Outcome(compare(old.draft, draft, found, centre_file, shown), new)


def unjustified(draft: Draft) -> str:
    return join_sv([f"{f.rule.label} ({f.rule.id})" for f in draft.unjustified])

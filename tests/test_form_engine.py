"""The browser form's engine (templates/assets/avtal-motor.js, issue 20) against the Python.

The engine interprets the bundle form_bundle.py makes from the same declarations the CLI
uses. For every bundled centre and a table of edge cases, Node runs the engine (one process
for all cases, tests/form_engine_runner.js) and the test compares it with the Python:
the same form, findings, levels and sources as checks.assess_centre, and the same Markdown,
byte for byte, as the draft template renders for `fcguide draft --format md`.
"""
from __future__ import annotations

import copy
import datetime as dt
import gzip
import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import lawref
from generator import rules as rl
from generator.checks import assess_centre
from generator.context import template_filters, template_globals
from generator.drafts import build_draft
from generator.form_bundle import bundle, bundle_json
from generator.pipeline import check_project
from generator.render import make_environment, render
from generator.resolve import ResolvedCentre, resolve_project
from generator.validate import CLAUSE_BLOCKS
from conftest import ROOT, copy_project

RUNNER = ROOT / "tests" / "form_engine_runner.js"
DATE = dt.date(2026, 12, 2)
REVISION = "0123456789"
HASH = "0123abcd4567"  # the centre file's checksum, where the draft names it (issue 18)
DROP = object()   # a variant leaves this key out


def _plain(data):
    """A centre as the browser has it after parsing YAML: dates as "YYYY-MM-DD"."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def centre_data(region: str, name: str) -> dict:
    return _plain(yaml.safe_load((ROOT / "guidance" / region / "centres" / f"{name}.yaml").read_text(encoding="utf-8")))


def variant(base: dict, **changes) -> dict:
    """`base` with dotted keys set (a__b for a.b) or dropped (DROP)."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        *path, last = key.split("__")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        if value is DROP:
            node.pop(last, None)
        else:
            node[last] = value
    return out


def run_engine(bundles: dict, cases: list[dict]) -> list[dict]:
    node = shutil.which("node")
    assert node, "node saknas: installera nodejs (make system-deps)"
    proc = subprocess.run([node, str(RUNNER)], input=json.dumps({"bundles": bundles, "cases": cases}, ensure_ascii=False),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


class Reference:
    """The Python side: a centre dict through the centre model, the checks, the draft and its template."""

    def __init__(self, root: Path):
        checked = check_project(root)
        self.resolved, _ = resolve_project(checked.project)
        self.regions = {rr.id: rr for rr in self.resolved.regions}
        self.env = make_environment([root / "templates"], template_globals(self.resolved, {}), root=root)
        self.env.filters.update(template_filters(self.resolved))

    def bundle(self, region: str) -> dict:
        return bundle(self.regions[region], self.resolved.base.sources, REVISION)

    def run(self, region: str, data: dict) -> tuple[dict, str]:
        rr = self.regions[region]
        centre = rl.centre_model(rr.region).model_validate(data)
        a = assess_centre(centre, rr.region)
        hashed = {"centre_hash": HASH} if "centre_hash" in inspect.signature(build_draft).parameters else {}
        draft, diags = build_draft(ResolvedCentre(centre, a, "formulär"), rr, REVISION, DATE, **hashed)
        assert not diags.errors, diags.errors
        md = render(self.env, "draft/agreement.md.j2", draft=draft, base=self.resolved.base, link=lambda t: t)
        sources = self.resolved.base.sources
        assessment = {
            "form": a.form, "form_reason": a.form_reason,
            "findings": [{"rule": f.rule.id, "field": f.field, "strength": f.strength.value,
                          "strength_label": rl.strength_label(f.rule), "status": f.rule.status,
                          "label": f.rule.label, "message": f.message, "justification": f.justification,
                          "is_error": f.is_error, "sentence": rl.sentence(f.rule, rr.region),
                          "sources": [t + rest for _, t, rest in lawref.groups(f.rule.sources, sources)]}
                         for f in a.findings],
            "outcomes": [{"rule": o.rule.id, "label": o.rule.label, "level": o.level.id if o.level else None,
                          "level_label": o.level.label if o.level else None, "value": o.value, "reason": o.reason}
                         for o in a.outcomes],
        }
        return assessment, md


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference(ROOT)


def bundled_centres() -> list[tuple[str, str, dict]]:
    return [(f"{p.parent.parent.name}-{p.stem}", p.parent.parent.name, centre_data(p.parent.parent.name, p.stem))
            for p in sorted((ROOT / "guidance").glob("*/centres/*.yaml"))]


def edge_cases() -> list[tuple[str, str, dict]]:
    by = centre_data("skane", "exempelby")
    hamn = centre_data("skane", "exempelhamn")
    as_ = centre_data("jonkoping", "exempelas")
    dal = centre_data("jonkoping", "exempeldal")
    garden = centre_data("stockholm", "exempelgarden")
    parken = centre_data("stockholm", "exempelparken")
    bare = {k: v for k, v in by.items() if k not in {"extension", "definitions", "steering", "competence", "development",
                                                      "annual_report", "economy", "premises", "personal_data", "breach",
                                                      "disputes", "attachments"}}
    units = [dict(p, board=None) for p in by["parties"]]
    return [
        # ska: departure without and with justification; bör: a note, with and without its own justification
        ("skane-ska-utan-motivering", "skane", variant(by, opening_hours_per_week=12.5)),
        ("skane-ska-med-motivering", "skane", variant(by, opening_hours_per_week=14.9999, deviations=[
            {"rule": "skane-oppettider", "justification": "Lokalerna byggs om | tre förmiddagar i veckan {tillfälligt}."}])),
        ("skane-bor-finansiering", "skane", variant(by, coordinator__funding="annan", coordinator__funding_note="regionen betalar 60 %")),
        ("skane-bor-motiverad", "skane", variant(by, coordinator__funding="annan", deviations=[
            {"rule": "skane-samordnare-finansiering", "justification": "Kommunen betalar hela tjänsten."}])),
        ("jonkoping-bor-och-ska", "jonkoping", variant(as_, coordinator__share_percent=22.5, coordinator__appointed_years=3,
                                                       coordinator__written_appointment=False, target_min_age=1, target_max_age=5)),
        # absent parts: summer, coordinator, appointed years, every agreement section
        ("skane-utan-sommar", "skane", variant(by, summer=DROP)),
        ("skane-sommar-bryter", "skane", variant(by, summer={"weeks": 10, "half_days_per_week": 0.5, "months": [5, 6, 9]})),
        ("skane-sommar-noll-veckor", "skane", variant(by, summer={"weeks": 0, "half_days_per_week": 0})),
        ("skane-utan-samordnare", "skane", variant(by, coordinator=DROP)),
        ("jonkoping-utan-samordnare", "jonkoping", variant(as_, coordinator=DROP)),
        ("jonkoping-utan-forordnandetid", "jonkoping", variant(dal, coordinator__appointed_years=DROP)),
        ("skane-inga-avtalsdelar", "skane", variant(bare, parties=units, example=False, contact_email=DROP)),
        ("skane-delvis-avtalsdelar", "skane", variant(
            bare, steering={"chair": "kommun-bou", "meetings_per_year": 1}, economy={"invoicing": {"by": "vc-bvc"}},
            premises={"tenant": "kommun-soc", "sublet": False}, extension={"how": "automatisk", "max_months": 24},
            breach={"cure_days": 45}, disputes={"court": "skiljeförfarande"}, competence={"cost": "gemensam"},
            annual_report={"dialogue": False, "month": 2}, definitions={"own": [{"term": "hus", "definition": "lokalen"}]})),
        ("skane-egna-val", "skane", variant(
            by, extension={"max_months": 0}, steering={"decisions": "majoritet", "chair": "roterande"},
            economy={"costs": [{"item": "lokaler", "split": "en_part", "party": "kommun-bou", "amount_sek": 1500, "note": "hyran"},
                               {"item": "material", "split": "annan", "amount_sek": 1234567}],
                     "indexation": "annan", "indexation_note": "med 2 procent",
                     "invoicing": {"interval": "kvartal", "in_arrears": False}},
            personal_data={"records": [{"what": "Listor", "controller": "vc-bvc"}]},
            attachments=[{"title": "Avtal om lokaler", "note": "tecknas senare"}], development=[])),
        # Stockholm at each compensation level, and at none
        ("stockholm-niva-alla-fyra", "stockholm", garden),
        ("stockholm-niva-tre-bmm", "stockholm", variant(garden, colocated=["barnhalsovard", "oppen_forskola", "modrahalsovard"])),
        ("stockholm-niva-tre-socialtjanst", "stockholm", parken),
        ("stockholm-niva-gemensamma-lokaler", "stockholm", variant(parken, colocated=["barnhalsovard"], shared_premises=True)),
        ("stockholm-ingen-niva", "stockholm", variant(parken, colocated=["oppen_forskola"], shared_premises=False)),
        ("stockholm-inga-samlokaliserade", "stockholm", variant(garden, colocated=[])),
        # Skåne's form from its rule: familjecentralsliknande, and neither
        ("skane-familjecentralsliknande", "skane", hamn),
        ("skane-varken-eller", "skane", variant(by, colocated=["modrahalsovard", "oppen_forskola"])),
        # dates: a leap day, one year and four years on; a plain date at a year's end
        ("skane-skottdag-1-ar", "skane", variant(by, dates={"start": "2024-02-29", "duration_years": 1, "review_month": 2})),
        ("skane-skottdag-4-ar", "skane", variant(by, dates={"start": "2024-02-29", "duration_years": 4, "review_month": 12,
                                                             "notice_months": 0})),
        ("jonkoping-nyar", "jonkoping", variant(as_, dates={"start": "2025-01-01", "duration_years": 20, "review_month": 1})),
        # organisations with several units: one party however the name or number is written
        ("skane-flera-enheter", "skane", variant(by, parties=[
            variant(by["parties"][0], org_number="2321000255"),
            variant(by["parties"][0], id="region-bvc", operators=["barnhalsovard"], unit="BVC", org_number=DROP, board=DROP),
            variant(by["parties"][2], organisation="höörs  kommun", org_number="16212000-9911"),
            variant(by["parties"][3], board=DROP),
            {"id": "kommun-2", "organisation": "Höörs kommun", "huvudman": "kommun", "unit": "Familjestöd",
             "operators": ["oppen_forskola", "forebyggande_socialtjanst"], "signatory_title": "Socialchef"},
        ], steering_group=[{"role": "Chef | BVC", "party": "region-bvc"}], local_goals=[])),
        ("skane-udda-text", "skane", variant(by, name="Familjecentralen {Test} | Ett", address="Väg 1 | Hus 2",
                                               opening_hours_per_week=1, kommun="Ö-kommun")),
        ("jonkoping-decimaler", "jonkoping", variant(dal, opening_hours_per_week=0.25, coordinator__share_percent=100)),
    ]


def random_cases(n: int = 60, seed: int = 20) -> list[tuple[str, str, dict]]:
    """Seeded random variants of the bundled centres, within what the centre model allows."""
    import random

    rnd = random.Random(seed)
    bases = bundled_centres()
    rule_ids = {region: [r["id"] for r in rules] for region, rules in _region_rules().items()}
    ops = ["modrahalsovard", "barnhalsovard", "oppen_forskola", "forebyggande_socialtjanst"]
    sections = ["extension", "definitions", "steering", "competence", "development", "annual_report", "economy",
                "premises", "personal_data", "breach", "disputes", "attachments"]
    out = []
    for i in range(n):
        name, region, base = rnd.choice(bases)
        c = copy.deepcopy(base)
        c["opening_hours_per_week"] = rnd.choice([0, 1, 12, 14.5, 14.9999, 15, 15.25, 40, 168])
        c["colocated"] = rnd.sample(ops, rnd.randint(0, 4))
        c["shared_premises"] = rnd.random() < 0.5
        if rnd.random() < 0.3:
            c.pop("summer", None)
        else:
            c["summer"] = {"weeks": rnd.randint(0, 12), "half_days_per_week": rnd.choice([0, 0.5, 1, 2]),
                           "months": sorted(rnd.sample(range(1, 13), rnd.randint(0, 4)))}
        if rnd.random() < 0.25:
            c.pop("coordinator", None)
        else:
            co = {"profession": "Socionom", "share_percent": rnd.choice([5, 15, 15.5, 20, 100]),
                  "written_appointment": rnd.random() < 0.6, "funding": rnd.choice(["lika_delar", "annan"])}
            if rnd.random() < 0.7:
                co["appointed_years"] = rnd.randint(0, 6)
            if co["funding"] == "annan" and rnd.random() < 0.5:
                co["funding_note"] = "enligt budget"
            c["coordinator"] = co
        c["target_min_age"], c["target_max_age"] = rnd.randint(0, 2), rnd.randint(4, 7)
        if rnd.random() < 0.3:
            c.pop("parent_groups", None)
        else:
            c["parent_groups"] = {"before_birth": rnd.random() < 0.7, "after_birth": rnd.random() < 0.7}
        c["deviations"] = [{"rule": r, "justification": f"Skäl {k}."}
                           for k, r in enumerate(rnd.sample(rule_ids[region], min(len(rule_ids[region]), rnd.randint(0, 2))))]
        c["dates"] = {"start": rnd.choice(["2024-02-29", "2025-01-01", "2025-12-31", "2026-06-15"]),
                      "duration_years": rnd.randint(1, 5), "review_month": rnd.randint(1, 12),
                      "notice_months": rnd.randint(0, 12)}
        for sec in sections:
            if rnd.random() < 0.3:
                c.pop(sec, None)
        c["parties"] = [{k: v for k, v in p.items() if not (k in ("org_number", "board") and rnd.random() < 0.3)}
                        for p in c["parties"]]
        out.append((f"slump-{i}-{name}", region, c))
    return out


def _region_rules() -> dict:
    return {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8")).get("rules", [])
            for p in sorted((ROOT / "guidance").glob("*/region.yaml"))}


def cases():
    return bundled_centres() + edge_cases() + random_cases()


@pytest.fixture(scope="module")
def results(ref):
    all_cases = cases()
    regions = sorted({region for _, region, _ in all_cases})
    bundles = {r: ref.bundle(r) for r in regions}
    out = run_engine(bundles, [{"region": region, "centre": data, "date": DATE.isoformat(), "centreHash": HASH} for _, region, data in all_cases])
    return {name: got for (name, _, _), got in zip(all_cases, out)}


@pytest.mark.parametrize("name,region,data", cases(), ids=[c[0] for c in cases()])
def test_engine_matches_python(ref, results, name, region, data):
    got = results[name]
    for part in ("assessment", "markdown"):
        assert not (isinstance(got[part], dict) and "error" in got[part]), got[part]["error"]
    assessment, markdown = ref.run(region, data)
    assert got["assessment"] == assessment
    assert got["markdown"] == markdown, _diff(markdown, got["markdown"])


def _diff(python: str, engine: str) -> str:
    """Where the engine's draft departs from the Python's: fix avtal-motor.js (docs-dev/form-engine.md)."""
    import difflib

    lines = difflib.unified_diff(python.splitlines(True), engine.splitlines(True), "Python", "avtal-motor.js", n=2)
    return "".join(list(lines)[:60])


def test_edge_cases_cover_what_they_promise(ref):
    """The table reaches what it is for: an unjustified ska, a justified ska, a bör note, every
    Stockholm level and none, Skåne's partial form and no form."""
    seen = {name: ref.run(region, data)[0] for name, region, data in edge_cases()}
    assert any(f["is_error"] for f in seen["skane-ska-utan-motivering"]["findings"])
    assert [f["is_error"] for f in seen["skane-ska-med-motivering"]["findings"]] == [False]
    assert [f["strength"] for f in seen["skane-bor-finansiering"]["findings"]] == ["bör"]
    levels = [seen[n]["outcomes"][0]["level"] for n in ("stockholm-niva-alla-fyra", "stockholm-niva-tre-bmm",
                                                         "stockholm-niva-tre-socialtjanst", "stockholm-niva-gemensamma-lokaler",
                                                         "stockholm-ingen-niva")]
    assert levels == ["sthlm-niva-alla-fyra", "sthlm-niva-tre-bmm", "sthlm-niva-tre-socialtjanst",
                      "sthlm-niva-gemensamma-lokaler", None]
    assert seen["skane-familjecentralsliknande"]["form"] == "familjecentralsliknande verksamhet"
    assert seen["skane-varken-eller"]["form"] is None
    assert len(seen["skane-sommar-bryter"]["findings"]) == 3


def test_engine_follows_a_changed_rule(tmp_path):
    """No rule lives in the engine: a rule's value and departure message changed in a copy of
    region.yaml change the Python checks and the engine's alike."""
    root = copy_project(tmp_path / "p", ["skane"])
    region_file = root / "guidance" / "skane" / "region.yaml"
    text = region_file.read_text(encoding="utf-8")
    before = "    value: 15\n"
    assert text.count(before) >= 1
    message = "    departure: gemensamma öppettider {actual} är färre än regelns minst {value}\n"
    assert message in text
    text = text.replace(before, "    value: 20\n", 1).replace(message, "    departure: bara {actual}, inte {value}\n")
    region_file.write_text(text, encoding="utf-8")
    changed = Reference(root)
    data = centre_data("skane", "exempelby")   # 18 hours a week: meets 15, not 20
    assessment, markdown = changed.run("skane", data)
    assert [f["rule"] for f in assessment["findings"]] == ["skane-oppettider"]
    got = run_engine({"skane": changed.bundle("skane")}, [{"region": "skane", "centre": data, "date": DATE.isoformat(), "centreHash": HASH}])[0]
    assert got["assessment"] == assessment
    assert got["markdown"] == markdown
    assert "minst 20" in got["markdown"].replace("\u00a0", " ")
    assert got["assessment"]["findings"][0]["message"].replace("\u00a0", " ") == "bara 18 timmar i veckan, inte 20 timmar i veckan"


def test_centre_hash_is_sha256_of_the_utf8_bytes():
    """Both ways the engine hashes: Web Crypto (centreHash, where the page has it) and its own
    SHA-256 (a page on plain http has no crypto.subtle), on short, block-edge and long texts."""
    import hashlib

    texts = ["", "id: åäö\nname: Familjecentralen\n", "x" * 55, "x" * 56, "x" * 64, "ö" * 700]
    script = (f"const E = require({json.dumps(str(ROOT / 'templates' / 'assets' / 'avtal-motor.js'))});"
              f"const texts = {json.dumps(texts)};"
              "Promise.all(texts.map(t => E.centreHash(t))).then(hashes => process.stdout.write(JSON.stringify("
              "{hashes, own: texts.map(t => E.sha256Hex(new TextEncoder().encode(t)))})));")
    out = subprocess.run([shutil.which("node") or "node", "-e", script], capture_output=True, text=True, timeout=60)
    got = json.loads(out.stdout)
    want = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
    assert got["own"] == want
    assert got["hashes"] == [w[:12] for w in want]


def test_bundle_is_deterministic_and_small(ref):
    for rr in ref.resolved.regions:
        one = bundle_json(rr, ref.resolved.base.sources, REVISION)
        assert one == bundle_json(rr, ref.resolved.base.sources, REVISION)
        assert len(gzip.compress(one.encode("utf-8"))) < 40_000, rr.id


def test_built_site_has_the_engine_and_each_regions_bundle(built_site):
    """The site publishes avtal/<region>.json with the revision its own drafts name, and the engine."""
    assert (built_site / "assets" / "avtal-motor.js").is_file()
    for region in sorted(p.name for p in (ROOT / "guidance").iterdir() if (p / "region.yaml").is_file()):
        data = json.loads((built_site / "avtal" / f"{region}.json").read_text(encoding="utf-8"))
        assert data["region"]["id"] == region
        centre = next((ROOT / "guidance" / region / "centres").glob("*.yaml")).stem
        page = (built_site / region / "avtal" / centre / "index.html").read_text(encoding="utf-8")
        assert f"innehållsversion {data['revision']}" in page


def test_assess_takes_a_centre_being_filled_in(ref):
    """While the form is being filled in, the checks run on what is there: a missing field is the
    rule's own "missing" message, as the CLI says it for a centre file without the field."""
    got = run_engine({"skane": ref.bundle("skane")}, [{"region": "skane", "centre": {}, "date": DATE.isoformat()},
                                                      {"region": "skane", "centre": {"colocated": ["barnhalsovard"]},
                                                       "date": DATE.isoformat()}])
    empty, partial = (g["assessment"] for g in got)   # draftMarkdown cannot run on these; assess can
    assert "skane-oppettider" in {f["rule"] for f in empty["findings"]}
    message = next(f["message"] for f in empty["findings"] if f["rule"] == "skane-oppettider")
    assert "opening_hours_per_week" in message
    assert partial["form"] is None and "saknas" in partial["form_reason"]


@pytest.mark.parametrize("region", ["skane", "jonkoping", "stockholm"])
def test_engine_matches_fcguide_draft(ref, region):
    """End to end: the engine's Markdown is what `fcguide draft --format md` writes for the same
    centre file (pipeline.make_draft, with its own content revision and date)."""
    from generator.pipeline import build_date, content_revision, make_draft

    path = sorted((ROOT / "guidance" / region / "centres").glob("*.yaml"))[-1]
    cli = make_draft(ROOT, path)
    data = bundle(ref.regions[region], ref.resolved.base.sources, content_revision(ROOT, [region]))
    centre = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    got = run_engine({region: data}, [{"region": region, "centre": centre, "date": build_date(ROOT).isoformat(),
                                       "centreHash": getattr(cli.draft, "centre_hash", "")}])[0]
    assert got["markdown"] == cli.markdown


DECLARED = """\
centre_fields:
  - name: oppen_forskola_dagar
    type: heltal
    unit: [dag i veckan, dagar i veckan]
    question: Hur många dagar i veckan har öppna förskolan öppet?
    min: 0
    max: 7
  - name: sprak
    type: flerval
    options: [svenska, arabiska, somaliska]
    question: På vilka språk tar familjecentralen emot besökare?
  - name: mottagning
    type: verksamheter
    question: Vilka verksamheter har mottagning i de gemensamma lokalerna?
  - name: stangt
    type: månader
    question: Vilka månader är familjecentralen stängd?
rules:
  - id: skane-test-dagar
    label: Öppna förskolans dagar
    topic: mission
    strength: bör
    field: oppen_forskola_dagar
    compare: minst
    value: 4
    text: Öppna förskolan {verb} ha öppet minst {value}.
    sources: [{source: skane-2024, section: "Test"}]
  - id: skane-test-sprak
    label: Språk
    topic: mission
    strength: ska
    field: sprak
    compare: innehåller_alla
    value: [svenska, arabiska]
    text: Familjecentralen {verb} ta emot besökare på {value}.
    sources: [{source: skane-2024, section: "Test"}]
  - id: skane-test-mottagning
    label: Mottagning
    topic: mission
    strength: ska
    field: mottagning
    compare: innehåller_alla
    value: [barnhalsovard, modrahalsovard]
    text: Mottagningen {verb} omfatta {value}.
    sources: [{source: skane-2024, section: "Test"}]
  - id: skane-test-stangt
    label: Stängt
    topic: mission
    strength: bör
    field: stangt
    compare: en_av
    value: [7]
    text: Familjecentralen {verb} vara stängd högst i {value}.
    sources: [{source: skane-2024, section: "Test"}]
"""


def test_engine_reads_the_regions_own_fields(tmp_path):
    """A region's own centre fields and rules over them (centre_fields): number with a unit,
    multiple choice, operators and months, shown and checked alike by the engine and the Python."""
    root = copy_project(tmp_path / "p", ["skane"])
    region_file = root / "guidance" / "skane" / "region.yaml"
    text = region_file.read_text(encoding="utf-8")
    fields, rules = DECLARED.split("rules:\n")
    region_file.write_text(text.replace("rules:\n", fields + "rules:\n" + rules, 1), encoding="utf-8")
    declared = Reference(root)
    base = centre_data("skane", "exempelby")
    variants = [variant(base, oppen_forskola_dagar=1, sprak=["somaliska"], mottagning=["oppen_forskola"], stangt=[7, 8]),
                variant(base, oppen_forskola_dagar=5, sprak=["svenska", "arabiska"], mottagning=list(reversed(base["colocated"])),
                        stangt=[]),
                base]
    got = run_engine({"skane": declared.bundle("skane")},
                     [{"region": "skane", "centre": v, "date": DATE.isoformat(), "centreHash": HASH} for v in variants])
    for v, g in zip(variants, got):
        assessment, markdown = declared.run("skane", v)
        assert g["assessment"] == assessment
        assert g["markdown"] == markdown
    first = {f["rule"] for f in got[0]["assessment"]["findings"]}
    assert {"skane-test-dagar", "skane-test-sprak", "skane-test-mottagning", "skane-test-stangt"} <= first


def test_engine_runs_in_chromium(ref, browser):
    """The same engine as a browser script (window.FCAvtal), with nothing but the page: the
    Stockholm example's level, findings and draft equal the Python's, and the checksum is the
    same with Web Crypto and without it (a page on plain http)."""
    data = centre_data("stockholm", "exempelparken")
    assessment, markdown = ref.run("stockholm", data)
    text = (ROOT / "guidance" / "stockholm" / "centres" / "exempelparken.yaml").read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>motor</title>")
        page.add_script_tag(content=(ROOT / "templates" / "assets" / "avtal-motor.js").read_text(encoding="utf-8"))
        got = page.evaluate("""async ([b, c, date, hash, text]) => {
            const out = {assessment: FCAvtal.assess(b, c), markdown: FCAvtal.draftMarkdown(b, c, {date, centreHash: hash}),
                         subtle: await FCAvtal.centreHash(text)};
            Object.defineProperty(window, "crypto", {value: {}, configurable: true});   // as on plain http
            out.own = await FCAvtal.centreHash(text);
            return out;
        }""", [ref.bundle("stockholm"), data, DATE.isoformat(), HASH, text])
    finally:
        page.close()
    assert got["assessment"] == assessment
    assert got["assessment"]["outcomes"][0]["level"] == "sthlm-niva-tre-socialtjanst"
    assert got["markdown"] == markdown
    import hashlib
    assert got["subtle"] == got["own"] == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def test_engine_holds_no_content(ref):
    """The engine names no region, rule, level, clause or term, and copies no wording of the
    tables it reads from the bundle: those reach it only as data."""
    source = (ROOT / "templates" / "assets" / "avtal-motor.js").read_text(encoding="utf-8")
    ids = set()
    for rr in ref.resolved.regions:
        ids |= {rr.id} | {r.id for r in rr.region.rules} | {lv.id for r in rr.region.rules for lv in r.levels}
        ids |= {c.id for c in rr.clauses} | {t.id for t in rr.terms}
    assert not sorted(i for i in ids if re.search(rf"[\"'.]{re.escape(i)}[\"'.]", source))
    wordings = [w for table in ref.bundle("skane")["text"].values() if isinstance(table, dict)
                for w in table.values() if isinstance(w, str) and len(w) > 20]
    assert len(wordings) > 50
    assert not [w for w in wordings if w in source]


JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _js_strings(source: str) -> list[tuple[int, str]]:
    """The string literals of a JavaScript source with their lines: comments and regular
    expressions skipped (a `/` after an operator, a bracket or a keyword starts a regex)."""
    out, i, n, prev = [], 0, len(source), ""
    while i < n:
        ch = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif ch in "\"'`":
            j = i + 1
            while source[j] != ch:
                j += 2 if source[j] == "\\" else 1
            text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), source[i + 1:j])
            out.append((source.count("\n", 0, i) + 1, re.sub(r"\\(.)", lambda m: JS_ESCAPES.get(m.group(1), m.group(1)), text)))
            i, prev = j + 1, "x"
        elif ch == "/" and prev in "(,=:[!&|?{};+-*%<>~^":
            j, in_class = i + 1, False
            while in_class or source[j] != "/":
                j += 1 if source[j] != "\\" else 2
                in_class = (in_class or source[j - 1] == "[") and source[j - 1] != "]"
            i, prev = j + 1, "x"
        elif ch.isalnum() or ch in "_$":
            word = re.match(r"[\w$]+", source[i:]).group(0)
            prev = "" if word in ("return", "typeof", "case", "in", "of", "else") else "x"
            i += len(word)
        else:
            prev = prev if ch.isspace() else ch
            i += 1
    return out


def _declared_identifiers(ref) -> set[str]:
    """What the engine may name as data: the models' field names, enum and Literal values, the
    clause blocks and the bundle's keys (every identifier the data it reads can hold)."""
    import enum
    import typing

    from pydantic import BaseModel

    from generator import agreement_model, models

    out: set[str] = set()

    def literals(annotation):
        if typing.get_origin(annotation) is typing.Literal:
            out.update(a for a in typing.get_args(annotation) if isinstance(a, str))
        for arg in typing.get_args(annotation):
            literals(arg)

    for module in (models, agreement_model):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum):
                out.update(str(e.value) for e in obj)
            elif isinstance(obj, type) and issubclass(obj, BaseModel):
                for name, info in obj.model_fields.items():
                    out.add(name)
                    literals(info.annotation)

    def keys(data):
        if isinstance(data, dict):
            out.update(data)
            for v in data.values():
                keys(v)
        elif isinstance(data, list):
            for v in data:
                keys(v)

    keys(ref.bundle("skane"))
    return out | CLAUSE_BLOCKS


# The language's own names the engine uses as strings (typeof, the strict-mode directive).
JS_NAMES = {"use strict", "boolean", "object", "string", "number", "undefined"}
# The engine's own states of a condition (rules.py's _MISSING and ok/fail): never written out.
STATES = {"ok", "fail", "missing"}


def swedish_literals(source: str, declared: set[str]) -> list[tuple[int, str]]:
    """String literals that are text rather than structure: with å, ä or ö, or a word of four
    letters or more, once Markdown structure (anchors and classes `{ #id .class }`, admonition
    types `!!! note`) is left out.
    A single identifier is data when the models or the bundle declare it (a field, an enum or
    Literal value, a table key), or is a placeholder name or key prefix ("centre.name", "index_")."""
    found = []
    for line, text in _js_strings(source):
        if text in JS_NAMES or text in STATES:
            continue
        if text in declared or re.fullmatch(r"[a-z]+(_[a-z]+)*[._:]([a-z0-9_.-]*)", text):
            continue   # a declared identifier, or a placeholder name or a key's prefix
        stripped = re.sub(r"[#.][\w-]+|!!! \w+", " ", text)   # anchors, classes, admonition types
        if re.search(r"[åäöÅÄÖ]", stripped) or re.search(r"[A-Za-z]{4,}", stripped):
            found.append((line, text))
    return found


ENGINE = ROOT / "templates" / "assets" / "avtal-motor.js"


def test_engine_has_no_swedish_text(ref):
    """Every text of the draft is declared once in Python (drafts.LAYOUT, COLUMNS, TEXT,
    agreement_parts.TEXT, formatting.WORDS, …) and reaches the engine through the bundle: no
    string literal of avtal-motor.js is Swedish text, only Markdown structure and identifiers."""
    declared = _declared_identifiers(ref)
    assert swedish_literals(ENGINE.read_text(encoding="utf-8"), declared) == []
    # The scan finds what it is for: text written into the engine, a heading or a table header.
    for written in ['out += "## Noteringar { #noteringar }\\n";', "var h = '| Roll | Part |\\n|---|---|\\n';",
                    'return x ? "inga" : "";', 'var s = "\\u00e5rlig";', "f(/['\"]/g, 'Bilaga ');"]:
        assert swedish_literals(written, declared), written

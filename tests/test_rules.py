"""Rules as data (issue 16): a region declared only in YAML states, compares and checks its
own rules over its own centre field, without any Python change."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from conftest import ROOT, copy_project, run_fcguide
from generator import models as m
from generator import rules as rl
from generator.formatting import count_sv, number_sv, quantity_sv

# An example region as a region would write it: one own centre field, a ska and a bör rule over it.
REGION = """\
id: exempellan
name: Exempellän
lan: Exempels län
example: true
organisations: [Region Exempellän]
guidance:
  id: exl-vagledning
  title: Vägledning för familjecentraler i Exempellän
  year: 2026
  version: "1.0"
  sources:
    - {source: ffff-workshop-2020, section: "Familjecentralens syfte"}
counts:
  id: exl-antal
  centres: 1
  as_of: "2026"
  sources:
    - {source: ffff-workshop-2020, section: "Familjecentralens syfte"}
summary: Ett påhittat län som visar hur en region skriver egna regler.

centre_fields:
  - name: oppen_forskola_dagar
    type: heltal
    unit: [dag i veckan, dagar i veckan]
    question: Hur många dagar i veckan har den öppna förskolan öppet?
    min: 0
    max: 7

rules:
  - id: exl-oppen-forskola-minst
    label: Öppna förskolans öppetdagar
    topic: mission
    strength: ska
    field: oppen_forskola_dagar
    compare: minst
    value: 3
    text: Den öppna förskolan {verb} ha öppet minst {value}.
    departure: den öppna förskolan har öppet {actual}, men regionen kräver minst {value}
    sources:
      - {source: ffff-workshop-2020, section: "Exempel: öppen förskola minst tre dagar"}

  - id: exl-oppen-forskola-alla-dagar
    label: Öppen förskola varje vardag
    topic: mission
    strength: bör
    field: oppen_forskola_dagar
    compare: minst
    value: 5
    text: Den öppna förskolan {verb} ha öppet alla vardagar, det vill säga {value}.
    departure: den öppna förskolan har öppet {actual}, regionen rekommenderar {value}
    sources:
      - {source: ffff-workshop-2020, section: "Exempel: öppen förskola varje vardag"}
"""


def _add_region(project: Path, days: int | None = 4, region_text: str = REGION) -> Path:
    """The example region, with one centre made from a bundled example centre."""
    folder = project / "guidance" / "exempellan"
    (folder / "centres").mkdir(parents=True)
    (folder / "region.yaml").write_text(region_text, encoding="utf-8")
    centre = (project / "guidance" / "jonkoping" / "centres" / "exempelas.yaml").read_text(encoding="utf-8")
    centre = re.sub(r"(?m)^region: .*\n", "", centre).replace("id: exempelas", "id: exempelgard")
    if days is not None:
        centre += f"oppen_forskola_dagar: {days}\n"
    path = folder / "centres" / "exempelgard.yaml"
    path.write_text(centre, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("regler")
    project = copy_project(base / "proj", ["jonkoping"])
    _add_region(project)
    out = base / "site"
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(out))
    assert res.code == 0, res.err
    return out


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw))


def test_yaml_only_region_states_its_rules_with_sources(site):
    page = _text(site / "exempellan" / "uppdraget" / "index.html")
    assert "Den öppna förskolan ska ha öppet minst 3 dagar i veckan." in page
    assert "Den öppna förskolan bör ha öppet alla vardagar, det vill säga 5 dagar i veckan." in page
    assert "Krav (ska)" in page and "Rekommendation (bör)" in page
    assert "Exempel: öppen förskola minst tre dagar" in page and "Exempel: öppen förskola varje vardag" in page
    index = _text(site / "exempellan" / "index.html")
    assert "1 krav, 1 rekommendation, 0 referensvärden" in index


def test_comparison_page_has_a_row_per_rule(site):
    page = (site / "jamfor-regionerna" / "index.html").read_text(encoding="utf-8")
    rows = {re.sub(r"<[^>]+>", "", r.split("</td>")[0]).strip(): r for r in re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.S)}
    for label, owner in (("Öppna förskolans öppetdagar", "Exempellän"), ("Öppen förskola varje vardag", "Exempellän"),
                         ("Samordnarens andel av heltid", "Jönköpings län")):
        row = next(v for k, v in rows.items() if k.startswith(label))
        assert f"bara i {owner}" in row  # only one of the two regions has the rule
    ska = next(v for k, v in rows.items() if k.startswith("Öppna förskolans öppetdagar"))
    assert "minst 3" in _text_of(ska) and "–" in _text_of(ska)


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_rules_json_for_the_browser_form(site):
    data = json.loads((site / "regler" / "exempellan.json").read_text(encoding="utf-8"))
    field = next(f for f in data["fields"] if f["path"] == "oppen_forskola_dagar")
    assert field["declared"] and field["type"] == "heltal" and field["question"].startswith("Hur många dagar")
    ska = next(r for r in data["rules"] if r["strength"] == "ska")
    assert ska["field"] == "oppen_forskola_dagar" and ska["compare"] == "minst" and ska["value"] == 3
    assert ska["sentence"] == "Den öppna förskolan ska ha öppet minst 3\u00a0dagar i veckan."
    assert ska["values"] == {"verb": "ska", "value": "3\u00a0dagar i veckan"}
    jk = json.loads((site / "regler" / "jonkoping.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in jk["fields"]} >= {"coordinator.share_percent", "colocated"}


def test_draft_refuses_unjustified_ska_departure_and_notes_bor(tmp_path):
    project = copy_project(tmp_path / "proj", ["jonkoping"])
    centre = _add_region(project, days=4)
    out = tmp_path / "utkast"
    res = run_fcguide("--root", str(project), "draft", str(centre), "--out", str(out), "--format", "md")
    assert res.code == 0, res.err
    assert "varning" in res.err and "exl-oppen-forskola-alla-dagar" in res.err
    md = (out / "exempelgard.md").read_text(encoding="utf-8")
    assert "Noteringar" in md and "den öppna förskolan har öppet 4\u00a0dagar i veckan, regionen rekommenderar 5" in md

    text = centre.read_text(encoding="utf-8").replace("oppen_forskola_dagar: 4", "oppen_forskola_dagar: 2")
    centre.write_text(text, encoding="utf-8")
    out2 = tmp_path / "utkast2"
    res = run_fcguide("--root", str(project), "draft", str(centre), "--out", str(out2))
    assert res.code == 2
    line = text.splitlines().index("oppen_forskola_dagar: 2") + 1
    located = [l for l in res.err.splitlines() if l.startswith(f"guidance/exempellan/centres/exempelgard.yaml:{line}: oppen_forskola_dagar:")]
    assert located and "exl-oppen-forskola-minst" in located[0] and "minst 3" in located[0].replace("\u00a0", " ")
    assert not out2.exists() or not list(out2.iterdir())


def test_centre_without_the_declared_field_departs():
    from generator.checks import assess_centre

    region = m.Region.model_validate(yaml.safe_load(REGION))
    data = yaml.safe_load((ROOT / "guidance" / "jonkoping" / "centres" / "exempelas.yaml").read_text(encoding="utf-8"))
    data.pop("region", None)
    model = rl.centre_model(region)
    missing = assess_centre(model.model_validate(data), region).findings
    assert [f.rule.id for f in missing] == ["exl-oppen-forskola-minst", "exl-oppen-forskola-alla-dagar"]
    assert missing[0].is_error and "familjecentralens fil anger inte oppen_forskola_dagar" in missing[0].message
    ok = assess_centre(model.model_validate({**data, "oppen_forskola_dagar": 5}), region)
    assert not ok.findings
    with pytest.raises(ValidationError):  # the declared range (max: 7) is the field's own
        model.model_validate({**data, "oppen_forskola_dagar": 8})


# Each case breaks the example region; every break is reported at its own file:line:field in one run.
BROKEN = {
    "rule-values": [
        ("    value: 3\n", "    value: tre\n", "rules[0].value", "jämförelsen minst behöver ett tal som värde"),
        ("    field: oppen_forskola_dagar\n    compare: minst\n    value: 5",
         "    field: oppen_forskola_dagarna\n    compare: minst\n    value: 5", "rules[1].field",
         "\"oppen_forskola_dagarna\" är inget fält"),
    ],
    "field-type": [
        ("    type: heltal\n", "    type: tal_med_enhet\n", "centre_fields[0].type", "är inte ett tillåtet värde"),
    ],
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_rule_is_a_located_swedish_error(tmp_path, case):
    project = copy_project(tmp_path / "proj", ["jonkoping"])
    text = REGION
    for broken, anchor, _, _ in BROKEN[case]:
        assert broken in text
        text = text.replace(broken, anchor, 1)
    _add_region(project, region_text=text)
    res = run_fcguide("--root", str(project), "check")
    assert res.code == 2, res.err
    for _, anchor, field, fragment in BROKEN[case]:
        line = text[: text.index(anchor.strip())].count("\n") + 1
        where = f"guidance/exempellan/region.yaml:{line}: {field}:"
        assert any(err.startswith(where) and fragment in err for err in res.err.splitlines()), res.err


def test_centre_schema_of_a_region_has_its_own_field():
    from generator.export_schema import schema_texts

    region = m.Region.model_validate(yaml.safe_load(REGION))
    schema = json.loads(schema_texts([region])["centre-exempellan.schema.json"])
    prop = schema["properties"]["oppen_forskola_dagar"]
    assert prop["description"].startswith("Hur många dagar")
    assert "centre-jonkoping.schema.json" not in schema_texts([m.Region.model_validate(
        {**yaml.safe_load(REGION), "id": "jonkoping", "centre_fields": []})])


def test_new_centre_file_asks_the_region_question():
    from generator.scaffold import centre_file
    import datetime as dt

    region = m.Region.model_validate(yaml.safe_load(REGION))
    _, text = centre_file(region, "Familjecentralen Test", dt.date(2026, 1, 1))
    assert "# Hur många dagar i veckan har den öppna förskolan öppet? (dagar i veckan)" in text
    assert text.startswith("# yaml-language-server: $schema=../../../schema/centre-exempellan.schema.json")
    assert "\noppen_forskola_dagar: 3\n" in text  # the value meets the ska rule (the first one that names it)
    data = yaml.safe_load(text)
    assert data["oppen_forskola_dagar"] == 3


def test_one_swedish_formatter():
    assert number_sv(12.75) == "12,75" and number_sv(200000) == "200\u00a0000" and number_sv(1500) == "1500"
    assert number_sv(-12345.5) == "-12\u00a0345,5"
    assert quantity_sv(1, ["vecka", "veckor"]) == "1\u00a0vecka" and quantity_sv(8, ["vecka", "veckor"]) == "8\u00a0veckor"
    assert count_sv(1, "regel", "regler") == "1 regel" and count_sv(3, "regel", "regler") == "3 regler"
    assert rl.show([6, 7, 8], rl.builtin_fields()["summer.months"]) == "juni, juli och augusti"
    assert rl.show(["barnhalsovard", "oppen_forskola"], rl.builtin_fields()["colocated"]) == "barnhälsovård och öppen förskola"


def test_a_national_clause_shows_the_region_rules_of_its_topic(site):
    # content/clauses: the coordinator clause shows `rules:roles` – Jönköping's ska and bör rules on roles.
    draft = _text(site / "jonkoping" / "avtal" / "exempelas" / "index.html").replace("\u00a0", " ")
    assert "Rekommendation (bör): Samordnaruppdraget bör motsvara högst 15 procent av en heltidstjänst." in draft
    assert "Krav (ska): Förordnandet av samordnaren ska vara en skriftlig överenskommelse och gälla i 4 år." in draft

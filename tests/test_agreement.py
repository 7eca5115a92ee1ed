"""Agreement parts (issue 15): a short centre file gives a complete draft with every default
marked, a full example shows its own values, organisation numbers are checked, one party is
one party, and the signature page has one block per party after every clause and note."""
from __future__ import annotations

import re

import pytest

from generator import agreement_model as am
from generator import models as m
from generator.pipeline import StageFailed, make_draft
from generator.scaffold import centre_file
from conftest import ROOT

SHORT = """\
id: kortfil
region: {region}
name: Familjecentralen Kortfil
kommun: Exempelkommun
address: Exempelgatan 2
parties:
  - id: region
    organisation: Region Exempel
    huvudman: region
    operators: [modrahalsovard, barnhalsovard]
    unit: Barnmorskemottagning och barnavårdscentral
    signatory_title: Verksamhetschef
  - id: bou
    organisation: Exempelkommun
    huvudman: kommun
    operators: [oppen_forskola]
    unit: Öppna förskolan
    signatory_title: Förvaltningschef barn och utbildning
  - id: soc
    organisation: Exempelkommun
    huvudman: kommun
    operators: [forebyggande_socialtjanst]
    unit: Förebyggande socialtjänst
    signatory_title: Socialchef
colocated: [modrahalsovard, barnhalsovard, oppen_forskola, forebyggande_socialtjanst]
opening_hours_per_week: 18
coordinator:
  profession: Förskollärare
  share_percent: 15
  appointed_years: 4
  written_appointment: true
dates:
  start: "2026-01-01"
  duration_years: 2
  review_month: 10
"""

# The parts every draft has (issue 15), by clause title.
PARTS = ["Parter", "Avtalstid och förlängning", "Definitioner", "Samordnare", "Styrgrupp (ledningsgrupp)",
         "Styrgruppens möten och beslut", "Gemensam kompetensutveckling", "Personuppgifter",
         "Årsrapport och dialog mellan parterna", "Utvecklingsfrågor", "Ekonomi",
         "Lokaler, arbetsmiljö och försäkring", "Årlig revidering, ändringar och uppsägning", "Hävning", "Tvist",
         "Bilagor", "Underskrifter"]
SUGGESTED = ["Avtalstid och förlängning", "Definitioner", "Styrgruppens möten och beslut", "Gemensam kompetensutveckling",
             "Personuppgifter", "Årsrapport och dialog mellan parterna", "Utvecklingsfrågor", "Ekonomi",
             "Lokaler, arbetsmiljö och försäkring", "Hävning", "Tvist", "Bilagor"]


PARTY_BLOCK = r"^### (.+?) \{ \.fc-underskriftspart \}$"


def clauses(md: str) -> dict[str, str]:
    """Clause title -> its Markdown, from the `## § N Title` headings."""
    parts = re.split(r"^## ", md, flags=re.M)[1:]
    out = {}
    for part in parts:
        head, _, body = part.partition("\n")
        title = re.sub(r"^§ \d+ ", "", head.split(" { #")[0])
        out[title] = body
    return out


@pytest.fixture(scope="module")
def short_draft(tmp_path_factory):
    path = tmp_path_factory.mktemp("kort") / "kortfil.yaml"
    path.write_text(SHORT.format(region="jonkoping"), encoding="utf-8")
    return make_draft(ROOT, path).markdown


def test_short_file_gives_every_part_with_defaults_marked(short_draft):
    found = clauses(short_draft)
    assert [t for t in PARTS if t not in found] == []
    for title in SUGGESTED:
        assert "Förslag – ändra vid behov" in found[title], title
    # Every table row of a defaulted section is marked, not only the heading.
    assert found["Styrgruppens möten och beslut"].count("*(förslag)*") == 5
    assert "4 gånger per år *(förslag)*" in found["Styrgruppens möten och beslut"]
    assert "inom 30 *(förslag)*" in found["Hävning"].replace("\n", " ")
    # An organisation number that is not given is left to fill in, never invented.
    assert found["Parter"].count("*(fyll i)*") == 2
    summary = short_draft.split("## § 1 ")[0]
    assert "Förslag – ändra vid behov" in summary and "organisationsnummer" in summary and "ekonomi" in summary


def test_two_units_of_one_kommun_are_one_party(short_draft):
    parties = clauses(short_draft)["Parter"]
    assert parties.count("**2. Exempelkommun**") == 1 and "**3." not in parties
    signatures = clauses(short_draft)["Underskrifter"]
    blocks = re.findall(PARTY_BLOCK, signatures, flags=re.M)
    assert blocks == ["Region Exempel", "Exempelkommun"]
    # The kommun signs for two nämnder: two signature lines in its one block.
    kommun = signatures.split("### Exempelkommun")[1]
    assert kommun.count("Ort och datum: ....") == 2 and kommun.count("Namnförtydligande: ....") == 2
    assert "Titel: Socialchef" in kommun and "socialnämnden" in kommun


def test_signature_page_comes_after_every_clause_and_note(short_draft):
    headings = re.findall(r"^## (.+)$", short_draft, flags=re.M)
    assert headings[-1].startswith("§ ") and "Underskrifter" in headings[-1]
    assert headings[-1].endswith(".fc-underskrifter }")  # printed on a page of its own (fc.css)
    assert any("jämfört med andra avtal" in h for h in headings[:-1])
    # Clause numbers are generated and consecutive, the signature clause last.
    numbers = [int(n) for n in re.findall(r"^## § (\d+) ", short_draft, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_closing_note_maps_goteborg_and_vastra_gotaland(short_draft):
    note = clauses(short_draft)["Avtalets innehåll jämfört med andra avtal"]
    assert "Göteborgs samverkansavtal 2021" in note and "Västra Götalands samverkansavtal" in note
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", note, flags=re.M)
    mapped = [(item, where) for item, where in rows if item not in ("Innehåll", "---")]
    assert len(mapped) == 22 and all(re.fullmatch(r"§ \d+(, § \d+)*", where) for _, where in mapped)
    # Cross-references point at the generated numbers.
    number = {t: n for n, t in re.findall(r"^## § (\d+) (.+?) \{", short_draft, flags=re.M)}
    assert ("Hävning av avtal", f"§ {number['Hävning']}") in mapped
    n = number["Årlig revidering, ändringar och uppsägning"]
    assert f"enligt [§ {n}](#paragraf-{n})" in clauses(short_draft)["Hävning"]


@pytest.mark.parametrize("path", ["skane/centres/exempelby.yaml", "jonkoping/centres/exempelas.yaml",
                                  "stockholm/centres/exempelgarden.yaml"])
def test_full_example_shows_its_values(path):
    md = make_draft(ROOT, ROOT / "guidance" / path).markdown
    found = clauses(md)
    assert [t for t in PARTS if t not in found] == []
    assert "*(förslag)*" not in md and "Förslag – ändra vid behov" not in md and "(fyll i)" not in md
    assert re.search(r"organisationsnummer 2321\d\d-\d{4}", found["Parter"])
    assert "Beloppen räknas upp varje år med prisindex för kommunal verksamhet (PKV)." in found["Ekonomi"]
    assert "| Hyr lokalerna | " in found["Lokaler, arbetsmiljö och försäkring"]
    assert "6 gånger per år" in found["Styrgruppens möten och beslut"]
    assert "upptagningsområde" in found["Definitioner"]


def test_exempelby_values():
    found = clauses(make_draft(ROOT, ROOT / "guidance" / "skane/centres/exempelby.yaml").markdown)
    assert "| Lokaler | efter den yta varje part använder | 420\u00a0000\u00a0kr per år |" in found["Ekonomi"]
    assert "| Samtalsrum | Höörs kommun, Region Skåne, Vårdcentralen Exempel AB | Höörs kommun |" in \
        found["Lokaler, arbetsmiljö och försäkring"]
    assert re.findall(PARTY_BLOCK, found["Underskrifter"], flags=re.M) == [
        "Region Skåne", "Vårdcentralen Exempel AB", "Höörs kommun"]


@pytest.mark.parametrize("value,kind", [
    ("212000-1356", "org_number_check"),     # Göteborgs Stad is 212000-1355
    ("811218-9876", "org_number_person"),    # the form of a personnummer
    ("21200-1355", "org_number_form"),
    (2120001355, None),                      # unquoted digits are read as the number they are
    ("16 212000-1355", None),
])
def test_organisation_number(value, kind):
    data = {"id": "x", "organisation": "Göteborgs Stad", "huvudman": "kommun", "operators": ["oppen_forskola"],
            "unit": "Öppna förskolan", "signatory_title": "Förvaltningschef", "org_number": value}
    if kind is None:
        assert m.PartyUnit.model_validate(data).org_number == "212000-1355"
    else:
        with pytest.raises(Exception) as exc:
            m.PartyUnit.model_validate(data)
        assert exc.value.errors()[0]["type"] == kind


def test_one_organisation_two_numbers_and_unknown_party():
    data = dict(__import__("yaml").safe_load(SHORT.format(region="skane")))
    data["parties"][1]["org_number"] = "212000-1355"
    data["parties"][2]["org_number"] = "212000-1173"
    data["premises"] = {"tenant": "kommun"}
    found = dict(am.problems(m.Centre.model_validate(data), None))
    assert "samma organisation har ett nummer" in found[("parties", 2, "org_number")]
    assert "parten \"kommun\" finns inte" in found[("premises", "tenant")]


def test_scaffold_declares_every_part_commented():
    checked = __import__("generator.pipeline", fromlist=["check_project"]).check_project(ROOT, ["skane"])
    region = checked.project.regions["skane"].region
    _, text = centre_file(region, "Familjecentralen Ny", __import__("datetime").date(2026, 1, 1))
    for name in am.SECTIONS:
        assert f"\n# {name}:" in text, name
    assert "# org_number:" in text
    # Commented out, the parts stay suggestions: the file parses to a centre without them.
    data = __import__("yaml").safe_load(text)
    assert not set(am.SECTIONS) & set(data)


def test_stage_failed_lists_bad_party_reference(tmp_path):
    text = SHORT.format(region="skane") + "steering:\n  chair: nobody\n"
    path = tmp_path / "kortfil.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StageFailed) as exc:
        make_draft(ROOT, path)
    shown = [str(d) for d in exc.value.diagnostics]
    assert any(s.endswith(f"{len(text.splitlines())}: steering.chair: parten \"nobody\" finns inte under parties "
                          "(finns: bou, region, soc)") for s in shown), shown


def test_check_reports_what_a_centre_leaves_undecided(capsys):
    from generator.cli import main

    assert main(["--root", str(ROOT), "check", "--region", "skane"]) == 0
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.strip().startswith("skane/exempelhamn:"))
    assert "organisationsnummer" in line and "ekonomi" in line and "personuppgifter" in line
    assert "skane/exempelby:" not in out  # the full example decides every part

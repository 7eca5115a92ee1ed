"""The legal points staff act on, pinned on the built site (issue 13, content audit high defects).

One test per point: the ground of secrecy for förskollärare (23 kap. 1 § OSL), the skollagen
chapter for öppen förskola (25 kap. 3 §), the duty to report a child at risk (genast, to
socialnämnden, before any step about consent), the consent helper's same unit / same nämnd
question, Skåne's "ska delta" in the draft, Stockholm's lowest compensation level, and the
repealed socialtjänstlag (2001:453) never cited as current.

The site is built once for the module with `fcguide build --no-search`.
"""
from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_fcguide
from generator import models as m
from generator.checks import assess_centre

SECRECY_PAGES = ["ny", "skane", "jonkoping", "stockholm"]
PROFESSIONS = ["barnmorska", "bhv_sjukskoterska", "forskollarare", "socionom"]
HUVUDMEN = ["region", "privat", "kommun"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("law") / "site"
    res = run_fcguide("build", "--no-search", "--out", str(out))
    assert res.code == 0, res.err
    return out


def page_text(path: Path) -> str:
    """The visible text of a built page, tags dropped and whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", raw, flags=re.S)  # not the navigation
    raw = article.group(0) if article else raw
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()
    return re.sub(r" ([),.;:])", r"\1", text)  # "OSL )" where an <abbr> ended


def all_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): page_text(p) for p in sorted(site.rglob("*.html"))}


def secrecy_table() -> list[dict]:
    return yaml.safe_load((ROOT / "content" / "secrecy.yaml").read_text(encoding="utf-8"))["table"]


# --- 1. förskollärare in öppen förskola: 23 kap. 1 § OSL --------------------------------

def test_forskollarare_fall_under_23_kap_osl(site):
    for part in SECRECY_PAGES:
        text = page_text(site / part / "sekretess-och-samtycke" / "index.html")
        assert re.search(r"Förskollärare i öppen förskola omfattas i regel av sekretessen i förskola "
                         r"och annan pedagogisk verksamhet \(23 kap\. 1 § OSL\)", text), part
        # 26 kap. only when the öppen förskola is run within socialtjänsten.
        assert "Drivs den öppna förskolan inom socialtjänsten gäller i stället socialtjänstsekretessen" in text
        assert not re.search(r"förskollärare anställda i kommunen omfattas[^.]*socialtjänstsekretessen", text, re.I)
    glossary = page_text(site / "ordlista" / "index.html")
    assert re.search(r"OSL.{0,400}kapitel 23 \(förskola och annan pedagogisk verksamhet", glossary)
    # Every table row with a förskollärare names 23 kap. 1 § among its legal references.
    for row in secrecy_table():
        if "forskollarare" in row["a"]["professions"] + row["b"]["professions"]:
            assert any(r["law"] == "osl" and (r.get("chapter"), r.get("paragraph")) == (23, 1)
                       for r in row.get("legal_refs", [])), row["id"]


# --- 2. skollagen 25 kap. 3 §, never 5 kap. -------------------------------------------------

def test_skollagen_25_kap_3_never_5_kap(site):
    five = re.compile(r"(?<!\d)5 kap\.? ?3 §")
    for name, text in all_pages(site).items():
        for hit in five.finditer(text):
            before = text[max(0, hit.start() - 80):hit.start()]
            # Only where the guide names Skåne's mistake as a mistake.
            assert re.search(r"misstag|felaktigt", before), f"{name}: {text[hit.start() - 80:hit.end() + 40]}"
        assert "5 kap. 3 § skollagen" not in text.replace("25 kap. 3 § skollagen", ""), name
    glossary = page_text(site / "ordlista" / "index.html")
    assert "social gemenskap (25 kap. 3 § skollagen)" in glossary


# --- 3. anmälningsplikt: genast, to socialnämnden, before the steps -----------------------

def test_anmalningsplikt_genast_first_and_outside_the_steps(site):
    for part in SECRECY_PAGES:
        path = site / part / "sekretess-och-samtycke" / "index.html"
        text = page_text(path)
        duty = text.find("genast anmäla")
        assert duty >= 0, part
        assert "socialnämnden" in text[duty:duty + 60]
        assert "oavsett samtycke" in text[duty:duty + 200]
        first_step = text.find("Återkom till vårdnadshavaren")
        assert first_step > duty, f"{part}: anmälningsplikten måste stå före stegen"
        # The duty is the first section of the page, before "Vad är sekretess?".
        assert duty < text.find("Vad är sekretess?"), part
        # The steps (an ordered list) never mention the report duty.
        raw = path.read_text(encoding="utf-8")
        steps = next(ol for ol in re.findall(r"<ol>.*?</ol>", raw, flags=re.S) if "Återkom till vårdnadshavaren" in ol)
        assert "anmälningsplikt" not in steps.lower(), part
    # The draft clause says it too.
    for draft in (site / "skane" / "avtal").glob("*/index.html"):
        t = page_text(draft)
        assert re.search(r"ska genast anmäla det till socialnämnden[^.]*oavsett samtycke", t), draft


# --- 4. consent helper: same unit (region/vårdgivare) or same nämnd (kommun) -------------

def helper_answers(rows: list[dict], ay, ah, by, bh, same: str) -> set[str]:
    """What the helper shows, computed from the table data the way fc.js does."""
    def fits(side, yrke, hm):
        return yrke in side["professions"] and hm in side["huvudman"]
    hits = []
    for r in rows:
        if not ((fits(r["a"], ay, ah) and fits(r["b"], by, bh)) or (fits(r["a"], by, bh) and fits(r["b"], ay, ah))):
            continue
        su = r.get("same_unit")
        if su is None or su == (same == "ja"):
            hits.append(r)
    return {r["consent"] for r in hits}


def test_consent_table_distinguishes_same_unit_and_namnd(site):
    rows = secrecy_table()
    # Barnmorska + BHV-sjuksköterska at different units of the region: consent is needed.
    assert helper_answers(rows, "barnmorska", "region", "bhv_sjukskoterska", "region", "nej") == {"ja"}
    assert helper_answers(rows, "barnmorska", "region", "bhv_sjukskoterska", "region", "vet-inte") == {"ja"}
    assert helper_answers(rows, "barnmorska", "region", "bhv_sjukskoterska", "region", "ja") == {"nej"}
    # Förskollärare under different nämnder: consent; same nämnd and verksamhetsgren: none.
    assert helper_answers(rows, "forskollarare", "kommun", "forskollarare", "kommun", "nej") == {"ja"}
    assert helper_answers(rows, "forskollarare", "kommun", "forskollarare", "kommun", "ja") == {"nej"}
    # Socionom + förskollärare: different verksamhetsgrenar, consent even under one nämnd.
    assert helper_answers(rows, "socionom", "kommun", "forskollarare", "kommun", "ja") == {"ja"}
    # No combination answers "no consent needed" before the user has said "same unit/nämnd".
    for ay, ah, by, bh in itertools.product(PROFESSIONS, HUVUDMEN, PROFESSIONS, HUVUDMEN):
        assert "nej" not in helper_answers(rows, ay, ah, by, bh, "vet-inte"), (ay, ah, by, bh)
        assert "nej" not in helper_answers(rows, ay, ah, by, bh, "nej"), (ay, ah, by, bh)
    # Every "no consent" row is conditioned on the same unit or nämnd.
    for row in rows:
        if row["consent"] == "nej":
            assert row.get("same_unit") is True, row["id"]
    # The built page carries the condition as data for the helper, and the helper reads it.
    raw = (site / "ny" / "behover-jag-samtycke" / "index.html").read_text(encoding="utf-8")
    trs = re.findall(r"<tr data-a-yrke=[^>]*>", raw)
    assert len(trs) == len(rows)
    assert sum('data-samma="ja"' in tr for tr in trs) == sum(r.get("same_unit") is True for r in rows)
    assert sum('data-samma="nej"' in tr for tr in trs) == sum(r.get("same_unit") is False for r in rows)
    assert 'id="fc-samma"' in raw and "samma enhet" in page_text(site / "ny" / "behover-jag-samtycke" / "index.html")
    js = (ROOT / "templates" / "assets" / "fc.js").read_text(encoding="utf-8")
    assert 'getAttribute("data-samma")' in js


# --- 5. Skåne: "alla medarbetare ska delta" stays ska in the draft -----------------------

def test_skane_draft_says_ska_delta(site):
    drafts = sorted((site / "skane" / "avtal").glob("*/index.html"))
    assert drafts
    for draft in drafts:
        t = page_text(draft)
        assert re.search(r"Alla medarbetare på .{0,80} ska därför delta i det arbetet", t), draft
        assert "anger att alla medarbetare ska delta i det gemensamma utvecklingsarbetet" in t
    for name, text in all_pages(site).items():
        assert "ge alla medarbetare möjlighet att delta" not in text, name
    # Jönköping and Stockholm have no such rule, so no such clause.
    for part in ("jonkoping", "stockholm"):
        for draft in (site / part / "avtal").glob("*/index.html"):
            assert "Gemensamt utvecklingsarbete" not in page_text(draft), draft


# --- 6. Stockholm: the lowest level is for a centre that is NOT co-located ----------------

def test_stockholm_lowest_level_wording_and_assessment(site):
    text = page_text(site / "stockholm" / "index.html")
    assert ("100 000 kr per år när barnhälsovård och mödrahälsovård ingår i en familjecentral som "
            "inte är samlokaliserad men erbjuder insatser i gemensamma lokaler") in text
    assert ("Ersättning för tilläggsuppdraget går till de barnavårdscentraler och barnmorskemottagningar "
            "som har uppdraget") in text
    for name, t in all_pages(site).items():
        assert "Familjecentralen får ersättning för tilläggsuppdraget" not in t, name
        assert not re.search(r"100 000 kr per år när [^.;]* är samlokaliserade", t), name
    region = m.Region.model_validate(yaml.safe_load((ROOT / "guidance" / "stockholm" / "region.yaml").read_text(encoding="utf-8")))
    base = yaml.safe_load((ROOT / "guidance" / "stockholm" / "centres" / "exempelgarden.yaml").read_text(encoding="utf-8"))

    def centre(**changes):
        return m.Centre.model_validate({**base, **changes})
    def level(c):
        return assess_centre(c, region).outcome("sthlm-tillaggsuppdrag").level

    shared = level(centre(colocated=[], shared_premises=True))
    assert shared is not None and shared.value == 100_000
    assert level(centre(colocated=["barnhalsovard", "modrahalsovard"])) is None
    assert level(centre(colocated=[], shared_premises=False)) is None
    # Paid to BVC and BMM, not to "familjecentralen".
    draft = page_text(site / "stockholm" / "avtal" / "exempelgarden" / "index.html")
    assert "Barnavårdscentralen och barnmorskemottagningen får, om de har tilläggsuppdraget" in draft


# --- 7. the repealed socialtjänstlag is never cited as current ---------------------------

def test_sol_2001_453_only_as_repealed_or_in_brackets(site):
    markers = ("2025:400", "upphävd", "tidigare", "ersatt", "ersätt")
    seen = 0
    for name, text in all_pages(site).items():
        for hit in re.finditer(r"2001:453", text):
            seen += 1
            window = text[max(0, hit.start() - 160):hit.end() + 80]
            assert any(mk in window for mk in markers), f"{name}: …{window}…"
        # The duty to report is always cited with the current law.
        for hit in re.finditer(r"14 kap\. 1 §", text):
            window = text[max(0, hit.start() - 200):hit.end() + 80]
            assert "2025:400" in window or "upphävd" in window, f"{name}: …{window}…"
    assert seen  # the old reference is still shown, in brackets, where a source used it
    sources = yaml.safe_load((ROOT / "content" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    by_id = {s["id"]: s for s in sources}
    assert "upphävd" in by_id["sol"]["title"]
    assert by_id["sol-2025"]["sfs"] == "2025:400"


# --- 8. the public-health goal of 2018 ------------------------------------------------------

def test_public_health_goal_is_the_2018_one(site):
    text = page_text(site / "ny" / "vad-ar-en-familjecentral" / "index.html")
    assert "god och jämlik hälsa i hela befolkningen" in text
    assert "prop. 2017/18:249" in text
    assert not re.search(r"Målet för den svenska folkhälsopolitiken är att skapa samhälleliga förutsättningar för en god hälsa på lika villkor", text)

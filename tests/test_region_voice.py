"""A region's guidance speaks for that region (issue 13 items 4–5).

Another region appears in a region's guidance only inside a marked comparison; the base reads the
region's own values; each guidance follows its own source's chapter order with the national
additions in one place; the omissions the content audit lists are present with their sources.
All assertions read the session's `built_site`; nothing here builds a site of its own.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_fcguide

REGIONS = ["skane", "jonkoping", "stockholm"]
# Marked comparisons, source lines and the page chrome are not the region's voice.
SKIP_CLASSES = {"fc-jamforelse", "fc-kallor", "md-header", "md-footer", "md-sidebar", "md-nav", "md-source-file"}
BLOCK = {"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "dt", "dd", "tr", "br"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Agencies that carry a county's name without being the region: Länsstyrelsen i Stockholms län
# made Preventionsstjärnan, which the base presents as a national model.
NOT_A_REGION = re.compile(r"Länsstyrelsen i Stockholms?( län)?")


class _Voice(HTMLParser):
    """The text of the page's article, without marked comparisons and source lines."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.out: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK:
            self.out.append(" ")
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = bool(classes & SKIP_CLASSES) or tag in ("script", "style", "nav", "header", "footer")
        self.stack.append((tag, skip))
        if tag == "article":
            self.in_article += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == "article":
                self.in_article -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_article and not any(skip for _, skip in self.stack):
            self.out.append(data)


def voice_text(path: Path) -> str:
    p = _Voice()
    p.feed(path.read_text(encoding="utf-8"))
    return NOT_A_REGION.sub("", " ".join("".join(p.out).split()))


def _names(region_id: str) -> set[str]:
    """What another region is called: its declared name, län and authority, and their stem."""
    data = yaml.safe_load((ROOT / "guidance" / region_id / "region.yaml").read_text(encoding="utf-8"))
    stem = re.sub(r"s$", "", re.sub(r"\s+län$", "", data["name"]))
    return {stem}


@pytest.mark.parametrize("region", REGIONS)
def test_no_region_speaks_with_another_regions_voice(built_site, region):
    """Guidance pages and agreement drafts name another region only inside a marked comparison."""
    others = {n for r in REGIONS if r != region for n in _names(r)}
    pages = [p for p in (built_site / region).rglob("index.html") if p.parent.name != "referenser"]
    assert len(pages) > 10
    leaks = []
    for page in pages:
        text = voice_text(page)
        for name in others:
            for m in re.finditer(re.escape(name), text):
                leaks.append(f"{page.relative_to(built_site)}: …{text[max(0, m.start() - 60):m.end() + 40]}…")
    assert not leaks, "\n".join(leaks)


def test_comparisons_are_marked_and_kept(built_site):
    """The other regions' material is not dropped: it is in a labelled comparison box."""
    page = (built_site / "jonkoping" / "vad-ar-en-familjecentral" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="admonition note fc-jamforelse">(.*?)</div>', page, re.S)
    assert box and "Jämförelse med andra regioner" in box.group(1) and "Skånes vägledning" in box.group(1)
    # Jönköping's own comparison text is its own voice there, outside any box.
    assert "Jönköpings läns underlag beskriver familjecentralen som en samverkansform" in voice_text(
        built_site / "jonkoping" / "vad-ar-en-familjecentral" / "index.html")


@pytest.mark.parametrize("region,employer", [("jonkoping", "Region Jönköpings län"), ("skane", "Region Skåne"),
                                             ("stockholm", "Region Stockholm")])
def test_secrecy_table_names_the_regions_own_employer(built_site, region, employer):
    text = voice_text(built_site / region / "sekretess-och-samtycke" / "index.html")
    assert f"BHV-sjuksköterska anställd av {employer}" in text
    national = voice_text(built_site / "ny" / "sekretess-och-samtycke" / "index.html")
    assert "BHV-sjuksköterska anställd av regionen" in national and "{region." not in national


def _chapter_links(index: Path) -> list[str]:
    html = index.read_text(encoding="utf-8")
    part = html.split('id="kapitel"', 1)[1].split('id="regionens-regler-i-korthet"', 1)[0]
    return re.findall(r"<li>\s*(?:<p>)?<strong>([^<]+)</strong>", part.split('id="nationella-tillagg"', 1)[0])


def test_skane_follows_its_vagledning_with_the_foreword(built_site):
    source = yaml.safe_load((ROOT / "guidance" / "skane" / "region.yaml").read_text(encoding="utf-8"))
    expected = [c["title"] for c in source["structure"]["chapters"]]
    assert expected[0] == "Förord" and expected[-1] == "Utvärdering av samverkan"
    assert _chapter_links(built_site / "skane" / "index.html") == expected
    forord = (built_site / "skane" / "forord" / "index.html").read_text(encoding="utf-8")
    assert "Oskar Hammar" in forord and "Sara Österberg" in forord and "Skånes Kommuner" in forord
    assert "ska vara en arena" in forord
    # Material the vägledning lacks is in one place, marked, and not mixed into the chapters.
    index = (built_site / "skane" / "index.html").read_text(encoding="utf-8")
    national = index.split('id="nationella-tillagg"', 1)[1]
    assert "Preventionsstjärnan" in national
    additions = (built_site / "skane" / "nationella-tillagg" / "index.html").read_text(encoding="utf-8")
    # Jönköping's grundpaket is there as a marked comparison, not as Skåne's text.
    assert re.search(r'fc-jamforelse">\s*<p class="admonition-title">Jämförelse – ur Jönköpings län 2022', additions)
    quality = (built_site / "skane" / "kvalitetsarbete-och-uppfoljning" / "index.html").read_text(encoding="utf-8")
    assert 'id="kvalitet-programteori-vad"' not in quality and "Nationella tillägg</a>" in quality
    assert 'id="kvalitet-programteori-vad"' in (built_site / "skane" / "nationella-tillagg" / "index.html").read_text(encoding="utf-8")
    preventions = (built_site / "skane" / "preventionsstjarnan" / "index.html").read_text(encoding="utf-8")
    assert "Nationellt tillägg" in preventions


@pytest.mark.parametrize("region", ["jonkoping", "stockholm"])
def test_other_regions_follow_their_own_source_order(built_site, region):
    source = yaml.safe_load((ROOT / "guidance" / region / "region.yaml").read_text(encoding="utf-8"))
    assert _chapter_links(built_site / region / "index.html") == [c["title"] for c in source["structure"]["chapters"]]
    index = (built_site / region / "index.html").read_text(encoding="utf-8")
    assert "Nationella tillägg" in index


def test_omissions_are_present_with_their_sources(built_site):
    page = built_site / "stockholm" / "vad-ar-en-familjecentral" / "index.html"
    text = voice_text(page)
    for place in ("Spånga-Tensta", "Ekerö", "Högdalen", "Skogås", "Liljeholmen", "Fittja", "Fisksätra",
                  "Rågsved", "Kungsängen", "Märsta", "Skärholmen", "Östermalm", "Skarpnäck"):
        assert place in text, place
    assert "lägesbilden i maj 2021" in text
    assert re.search(r'Källa:</strong> <a href="[^"]*#stockholm-pm-2021">', page.read_text(encoding="utf-8"))
    for region, count in (("skane", "29"), ("jonkoping", "23"), ("stockholm", "31")):
        assert re.search(rf"Familjecentraler</td>\s*<td>{count}\b", (built_site / region / "index.html").read_text(encoding="utf-8"))
    ffff = voice_text(built_site / "ny" / "vad-ar-en-familjecentral" / "index.html")
    assert "Föreningen för familjecentralers främjande (FFFF)" in ffff
    roles = (built_site / "ny" / "roller-styrgrupp-samordnare-och-medarbetare" / "index.html").read_text(encoding="utf-8")
    assert 'id="roller-socionom-kurator"' in roles and "kurator" in roles and "socionom" in roles


def test_genitive_and_a_new_region_never_doubles_lan():
    from generator.voice import genitive

    assert [genitive(n) for n in ("Skåne", "Jönköpings län", "Region Örebro län", "Stockholms", "Halland")] == [
        "Skånes", "Jönköpings läns", "Region Örebro läns", "Stockholms", "Hallands"]


def test_new_region_named_with_lan_gets_no_lan_lan(project):
    res = run_fcguide("new-region", "orebro", "--from", "jonkoping", "--name", "Örebro län", "--root", str(project))
    assert res.code == 0, res.err
    data = yaml.safe_load((project / "guidance" / "orebro" / "region.yaml").read_text(encoding="utf-8"))
    assert data["lan"] == "Örebro län" and data["authority"] == "Region Örebro län"
    assert "län län" not in (project / "guidance" / "orebro" / "region.yaml").read_text(encoding="utf-8")

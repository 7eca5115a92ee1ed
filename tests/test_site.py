"""The built site: every page the issues ask for, sources shown, regional parts, strict build."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from docx import Document

from conftest import ROOT, copy_project, run_fcguide



def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def text_of(page_html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html))


def test_start_page_has_three_ways_in(built_site):
    page = text_of(html(built_site, ""))
    for way in ("Ny på familjecentralen", "Styrgrupp: skapa avtalsutkast", "Region: gör en egen vägledning"):
        assert way in page


def test_intro_topics_and_tools_exist(built_site):
    for rel in ("ny/vad-ar-en-familjecentral", "ny/sekretess-och-samtycke", "ny/behover-jag-samtycke",
                "ny/foraldraskapsstod", "ny/preventionsstjarnan", "ordlista", "kallor", "jamfor-regionerna",
                "styrgrupp", "gor-en-egen-vagledning", "skane", "jonkoping", "stockholm"):
        assert (built_site / rel / "index.html").exists(), rel


def test_every_section_shows_its_source_linked_to_the_bibliography(built_site):
    page = html(built_site, "ny/sekretess-och-samtycke")
    kallor = re.findall(r'<p class="fc-kallor">(.*?)</p>', page, re.S)
    assert len(kallor) >= 10
    assert all('href="../../kallor/#' in k for k in kallor)
    bib = html(built_site, "kallor")
    for ident in re.findall(r'kallor/#([a-z0-9-]+)', page):
        assert f'id="{ident}"' in bib


def test_abbreviations_explained_on_pages(built_site):
    page = html(built_site, "ny/de-fyra-verksamheterna")
    assert re.search(r"<abbr title=\"[Bb]arnavårdscentral[^\"]*\">BVC</abbr>", page)


def test_grundpaket_table_has_ten_meetings(built_site):
    page = html(built_site, "ny/foraldraskapsstod")
    data = yaml.safe_load((ROOT / "content" / "parenting_support.yaml").read_text(encoding="utf-8"))
    assert len(data["grundpaket"]) == 10
    for meeting in data["grundpaket"]:
        assert meeting["theme"].split()[0] in page


def test_figures_are_svg_with_text_alternative(built_site):
    star = (built_site / "assets" / "figurer" / "preventionsstjarnan.svg").read_text(encoding="utf-8")
    assert star.startswith("<svg") and "<title>" in star
    page = html(built_site, "ny/preventionsstjarnan")
    assert 'alt="Preventionsstjärnan' in page and "Preventionsstjärnan i text" in page
    assert (built_site / "assets" / "figurer" / "programteori.svg").exists()


def test_regional_additions_on_national_pages(built_site):
    page = html(built_site, "ny/roller-styrgrupp-samordnare-och-medarbetare")
    assert 'id="regionala-tillagg"' in page
    assert "Jönköping" in text_of(page) and 'href="../../jonkoping/' in page


def test_region_chapters_show_rules_from_yaml(built_site):
    skane = yaml.safe_load((ROOT / "guidance" / "skane" / "region.yaml").read_text(encoding="utf-8"))
    hours = next(r for r in skane["rules"] if r["id"] == "skane-oppettider")["value"]
    page = text_of(html(built_site, "skane/uppdraget"))
    assert f"minst {hours} timmar i veckan" in page and "Krav (ska)" in page


def test_compare_page_has_every_region_and_rule(built_site):
    page = text_of(html(built_site, "jamfor-regionerna"))
    for name in ("Skåne", "Jönköping", "Stockholm"):
        assert name in page
    assert "200 000 kr" in page.replace("\u00a0", " ") and "Rekommendation (bör)" in page


def test_word_documents_are_linked_and_open(built_site):
    for region in ("skane", "jonkoping", "stockholm"):
        path = built_site / region / f"{region}-vagledning.docx"
        doc = Document(str(path))
        headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
        assert "Referenser" in headings and len(headings) >= 10
        assert doc.core_properties.title
        assert f'href="{region}-vagledning.docx"' in html(built_site, region)
    drafts = list(built_site.glob("*/avtal/*.docx"))
    assert len(drafts) >= 6


def test_no_external_urls_in_page_assets(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            # Only plain links in content may point elsewhere; nothing loaded by the page.
            assert not re.search(r'<(?:script|link|img)[^>]+' + re.escape(url), text), (page, url)
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text


def test_rule_value_change_reaches_text_and_comparison(tmp_path):
    proj = copy_project(tmp_path / "proj")
    path = proj / "guidance" / "skane" / "region.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    compare: minst\n    value: 15\n") == 1
    path.write_text(text.replace("    compare: minst\n    value: 15\n", "    compare: minst\n    value: 17\n"), encoding="utf-8")
    out = tmp_path / "site"
    res = run_fcguide("build", "--root", str(proj), "--out", str(out), "--no-search")
    assert res.code == 0, res.err
    assert "minst 17 timmar i veckan" in text_of(html(out, "skane/uppdraget"))
    compare = text_of(html(out, "jamfor-regionerna"))
    assert "minst 17 timmar i veckan" in compare and "minst 15 timmar" not in compare


# --- issue 19: what a public body can publish ---------------------------------------------

def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "pagefind" not in p.parts)


def test_every_page_has_its_own_title_and_links_the_accessibility_statement(built_site):
    titles: dict[str, str] = {}
    for page in _pages(built_site):
        text = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1).strip()
        assert title not in titles, f"{page} och {titles.get(title)} har samma titel: {title}"
        titles[title] = str(page)
        footer = text[text.index('class="md-copyright fc-sidfot"'):]
        assert re.search(r'<a href="((\.\./)*tillganglighet/|\./)">Tillgänglighetsredogörelse</a>', footer), page
    # A region's page names its chapter group and the region ("Uppdraget – <kapitel> – Skåne – …").
    assert any(t.startswith("Uppdraget – ") and " – Skåne – " in t for t in titles), sorted(titles)
    assert titles["Uppdraget – Ny på familjecentralen – Familjecentralsguiden"]
    statement = text_of(html(built_site, "tillganglighet"))
    for part in ("delvis förenlig", "Innehåll som inte är tillgängligt", "Den senaste bedömningen gjordes den 2 december 2026",
                 "Redogörelsen uppdaterades senast den 2 december 2026", "Hur vi testat webbplatsen", "Självskattning"):
        assert part in statement, part
    assert 'href="https://www.digg.se/tdosanmalan"' in html(built_site, "tillganglighet")
    missing = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Sidan finns inte" in missing and "Not found" not in missing and '<html lang="sv"' in missing


def test_topic_pages_start_with_in_brief_and_sources_page_shows_no_file_names(built_site):
    pages = yaml.safe_load((ROOT / "content" / "goals.yaml").read_text(encoding="utf-8"))
    page = html(built_site, "ny/syfte-och-mal")
    page = page[page.index("<article"):]
    brief = page[page.index(">I korthet<"):page.index("</div>", page.index(">I korthet<"))]
    assert page.index(">I korthet<") < page.index("Familjecentralens syfte är att i samverkan")  # before the summary
    assert brief.count("<li>") == len(pages["i_korthet"]["points"]) and "Källa:" in brief
    sources = html(built_site, "kallor")
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", sources)
    headings = re.findall(r"<h2[^>]*>(.*?)<", sources)
    assert headings[-1] == "Ändringar"           # the bibliography's change notes close the page (changelog.py)
    assert headings[0] == "Underlagsdokument" and headings[-2] == "Övrigt"
    assert 'href="https://vardgivare.skane.se/uppdrag-avtal/lov/vagledning-for-familjecentraler/"' in sources


def test_glossary_has_the_professions_once_each(built_site):
    page = html(built_site, "ordlista")
    terms = [" ".join(re.sub(r"<[^>]+>", "", t).split()) for t in re.findall(r"<h3[^>]*>(.*?)<a class=\"headerlink\"", page, re.S)]
    names = [t.split(" (")[0].lower() for t in terms]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    for profession in ("socionom", "förskollärare", "kurator", "barnmorska", "bhv-sjuksköterska"):
        assert profession in names, profession
    assert not any(re.search(r"^(\w+) \(\1\)$", t) for t in terms), "en term upprepar sig som förkortning"
    assert "A–Ö:" in text_of(page)


def test_comparison_marks_only_real_differences(built_site):
    rows = re.findall(r"<tr>\s*<td><strong>(.*?)</tr>", html(built_site, "jamfor-regionerna"), re.S)
    marks = {r.split("<", 1)[0]: text_of(r.split("</td>", 1)[0]) for r in rows}
    assert "skillnad" not in " ".join(marks.values())
    assert "bara i Skåne" in marks["Gemensamma öppettider"]
    assert "bara i Stockholm" in marks["Ersättning för tilläggsuppdrag"]
    assert "olika värden" in marks["Samlokalisering"] and "bara i Jönköpings län och Skåne" in marks["Samlokalisering"]


def test_figure_labels_are_readable(built_site):
    """Labels at least 12 px where the figure is shown (its width on the page, and 358 px on a phone)."""
    for page, name in (("ny/preventionsstjarnan", "preventionsstjarnan"), ("ny/kvalitetsarbete-och-uppfoljning", "programteori")):
        shown = int(re.search(rf'src="[^"]*{name}\.svg"[^>]*width="(\d+)"', html(built_site, page)).group(1))
        svg = (built_site / "assets" / "figurer" / f"{name}.svg").read_text(encoding="utf-8")
        canvas = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg))
        assert smallest * min(shown, 358) / canvas >= 11.9, (name, smallest, shown, canvas)

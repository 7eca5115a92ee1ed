"""The words search understands (generator/search_index.py, content/search.yaml), made at
build time: inflected forms grouped by lemma, compound parts, synonyms from one list that
the glossary shows as well, and no hand-written keyword block on any page."""
from __future__ import annotations

import gzip
import json

import yaml

from conftest import ROOT
from generator import models as m
from generator.search_index import config, page_words, vocabulary

PAGE = """# Sekretess och samtycke

Samtycket gäller bara den situation det lämnas för. Utan samtycke får uppgifter inte lämnas.
Föräldraskapsstöd ges i grupp; stödet är universellt. Förskolan och förskolor samverkar.
Fler familjecentraler, och familjecentralerna samverkar med förskolan.

**Källa:** [Skånes vägledning 2024](../kallor.md#skane-2024), Hemligt källord
{: .fc-kallor }

*[BVC]: barnavårdscentral
"""


def _groups(vocab: dict) -> dict[str, set[str]]:
    """lemma -> its forms, decoded as search.js decodes them."""
    out = {}
    for line in vocab["ord"]:
        lem, *rest = line.split(" ")
        forms = {lem}
        for item in rest:
            forms.add(item[1:] if item[0] == "=" else lem[: len(lem) - int(item[0])] + item[1:])
        out[lem] = forms
    return out


def test_inflected_forms_share_their_lemma():
    groups = _groups(vocabulary([PAGE]))
    assert {"samtycke", "samtycket"} <= groups["samtycke"]
    assert {"förskolan", "förskolor"} <= groups["förskola"]
    assert {"familjecentraler", "familjecentralerna"} <= groups["familjecentral"]


def test_compound_parts_find_their_compounds():
    vocab = vocabulary([PAGE])
    assert "föräldraskapsstöd" in vocab["delar"]["stöd"].split()


def test_source_lines_and_markup_are_not_words():
    words = page_words(PAGE)
    assert "hemligt" not in words and "källord" not in words  # the source line
    assert "barnavårdscentral" not in words                    # the abbreviation definition
    assert "kallor" not in words and "md" not in words         # the link target
    assert "samtycket" in words


def test_config_maps_every_word_readers_type_to_the_sites_word():
    search = m.SearchFile(stop_words=["Vad", "jag"], terms=[
        m.SearchTerm(term="samtycke", synonyms=["medgivande"], english=["consent"], glossary="ord-samtycke"),
        m.SearchTerm(term="barnavårdscentral", abbreviations=["BVC"]),
    ])
    cfg = config(search, {"skane": "Skåne"}, [("Sekretess och samtycke", "ny/sekretess-och-samtycke/")],
                 {"ordlista": "ordlista/"})
    assert cfg["synonymer"] == {"bvc": ["barnavårdscentral"], "consent": ["samtycke"], "medgivande": ["samtycke"]}
    assert cfg["stopp"] == ["jag", "vad"]
    assert cfg["regioner"] == {"skane": "Skåne"} and cfg["hjalp"] == {"ordlista": "ordlista/"}


def test_the_built_site_has_the_word_data_and_no_keyword_block(built_site):
    data = json.loads(gzip.decompress((built_site / "assets" / "sok.ord").read_bytes()).decode("utf-8"))
    forms = set().union(*_groups(data).values())
    # Every term of the one list is a word the site uses, so searching it finds a page.
    terms = yaml.safe_load((ROOT / "content" / "search.yaml").read_text(encoding="utf-8"))["terms"]
    missing = [t["term"] for t in terms if not all(w in forms for w in t["term"].lower().replace("-", " ").split())]
    assert not missing, f"termer som ingen sida använder: {missing}"
    assert data["hjalp"] == {"samtycke": "ny/behover-jag-samtycke/", "ordlista": "ordlista/"}
    pages = [p for p in built_site.rglob("index.html") if "pagefind" not in p.parts]
    with_block = [str(p.relative_to(built_site)) for p in pages if "Sökord för den här sidan" in p.read_text(encoding="utf-8")]
    assert not with_block, with_block


def test_the_glossary_shows_the_words_of_the_list(built_site):
    html = (built_site / "ordlista" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="ord-samtycke"'):]
    section = section[: section.index("<h2", 10)]
    assert "Sägs också:" in section and "medgivande" in section and "consent" in section
    assert 'class="fc-sokord"' in section and "{:" not in section

"""Regional overlays and forking: new regions, --region builds, template overrides."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import copy_project, run_fcguide

BUNDLED = ["skane", "jonkoping", "stockholm"]
# A region that changes something and one that does not: enough where a test compares the two.
TWO_REGIONS = ["--region", "skane", "--region", "jonkoping"]


@pytest.mark.parametrize("source", BUNDLED)
def test_new_region_from_each_bundled_region_builds(tmp_path, source):
    proj = copy_project(tmp_path / "proj", [source])
    res = run_fcguide("new-region", "vastra-gotaland", "--from", source, "--name", "Västra Götaland", "--root", str(proj))
    assert res.code == 0, res.err
    folder = proj / "guidance" / "vastra-gotaland"
    text = (folder / "region.yaml").read_text(encoding="utf-8")
    assert "GRANSKA" in text and "# Regler:" in text
    assert not list((folder / "centres").iterdir())
    out = tmp_path / "site"
    # Unfilled GRANSKA values are never published: the build names each one and writes nothing.
    res = run_fcguide("build", "--root", str(proj), "--region", "vastra-gotaland", "--out", str(out), "--no-search")
    assert res.code == 2 and not out.exists()
    assert "guidance/vastra-gotaland/region.yaml:18: organisations[0]: värdet är en GRANSKA-markering" in res.err
    assert "guidance/vastra-gotaland/webbplats.yaml:7: publisher: värdet är en GRANSKA-markering" in res.err
    assert "counts.as_of" in res.err and "lan:" in res.err and "rules[0].sources[0].section" in res.err
    for name in ("region.yaml", "webbplats.yaml"):  # what the region's officer does: fill in every marked value
        filled = re.sub(r'(assessed|updated): "GRANSKA[^"]*"', r'\1: "2026-11-30"', (folder / name).read_text(encoding="utf-8"))
        filled = re.sub(r"(lan: )\"GRANSKA[^\"]*\"", r'\1"Västra Götalands län"', filled)
        (folder / name).write_text(re.sub(r"GRANSKA – ", "", filled), encoding="utf-8")
    res = run_fcguide("build", "--root", str(proj), "--region", "vastra-gotaland", "--out", str(out), "--no-search")
    assert res.code == 0, res.err
    overview = (out / "vastra-gotaland" / "index.html").read_text(encoding="utf-8")
    assert "Västra Götalands län" in overview and "GRANSKA" not in overview and "län län" not in overview
    assert "Västra Götaland" in (out / "tillganglighet" / "index.html").read_text(encoding="utf-8")
    assert (out / "vastra-gotaland" / "index.html").exists()
    assert not (out / source).exists()


@pytest.mark.parametrize("bad,fragment", [("Västra", "inget giltigt id"), ("skane", "finns redan"), ("../x", "inget giltigt id")])
def test_new_region_refuses_bad_ids(project, bad, fragment):
    res = run_fcguide("new-region", bad, "--from", "skane", "--name", "X", "--root", str(project))
    assert res.code == 2 and fragment in res.err


def test_region_build_contains_only_that_region(project, tmp_path):
    out = tmp_path / "site"
    res = run_fcguide("build", "--root", str(project), "--region", "jonkoping", "--out", str(out), "--no-search")
    assert res.code == 0, res.err
    assert (out / "jonkoping" / "index.html").exists()
    assert not (out / "skane").exists() and not (out / "stockholm").exists()
    assert not (out / "jamfor-regionerna").exists()
    everything = " ".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert not re.search(r'href="[./]*(skane|stockholm)/', everything)


def test_region_template_override_wins_for_that_region_only(project, tmp_path):
    tpl = project / "guidance" / "jonkoping" / "templates" / "site"
    tpl.mkdir(parents=True)
    original = (project / "templates" / "site" / "region_index.md.j2").read_text(encoding="utf-8")
    (tpl / "region_index.md.j2").write_text(original.replace("## Kapitel", "## Kapitel i Jönköpings egen mall"), encoding="utf-8")
    out = tmp_path / "site"
    # Jönköping with its own template and Skåne without one (a third region would show nothing more).
    assert run_fcguide("build", "--root", str(project), *TWO_REGIONS, "--out", str(out), "--no-search").code == 0
    assert "Jönköpings egen mall" in (out / "jonkoping" / "index.html").read_text(encoding="utf-8")
    assert "Jönköpings egen mall" not in (out / "skane" / "index.html").read_text(encoding="utf-8")


def test_base_update_reaches_regions_that_do_not_reword_it(project, tmp_path):
    goals = project / "content" / "goals.yaml"
    data = yaml.safe_load(goals.read_text(encoding="utf-8"))
    reworded = {r["id"] for rid in BUNDLED
                for r in yaml.safe_load((project / "guidance" / rid / "region.yaml").read_text(encoding="utf-8"))["overlay"].get("reword", [])}
    section = next(s for s in data["sections"] if s["id"] not in reworded and s.get("body"))
    text = goals.read_text(encoding="utf-8")
    first_line = section["body"].splitlines()[0]
    goals.write_text(text.replace(first_line, first_line + " Uppdaterad grundtext.", 1), encoding="utf-8")
    out = tmp_path / "site"
    assert run_fcguide("build", "--root", str(project), "--out", str(out), "--no-search").code == 0
    for rid in BUNDLED:
        assert "Uppdaterad grundtext." in (out / rid / "syfte-och-mal" / "index.html").read_text(encoding="utf-8"), rid


def test_reword_replaces_text_only_in_that_region(project, tmp_path):
    region = project / "guidance" / "skane" / "region.yaml"
    data = yaml.safe_load(region.read_text(encoding="utf-8"))
    data["overlay"].setdefault("reword", []).append(
        {"id": "mal-overgripande", "text": "Skånes egen formulering av målet.",
         "sources": [{"source": "skane-2024", "section": "Familjecentralens övergripande mål"}]})
    region.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    res = run_fcguide("build", "--root", str(project), *TWO_REGIONS, "--out", str(out), "--no-search")
    assert res.code == 0, res.err
    assert "Skånes egen formulering av målet." in (out / "skane" / "syfte-och-mal" / "index.html").read_text(encoding="utf-8")
    assert "Skånes egen formulering" not in (out / "jonkoping" / "syfte-och-mal" / "index.html").read_text(encoding="utf-8")
    assert "Skånes egen formulering" not in (out / "ny" / "syfte-och-mal" / "index.html").read_text(encoding="utf-8")


def test_overlay_with_unknown_id_fails_with_file_and_line(project):
    region = project / "guidance" / "skane" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    text = text.replace("overlay:\n", "overlay:\n  exclude: [mal-finns-inte]\n", 1) if "exclude:" not in text.split("overlay:")[1][:200] else text
    region.write_text(text, encoding="utf-8")
    res = run_fcguide("check", "--root", str(project))
    assert res.code == 2
    line = next(l for l in res.err.splitlines() if "mal-finns-inte" in l)
    assert line.startswith("guidance/skane/region.yaml:") and "finns inte i grunden" in line
    lineno = int(line.split(":")[1])
    assert "mal-finns-inte" in text.splitlines()[lineno - 1]


def test_region_word_template_gives_the_look(project, tmp_path):
    from docx import Document

    template = Document(str(project / "templates" / "docx" / "fcguide.docx"))
    template.styles["Normal"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].text = "Region Jönköpings län – brevhuvud"
    folder = project / "guidance" / "jonkoping" / "templates" / "docx"
    folder.mkdir(parents=True)
    template.save(str(folder / "fcguide.docx"))
    out = tmp_path / "utkast"
    res = run_fcguide("draft", str(project / "guidance" / "jonkoping" / "centres" / "exempelas.yaml"),
                      "--root", str(project), "--out", str(out), "--format", "docx")
    assert res.code == 0, res.err
    doc = Document(str(out / "exempelas.docx"))
    assert doc.styles["Normal"].font.name == "Georgia"
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert header[0] == "Region Jönköpings län – brevhuvud" and any("UTKAST" in h for h in header)
    other = tmp_path / "skane"
    assert run_fcguide("draft", str(project / "guidance" / "skane" / "centres" / "exempelby.yaml"),
                       "--root", str(project), "--out", str(other), "--format", "docx").code == 0
    assert Document(str(other / "exempelby.docx")).styles["Normal"].font.name == "Calibri"


def test_copied_region_folder_builds_after_renaming(project, tmp_path):
    """A region made by copying a folder by hand: region.yaml gets the new id, and centres
    that leave out `region:` belong to the folder they are in."""
    import shutil

    shutil.copytree(project / "guidance" / "jonkoping", project / "guidance" / "kronoberg")
    region = project / "guidance" / "kronoberg" / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("id: jonkoping", "id: kronoberg", 1), encoding="utf-8")
    for centre in (project / "guidance" / "kronoberg" / "centres").glob("*.yaml"):
        text = centre.read_text(encoding="utf-8")
        centre.write_text("\n".join(l for l in text.splitlines() if not l.startswith("region:")) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    res = run_fcguide("build", "--root", str(project), "--region", "kronoberg", "--out", str(out), "--no-search")
    assert res.code == 0, res.err
    assert (out / "kronoberg" / "avtal" / "index.html").exists()


def test_region_cites_its_own_sources_without_touching_the_base(tmp_path):
    """guidance/<region>/sources.yaml: cited like the base's sources and listed on the sources page;
    content/sources.yaml stays as it is, and an id the base already has is refused."""
    proj = copy_project(tmp_path / "proj", ["skane"])
    base_sources = (proj / "content" / "sources.yaml").read_bytes()
    own = proj / "guidance" / "skane" / "sources.yaml"
    own.write_text("sources:\n  - id: skane-beslut-2025\n    kind: underlag\n    title: Beslut om familjecentraler\n"
                   "    publisher: Region Skåne\n    year: 2025\n    url: https://www.skane.se/\n", encoding="utf-8")
    region = proj / "guidance" / "skane" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace('    - {source: skane-2024, section: "Förord"}',
                                   '    - {source: skane-beslut-2025, section: "Beslutet"}', 1), encoding="utf-8")
    assert "skane-beslut-2025" in region.read_text(encoding="utf-8")
    out = tmp_path / "docs"
    res = run_fcguide("docs", "--root", str(proj), "--region", "skane", "--no-docx", "--out", str(out))
    assert res.code == 0, res.err
    assert "### Beslut om familjecentraler { #skane-beslut-2025 }" in (out / "docs" / "kallor.md").read_text(encoding="utf-8")
    assert "kallor.md#skane-beslut-2025" in (out / "docs" / "skane" / "index.md").read_text(encoding="utf-8")
    assert (proj / "content" / "sources.yaml").read_bytes() == base_sources
    own.write_text(own.read_text(encoding="utf-8").replace("skane-beslut-2025", "skane-2024"), encoding="utf-8")
    res = run_fcguide("check", "--root", str(proj), "--region", "skane")
    assert res.code == 2
    assert "guidance/skane/sources.yaml:2: sources[0].id: källan \"skane-2024\" finns redan i content/sources.yaml" in res.err


def test_new_region_names_its_county_once():
    from generator.scaffold import _lan

    assert _lan("Region Örebro län") == "Örebro län"
    assert _lan("Örebro län") == "Örebro län"
    assert _lan("Västra Götaland").startswith("GRANSKA")  # no rule gives a county's name: asked for

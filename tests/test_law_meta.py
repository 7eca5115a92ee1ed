"""Structured law references and review metadata (issue 13 items 2–3, issue 19 item 3).

- the one reference formatter (generator/lawref.py), unit tests on models;
- validation of law references: unknown law, malformed chapter/paragraph, a repealed law cited as
  current, a law cited with `section:`, a review without due date: Swedish, file:line:field, exit 2;
- the built site: every page ends with "Granskad … av …" and "Senast ändrad …" (built_site), law
  references carry their checked date, the bibliography says which law is repealed;
- the editors' page and the overdue warnings, against SOURCE_DATE_EPOCH (in-process, one region);
- `fcguide check` prints the review summary.
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_fcguide
from generator import lawref
from generator import models as m

YEAR_2030 = "1893456000"  # 2030-01-01: every review in the bundled content is overdue then


def _sources() -> dict[str, m.Source]:
    def law(ident, cite, **kw):
        return m.Source(id=ident, kind="lag", title=cite, cite=cite, sfs=re.search(r"\((\d{4}:\d+)\)", cite).group(1), **kw)
    return {
        "osl": law("osl", "offentlighets- och sekretesslagen (2009:400)", checked="2026-12-02"),
        "brb": law("brb", "brottsbalken (1962:700)", checked="2026-11-30"),
        "lvu": law("lvu", "lagen (1990:52) med särskilda bestämmelser om vård av unga", checked="2026-12-02"),
        "sol": law("sol", "socialtjänstlagen (2001:453)", repealed="2025-07-01", repealed_by="sol-2025", checked="2026-12-02"),
        "sol-2025": law("sol-2025", "socialtjänstlagen (2025:400)", checked="2026-12-02"),
        "bk": m.Source(id="bk", kind="konvention", title="FN:s konvention om barnets rättigheter", cite="barnkonventionen"),
        "skane": m.Source(id="skane", kind="underlag", title="Vägledning", short="Skånes vägledning 2024"),
    }


def ref(**kw) -> m.LawRef:
    return m.LawRef.model_validate(kw)


# --- the formatter ------------------------------------------------------------------------

def test_cite_formats_chapter_paragraph_piece_point_and_article():
    s = _sources()
    assert lawref.cite(ref(law="osl", chapter=26, paragraph=1), s) == "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
    assert lawref.cite(ref(law="lvu", paragraph=11, piece=1), s) == \
        "11 § första stycket lagen (1990:52) med särskilda bestämmelser om vård av unga"
    assert lawref.cite(ref(law="osl", chapter=25, paragraph=12, piece=2, point=3), s) == \
        "25 kap. 12 § andra stycket punkt 3 offentlighets- och sekretesslagen (2009:400)"
    assert lawref.cite(ref(law="brb", chapter=4, paragraph="9c"), s) == "4 kap. 9 c § brottsbalken (1962:700)"
    assert lawref.cite(ref(law="bk", article=3), s) == "artikel 3 i barnkonventionen"
    assert lawref.cite(ref(law="sol-2025"), s) == "socialtjänstlagen (2025:400)"


def test_former_reference_in_brackets_and_runs_joined_the_swedish_way():
    s = _sources()
    duty = ref(law="sol-2025", former={"law": "sol", "chapter": 14, "paragraph": 1})
    assert lawref.cite(duty, s) == "socialtjänstlagen (2025:400) [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)]"
    refs = [m.SourceRef(source="skane", section="Sekretess"), ref(law="brb", chapter=20, paragraph=1),
            ref(law="brb", chapter=20, paragraph=3), ref(law="brb", chapter=4, paragraph="9 c"),
            ref(law="bk", article=5), ref(law="bk", article=18), duty]
    assert lawref.source_line_text(refs, s) == (
        "Skånes vägledning 2024, Sekretess; "
        "20 kap. 1 och 3 §§ och 4 kap. 9 c § brottsbalken (1962:700) (kontrollerad 2026-11-30); "
        "artiklarna 5 och 18 i barnkonventionen (ej kontrollerad); "
        "socialtjänstlagen (2025:400) [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)] (kontrollerad 2026-12-02)")
    # In Markdown the brackets are text, never a link; each group links to its bibliography entry.
    md = lawref.source_line_md([duty], s, lambda target: "../" + target)
    assert md == ("[socialtjänstlagen (2025:400) \\[tidigare 14 kap. 1 § socialtjänstlagen (2001:453)\\]]"
                  "(../kallor.md#sol-2025) (kontrollerad 2026-12-02)")


def test_checked_date_of_a_provision_and_an_unverified_one():
    s = _sources()
    assert lawref.checked_of(ref(law="osl", chapter=23, paragraph=1), s).isoformat() == "2026-12-02"
    own = ref(law="osl", chapter=23, paragraph=1, checked="2026-12-01")
    assert lawref.checked_of(own, s).isoformat() == "2026-12-01"
    unverified = ref(law="sol-2025", checked=None, note="Paragrafen i den nya lagen har inte kunnat kontrolleras.")
    assert unverified.unverified and lawref.checked_of(unverified, s) is None
    assert lawref.source_line_text([unverified], s) == "socialtjänstlagen (2025:400) (ej kontrollerad)"
    assert lawref.law_status(s["sol"], s) == \
        "Upphävd 2025-07-01, ersatt av socialtjänstlagen (2025:400); kontrollerad 2026-12-02"


def test_review_due_from_interval_or_next():
    assert m.Review(date="2026-01-31", by="redaktionen", interval_months=1).due.isoformat() == "2026-02-28"
    assert m.Review(date="2026-12-01", by="redaktionen", interval_months=12).due.isoformat() == "2027-12-01"
    assert m.Review(date="2026-12-01", by="redaktionen", next="2027-06-01").due.isoformat() == "2027-06-01"


# --- validation: located Swedish errors, exit 2 ------------------------------------------------

def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_bad_law_references_are_located_errors(tmp_path):
    proj = copy_project(tmp_path / "proj", regions=["stockholm"])
    secrecy = proj / "content" / "secrecy.yaml"
    text = secrecy.read_text(encoding="utf-8")
    first = "      - {law: osl, chapter: 23, paragraph: 1}"
    assert first in text
    bad = ("      - {law: sol, chapter: 14, paragraph: 1}\n"          # the repealed law as current
           "      - {law: oslx, chapter: 23, paragraph: 1}\n"         # no such law
           "      - {law: osl, chapter: kap23, paragraph: 1}\n"       # malformed chapter
           "      - {source: osl, section: \"26 kap. 1 §\"}\n")       # a law cited as free text
    secrecy.write_text(text.replace(first, bad + first, 1), encoding="utf-8")
    goals = proj / "content" / "goals.yaml"
    gtext = goals.read_text(encoding="utf-8")
    goals.write_text(re.sub(r"(?m)^reviewed: .*$", "reviewed: {date: 2026-12-01, by: redaktionen}", gtext, count=1),
                     encoding="utf-8")
    res = run_fcguide("check", "--root", str(proj))
    assert res.code == 2, res.err
    line = _line_of(secrecy, "- {law: sol, chapter: 14")
    assert re.search(rf"content/secrecy\.yaml:{line}: sections\[\d+\]\.sources\[\d+\]\.law: lagen \"sol\" är upphävd "
                     r"sedan 2025-07-01 \(ersatt av sol-2025\)[^\n]*former:", res.err), res.err
    assert re.search(rf"content/secrecy\.yaml:{line + 1}: [^\n]*\.law: lagen \"oslx\" finns inte i content/sources\.yaml", res.err)
    assert re.search(rf"content/secrecy\.yaml:{line + 2}: [^\n]*\.chapter: \"kap23\" är inget kapitel- eller paragrafnummer",
                     res.err)
    assert re.search(rf"content/secrecy\.yaml:{line + 3}: [^\n]*\.source: \"osl\" är en lag; hänvisa med ett strukturerat lagrum",
                     res.err)
    gline = _line_of(goals, "reviewed: {date: 2026-12-01, by: redaktionen}")
    assert re.search(rf"content/goals\.yaml:{gline}: reviewed: ange antingen next [^\n]* eller interval_months", res.err)
    assert "Traceback" not in res.err
    # Under former: the repealed law is the old reference in brackets: no error.
    fixed = secrecy.read_text(encoding="utf-8").replace(bad, "      - {law: sol-2025, former: {law: sol, chapter: 14, paragraph: 1}}\n")
    secrecy.write_text(fixed, encoding="utf-8")
    goals.write_text(gtext, encoding="utf-8")
    assert run_fcguide("check", "--root", str(proj)).code == 0


def test_no_content_reference_points_to_a_repealed_law():
    """The bundled content cites SoL (2001:453) only under former:, never as current."""
    from generator.pipeline import check_project

    project = check_project(ROOT).project
    sources = project.base.sources
    repealed = {i for i, s in sources.items() if s.repealed is not None}
    assert "sol" in repealed
    seen_former = 0

    def walk(x, under_former=False):
        nonlocal seen_former
        if isinstance(x, m.LawPlace):
            if x.law in repealed:
                assert under_former, f"{x} cites a repealed law as current"
                seen_former += 1
            for f in getattr(x, "former", []):
                walk(f, True)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v, under_former)
        elif isinstance(x, m.BaseModel):
            for name in type(x).model_fields:
                walk(getattr(x, name), under_former)
    walk(project.base.pages)
    walk(project.base.terms)
    walk(project.base.clauses)
    walk([r.region for r in project.regions.values()])
    assert seen_former >= 3  # the old SoL paragraphs stay visible, in brackets


# --- the built site ------------------------------------------------------------------------------

def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", raw, flags=re.S)
    raw = article.group(0) if article else raw
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


def test_every_built_page_shows_review_and_last_changed(built_site):
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        if page.parent.name == "404" or page.parent == built_site / "pagefind":
            continue
        raw = page.read_text(encoding="utf-8")
        line = re.search(r'<p (?=[^>]*class="fc-sidinfo")(?=[^>]*data-pagefind-ignore="all")[^>]*>(.*?)</p>', raw, flags=re.S)
        assert line, page
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", line.group(1))))
        # Reviewed 2026-12-01, changed 2026-12-02 after the content audit (changes:), although
        # the test build's date is 2026-01-01 (SOURCE_DATE_EPOCH): the dates are the content's own.
        assert re.fullmatch(r"Granskad 2026-12 av redaktionen för Familjecentralsguiden ?Senast ändrad 2026-12-02", text.strip()), (page, text)


def test_law_references_carry_their_checked_date_and_repealed_state(built_site):
    secrecy = _text(built_site / "ny" / "sekretess-och-samtycke" / "index.html")
    assert "23 kap. 1 §, 25 kap. 1 § och 26 kap. 1 § offentlighets- och sekretesslagen (2009:400) (kontrollerad 2026-12-02)" in secrecy
    assert ("socialtjänstlagen (2025:400) [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)] (ej kontrollerad)") in secrecy
    sources = _text(built_site / "kallor" / "index.html")
    assert "Upphävd 2025-07-01, ersatt av socialtjänstlagen (2025:400); kontrollerad 2026-12-02." in sources
    assert "I kraft sedan 2009-06-30; kontrollerad 2026-12-02." in sources


# --- overdue reviews: the editors' page, warnings and the check summary ---------------------------

@pytest.fixture(scope="module")
def stale_project(tmp_path_factory) -> Path:
    """One region; the goals page without a review."""
    proj = copy_project(tmp_path_factory.mktemp("stale") / "proj", regions=["stockholm"])
    goals = proj / "content" / "goals.yaml"
    text = re.sub(r"(?m)^reviewed: .*\n", "", goals.read_text(encoding="utf-8"), count=1)
    goals.write_text(text.replace("changes:\n", 'changes:\n  - {date: 2026-12-15, kind: minor, note: "Ny mening om målen."}\n', 1),
                     encoding="utf-8")
    return proj


@pytest.fixture(scope="module")
def stale_gen(stale_project):
    """The stale project generated in memory as of 2030-01-01."""
    from generator.pipeline import generate

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", YEAR_2030)
        return generate(stale_project)


def test_editors_page_lists_overdue_and_missing_reviews(stale_project, stale_gen):
    from generator.pipeline import render_site

    gen = stale_gen
    pages = render_site(gen, stale_project, docx=False).pages
    page = pages["granskning.md"]
    assert "räknat från byggdatumet 2030-01-01" in page
    overdue = page.split("## Försenade granskningar")[1].split("## Saknar granskning")
    secrecy_line = _line_of(stale_project / "content" / "secrecy.yaml", "reviewed:")
    assert (f"| Sidan ”Sekretess och samtycke” | `content/secrecy.yaml:{secrecy_line}` | 2026-12-01 | "
            f"redaktionen för Familjecentralsguiden | 2027-12-01 | [Sekretess och samtycke (ny)](ny/sekretess-och-samtycke.md)") in overdue[0]
    assert "| Regeln sthlm-tillaggsuppdrag (Stockholm) | `guidance/stockholm/region.yaml:" in overdue[0]
    assert "Sidan ”Syfte och mål”" not in overdue[0]
    assert "| Sidan ”Syfte och mål” | `content/goals.yaml:" in overdue[1]
    # The build warns at the reviewed: line, and never fails.
    warnings = [str(w) for w in gen.warnings if w.field == "reviewed"]
    assert f"content/secrecy.yaml:{secrecy_line}: reviewed: varning: Sidan ”Sekretess och samtycke”: granskningen " \
           f"är försenad; nästa granskning skulle ske 2027-12-01" in "\n".join(warnings)
    # Each page's line says so too.
    assert re.search(r"Granskad 2026-12 av redaktionen för Familjecentralsguiden \(ny granskning försenad\) *\n"
                     r"Senast ändrad 2026-12-02\n\{: \.fc-sidinfo", pages["ny/sekretess-och-samtycke.md"])
    # "Senast ändrad" is the newest date of what the page is built from: the goals page's own change
    # note of 2026-12-15 shows on the goals pages only; its missing review is said too.
    assert re.search(r"(Ej granskad|delvis ogranskad)[^\n]*\nSenast ändrad 2026-12-15\n", pages["ny/syfte-och-mal.md"])
    assert re.search(r"\nSenast ändrad 2026-12-15\n", pages["stockholm/syfte-och-mal.md"])
    assert "Senast ändrad 2026-12-15" not in pages["ny/uppdraget.md"]


def test_word_cites_laws_as_the_site_does(stale_project, stale_gen):
    """The same formatter for Word: a section's source line (a footnote) and the references list."""
    import zipfile

    from generator.export_docx import guidance_docx
    from generator.pipeline import render_pages

    gen = stale_gen
    rr = gen.resolved.regions[0]
    pages, _ = render_pages(gen, stale_project)
    with zipfile.ZipFile(io.BytesIO(guidance_docx(rr, gen, stale_project, pages))) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n in ("word/document.xml", "word/footnotes.xml"))
    text = re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))
    secrecy = next(p for p in gen.resolved.base.pages if p.id == "secrecy")
    duty = next(sec for sec in secrecy.sections if any(isinstance(r, m.LawRef) and r.law == "sol-2025" for r in sec.sources))
    cited = lawref.source_line_text(duty.sources, gen.resolved.base.sources)
    assert "socialtjänstlagen (2025:400) [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)] (ej kontrollerad)" in cited
    assert "socialtjänstlagen (2025:400) [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)]" in text
    assert "Upphävd 2025-07-01, ersatt av socialtjänstlagen (2025:400); kontrollerad 2026-12-02" in text


def test_check_prints_the_review_summary(stale_project, monkeypatch):
    res = run_fcguide("check", "--root", str(stale_project))
    assert res.code == 0, res.err
    assert re.search(r"granskning: (\d+) granskade, 0 försenade, 1 saknar granskning", res.out), res.out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", YEAR_2030)
    late = run_fcguide("check", "--root", str(stale_project))
    assert late.code == 0, late.err  # overdue reviews warn, never fail
    found = re.search(r"granskning: 0 granskade, (\d+) försenade, 1 saknar granskning \(per 2030-01-01\)", late.out)
    assert found and int(found.group(1)) == late.err.count("granskningen är försenad"), late.out


def test_every_law_named_in_text_is_a_structured_reference():
    """Prose may name a provision ("6 kap. 12 § patientsäkerhetslagen", "8 kap. 2 § OSL"); the
    item (or the item it belongs to) then cites it structured, so the sources line and the
    checked date follow the text. Reads the YAML only."""
    import yaml

    sources = yaml.safe_load((ROOT / "content" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    names: dict[str, set[str]] = {}
    for s in sources:
        if s.get("cite"):
            for name in (s["cite"], s.get("short") or ""):
                name = name.split(" (")[0].strip()
                if name and not name.startswith("lagen"):
                    names.setdefault(name, set()).add(s["id"])
    names["OSL"] = {"osl"}
    mention = re.compile(r"(?:(\d+) kap\. )?(\d+(?: [a-z])?) §§? (?:[^.;()§]{0,40}? )?("
                         + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")

    def structured(item: dict) -> set[tuple]:
        out = set()
        for key in ("sources", "legal_refs", "legal_basis"):
            for r in item.get(key) or []:
                if isinstance(r, dict) and "law" in r:
                    former = r.get("former") or []
                    for x in [r] + (former if isinstance(former, list) else [former]):
                        out.add((x["law"], str(x.get("chapter", "")), str(x.get("paragraph", ""))))
        return out

    problems = []

    def walk(x, where: str, inherited: set):
        if isinstance(x, dict):
            mine = structured(x) | inherited
            for key, value in x.items():
                if isinstance(value, str) and key not in ("id", "section", "note"):
                    for mt in mention.finditer(value):
                        chapter, paragraph, name = mt.group(1) or "", mt.group(2), mt.group(3)
                        if not any((law, chapter, paragraph) in mine for law in names[name]):
                            problems.append(f"{where} {x.get('id')}: {mt.group(0)!r}")
                else:
                    walk(value, where, mine if "sources" in x else inherited)
        elif isinstance(x, list):
            for v in x:
                walk(v, where, inherited)

    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "guidance").glob("*/region.yaml"))
    for path in files:
        if path.name != "sources.yaml":
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)), set())
    assert not problems, "\n".join(problems)
    assert mention.search("enligt 6 kap. 12 § patientsäkerhetslagen")  # the pattern finds what it guards

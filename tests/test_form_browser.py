"""The agreement form in the browser ("Skapa ett avtalsutkast", issue 20), in headless Chromium.

For each bundled region, one page load: every bundled centre file is opened with "Öppna en
sparad fil", the draft is made, and the downloaded centre file, Markdown and Word file are
compared with what `fcguide draft` (pipeline.make_draft) makes of the downloaded centre file:
the same findings, the same Markdown text, the same Word text paragraph by paragraph, the same
links (bookmarks, "§ N" cross-references, web links). Then a form filled in by typing, a bad
file, a ska departure, the privacy promise (no request to another host, none after load), axe,
390 px and the size of what the form loads.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
import yaml

from generator.pipeline import make_draft

ROOT = Path(__file__).resolve().parents[1]
REGIONS = sorted(p.name for p in (ROOT / "guidance").iterdir() if (p / "region.yaml").is_file())
BLOCKING = {"serious", "critical"}
DATE = "2026-01-01T09:00:00"   # conftest's SOURCE_DATE_EPOCH: the CLI's draft date
REPORT = ROOT / "tests" / ".form_report.txt"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(built_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class Recorder:
    """Every request a page makes, and which came after the page had loaded."""

    def __init__(self, pg, built_site: Path):
        self.urls: list[str] = []
        self.loaded_at: int | None = None
        self.site = built_site
        pg.on("request", lambda r: self.urls.append(r.url))

    def mark_loaded(self) -> None:
        self.loaded_at = len(self.urls)

    def after_load(self) -> list[str]:
        return [u for u in self.urls[self.loaded_at:] if not u.startswith(("blob:", "data:"))]

    def foreign(self, base: str) -> list[str]:
        here = urlparse(base).netloc
        return [u for u in self.urls if not u.startswith(("blob:", "data:")) and urlparse(u).netloc != here]

    def compressed_bytes(self, base: str) -> int:
        """What the page loaded, gzip-compressed as a web server would send it."""
        total = 0
        for u in self.urls[: self.loaded_at]:
            path = urlparse(u).path
            f = self.site / path.lstrip("/")
            if f.is_dir() or path.endswith("/"):
                f = f / "index.html"
            if f.is_file():
                data = f.read_bytes()
                total += len(data) if f.suffix in (".png", ".gz", ".ord") else len(gzip.compress(data, 6))
        return total


def open_form(browser, site_url, built_site, region, width=1280):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.clock.set_fixed_time(DATE)
    rec = Recorder(pg, built_site)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{site_url}/{region}/skapa-avtalsutkast/")
    pg.wait_for_selector(".fc-framsteg")
    pg.wait_for_load_state("networkidle")
    rec.mark_loaded()
    return context, pg, rec, errors


def download(pg, button: str) -> bytes:
    with pg.expect_download() as info:
        pg.click(button)
    return Path(info.value.path()).read_bytes()


def docx_paragraphs(data: bytes) -> list[str]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    out = []
    for block in doc.element.body.iter():
        if block.tag.endswith("}p"):
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            if text.strip():
                out.append(" ".join(text.split()))
    return out


def docx_links(data: bytes) -> tuple[list[str], list[str]]:
    """A Word file's internal links and bookmarks (the names, sorted) and its web links' targets (in order)."""
    from xml.etree import ElementTree as ET

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = ET.fromstring(z.read("word/document.xml"))
        rels = {e.get("Id"): e for e in ET.fromstring(z.read("word/_rels/document.xml.rels"))}
    names = {f"bokmärke {e.get(w + 'name')}" for e in body.iter(w + "bookmarkStart")}
    names |= {f"länk {e.get(w + 'anchor')}" for e in body.iter(w + "hyperlink") if e.get(w + "anchor")}
    external = []
    for e in body.iter(w + "hyperlink"):
        if e.get(r + "id"):
            rel = rels[e.get(r + "id")]
            assert rel.get("TargetMode") == "External" and rel.get("Type").endswith("/hyperlink")
            external.append(rel.get("Target"))
    return sorted(names), external


def make_and_download(pg, tmp_path: Path, name: str):
    pg.click("text=Skapa utkastet")
    pg.wait_for_selector("#fc-ladda-md", state="visible")
    found = pg.evaluate("FCFormular.assessment()")
    files = {ext: download(pg, f"#fc-ladda-{key}") for ext, key in (("yaml", "yaml"), ("md", "md"), ("docx", "word"))}
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(files["yaml"])
    path.with_suffix(".docx").write_bytes(files["docx"])   # for a look in Word when a comparison fails
    return files, found, path


def cli_findings(result) -> list[tuple]:
    return sorted((f.rule.id, f.strength.value, f.message, f.justification, f.is_error)
                  for f in result.draft.assessment.findings)


def form_findings(found) -> list[tuple]:
    return sorted((f["rule"], f["strength"], f["message"], f["justification"], f["is_error"]) for f in found["findings"])


def assert_same_as_cli(files, found, path):
    assert files["yaml"].decode("utf-8").startswith("# yaml-language-server: $schema=../../../schema/centre")
    from generator.diagnostics import StageFailed

    try:
        cli = make_draft(ROOT, path)
    except StageFailed as e:  # the form let through a file the CLI refuses
        pytest.fail("\n".join(map(str, e.diagnostics)) + "\n" + path.read_text(encoding="utf-8"))
    assert form_findings(found) == cli_findings(cli)
    assert files["md"].decode("utf-8") == cli.markdown
    assert docx_paragraphs(files["docx"]) == docx_paragraphs(cli.docx)
    # The same links: "§ N" to its clause heading's bookmark, web links with their relationship.
    links = docx_links(files["docx"])
    assert links == docx_links(cli.docx)
    assert any(n.startswith("länk fc0_paragraf_") for n in links[0]), links
    # What the draft was made from (guidance version, content revision, the file's checksum),
    # in the Word properties as `fcguide draft` writes them.
    props = [zipfile.ZipFile(io.BytesIO(d)).read("docProps/custom.xml") for d in (files["docx"], cli.docx)]
    assert props[0] == props[1] and b"Kontrollsumma" in props[0]


@pytest.mark.parametrize("region", REGIONS)
def test_bundled_centres_through_the_form(browser, site_url, built_site, region, tmp_path, axe_runner):
    context, pg, rec, errors = open_form(browser, site_url, built_site, region)
    try:
        for centre in sorted((ROOT / "guidance" / region / "centres").glob("*.yaml")):
            pg.set_input_files("#fc-oppna", str(centre))
            pg.wait_for_function("document.querySelector('.fc-status').textContent.includes(%r)" % centre.name)
            files, found, path = make_and_download(pg, tmp_path, centre.stem)
            assert_same_as_cli(files, found, path)
        # The preview is on the page and prints without the form.
        assert pg.locator("#fc-utkast h2").count() > 5
        pg.emulate_media(media="print")
        assert not pg.locator(".fc-formular").is_visible() and pg.locator("#fc-utkast").is_visible()
        pg.emulate_media(media="screen")
        blocking = axe_runner(pg)
        assert not blocking, blocking
        assert not rec.after_load(), rec.after_load()
        assert not rec.foreign(site_url), rec.foreign(site_url)
        assert not errors, errors
        # One line per region, replaced on each run (`pytest -s` does not show xdist workers' prints).
        lines = [l for l in (REPORT.read_text(encoding="utf-8").splitlines() if REPORT.exists() else [])
                 if not l.startswith(f"{region}:")]
        lines.append(f"{region}: formuläret laddar {rec.loaded_at} filer, "
                     f"{rec.compressed_bytes(site_url) / 1024:.0f} kB komprimerat (gzip)")
        REPORT.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
        assert rec.compressed_bytes(site_url) <= 1024 * 1024
    finally:
        context.close()


@pytest.fixture(scope="module")
def axe_runner():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(pg) -> list[str]:
        out = []
        for v in axe.run(pg).response["violations"]:
            if v.get("impact") in BLOCKING:
                out.append(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}")
        return out
    return run


def test_typed_form_bad_file_and_a_ska_departure(browser, site_url, built_site, tmp_path, axe_runner):
    context, pg, rec, errors = open_form(browser, site_url, built_site, "skane")
    context.set_offline(True)   # once loaded, the form works without the network (a closed intranet)
    try:
        # A bad file: a located Swedish error, the form unchanged.
        pg.set_input_files("#fc-oppna", files=[{"name": "trasig.yaml", "mimeType": "text/yaml",
                                                "buffer": b"name: Test\nkommun: Lund\nname: Igen\n"}])
        err = pg.locator(".fc-felsammanfattning[role=alert]").filter(has_text="kunde inte öppnas")
        expect(err).to_contain_text("trasig.yaml:3: filen är inte giltig YAML: samma fält står två gånger")
        pg.set_input_files("#fc-oppna", files=[{"name": "fel.yaml", "mimeType": "text/yaml",
                                                "buffer": "name: Test\nopening_hours_per_week: mycket\n"
                                                          "parties:\n  - id: region\n    färg: blå\n".encode()}])
        expect(err).to_contain_text("fel.yaml:2: opening_hours_per_week: Gemensamma öppettider (timmar per vecka): skriv ett tal.")
        expect(err).to_contain_text("fel.yaml:5: parties.0.färg: färg: okänt fält")

        # Submitting the empty form: an error summary at the top, focus on the first error.
        pg.click("text=Skapa utkastet")
        summary = pg.locator(".fc-felsammanfattning").filter(has_text="innan utkastet kan skapas")
        assert summary.is_visible()
        assert pg.evaluate("document.activeElement.id") == "fc-f-name"   # the first field of the form
        assert "fc-f-name-fel" in pg.get_attribute("#fc-f-name", "aria-describedby")
        assert "Parter, rad 2: fyll i organisation." in summary.inner_text()
        summary.get_by_text("Parter, rad 2").click()   # a link in the summary goes to its field
        assert pg.evaluate("document.activeElement.id") == "fc-f-parties-1-organisation"
        # The form's parts open and close from the keyboard.
        pg.focus("#fc-del-malgrupp > summary")
        pg.keyboard.press("Enter")
        assert pg.get_attribute("#fc-del-malgrupp", "open") is not None

        # Typing the required facts: the progress counts up and the draft equals the CLI's.
        pg.fill("#fc-f-name", "Familjecentralen Solgläntan")
        assert pg.input_value("#fc-f-id") == "familjecentralen-solglantan"
        pg.fill("#fc-f-kommun", "Lunds kommun")
        pg.fill("#fc-f-address", "Solvägen 1, Lund")
        pg.fill("#fc-f-parties-1-organisation", "Lunds kommun")
        pg.click("#fc-del-samordnare > summary")
        pg.fill("#fc-f-coordinator-profession", "Socionom")
        assert pg.inner_text(".fc-framsteg") == "9 av 9 delar ifyllda"

        # A ska departure: the rule, its source and a justification field; no draft without it.
        pg.click("#fc-del-verksamheter > summary")
        pg.fill("#fc-f-opening_hours_per_week", "10")
        finding = pg.locator(".fc-fynd-ska").first
        assert "Krav (ska)" in finding.inner_text() and "Källa:" in finding.inner_text()
        area = finding.locator("textarea")
        pg.click("text=Skapa utkastet")
        assert "Motivera avvikelsen" in summary.inner_text()
        assert pg.evaluate("document.activeElement.tagName") == "TEXTAREA"
        # A web link in the justification: a hyperlink in both Word files; a bare address stays text.
        area.fill("Lokalerna delas med skolan; öppettiderna utökas när den nya lokalen är klar "
                  "([lokalplanen](https://www.exempel.se/lokaler?a=1&b=2), se även www.exempel.se/skolan).")
        files, found, path = make_and_download(pg, tmp_path, "familjecentralen-solglantan")
        assert docx_links(files["docx"])[1] == ["https://www.exempel.se/lokaler?a=1&b=2"]
        saved = yaml.safe_load(files["yaml"])
        assert saved["deviations"][0]["justification"].startswith("Lokalerna delas")
        # The guidance version the draft is made from, for `fcguide update` later.
        region = yaml.safe_load((ROOT / "guidance/skane/region.yaml").read_text(encoding="utf-8"))
        assert saved["based_on"] == region["guidance"]["version"]
        assert_same_as_cli(files, found, path)
        # A form saved half-way opens again, with what is still missing marked.
        pg.fill("#fc-f-kommun", "")
        half = download(pg, "text=Spara familjecentralens fil (YAML)")
        pg.fill("#fc-f-name", "Något annat")
        pg.set_input_files("#fc-oppna", files=[{"name": "halvvags.yaml", "mimeType": "text/yaml", "buffer": half}])
        expect(pg.locator(".fc-status")).to_contain_text("Öppnade halvvags.yaml. 1 uppgift saknas fortfarande.")
        assert pg.input_value("#fc-f-name") == "Familjecentralen Solgläntan"
        blocking = axe_runner(pg)
        assert not blocking, blocking
        assert not rec.after_load() and not rec.foreign(site_url) and not errors
    finally:
        context.close()


def test_narrow_screen(browser, site_url, built_site, tmp_path):
    context, pg, rec, errors = open_form(browser, site_url, built_site, "stockholm", width=390)
    try:
        pg.set_input_files("#fc-oppna", str(ROOT / "guidance" / "stockholm" / "centres" / "exempelparken.yaml"))
        pg.click("text=Skapa utkastet")
        pg.wait_for_selector("#fc-utkast h2")
        # Stockholm: the compensation level and why.
        assert "Ersättning för tilläggsuppdrag" in pg.inner_text(".fc-kontroll")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        pg.screenshot(path=str(tmp_path / "formular-390.png"), full_page=True)
        assert not errors
    finally:
        context.close()


def test_form_asks_every_centre_field_and_the_region_questions():
    """Every field of the centre model is in one part of the form (or deliberately not asked), and
    a region's own fields are asked with the region's question, as new-centre asks them."""
    import datetime as dt

    import yaml

    from generator import models as m
    from generator.form_page import FORM_PARTS, NOT_ASKED, form_spec
    from test_rules import REGION

    placed = [name for _, _, names in FORM_PARTS for name in names]
    assert sorted(placed + sorted(NOT_ASKED)) == sorted(m.Centre.model_fields)
    spec = form_spec(m.Region.model_validate(yaml.safe_load(REGION)), dt.date(2026, 1, 1))
    own = next(p for p in spec["parts"] if p["id"] == "regionen")
    assert own["fields"] == ["oppen_forskola_dagar"]
    assert spec["schema"]["properties"]["oppen_forskola_dagar"]["title"].startswith("Hur många dagar i veckan")
    assert spec["start"]["oppen_forskola_dagar"] == 3          # new-centre's suggestion
    assert spec["schema_line"].endswith("centre-exempellan.schema.json")
    assert spec["placeholders"]["kommun"].startswith("Ändra till") and spec["start"]["kommun"] == ""


def test_every_centre_field_has_a_swedish_label_and_help():
    """The JSON Schema, new-centre's comments and the form read one declaration per field: a new
    field without its own title and description would show pydantic's English auto title."""
    from pydantic import BaseModel

    from generator import models as m
    from generator.agreement_model import _inner_models

    seen, todo = set(), [m.Centre]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            assert info.title and info.description, f"{model.__name__}.{name}: title eller description saknas"
            todo += [t for t in _inner_models(info.annotation) if issubclass(t, BaseModel)]
    assert len(seen) > 15

"""fcguide serve, the server `make site` starts: the real process on a free port.

One server (two regions, so the comparison page exists) for the whole file:
- search, figures, Word files and the Swedish 404 work there as in the built site/;
- in one Chromium session: Swedish search finds results, "min region" is remembered in
  localStorage["fcguide.region"] and orders the regional additions, no table is wider than a
  390 px screen, print shows the date, axe finds nothing serious on the new parts;
- last, a YAML edit shows after a reload and a broken edit keeps the last good page.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

CHROMIUM = Path("/usr/bin/chromium")
UPDATED = re.compile(r"fcguide: (1 sida uppdaterad|\d+ sidor uppdaterade)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    # A request during a rebuild waits for it (MkDocs' server), and CI machines are slow.
    return urllib.request.urlopen(url, timeout=90).read().decode("utf-8")


def _head_and_other_methods(url: str) -> None:
    """V04: HEAD gets the headers without a body; methods a static site does not take get 405."""
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as resp:
        assert resp.status == 200 and int(resp.headers["Content-Length"]) > 1000
        assert resp.read() == b""
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "TRACE"):
        try:
            urllib.request.urlopen(urllib.request.Request(url, method=method, data=b"" if method in ("POST", "PUT") else None), timeout=10)
        except urllib.error.HTTPError as e:
            assert e.code == 405 and e.headers["Allow"] == "GET, HEAD", method
        else:
            raise AssertionError(f"{method} was answered like GET")


class Served:
    def __init__(self, project: Path):
        self.project = project
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--root", str(project),
                                      "--addr", f"127.0.0.1:{self.port}"],
                                     cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=dict(os.environ, PYTHONPATH=str(ROOT)))
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")), daemon=True)
        self.reader.start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if "Webbplatsen visas på" in self.output:
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"fcguide serve avslutades: {self.output}")
            time.sleep(0.3)
        raise AssertionError(f"servern blev inte klar: {self.output}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.reader.join(timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(copy_project(tmp_path_factory.mktemp("serve") / "proj", ["skane", "jonkoping"]))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_serve_says_where_and_what_it_watches(served):
    out = served.output
    assert f"Webbplatsen visas på {served.url}/" in out
    assert "Bevakar content/, guidance/, templates/ och mkdocs.yml" in out
    # Generated once: the first MkDocs build does not regenerate the pages it was just given.
    assert not UPDATED.search(out)


def test_served_site_has_search_figures_documents_and_swedish_404(served):
    for path in ("/pagefind/pagefind.js", "/pagefind/pagefind-entry.json"):
        with urllib.request.urlopen(served.url + path, timeout=15) as resp:
            assert resp.status == 200 and len(resp.read()) > 100, path
    page = _get(served.url + "/ny/preventionsstjarnan/")
    figure = re.search(r'src="((?:\.\./)+assets/figurer/[^"]+\.svg)"', page).group(1)
    with urllib.request.urlopen(served.url + "/ny/preventionsstjarnan/" + figure, timeout=15) as resp:
        assert resp.read().lstrip().startswith(b"<svg")
    with urllib.request.urlopen(served.url + "/skane/skane-vagledning.docx", timeout=15) as resp:
        assert resp.read(2) == b"PK"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served.url + "/finns-inte/", timeout=15)
    body = missing.value.read().decode("utf-8")
    assert missing.value.code == 404 and "Sidan finns inte" in body and "Not found" not in body


# `browser` is the session's one Chromium (conftest.py): Playwright's sync API allows one per process.


def test_served_site_in_the_browser(served, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(20_000)
    try:
        # Swedish search on the served site: an inflected form finds the page with the base form.
        pg.goto(served.url + "/")
        pg.locator("#fc-sok").press_sequentially("samtycket")
        # search.js marks the box with the query it has answered (data-klar).
        pg.wait_for_function("() => document.querySelector('#fc-sok-resultat')?.getAttribute('data-klar') === 'samtycket'")
        hrefs = pg.eval_on_selector_all("#fc-sok-resultat li a", "els => els.map(e => e.getAttribute('href'))")
        assert any("sekretess-och-samtycke" in h for h in hrefs), hrefs

        # My region: no choice needed; a choice is stored in this browser and puts that region first.
        pg.goto(served.url + "/ny/uppdraget/")
        assert pg.evaluate("() => localStorage.getItem('fcguide.region')") is None
        order = "() => [...document.querySelectorAll('.fc-tillagg')].map(d => d.dataset.region)"
        assert pg.evaluate(order) == ["jonkoping", "skane"]
        assert "sparas bara i den här webbläsaren" in pg.inner_text(".fc-min-region")
        pg.select_option("#fc-min-region", "skane")
        pg.reload()
        assert pg.evaluate("() => localStorage.getItem('fcguide.region')") == "skane"
        assert pg.input_value("#fc-min-region") == "skane" and pg.evaluate(order) == ["skane", "jonkoping"]
        assert "din region" in pg.evaluate("() => getComputedStyle(document.querySelector('.fc-din-region h3'), '::after').content")
        assert blocking(axe.run(pg).response) == []

        # Print: everything unfolded, and the date and address on paper.
        pg.goto(served.url + "/ny/vad-ar-en-familjecentral/")
        # Long sections fold; a section's source lines are one expandable line (I korthet keeps its own).
        assert pg.locator(".fc-vikt[hidden]").count() >= 1
        assert pg.locator("p.fc-kallor").count() == pg.locator(".admonition p.fc-kallor").count() == 1
        assert pg.locator("details.fc-kallor-samlat").count() >= 8
        pg.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        pg.emulate_media(media="print")
        assert pg.locator(".fc-vikt[hidden]").count() == 0
        assert re.match(r"Utskrivet \d{1,2} [a-z]+ \d{4} från http://127\.0\.0\.1:\d+/ny/vad-ar-en-familjecentral/$",
                        pg.inner_text(".fc-utskrift"))
        pg.emulate_media(media="screen")
        assert blocking(axe.run(pg).response) == []

        # Every page links the accessibility statement in its footer; the statement links DIGG.
        pg.click(".md-footer-meta a:text('Tillgänglighetsredogörelse')")
        # The click returns when the navigation commits; count the links once the page has loaded.
        pg.wait_for_url(served.url + "/tillganglighet/", wait_until="load")
        assert pg.locator("a[href='https://www.digg.se/tdosanmalan']").count() == 1
        assert blocking(axe.run(pg).response) == []
    finally:
        ctx.close()

    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    pg = phone.new_page()
    pg.set_default_timeout(20_000)
    try:
        for path in ("/jamfor-regionerna/", "/ny/behover-jag-samtycke/", "/skane/avtal/exempelby/", "/skane/",
                     "/ny/de-fyra-verksamheterna/", "/ny/foraldraskapsstod/"):
            pg.goto(served.url + path)
            wide = pg.evaluate("""() => [...document.querySelectorAll('.md-typeset table')]
                .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                             || t.scrollWidth > t.clientWidth + 1)
                .map(t => (t.querySelector('th') || t).textContent.trim().slice(0, 40))""")
            assert wide == [], f"{path}: tabeller bredare än skärmen: {wide}"
            assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390, path
            if path == "/jamfor-regionerna/":
                # Each value keeps its column's name (the region) when the row is a card.
                cell = pg.locator("td[data-fc-kolumn='Skåne']").first
                assert "Skåne" in pg.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
                assert blocking(axe.run(pg).response) == []
    finally:
        phone.close()


def blocking(response: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_serve_reloads_after_yaml_edit(served):
    """Runs last: it edits the served project."""
    url = served.url + "/ny/syfte-och-mal/"
    page = _get(url)
    assert "Syfte och mål" in page
    _head_and_other_methods(url)
    goals = served.project / "content" / "goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("summary: |\n", "summary: |\n  Ändrad medan servern kör.\n", 1),
                     encoding="utf-8")
    deadline = time.time() + 60
    while time.time() < deadline:
        if "Ändrad medan servern kör." in _get(url):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("ändringen syntes inte")
    assert UPDATED.search(served.output)
    # Search still works after a rebuild (the index is made again on every build).
    with urllib.request.urlopen(served.url + "/pagefind/pagefind.js", timeout=15) as resp:
        assert resp.status == 200
    # A broken edit keeps the last good page and reports the error in the terminal.
    goals.write_text("id: goals\ntitle: [oavslutad\n", encoding="utf-8")
    deadline = time.time() + 30
    while time.time() < deadline and "YAML-syntaxfel" not in served.output:
        time.sleep(0.3)
    assert "Ändrad medan servern kör." in _get(url)
    assert "content/goals.yaml:2" in served.output and "YAML-syntaxfel" in served.output

"""Content can never script a page (issue 12, review X02–X08, X22).

The checks (generator/markup_guard.py, validate.py) refuse hostile Markdown with a
located error; tests/corpus/cases-content.yaml holds those cases. Here the HTML itself
is checked: a build with every check switched off still gives pages without ids
starting with `_`, event handlers, styles, images from other hosts or unsafe URL
schemes in the content (the nh3 allow-list, generator/sanitize.py), and the bundled
site keeps that promise.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_project, run_fcguide


GOALS = "content/goals.yaml"
ANCHOR = "      Familjecentralens syfte är att verksamheterna"
GOALS_PAGE = "ny/syfte-och-mal/index.html"
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "xlink:href", "data"}
# Attributes that only our templates (the consent helper) and Markdown's table alignment set.
MARKER = "fc-fientlig-markor"

HOSTILE = f"""\
      {{"base": "https://evil.example/x/"}}
      {{: #__config }}

      Ett stycke {MARKER}.
      {{: onclick }}

      ## Rubrik {{ #__search onmouseover="alert(1)" }}

      ## __palette_0

      | A | B |
      |---|---|
      | x {{: style="display:none" }} | y |

      Se [data][r], [fil][f], [vb](vbscript:msgbox(1)) och [js](java
      script:alert(1)).

      [r]:
          data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==
      [f]:
          file:///etc/passwd

      ![pixel](https://tracker.example/pixel.png) ![ref][i] ![skydd](//tracker.example/p.png)

      [i]:
          https://tracker.example/ref.png

      <p id="__config" onclick="alert(1)" style="color:red">rå HTML</p>
      <img src="https://tracker.example/raw.png" onerror="alert(1)">
      <a href="javascript:alert(1)">js</a> <svg onload="alert(1)"></svg>
      <script>alert("{MARKER}")</script>
      <iframe src="https://evil.example/"></iframe>

{ANCHOR}"""


class _Elements(HTMLParser):
    """Every start tag with its attributes (valueless ones included, as None)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def content_area(page: str) -> str:
    """The page's content as rendered from Markdown: Material's <article>, theme chrome aside."""
    m = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', page, re.S)
    assert m, "no article in the page"
    return m.group(1)


def _scheme(url: str) -> str | None:
    norm = re.sub(r"[\x00-\x20\x7f]+", "", url).lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", norm)
    return m.group(1) if m else None


def problems(page: str) -> list[str]:
    """What the issue's "Done when" forbids in a page, as readable lines (empty: the page is safe)."""
    found = []
    parser = _Elements()
    parser.feed(content_area(page))
    for tag, attrs in parser.elements:
        if tag in ("script", "iframe", "object", "embed", "svg", "style", "base", "meta", "link"):
            found.append(f"<{tag}> in the content")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}>: event handler")
            if name == "style" and not (tag in ("td", "th") and re.fullmatch(r"text-align: (left|center|right);", value)):
                found.append(f"<{tag} style={value!r}>")
            if name in ("id", "for", "name") and value.startswith("_"):
                found.append(f"<{tag} {name}={value!r}>: an id the theme's scripts read")
            if name in URL_ATTRS:
                scheme = _scheme(value)
                if scheme and scheme not in SAFE_SCHEMES:
                    found.append(f"<{tag} {name}={value!r}>: {scheme}: URL")
                if tag == "img" and (scheme or value.replace("\\", "/").lstrip().startswith("//")):
                    found.append(f"<img src={value!r}>: image from another host")
    # The whole page: exactly one __config, the theme's JSON, which fc.js and Material read.
    configs = re.findall(r"<(\w+)[^>]*\bid=[\"']?__config\b", page)
    if configs != ["script"]:
        found.append(f"id=__config on {configs}")
    return found


def test_the_problem_finder_sees_what_the_review_found():
    """The assertions below can fail: the review's pages are caught."""
    page = ('<script id="__config" type="application/json">{}</script>'
            '<article class="md-content__inner md-typeset"><p id="__config">{}</p><p onclick>x</p>'
            '<p style="color:red">y</p><a href="data:text/html,x">d</a><a href="FILE:///etc/passwd">f</a>'
            '<img src="https://tracker.example/p.png"><img src="//t.example/p.png"><td style="text-align: left;">ok</td>'
            '<a href="https://www.example.se/">ok</a><img src="../assets/x.svg"></article>')
    found = problems(page)
    assert len(found) == 8, found
    assert any("onclick" in f for f in found) and any("file:" in f for f in found)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The bundled project with hostile Markdown and HTML in a body, built with every content
    check switched off, so only the HTML allow-list stands between the input and the page."""
    from generator import cli, markup_guard, validate

    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "proj")
    goals = project / GOALS
    text = goals.read_text(encoding="utf-8")
    assert ANCHOR in text
    goals.write_text(text.replace(ANCHOR, HOSTILE, 1), encoding="utf-8")
    site = base / "site"
    never = re.compile(r"(?!)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(validate, "HTML_RE", never)
        mp.setattr(validate, "JS_RE", never)
        mp.setattr(validate, "SCRIPT_SCHEME_RE", never)
        mp.setattr(markup_guard, "attr_list_problems", lambda text: [])
        mp.setattr(markup_guard, "link_problems", lambda text: (None, False))
        code = cli.main(["--root", str(project), "build", "--no-search", "--out", str(site)])
    assert code == 0
    return site


def test_hostile_content_reaches_the_page(hostile_site):
    """The input got through the switched-off checks: the page shows its text."""
    page = (hostile_site / GOALS_PAGE).read_text(encoding="utf-8")
    assert MARKER in page
    assert "rå HTML" in page


def assert_no_page_can_script(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        found = problems(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)}: {found}"


def test_no_page_built_from_hostile_content_can_script(hostile_site):
    assert_no_page_can_script(hostile_site)


def test_the_allow_list_keeps_the_legitimate_parts(hostile_site):
    """Only the dangerous attributes go; the elements and their text stay."""
    page = content_area((hostile_site / GOALS_PAGE).read_text(encoding="utf-8"))
    assert f"<p>Ett stycke {MARKER}.</p>" in page
    assert "<p>rå HTML</p>" in page
    assert "<td>x</td>" in page
    assert re.search(r"<h2[^>]*>Rubrik", page)
    assert "<a>vb</a>" in page                      # the link text stays, the vbscript: target goes
    assert f'alert("{MARKER}")' not in page          # a script's content is not shown either


def test_bundled_site_cannot_script(built_site):
    """Issue 12, done when: no built page carries an id starting with `__`, an event handler or a
    URL to another host or with a non-http(s)/mailto/tel scheme that came from content."""
    assert_no_page_can_script(built_site)


def test_bracket_in_a_star_label_keeps_the_figure(tmp_path):
    """X22: a `]` in a prevention-star label is escaped in the alt text; the figure stays an <img>."""
    project = copy_project(tmp_path / "proj")
    star = project / "content" / "prevention_star.yaml"
    text = star.read_text(encoding="utf-8")
    assert "      name: Brott\n" in text
    star.write_text(text.replace("      name: Brott\n", "      name: \"Brott ] [x](y) *z* {: #__config }\"\n", 1), encoding="utf-8")
    res = run_fcguide("--root", str(project), "check")
    assert res.code == 2 and "__config" in res.err  # the attribute list in the label is refused
    star.write_text(text.replace("      name: Brott\n", "      name: \"Brott ] [x](y) *z*\"\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(site))
    assert res.code == 0, res.err
    page = content_area((site / "ny" / "preventionsstjarnan" / "index.html").read_text(encoding="utf-8"))
    imgs = re.findall(r"<img[^>]*preventionsstjarnan\.svg[^>]*>", page)
    assert len(imgs) == 1, page[:2000]
    assert 'alt="' in imgs[0] and "Brott ] [x](y) *z*" in imgs[0]
    assert "](../assets/figurer" not in page  # no raw Markdown shown as text
    assert "Brott ] [x](y) *z*" in page        # the text alternative in the paragraph, as typed


def test_docs_output_runs_the_allow_list(tmp_path):
    """`fcguide docs` writes an mkdocs.yml whose hook is the sanitizer, by a path that exists."""
    import yaml

    out = tmp_path / "docs-project"
    res = run_fcguide("docs", "--out", str(out), "--no-docx")
    assert res.code == 0, res.err
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    hooks = [Path(h) for h in config.get("hooks", [])]
    assert len(hooks) == 1 and hooks[0].is_absolute() and hooks[0].is_file()
    assert hooks[0].read_text(encoding="utf-8").count("def on_page_content") == 1

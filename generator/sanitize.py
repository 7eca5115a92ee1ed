"""The last line of defence: an HTML allow-list over each page's rendered content.

Used as a MkDocs hook (`on_page_content`), so it runs in `fcguide build`, `fcguide
serve` and in the mkdocs.yml that `fcguide docs` writes. It sees only the HTML that
Markdown made of a page (content and our templates), never the theme around it.

The checks before rendering (generator/markup_guard.py) already refuse what this
removes; this keeps the promise even when a check misses a way to write it:
no ids starting with `_` (Material and fc.js read `__config`), no event handlers,
no style (except table alignment), no URL schemes other than http(s), mailto and
tel, no image from another host, and only the tags our pages use.

MkDocs loads a hook by its path, so it imports the package by its absolute name.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import nh3

from generator.markup_guard import SAFE_SCHEMES, other_host

HOOK = str(Path(__file__).resolve())

# Every tag Markdown (with the extensions in mkdocs.yml) and our page templates produce.
TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "ins", "kbd", "label", "legend", "li", "mark", "ol", "option", "p",
    "pre", "s", "select", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    # class: Material's and ours (admonition, headerlink, md-button, fc-*); id: heading
    # anchors and the consent helper (filtered below); lang and title are inert text.
    "*": {"class", "id", "lang", "title", "role", "hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "details": {"open"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    # The consent helper's table rows (templates/site/consent.md.j2), read by fc.js.
    "tr": {"data-a-yrke", "data-a-hm", "data-b-yrke", "data-b-hm", "data-samma", "data-samtycke"},
}
# aria-* for accessibility, data-pagefind-* steer the search index (weight, ignore).
PREFIXES = {"aria-", "data-pagefind-"}
# Python-Markdown's table alignment is the only style a page has.
ALIGN = {f"text-align: {side};" for side in ("left", "center", "right")}
TAG_VALUES = {"td": {"style": ALIGN}, "th": {"style": ALIGN}}

def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("id", "for") and value.startswith("_"):
        return None   # `__config`, `__search`, …: the theme's ids, read by its scripts
    if tag == "img" and name == "src" and other_host(value):
        return None   # pages load nothing from other hosts
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    generic_attribute_prefixes=PREFIXES,
    tag_attribute_values=TAG_VALUES,
    url_schemes=SAFE_SCHEMES,
    attribute_filter=_attribute,
    strip_comments=True,
    # No rel is added: links cannot open a new window (no `target`), so there is no
    # opener to cut, and internal links need none. Decided in issue 12.
    link_rel=None,
)


def sanitize_html(html: str) -> str:
    """The page content with everything outside the allow-list removed."""
    # The serializer writes U+00A0 as &nbsp;; keep the character (the same HTML, and the
    # page text stays as Markdown wrote it, e.g. "200 000 kr" with no-break spaces).
    return _CLEANER.clean(html).replace("&nbsp;", "\u00a0")


class _Inventory(HTMLParser):
    """How many of each tag and each (tag, attribute) a fragment has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.items[tag] += 1
        for name, _ in attrs:
            self.items[f"{tag}[{name}]"] += 1

    handle_startendtag = handle_starttag


def _inventory(html: str) -> Counter:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items


def removed(before: str, after: str) -> list[str]:
    """The tags and attributes the allow-list took out (e.g. "tr[data-samma]")."""
    lost = _inventory(before) - _inventory(after)
    return sorted(lost)


# With FCGUIDE_SANITIZE_AUDIT=1 (the tests' builds of the bundled content), anything the
# allow-list removes is a MkDocs warning, so a strict build fails: a template that adds a
# legitimate attribute the list does not know is found at once, not by a broken page.
_log = logging.getLogger("mkdocs.plugins.fcguide.sanitize")


def on_page_content(html: str, page, config, files) -> str:  # MkDocs hook
    clean = sanitize_html(html)
    if os.environ.get("FCGUIDE_SANITIZE_AUDIT") == "1":
        lost = removed(html, clean)
        if lost:
            _log.warning(f"HTML-filtret tog bort {', '.join(lost)} på sidan {page.file.src_uri}; "
                         "lägg till det i generator/sanitize.py om det är avsiktligt")
    return clean

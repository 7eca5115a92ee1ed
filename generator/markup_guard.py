"""What the Markdown of a content text may make of itself. Pure.

Content is published as Markdown with attr_list on (mkdocs.yml), so a text can
attach HTML attributes to elements (`{: … }`) and carry link and image targets
(inline or as reference definitions, whose URL may be on the next line). These
checks read the text the way Python-Markdown does and return Swedish problems:

- an attribute list may set only an allow-list: classes, safe ids and a few
  harmless keys (ALLOWED_KEYS); everything else (event handlers with or without
  a value, style, href, src, ids that scripts read such as `__config`) is refused;
- link targets are http(s), mailto, tel or relative, wherever Markdown reads them;
- images are relative paths inside the site: pages load nothing from other hosts.

The HTML allow-list after rendering (generator/sanitize.py) is the last line of
defence behind these checks.
"""
from __future__ import annotations

import html
import re
import urllib.parse

from markdown.extensions.attr_list import get_attrs_and_remainder, sanitize_name
from markdown.extensions.toc import slugify as toc_slugify

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}

# --- attribute lists ---------------------------------------------------------------

# Ids in the page that content may not take: the theme's (`__config`, `__search`, …,
# which Material and fc.js read) and the site's own scripts' (`fc-sok`, `fc-samtycke`, …).
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED_ID_PREFIXES = ("fc-",)
CLASS_RE = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
# Key -> pattern its value must match (None: the key takes no value).
ALLOWED_KEYS: dict[str, re.Pattern[str] | None] = {
    "width": re.compile(r"^\d{1,4}%?$"),
    "height": re.compile(r"^\d{1,4}%?$"),
    "lang": re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"),
    "data-pagefind-ignore": re.compile(r"^(all|index)?$"),
    "data-pagefind-weight": re.compile(r"^\d{1,2}(\.\d{1,3})?$"),
}
ALLOWED_TEXT = "klasser (.namn), id (#namn), " + ", ".join(ALLOWED_KEYS)
# An inline attribute list applies to the element just before it: a link or image `)`,
# a reference link `]`, emphasis `*`/`_`, code `` ` ``, an autolink `>`.
ELEMENT_END = set(")]*_`>")
# `{centre.name}`: a clause placeholder (replaced before rendering) or typed as text,
# not an attribute list; Markdown would at most set a harmless, dotted name, which the
# HTML allow-list drops.
PLACEHOLDER_TEXT_RE = re.compile(r"^[a-z_]+(?:\.[a-z0-9_]+)+$")
OPEN_RE = re.compile(r"\{:?[ ]*")
MAX_ENDS = 16  # closing braces tried per opening brace (a line is short; bounds the work)


def _escaped(line: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and line[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _attr_problem(key: str, value: str | None) -> str | None:
    if key == ".":
        if value and CLASS_RE.match(value):
            return None
        return f"klassen \"{value}\" har fel form (bokstäver, siffror, - och _)"
    if value is None and PLACEHOLDER_TEXT_RE.match(key):
        return None
    name = sanitize_name(key).lower()
    if name == "id":
        ident = value or ""
        if ID_RE.match(ident) and not ident.startswith(RESERVED_ID_PREFIXES):
            return None
        return (f"id \"{ident}\" är inte tillåtet; ett id skrivs med små bokstäverna a–z, siffror och bindestreck, "
                "och får inte börja med _ eller fc- (sådana id läser webbplatsens egna skript)")
    pattern = ALLOWED_KEYS.get(name)
    if pattern is not None and pattern.match(value or ""):
        return None
    if pattern is not None:
        return f"värdet \"{value}\" för {name} har fel form"
    return (f"attributlistan sätter HTML-attributet {key}, som inte tas emot av säkerhetsskäl "
            f"(t.ex. onclick, style, href och src); tillåtet är bara {ALLOWED_TEXT}")


# Lines that end the paragraph before them: a heading, a rule, an admonition or details
# block, a fence, a definition; and a setext underline two lines on.
BLOCK_INTERRUPT_RE = re.compile(r"^[ \t]*(#|!!!|\?\?\?|[-*_=][ \t]*[-*_=][ \t]*[-*_=]|```|~~~|:)")
SETEXT_RE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")


def _ends_block(lines: list[str], n: int) -> bool:
    following = lines[n + 1] if n + 1 < len(lines) else ""
    after = lines[n + 2] if n + 2 < len(lines) else ""
    return not following.strip() or bool(BLOCK_INTERRUPT_RE.match(following) or SETEXT_RE.match(after))


def _groups(text: str):
    """Every brace group that Python-Markdown's attr_list could apply, as (attrs, strict).

    A superset of what Markdown does in any place a text can land: inline after an
    element (or at the start of a line after a hard line break), at the end of a
    heading, definition term or table cell, or alone on the last line of a block.
    `strict`: Markdown applies such a group only when it parses completely.
    """
    lines = text.split("\n")
    for n, line in enumerate(lines):
        hard_break = n > 0 and lines[n - 1].endswith("  ")
        for m in OPEN_RE.finditer(line):
            p = m.start()
            if _escaped(line, p):
                continue
            before = line[:p]
            prev = before[-1:] if before else ""
            inline = prev in ELEMENT_END or (hard_break and not before.strip())
            own_line = not before.strip()
            # Alone on a line, a group applies only to the block it ends (BLOCK_RE).
            at_end = (prev == " " and not own_line) or (own_line and _ends_block(lines, n))
            if not (inline or at_end):
                continue
            start = m.end()
            ends = [i for i, ch in enumerate(line) if ch == "}" and i >= start][:MAX_ENDS]
            for e in ends:
                inner = line[start:e]
                if not inner or inner[0] in " }":
                    continue
                rest = line[e + 1:]
                closes_cell = re.match(r"[ \t]*(\||$)", rest) is not None
                if inline:
                    yield get_attrs_and_remainder(inner)[0], False
                elif at_end and closes_cell:
                    attrs, remainder = get_attrs_and_remainder(inner)
                    if not remainder:
                        yield attrs, True


HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")


def attr_list_problems(text: str) -> list[str]:
    """Swedish problems with the attribute lists (and heading ids) of one content text."""
    if "{" not in text and "#" not in text:
        return []
    problems: list[str] = []
    for attrs, _strict in _groups(text):
        for key, value in attrs:
            problem = _attr_problem(key, value)
            if problem and problem not in problems:
                problems.append(problem)
    # A heading's automatic anchor is an id too: `## __config` gives id="__config".
    for line in text.split("\n"):
        m = HEADING_RE.match(line)
        if m and toc_slugify(m.group(1), "-").startswith("_"):
            problems.append(f"rubriken \"{m.group(1).strip()}\" ger ett ankar-id som börjar med _; "
                            "sådana id läser webbplatsens egna skript, så skriv rubriken utan inledande _")
    return problems


# --- link and image targets --------------------------------------------------------

# Python-Markdown's reference definition: the URL may be on the line after `[r]:`.
REF_DEF_RE = re.compile(r"(?m)^[ \t]*\[([^\[\]\n]*)\]:[ \t]*(?:\n[ \t]*)?(\S+)")
REF_USE_RE = re.compile(r"\[([^\[\]\n]*)\](?:[ ]?\[([^\[\]\n]*)\])?")
TITLE_SPLIT_RE = re.compile(r"\s+[\"'(]")


def _normalise(target: str) -> str:
    """The target as a browser reads it: entities and %-escapes decoded, controls and spaces gone."""
    target = urllib.parse.unquote(html.unescape(target))
    return re.sub(r"[\x00-\x20\x7f]+", "", target).lower()


def _scheme(target: str) -> str | None:
    m = re.match(r"([a-z][a-z0-9+.-]*):", _normalise(target))
    return m.group(1) if m else None


def other_host(target: str) -> bool:
    """An absolute URL or one a browser reads as another host (`//host`, `/\\host`, `\\\\host`)."""
    norm = _normalise(target).replace("\\", "/")
    return _scheme(target) is not None or norm.startswith("//")


def _opening_bracket(text: str, close: int) -> int | None:
    depth = 0
    for i in range(close, -1, -1):
        ch = text[i]
        if ch == "]" and not _escaped(text, i):
            depth += 1
        elif ch == "[" and not _escaped(text, i):
            depth -= 1
            if depth == 0:
                return i
    return None


def _inline_target(text: str, start: int) -> str:
    """The destination of `[x](…)` from just after `(`: up to the balancing `)`, without a title."""
    depth, i = 1, start
    while i < len(text):
        ch = text[i]
        if ch == "(" and not _escaped(text, i):
            depth += 1
        elif ch == ")" and not _escaped(text, i):
            depth -= 1
            if depth == 0:
                break
        i += 1
    target = text[start:i].strip()
    if target.startswith("<") and ">" in target:
        return target[1:target.index(">")]
    # Only a quoted or bracketed title ends the URL: a line break inside it is dropped by
    # browsers ("da\nta:" is data:), so the pieces stay together.
    return TITLE_SPLIT_RE.split(target, 1)[0]


def link_targets(text: str) -> list[tuple[str, str]]:
    """Every (kind, target) Markdown makes of the text: kind "link" or "image"."""
    out: list[tuple[str, str]] = []
    for m in re.finditer(r"\]\(", text):
        if _escaped(text, m.start()):
            continue
        opening = _opening_bracket(text, m.start())
        kind = "image" if opening is not None and opening > 0 and text[opening - 1] == "!" else "link"
        out.append((kind, _inline_target(text, m.end())))
    definitions: dict[str, str] = {}
    for m in REF_DEF_RE.finditer(text):
        target = m.group(2)
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        definitions[" ".join(m.group(1).lower().split())] = target
        out.append(("link", target))
    for m in REF_USE_RE.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "!" and text[m.end():m.end() + 1] != "(":
            label = m.group(2) or m.group(1)
            target = definitions.get(" ".join(label.lower().split()))
            if target is not None:
                out.append(("image", target))
    return out


def link_problems(text: str) -> tuple[str | None, bool]:
    """(a scheme that is not http(s)/mailto/tel, whether an image comes from another host)."""
    if "](" not in text and "]:" not in text:
        return None, False
    bad_scheme, foreign_image = None, False
    for kind, target in link_targets(text):
        scheme = _scheme(target)
        if scheme and scheme not in SAFE_SCHEMES and bad_scheme is None:
            bad_scheme = scheme
        if kind == "image" and other_host(target):
            foreign_image = True
    return bad_scheme, foreign_image


def md_text(text: str) -> str:
    """Plain text for a place inside Markdown (an image's alt text, a paragraph): one line,
    and the characters that would start Markdown structure escaped with a backslash."""
    return re.sub(r"([\\`*_{}\[\]>!])", r"\\\1", " ".join(str(text).split()))

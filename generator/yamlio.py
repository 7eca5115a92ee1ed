"""YAML text -> plain data plus a parallel tree of line numbers.

Safe loading only, no timestamps (dates stay strings until a model types
them), duplicate keys and alias bombs rejected, and every problem reported as
a Diagnostic instead of an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re
from typing import Any

import yaml

from .diagnostics import Diagnostics

MAX_BYTES = 2_000_000  # a content file is a few KB; anything this big is a mistake
MAX_ALIASES = 50
MAX_VALUES = 200_000  # scalars, lists and maps after expanding aliases
MAX_DEPTH = 60  # the deepest bundled file nests about 8 levels; _build recurses once per level
# The tags plain data may carry; anything else (!!python/…, !!set, !!binary, !egen) is refused.
_CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}


@dataclass
class Positions:
    """Line of a node and of each child, keyed like the data (str or int)."""

    line: int
    children: dict[Any, "Positions"] = field(default_factory=dict)
    # Only on the root: (line, text) of comments holding a long run of digits.
    # Comments are published with the file, so the personal-data guard reads them.
    comments: list[tuple[int, str]] = field(default_factory=list)

    def lookup(self, loc: tuple) -> int:
        """Line of the deepest node along `loc` that exists (missing keys fall back to the parent)."""
        node = self
        for key in loc:
            child = node.children.get(key)
            if child is None:
                break
            node = child
        return node.line


# libyaml (C) parses about ten times faster than the pure-Python parser; both give
# the same nodes and marks, so use it when PyYAML was built with it.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver, tracking line numbers."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _check_tag(node: yaml.Node) -> None:
    if node.tag not in _CORE_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(node.start_mark.line + 1,
                          f"YAML-taggen '{shown}' stöds inte; skriv värdet som vanlig text, tal, lista eller samling (utan '!')")


def _build(node: yaml.Node, loader: _Loader, seen: dict[str, int], depth: int = 0) -> tuple[Any, Positions]:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise YamlProblem(line, f"för djupt nästlade listor eller samlingar (mer än {MAX_DEPTH} nivåer); kontrollera indrag och hakparenteser")
    # Alias bomb guard: count every value built, aliases expanded included. A
    # running total, not a sum over a dict per node (that was quadratic: a 2 MB
    # list took minutes).
    seen["values"] = seen.get("values", 0) + 1
    if seen["values"] > MAX_VALUES:
        raise YamlProblem(line, f"filen expanderar till fler än {MAX_VALUES} värden (alias-bomb?); skriv ut värdena och dela upp filen")
    _check_tag(node)
    if isinstance(node, yaml.MappingNode):
        data: dict[Any, Any] = {}
        pos = Positions(line)
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_node.start_mark.line + 1, "sammanslagningsnyckeln '<<' stöds inte; skriv ut värdena")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "en nyckel måste vara en enkel text")
            _check_tag(key_node)
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlProblem(key_node.start_mark.line + 1, "en nyckel måste vara en enkel text")
            key = str(key) if not isinstance(key, str) else key
            kline = key_node.start_mark.line + 1
            if key in first_line:
                raise YamlProblem(
                    kline,
                    f"nyckeln '{key}' förekommer två gånger (först på rad {first_line[key]}); ta bort den ena",
                )
            first_line[key] = kline
            value, vpos = _build(value_node, loader, seen, depth + 1)
            vpos.line = kline if not vpos.children else vpos.line
            data[key] = value
            pos.children[key] = vpos
        return data, pos
    if isinstance(node, yaml.SequenceNode):
        items = []
        pos = Positions(line)
        for i, child in enumerate(node.value):
            value, cpos = _build(child, loader, seen, depth + 1)
            items.append(value)
            pos.children[i] = cpos
        return items, pos
    return loader.construct_object(node, deep=True), Positions(line)


def _alias_overflow(text: str) -> int | None:
    """Line of the first alias past MAX_ALIASES, or None (aliases are counted before anything is expanded)."""
    # An alias needs an anchor ('&name'); skip the extra scan for documents without one.
    if not re.search(r"&[^\s&;]", text):
        return None
    count = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                count += 1
                if count > MAX_ALIASES:
                    return token.start_mark.line + 1
    except yaml.YAMLError:
        pass  # the parse proper reports the syntax error, at the line the parser finds it
    return None


_COMMENT = re.compile(r"(?:^|[ \t])#(.*)$")
_DIGITS = re.compile(r"\d{6}\D{0,3}\d{4}")


def _comments(text: str) -> list[tuple[int, str]]:
    """(line, text) of the comments that contain a run of ten digits (a possible identity number).

    A '#' inside a value (a Markdown heading in a | text, a quoted '#') is not a
    comment; the slow token scan that tells them apart runs only when a candidate exists.
    """
    candidates = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" in line:
            found = _COMMENT.search(line)
            if found and _DIGITS.search(found.group(1)):
                candidates.append((number, found.start(0) + (line[found.start(0)] != "#"), found.group(1).strip()))
    if not candidates:
        return []
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                spans.append(((token.start_mark.line + 1, token.start_mark.column),
                              (token.end_mark.line + 1, token.end_mark.column)))
    except yaml.YAMLError:
        pass
    return [(number, comment) for number, column, comment in candidates
            if not any(start <= (number, column) < end for start, end in spans)]


def parse_yaml(text: str | bytes, file: Path | str, diags: Diagnostics) -> tuple[Any, Positions] | None:
    """Parse one YAML document. Returns (data, positions) or None after adding a diagnostic."""
    file = Path(file)
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            diags.error(file, 1, "", f"filen är för stor ({len(text)//1000} kB, högst {MAX_BYTES//1000} kB)")
            return None
        if text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            line = text[: e.start].count(b"\n") + 1
            diags.error(file, line, "", "filen är inte kodad i UTF-8; spara den som UTF-8 (utan ändra tecken som å, ä, ö)")
            return None
    if len(text) > MAX_BYTES:
        diags.error(file, 1, "", f"filen är för stor (högst {MAX_BYTES//1000} kB)")
        return None
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        diags.error(file, 1, "", "filen är tom; den ska innehålla YAML-data")
        return None
    try:
        overflow = _alias_overflow(text)
        if overflow is not None:
            diags.error(file, overflow, "", f"filen använder fler än {MAX_ALIASES} YAML-alias ('*namn'); skriv ut värdena i stället")
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                diags.error(file, 1, "", "filen är tom; den ska innehålla YAML-data")
                return None
            data, positions = _build(node, loader, {})
            positions.comments = _comments(text)
            return data, positions
        finally:
            loader.dispose()
    except YamlProblem as e:
        diags.error(file, e.line, "", e.message)
    except yaml.MarkedYAMLError as e:
        line, message = _syntax_error(e, text)
        diags.error(file, line, "", message)
    except yaml.reader.ReaderError as e:  # a control character YAML refuses (NUL, BEL …)
        line = text[: e.position].count("\n") + 1 if isinstance(e.position, int) else 1
        diags.error(file, line, "", "filen innehåller ett otillåtet styrtecken (t.ex. NUL); ta bort det eller skriv om raden")
    except yaml.YAMLError:  # pragma: no cover - the other errors are marked
        diags.error(file, 1, "", "YAML-syntaxfel: filen kan inte läsas som YAML")
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops _build first
        diags.error(file, 1, "", f"för djupt nästlade listor eller samlingar (mer än {MAX_DEPTH} nivåer)")
    return None


_KEY_LINE = re.compile(r"\n[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)")


def _swallowing_quote(text: str, before_line: int) -> tuple[int, str] | None:
    """A quoted text that opens on one line and runs over `key:` lines is an unclosed quote.

    The parser only fails where the runaway text finally ends (often many lines
    later), so name the line where the quote opened instead.
    """
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > before_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and _KEY_LINE.search(text[token.start_mark.index:token.end_mark.index])):
                return token.start_mark.line + 1, token.style
    except yaml.YAMLError:
        pass
    return None


def _syntax_error(e: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Line and Swedish message for a YAML error; PyYAML's and libyaml's English never reaches the author."""
    problem = (e.problem or "").lower()
    context = (e.context or "").lower()
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else 1
    context_line = e.context_mark.line + 1 if e.context_mark else line
    lines = text.splitlines()
    src_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in src_line or "tab character" in problem or "'\\t'" in problem:
        return line, "YAML-syntaxfel: raden innehåller tabbtecken; använd mellanslag för indrag"
    if "quoted scalar" in context and "end of stream" in problem:
        return context_line, "YAML-syntaxfel: ett citattecken öppnas på den här raden men stängs aldrig"
    runaway = _swallowing_quote(text, line)
    if runaway is not None:
        return runaway[0], (f"YAML-syntaxfel: citattecknet ({runaway[1]}) på den här raden stängs inte på samma rad, "
                            "så texten fortsätter in i nästa fält; stäng citattecknet")
    if "escape character" in problem:
        return line, ("YAML-syntaxfel: okänt tecken efter \\ i en text inom dubbla citattecken; "
                      "använd enkla citattecken (') eller skriv \\\\")
    if "another document" in problem or "single document" in context:
        return line, "YAML-syntaxfel: filen får bara innehålla ett dokument (ta bort '---' mitt i filen)"
    if "duplicate anchor" in context:
        return line, "YAML-syntaxfel: samma ankare ('&namn') definieras två gånger"
    if "undefined alias" in problem:
        return line, "YAML-syntaxfel: aliaset ('*namn') hänvisar till ett ankare ('&namn') som inte finns"
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        return context_line, (f"YAML-syntaxfel: {bracket} öppnas på den här raden men stängs inte "
                              "(eller så saknas ett kommatecken mellan värdena)")
    if "nesting depth" in problem:
        return line, "YAML-syntaxfel: för djupt nästlade listor eller samlingar"
    if "expected ':'" in problem:
        return context_line, "YAML-syntaxfel: kolon följt av mellanslag saknas efter nyckeln på den här raden"
    if "directive" in context:
        return line, "YAML-syntaxfel: en rad som börjar med % tolkas som ett YAML-direktiv; sätt texten inom citattecken"
    if "cannot start any token" in problem:
        col = e.problem_mark.column if e.problem_mark else -1
        char = src_line[col] if 0 <= col < len(src_line) else "?"
        return line, f"YAML-syntaxfel: ett värde kan inte börja med tecknet '{char}'; sätt texten inom citattecken"
    if "mapping values are not allowed" in problem:
        return line, "YAML-syntaxfel: oväntat kolon; sätt texten inom citattecken eller rätta indraget"
    if "block scalar" in context:
        return line, "YAML-syntaxfel: efter | eller > får inget annat stå på raden; börja texten på nästa rad"
    if "expected" in problem:
        return line, "YAML-syntaxfel: felaktigt indrag eller struktur; kontrollera att raden är indragen som raderna runt den"
    return line, "YAML-syntaxfel: raden kan inte läsas; kontrollera indrag, kolon och citattecken"


def read_yaml(path: Path, diags: Diagnostics, display: Path | None = None) -> tuple[Any, Positions] | None:
    """Read and parse a YAML file; `display` is the path shown in messages."""
    shown = display or path
    try:
        raw = path.read_bytes()
    except OSError as e:
        diags.error(shown, 0, "", f"filen kan inte läsas ({e.strerror})")
        return None
    return parse_yaml(raw, shown, diags)

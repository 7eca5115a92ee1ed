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


@dataclass
class Positions:
    """Line of a node and of each child, keyed like the data (str or int)."""

    line: int
    children: dict[Any, "Positions"] = field(default_factory=dict)

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


def _build(node: yaml.Node, loader: _Loader, seen: dict[int, int]) -> tuple[Any, Positions]:
    line = node.start_mark.line + 1
    # Alias bomb guard: count how often one anchored node is expanded.
    seen[id(node)] = seen.get(id(node), 0) + 1
    if sum(seen.values()) > 200_000:
        raise YamlProblem(line, "filen expanderar till för många värden (alias-bomb?)")
    if isinstance(node, yaml.MappingNode):
        data: dict[Any, Any] = {}
        pos = Positions(line)
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_node.start_mark.line + 1, "sammanslagningsnyckeln '<<' stöds inte; skriv ut värdena")
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
            value, vpos = _build(value_node, loader, seen)
            vpos.line = kline if not vpos.children else vpos.line
            data[key] = value
            pos.children[key] = vpos
        return data, pos
    if isinstance(node, yaml.SequenceNode):
        items = []
        pos = Positions(line)
        for i, child in enumerate(node.value):
            value, cpos = _build(child, loader, seen)
            items.append(value)
            pos.children[i] = cpos
        return items, pos
    return loader.construct_object(node, deep=True), Positions(line)


def _count_aliases(text: str) -> int:
    # An alias needs an anchor ('&name'); skip the extra scan for documents without one.
    if not re.search(r"&[^\s&;]", text):
        return 0
    return sum(1 for ev in yaml.scan(text, Loader=yaml.SafeLoader) if isinstance(ev, yaml.AliasToken))


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
        if _count_aliases(text) > MAX_ALIASES:
            diags.error(file, 1, "", f"filen använder fler än {MAX_ALIASES} YAML-alias ('*namn'); skriv ut värdena i stället")
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                diags.error(file, 1, "", "filen är tom; den ska innehålla YAML-data")
                return None
            return _build(node, loader, {})
        finally:
            loader.dispose()
    except YamlProblem as e:
        diags.error(file, e.line, "", e.message)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        diags.error(file, line, "", _syntax_message(e, text, line))
    except yaml.YAMLError as e:  # pragma: no cover - PyYAML always marks its errors
        diags.error(file, 1, "", f"ogiltig YAML: {e}")
    return None


def _syntax_message(e: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = (e.problem or "").lower()
    src_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in src_line or "tab" in problem:
        return "YAML-syntaxfel: raden innehåller tabbtecken; använd mellanslag för indrag"
    if "expected another document" in problem or "but found another document" in problem:
        return "YAML-syntaxfel: filen får bara innehålla ett dokument (ta bort '---' mitt i filen)"
    if "while scanning a quoted scalar" in str(e.context or "") or "unexpected end of stream" in problem:
        return "YAML-syntaxfel: ett citattecken öppnas men stängs aldrig"
    if "mapping values are not allowed" in problem:
        return "YAML-syntaxfel: oväntat kolon; sätt texten inom citattecken eller rätta indraget"
    if "expected <block end>" in problem or "did not find expected key" in problem or "expected" in problem:
        return "YAML-syntaxfel: felaktigt indrag eller struktur; kontrollera att raden är indragen som raderna runt den"
    if "could not find expected ':'" in problem:
        return "YAML-syntaxfel: ett kolon saknas efter nyckeln"
    return f"YAML-syntaxfel: {e.problem or e}"


def read_yaml(path: Path, diags: Diagnostics, display: Path | None = None) -> tuple[Any, Positions] | None:
    """Read and parse a YAML file; `display` is the path shown in messages."""
    shown = display or path
    try:
        raw = path.read_bytes()
    except OSError as e:
        diags.error(shown, 0, "", f"filen kan inte läsas ({e.strerror})")
        return None
    return parse_yaml(raw, shown, diags)

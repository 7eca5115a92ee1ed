"""YAML text -> plain data plus a parallel tree of line numbers.

Safe loading only, no timestamps (dates stay strings until a model types
them), duplicate keys and alias bombs rejected, and every problem reported as
a Diagnostic instead of an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import stat
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
    """SafeLoader without the timestamp resolver and with our own number resolvers."""


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", _INT, _FLOAT)]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Numbers. YAML 1.1 (PyYAML) and YAML 1.2 (most other tools, editors' schema checks) read
# some plain values differently: 1:30 is 90 or "1:30", 011 is 9 or 11, 1_000 is 1000 or
# text, 0o12 is text or 10. These forms are resolved as numbers here only so that
# _number() can refuse them with a message saying what to write; a decimal number
# (12, -3, +12, 1.5, .5, 1e3) means the same everywhere and is read as usual.
_Loader.add_implicit_resolver(
    _INT,
    re.compile(r"""^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*
                  |[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO][0-7_]+|[-+]?0[bB][01_]+)$""", re.X),
    list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?
                  |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
                  |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                  |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X),
    list("-+0123456789."))

MAX_NUMBER_CHARS = 30  # the largest sensible value (an amount in kronor) has 8 digits


def _number(node: yaml.ScalarNode) -> int | float:
    """An int or float scalar, written in decimal, or a YamlProblem that says what to write."""
    line = node.start_mark.line + 1
    raw = node.value.strip()
    if len(raw) > MAX_NUMBER_CHARS:
        raise YamlProblem(line, f"talet har {len(raw)} tecken, fler än de högst {MAX_NUMBER_CHARS} ett värde här kan ha; "
                                "kontrollera värdet (eller sätt det inom citattecken om det är en text)")
    shown = raw
    body = raw.lstrip("+-")
    if ":" in raw:
        parts = body.split(":")
        hint = ""
        if len(parts) == 2 and parts[0].isdigit() and parts[1].replace(".", "", 1).isdigit():
            hours = int(parts[0]) + float(parts[1]) / 60
            hint = f"skriv {number_yaml(hours)} om du menar {int(parts[0])} h {parts[1]} min, eller "
        raise YamlProblem(line, f"{shown} läses av YAML 1.1 som ett tal i sextiosystemet "
                                f"({_sexagesimal(raw)}), inte som en tid; {hint}skriv \"{shown}\" inom citattecken om det är en text")
    if body[:2].lower() in ("0x", "0o", "0b"):
        base = {"0x": ("hexadecimalt", 16), "0o": ("oktalt", 8), "0b": ("binärt", 2)}[body[:2].lower()]
        try:
            value = int(raw.replace("_", ""), 0)
            decimal = f"skriv talet med vanliga siffror ({value})"
        except ValueError:
            decimal = "skriv talet med vanliga siffror"
        raise YamlProblem(line, f"{shown} är ett {base[0]} tal, som YAML-verktyg läser olika; "
                                f"{decimal}, eller \"{shown}\" inom citattecken om det är en text")
    if "_" in raw:
        raise YamlProblem(line, f"{shown} innehåller understreck, som YAML 1.1 hoppar över men YAML 1.2 läser som text; "
                                f"skriv talet utan understreck ({raw.replace('_', '')}) eller sätt det inom citattecken")
    if node.tag == _INT and len(body) > 1 and body[0] == "0" and body.isdigit():
        # Refused rather than read as 11: YAML 1.1 tools (PyYAML, older editors) read 011 as
        # octal 9, YAML 1.2 tools as 11, so the file would mean different things to different readers.
        octal = _octal(body)
        sign = "-" if raw.startswith("-") else ""
        other = f"som det oktala talet {sign}{octal}" if octal is not None else "som text"
        raise YamlProblem(line, f"{shown} börjar med en nolla; YAML 1.1 läser det {other} och YAML 1.2 som {int(raw)}, "
                                f"så värdet är tvetydigt. Skriv {int(raw)} utan nolla "
                                f"(eller \"{shown}\" inom citattecken om det är en text, t.ex. ett nummer)")
    lowered = body.lower()
    if lowered in (".inf", ".nan"):
        value = float(lowered[1:])
        return -value if raw.startswith("-") else value
    try:
        return int(raw) if node.tag == _INT and "." not in raw and "e" not in lowered else float(raw)
    except ValueError:
        raise YamlProblem(line, f"{shown} är inte ett tal; skriv ett tal med siffror (t.ex. 12 eller 1.5), "
                                "eller sätt texten inom citattecken") from None


def _sexagesimal(raw: str) -> str:
    try:
        sign = -1 if raw.startswith("-") else 1
        total = 0.0
        for part in raw.lstrip("+-").replace("_", "").split(":"):
            total = total * 60 + float(part)
        return number_yaml(sign * total)
    except ValueError:
        return "ett annat tal"


def _octal(digits: str) -> str | None:
    try:
        return str(int(digits, 8))
    except ValueError:
        return None


def number_yaml(x: float) -> str:
    """A number as it would be written in YAML (decimal point)."""
    return str(int(x)) if float(x).is_integer() else repr(round(x, 6))


# Characters no text may hold, whatever escape wrote them ("\x01", "\0", "\uFFFE"): C0 and C1
# controls except tab, newline and carriage return, lone surrogates and noncharacters.
# Word (XML) cannot store them, and no reader can see them.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]")


def _check_text(value: str, node: yaml.Node) -> str:
    found = _FORBIDDEN_CHARS.search(value)
    if found is None:
        return value
    code = ord(found.group())
    name = f"U+{code:04X}"
    line = node.start_mark.line + 1
    if node.style in ("|", ">"):
        # A block text starts on the line after its | or >: name the line the character is on.
        line += 1 + value[: found.start()].count("\n")
    if 0xD800 <= code <= 0xDFFF:
        kind = "ett halvt surrogattecken (ogiltig Unicode)"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "ett osynligt styrtecken"
    else:
        kind = "ett icke-tecken (ogiltigt i text)"
    raise YamlProblem(line, f"texten innehåller tecknet {name}, {kind}, som inte kan visas och inte kan sparas i "
                            f"Word-dokument; ta bort det (det skrivs ofta som en escape-sekvens, t.ex. "
                            f"\"\\u{code:04X}\", inom dubbla citattecken)")


def _scalar(node: yaml.ScalarNode, loader) -> Any:
    """One scalar value: numbers by _number, texts checked for forbidden characters."""
    if node.tag in (_INT, _FLOAT):
        return _number(node)
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        _check_text(value, node)
    return value


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
            key = _scalar(key_node, loader)
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
    return _scalar(node, loader), Positions(line)


MAX_FLOW_DEPTH = 200  # brackets nested inside each other; _build refuses more than MAX_DEPTH levels later
_BRACKET = re.compile(r"[\[\]{}]")


def _flow_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for brackets nested deeper than MAX_FLOW_DEPTH or more than MAX_VALUES
    of them, or None.

    A linear look at the brackets before any YAML scanner runs: PyYAML's pure-Python
    scanner does work per token that grows with the flow depth (`x: [[[[…]]]]` of 2 MB
    took minutes), and libyaml needs half a minute to build two million nodes that
    _build would refuse anyway. Brackets in texts count too; real content has neither
    200 unclosed brackets nor 200 000 of them.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = opened = 0
    for found in _BRACKET.finditer(text):
        if found.group() in "[{":
            depth += 1
            opened += 1
            if depth > MAX_FLOW_DEPTH:
                return (text.count("\n", 0, found.start()) + 1,
                        f"för djupt nästlade listor eller samlingar (fler än {MAX_FLOW_DEPTH} [ eller {{ "
                        "inuti varandra); skriv ut värdena som vanliga listor")
            if opened > MAX_VALUES:
                return (text.count("\n", 0, found.start()) + 1,
                        f"filen har fler än {MAX_VALUES} listor eller samlingar ([ eller {{); dela upp filen")
        elif depth:
            depth -= 1
    return None


def _alias_overflow(text: str) -> int | None:
    """Line of the first alias past MAX_ALIASES, or None (aliases are counted before anything is expanded)."""
    # An alias needs an anchor ('&name'); skip the extra scan for documents without one.
    if text.count("*") <= MAX_ALIASES or not re.search(r"&[^\s&;]", text):
        return None
    count = 0
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
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
        for token in yaml.scan(text, Loader=_BaseLoader):
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
            diags.error(file, 1, "", f"filen är för stor (mer än {MAX_BYTES//1000} kB, högst {MAX_BYTES//1000} kB är tillåtet); dela upp den")
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
    flow = _flow_problem(text)
    if flow is not None:
        diags.error(file, flow[0], "", flow[1])
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
        for token in yaml.scan(text, Loader=_BaseLoader):
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
        raw = _read_bounded(path)
    except _NotAFile as e:
        diags.error(shown, 0, "", f"{e.kind}, inte en vanlig fil; ange en YAML-fil (.yaml)")
        return None
    except OSError as e:
        diags.error(shown, 0, "", f"filen kan inte läsas ({_os_reason(e)})")
        return None
    return parse_yaml(raw, shown, diags)


class _NotAFile(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _read_bounded(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file (parse_yaml refuses more).

    Opened without blocking, so a FIFO cannot hang the read; devices (/dev/zero),
    FIFOs and folders are refused before a byte is read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("det är en mapp" if stat.S_ISDIR(mode) else
                    "det är en FIFO (namngiven pipe)" if stat.S_ISFIFO(mode) else
                    "det är en enhet (t.ex. /dev/zero)" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                    "det är en socket eller annan specialfil")
            raise _NotAFile(kind)
        chunks = []
        left = MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _os_reason(e: OSError) -> str:
    """The reason of a file error in Swedish (strerror is English)."""
    import errno

    reasons = {
        errno.ENOENT: "filen finns inte",
        errno.EACCES: "behörighet saknas",
        errno.EPERM: "behörighet saknas",
        errno.EISDIR: "det är en mapp",
        errno.ELOOP: "för många symboliska länkar i rad",
        errno.ENAMETOOLONG: "sökvägen är för lång",
        errno.ENOTDIR: "en del av sökvägen är inte en mapp",
        errno.EIO: "in- eller utmatningsfel",
    }
    return reasons.get(e.errno, f"systemfel {e.errno}" if e.errno else "okänt systemfel")

"""Personal data in published files: identity numbers, e-mail addresses, phone numbers.

Every file of a project is published (the site, the Word documents and the
repository itself), so personal data may not be in any of them. This module is
the one detector; `validate.py` asks it about every YAML value and comment, and
`scan_templates` asks it about every template.

Matching runs on a normalised copy of the text: HTML entities and %-escapes
decoded, NFKC (full-width digits, non-breaking spaces and hyphens become plain
ones), every dash-like character a '-', invisible characters (zero-width
space, soft hyphen, BOM) removed and runs of white space one space. So
`19121212–1212`, `121212 – 1212` and `070–123 45 67` are found like their
ASCII forms. A personnummer must also have a valid date part and check digit,
so ordinary numbers (years, amounts, dates, organisation numbers) pass.
"""
from __future__ import annotations

import functools
import html
import re
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Iterator

# --- normalisation -----------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
# Characters that show nothing: format characters (zero-width space and joiners, soft hyphen, BOM,
# bidi marks, tags) and a few letters and symbols drawn blank (Hangul fillers, braille blank).
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"]
    + [chr(c) for c in range(0xE0000, 0xE0080)]
    + list("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0"))


def _char_class(chars: set[str]) -> str:
    """A regex class of `chars` written as ranges (a long list of single characters matches slowly)."""
    codes, parts, i = sorted(map(ord, chars)), [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


_ODD_RE = re.compile(_char_class(_INVISIBLE | set(_DASHES)))
_SPACES = re.compile(r"\s+")


def is_blank(text: str) -> bool:
    """True when the text shows nothing: only white space (NBSP, thin space …) and invisible characters."""
    return all(ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp")
               for ch in text)


@functools.lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """The text as a reader sees it, in plain ASCII punctuation (see the module docstring)."""
    if "&" in text or "%" in text:
        text = urllib.parse.unquote(html.unescape(text))
    if not text.isascii():
        text = _ODD_RE.sub(lambda m: "-" if m.group() in _DASHES else "", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", text)


# --- personnummer and samordningsnummer ----------------------------------------------------

# [century] YYMMDD, an optional '-' or '+' (100 years or older), possibly spaced, then four digits.
PNR_RE = re.compile(r"(?<![\d:])(18|19|20)?(\d{2})(\d{2})(\d{2}) ?([-+])? ?(\d{4})(?![\d:])")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def has_personnummer(text: str) -> bool:
    """A Swedish personnummer or samordningsnummer (10 or 12 digits, any dash or none, valid check digit).
    The month must be 01–12 and the day 01–31 (61–91 for a samordningsnummer): an organisation number
    has a third digit of 2 or more, so 232100-0255 is not one."""
    for match in PNR_RE.finditer(normalise(text)):
        _, yy, mm, dd, _, tail = match.groups()
        day = int(dd)
        if not 1 <= int(mm) <= 12:
            continue
        if not (1 <= day <= 31 or 61 <= day <= 91):
            continue
        if _luhn_ok(yy + mm + dd + tail):
            return True
    return False


# --- e-mail addresses ----------------------------------------------------------------------

EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")


def emails(text: str) -> list[str]:
    return EMAIL_RE.findall(normalise(text))


# Free and private mail services: an address there belongs to a person, never to a centre.
PRIVATE_MAIL_DOMAINS = frozenset("""
    gmail.com googlemail.com hotmail.com hotmail.se hotmail.co.uk outlook.com outlook.se live.com live.se
    msn.com yahoo.com yahoo.se ymail.com icloud.com me.com mac.com aol.com protonmail.com proton.me pm.me
    gmx.com gmx.net gmx.se mail.com tutanota.com tuta.io fastmail.com zoho.com yandex.com mail.ru
    telia.com spray.se bredband.net bredband2.com comhem.se tele2.se passagen.se home.se swipnet.se
    glocalnet.net bahnhof.se hem.utfors.se
""".split())

# Words a function address is built from (compared without å/ä/ö and case). A part of the local
# part that starts with one of these names a function: familjecentralen.exempelby@, info@, bvc.hoor@.
FUNCTION_WORDS = (
    "familjecentral", "familjecentrum", "familjestod", "familjeradgivning", "foraldra", "info", "kontakt",
    "bvc", "mvc", "bmm", "bhv", "khv", "barnmorsk", "barnavard", "barnhalsovard", "modrahalsovard", "modravard",
    "oppenforskola", "oppnaforskola", "forskola", "socialtjanst", "socialforvaltning", "ifo", "kommun", "region",
    "vardcentral", "halsocentral", "mottagning", "reception", "expedition", "kansli", "registrator", "diarium",
    "post", "epost", "kundtjanst", "vaxel", "service", "support", "kontor", "samordnare", "radgivning",
    "forvaltning", "namnd", "enhet", "verksamhet",
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def function_address_problem(address: str) -> str | None:
    """Why `address` is not a function address, in Swedish; None when it is one.

    The rule: the domain is not a free or private mail service (gmail.com, hotmail.com …), and a part
    of the local part (split at . _ - +) starts with a function word (familjecentral, info, kontakt,
    bvc, mvc, reception …, see FUNCTION_WORDS), and no part is a lone initial (f.efternamn)."""
    local, _, domain = normalise(address).strip().rpartition("@")
    domain = domain.lower().rstrip(".")
    if any(domain == d or domain.endswith("." + d) for d in PRIVATE_MAIL_DOMAINS):
        return (f"{domain} är en privat e-posttjänst; contact_email ska vara en funktionsadress hos "
                "organisationen (t.ex. familjecentralen@kommun.se), inte en persons adress")
    parts = [_fold(p) for p in re.split(r"[._+-]+", local) if p]
    if any(len(p) == 1 and p.isalpha() for p in parts) or not any(p.startswith(FUNCTION_WORDS) for p in parts):
        return ("contact_email ska vara en funktionsadress, inte en persons adress (förnamn.efternamn, "
                "f.efternamn): delen före @ ska innehålla ett funktionsord som familjecentralen, info, "
                "kontakt, bvc, mvc, reception eller expedition, t.ex. familjecentralen.exempelby@kommun.se")
    return None


# --- phone numbers --------------------------------------------------------------------------

_SEP = r"(?: ?[-/.] ?| )"
PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[.,:/-])(?<!\d )"              # not inside a word, a number or a group of thousands
    r"(?:"
    rf"(?P<intl>(?:\+|00) ?46{_SEP}?(?:\( ?0 ?\){_SEP}?)?[1-9](?:{_SEP}?\d){{5,9}})"  # +46 (0)70-123 45 67
    rf"|(?P<paren>\( ?0[1-9]\d{{0,2}} ?\){_SEP}?\d(?:{_SEP}?\d){{4,8}})"              # (070) 123 45 67
    rf"|(?P<national>0[1-9](?:{_SEP}?\d){{6,9}})"                                      # 070/123 45 67, 08-123 456 78
    r")"
    r"(?!\d|[.,:/-]\d| ?(?:kr|kronor|sek|tkr|mkr)\b)", re.IGNORECASE)
# Shapes of dates and clock times that the national pattern would otherwise take: 01.05.2024, 08.00-12.00.
_NOT_PHONE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})$|^\d{1,2}[.:]\d{2} ?- ?\d{1,2}[.:]\d{2}$")
MOBILE_PREFIXES = ("070", "072", "073", "076", "079")


def phones(text: str) -> list[str]:
    """Swedish phone numbers in their common written forms (see PHONE_RE), as written."""
    return [m.group(0) for m in PHONE_RE.finditer(normalise(text)) if not _NOT_PHONE.match(m.group(0))]


def national_digits(number: str) -> str:
    """070-123 45 67, +46 (0)70-123 45 67, 0046 70 … -> 0701234567."""
    text = normalise(number).strip()
    text = re.sub(r"\( ?0 ?\)", "", text)
    digits = re.sub(r"\D", "", text)
    if text.startswith("+46"):
        return "0" + digits[2:]
    if text.startswith("0046"):
        return "0" + digits[4:]
    return digits


def is_mobile(number: str) -> bool:
    return national_digits(number).startswith(MOBILE_PREFIXES)


def phone_field_problem(value: str) -> str | None:
    """Why `value` is not a function phone number, in Swedish; None when it is one."""
    if is_mobile(value):
        return ("contact_phone får inte vara ett mobilnummer (070, 072, 073, 076, 079): mobilnummer hör till "
                "personer och filerna publiceras; ange ett funktionsnummer, t.ex. växeln eller "
                "mottagningens nummer (0413-123 45, 08-123 456 78, 0771-…)")
    return None


# --- the guards per field ------------------------------------------------------------------

MSG_PNR = "innehåller ett personnummer eller samordningsnummer; filerna publiceras, så sådana uppgifter får inte finnas här"
MSG_EMAIL = "texten innehåller en e-postadress; filerna publiceras, så ange bara en funktionsadress i fältet contact_email"
MSG_PHONE = "texten innehåller ett telefonnummer; filerna publiceras, så ange bara ett funktionsnummer i fältet contact_phone"
MSG_URL_EMAIL = "adressen innehåller en e-postadress; filerna publiceras, så en länk får inte bära personuppgifter"
MSG_URL_PHONE = "adressen innehåller ett telefonnummer; filerna publiceras, så en länk får inte bära personuppgifter"


def value_problems(key: object, value: str) -> list[str]:
    """Swedish messages for personal data in one YAML value; `key` is the field name it stands under.

    contact_email takes one function address, contact_phone one function number (no mobile),
    url no e-mail address or phone number; every other text none of them. No field takes a
    personnummer."""
    out = []
    if has_personnummer(value):
        out.append("texten " + MSG_PNR)
    if key == "contact_email":
        found = emails(value)
        problem = function_address_problem(found[0] if found else value)
        if problem:
            out.append(problem)
    elif key == "contact_phone":
        if emails(value):
            out.append(MSG_EMAIL)
        elif not out:
            problem = phone_field_problem(value)
            if problem:
                out.append(problem)
    elif key == "url":
        if emails(value):
            out.append(MSG_URL_EMAIL)
        elif phones(value):
            out.append(MSG_URL_PHONE)
    elif emails(value):
        out.append(MSG_EMAIL)
    elif phones(value):
        out.append(MSG_PHONE)
    return out


# --- templates ------------------------------------------------------------------------------

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


def template_files(root: Path, folders: list[Path]) -> Iterator[Path]:
    """Regular text-candidate files under `folders` that stay inside the project (symlinks out are
    not read here; the template loader refuses them)."""
    root = root.resolve()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            try:
                real = path.resolve()
                real.relative_to(root)
            except (OSError, ValueError):
                continue
            if path.parent.name == "vendor" and ".LICENSE" in path.name:
                continue  # a vendored library's licence text (assets/vendor), reproduced verbatim as it requires
            if path.is_file():
                yield path


def template_problems(text: str) -> Iterator[tuple[int, str]]:
    """(line, Swedish message) for personal data in a template. A template may hold what the
    contact fields accept (a function address, a switchboard number), nothing else."""
    for number, line in enumerate(text.splitlines(), 1):
        if has_personnummer(line):
            yield number, "mallen " + MSG_PNR
        for address in emails(line):
            if function_address_problem(address):
                yield number, (f"mallen innehåller e-postadressen {address}, som inte är en funktionsadress; "
                               "mallarna publiceras, så bara funktionsadresser (t.ex. familjecentralen@kommun.se, "
                               "inte förnamn.efternamn eller gmail.com) får stå här")
                break
        for phone in phones(line):
            if is_mobile(phone):
                yield number, ("mallen innehåller ett mobilnummer (070, 072, 073, 076, 079); mallarna publiceras, "
                               "så bara funktionsnummer (t.ex. växeln) får stå här")
                break


def scan_templates(root: Path, folders: list[Path], diags, shown) -> None:
    """Report personal data in every text file under the template folders (located: path:line)."""
    for path in template_files(root, folders):
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_TEMPLATE_BYTES + 1)
        except OSError:
            continue
        if len(data) > MAX_TEMPLATE_BYTES or b"\0" in data:
            continue  # not a text template (the Word template, images)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for line, message in template_problems(text):
            diags.error(shown(path), line, "", message)

"""The one Swedish formatter, for the site, the drafts, Word and messages: numbers,
quantities with units, amounts, percentages, months, dates, lists and counts.

A value is shown exactly as the author gave it (decimal comma, no rounding), so
a value that breaks a rule can never be printed as if it met it: 14.9999 h is
"14,9999", never "15". Python's shortest round-trip text of a float is the
value the YAML file held, so nothing is added or lost. Numbers from 10 000 up
are grouped in threes with a no-break space ("200 000"), as Swedish writes them.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

NBSP = "\u00a0"

# The formatters' own words (the browser form's engine reads them through form_bundle.py).
WORDS = {"yes": "ja", "no": "nej", "none": "inga", "and": "och", "currency": "kr"}

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

OPERATOR_NAMES = {
    "modrahalsovard": "mödrahälsovård",
    "barnhalsovard": "barnhälsovård",
    "oppen_forskola": "öppen förskola",
    "forebyggande_socialtjanst": "förebyggande socialtjänst",
}


def _group(digits: str) -> str:
    if len(digits) < 5:  # 4-digit numbers stay as they are ("1500"), as Swedish usage allows
        return digits
    head = len(digits) % 3 or 3
    return digits[:head] + "".join(NBSP + digits[i:i + 3] for i in range(head, len(digits), 3))


def number_sv(x: float | int | bool) -> str:
    """12.75 -> "12,75", 15.0 -> "15", 14.9999 -> "14,9999", 200000 -> "200 000", True -> "ja"."""
    if isinstance(x, bool):
        return WORDS["yes"] if x else WORDS["no"]
    if isinstance(x, int):
        text = str(abs(x))
        return ("-" if x < 0 else "") + _group(text)
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):  # the models refuse these; never crash on them
        return str(x)
    if x.is_integer() and abs(x) < 1e15:
        return number_sv(int(x))
    # repr() is the shortest text that reads back as exactly this float; Decimal spells
    # it without an exponent (1e-05 -> 0.00001).
    text = format(Decimal(repr(x)), "f") if abs(x) < 1e15 else repr(x)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = text.partition(".")
    return sign + _group(whole) + ("," + frac if frac else "")


def count_sv(n: int, one: str, many: str) -> str:
    """3, "regel", "regler" -> "3 regler"; 1 -> "1 regel"."""
    return f"{number_sv(n)} {one if n == 1 else many}"


def unit_for(value: Any, unit: str | list[str] | tuple[str, ...] | None) -> str:
    """The unit that goes with `value`: a unit given as [singular, plural] agrees with the number."""
    if not unit:
        return ""
    if isinstance(unit, str):
        return unit
    one, many = unit[0], unit[-1]
    return one if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 1 else many


def quantity_sv(value: float | int, unit: str | list[str] | tuple[str, ...] | None) -> str:
    """15, "timmar i veckan" -> "15 timmar i veckan"; 15, "%" -> "15 %"; 1, ["vecka", "veckor"] -> "1 vecka"."""
    text = number_sv(value)
    u = unit_for(value, unit)
    return f"{text}{NBSP}{u}" if u else text


def amount_sv(amount: int | float) -> str:
    """200000 -> "200 000 kr"."""
    return quantity_sv(amount, WORDS["currency"])


def percent_sv(x: float | int) -> str:
    """15 -> "15 %" (a space before the sign, as Swedish writes it)."""
    return quantity_sv(x, "%")


def month_sv(n: int) -> str:
    return MONTHS[n - 1]


def join_sv(items: Iterable[Any], last: str = WORDS["and"]) -> str:
    """["a", "b", "c"] -> "a, b och c"."""
    items = [str(i) for i in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def months_sv(ns: Iterable[int]) -> str:
    """[6, 7, 8] -> "juni, juli och augusti"."""
    return join_sv(month_sv(n) for n in ns)


def date_sv(d) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


# The guidance's version as drafts, the region page and its change log say it (models.GuidanceInfo).
GUIDANCE_VERSION = {"plain": "version {version}", "dated": "version {version} av {date}"}


def guidance_version(guidance) -> str:
    """"version Reviderad 2024", with the date where the version's name lacks it (GuidanceInfo.dated)."""
    if guidance.dated:
        return GUIDANCE_VERSION["dated"].format(version=guidance.version, date=date_sv(guidance.date))
    return GUIDANCE_VERSION["plain"].format(version=guidance.version)


def operator_sv(op: Any) -> str:
    key = getattr(op, "value", op)
    return OPERATOR_NAMES.get(key, str(key))


def operator_list(ops: Iterable[Any]) -> str:
    """Operator ids as Swedish names: "mödrahälsovård och barnhälsovård"; none -> "inga"."""
    names = [operator_sv(o) for o in ops]
    return join_sv(names) if names else WORDS["none"]


# Swedish alphabetical order: å, ä, ö after z (and æ, ø as ä, ö; ü as y; accents as the letter).
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y", "é": "e", "è": "e",
                           "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u", "ç": "c", "ñ": "n"})


def sv_sort_key(text: str) -> tuple[str, str]:
    """Sort key for Swedish collation (SS 62 60 30 in short): letters case-blind, å ä ö last,
    punctuation ignored; the text itself breaks ties so the order is total."""
    folded = "".join(ch for ch in text.casefold() if ch.isalnum() or ch == " ").strip()
    return folded.translate(_SV_ORDER), text

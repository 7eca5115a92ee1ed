"""The one Swedish number formatter, for the site, the drafts, Word and messages.

A value is shown exactly as the author gave it (decimal comma, no rounding), so
a value that breaks a rule can never be printed as if it met it: 14.9999 h is
"14,9999", never "15". Python's shortest round-trip text of a float is the
value the YAML file held, so nothing is added or lost.
"""
from __future__ import annotations

from decimal import Decimal


def number_sv(x: float | int | bool) -> str:
    """12.75 -> "12,75", 15.0 -> "15", 14.9999 -> "14,9999", True -> "ja"."""
    if isinstance(x, bool):
        return "ja" if x else "nej"
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):  # the models refuse these; never crash on them
        return str(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    # repr() is the shortest text that reads back as exactly this float; Decimal spells
    # it without an exponent (1e-05 -> 0.00001).
    text = format(Decimal(repr(x)), "f") if abs(x) < 1e15 else repr(x)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# Swedish alphabetical order: å, ä, ö after z (and æ, ø as ä, ö; ü as y; accents as the letter).
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y", "é": "e", "è": "e",
                           "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u", "ç": "c", "ñ": "n"})


def sv_sort_key(text: str) -> tuple[str, str]:
    """Sort key for Swedish collation (SS 62 60 30 in short): letters case-blind, å ä ö last,
    punctuation ignored; the text itself breaks ties so the order is total."""
    folded = "".join(ch for ch in text.casefold() if ch.isalnum() or ch == " ").strip()
    return folded.translate(_SV_ORDER), text

"""Swedish text for every pydantic error type and for our own checks.

Translate by `type` (never parse the English `msg`); a test fails when a
type without a translation shows up.
"""
from __future__ import annotations

from typing import Any


def _allowed(ctx: dict) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace(" or ", ", ").replace("'", "")


def _show(value: Any) -> str:
    """The author's value as YAML would show it (never Python's None/True/['a'])."""
    if value is None:
        return "ett tomt värde"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "en samling fält (nyckel: värde)"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


def _posts(n: Any) -> str:
    return f"{n} post" if n == 1 else f"{n} poster"


def _tags(ctx: dict) -> str:
    tags = ctx.get("expected_tags") or ctx.get("expected") or ""
    return str(tags).replace("'", "")


PYDANTIC: dict[str, Any] = {
    "missing": lambda e: "fältet saknas men är obligatoriskt",
    "extra_forbidden": lambda e: "okänt fält (stavfel?); se schemat för tillåtna fält",
    "string_type": lambda e: f"ska vara en text, inte {_show(e['input'])}",
    "string_too_short": lambda e: "får inte vara tom",
    "blank_text": lambda e: "får inte vara tom: bara mellanslag, hårda mellanslag eller osynliga tecken räknas inte som text",
    "string_too_long": lambda e: f"är för lång (högst {e['ctx'].get('max_length')} tecken)",
    "string_pattern_mismatch": lambda e: f"{_show(e['input'])} har fel form (förväntat mönster {e['ctx'].get('pattern')}); id skrivs med små bokstäver a–z, siffror och bindestreck",
    "search_word": lambda e: f"{_show(e['input'])} är inget sökord: skriv bara bokstäver, siffror, mellanslag, "
                             "bindestreck och apostrof (ingen Markdown eller HTML)",
    "int_type": lambda e: f"ska vara ett heltal, inte {_show(e['input'])}",
    "int_parsing": lambda e: f"ska vara ett heltal, inte {_show(e['input'])}",
    "int_from_float": lambda e: f"ska vara ett heltal, inte {_show(e['input'])}",
    "float_type": lambda e: f"ska vara ett tal, inte {_show(e['input'])}",
    "float_parsing": lambda e: f"ska vara ett tal, inte {_show(e['input'])}",
    "bool_type": lambda e: f"ska vara true eller false, inte {_show(e['input'])}",
    "bool_parsing": lambda e: f"ska vara true eller false, inte {_show(e['input'])}",
    "list_type": lambda e: f"ska vara en lista (rader som börjar med '- '), inte {_show(e['input'])}",
    "dict_type": lambda e: f"ska vara en samling fält (nyckel: värde), inte {_show(e['input'])}",
    "model_type": lambda e: f"ska vara en samling fält (nyckel: värde), inte {_show(e['input'])}",
    "model_attributes_type": lambda e: f"ska vara en samling fält (nyckel: värde), inte {_show(e['input'])}",
    "too_short": lambda e: f"måste ha minst {_posts(e['ctx'].get('min_length'))}",
    "too_long": lambda e: f"får ha högst {_posts(e['ctx'].get('max_length'))}",
    "greater_than": lambda e: f"{_show(e['input'])} är för litet; måste vara större än {e['ctx'].get('gt')}",
    "greater_than_equal": lambda e: f"{_show(e['input'])} är för litet; minsta tillåtna värde är {e['ctx'].get('ge')}",
    "less_than": lambda e: f"{_show(e['input'])} är för stort; måste vara mindre än {e['ctx'].get('lt')}",
    "less_than_equal": lambda e: f"{_show(e['input'])} är för stort; största tillåtna värde är {e['ctx'].get('le')}",
    "enum": lambda e: f"{_show(e['input'])} är inte ett tillåtet värde (tillåtna: {_allowed(e['ctx'])})",
    "literal_error": lambda e: f"{_show(e['input'])} är inte ett tillåtet värde (tillåtna: {_allowed(e['ctx'])})",
    "union_tag_invalid": lambda e: f"{_show(e['ctx'].get('tag'))} är inte en känd regeltyp (tillåtna: {_tags(e['ctx'])})",
    "union_tag_not_found": lambda e: f"fältet '{e['ctx'].get('discriminator', 'type').strip(chr(39))}' saknas; det anger vilken sorts regel det är",
    "rule_value_type": lambda e: (f"ska vara ett tal, en text, true/false eller en lista av tal eller texter "
                                  f"([a, b]), inte {_show(e['input'])}"),
    "unit_type": lambda e: (f"ska vara en enhet som text (\"procent\") eller som [ental, flertal] "
                            f"([timme, timmar]), inte {_show(e['input'])}"),
    "date_type": lambda e: f"ska vara ett datum på formen ÅÅÅÅ-MM-DD, inte {_show(e['input'])}",
    "date_parsing": lambda e: f"{_show(e['input'])} är inte ett giltigt datum (skriv ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": lambda e: f"{_show(e['input'])} är inte ett giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. \"2025-01-01\")",
    "date_from_datetime_inexact": lambda e: f"{_show(e['input'])} är inte ett giltigt datum (skriv ÅÅÅÅ-MM-DD)",
    "reserved_name": lambda e: (f"{_show(e['input'])} är ett namn som Windows reserverar för en enhet "
                                f"(con, prn, aux, nul, com1–com9, lpt1–lpt9); en fil eller mapp med det namnet "
                                f"kan inte sparas eller checkas ut i Windows. Välj ett annat id"),
    "law_number": lambda e: (f"{_show(e['input'])} är inget kapitel- eller paragrafnummer; skriv ett tal "
                             f"(23) eller ett tal och en bokstav (\"9 c\")"),
    "org_number_form": lambda e: (f"{_show(e['input'])} är inget organisationsnummer; skriv tio siffror "
                                  f"som NNNNNN-NNNN, t.ex. \"212000-1355\" (inom citattecken)"),
    "org_number_person": lambda e: (f"{_show(e['input'])} ser ut som ett personnummer (tredje siffran är 0 eller 1); "
                                    f"ett organisationsnummer har 2 eller högre som tredje siffra. Filerna publiceras, "
                                    f"så personnummer får inte stå här"),
    "org_number_check": lambda e: (f"{_show(e['input'])} har fel kontrollsiffra: den sista siffran ska vara "
                                   f"{e['ctx'].get('expected')} enligt de nio första; kontrollera numret mot "
                                   f"Bolagsverkets eller Skatteverkets uppgift"),
    "finite_number": lambda e: f"ska vara ett vanligt tal, inte {_show(e['input'])}",
    "value_error": lambda e: str(e.get("ctx", {}).get("error", "ogiltigt värde")),
    "assertion_error": lambda e: str(e.get("ctx", {}).get("error", "ogiltigt värde")),
    "frozen_instance": lambda e: "värdet får inte ändras",
    "is_instance_of": lambda e: f"har fel typ: {_show(e['input'])}",
}


def translate(error: dict) -> str:
    handler = PYDANTIC.get(error["type"])
    if handler is None:
        return f"ogiltigt värde ({error['type']})"
    try:
        return handler(error)
    except (KeyError, TypeError):
        return f"ogiltigt värde ({error['type']})"

"""Personal data, every form (issue 12, item 5; review cases R01–R13, T06).

The detector in generator/privacy.py, table-driven: each positive must be
found, each negative (ordinary numbers in guidance texts) must pass. The
command-line cases are in tests/corpus/cases-privacy.yaml.
"""
from __future__ import annotations

import pytest

from generator import privacy

# --- personnummer and samordningsnummer -----------------------------------------------------

PNR_FOUND = [
    "19121212-1212",                     # century, ASCII hyphen
    "121212-1212",
    "191212121212",                      # no separator
    "1212121212",
    "19121212\u20131212",                # en dash (R03)
    "121212 \u2013 1212",                # spaced en dash (R04)
    "121212\u20111212",                  # non-breaking hyphen (R05)
    "121212\u20101212",                  # hyphen U+2010
    "121212\u20141212",                  # em dash
    "121212\u22121212",                  # minus sign
    "121212\u00a0-\u00a01212",           # non-breaking spaces around the dash
    "121212\u2009\u20131212",            # thin space
    "121212 1212",                       # space only
    "121212+1212",                       # 100 years or older
    "19701063-2391",                     # samordningsnummer (day + 60)
    "701063\u20132391",
    "Kontakt: 811228-9874.",
    "121212\u200b-1212",                 # zero-width space inside
    "\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12",  # full-width digits
    "pnr=191212121212&x=1",
    "121212&#8211;1212",                 # en dash as an HTML entity
]

PNR_NOT_FOUND = [
    "Region Skåne har organisationsnummer 232100-0255.",   # month 21: organisation number
    "SFS 2025:400",
    "26 kap. 1 § OSL",
    "2024-05-01",
    "Åren 2022\u20132023 och 2019-2021.",
    "200 000 kr per år",
    "1 250 000 kronor",
    "ISBN 978-91-44-12345-6",
    "ISBN 9789144123456",
    "121212-1213",                        # wrong check digit
    "121312-1212",                        # month 13
    "121232-1212",                        # day 32
    "s. 120\u2013135",
    "45 %",
    "https://lagen.nu/2010:800",
    "10:30-12:00",
    "0413-280 00",
]


@pytest.mark.parametrize("text", PNR_FOUND)
def test_personnummer_found(text):
    assert privacy.has_personnummer(text)


@pytest.mark.parametrize("text", PNR_NOT_FOUND)
def test_personnummer_not_found(text):
    assert not privacy.has_personnummer(text)


# --- phone numbers --------------------------------------------------------------------------

PHONE_FOUND = [
    "Ring +46 (0)70-123 45 67",           # R06
    "070/123 45 67",                      # R07
    "(070) 123 45 67",                    # R08
    "+46-70-123 45 67",                   # R09
    "070\u2013123 45 67",                 # R10 en dash
    "070.123.45.67",                      # R11
    "0701234567",
    "08-123 456 78",
    "+46701234567",
    "0046 70 123 45 67",
    "070-123 45 67",
    "tel 070 - 123 45 67",
    "0413-280 00",
    "(0413) 280 00",
    "070\u00a0123\u00a045\u00a067",      # non-breaking spaces
    "070\u2011123\u202f45\u202f67",      # non-breaking hyphen, narrow no-break space
    "+46\u00a08\u00a0123\u00a0456\u00a078",
    "[ring](tel:0701234567)",
    "https://example.se/ring/0701234567",  # R13
    "070-123 45 67.",
]

PHONE_NOT_FOUND = [
    "Åren 2022\u20132023",
    "2024-05-01",
    "200 000 kr",
    "12 070 000 000 kr",
    "070 000 000 kr",
    "SFS 2025:400",
    "26 kap. 1 §",
    "Öppet 08.00\u201312.00 och 13.00-16.00",
    "kl. 08:30-16:30",
    "01.05.2024",
    "organisationsnummer 232100-0255",
    "ISBN 978-91-44-12345-6",
    "ISBN 0-19-852663-6",
    "0,5 heltidstjänst",
    "45 %",
    "https://lagen.nu/2010:800",
    "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/offentlighets-och-sekretesslag-2009400_sfs-2009-400/",
    "version 0.2.1",
    "0 till 6 år",
]


@pytest.mark.parametrize("text", PHONE_FOUND)
def test_phone_found(text):
    assert privacy.phones(text), text


@pytest.mark.parametrize("text", PHONE_NOT_FOUND)
def test_phone_not_found(text):
    assert privacy.phones(text) == [], text


# --- e-mail addresses -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["anna.andersson@gmail.com", "Mejla kalle.k@example.se.", "åsa@exempel.se",
                                  "anna.andersson&#64;gmail.com", "anna.andersson%40gmail.com",
                                  "anna.andersson\uff20gmail.com",
                                  "https://example.se/kontakt/anna.andersson@gmail.com"])
def test_email_found(text):
    assert privacy.emails(text), text


@pytest.mark.parametrize("text", ["Se @exempel på twitter", "a @ b", "SFS 2025:400", "https://www.familjecentraler.se/"])
def test_email_not_found(text):
    assert privacy.emails(text) == []


# --- contact fields: the function-address and function-number rules (R01, R02) --------------

FUNCTION_ADDRESSES = [
    "familjecentralen@hoor.se",
    "familjecentralen.exempelgarden@exempel.se",
    "info@familjecentralen-exempelby.se",
    "bvc.exempelby@skane.se",
    "Kontakt@Exempel.SE",
    "hoor.familjecentral@hoor.se",
    "oppnaforskolan@lund.se",
    "mottagningen-bmm@skane.se",
]

PERSONAL_ADDRESSES = [
    "anna.andersson@gmail.com",           # R01
    "familjecentralen@gmail.com",         # function word, but a private service
    "info@hotmail.se",
    "familjecentralen@mail.icloud.com",
    "anna.andersson@hoor.se",             # förnamn.efternamn
    "a.andersson@hoor.se",                # f.efternamn
    "f.familjecentralen@hoor.se",         # a lone initial
    "annaandersson@hoor.se",
    "kalle_k@exempel.se",
]


@pytest.mark.parametrize("address", FUNCTION_ADDRESSES)
def test_function_address_accepted(address):
    assert privacy.function_address_problem(address) is None


@pytest.mark.parametrize("address", PERSONAL_ADDRESSES)
def test_personal_address_refused(address):
    problem = privacy.function_address_problem(address)
    assert problem and "funktionsadress" in problem


@pytest.mark.parametrize("number", ["070-123 45 67", "+46 70 123 45 67", "0046 (0)73-123 45 67", "0721234567",
                                    "076\u2013123 45 67", "+46-79-123 45 67"])
def test_mobile_number_refused_in_contact_phone(number):
    problem = privacy.phone_field_problem(number)
    assert problem and "mobilnummer" in problem


@pytest.mark.parametrize("number", ["0413-123 45", "08-123 456 78", "0771-123 456", "+46 413 280 00", "040-123 45 67"])
def test_function_number_accepted_in_contact_phone(number):
    assert privacy.phone_field_problem(number) is None


def test_every_field_has_its_own_guard():
    """contact_* and url are not a free pass: each field is checked for what it may not hold."""
    assert privacy.value_problems("contact_email", "anna.andersson@gmail.com")
    assert privacy.value_problems("contact_email", "familjecentralen@exempel.se") == []
    assert privacy.value_problems("contact_phone", "070-123 45 67")
    assert privacy.value_problems("contact_phone", "kalle@exempel.se")
    assert privacy.value_problems("contact_phone", "0413-280 00") == []
    assert privacy.value_problems("url", "https://example.se/kontakt/anna.andersson@gmail.com")
    assert privacy.value_problems("url", "https://example.se/ring/0701234567")
    assert privacy.value_problems("url", "https://lagen.nu/2010:800") == []
    for key in ("contact_email", "contact_phone", "url", "text"):
        assert any("personnummer" in p for p in privacy.value_problems(key, "121212\u20131212"))


# --- blank text (G08, G10) --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\u2009\u202f", "\u200b", "\ufeff \u200d", "\t\n", "\u3000", "\u2800"])
def test_blank_text(text):
    assert privacy.is_blank(text)


@pytest.mark.parametrize("text", ["x", " Avvikelse ", "\u00a0a", "0"])
def test_not_blank_text(text):
    assert not privacy.is_blank(text)


def test_blank_text_is_refused_at_the_type_level():
    """Every Text and Markdown field: one type, one Swedish message (messages.py)."""
    from pydantic import ValidationError

    from generator import models as m
    from generator.messages import translate

    for value in ("   ", "\u00a0", "\u200b\u2009"):
        with pytest.raises(ValidationError) as exc:
            m.Deviation.model_validate({"rule": "skane-oppettider", "justification": value})
        (err,) = exc.value.errors()
        assert err["loc"] == ("justification",)
        assert translate(err).startswith("får inte vara tom")
    with pytest.raises(ValidationError):
        m.Clause.model_validate({"id": "a", "sources": [{"source": "s", "section": "1"}],
                                 "number": 1, "title": "T", "text": "\ufeff \n"})
    ok = m.Deviation.model_validate({"rule": "skane-oppettider", "justification": " Lokalen byggs om. "})
    assert ok.justification == " Lokalen byggs om. "  # kept as written


# --- templates (T06) ----------------------------------------------------------------------------

def test_template_problems_are_located_by_line():
    text = ("# {{ rr.region.name }}\n"
            "Frågor: familjecentralen@hoor.se eller växeln 0413-280 00.\n"   # what a contact field accepts
            "{% if x %}Ring 08-123 456 78{% endif %}\n"
            "Kontaktperson: 19121212\u20131212\n"
            "Mejla anna.andersson@gmail.com\n"
            "Mobil: +46 (0)70-123 45 67\n")
    found = list(privacy.template_problems(text))
    assert [line for line, _ in found] == [4, 5, 6]
    assert "personnummer" in found[0][1]
    assert "anna.andersson@gmail.com" in found[1][1] and "funktionsadress" in found[1][1]
    assert "mobilnummer" in found[2][1]


def test_bundled_templates_have_no_personal_data():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    folders = [root / "templates", *sorted((root / "guidance").glob("*/templates"))]
    scanned = list(privacy.template_files(root, folders))
    assert any(p.suffix == ".j2" for p in scanned)
    for path in scanned:
        data = path.read_bytes()
        if b"\0" in data:
            continue
        assert list(privacy.template_problems(data.decode("utf-8"))) == [], path


def test_template_scan_reads_no_file_outside_the_project(tmp_path):
    from generator.diagnostics import Diagnostics

    outside = tmp_path / "hemligt.txt"
    outside.write_text("19121212-1212\n", encoding="utf-8")
    root = tmp_path / "proj"
    folder = root / "templates" / "site"
    folder.mkdir(parents=True)
    (folder / "ute.md.j2").symlink_to(outside)
    (folder / "inne.md.j2").write_text("Rad ett\nanna.andersson@gmail.com\n", encoding="utf-8")
    (folder / "bild.png").write_bytes(b"\x89PNG\0\0 19121212-1212")  # binary: not a text template
    diags = Diagnostics()
    privacy.scan_templates(root, [root / "templates"], diags, lambda p: p.relative_to(root))
    assert [(str(d.file), d.line) for d in diags.errors] == [("templates/site/inne.md.j2", 2)]

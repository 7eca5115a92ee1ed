"""The agreement parts of a centre file, typed. No I/O.

What a signed *lokalt samverkansavtal* has beyond the centre's facts: organisation
numbers, the signing nämnd, extension of the term, definitions, the steering group's
rules, competence development, development questions, the annual report, economy,
premises with work environment and insurance, personal data, breach, disputes and
attachments. Every section has a default, so a short centre file still gives a
complete draft; the draft marks each value the file left out as a suggestion
(`pydantic`'s `model_fields_set` tells given from default).

Each field's `description` is the one Swedish explanation: the JSON Schema and the
commented file that `fcguide new-centre` writes both read it.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .models import Slug, Sourced, Strict, Text

# --- organisation number ----------------------------------------------------------------


def luhn_check_digit(nine: str) -> int:
    """The check digit of nine digits (Luhn, weights 2,1,2,1,… from the left)."""
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def _org_number(value):
    """NNNNNN-NNNN (or ten digits, or 16 + ten digits) with a valid check digit and a third digit
    of at least 2, which sets an organisation number apart from a personnummer (lag 1974:174,
    Skatteverket). A personnummer, also an enskild firma's, is refused: the files are published."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PydanticCustomError("org_number_form", "not an organisation number {input}", {"input": value})
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    rest = "".join(ch for ch in str(value) if not ch.isdigit()).strip()
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10 or rest not in ("", "-"):
        raise PydanticCustomError("org_number_form", "not an organisation number {input}", {"input": value})
    if int(digits[2]) < 2:
        raise PydanticCustomError("org_number_person", "third digit below 2 {input}", {"input": value})
    expected = luhn_check_digit(digits[:9])
    if int(digits[9]) != expected:
        raise PydanticCustomError("org_number_check", "wrong check digit {input}",
                                  {"input": value, "expected": expected})
    return f"{digits[:6]}-{digits[6:]}"


OrgNumber = Annotated[str, BeforeValidator(_org_number)]

# What `fcguide new-centre` writes where only the parties know the value; left there, it is an error.
PLACEHOLDER_PREFIX = "Ändra till"

# --- checklists: what other agreements contain, mapped to our clauses ----------------------


class ChecklistItem(Strict):
    text: Text                                              # the heading or point as the source has it
    clauses: Annotated[list[Slug], Field(min_length=1)]     # ids of the clauses that cover it


class Checklist(Sourced):
    title: Text
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


# --- the sections ----------------------------------------------------------------------------


class Extension(Strict):
    max_months: int = Field(title="Längsta förlängning (månader)", default=12, ge=0, le=120, description=(
        "Hur många månader avtalet längst kan förlängas efter avtalstiden (0 = ingen förlängning)."))
    how: Literal["skriftlig_overenskommelse", "automatisk"] = Field(title="Hur avtalet förlängs", default="skriftlig_overenskommelse", description=(
        "skriftlig_overenskommelse: parterna kommer överens skriftligt om förlängning; "
        "automatisk: avtalet förlängs om ingen part säger upp det före avtalstidens slut."))


class OwnDefinition(Strict):
    term: Text = Field(title="Begrepp", description="Begreppet.")
    definition: Text = Field(title="Definition", description="Vad begreppet betyder i avtalet.")


DEFAULT_TERMS = ("ord-familjecentral", "ord-familjecentralsliknande", "ord-samverkan", "ord-samlokalisering",
                 "ord-huvudman", "ord-namnd", "ord-styrgrupp", "ord-samordnare")


class Definitions(Strict):
    glossary: list[Slug] = Field(title="Begrepp ur ordlistan", default=list(DEFAULT_TERMS), description=(
        "Begrepp ur ordlistan (content/glossary.yaml) som avtalet definierar, med deras id."))
    own: list[OwnDefinition] = Field(title="Egna begrepp", default=[], description="Egna begrepp med definition, utöver ordlistans.")


class Steering(Strict):
    chair: Slug | Literal["roterande"] = Field(title="Ordförande", default="roterande", description=(
        "Styrgruppens ordförande: id för en part under parties, eller roterande (ordförandeskapet växlar "
        "mellan parterna varje år)."))
    meetings_per_year: int = Field(title="Möten per år", default=4, ge=1, le=52, description="Hur många gånger per år styrgruppen sammanträder.")
    convener: Text = Field(title="Kallar till möten", default="samordnaren", description="Vem som kallar till möten och skriver dagordning.")
    minutes_by: Text = Field(title="För minnesanteckningar", default="samordnaren", description="Vem som för minnesanteckningar eller protokoll.")
    decisions: Literal["enighet", "majoritet"] = Field(title="Beslut fattas med", default="enighet", description=(
        "Hur styrgruppen fattar beslut: enighet (alla parter är överens) eller majoritet."))


class Competence(Strict):
    activities: list[Text] = Field(title="Gemensam kompetensutveckling", default=[
        "gemensamma planeringsdagar för alla medarbetare",
        "gemensamma utbildningar om familjecentralens uppdrag, sekretess och samtycke",
        "introduktion av nya medarbetare i de andra verksamheternas uppdrag",
        "handledning eller kollegialt lärande över professionsgränserna",
    ], description="Den gemensamma kompetensutvecklingen: vad parterna gör tillsammans.")
    planning_days_per_year: int = Field(title="Planeringsdagar per år", default=2, ge=0, le=20, description="Gemensamma planeringsdagar per år.")
    cost: Literal["var_och_en", "gemensam"] = Field(title="Kostnaden betalas", default="var_och_en", description=(
        "var_och_en: varje part betalar sina medarbetares kostnader; gemensam: kostnaden fördelas som "
        "gemensam verksamhet under economy."))


class AnnualReport(Strict):
    prepared_by: Text = Field(title="Tas fram av", default="samordnaren tillsammans med styrgruppen", description="Vem som tar fram årsrapporten.")
    month: int = Field(title="Lämnas senast (månad)", default=3, ge=1, le=12, description="Senast vilken månad (1–12) årsrapporten för föregående år lämnas.")
    recipients: Text = Field(title="Lämnas till", default="respektive parts nämnd eller styrelse", description="Vem som får årsrapporten.")
    dialogue: bool = Field(title="Årligt dialogmöte", default=True, description="true: parterna har ett årligt dialogmöte om rapporten.")


CostItemId = Literal["lokaler", "samordnare", "gemensam_verksamhet", "material"]
COST_ITEMS = {"lokaler": "Lokaler", "samordnare": "Samordnarfunktionen",
              "gemensam_verksamhet": "Gemensamma aktiviteter", "material": "Material och förbrukning"}
SPLITS = {"lika_delar": "lika delar mellan parterna", "efter_yta": "efter den yta varje part använder",
          "efter_tjanster": "efter antalet tjänster varje part har på familjecentralen",
          "en_part": "betalas av en part", "annan": "enligt särskild överenskommelse"}


class Cost(Strict):
    item: CostItemId = Field(title="Kostnad", description="Kostnaden: lokaler, samordnare, gemensam_verksamhet eller material.")
    split: Literal["lika_delar", "efter_yta", "efter_tjanster", "en_part", "annan"] = Field(title="Fördelning", default="lika_delar", description=(
        "Hur kostnaden fördelas: lika_delar, efter_yta, efter_tjanster, en_part (ange party) eller annan (ange note)."))
    party: Slug | None = Field(title="Betalande part", default=None, description="Parten som betalar, när split är en_part.")
    amount_sek: int | None = Field(title="Belopp (kr per år)", default=None, ge=0, le=100_000_000, description="Belopp i kronor per år, om det är känt.")
    note: Text | None = Field(title="Förklaring", default=None, description="Förklaring, t.ex. hur en annan fördelning går till.")


def _default_costs() -> list[Cost]:
    return [Cost(item=i) for i in COST_ITEMS]


class Invoicing(Strict):
    by: Slug | None = Field(title="Fakturerande part", default=None, description=(
        "Parten som betalar gemensamma kostnader och fakturerar de andra (id under parties); "
        "utan värde den part som hyr lokalerna."))
    interval: Literal["månad", "kvartal", "halvår", "år"] = Field(title="Fakturering", default="halvår", description="Hur ofta parterna fakturerar varandra.")
    in_arrears: bool = Field(title="I efterskott", default=True, description="true: i efterskott; false: i förskott.")


class Economy(Strict):
    financing: Text = Field(title="Finansiering", default=(
        "Varje part finansierar sin egen verksamhet och sin personal på familjecentralen. Gemensamma "
        "kostnader fördelas enligt tabellen nedan."), description="Hur familjecentralen finansieras.")
    costs: list[Cost] = Field(title="Gemensamma kostnader", default_factory=_default_costs, description=(
        "De gemensamma kostnaderna och hur de fördelas; en rad per kostnad."))
    indexation: Literal["ingen", "pkv", "kpi", "annan"] = Field(title="Uppräkning", default="ingen", description=(
        "Uppräkning av beloppen varje år: ingen, pkv (prisindex för kommunal verksamhet), kpi "
        "(konsumentprisindex) eller annan (ange indexation_note)."))
    indexation_note: Text | None = Field(title="Om uppräkningen", default=None, description="Hur beloppen räknas upp, när indexation är annan.")
    invoicing: Invoicing = Field(title="Fakturering mellan parterna", default_factory=Invoicing, description="Hur parterna fakturerar varandra.")


class Room(Strict):
    name: Text = Field(title="Rum eller yta", description="Rummet eller ytan, t.ex. Samtalsrum 1 eller Öppna förskolans lokal.")
    used_by: Annotated[list[Slug], Field(min_length=1)] = Field(title="Används av", description="Parterna som använder rummet (id under parties).")
    employer: Slug = Field(title="Arbetsmiljöansvar", description="Parten som har arbetsmiljöansvaret för arbetet i rummet (id under parties).")


class Premises(Strict):
    tenant: Slug | None = Field(title="Hyresgäst", default=None, description=(
        "Parten som hyr familjecentralens lokaler (id under parties). Utan värde föreslår utkastet att "
        "parterna bestämmer det."))
    sublet: bool = Field(title="Upplåts till de andra parterna", default=True, description=(
        "true: hyresgästen upplåter lokalerna till de andra parterna, som betalar sin del enligt economy."))
    rooms: list[Room] = Field(title="Rum", default=[], description="Rummen och vem som har arbetsmiljöansvaret för arbetet i dem.")
    coordination_by: Slug | None = Field(title="Samordnar arbetsmiljön", default=None, description=(
        "Parten som samordnar arbetsmiljöfrågorna i de gemensamma lokalerna (id under parties); "
        "utan värde den part som hyr lokalerna."))
    insurance_by: Slug | None = Field(title="Försäkrar lokalerna", default=None, description=(
        "Parten som försäkrar lokalerna och de gemensamma inventarierna (id under parties); "
        "utan värde den part som hyr lokalerna."))


class Record(Strict):
    what: Text = Field(title="Personuppgifter", description="Vilka personuppgifter, t.ex. deltagarlistor till föräldragrupper.")
    controller: Slug | Literal["var_och_en", "anordnande_part"] = Field(title="Personuppgiftsansvarig", description=(
        "Personuppgiftsansvarig: id för en part, var_och_en (varje part för sin verksamhet) eller "
        "anordnande_part (den part som anordnar aktiviteten)."))


def _default_records() -> list[Record]:
    return [
        Record(what="Journaler och annan dokumentation om enskilda i respektive verksamhet", controller="var_och_en"),
        Record(what="Deltagarlistor och kontaktuppgifter till föräldragrupper och andra gemensamma aktiviteter",
               controller="anordnande_part"),
        Record(what="Besöksstatistik och svar på besöksenkäter", controller="anordnande_part"),
    ]


class PersonalData(Strict):
    records: list[Record] = Field(title="Personuppgiftsansvar", default_factory=_default_records, description=(
        "Vem som är personuppgiftsansvarig för vilka uppgifter; en rad per slag av uppgifter."))


class Breach(Strict):
    cure_days: int = Field(title="Dagar att rätta ett avtalsbrott", default=30, ge=1, le=365, description=(
        "Dagar en part har på sig att rätta ett väsentligt avtalsbrott efter skriftlig anmaning, innan "
        "avtalet får hävas."))


class Disputes(Strict):
    first: Text = Field(title="Tas upp först i", default="styrgruppen", description="Var en tvist tas upp först.")
    then: Text = Field(title="Går sedan till", default="parternas förvaltnings- eller verksamhetschefer", description="Vart tvisten går om den inte löses där.")
    court: Literal["allmän domstol", "skiljeförfarande"] = Field(title="Avgörs av", default="allmän domstol", description=(
        "Hur en tvist som parterna inte löser själva avgörs."))


class Attachment(Strict):
    title: Text = Field(title="Bilaga", description="Bilagans namn.")
    note: Text | None = Field(title="Om bilagan", default=None, description="Vad bilagan innehåller eller när den tas fram.")


def _default_attachments() -> list[Attachment]:
    return [
        Attachment(title="Gemensam rutin för sekretess och samtycke"),
        Attachment(title="Verksamhetsplan och årshjul"),
        Attachment(title="Lokalernas planritning med rum och arbetsmiljöansvar"),
        Attachment(title="Kostnadsfördelning och budget"),
    ]


# The sections a centre file may give, in the order of the centre file, with the Swedish name
# the draft uses when it marks a section as a suggestion. One list for the model, the draft,
# the scaffold and the checks.
SECTIONS: dict[str, tuple[type[Strict] | None, str]] = {
    "extension": (Extension, "förlängning"),
    "definitions": (Definitions, "definitioner"),
    "steering": (Steering, "styrgruppens arbetsformer"),
    "competence": (Competence, "gemensam kompetensutveckling"),
    "development": (None, "utvecklingsfrågor"),
    "annual_report": (AnnualReport, "årsrapport"),
    "economy": (Economy, "ekonomi"),
    "premises": (Premises, "lokaler, arbetsmiljö och försäkring"),
    "personal_data": (PersonalData, "personuppgifter"),
    "breach": (Breach, "hävning"),
    "disputes": (Disputes, "tvist"),
    "attachments": (None, "bilagor"),
}

DEFAULT_DEVELOPMENT = [
    "Barns och föräldrars delaktighet och inflytande i verksamheten",
    "Föräldraskapsstöd i grupp före och efter barnets födelse, planerat och lett tillsammans",
    "Gemensam utvärdering av samverkan, till exempel med spindelmätning",
]


def party_refs(centre) -> list[tuple[tuple, str]]:
    """(loc, party id) of every reference to a party in the agreement sections."""
    out: list[tuple[tuple, str]] = []
    if centre.steering.chair != "roterande":
        out.append((("steering", "chair"), centre.steering.chair))
    p = centre.premises
    for name in ("tenant", "coordination_by", "insurance_by"):
        if getattr(p, name) is not None:
            out.append((("premises", name), getattr(p, name)))
    for i, room in enumerate(p.rooms):
        out += [(("premises", "rooms", i, "used_by", k), pid) for k, pid in enumerate(room.used_by)]
        out.append((("premises", "rooms", i, "employer"), room.employer))
    for i, cost in enumerate(centre.economy.costs):
        if cost.party is not None:
            out.append((("economy", "costs", i, "party"), cost.party))
    if centre.economy.invoicing.by is not None:
        out.append((("economy", "invoicing", "by"), centre.economy.invoicing.by))
    for i, rec in enumerate(centre.personal_data.records):
        if rec.controller not in ("var_och_en", "anordnande_part"):
            out.append((("personal_data", "records", i, "controller"), rec.controller))
    return out


def problems(centre, glossary_ids: set[str] | None) -> list[tuple[tuple, str]]:
    """(loc, Swedish message) for what the types alone cannot check: references to parties and
    glossary terms, one organisation with two numbers, and choices that need a second field."""
    out: list[tuple[tuple, str]] = []
    party_ids = {p.id for p in centre.parties}
    for loc, pid in party_refs(centre):
        if pid not in party_ids:
            out.append((loc, f"parten \"{pid}\" finns inte under parties (finns: {', '.join(sorted(party_ids))})"))
    for i, ident in enumerate(centre.definitions.glossary):
        if glossary_ids is not None and ident not in glossary_ids:
            out.append((("definitions", "glossary", i), f"\"{ident}\" finns inte i ordlistan (content/glossary.yaml); "
                                                         "ange ett id som ord-familjecentral, eller skriv begreppet under own"))
    for i, cost in enumerate(centre.economy.costs):
        if cost.split == "en_part" and cost.party is None:
            out.append((("economy", "costs", i, "party"), "split: en_part kräver party: id för parten som betalar"))
        if cost.split == "annan" and cost.note is None:
            out.append((("economy", "costs", i, "note"), "split: annan kräver note: hur kostnaden fördelas"))
    if centre.economy.indexation == "annan" and centre.economy.indexation_note is None:
        out.append((("economy", "indexation_note",), "indexation: annan kräver indexation_note: hur beloppen räknas upp"))
    items = [c.item for c in centre.economy.costs]
    for i, item in enumerate(items):
        if item in items[:i]:
            out.append((("economy", "costs", i, "item"), f"kostnaden {item} finns redan på en annan rad; ange varje kostnad en gång"))
    # The same legal person is one party: its units must agree on the organisation number, and
    # one organisation number belongs to one organisation.
    by_name: dict[str, tuple[int, str | None]] = {}
    by_number: dict[str, tuple[int, str]] = {}
    for i, unit in enumerate(centre.parties):
        name = " ".join(unit.organisation.split()).casefold()
        if unit.org_number is not None:
            if name in by_name and by_name[name][1] not in (None, unit.org_number):
                first = by_name[name]
                out.append((("parties", i, "org_number"),
                            f"{unit.organisation} har organisationsnummer {first[1]} i parties[{first[0]}]; "
                            "samma organisation har ett nummer"))
            if unit.org_number in by_number and by_number[unit.org_number][1] != name:
                first_i = by_number[unit.org_number][0]
                out.append((("parties", i, "organisation"),
                            f"organisationsnumret {unit.org_number} hör till {centre.parties[first_i].organisation} "
                            f"(parties[{first_i}]); skriv organisationen likadant eller rätta numret"))
            by_number.setdefault(unit.org_number, (i, name))
        if name not in by_name or by_name[name][1] is None:
            by_name[name] = (i, unit.org_number)
    return out


LIST_SECTIONS = {
    "development": "Utvecklingsfrågor som parterna prioriterar under avtalsperioden, en per rad.",
    "attachments": "Avtalets bilagor: title (namn) och note (frivillig förklaring).",
}


def scaffold_text(default_of) -> str:
    """The agreement sections for `fcguide new-centre`: each explained by its fields' descriptions
    and written out with its default, commented out. A section left commented is a marked
    suggestion in the draft; remove the # in front of a section to agree on it.
    `default_of(name)` gives a section's default as plain data (the Centre model knows it)."""
    import textwrap

    import yaml

    def comment(text: str, indent: str = "") -> str:
        return "".join(f"# {indent}{line}\n" for line in textwrap.wrap(text, 94 - len(indent)))

    out = ["# Avtalets delar. Varje del nedan är bortkommenterad: då skriver utkastet sitt förslag och\n"
           "# märker det \"förslag\". Ta bort # framför en del och ändra värdena när parterna är överens.\n"]
    for name, (model, label) in SECTIONS.items():
        out.append(f"\n# --- {label[0].upper()}{label[1:]} ({name}) ---\n")
        if model is None:
            out.append(comment(LIST_SECTIONS[name]))
            if name == "attachments":
                for sub_name, sub in Attachment.model_fields.items():
                    out.append(comment(f"{sub_name}: {sub.description}", "  "))
        else:
            for field_name, info in model.model_fields.items():
                if info.description:
                    out.append(comment(f"{field_name}: {info.description}"))
                for inner in _inner_models(info.annotation):
                    for sub_name, sub in inner.model_fields.items():
                        out.append(comment(f"{field_name} › {sub_name}: {sub.description}", "  "))
        dumped = yaml.safe_dump({name: default_of(name)}, allow_unicode=True, sort_keys=False, width=90,
                                default_flow_style=False)
        out.append("".join(f"# {line}\n" for line in dumped.splitlines()))
    return "".join(out)


def _inner_models(annotation) -> list[type]:
    """The models a field holds (Cost in list[Cost], Invoicing in Invoicing), for their descriptions."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in get_args(annotation) for m in _inner_models(a)]

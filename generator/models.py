"""Typed content model (pydantic v2). No I/O here.

Field names are English; they are what authors write in YAML. Every item has
a stable ASCII `id` and `sources` pointing into the bibliography.
"""
from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Annotated, Literal, Union, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .privacy import is_blank


def _not_blank(value: str) -> str:
    """Only spaces, NBSP, zero-width or other invisible characters is no text (a blank justification
    is no justification). The value is kept as written."""
    if is_blank(value):
        raise PydanticCustomError("blank_text", "the text is blank")
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)]

# Names Windows keeps for devices: no file or folder may be called so, with any extension.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})


def windows_reserved(name: str) -> bool:
    """True for con, aux, com1 … and for con.x (Windows ignores the extension), any case."""
    return name.split(".", 1)[0].strip().lower() in WINDOWS_RESERVED


def _not_reserved(value: str) -> str:
    if windows_reserved(value):
        raise PydanticCustomError("reserved_name", "reserved name {name}", {"name": value})
    return value


# The id of a thing: ids become file and folder names (centre drafts, region folders,
# content files), so a Windows device name is refused. References to ids stay Slug.
Id = Annotated[Slug, AfterValidator(_not_reserved)]

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _date_text(value):
    # pydantic reads an integer (1735689600) as Unix seconds and a string of digits too;
    # a date is written ÅÅÅÅ-MM-DD and nothing else.
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str) and re.match(_ISO_DATE, value.strip()):
        return value.strip()
    raise PydanticCustomError("date_type", "not a date {input}", {"input": value})


Date = Annotated[_dt.date, BeforeValidator(_date_text)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_not_blank)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=50_000), AfterValidator(_not_blank)]


def _numeric(annotation) -> bool:
    """int or float, optional or in a list: the fields where YAML's true/false is a mistake."""
    if annotation in (int, float):
        return True
    args = get_args(annotation)
    return bool(args) and bool not in args and any(_numeric(a) for a in args if a is not type(None))


class Strict(BaseModel):
    # .nan and .inf are valid YAML floats but never a valid number of hours or percent.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, data):
        # pydantic's lax mode reads true as 1: `opening_hours_per_week: true` would be one hour.
        # Hand the field the text instead, so it fails with its own located type error.
        if not isinstance(data, dict):
            return data

        def as_text(value):
            return ("true" if value else "false") if isinstance(value, bool) else value

        out = dict(data)
        for name, value in data.items():
            field = cls.model_fields.get(name) if isinstance(name, str) else None
            if field is not None and _numeric(field.annotation):
                out[name] = [as_text(v) for v in value] if isinstance(value, list) else as_text(value)
        return out


# --- bibliography -------------------------------------------------------------

class SourceKind(str, Enum):
    seed = "underlag"        # one of the five source documents
    lag = "lag"              # Swedish statute (SFS)
    forarbete = "förarbete"  # propositions, SOU
    konvention = "konvention"
    rapport = "rapport"
    bok = "bok"
    artikel = "artikel"
    webb = "webbsida"
    annat = "annat"


class Source(Strict):
    id: Id
    kind: SourceKind
    title: Text
    short: Text | None = None            # e.g. "OSL", "Skånes vägledning 2024"
    author: Text | None = None
    publisher: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    sfs: Annotated[str, StringConstraints(pattern=r"^\d{4}:\d{1,4}$")] | None = None
    seed_file: Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$")] | None = None
    note: Text | None = None


class SourceRef(Strict):
    source: Slug                          # id in content/sources.yaml
    section: Text                         # where in the source, e.g. "Sekretess, Tabell 1"


Sources = Annotated[list[SourceRef], Field(min_length=1)]


class Sourced(Strict):
    id: Id
    sources: Sources


# --- generic page building blocks ----------------------------------------------

class ListItem(Sourced):
    text: Text
    label: Text | None = None             # e.g. "Artikel 3" or "1"
    detail: Markdown | None = None


class ItemList(Strict):
    id: Id
    title: Text
    intro: Markdown | None = None
    ordered: bool = False
    items: Annotated[list[ListItem], Field(min_length=1)]


BlockName = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(:[a-z0-9_-]+)?$")]


class Section(Sourced):
    title: Text
    body: Markdown | None = None
    show: list[BlockName] = []            # structured blocks rendered after the body
    keywords: list[Text] = []


class Page(Strict):
    """Every file under content/ is one page of the intro site."""
    id: Id
    title: Text
    order: int = Field(ge=0, le=999)
    summary: Markdown
    keywords: list[Text] = []
    sections: list[Section] = []
    lists: list[ItemList] = []


# --- domain data ------------------------------------------------------------------

class Huvudman(str, Enum):
    region = "region"
    kommun = "kommun"
    privat = "privat"


class OperatorId(str, Enum):
    modrahalsovard = "modrahalsovard"
    barnhalsovard = "barnhalsovard"
    oppen_forskola = "oppen_forskola"
    forebyggande_socialtjanst = "forebyggande_socialtjanst"


class Operator(Sourced):
    id: OperatorId
    name: Text
    abbreviations: list[Text] = []        # BMM, MVC, KHV ...
    huvudman: Annotated[list[Huvudman], Field(min_length=1)]
    professions: Annotated[list[Text], Field(min_length=1)]
    legal_basis: list[SourceRef] = []
    role: Markdown


class Partner(Sourced):
    name: Text
    abbreviation: Text | None = None


class OperatorsPage(Page):
    operators: Annotated[list[Operator], Field(min_length=4, max_length=4)]
    partners: list[Partner] = []


class Role(Sourced):
    name: Text
    summary: Markdown
    tasks: list[ListItem] = []


class RolesPage(Page):
    roles: Annotated[list[Role], Field(min_length=1)]


class StarPart(Sourced):
    name: Text
    description: Text | None = None


class PreventionStar(Strict):
    points: Annotated[list[StarPart], Field(min_length=3, max_length=8)]
    layers: Annotated[list[StarPart], Field(min_length=1, max_length=5)]  # tip -> centre
    colours: list[Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]] = []
    sources: Sources


class PreventionPage(Page):
    star: PreventionStar
    levels: list[StarPart] = []           # universell / selektiv / indikerad


class Definition(Sourced):
    term: Text
    definition: Markdown


class Precondition(Sourced):
    number: int = Field(ge=1, le=20)
    title: Text
    description: Markdown | None = None


class EvaluationBox(Sourced):
    number: int = Field(ge=1, le=10)
    title: Text
    description: Markdown | None = None
    questions: Annotated[list[Text], Field(min_length=1)]


class CollaborationPage(Page):
    definitions: list[Definition] = []
    preconditions: Annotated[list[Precondition], Field(min_length=1)]
    evaluation_boxes: list[EvaluationBox] = []


class Profession(str, Enum):
    barnmorska = "barnmorska"
    bhv_sjukskoterska = "bhv_sjukskoterska"
    forskollarare = "forskollarare"
    socionom = "socionom"


class Consent(str, Enum):
    ja = "ja"          # consent from the guardian is needed
    nej = "nej"        # not needed
    beror_pa = "beror_pa"  # depends on the circumstances named in `reason` (not the samtyckesvärde "delvis")


class SecrecyParty(Strict):
    label: Text                            # as the source writes it
    professions: Annotated[list[Profession], Field(min_length=1)]
    huvudman: Annotated[list[Huvudman], Field(min_length=1)]


class SecrecyRow(Sourced):
    a: SecrecyParty
    b: SecrecyParty
    relation: Text                         # "samma enhet", "annan nämnd" ...
    # The question the consent helper asks before it answers: True = the row applies only when
    # both work at the same unit of the same vårdgivare (region, privat) or under the same nämnd
    # and verksamhetsgren (kommun); False = only when they do not; None = either way.
    same_unit: bool | None = None
    consent: Consent
    reason: Markdown
    legal_refs: list[SourceRef] = []


class SecrecyPage(Page):
    table: Annotated[list[SecrecyRow], Field(min_length=1)]


class Meeting(Sourced):
    number: int = Field(ge=1, le=30)
    theme: Text
    when: Text
    who: Annotated[list[Text], Field(min_length=1)]


class ParentingPage(Page):
    grundpaket: Annotated[list[Meeting], Field(min_length=1)]


class SpiderResult(Strict):
    precondition: Slug                    # id of a collaboration precondition
    value: float = Field(ge=0, le=100)


class SpiderSurvey(Sourced):
    title: Text
    scale_min: float | None = None        # only when the source states the scale
    scale_max: float | None = Field(default=None, gt=0, le=100)
    description: Markdown
    results: list[SpiderResult] = []


class ChainStage(Strict):
    id: Id
    stage: Literal["aktivitet", "kort_sikt", "lang_sikt", "mal"]
    title: Text
    items: Annotated[list[Text], Field(min_length=1)]


class ProgramTheory(Sourced):
    title: Text
    chain: Annotated[list[ChainStage], Field(min_length=2)]


class QualityPage(Page):
    spider: SpiderSurvey
    program_theory: ProgramTheory


class Term(Sourced):
    term: Text
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9:\-]{1,12}$")] | None = None
    definition: Markdown


class GlossaryFile(Strict):
    terms: Annotated[list[Term], Field(min_length=1)]


class SourcesFile(Strict):
    sources: Annotated[list[Source], Field(min_length=1)]


# --- clause library ------------------------------------------------------------------

class Clause(Sourced):
    number: int = Field(ge=1, le=99)       # order of the § in a draft
    title: Text
    text: Markdown                          # may contain {param} placeholders, see render
    regions: list[Slug] = []                # empty = every region
    requires_rule_type: Slug | None = None  # include only when the region has a rule of this type
    show: list[BlockName] = []              # structured blocks after the text (parties, signatures ...)


class ClauseFile(Strict):
    clauses: Annotated[list[Clause], Field(min_length=1)]


# --- regions ------------------------------------------------------------------------

class Strength(str, Enum):
    ska = "ska"            # requirement: an unjustified deviation is an error
    bor = "bör"            # recommendation: a deviation is a warning and a note
    referens = "referens"  # a reference figure the source reports; never checked


class _Rule(Sourced):
    topic: Slug                       # base page id whose chapter states the rule
    strength: Strength
    status: Literal["etablerad", "förslag"] = "etablerad"  # Stockholm: practice vs the PM's proposal
    note: Markdown | None = None


class OpeningHoursRule(_Rule):
    type: Literal["gemensamma_oppettider"]
    min_hours_per_week: float = Field(gt=0, le=80)


class SummerRule(_Rule):
    type: Literal["sommarreducering"]
    months: Annotated[list[int], Field(min_length=1)] 
    min_half_days_per_week: float = Field(gt=0, le=10)
    max_weeks: int = Field(ge=1, le=52)


class ColocationRule(_Rule):
    type: Literal["samlokalisering"]
    familjecentral: Annotated[list[OperatorId], Field(min_length=1)]
    familjecentralsliknande: list[OperatorId] = []


class CoordinatorRequiredRule(_Rule):
    type: Literal["samordnare_krav"]


class CoordinatorShareRule(_Rule):
    type: Literal["samordnare_andel"]
    max_percent: float = Field(gt=0, le=100)


class CoordinatorAppointmentRule(_Rule):
    type: Literal["samordnare_forordnande"]
    written: bool = True
    years: int = Field(ge=1, le=20)


class CoordinatorFundingRule(_Rule):
    type: Literal["samordnare_finansiering"]
    equal_shares: bool = True


class TargetGroupRule(_Rule):
    type: Literal["malgrupp"]
    min_age: int = Field(ge=0, le=18)
    max_age: int = Field(ge=0, le=18)
    expecting_parents: bool = True


class MeetingTimeRule(_Rule):
    type: Literal["motestid"]
    house_meeting_hours_per_month: float = Field(ge=0, le=200)
    planning_days_per_year: float = Field(ge=0, le=50)
    planning_hours_per_year: float | None = Field(default=None, ge=0)


class GroupSupportRule(_Rule):
    type: Literal["foraldraskapsstod_grupp"]
    before_birth: bool = True
    after_birth: bool = True


class SharedDevelopmentRule(_Rule):
    type: Literal["gemensam_utveckling"]


class CompensationLevel(Strict):
    id: Id
    label: Text
    operators: Annotated[list[OperatorId], Field(min_length=1)]
    amount_sek: int = Field(ge=0, le=10_000_000)
    # False: the operators must be co-located (centre.colocated). True: the operators take part
    # in a centre that is not co-located but offers insatser in shared premises
    # (centre.parties and centre.shared_premises), as Stockholm's lowest level.
    shared_premises: bool = False


class CompensationRule(_Rule):
    type: Literal["tillaggsuppdrag"]
    per: Literal["år"] = "år"
    levels: Annotated[list[CompensationLevel], Field(min_length=1)]


Rule = Annotated[
    Union[
        OpeningHoursRule, SummerRule, ColocationRule, CoordinatorRequiredRule,
        CoordinatorShareRule, CoordinatorAppointmentRule, CoordinatorFundingRule,
        TargetGroupRule, MeetingTimeRule, GroupSupportRule, SharedDevelopmentRule,
        CompensationRule,
    ],
    Field(discriminator="type"),
]


class Reword(Strict):
    id: Id                          # base item id
    title: Text | None = None
    text: Markdown | None = None      # replaces body/text of the base item
    sources: Sources


class Chapter(Strict):
    """A region-only chapter or a region addition to a base topic."""
    id: Id
    title: Text
    topic: Slug | None = None         # base page id this adds to ("Regionala tillägg")
    order: int = Field(default=500, ge=0, le=999)  # place of a region-only chapter (topic empty)
    summary: Markdown | None = None
    sections: list[Section] = []
    lists: list[ItemList] = []


class Overlay(Strict):
    exclude: list[Slug] = []
    reword: list[Reword] = []
    add: list[Chapter] = []


class Counts(Sourced):
    centres: int = Field(ge=0, le=10_000)
    kommuner_with_centres: int | None = Field(default=None, ge=0, le=290)
    kommuner_total: int | None = Field(default=None, ge=0, le=290)
    as_of: Text                       # e.g. "2021", "våren 2021"


class GuidanceInfo(Sourced):
    title: Text
    year: int = Field(ge=1990, le=2100)
    version: Text
    kind: Literal["vägledning", "underlag", "förslag"] = "vägledning"


class WordOptions(Strict):
    # The "Källa:" lines of the guidance in Word: footnotes on the text they support, or a
    # compact list at the end of each chapter.
    sources: Literal["fotnoter", "kapitellista"] = "fotnoter"


class Region(Strict):
    id: Id
    name: Text                        # "Skåne"
    lan: Text                         # "Skåne län"
    organisations: Annotated[list[Text], Field(min_length=1)]
    guidance: GuidanceInfo
    counts: Counts
    summary: Markdown
    rules: list[Rule] = []
    overlay: Overlay = Overlay()
    example: bool = False
    word: WordOptions = WordOptions()


# --- centres --------------------------------------------------------------------------

class PartyUnit(Strict):
    id: Id
    organisation: Text                # "Region Skåne", "Lunds kommun", "Vårdcentralen X AB"
    huvudman: Huvudman
    operators: Annotated[list[OperatorId], Field(min_length=1)]
    unit: Text                        # the unit that works at the centre
    signatory_title: Text             # function that signs, never a person's name


class Coordinator(Strict):
    profession: Text
    share_percent: float = Field(ge=0, le=100)
    appointed_years: int | None = Field(default=None, ge=0, le=20)
    written_appointment: bool = False
    funding: Literal["lika_delar", "annan"] = "lika_delar"
    funding_note: Text | None = None


class SteeringMember(Strict):
    role: Text                        # "Enhetschef barnhälsovård"
    party: Slug                       # PartyUnit id


class SummerReduction(Strict):
    weeks: int = Field(ge=0, le=52)
    half_days_per_week: float = Field(ge=0, le=10)
    months: list[int] = [6, 7, 8]


class Deviation(Strict):
    rule: Slug                        # rule id in the region
    justification: Text


class ParentGroups(Strict):
    before_birth: bool
    after_birth: bool


class Dates(Strict):
    start: Date
    duration_years: int = Field(ge=1, le=20)
    review_month: int = Field(ge=1, le=12)
    notice_months: int = Field(default=6, ge=0, le=36)


class Centre(Strict):
    id: Id
    region: Slug | None = None        # optional inside guidance/<region>/centres/ (the folder says it)
    name: Text
    kommun: Text
    address: Text
    example: bool = False
    contact_email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None
    contact_phone: Annotated[str, StringConstraints(pattern=r"^[0-9 +\-]{6,20}$")] | None = None
    parties: Annotated[list[PartyUnit], Field(min_length=1)]
    colocated: list[OperatorId]
    shared_premises: bool = False     # insatser offered in shared premises although not co-located
    opening_hours_per_week: float = Field(ge=0, le=168)
    summer: SummerReduction | None = None
    target_min_age: int = Field(default=0, ge=0, le=18)
    target_max_age: int = Field(default=6, ge=0, le=18)
    coordinator: Coordinator | None = None
    steering_group: list[SteeringMember] = []
    dates: Dates
    parent_groups: ParentGroups | None = None
    deviations: list[Deviation] = []
    local_goals: list[Text] = []

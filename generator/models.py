"""Typed content model (pydantic v2). No I/O here.

Field names are English; they are what authors write in YAML. Every item has
a stable ASCII `id` and `sources` pointing into the bibliography.
"""
from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Annotated, Literal, Union, get_args

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      WithJsonSchema, model_validator)
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


class MonthsTag:
    """Marks a list of month numbers (1–12), so rules show it as month names."""


Months = Annotated[list[int], MonthsTag()]
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
    eu = "EU-förordning"     # an EU regulation, cited by article (GDPR)
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
    # A law (kind lag) or another source cited by chapter and paragraph (a föreskrift, a
    # convention by article) also says how it is cited and whether it is in force; the
    # structured references (LawRef) point here and one renderer formats them (lawref.py).
    cite: Text | None = None             # "offentlighets- och sekretesslagen (2009:400)"
    in_force: Date | None = None         # in force from
    repealed: Date | None = None         # repealed from this date
    repealed_by: Slug | None = None      # id of the law that replaced it
    checked: Date | None = None          # when status and cited provisions were checked; null + note: not checked


class SourceRef(Strict):
    source: Slug                          # id in content/sources.yaml
    section: Text                         # where in the source, e.g. "Sekretess, Tabell 1"


# --- structured law references -----------------------------------------------------

def _law_number(value):
    # 23, "23", "9 c", "9c": a chapter or paragraph number, optionally with a letter.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PydanticCustomError("law_number", "not a law number {input}", {"input": value})
    text = str(value).strip()
    found = re.fullmatch(r"(\d{1,3}) ?([a-z])?", text)
    if not found or int(found.group(1)) == 0:
        raise PydanticCustomError("law_number", "not a law number {input}", {"input": value})
    return found.group(1) + (f" {found.group(2)}" if found.group(2) else "")


# Authors write 23 or "9 c"; the schema says so, so editors do not flag a plain number.
LawNumber = Annotated[str, BeforeValidator(_law_number), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": 999},
              {"type": "string", "pattern": "^[1-9][0-9]{0,2} ?[a-z]?$"}]})]


class LawPlace(Strict):
    """Where in a law: chapter, paragraph, piece (stycke), point (punkt) or a convention's article."""
    law: Slug                             # id of a source with `cite` (a law) in content/sources.yaml
    chapter: LawNumber | None = None      # 23, or "5 a"
    paragraph: LawNumber | None = None    # 1, or "9 c"
    piece: int | None = Field(default=None, ge=1, le=20)
    point: int | None = Field(default=None, ge=1, le=100)
    article: int | None = Field(default=None, ge=1, le=999)

    @model_validator(mode="after")
    def _shape(self):
        if (self.piece or self.point) and not self.paragraph:
            raise ValueError("stycke (piece) och punkt (point) kräver en paragraf (paragraph)")
        if self.article and (self.chapter or self.paragraph):
            raise ValueError("ange antingen artikel (article) eller kapitel och paragraf (chapter, paragraph), inte båda")
        return self

    @property
    def source(self) -> str:
        """The bibliography id, as for a SourceRef (links to the sources page)."""
        return self.law


class FormerRef(LawPlace):
    """The old reference a source used, shown in brackets after the current one."""


class LawRef(LawPlace):
    """A reference to a law: `{law: osl, chapter: 23, paragraph: 1}`. `former` holds the
    reference a source used in a law since repealed (shown in brackets). `checked: null`
    with a `note` says that this provision could not be checked; without either, the law's
    `checked` date holds."""
    former: Annotated[list[FormerRef], BeforeValidator(lambda v: [v] if isinstance(v, dict) else v)] = []
    checked: Date | None = None
    note: Text | None = None

    @property
    def unverified(self) -> bool:
        """`checked: null` with a note: this provision could not be checked."""
        return self.checked is None and self.note is not None


def _ref_kind(value) -> str:
    if isinstance(value, dict):
        return "lagrum" if "law" in value else "kalla"
    return "lagrum" if isinstance(value, LawPlace) else "kalla"


# The tags never reach an author: validate._clean_loc drops them from error locations.
REF_TAGS = ("kalla", "lagrum")
Ref = Annotated[Union[Annotated[SourceRef, Tag("kalla")], Annotated[LawRef, Tag("lagrum")]], Discriminator(_ref_kind)]
Sources = Annotated[list[Ref], Field(min_length=1)]


# --- review metadata (like Rikshandboken) ---------------------------------------------

class Review(Strict):
    """When and by which role (never a person) a page source or a rule was last reviewed,
    and when the next review is due: `next`, or `interval_months` after `date`."""
    date: Date
    by: Text                               # a role: "regionens samordnare för familjecentraler"
    next: Date | None = None
    interval_months: int | None = Field(default=None, ge=1, le=120)

    @model_validator(mode="after")
    def _due(self):
        if (self.next is None) == (self.interval_months is None):
            raise ValueError("ange antingen next (datum för nästa granskning) eller interval_months, inte båda och inte ingen")
        if self.next is not None and self.next <= self.date:
            raise ValueError("next måste vara efter date")
        return self

    @property
    def due(self) -> _dt.date:
        if self.next is not None:
            return self.next
        months = self.date.month - 1 + self.interval_months
        year, month = self.date.year + months // 12, months % 12 + 1
        day = min(self.date.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                                  31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
        return _dt.date(year, month, day)


class ChangeNote(Strict):
    """One dated change: `major` changes what an agreement says or requires (a rule's value or
    strength, a clause's meaning, a law reference), `minor` is wording, sources or layout."""
    date: Date
    kind: Literal["major", "minor"]
    note: Text                             # what changed, in a sentence


class Changed(Strict):
    """Mixin: the dated change notes of a file, an item, a rule or a clause (changelog.py)."""
    changes: list[ChangeNote] = []


class Reviewed(Changed):
    """Mixin for everything that is reviewed on its own: a page file, the glossary, the
    bibliography, the clause library, a region file and each rule."""
    reviewed: Review | None = None


class Sourced(Changed):
    """An item with an id and its sources; it may carry its own change notes."""
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


class Comparison(Strict):
    """What one region's source says on the section's topic: the region's own text in its own
    guidance, a marked comparison in every other region's guidance and on the national page."""
    region: Slug
    text: Markdown
    sources: list[SourceRef] = []        # where the section's sources do not already say it


class Section(Sourced):
    title: Text
    body: Markdown | None = None
    show: list[BlockName] = []            # structured blocks rendered after the body
    # The region whose own source this section reports (e.g. "skane"): in that region's guidance
    # it is the region's own text, in every other region's guidance a marked comparison.
    region: Slug | None = None
    comparisons: list[Comparison] = []


class InBrief(Strict):
    """"I korthet": the page's most important facts in 3–5 lines, shown first (with sources)."""
    points: Annotated[list[Text], Field(min_length=3, max_length=5)]
    sources: Sources


class Page(Reviewed):
    """Every file under content/ is one page of the intro site."""
    id: Id
    title: Text
    order: int = Field(ge=0, le=999)
    summary: Markdown
    i_korthet: InBrief | None = None
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
    legal_basis: list[LawRef] = []
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
    legal_refs: list[LawRef] = []


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
    stage: Literal["aktivitet", "forandring", "kort_sikt", "lang_sikt", "mal"]
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


class GlossaryFile(Reviewed):
    terms: Annotated[list[Term], Field(min_length=1)]


class SourcesFile(Reviewed):
    sources: Annotated[list[Source], Field(min_length=1)]


# The agreement parts of a centre (and the clause checklists) live in their own module; it builds
# on Strict, Slug and Text above, so it is imported here, after them.
from . import agreement_model as _am  # noqa: E402


# --- clause library ------------------------------------------------------------------

class Clause(Sourced):
    number: int = Field(ge=1, le=999)      # order in a draft; the § numbers are generated from it
    title: Text
    text: Markdown                          # may contain {param} placeholders, see render
    regions: list[Slug] = []                # empty = every region
    show: list[BlockName] = []              # structured blocks after the text (parties, signatures ...)
    # A closing note (no §) that maps the draft's clauses to other agreements' contents.
    checklists: list[_am.Checklist] = []


class ClauseFile(Reviewed):
    clauses: Annotated[list[Clause], Field(min_length=1)]


# --- regions ------------------------------------------------------------------------

class Strength(str, Enum):
    ska = "ska"            # requirement: an unjustified deviation is an error
    bor = "bör"            # recommendation: a deviation is a warning and a note
    referens = "referens"  # a reference figure the source reports; never checked


# A rule is declared in data (region.yaml): which centre field(s) it reads, how it compares,
# the value, its strength, its Swedish sentence, label and departure message, and its sources.
# generator/rules.py interprets the comparison kinds; no rule is known by name in code.

class Compare(str, Enum):
    minst = "minst"                      # the centre's number is at least the value
    hogst = "högst"                      # ... at most the value
    lika_med = "lika_med"                # equal to the value
    en_av = "en_av"                      # one of the values (a list: every item among them)
    innehaller_alla = "innehåller_alla"  # the centre's list holds every value
    ja = "ja"                            # yes: true, or the part is there (e.g. a coordinator)


FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$", max_length=120)]
def _one_of_shapes(kind: str, ok) -> BeforeValidator:
    """One located error for a value of the wrong shape, not one per member of the union."""
    def check(value):
        if not ok(value):
            raise PydanticCustomError(kind, "wrong shape {input}", {"input": value})
        return value
    return BeforeValidator(check)


def _scalar(x) -> bool:
    return isinstance(x, (bool, int, float)) or (isinstance(x, str) and bool(x.strip()))


RuleValue = Annotated[
    Union[bool, int, float, Text, Annotated[list[Union[int, float, Text]], Field(min_length=1)]],
    _one_of_shapes("rule_value_type", lambda v: _scalar(v) or (isinstance(v, list) and bool(v)
                                                                and all(_scalar(x) and not isinstance(x, bool) for x in v))),
]
# A unit as one text ("procent", "kr per år") or as [singular, plural] (["timme", "timmar"]).
Unit = Annotated[
    Union[Text, Annotated[list[Text], Field(min_length=2, max_length=2)]],
    _one_of_shapes("unit_type", lambda v: (isinstance(v, str) and bool(v.strip())) or (
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) and x.strip() for x in v))),
]


class Condition(Strict):
    """One comparison of a centre field with a value."""
    id: Slug | None = None              # to name the value in a text: {value.<id>}
    field: FieldPath                    # centre field, e.g. opening_hours_per_week, coordinator.share_percent
    compare: Compare
    value: RuleValue | None = None      # not for `ja`
    unit: Unit | None = None            # defaults to the rule's unit
    departure: Text | None = None       # message for a departure: {actual}, {value}, {missing}, {label}
    missing: Text | None = None         # message when the centre file does not give the field


class Level(Strict):
    """One level of a rule that sorts centres into levels (form, compensation): the first level
    whose conditions all hold is the centre's."""
    id: Id
    label: Text
    value: float | None = Field(default=None, ge=0, le=1e12)  # e.g. an amount; shown with the rule's unit
    text: Text | None = None            # when the level holds, e.g. "{when} är samlokaliserade"
    when: Annotated[list[Condition], Field(min_length=1)]


class Figure(Strict):
    """A value a rule states without checking it (a reference figure): {value.<id>} in its text."""
    id: Slug
    value: float = Field(ge=-1e12, le=1e12)
    unit: Unit | None = None


class RuleClause(Strict):
    """A paragraph of the agreement draft that states the rule (placed by number among the clauses)."""
    number: int = Field(ge=1, le=999)
    title: Text
    text: Markdown                      # placeholders as in clauses, plus {rule.sentence}, {rule.value} …
    sources: list[SourceRef] = []       # defaults to the rule's sources


class Rule(Sourced, Reviewed):
    topic: Slug                         # base page id whose chapter states the rule
    strength: Strength
    status: Literal["etablerad", "förslag"] = "etablerad"  # Stockholm: practice vs the PM's proposal
    note: Markdown | None = None
    label: Text                         # short name: the row of the comparison page
    text: Text                          # the sentence in the guidance: {verb}, {value}, {value.<id>}, {levels}
    # One comparison (the common case) ...
    field: FieldPath | None = None
    compare: Compare | None = None
    value: RuleValue | None = None
    unit: Unit | None = None
    departure: Text | None = None
    missing: Text | None = None
    # ... or several (all must hold) ...
    checks: list[Condition] = []
    # ... or levels; `outcome` names what the levels decide (verksamhetsform: the centre's form).
    levels: list[Level] = []
    outcome: Slug | None = None
    result: Text | None = None          # levels: what the draft says when a level holds: {level}, {value}, {reason}
    no_result: Text | None = None       # ... and when none does: {reason}
    when: list[Condition] = []          # the rule applies only when these hold (e.g. summer.weeks minst 1)
    figures: list[Figure] = []          # values the text states that no centre field is compared with
    clause: RuleClause | None = None

    @property
    def conditions(self) -> list[Condition]:
        """Every comparison the rule checks (not the levels')."""
        single = []
        if self.field is not None and self.compare is not None:
            single = [Condition(field=self.field, compare=self.compare, value=self.value, unit=self.unit,
                                departure=self.departure, missing=self.missing)]
        return single + list(self.checks)


class FieldType(str, Enum):
    tal = "tal"                  # a number (decimals allowed)
    heltal = "heltal"            # a whole number
    ja_nej = "ja_nej"            # true / false
    text = "text"
    val = "val"                  # one of `options`
    flerval = "flerval"          # a list of `options`
    manader = "månader"          # a list of months 1–12
    verksamheter = "verksamheter"  # a list of operator ids


class CentreField(Strict):
    """A centre field a region's rules need that the centre model does not have."""
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
    type: FieldType
    unit: Unit | None = None
    question: Text                      # asked in the new-centre file and the browser form
    min: float | None = None
    max: float | None = None
    options: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_åäö-]+$", max_length=60)]] = []


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
    version: Text                     # the version as the region names it ("Reviderad 2024")
    date: Date | None = None          # the version's date, where the source gives one (ÅÅÅÅ-MM-DD)
    kind: Literal["vägledning", "underlag", "förslag"] = "vägledning"

    @property
    def dated(self) -> bool:
        """The date is worth saying after the version: given, and not already in its name."""
        return self.date is not None and self.date.isoformat() not in self.version


class SourceChapter(Strict):
    """One chapter of the region's own source document, as its table of contents names it."""
    title: Text
    # Where the chapter's material is in this guide: base page ids and the region's own chapter
    # ids (pages, in this order), or the id of a section or role inside a base page (a link there).
    items: Annotated[list[Slug], Field(min_length=1)]


class Structure(Strict):
    """The chapter order of the region's guidance: its own source's, where the source has one.
    Base pages no chapter names are shown together as "Nationella tillägg"."""
    chapters: list[SourceChapter] = []
    # Sections of base pages the source does not have: moved out of their page into the one
    # "Nationella tillägg" page of this guidance.
    national_sections: list[Slug] = []
    note: Markdown                    # where the order comes from, or why the source gives none
    sources: Sources


class WordOptions(Strict):
    # The "Källa:" lines of the guidance in Word: footnotes on the text they support, or a
    # compact list at the end of each chapter.
    sources: Literal["fotnoter", "kapitellista"] = "fotnoter"


class Region(Reviewed):
    id: Id
    name: Text                        # "Skåne"
    lan: Text                         # "Skåne län"
    # The regional huvudman by its own name ("Region Jönköpings län"): the employer the base text
    # names where it says "regionen" (secrecy table, examples). Declared, never derived from `name`.
    authority: Text | None = None
    organisations: Annotated[list[Text], Field(min_length=1)]
    guidance: GuidanceInfo
    counts: Counts
    summary: Markdown
    centre_fields: list[CentreField] = []
    rules: list[Rule] = []
    overlay: Overlay = Overlay()
    structure: Structure | None = None
    example: bool = False
    word: WordOptions = WordOptions()


# --- centres --------------------------------------------------------------------------

def _f(title: str, description: str, default=..., **kw):
    """A centre field's Swedish label (title) and help (description): the one declaration the JSON
    Schema, the commented file `fcguide new-centre` writes and the browser form all read."""
    return Field(default, title=title, description=description, **kw)


class PartyUnit(Strict):
    id: Id = _f("Partens id", "Kort id för parten (t.ex. region, kommun); styrgruppen och avtalets delar hänvisar till det.")
    organisation: Text = _f("Organisation", "Organisationens namn, t.ex. Region Skåne, Lunds kommun eller Vårdcentralen X AB.")
    huvudman: Huvudman = _f("Huvudman", "region, kommun eller privat.")
    operators: Annotated[list[OperatorId], Field(min_length=1)] = _f(
        "Verksamheter", "Verksamheterna parten ansvarar för: modrahalsovard, barnhalsovard, oppen_forskola, "
        "forebyggande_socialtjanst.")
    unit: Text = _f("Enhet", "Enheten som arbetar på familjecentralen.")
    signatory_title: Text = _f("Undertecknar (funktion)", "Funktionen som skriver under, aldrig en persons namn.")
    org_number: _am.OrgNumber | None = _f("Organisationsnummer", "NNNNNN-NNNN; kontrolleras mot kontrollsiffran.", None)
    board: Text | None = _f("Nämnd eller styrelse", "Nämnden eller styrelsen som parten företräds av, t.ex. "
                            "hälso- och sjukvårdsnämnden eller socialnämnden.", None)


class Coordinator(Strict):
    profession: Text = _f("Yrke", "Samordnarens yrke.")
    share_percent: float = _f("Andel av heltid (procent)", "Samordnaruppdragets andel av en heltidstjänst, i procent.",
                              ge=0, le=100)
    appointed_years: int | None = _f("Förordnande (år)", "Förordnandets längd i år.", None, ge=0, le=20)
    written_appointment: bool = _f("Skriftligt förordnande", "true: förordnandet är en skriftlig överenskommelse.", False)
    funding: Literal["lika_delar", "annan"] = _f("Finansiering", "lika_delar (parterna delar lika) eller annan "
                                                 "(beskriv den under funding_note).", "lika_delar")
    funding_note: Text | None = _f("Om finansieringen", "Hur samordnaren finansieras, när finansieringen är annan.", None)


class SteeringMember(Strict):
    role: Text = _f("Roll", "Rollen i styrgruppen, t.ex. Enhetschef barnhälsovård (inte ett namn).")
    party: Slug = _f("Part", "Parten som rollen företräder (id under parties).")


class SummerReduction(Strict):
    weeks: int = _f("Antal veckor", "Hur många veckor öppettiderna är kortare.", ge=0, le=52)
    half_days_per_week: float = _f("Halvdagar per vecka", "Hur många halvdagar i veckan familjecentralen har öppet då.",
                                   ge=0, le=10)
    months: Months = _f("Månader", "Månaderna då öppettiderna är kortare (6 = juni).", [6, 7, 8])


class Deviation(Strict):
    rule: Slug = _f("Regel", "Id för regeln i regionens vägledning som familjecentralen avviker från.")
    justification: Text = _f("Motivering", "Varför familjecentralen avviker från regeln.")


class ParentGroups(Strict):
    before_birth: bool = _f("Före födseln", "true: föräldraskapsstöd i grupp före barnets födelse.")
    after_birth: bool = _f("Efter födseln", "true: föräldraskapsstöd i grupp efter barnets födelse.")


class Dates(Strict):
    start: Date = _f("Avtalet börjar gälla", "Startdatum, ÅÅÅÅ-MM-DD.")
    duration_years: int = _f("Avtalstid (år)", "Avtalets längd i år.", ge=1, le=20)
    review_month: int = _f("Månad för revidering", "Månaden (1–12) då avtalet ses över varje år.", ge=1, le=12)
    notice_months: int = _f("Uppsägningstid (månader)", "Uppsägningstiden i månader.", 6, ge=0, le=36)


def _part(name: str, description: str, **kw):
    """An agreement part: its title is the name the draft uses (agreement_model.SECTIONS)."""
    label = _am.SECTIONS[name][1]
    return Field(title=label[0].upper() + label[1:], description=description, **kw)


class Centre(Strict):
    id: Id = _f("Filens id", "Kort id, samma som filnamnet (små bokstäver a–z, siffror, bindestreck).")
    region: Slug | None = _f("Region", "Regionens id (mappen under guidance/); i regionens mapp avgör mappen.", None)
    name: Text = _f("Familjecentralens namn", "Familjecentralens namn, t.ex. Familjecentralen Solgläntan.")
    kommun: Text = _f("Kommun", "Kommunen där familjecentralen ligger.")
    address: Text = _f("Besöksadress", "Familjecentralens besöksadress.")
    example: bool = _f("Påhittat exempel", "true bara för påhittade exempel.", False)
    # update.py compares with it
    based_on: Text | None = _f("Bygger på version", "Versionen av vägledningen som avtalet bygger på: en commit i projektets "
                               "historik eller vägledningens version. `fcguide update` visar vad som ändrats sedan dess; "
                               "ändra raden när avtalet har uppdaterats till en ny version.", None)
    contact_email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = _f(
        "E-post", "En funktionsadress, inte en persons adress.", None)
    contact_phone: Annotated[str, StringConstraints(pattern=r"^[0-9 +\-]{6,20}$")] | None = _f(
        "Telefon", "Ett funktionsnummer, inte en persons nummer.", None)
    parties: Annotated[list[PartyUnit], Field(min_length=1)] = _f(
        "Parter", "Parterna som skriver under: en rad per huvudman och enhet på familjecentralen.")
    colocated: list[OperatorId] = _f("Samlokaliserade verksamheter", "Verksamheter som finns under samma tak (samlokaliserade).")
    shared_premises: bool = _f("Insatser i gemensamma lokaler", "true: verksamheter som inte är samlokaliserade erbjuder "
                               "insatser i familjecentralens lokaler.", False)
    opening_hours_per_week: float = _f("Gemensamma öppettider (timmar per vecka)", "Gemensamma öppettider, timmar per vecka.",
                                       ge=0, le=168)
    summer: SummerReduction | None = _f("Sommarreducering", "Kortare öppettider på sommaren: antal veckor, halvdagar "
                                        "per vecka och månader. Utelämnas om familjecentralen har samma öppettider hela året.", None)
    target_min_age: int = _f("Målgrupp från (år)", "Målgruppens ålder: barn från och med (år). Blivande föräldrar ingår.",
                             0, ge=0, le=18)
    target_max_age: int = _f("Målgrupp till (år)", "Målgruppens ålder: barn till och med (år).", 6, ge=0, le=18)
    coordinator: Coordinator | None = _f("Samordnare", "Samordnaren: yrke, andel av heltid, förordnandets längd, om "
                                         "förordnandet är skriftligt och hur funktionen finansieras.", None)
    steering_group: list[SteeringMember] = _f("Styrgrupp", "Styrgruppen: roller (inte namn) och vilken part de företräder.", [])
    dates: Dates = _f("Avtalstid", "Avtalets start, längd, månad för årlig revidering och uppsägningstid.")
    parent_groups: ParentGroups | None = _f("Föräldraskapsstöd i grupp", "Erbjuder familjecentralen föräldraskapsstöd i "
                                            "grupp före och efter födseln?", None)
    deviations: list[Deviation] = _f("Motiverade avvikelser", "Avviker familjecentralen från ett krav (ska) i regionens "
                                     "vägledning? Ange regelns id och motiveringen.", [])
    local_goals: list[Text] = _f("Egna mål", "Familjecentralens egna mål (frivilligt), ett per rad.", [])
    # Agreement parts (generator/agreement_model.py); a part left out is a marked suggestion in the draft.
    extension: _am.Extension = _part("extension", "När och hur avtalet kan förlängas.", default_factory=_am.Extension)
    definitions: _am.Definitions = _part("definitions", "Begreppen avtalet definierar.", default_factory=_am.Definitions)
    steering: _am.Steering = _part("steering", "Hur styrgruppen arbetar.", default_factory=_am.Steering)
    competence: _am.Competence = _part("competence", "Den gemensamma kompetensutvecklingen.", default_factory=_am.Competence)
    development: list[Text] = _part("development", _am.LIST_SECTIONS["development"],
                                    default_factory=lambda: list(_am.DEFAULT_DEVELOPMENT))
    annual_report: _am.AnnualReport = _part("annual_report", "Årsrapporten om verksamheten.", default_factory=_am.AnnualReport)
    economy: _am.Economy = _part("economy", "Finansiering och fördelning av de gemensamma kostnaderna.",
                                 default_factory=_am.Economy)
    premises: _am.Premises = _part("premises", "Lokalerna, arbetsmiljöansvaret och försäkringen.", default_factory=_am.Premises)
    personal_data: _am.PersonalData = _part("personal_data", "Vem som är personuppgiftsansvarig för vad.",
                                            default_factory=_am.PersonalData)
    breach: _am.Breach = _part("breach", "Vad som gäller vid ett väsentligt avtalsbrott.", default_factory=_am.Breach)
    disputes: _am.Disputes = _part("disputes", "Hur parterna löser en tvist.", default_factory=_am.Disputes)
    attachments: list[_am.Attachment] = _part("attachments", _am.LIST_SECTIONS["attachments"],
                                              default_factory=_am._default_attachments)


# --- the published site: publisher, contact, accessibility statement ----------------------
# One file per publisher (content/webbplats.yaml; a region publishing its own site uses
# guidance/<region>/webbplats.yaml): the footer, the contact line, the fork page's project
# address and the accessibility statement (lagen (2018:1937), DIGG's required contents) all read it.

HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$")]
WcagCriterion = Annotated[str, StringConstraints(pattern=r"^[1-4]\.\d{1,2}\.\d{1,2}$")]


class Shortcoming(Strict):
    text: Text                                   # what does not work, for whom
    criteria: list[WcagCriterion] = []           # WCAG success criteria, e.g. "1.4.4"


class AccessibilityStatement(Strict):
    conformity: Literal["helt förenlig", "delvis förenlig", "inte förenlig"]
    standard: Text = "WCAG 2.1 nivå AA"
    shortcomings: list[Shortcoming] = []
    disproportionate_burden: list[Text] = []     # oskäligt betungande anpassning
    assessed: Date                               # when the site was last assessed
    updated: Date                                # when this statement was last updated
    method: Markdown                             # how it was assessed
    response_time: Text | None = None            # "Vi svarar inom fem arbetsdagar."


class SiteInfo(Strict):
    publisher: Text                              # who publishes the site
    contact_email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None
    contact_phone: Annotated[str, StringConstraints(pattern=r"^[0-9 +\-]{6,20}$")] | None = None
    feedback_url: HttpsUrl | None = None         # a feedback form
    project_url: HttpsUrl | None = None          # where to get the project (the fork page)
    accessibility: AccessibilityStatement


# --- search: everyday words, synonyms, English terms, abbreviations ----------------------

_SEARCH_WORD = re.compile(r"^[0-9A-Za-zÅÄÖåäöÉéÜü][0-9A-Za-zÅÄÖåäöÉéÜü '\-]*$")


def _search_word(value: str) -> str:
    # Typed into a search box and shown in the glossary: plain words only, no markup.
    if not _SEARCH_WORD.match(value):
        raise PydanticCustomError("search_word", "not a search word {input}", {"input": value})
    return value


SearchWord = Annotated[str, StringConstraints(min_length=1, max_length=80), AfterValidator(_search_word)]


class SearchTerm(Strict):
    """One word the site uses, and what readers type instead (content/search.yaml)."""
    term: SearchWord                       # the site's word: what the search looks for
    synonyms: list[SearchWord] = []        # Swedish synonyms and everyday words
    abbreviations: list[SearchWord] = []
    english: list[SearchWord] = []
    glossary: Slug | None = None           # the glossary entry that shows these words


class SearchFile(Strict):
    stop_words: list[SearchWord] = []      # dropped from a question before it is searched
    terms: list[SearchTerm] = []

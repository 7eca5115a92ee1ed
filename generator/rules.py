"""Rules as data: the one interpreter of the comparison kinds. Pure.

A rule is declared once in a region's region.yaml (models.Rule): the centre field(s)
it reads, the comparison, the value and unit, its strength, the Swedish sentence,
the comparison label, the departure message and its sources. Everything reads
the declaration through this module: the guidance text (`sentence`), the
comparison page (`compare_rows`), the checks (`evaluate`), the draft clauses
(`clause_values`), the new-centre file (`suggestions`), the JSON Schema for a
region's centre file (`centre_model`) and the browser form (`export`).

No rule is known here by id or by subject: only the six comparison kinds
(models.Compare), levels, and the field types (models.FieldType).
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import types
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Iterable, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, create_model

from . import formatting as fmt
from . import models as m

C = m.Compare
T = m.FieldType

# The outcome name whose levels decide the centre's form (familjecentral, familjecentralsliknande
# verksamhet): the national clauses and the draft say the form, a region's rule may decide it.
FORM_OUTCOME = "verksamhetsform"

_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_-]+)?)\}")
_MISSING = object()


# --- the centre's fields ------------------------------------------------------------------

@dataclass(frozen=True)
class FieldInfo:
    path: str
    type: str                             # a FieldType value, or "objekt" / "lista" for a part of the centre
    unit: Any = None
    question: str | None = None
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    declared: bool = False                # declared by the region (centre_fields), not in the centre model

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "type": self.type, "declared": self.declared}
        for key in ("unit", "question", "minimum", "maximum"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.options:
            out["options"] = list(self.options)
        return out


def _unwrap(annotation: Any) -> tuple[Any, list]:
    meta: list = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            meta += more
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, meta
            annotation = args[0]
        else:
            return annotation, meta


def _describe(annotation: Any, meta: list) -> tuple[str, tuple[str, ...], Any]:
    """(field type, options, nested model) of a model field's annotation."""
    annotation, more = _unwrap(annotation)
    meta = meta + more
    if any(isinstance(x, m.MonthsTag) for x in meta):
        return T.manader.value, (), None
    if annotation is bool:
        return T.ja_nej.value, (), None
    if annotation is int:
        return T.heltal.value, (), None
    if annotation is float:
        return T.tal.value, (), None
    if get_origin(annotation) is Literal:
        return T.val.value, tuple(str(a) for a in get_args(annotation)), None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if annotation is m.OperatorId:
            return T.verksamheter.value, tuple(o.value for o in m.OperatorId), None
        return T.val.value, tuple(str(e.value) for e in annotation), None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "objekt", (), annotation
    if get_origin(annotation) is list:
        kind, options, nested = _describe(get_args(annotation)[0], [])
        if nested is not None:
            return "lista", (), nested
        if kind in (T.val.value, T.text.value):
            return T.flerval.value, options, None
        return kind, options, None           # a list of operators or of numbers: each item is compared
    return T.text.value, (), None


def _model_fields(model: type[BaseModel], prefix: str = "") -> dict[str, FieldInfo]:
    out: dict[str, FieldInfo] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        kind, options, nested = _describe(info.annotation, list(info.metadata))
        lo = hi = None
        for meta in info.metadata:
            lo = getattr(meta, "ge", lo) if getattr(meta, "ge", None) is not None else lo
            hi = getattr(meta, "le", hi) if getattr(meta, "le", None) is not None else hi
        out[path] = FieldInfo(path, kind, options=options, minimum=lo, maximum=hi,
                              question=info.description)
        if nested is not None:
            out.update(_model_fields(nested, path + "."))
    return out


@lru_cache(maxsize=1)
def builtin_fields() -> dict[str, FieldInfo]:
    return _model_fields(m.Centre)


def fields_of(region: m.Region) -> dict[str, FieldInfo]:
    """Every field a rule of `region` may read: the centre model's and the region's own."""
    out = dict(builtin_fields())
    for f in region.centre_fields:
        options = tuple(o.value for o in m.OperatorId) if f.type == T.verksamheter else tuple(f.options)
        out[f.name] = FieldInfo(f.name, f.type.value, f.unit, f.question, options, f.min, f.max, declared=True)
    return out


def _declared_annotation(f: m.CentreField) -> Any:
    bounds = {k: v for k, v in (("ge", f.min), ("le", f.max)) if v is not None}
    if f.type == T.tal:
        return Annotated[float, Field(**bounds)]
    if f.type == T.heltal:
        return Annotated[int, Field(**bounds)]
    if f.type == T.ja_nej:
        return bool
    if f.type == T.text:
        return m.Text
    if f.type == T.val:
        return Literal[tuple(f.options)] if f.options else m.Text
    if f.type == T.flerval:
        return list[Literal[tuple(f.options)]] if f.options else list[m.Text]
    if f.type == T.manader:
        return Annotated[list[Annotated[int, Field(ge=1, le=12)]], m.MonthsTag()]
    return list[m.OperatorId]


@lru_cache(maxsize=64)
def _centre_model(key: str) -> type[m.Centre]:
    region_id, fields = json.loads(key)
    decls = [m.CentreField.model_validate(f) for f in fields]
    extra = {f.name: (_declared_annotation(f) | None, Field(default=None, description=f.question)) for f in decls}
    return create_model(f"Centre_{region_id.replace('-', '_')}", __base__=m.Centre, **extra)


def centre_model(region: m.Region) -> type[m.Centre]:
    """The centre model for `region`: m.Centre plus the fields the region declares (all optional;
    a rule that needs one reports a centre file without it)."""
    if not region.centre_fields:
        return m.Centre
    usable = [f for f in region.centre_fields if f.name not in m.Centre.model_fields]
    key = json.dumps([region.id, [f.model_dump(mode="json") for f in usable]], sort_keys=True)
    return _centre_model(key)


# --- reading and showing values ---------------------------------------------------------------

def _plain(x: Any) -> Any:
    return x.value if isinstance(x, Enum) else x


def read(obj: Any, path: str) -> Any:
    """The value at `path` (a.b.c); through a list (parties.operators), the items' values
    flattened. _MISSING when the file does not give it."""
    parts = path.split(".")
    current: list[Any] = [obj]
    many = False
    for idx, part in enumerate(parts):
        last = idx == len(parts) - 1
        nxt: list[Any] = []
        for item in current:
            value = item.get(part) if isinstance(item, dict) else getattr(item, part, None)
            if value is None:
                continue
            if isinstance(value, (list, tuple)) and (many or not last):
                nxt.extend(value)
                many = True
            else:
                nxt.append(value)
        current = nxt
    if not current:
        return _MISSING
    if many:
        return [_plain(v) for v in current]
    value = current[0]
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else _plain(value)


def show(value: Any, info: FieldInfo | None, unit: Any = None) -> str:
    """A rule's or a centre's value in Swedish, by the field's type."""
    kind = info.type if info else None
    unit = unit if unit is not None else (info.unit if info else None)
    if isinstance(value, (list, tuple)):
        if kind == T.manader.value:
            return fmt.months_sv(int(v) for v in value)
        if kind == T.verksamheter.value:
            return fmt.operator_list(value)
        return fmt.join_sv(show(v, info, unit) for v in value)
    if isinstance(value, bool):
        return fmt.WORDS["yes"] if value else fmt.WORDS["no"]
    if isinstance(value, (int, float)):
        return fmt.quantity_sv(value, unit)
    if isinstance(value, (_dt.date,)):
        return fmt.date_sv(value)
    if kind == T.verksamheter.value:
        return fmt.operator_sv(value)
    return str(value)


def fill(text: str, values: dict[str, str]) -> str:
    """{name} placeholders of a rule text; content is data (no template language)."""
    return _PLACEHOLDER.sub(lambda mt: values.get(mt.group(1), mt.group(0)), text)


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def without_placeholders(text: str) -> str:
    return _PLACEHOLDER.sub("", text)


# --- the guidance text --------------------------------------------------------------------------

def verb(rule: m.Rule) -> str:
    return "ska" if rule.strength == m.Strength.ska else "bör"


def strength_label(rule: m.Rule) -> str:
    label = {m.Strength.ska: "Krav (ska)", m.Strength.bor: "Rekommendation (bör)"}.get(rule.strength, "Referensvärde")
    return label + (", förslag" if rule.status == "förslag" else "")


def _all_conditions(rule: m.Rule) -> list[m.Condition]:
    return list(rule.when) + rule.conditions + [c for lv in rule.levels for c in lv.when]


def _condition_value(rule: m.Rule, cond: m.Condition, fields: dict[str, FieldInfo]) -> str:
    return show(cond.value, fields.get(cond.field), cond.unit if cond.unit is not None else rule.unit)


def _value_texts(rule: m.Rule, fields: dict[str, FieldInfo]) -> dict[str, str]:
    values = {"verb": verb(rule)}
    first = next((c for c in rule.conditions if c.value is not None), None)
    if first is not None:
        values["value"] = _condition_value(rule, first, fields)
    for cond in _all_conditions(rule):
        if cond.id and cond.value is not None:
            values[f"value.{cond.id}"] = _condition_value(rule, cond, fields)
    for fig in rule.figures:
        values[f"value.{fig.id}"] = fmt.quantity_sv(fig.value, fig.unit if fig.unit is not None else rule.unit)
    return values


def _level_text(rule: m.Rule, lv: m.Level, fields: dict[str, FieldInfo]) -> str:
    values = _value_texts(rule, fields)
    first = lv.when[0]
    if first.value is not None:
        values["when"] = _condition_value(rule, first, fields)
    if lv.value is not None:
        values["value"] = fmt.quantity_sv(lv.value, rule.unit)
    return fill(lv.text, values) if lv.text else lv.label


def _level_line(rule: m.Rule, lv: m.Level, fields: dict[str, FieldInfo]) -> str:
    what = _level_text(rule, lv, fields)
    if lv.value is not None:
        return f"{fmt.quantity_sv(lv.value, rule.unit)} när {what}"
    return f"{lv.label} när {what}" if lv.text else lv.label


def sentence(rule: m.Rule, region: m.Region | None = None) -> str:
    """The rule as the guidance states it."""
    fields = fields_of(region) if region is not None else builtin_fields()
    values = _value_texts(rule, fields)
    if rule.levels:
        values["levels"] = "; ".join(_level_line(rule, lv, fields) for lv in rule.levels)
    return _one_line(fill(rule.text, values))


def _one_line(text: str) -> str:
    # Line breaks of the YAML text go; the no-break spaces between a number and its unit stay.
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# --- the check ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Departure:
    field: str          # the centre field it is about (its line is shown)
    message: str        # Swedish


@dataclass(frozen=True)
class Outcome:
    rule: m.Rule
    level: m.Level | None
    reason: str

    @property
    def value(self) -> str | None:
        return None if self.level is None or self.level.value is None else fmt.quantity_sv(self.level.value, self.rule.unit)


_DEFAULT_DEPARTURE = {
    C.minst: "{label}: {actual}, regeln säger minst {value}",
    C.hogst: "{label}: {actual}, regeln säger högst {value}",
    C.lika_med: "{label}: {actual}, regeln säger {value}",
    C.en_av: "{label}: {actual} är inte bland {value}",
    C.innehaller_alla: "{label}: {missing} saknas",
    C.ja: "{label}: uppgiften {field} är inte uppfylld",
}
_DEFAULT_MISSING = "{label}: familjecentralens fil anger inte {field}"
# What a rule with levels says when the centre reaches none, and what its clause says.
LEVEL_TEXT = {
    "no_level_reason": "för {label} saknas {missing}",
    "no_level_departure": "{label}: {reason}",
    "level_result": "{level} ({reason})",
    "no_level": "ingen nivå",
    "not_applicable": "regeln gäller inte",
}


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _test(cond: m.Condition, actual: Any) -> tuple[str, list]:
    """("ok" | "fail" | "missing", the items that fail)."""
    if actual is _MISSING or actual is None:
        return "missing", []
    items = actual if isinstance(actual, list) else [actual]
    want = cond.value
    if cond.compare == C.ja:
        ok = bool(actual) if isinstance(actual, (bool, list)) else True
        return ("ok" if ok else "fail"), []
    if cond.compare == C.minst:
        bad = [a for a in items if not (_number(a) and a >= want)]
    elif cond.compare == C.hogst:
        bad = [a for a in items if not (_number(a) and a <= want)]
    elif cond.compare == C.lika_med:
        bad = [a for a in items if not (a == want and isinstance(a, bool) == isinstance(want, bool))]
    elif cond.compare == C.en_av:
        bad = [a for a in items if a not in want]
    else:  # innehåller_alla
        bad = [w for w in want if w not in items]
    return ("fail" if bad else "ok"), bad


def _message(rule: m.Rule, cond: m.Condition, state: str, actual: Any, bad: list, fields: dict[str, FieldInfo]) -> str:
    info = fields.get(cond.field)
    unit = cond.unit if cond.unit is not None else rule.unit
    values = {"label": rule.label, "field": cond.field,
              "value": _condition_value(rule, cond, fields) if cond.value is not None else "",
              "missing": show(bad, info, unit) if cond.compare == C.innehaller_alla else "",
              "actual": "" if actual is _MISSING else show(bad if cond.compare == C.en_av else actual, info, unit)}
    if state == "missing":
        template = cond.missing or (cond.departure if cond.compare == C.ja else None) or _DEFAULT_MISSING
    else:
        template = cond.departure or _DEFAULT_DEPARTURE[cond.compare]
    return fill(template, values)


def _holds(cond: m.Condition, centre: Any) -> bool:
    return _test(cond, read(centre, cond.field))[0] == "ok"


def evaluate(rule: m.Rule, centre: Any, region: m.Region) -> tuple[list[Departure], Outcome | None]:
    """What in `centre` departs from `rule`, and for a rule with levels the centre's level.
    The strength decides what a departure means (checks.Finding), not this function."""
    fields = fields_of(region)
    if not all(_holds(c, centre) for c in rule.when):
        return [], None
    out: list[Departure] = []
    for cond in rule.conditions:
        actual = read(centre, cond.field)
        state, bad = _test(cond, actual)
        if state == "ok":
            continue
        out.append(Departure(cond.field, _message(rule, cond, state, actual, bad, fields)))
        if state == "missing":  # what depends on the missing part cannot be read either
            break
    outcome = None
    if rule.levels:
        level = next((lv for lv in rule.levels if all(_holds(c, centre) for c in lv.when)), None)
        if level is not None:
            outcome = Outcome(rule, level, _level_text(rule, level, fields))
        else:
            last = rule.levels[-1]
            failing = []
            for cond in last.when:
                actual = read(centre, cond.field)
                state, bad = _test(cond, actual)
                if state != "ok":
                    failing.append((cond, _short(rule, cond, state, actual, bad, fields)))
            reason = fill(LEVEL_TEXT["no_level_reason"], {"label": last.label, "missing": fmt.join_sv(text for _, text in failing)})
            outcome = Outcome(rule, None, reason)
            message = fill(rule.departure, {"label": rule.label, "missing": fmt.join_sv(t for _, t in failing),
                                            "reason": reason}) if rule.departure else \
                fill(LEVEL_TEXT["no_level_departure"], {"label": rule.label, "reason": reason})
            out.append(Departure(failing[0][0].field if failing else last.when[0].field, message))
    return out, outcome


def _short(rule: m.Rule, cond: m.Condition, state: str, actual: Any, bad: list, fields: dict[str, FieldInfo]) -> str:
    """What a level still lacks, for the reason a centre reaches no level."""
    info = fields.get(cond.field)
    if cond.compare == C.innehaller_alla and state == "fail":
        return show(bad, info, cond.unit if cond.unit is not None else rule.unit)
    return fill(cond.departure, {"label": rule.label, "field": cond.field}) if cond.departure else cond.field


def clause_values(rule: m.Rule, region: m.Region, outcome: Outcome | None) -> dict[str, str]:
    """Placeholders a rule's own clause may use: {rule.sentence}, {rule.verb}, {rule.value},
    {rule.value.<id>}, and for levels {rule.level}, {rule.result}."""
    fields = fields_of(region)
    values = {f"rule.{k}": v for k, v in _value_texts(rule, fields).items()}
    values["rule.sentence"] = sentence(rule, region)
    if rule.levels:
        if outcome is not None and outcome.level is not None:
            level = outcome.level
            values["rule.level"] = level.label
            texts = {"level": level.label, "value": outcome.value or "", "reason": outcome.reason}
            values["rule.result"] = fill(rule.result if rule.result else LEVEL_TEXT["level_result"], texts)
        else:
            reason = outcome.reason if outcome else LEVEL_TEXT["not_applicable"]
            values["rule.level"] = LEVEL_TEXT["no_level"]
            values["rule.result"] = fill(rule.no_result, {"reason": reason}) if rule.no_result else reason
    return values


def clause_placeholder_names(rule: m.Rule) -> set[str]:
    names = {"rule.sentence", "rule.verb"}
    if any(c.value is not None for c in rule.conditions):
        names.add("rule.value")
    names |= {f"rule.{n}" for n in _id_names(rule)}
    if rule.levels:
        names |= {"rule.level", "rule.result"}
    return names


# --- declarations checked against the fields --------------------------------------------------------

_NUMERIC = {T.tal.value, T.heltal.value}
_LISTS = {T.flerval.value, T.manader.value, T.verksamheter.value}
_FITS = {
    C.minst: _NUMERIC, C.hogst: _NUMERIC,
    C.lika_med: _NUMERIC | {T.ja_nej.value, T.text.value, T.val.value},
    C.en_av: _NUMERIC | _LISTS | {T.text.value, T.val.value},
    C.innehaller_alla: _LISTS,
    C.ja: None,  # any field: true, or given
}
_TYPE_SV = {"tal": "ett tal", "heltal": "ett heltal", "ja_nej": "ja/nej", "text": "en text", "val": "ett val",
            "flerval": "en lista av val", "månader": "en lista av månader", "verksamheter": "en lista av verksamheter",
            "objekt": "en del av familjecentralens fil", "lista": "en lista"}


def check_declarations(region: m.Region) -> list[tuple[tuple, str]]:
    """Every problem of the region's rule and field declarations as (location in region.yaml, Swedish message)."""
    problems: list[tuple[tuple, str]] = []

    seen_fields: set[str] = set()
    for i, f in enumerate(region.centre_fields):
        loc = ("centre_fields", i)
        if f.name in m.Centre.model_fields:
            problems.append((loc + ("name",), f"fältet \"{f.name}\" finns redan i familjecentralens fil; "
                                              "välj ett annat namn för regionens eget fält"))
        if f.name in seen_fields:
            problems.append((loc + ("name",), f"fältet \"{f.name}\" deklareras två gånger"))
        seen_fields.add(f.name)
        if f.type in (T.val, T.flerval) and not f.options:
            problems.append((loc + ("options",), "ett fält av typen val eller flerval behöver options: [de tillåtna värdena]"))
        if f.options and f.type not in (T.val, T.flerval):
            problems.append((loc + ("options",), "options gäller bara fält av typen val eller flerval"))
        if (f.min is not None or f.max is not None) and f.type not in (T.tal, T.heltal):
            problems.append((loc + ("min" if f.min is not None else "max",), "min och max gäller bara fält av typen tal eller heltal"))
        if f.min is not None and f.max is not None and f.min > f.max:
            problems.append((loc + ("min",), "min kan inte vara större än max"))
    fields = fields_of(region)
    labels: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for i, rule in enumerate(region.rules):
        loc = ("rules", i)
        if rule.label in labels:
            problems.append((loc + ("label",), f"etiketten \"{rule.label}\" har redan rules[{labels[rule.label]}]; "
                                               "jämförelsesidan har en rad per etikett, så ge regeln en egen"))
        labels.setdefault(rule.label, i)
        single = rule.field is not None or rule.compare is not None or rule.value is not None
        if rule.field is not None and rule.compare is None:
            problems.append((loc + ("compare",), "ange compare (minst, högst, lika_med, en_av, innehåller_alla eller ja) för field"))
        if rule.compare is not None and rule.field is None:
            problems.append((loc + ("field",), "ange field: vilket fält i familjecentralens fil regeln jämför"))
        if single and rule.levels:
            problems.append((loc + ("levels",), "en regel jämför antingen ett fält (field) eller har nivåer (levels), inte båda"))
        if (rule.result or rule.no_result or rule.outcome) and not rule.levels:
            key = "result" if rule.result else "no_result" if rule.no_result else "outcome"
            problems.append((loc + (key,), f"{key} gäller bara en regel med nivåer (levels)"))
        if rule.outcome is not None:
            if rule.outcome in outcomes:
                problems.append((loc + ("outcome",), f"utfallet \"{rule.outcome}\" bestäms redan av rules[{outcomes[rule.outcome]}]"))
            outcomes.setdefault(rule.outcome, i)
        if single and rule.field is not None and rule.compare is not None:
            problems += _check_condition(rule.conditions[0], fields, loc, own_keys=True)
        for j, cond in enumerate(rule.checks):
            problems += _check_condition(cond, fields, loc + ("checks", j))
        for j, cond in enumerate(rule.when):
            problems += _check_condition(cond, fields, loc + ("when", j))
        level_ids: set[str] = set()
        for k, lv in enumerate(rule.levels):
            if lv.id in level_ids:
                problems.append((loc + ("levels", k, "id"), f"nivån \"{lv.id}\" finns två gånger"))
            level_ids.add(lv.id)
            for j, cond in enumerate(lv.when):
                problems += _check_condition(cond, fields, loc + ("levels", k, "when", j))
            problems += _check_text(lv.text, {"value", "when"} | _id_names(rule), loc + ("levels", k, "text"))
        ids = [c.id for c in _all_conditions(rule) if c.id] + [f.id for f in rule.figures]
        for dup in sorted({x for x in ids if ids.count(x) > 1}):
            problems.append((loc, f"id \"{dup}\" används av flera jämförelser i regeln; varje id namnger ett värde"))
        allowed = {"verb"} | _id_names(rule)
        if any(c.value is not None for c in rule.conditions):
            allowed.add("value")
        if rule.levels:
            allowed.add("levels")
        problems += _check_text(rule.text, allowed, loc + ("text",))
        problems += _check_text(rule.departure, {"label", "missing", "reason", "actual", "value", "field"}, loc + ("departure",))
        problems += _check_text(rule.missing, {"label", "field", "value"}, loc + ("missing",))
        problems += _check_text(rule.result, {"level", "value", "reason"}, loc + ("result",))
        problems += _check_text(rule.no_result, {"reason"}, loc + ("no_result",))
    return problems


def _id_names(rule: m.Rule) -> set[str]:
    return ({f"value.{c.id}" for c in _all_conditions(rule) if c.id and c.value is not None}
            | {f"value.{f.id}" for f in rule.figures})


def _check_text(text: str | None, allowed: set[str], loc: tuple) -> list[tuple[tuple, str]]:
    if not text:
        return []
    unknown = [p for p in placeholders(text) if p not in allowed]
    return [(loc, f"okänd platshållare {{{p}}}; här går att använda {', '.join('{' + a + '}' for a in sorted(allowed))}")
            for p in unknown]


def _check_condition(cond: m.Condition, fields: dict[str, FieldInfo], loc: tuple, own_keys: bool = False) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    if not own_keys:  # a rule's own field/compare/value: its departure and missing are checked with the rule
        problems += _check_text(cond.departure, {"label", "actual", "value", "missing", "field"}, loc + ("departure",))
        problems += _check_text(cond.missing, {"label", "field", "value"}, loc + ("missing",))
    info = fields.get(cond.field)
    if info is None:
        near = [p for p in fields if p.split(".")[-1] == cond.field.split(".")[-1] or p.startswith(cond.field.split(".")[0])]
        hint = f" (menar du {', '.join(sorted(near)[:4])}?)" if near else ""
        return problems + [(loc + ("field",), f"\"{cond.field}\" är inget fält i familjecentralens fil{hint}; ett eget fält "
                                   "deklareras under centre_fields med name, type, unit och question")]
    allowed_types = _FITS[cond.compare]
    if allowed_types is not None and info.type not in allowed_types:
        problems.append((loc + ("compare",), f"jämförelsen {cond.compare.value} passar inte fältet {cond.field}, "
                                             f"som är {_TYPE_SV.get(info.type, info.type)}"))
        return problems
    value_loc = loc + ("value",)
    v = cond.value
    if cond.compare == C.ja:
        if v not in (None, True):
            problems.append((value_loc, "jämförelsen ja tar inget värde (ta bort value)"))
        return problems
    if v is None:
        return problems + [(loc + ("value",), f"jämförelsen {cond.compare.value} behöver ett värde (value)")]
    if cond.compare in (C.minst, C.hogst) and not _number(v):
        problems.append((value_loc, f"jämförelsen {cond.compare.value} behöver ett tal som värde"))
    elif cond.compare in (C.en_av, C.innehaller_alla) and not isinstance(v, list):
        problems.append((value_loc, f"jämförelsen {cond.compare.value} behöver en lista som värde, t.ex. [a, b]"))
    elif cond.compare == C.lika_med and isinstance(v, list):
        problems.append((value_loc, "jämförelsen lika_med behöver ett enda värde; för flera tillåtna värden, använd en_av"))
    else:
        items = v if isinstance(v, list) else [v]
        if info.type in _NUMERIC or info.type == T.manader.value:
            if not all(_number(x) for x in items):
                problems.append((value_loc, f"värdet ska vara tal, eftersom {cond.field} är {_TYPE_SV[info.type]}"))
            elif info.type == T.manader.value and not all(isinstance(x, int) and 1 <= x <= 12 for x in items):
                problems.append((value_loc, "månader anges som tal 1–12"))
            elif info.minimum is not None and any(x < info.minimum for x in items) or \
                    info.maximum is not None and any(x > info.maximum for x in items):
                problems.append((value_loc, f"värdet ligger utanför det fältet tillåter ({fmt.number_sv(info.minimum or 0)}–"
                                            f"{fmt.number_sv(info.maximum) if info.maximum is not None else '…'})"))
        elif info.type == T.ja_nej.value and not all(isinstance(x, bool) for x in items):
            problems.append((value_loc, f"värdet ska vara true eller false, eftersom {cond.field} är ja/nej"))
        elif info.options:
            wrong = [str(x) for x in items if str(x) not in info.options]
            if wrong:
                problems.append((value_loc, f"{', '.join(wrong)} är inget tillåtet värde för {cond.field} "
                                            f"(tillåtna: {', '.join(info.options)})"))
    return problems


# --- comparison page, new-centre file, browser form ---------------------------------------------------

def semantics(rule: m.Rule) -> str:
    """What a rule requires, without its wording or sources: two regions differ when these differ."""
    data = rule.model_dump(mode="json", include={"strength", "status", "field", "compare", "value", "unit",
                                                 "checks", "levels", "when", "outcome", "figures"})
    for cond in data.get("checks", []) + data.get("when", []) + [c for lv in data.get("levels", []) for c in lv["when"]]:
        for key in ("id", "departure", "missing"):
            cond.pop(key, None)
    for lv in data.get("levels", []):
        lv.pop("text", None)
        lv.pop("id", None)
    for fig in data.get("figures", []):
        fig.pop("id", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class CompareRow:
    label: str
    rules: tuple[m.Rule | None, ...]     # one per region, None where the region has no such rule
    regions: tuple[m.Region, ...]
    differs: bool                        # strength or values differ, or a region lacks the rule

    @property
    def only_in(self) -> list[str]:
        """The regions that have the rule, when not all do ("bara i X"); else empty."""
        having = [reg.name for reg, r in zip(self.regions, self.rules) if r is not None]
        return having if len(having) < len(self.regions) else []

    @property
    def values_differ(self) -> bool:
        """Two regions that both have the rule state it with other strength or values."""
        return len({semantics(r) for r in self.rules if r is not None}) > 1


def compare_rows(regions: Iterable[m.Region], topic_order: Iterable[str] = ()) -> list[CompareRow]:
    """One row per rule label, across regions: same label = same subject. Ordered by topic page, then first seen."""
    regions = tuple(regions)
    order = {t: i for i, t in enumerate(topic_order)}
    first: dict[str, tuple[int, int]] = {}
    n = 0
    for region in regions:
        for rule in region.rules:
            if rule.label not in first:
                first[rule.label] = (order.get(rule.topic, len(order)), n)
                n += 1
    rows = []
    for label in sorted(first, key=first.__getitem__):
        cells = tuple(next((r for r in region.rules if r.label == label), None) for region in regions)
        differs = len({semantics(r) if r else None for r in cells}) > 1
        rows.append(CompareRow(label, cells, regions, differs))
    return rows


def suggestions(region: m.Region) -> dict[str, Any]:
    """A value per centre field that meets the region's ska and bör rules (for the new-centre file)."""
    out: dict[str, Any] = {}
    for rule in region.rules:
        if rule.strength == m.Strength.referens:
            continue
        for cond in rule.conditions:
            if cond.compare in (C.minst, C.hogst, C.lika_med) and cond.value is not None:
                out.setdefault(cond.field, cond.value)
            elif cond.compare == C.ja:
                out.setdefault(cond.field, True)
            elif cond.compare in (C.en_av, C.innehaller_alla) and isinstance(cond.value, list):
                out.setdefault(cond.field, list(cond.value))
    return out


def export(region: m.Region) -> dict[str, Any]:
    """The region's rules and the centre fields they read, as plain JSON data (the browser form)."""
    fields = fields_of(region)
    used = sorted({c.field for r in region.rules for c in _all_conditions(r)} | {f.name for f in region.centre_fields})
    return {
        "region": region.id,
        "name": region.name,
        "fields": [fields[p].as_dict() for p in used if p in fields],
        # Each rule as declared, plus what the site shows: its sentence, strength label and the
        # Swedish text of each value ({value}, {value.<id>}) for messages in the browser.
        "rules": [dict(rule.model_dump(mode="json", exclude_none=True),
                       sentence=sentence(rule, region), strength_label=strength_label(rule),
                       values=_value_texts(rule, fields), **_checked(rule, fields))
                  for rule in region.rules],
    }


def _checked(rule: m.Rule, fields: dict[str, FieldInfo]) -> dict[str, Any]:
    """What a check reads, with every text that does not depend on the centre already made:
    the comparisons (`conditions`, the rule's own field first) with the unit they use and their
    value in Swedish (`shown`), and each level's text and amount."""
    def cond(c: m.Condition) -> dict[str, Any]:
        out = c.model_dump(mode="json", exclude_none=True)
        out["unit"] = c.unit if c.unit is not None else rule.unit
        if c.value is not None:
            out["shown"] = _condition_value(rule, c, fields)
        return {k: v for k, v in out.items() if v is not None}

    out: dict[str, Any] = {"conditions": [cond(c) for c in rule.conditions], "when": [cond(c) for c in rule.when]}
    if rule.levels:
        out["levels"] = [dict(lv.model_dump(mode="json", exclude_none=True), when=[cond(c) for c in lv.when],
                              shown=_level_text(rule, lv, fields),
                              **({"amount": fmt.quantity_sv(lv.value, rule.unit)} if lv.value is not None else {}))
                         for lv in rule.levels]
    return out


def export_json(region: m.Region) -> str:
    return json.dumps(export(region), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

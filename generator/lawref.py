"""The one formatter of references: a law reference reads the same on the site, in drafts,
in Word and in the bibliography. Pure.

    {law: osl, chapter: 26, paragraph: 1}  ->  26 kap. 1 § offentlighets- och sekretesslagen (2009:400)
    {law: lvu, paragraph: 11}              ->  11 § lagen (1990:52) med särskilda bestämmelser om vård av unga
    {law: barnkonventionen, article: 3}    ->  artikel 3 i barnkonventionen
    former: {law: sol, chapter: 14, paragraph: 1}  ->  … [tidigare 14 kap. 1 § socialtjänstlagen (2001:453)]

References to the same law that follow each other are joined the Swedish way:
"20 kap. 1 och 3 §§ brottsbalken (1962:700)", "artiklarna 5 och 18 i barnkonventionen".
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from . import models as m

ORDINALS = ["första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde",
            "elfte", "tolfte", "trettonde", "fjortonde", "femtonde", "sextonde", "sjuttonde", "artonde",
            "nittonde", "tjugonde"]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def place(ref: m.LawPlace) -> str:
    """Where in the law: "23 kap. 1 § andra stycket punkt 2", "11 §", "artikel 3", "" (the whole law)."""
    if ref.article:
        return f"artikel {ref.article}"
    parts = []
    if ref.chapter:
        parts.append(f"{ref.chapter} kap.")
    if ref.paragraph:
        parts.append(f"{ref.paragraph} §")
    if ref.piece:
        parts.append(f"{ORDINALS[ref.piece - 1]} stycket")
    if ref.point:
        parts.append(f"punkt {ref.point}")
    return " ".join(parts)


def _name(sources: Mapping[str, m.Source], law_id: str) -> str:
    src = sources.get(law_id)
    if src is None:
        return law_id
    return src.cite or src.short or src.title


def cite(ref: m.LawPlace, sources: Mapping[str, m.Source]) -> str:
    """One reference, in full: "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"."""
    return _cite_group([ref], sources)


def _cite_group(refs: list[m.LawPlace], sources: Mapping[str, m.Source]) -> str:
    """References to one law (none with piece, point or former except a lone one), joined."""
    name = _name(sources, refs[0].law)
    if len(refs) == 1:
        where = place(refs[0])
        text = f"{where} i {name}" if refs[0].article else (f"{where} {name}" if where else name)
    elif all(r.article for r in refs):
        text = f"artiklarna {_join([str(r.article) for r in refs])} i {name}"
    else:
        chunks: list[str] = []
        i = 0
        while i < len(refs):  # paragraphs of one chapter together: "20 kap. 1 och 3 §§"
            j = i
            while j + 1 < len(refs) and refs[j + 1].chapter == refs[i].chapter and refs[j + 1].paragraph:
                j += 1
            run = refs[i:j + 1]
            if len(run) > 1:
                head = f"{run[0].chapter} kap. " if run[0].chapter else ""
                chunks.append(f"{head}{_join([r.paragraph for r in run])} §§")
            else:
                chunks.append(place(run[0]) or "")
            i = j + 1
        text = f"{_join([c for c in chunks if c])} {name}"
    former = getattr(refs[0], "former", None) if len(refs) == 1 else None
    if former:
        text += f" [tidigare {_cite_group(list(former), sources)}]"
    return text


def checked_of(ref: m.LawRef, sources: Mapping[str, m.Source]):
    """The date this provision was checked: the reference's own (None with a note: not checked), else the law's."""
    if ref.checked is not None or ref.unverified:
        return ref.checked
    src = sources.get(ref.law)
    return src.checked if src is not None else None


def checked_text(date) -> str:
    return f"kontrollerad {date.isoformat()}" if date is not None else "ej kontrollerad"


def groups(refs: Iterable[Any], sources: Mapping[str, m.Source]) -> list[tuple[str, str, str]]:
    """(bibliography id, the linked text, what follows it) for each source or run of law references.

    A SourceRef is ("skane-2024", "Skånes vägledning 2024", ", Sekretess"); references to one law
    that follow each other and were checked on the same date are one group:
    ("brottsbalken", "20 kap. 1 och 3 §§ brottsbalken (1962:700)", " (kontrollerad 2026-12-02)").
    """
    out: list[tuple[str, str, str]] = []
    run: list[m.LawRef] = []

    def flush():
        if run:
            date = checked_of(run[0], sources)
            out.append((run[0].law, _cite_group(list(run), sources), f" ({checked_text(date)})"))
            run.clear()

    for ref in refs:
        if isinstance(ref, m.LawPlace):
            alone = bool(getattr(ref, "former", None) or ref.piece or ref.point)
            if run and (alone or ref.law != run[0].law or bool(ref.article) != bool(run[0].article)
                        or checked_of(ref, sources) != checked_of(run[0], sources)
                        or getattr(run[-1], "former", None) or run[-1].piece or run[-1].point):
                flush()
            run.append(ref)
            continue
        flush()
        src = sources.get(ref.source)
        out.append((ref.source, (src.short or src.title) if src else ref.source, f", {ref.section}"))
    flush()
    return out


def md_escape(text: str) -> str:
    """Brackets of a citation as text, so Markdown never reads "[tidigare …]" as a link."""
    return text.replace("[", "\\[").replace("]", "\\]")


def source_line_md(refs, sources: Mapping[str, m.Source], link: Callable[[str], str]) -> str:
    """The sources of an item as one Markdown line (without the "Källa:" label)."""
    return "; ".join(f"[{md_escape(text)}]({link('kallor.md#' + sid)}){md_escape(rest)}"
                     for sid, text, rest in groups(refs, sources))


def source_line_text(refs, sources: Mapping[str, m.Source]) -> str:
    """The same line as plain text (Word, messages, HTML blocks)."""
    return "; ".join(f"{text}{rest}" for _, text, rest in groups(refs, sources))


def cite_text(refs, sources: Mapping[str, m.Source]) -> str:
    """Law references only, joined, without checked dates (a table cell that cites its ground)."""
    return "; ".join(text for _, text, _ in groups(refs, sources))


def law_status(src: m.Source, sources: Mapping[str, m.Source]) -> str:
    """A law's state for the bibliography, as a sentence: "I kraft sedan 2009-06-30; kontrollerad
    2026-12-02", "Upphävd 2025-07-01, ersatt av socialtjänstlagen (2025:400); kontrollerad 2026-12-02"."""
    parts = []
    if src.repealed is not None:
        new = sources.get(src.repealed_by) if src.repealed_by else None
        parts.append(f"upphävd {src.repealed.isoformat()}" + (f", ersatt av {_name(sources, new.id)}" if new else ""))
    elif src.in_force is not None:
        parts.append(f"i kraft sedan {src.in_force.isoformat()}")
    if src.cite is not None:
        parts.append(checked_text(src.checked))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]

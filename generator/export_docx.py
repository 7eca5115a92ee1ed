"""Word documents: each regional guidance and each agreement draft.

Built with python-docx from the same structured data as the Markdown (not by
converting the Markdown), so headings are real Word headings, lists and
tables are real lists and tables. The look comes from a Word template that a
region can replace: guidance/<region>/templates/docx/fcguide.dotx-style .docx,
else templates/docx/fcguide.docx, else python-docx's default.
"""
from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_BREAK

from . import models as m
from .context import CONSENT_SV, HUVUDMAN_SV
from .docx_writer import (add_field, heading, add_list, add_markdown, add_sources_line, add_table, header_text,
                          open_template, page_number_footer, set_properties, to_bytes)
from .drafts import Draft
from .lawref import law_status, source_line_text
from .formatting import date_sv, operator_list, quantity_sv
from .rules import strength_label

TEMPLATE_NAME = "fcguide.docx"


def _template_paths(root: Path, region_id: str) -> list[Path]:
    """A Word template resolving outside the project (a symlink leaving it) is never read;
    find_project has already refused it with a located error."""
    from .sandbox import inside

    paths = [root / "guidance" / region_id / "templates" / "docx" / TEMPLATE_NAME,
             root / "templates" / "docx" / TEMPLATE_NAME]
    return [p for p in paths if not p.exists() or inside(p, root)]


def _sources_text(base, sources) -> str:
    return "Källa: " + source_line_text(sources, base.sources)


_strength_label = strength_label  # one wording with the site (rules.py)


def _page_blocks(doc, page, block: str, base) -> None:
    if block.startswith("list:"):
        lst = next((l for l in page.lists if l.id == block[5:]), None)
        if lst:
            if lst.intro:
                add_markdown(doc, lst.intro)
            add_list(doc, [(f"**{i.label}:** " if i.label else "") + i.text for i in lst.items], lst.ordered)
    elif block == "operators":
        for op in page.operators:
            heading(doc, op.name, level=3)
            add_markdown(doc, op.role)
            add_table(doc, ["Uppgift", "Värde"], [["Huvudman", ", ".join(HUVUDMAN_SV[h.value] for h in op.huvudman)],
                                      ["Yrken", ", ".join(op.professions)]])
    elif block == "partners":
        add_list(doc, [p.name + (f" ({p.abbreviation})" if p.abbreviation else "") for p in page.partners])
    elif block == "roles":
        for r in page.roles:
            heading(doc, r.name, level=3)
            add_markdown(doc, r.summary)
            add_list(doc, [t.text for t in r.tasks])
    elif block == "definitions":
        for d in page.definitions:
            p = doc.add_paragraph()
            p.add_run(d.term + ": ").bold = True
            p.add_run(d.definition.replace("\n", " "))
    elif block == "preconditions":
        add_list(doc, [f"**{pc.title}**" + (f" – {pc.description}" if pc.description else "") for pc in page.preconditions], True)
    elif block == "evaluation_boxes":
        for box in page.evaluation_boxes:
            heading(doc, f"Ruta {box.number}: {box.title}", level=3)
            if box.description:
                add_markdown(doc, box.description)
            add_list(doc, list(box.questions))
    elif block == "table":
        add_table(doc, ["Medarbetare", "Kollega", "Förhållande", "Samtycke behövs?", "Varför"],
                  [[r.a.label, r.b.label, r.relation, CONSENT_SV[r.consent.value], r.reason] for r in page.table])
    elif block == "grundpaket":
        add_table(doc, ["Träff", "Tema", "När", "Vem"],
                  [[str(mt.number), mt.theme, mt.when, ", ".join(mt.who)] for mt in page.grundpaket])
    elif block == "star":
        add_list(doc, [p.name for p in page.star.points])
    elif block == "levels":
        add_list(doc, [f"**{lv.name}**" + (f": {lv.description}" if lv.description else "") for lv in page.levels])
    elif block == "spider":
        add_markdown(doc, page.spider.description)
    elif block == "program_theory":
        for st in page.program_theory.chain:
            p = doc.add_paragraph()
            p.add_run(st.title).bold = True
            add_list(doc, list(st.items))


def _section(doc, sec, page, base, level: int, region_id: str | None = None) -> None:
    # Another region's material is a marked comparison, as on the site.
    other = region_id is not None and getattr(sec, "region", None) not in (None, region_id)
    heading(doc, f"Jämförelse: {sec.title}" if other else sec.title, level=level)
    if sec.body:
        add_markdown(doc, sec.body)
    for c in getattr(sec, "comparisons", ()):
        if c.region == region_id:
            add_markdown(doc, c.text)
    for b in sec.show:
        _page_blocks(doc, page, b, base)
    others = [c for c in getattr(sec, "comparisons", ()) if c.region != region_id]
    if others:
        add_markdown(doc, "**Jämförelse med andra regioner:**")
        for c in others:
            add_markdown(doc, c.text)
    add_sources_line(doc, _sources_text(base, sec.sources))


def _revision(gen, region_id: str) -> str:
    return (gen.revisions or {}).get(region_id, gen.revision)


def guidance_docx(rr, gen, root: Path) -> bytes:
    from .site_plan import _region_chapters

    base = gen.resolved.base
    region = rr.region
    doc = open_template(_template_paths(root, region.id))
    title = region.guidance.title
    set_properties(doc, title=title, subject=f"Vägledning för familjecentraler, {region.name}",
                   keywords=f"familjecentral; vägledning; {region.name}", category=region.name,
                   when=gen.date, version=f"{region.guidance.version} / {_revision(gen, region.id)}")
    header_text(doc, f"{title} – {region.name}")
    page_number_footer(doc, region.name)
    heading(doc, title, 0)
    doc.add_paragraph(f"{region.name} · {region.lan} · version {region.guidance.version} ({region.guidance.year})")
    doc.add_paragraph(f"Genererad av Familjecentralsguiden {date_sv(gen.date)} från innehållsversion {_revision(gen, region.id)}.")
    add_markdown(doc, region.summary)
    heading(doc, "Innehåll", level=1)
    toc = doc.add_paragraph()
    add_field(toc, 'TOC \\o "1-2" \\h \\z \\u')
    toc.add_run().add_break(WD_BREAK.PAGE)
    from .site_plan import moved_sections, region_groups
    from .voice import genitive

    moved = moved_sections(rr)
    # Where each chapter sits in the region's own source, as the site says it under the heading.
    the_source = {"vägledning": "vägledningen", "underlag": "underlaget", "förslag": "förslaget"}[region.guidance.kind]
    group_of = {e[0]: g for g in region_groups(rr) for e in g.entries}
    for path, ctitle, kind, obj in _region_chapters(rr):
        heading(doc, ctitle, level=1)
        group = group_of.get(path)
        if group is not None and group.kind == "source" and group.title != ctitle:
            add_markdown(doc, f"*Motsvarar avsnittet ”{group.title}” i {the_source}.*")
        elif group is not None and group.kind == "national":
            add_markdown(doc, f"*Nationellt tillägg: {the_source} har inget motsvarande kapitel. Innehållet kommer från "
                              f"den nationella grunden och är inte {genitive(region.name)} text.*")
        if kind == "national":  # base sections the region's source lacks, in one place
            for rp, sec in obj:
                _section(doc, sec, rp.page, base, 2, region.id)
        elif kind == "page":
            page = obj.page
            if page.i_korthet:  # as on the site: the page's facts in brief, first
                doc.add_paragraph().add_run("I korthet").bold = True
                add_list(doc, list(page.i_korthet.points))
                add_sources_line(doc, _sources_text(base, page.i_korthet.sources))
            add_markdown(doc, page.summary)
            if obj.rules:
                heading(doc, "Regionens regler", level=2)
                for rule in obj.rules:
                    p = doc.add_paragraph()
                    p.add_run(_strength_label(rule) + ": ").bold = True
                    p.add_run(gen.rule_text(rule))
                    add_sources_line(doc, _sources_text(base, rule.sources))
            for sec in page.sections:
                if sec.id not in moved:
                    _section(doc, sec, page, base, 2, region.id)
            for ch in obj.additions:
                heading(doc, f"{ch.title} (regionalt tillägg)", level=2)
                if ch.summary:
                    add_markdown(doc, ch.summary)
                for sec in ch.sections:
                    _section(doc, sec, ch, base, 3)
        else:
            if obj.summary:
                add_markdown(doc, obj.summary)
            for sec in obj.sections:
                _section(doc, sec, obj, base, 2)
    heading(doc, "Referenser", level=1)
    used = sorted({s.source for s in _all_refs(rr)})
    add_list(doc, [_reference(base.sources[s], base.sources) for s in used if s in base.sources])
    return to_bytes(doc, gen.date)


def _all_refs(rr):
    out = []

    def walk(x):
        if isinstance(x, (m.SourceRef, m.LawPlace)):
            out.append(x)
            out.extend(getattr(x, "former", ()))  # the repealed law cited in brackets is a reference too
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
        elif hasattr(x, "model_fields"):
            for name in type(x).model_fields:
                walk(getattr(x, name))
    walk(rr.region)
    for rp in rr.pages:
        walk(rp.page)
    return out


def _reference(s: m.Source, sources=None) -> str:
    text = ""
    if s.author:
        text += f"{s.author}{f' ({s.year})' if s.year else ''}. "
    elif s.year:
        text += f"{s.year}. "
    text += f"*{s.title}*"
    if s.sfs:
        text += f" (SFS {s.sfs})"
    if s.publisher:
        text += f". {s.publisher}"
    status = law_status(s, sources or {})
    return text + (f". {status}" if status else "") + "."


def draft_docx(draft: Draft, gen, root: Path) -> bytes:
    c, region = draft.centre, draft.region
    doc = open_template(_template_paths(root, region.id))
    set_properties(doc, title=draft.title, subject=f"Utkast till lokalt samverkansavtal, {region.name}",
                   keywords="samverkansavtal; familjecentral; utkast", category="UTKAST",
                   when=draft.date, version=f"{region.guidance.version} / {draft.revision}")
    header_text(doc, f"UTKAST – {c.name} – {date_sv(draft.date)}")
    page_number_footer(doc, "UTKAST")
    heading(doc, draft.title, 0)
    doc.add_paragraph(f"UTKAST · {c.name} · {date_sv(draft.date)}").runs[0].bold = True
    if c.example:
        doc.add_paragraph("Exempel: familjecentralen och parterna i det här utkastet är påhittade.").runs[0].italic = True
    doc.add_paragraph(f"Utkastet följer {region.guidance.title} ({region.name}, {region.guidance.year}, version "
                      f"{region.guidance.version}) och är genererat från innehållsversion {draft.revision}.")
    add_table(doc, ["Uppgift", "Värde"], [
        ["Verksamhetsform", draft.form_text],
        ["Kommun", c.kommun], ["Adress", c.address],
        ["Gemensamma öppettider", quantity_sv(c.opening_hours_per_week, ["timme i veckan", "timmar i veckan"])],
        ["Avtalsperiod", f"{date_sv(c.dates.start)}, {c.dates.duration_years} år"],
    ])
    for s in draft.sections:
        heading(doc, f"§ {s.number} {s.title}", level=1)
        add_markdown(doc, s.text)
        for b in s.blocks:
            _draft_block(doc, draft, b, gen)
    if draft.notes:
        heading(doc, "Noteringar: avvikelser från rekommendationer", level=1)
        add_list(doc, [f"{f.message}. Rekommendation: {gen.rule_text(f.rule)}" for f in draft.notes])
    return to_bytes(doc, draft.date)


def _draft_block(doc, draft: Draft, name: str, gen) -> None:
    c = draft.centre
    parties = {p.id: p for p in c.parties}
    if name == "parties":
        add_table(doc, ["Part", "Huvudman", "Enhet", "Verksamhet"],
                  [[p.organisation, HUVUDMAN_SV[p.huvudman.value], p.unit, operator_list(p.operators)] for p in c.parties])
    elif name == "operator_responsibilities":
        for p in c.parties:
            para = doc.add_paragraph()
            para.add_run(p.organisation).bold = True
            para.add_run(f" ({p.unit}) {draft.responsibility_text(p)}")
    elif name == "coordinator":
        if draft.coordinator_rows:
            add_table(doc, ["Uppgift", "Värde"], [list(row) for row in draft.coordinator_rows])
        else:
            doc.add_paragraph("Familjecentralen har ingen samordnare angiven.")
    elif name == "steering_group":
        add_table(doc, ["Roll", "Part"], [[mb.role, parties[mb.party].organisation] for mb in c.steering_group])
    elif name == "local_goals":
        add_list(doc, list(c.local_goals))
    elif name == "deviations":
        if draft.deviations:
            add_table(doc, ["Regel", "Avvikelse", "Motivering"], [[gen.rule_text(f.rule), f.message, why] for f, why in draft.deviations])
        else:
            doc.add_paragraph("Familjecentralen avviker inte från något krav (ska) i regionens vägledning.")
    elif name.startswith("rules:"):
        topic_rules = [r for r in draft.region.rules if r.topic == name[6:] and r.strength != m.Strength.referens]
        if topic_rules:
            add_list(doc, [f"**{strength_label(r)}:** {gen.rule_text(r)}" for r in topic_rules])
        else:
            doc.add_paragraph("Regionens vägledning har inga krav eller rekommendationer om detta.").runs[0].italic = True
    elif name == "signatures":
        add_table(doc, ["Part", "Funktion", "Ort och datum", "Underskrift", "Namnförtydligande"],
                  [[p.organisation, p.signatory_title, "", "", ""] for p in c.parties])

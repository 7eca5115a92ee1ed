"""Checks of the structured law references that need the whole project (validate calls them).

- A law is declared once in content/sources.yaml (kind `lag`, or another source with `cite`):
  SFS number, how it is cited, in force from, repealed/repealed_by, checked.
- Every legal reference is structured (`law:`): a `{source: osl, section: …}` is refused.
- A reference to an unknown law, or to a source that is no law, is an error.
- A reference may not cite a repealed law as current: the old reference belongs under `former:`
  of a reference to the law in force (shown in brackets).
"""
from __future__ import annotations

from . import models as m
from .diagnostics import Diagnostics


def is_law(source: m.Source) -> bool:
    return source.kind == m.SourceKind.lag or source.cite is not None


def check_law_declarations(sources: dict[str, m.Source], doc, diags: Diagnostics) -> None:
    """Each law in the bibliography says how it is cited and whether it was checked."""
    from .validate import _field  # validate calls this module; imported at call time, no cycle

    if doc is None:
        return
    index = {s.get("id"): i for i, s in enumerate((doc.data or {}).get("sources", []) or []) if isinstance(s, dict)}

    def err(ident: str, key: str, message: str) -> None:
        loc = ("sources", index.get(ident, 0), key)
        diags.error(doc.path, doc.positions.lookup(loc), _field(loc), message)

    for ident, src in sources.items():
        if src.kind == m.SourceKind.lag:
            if src.sfs is None:
                err(ident, "sfs", "en lag behöver sitt SFS-nummer (sfs: \"2009:400\")")
            if src.cite is None:
                err(ident, "cite", "en lag behöver cite: lagens namn som det skrivs i en hänvisning, "
                                   "t.ex. \"offentlighets- och sekretesslagen (2009:400)\"")
            elif src.sfs is not None and f"({src.sfs})" not in src.cite:
                err(ident, "cite", f"cite ska innehålla SFS-numret inom parentes: \"({src.sfs})\"")
        if is_law(src):
            if "checked" not in src.model_fields_set:
                err(ident, "checked", "ange när lagen kontrollerades (checked: ÅÅÅÅ-MM-DD), "
                                      "eller checked: null och en note om vad som inte har kunnat kontrolleras")
            elif src.checked is None and src.note is None:
                err(ident, "checked", "checked: null kräver en note som säger vad som inte har kunnat kontrolleras")
        elif any(k in src.model_fields_set for k in ("in_force", "repealed", "repealed_by", "checked")):
            err(ident, "cite", "in_force, repealed, repealed_by och checked gäller lagar; ange cite (och kind: lag för en lag)")
        if src.repealed_by is not None:
            new = sources.get(src.repealed_by)
            if new is None or not is_law(new):
                err(ident, "repealed_by", f"\"{src.repealed_by}\" är ingen lag i content/sources.yaml")
            elif new.repealed is not None:
                err(ident, "repealed_by", f"\"{src.repealed_by}\" är själv upphävd; ange den lag som gäller")
        if src.repealed_by is not None and src.repealed is None:
            err(ident, "repealed", "repealed_by kräver repealed: datum då lagen upphävdes")


def check_references(sources: dict[str, m.Source], docs, diags: Diagnostics) -> None:
    """Every reference in every file: laws structured, known, and in force (or under former:)."""
    from .validate import _field, _walk

    laws = sorted(i for i, s in sources.items() if is_law(s))
    for doc in docs:
        for loc, value, pos in _walk(doc.data, doc.positions):
            if not isinstance(value, dict):
                continue
            if isinstance(value.get("source"), str) and "section" in value:
                src = sources.get(value["source"])
                if src is not None and is_law(src):
                    diags.error(doc.path, pos.children.get("source", pos).line, _field(loc + ("source",)),
                                f"\"{value['source']}\" är en lag; hänvisa med ett strukturerat lagrum, t.ex. "
                                f"{{law: {value['source']}, chapter: 26, paragraph: 1}} (kapitel och paragraf som tal), "
                                f"inte med section:")
                continue
            law = value.get("law")
            if not isinstance(law, str):
                continue
            is_former = len(loc) >= 2 and ("former" in loc[-2:])
            where = (doc.path, pos.children.get("law", pos).line, _field(loc + ("law",)))
            src = sources.get(law)
            if src is None:
                diags.error(*where, f"lagen \"{law}\" finns inte i content/sources.yaml (lagar: {', '.join(laws) or 'inga'})")
            elif not is_law(src):
                diags.error(*where, f"\"{law}\" är ingen lag (källan saknar cite); hänvisa till den med "
                                    f"{{source: {law}, section: …}} eller ange cite i content/sources.yaml")
            elif src.repealed is not None and not is_former:
                new = f" av {src.repealed_by}" if src.repealed_by else ""
                diags.error(*where, f"lagen \"{law}\" är upphävd sedan {src.repealed.isoformat()} (ersatt{new}); "
                                    f"hänvisa till den lag som gäller och skriv den gamla hänvisningen under former:, "
                                    f"t.ex. {{law: {src.repealed_by or '…'}, former: {{law: {law}, chapter: …, paragraph: …}}}}")

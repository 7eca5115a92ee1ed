"""`fcguide upstream-diff`: what changed in the national base since a region last reconciled.

A region that forked the content overrides base items by id (region.yaml `overlay.reword`,
`overlay.exclude`; see resolve.py). After the base changes, the region needs to know which
items changed and which of those it rewords or excludes, so it can check its own wording.
The report is semantic: base items (every mapping with an `id` in content/*.yaml and
content/clauses/*.yaml) compared by id and field between a git commit and the working tree.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics
from .resolve import TEXT_FIELDS
from .versions import VersionError, changed_files, commit_of, is_repository, show
from .yamlio import parse_yaml

IGNORED = ("reviewed", "changes")       # review metadata says nothing a region words differently


@dataclass(frozen=True)
class ItemChange:
    file: str
    id: str
    line: int                           # in the current file (0 when removed)
    kind: str                           # "ny", "borttagen", "ändrad"
    fields: tuple[str, ...] = ()


def _items(data: Any) -> dict[str, dict]:
    """Every mapping with an id, by id (ids are unique in the base)."""
    out: dict[str, dict] = {}

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                out.setdefault(value["id"], value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(data)
    return out


def _own(value: Any) -> Any:
    """An item's own content: nested items (with their own ids) are compared on their own."""
    if isinstance(value, dict):
        return {k: _own(v) for k, v in value.items() if not (isinstance(v, dict) and isinstance(v.get("id"), str))}
    if isinstance(value, list):
        return [_own(v) for v in value if not (isinstance(v, dict) and isinstance(v.get("id"), str))]
    return value


def _parse(text: str | None, name: str):
    if text is None:
        return None, None
    parsed = parse_yaml(text, name, Diagnostics())
    return parsed if parsed is not None else (None, None)


def item_changes(root: Path, commit: str) -> list[ItemChange]:
    out = []
    for name in changed_files(root, commit, "content"):
        if not name.endswith(".yaml"):
            continue
        path = root / name
        old, _ = _parse(show(root, commit, name), name)
        new, positions = _parse(path.read_text(encoding="utf-8") if path.is_file() else None, name)
        before, after = _items(old), _items(new)
        lines = {}
        if positions is not None:
            def where(value, pos):
                if isinstance(value, dict):
                    if isinstance(value.get("id"), str):
                        lines.setdefault(value["id"], pos.children.get("id", pos).line)
                    for k, v in value.items():
                        where(v, pos.children.get(k, pos))
                elif isinstance(value, list):
                    for i, v in enumerate(value):
                        where(v, pos.children.get(i, pos))
            where(new, positions)
        for ident, item in after.items():
            if ident not in before:
                out.append(ItemChange(name, ident, lines.get(ident, 0), "ny"))
                continue
            a, b = _own(before[ident]), _own(item)
            fields = tuple(k for k in dict.fromkeys(list(a) + list(b)) if k not in IGNORED and a.get(k) != b.get(k))
            if fields:
                out.append(ItemChange(name, ident, lines.get(ident, 0), "ändrad", fields))
        for ident in before:
            if ident not in after:
                out.append(ItemChange(name, ident, 0, "borttagen"))
    return out


def _overrides(root: Path, region_id: str) -> tuple[dict[str, tuple[int, tuple[str, ...]]], dict[str, int], Path]:
    """The region's rewords (id -> (line, fields it replaces)) and excludes (id -> line)."""
    path = root / "guidance" / region_id / "region.yaml"
    data, positions = _parse(path.read_text(encoding="utf-8"), str(path))
    overlay = data.get("overlay") if isinstance(data, dict) else None
    overlay = overlay if isinstance(overlay, dict) else {}
    rewords, excludes = {}, {}
    for i, rw in enumerate(overlay.get("reword") or []):
        if isinstance(rw, dict) and isinstance(rw.get("id"), str):
            fields = tuple(k for k in ("title", "text", "sources") if k in rw)
            rewords[rw["id"]] = (positions.lookup(("overlay", "reword", i, "id")), fields)
    for i, ident in enumerate(overlay.get("exclude") or []):
        if isinstance(ident, str):
            excludes[ident] = positions.lookup(("overlay", "exclude", i))
    return rewords, excludes, path


def _mark(change: ItemChange, rewords, excludes, shown: Path) -> str:
    if change.id in excludes:
        what = "regionen utesluter det" if change.kind != "borttagen" else "regionen utesluter ett id som inte längre finns; ta bort raden"
        return f"  ← {what} ({shown}:{excludes[change.id]}: overlay.exclude)"
    if change.id in rewords:
        line, fields = rewords[change.id]
        if change.kind == "borttagen":
            return f"  ← regionen skriver om ett id som inte längre finns ({shown}:{line}: overlay.reword); ta bort omskrivningen"
        replaced = {"title": ("title", "name"), "text": TEXT_FIELDS, "sources": ("sources",)}
        touched = [f for f in change.fields if any(f in replaced[k] for k in fields)]
        hint = (f"grundens {', '.join(touched)} har ändrats där regionen har egen text; stäm av den" if touched
                else "kontrollera att regionens text fortfarande stämmer")
        return f"  ← regionen skriver om det ({', '.join(fields)}; {shown}:{line}: overlay.reword): {hint}"
    return ""


def upstream_diff(root: Path, revision: str, regions: list[str] | None = None) -> list[str]:
    root = root.resolve()
    if not is_repository(root):
        raise VersionError(f"{root} är inget git-arkiv; upstream-diff jämför med en commit i projektets historik")
    commit = commit_of(root, revision)
    if commit is None:
        raise VersionError(f"\"{revision}\" är ingen commit i projektets git-historik; ange t.ex. en commit från "
                           "git log som regionen senast stämdes av mot")
    known = sorted(p.parent.name for p in (root / "guidance").glob("*/region.yaml"))
    for r in regions or []:
        if r not in known:
            raise VersionError(f"regionen \"{r}\" finns inte (finns: {', '.join(known) or 'inga'})")
    changes = item_changes(root, commit)
    out = []
    for rid in regions or known:
        rewords, excludes, path = _overrides(root, rid)
        shown = path.relative_to(root)
        marked = sum(1 for c in changes if c.id in rewords or c.id in excludes)
        out.append(f"Region {rid}: grundinnehåll som ändrats sedan commit {commit[:10]} "
                   f"({len(changes)} id:n, {marked} som regionen skriver om eller utesluter)")
        if not changes:
            out.append("  inga ändringar i grundinnehållet")
        file = None
        for c in changes:
            if c.file != file:
                file = c.file
                out.append(f"  {file}:")
            at = f" (rad {c.line})" if c.line else ""
            what = f"ändrad: {', '.join(c.fields)}" if c.kind == "ändrad" else c.kind
            out.append(f"    {c.id}{at}: {what}{_mark(c, rewords, excludes, shown)}")
    return out

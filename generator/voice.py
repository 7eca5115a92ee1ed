"""A region's own voice in the national base text. Pure.

The base is written region-neutral. Where it needs a region's facts it writes a placeholder
(`{region.huvudman}`); each region's guidance reads the value the region declares once in its
region.yaml, and the national pages read a neutral word. Same tiny syntax as the clause
placeholders, never Jinja: text stays data.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from . import models as m

PLACEHOLDER_RE = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_]+)+)\}")


def genitive(name: str) -> str:
    """Swedish genitive of a name: "Skåne" -> "Skånes", "Jönköpings län" -> "Jönköpings läns",
    "Region Örebro län" -> "Region Örebro läns"; a name ending in s, x or z takes no extra s."""
    name = name.strip()
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


# placeholder -> (neutral text on the national pages, the region's value or None for "use neutral")
PAGE_PLACEHOLDERS: dict[str, tuple[str, Callable[[m.Region], str | None]]] = {
    # The regional huvudman that employs barnmorskor and BHV-sjuksköterskor.
    "region.huvudman": ("regionen", lambda r: r.authority),
}


def unknown_placeholders(text: str) -> list[str]:
    return [n for n in PLACEHOLDER_RE.findall(text) if n not in PAGE_PLACEHOLDERS]


def has_placeholder(data: Any) -> bool:
    if isinstance(data, str):
        return "{" in data and bool(PLACEHOLDER_RE.search(data))
    if isinstance(data, dict):
        return any(has_placeholder(v) for v in data.values())
    if isinstance(data, list):
        return any(has_placeholder(v) for v in data)
    return False


def speak(data: Any, region: m.Region | None) -> Any:
    """`data` (a model dump) with every page placeholder replaced by the region's value, or by the
    neutral word for the national pages and for a region that has not declared the value."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        entry = PAGE_PLACEHOLDERS.get(name)
        if entry is None:  # validation has reported it; show it as typed
            return match.group(0)
        neutral, of_region = entry
        return (of_region(region) if region is not None else None) or neutral

    def walk(x: Any) -> Any:
        if isinstance(x, str):
            return PLACEHOLDER_RE.sub(value, x) if "{" in x else x
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x
    return walk(data)

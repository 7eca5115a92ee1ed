"""The one error type: a located, Swedish message for a content author."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: Path
    line: int
    field: str
    message: str
    level: str = "fel"  # "fel" (error) or "varning" (warning)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        prefix = "varning: " if self.level == "varning" else ""
        fld = f" {self.field}:" if self.field else ""
        return f"{where}:{fld} {prefix}{self.message}"


@dataclass
class Diagnostics:
    """Collects every problem of a stage so a run reports all of them at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: Path | str, line: int, field: str, message: str) -> None:
        self._add(Diagnostic(Path(file), line, field, message, "fel"))

    def warning(self, file: Path | str, line: int, field: str, message: str) -> None:
        self._add(Diagnostic(Path(file), line, field, message, "varning"))

    def _add(self, d: "Diagnostic") -> None:
        # One fault found again (a partial every page includes) is reported once.
        if d not in self.items:
            self.items.append(d)

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "fel"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "varning"]

    def __bool__(self) -> bool:  # true when there is at least one error
        return bool(self.errors)


class StageFailed(Exception):
    """Raised by the pipeline between stages when a stage reported errors."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} fel")
        self.diagnostics = diagnostics

"""Runs the stages in order; the only module that knows all of them.

load -> validate -> resolve -> render -> export. Each stage returns its result
and its diagnostics; the pipeline stops between stages when there are errors.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostic, Diagnostics, StageFailed
from .sources import find_project, load_documents
from .validate import Project, validate_project

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class Checked:
    project: Project
    warnings: list[Diagnostic]


def _stop_on_errors(diags: Diagnostics, collected: list[Diagnostic]) -> None:
    collected.extend(diags.warnings)
    if diags.errors:
        raise StageFailed(sorted(diags.errors, key=lambda d: (str(d.file), d.line)))


def check_project(root: Path, regions: list[str] | None = None, progress: Progress = _quiet) -> Checked:
    """Load and validate everything; raises StageFailed with every error found."""
    warnings: list[Diagnostic] = []
    progress("Letar upp filer …")
    files, diags = find_project(root, regions)
    _stop_on_errors(diags, warnings)
    progress("Läser YAML …")
    docs, diags = load_documents(files)
    # Keep going after syntax errors so one run reports the model errors of the other files too.
    all_diags = Diagnostics(list(diags.items))
    progress("Validerar …")
    project, vdiags = validate_project(files, docs)
    all_diags.extend(vdiags)
    _stop_on_errors(all_diags, warnings)
    return Checked(project, warnings)

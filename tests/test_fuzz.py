"""Fuzzing the loader and the validator (issue 8).

Generated YAML documents, arbitrary text and bytes, and mutated copies of the
bundled files go through `yamlio.parse_yaml` and `validate.validate_project`
in-process. The only outcomes allowed are success or Diagnostics: never an
exception. About 150 examples in all, so the file runs in seconds
(FCGUIDE_FUZZ_SCALE multiplies them for a longer local run).
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from generator.diagnostics import Diagnostic, Diagnostics
from generator.sources import Document, find_project, load_documents
from generator.validate import validate_project
from generator.yamlio import parse_yaml


FAST = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# FCGUIDE_FUZZ_SCALE=50 runs fifty times as many examples (a deeper local hunt; CI keeps 1).
SCALE = max(1, int(os.environ.get("FCGUIDE_FUZZ_SCALE", "1") or 1))

TARGETS = [
    "guidance/skane/centres/exempelby.yaml",
    "guidance/stockholm/region.yaml",
    "content/goals.yaml",
    "content/quality.yaml",
    "content/sources.yaml",
    "content/glossary.yaml",
    "content/clauses/agreement.yaml",
]

# Field names the models know, so generated documents get past "unknown key" into deeper checks.
KEYS = ["id", "region", "name", "kommun", "address", "example", "contact_email", "parties", "organisation",
        "huvudman", "operators", "unit", "signatory_title", "colocated", "opening_hours_per_week", "summer",
        "weeks", "half_days_per_week", "months", "coordinator", "share_percent", "dates", "start",
        "duration_years", "review_month", "deviations", "rule", "justification", "local_goals", "title",
        "order", "summary", "sections", "body", "show", "sources", "source", "section", "rules", "type",
        "topic", "strength", "overlay", "exclude", "reword", "add", "lists", "items", "text", "clauses",
        "number", "label", "field", "compare", "value", "checks", "levels", "when", "terms", "term", "definition", "kind", "spider", "results"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The bundled project copied and parsed once; each example swaps in one document."""
    root = copy_project(tmp_path_factory.mktemp("fuzz") / "proj")
    files, diags = find_project(root)
    assert not diags.errors
    docs, diags = load_documents(files)
    assert not diags.errors
    texts = {rel: (root / rel).read_text(encoding="utf-8") for rel in TARGETS}
    return root, files, docs, texts


def _assert_clean(diags: Diagnostics) -> None:
    for d in diags.items:
        assert isinstance(d, Diagnostic)
        assert isinstance(d.file, Path) and isinstance(d.line, int) and d.line >= 0
        assert isinstance(d.message, str) and d.message.strip()
        assert "Traceback" not in d.message
        str(d)  # printable


def _run(loaded, rel: str, text: str | bytes) -> None:
    """Parse `text` as the file `rel` and validate the whole project with it; must not raise."""
    root, files, docs, _ = loaded
    diags = Diagnostics()
    parsed = parse_yaml(text, Path(rel), diags)
    _assert_clean(diags)
    if parsed is None:
        assert diags.errors, "a failed parse must say why"
        return
    data, positions = parsed
    swapped = dict(docs)
    swapped[root / rel] = Document(Path(rel), data, positions)
    _, vdiags = validate_project(files, swapped)
    _assert_clean(vdiags)


scalars = (st.none() | st.booleans() | st.integers(min_value=-10**20, max_value=10**20)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
           | st.sampled_from(["2024-13-45", "2025-02-28", "skane", "ska", "bör", "mission", "<b>", "{{ x }}",
                              "19121212-1212", "a@b.se", "gemensamma_oppettider", "[x](javascript:1)"]))
keys = st.sampled_from(KEYS) | st.text(max_size=12)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
                      max_leaves=25)
documents = st.dictionaries(keys, values, max_size=10) | values


@settings(FAST, max_examples=50 * SCALE)
@given(doc=documents, target=st.sampled_from(TARGETS), flow=st.booleans())
def test_generated_documents(loaded, doc, target, flow):
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    _run(loaded, target, text)


@settings(FAST, max_examples=25 * SCALE)
@given(data=st.text(max_size=200) | st.binary(max_size=200).map(bytes), target=st.sampled_from(TARGETS))
def test_arbitrary_text_and_bytes(loaded, data, target):
    _run(loaded, target, data)


INSERTS = ["\t", ":", ": ", '"', "'", "- ", "&a ", "*a", "*a ", "{", "}", "[", "]", "\n  ", "\n", "#", "|", ">",
           "!!python/object:os.system ", "!x ", "<<: ", "---\n", "%", "@", "`", "\x00", "\ufeff", "\\", "<script>",
           "{{ 7*7 }}", "..", "../", "-1", "1e999", ".nan", "yes", "~", "? "]


@dataclasses.dataclass(frozen=True)
class Mutation:
    op: str
    at: int        # a line (delete/duplicate) or a character position (swap/insert), taken modulo the size
    insert: str = ""


mutations = st.builds(Mutation, op=st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "bytes"]),
                      at=st.integers(min_value=0, max_value=10**6), insert=st.sampled_from(INSERTS))


def _mutate(text: str, steps: list[Mutation]) -> str | bytes:
    out: str | bytes = text
    for m in steps:
        if isinstance(out, bytes):
            break
        lines = out.splitlines(keepends=True) or [""]
        i = m.at % len(lines)
        j = m.at % max(len(out), 1)
        if m.op == "delete":
            out = "".join(lines[:i] + lines[i + 1:])
        elif m.op == "duplicate":
            out = "".join(lines[:i + 1] + lines[i:])
        elif m.op == "swap" and len(out) > 1:
            j = min(j, len(out) - 2)
            out = out[:j] + out[j + 1] + out[j] + out[j + 2:]
        elif m.op == "insert":
            out = out[:j] + m.insert + out[j:]
        elif m.op == "bytes":  # a byte that is not UTF-8 somewhere in the file
            raw = out.encode("utf-8")
            k = m.at % max(len(raw), 1)
            out = raw[:k] + b"\xff" + raw[k:]
    return out


@settings(FAST, max_examples=75 * SCALE)
@given(target=st.sampled_from(TARGETS), steps=st.lists(mutations, min_size=1, max_size=3))
def test_mutated_bundled_files(loaded, target, steps):
    _run(loaded, target, _mutate(loaded[3][target], steps))


def test_unmutated_files_validate(loaded):
    """The harness itself: with no mutation every target is valid."""
    for rel in TARGETS:
        root, files, docs, texts = loaded
        diags = Diagnostics()
        parsed = parse_yaml(texts[rel], Path(rel), diags)
        assert parsed is not None and not diags.items
        swapped = dict(docs)
        swapped[root / rel] = Document(Path(rel), *parsed)
        _, vdiags = validate_project(files, swapped)
        assert not vdiags.errors, [str(d) for d in vdiags.errors]

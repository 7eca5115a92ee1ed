"""Every bad value is a located error, in bounded time (issue 12, item 4).

What tests/corpus/cases-values.yaml cannot express: timings (Y16), devices and FIFOs
(P12), the value a draft shows (G02, G03), `serve` after a bad edit (V09) and a
page clash that needs a renamed file.
"""
from __future__ import annotations

import io
import logging
import os
import time
import zipfile

import pytest

from conftest import copy_project, run_fcguide
from generator.diagnostics import Diagnostics
from generator.formatting import number_sv
from generator.yamlio import MAX_BYTES, parse_yaml, read_yaml

CENTRE = "guidance/skane/centres/exempelby.yaml"


def _parse(text: str) -> tuple[object, list[str]]:
    diags = Diagnostics()
    parsed = parse_yaml(text, "x.yaml", diags)
    return (parsed[0] if parsed else None), [str(d) for d in diags.items]


# --- Y16: deep flow nesting is refused quickly --------------------------------------------------

@pytest.mark.parametrize("prefix", ["id: exempelby\nregion: skane\nx: ", "id: &a exempelby\nregion: *a\nx: "])
def test_deep_flow_nesting_of_almost_2_mb_is_refused_quickly(prefix):
    levels = (MAX_BYTES - 100) // 2
    text = prefix + "[" * levels + "]" * levels + "\n"
    assert len(text.encode()) < MAX_BYTES
    started = time.perf_counter()
    data, errors = _parse(text)
    took = time.perf_counter() - started
    assert data is None and errors and errors[0].startswith("x.yaml:3:"), errors
    assert "för djupt nästlade" in errors[0]
    assert took < 2, f"{took:.1f} s"


def test_deep_flow_nesting_through_the_command_line(tmp_path):
    project = copy_project(tmp_path / "proj")
    levels = 990_000
    (project / CENTRE).write_text("id: exempelby\nregion: skane\nx: " + "[" * levels + "]" * levels + "\n")
    started = time.perf_counter()
    res = run_fcguide("--root", str(project), "check", timeout=60)
    took = time.perf_counter() - started
    assert res.code == 2 and f"{CENTRE}:3:" in res.err and "för djupt nästlade" in res.err, res.err
    assert took < 10, f"{took:.1f} s (the review measured 474 s)"  # most of it is starting Python and loading the project


def test_moderate_flow_nesting_is_refused_at_the_model_depth_limit():
    data, errors = _parse("x: " + "[" * 150 + "]" * 150 + "\n")
    assert data is None and errors == ["x.yaml:1: för djupt nästlade listor eller samlingar (mer än 60 nivåer); "
                                       "kontrollera indrag och hakparenteser"]


def test_rescans_of_a_deeply_nested_file_are_linear():
    """The helpers that scan a file again (_swallowing_quote after a syntax error, the alias
    counter when the file has an anchor) use libyaml's scanner. PyYAML's pure-Python
    scanner took 8 s for 200 kB of this and minutes for 800 kB (quadratic in the depth)."""
    from generator.yamlio import _alias_overflow, _swallowing_quote

    row = "[" * 150 + '"' + "text " * 100 + '"' + "]" * 150
    text = "id: &a x\n" + "".join(f"r{i}: {row} # *b\n" for i in range(1000)) + "a: b: c\n"
    started = time.perf_counter()
    assert _swallowing_quote(text, 10**6) is None
    assert _alias_overflow(text) is None
    assert time.perf_counter() - started < 8


@pytest.mark.parametrize("tail", ['x: "oavslutad\n', "x: [1, 2\n", "a: b: c\n"])
def test_syntax_error_at_the_end_of_a_big_file_is_located(tail):
    row = "[" * 40 + '"' + "text " * 70 + '"' + "]" * 40
    text = "id: &a x\n" + "".join(f"r{i}: {row}\n" for i in range(2000)) + tail
    data, errors = _parse(text)
    assert data is None and errors and errors[0].startswith("x.yaml:2002:"), errors
    assert "YAML-syntaxfel" in errors[0]


def test_two_million_brackets_are_refused_quickly():
    text = "x: [" + "[], " * 480_000 + "]\n"
    assert len(text.encode()) < MAX_BYTES
    started = time.perf_counter()
    data, errors = _parse(text)
    assert data is None and errors and "fler än 200000 listor" in errors[0], errors
    assert time.perf_counter() - started < 3


# --- P12: reads are bounded; devices, FIFOs and folders are refused ----------------------------

def test_dev_zero_is_refused_quickly(tmp_path):
    res = run_fcguide("draft", "/dev/zero", "--out", str(tmp_path / "d"), timeout=30)
    assert res.code == 2, res.err
    assert "/dev/zero: det är en enhet" in res.err and "inte en vanlig fil" in res.err, res.err
    assert "internt fel" not in res.err and not (tmp_path / "d").exists()


def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    res = run_fcguide("draft", str(fifo), "--out", str(tmp_path / "d"), timeout=30)
    assert res.code == 2, res.err
    assert f"{fifo}: det är en FIFO" in res.err, res.err
    assert not (tmp_path / "d").exists()


def test_folder_and_missing_file_are_swedish_errors(tmp_path):
    diags = Diagnostics()
    assert read_yaml(tmp_path, diags) is None
    assert "det är en mapp, inte en vanlig fil" in str(diags.items[0])
    diags = Diagnostics()
    assert read_yaml(tmp_path / "saknas.yaml", diags) is None
    assert str(diags.items[0]).endswith("filen kan inte läsas (filen finns inte)")


def test_read_stops_after_the_size_limit(tmp_path, monkeypatch):
    big = tmp_path / "stor.yaml"
    big.write_bytes(b"a: 1\n" * (MAX_BYTES // 2))  # 5 MB
    seen = []
    real = parse_yaml

    def spy(raw, *args):
        seen.append(len(raw))
        return real(raw, *args)

    monkeypatch.setattr("generator.yamlio.parse_yaml", spy)
    diags = Diagnostics()
    assert read_yaml(big, diags) is None
    assert seen == [MAX_BYTES + 1]
    assert "filen är för stor" in str(diags.items[0])


# --- G02, G03: a value is shown as given, never rounded into compliance ------------------------

@pytest.mark.parametrize("value, shown", [
    (14.9999, "14,9999"), (14.99999999, "14,99999999"), (12.75, "12,75"), (15.0, "15"), (15, "15"),
    (37.5, "37,5"), (0.00001, "0,00001"), (15.0001, "15,0001"), (True, "ja"),
])
def test_number_formatter_never_rounds(value, shown):
    assert number_sv(value) == shown


def test_every_number_filter_uses_the_one_formatter():
    from generator.checks import fmt_num
    from generator.render import num

    for value in (14.9999, 14.99999999, 12.75, 20.0):
        assert fmt_num(value) == num(value) == number_sv(value)
        assert float(number_sv(value).replace(",", ".")) == value  # reads back as exactly the value


def test_draft_shows_the_real_value_of_a_justified_deviation(tmp_path):
    project = copy_project(tmp_path / "proj", ["skane"])
    centre = project / CENTRE
    text = centre.read_text(encoding="utf-8").replace("opening_hours_per_week: 18", "opening_hours_per_week: 14.9999")
    centre.write_text(text + "deviations:\n  - rule: skane-oppettider\n    justification: Lokalen delas med skolan.\n",
                      encoding="utf-8")
    out = tmp_path / "d"
    res = run_fcguide("--root", str(project), "draft", str(centre), "--out", str(out))
    assert res.code == 0, res.err
    md = (out / "exempelby.md").read_text(encoding="utf-8")
    md = md.replace("\u00a0", " ")  # a number and its unit are joined by a no-break space
    assert "| Gemensamma öppettider | 14,9999 timmar i veckan |" in md
    assert "14,9999 timmar i veckan är färre än regelns minst 15 timmar i veckan" in md
    assert "| 15 timmar" not in md and " 15 timmar i veckan är färre" not in md
    with zipfile.ZipFile(io.BytesIO((out / "exempelby.docx").read_bytes())) as z:
        xml = z.read("word/document.xml").decode("utf-8").replace("\u00a0", " ")
    assert "14,9999 timmar i veckan" in xml and "14,9999 timmar i veckan är färre" in xml


# --- V09: serve keeps the last good pages after any failed rebuild ------------------------------

def test_serve_hook_reports_located_errors_and_keeps_the_last_pages(tmp_path, monkeypatch, caplog):
    from generator import serve_hook

    project = copy_project(tmp_path / "proj", ["skane"])
    docs = tmp_path / "docs"
    monkeypatch.setattr(serve_hook, "ROOT", project)
    monkeypatch.setattr(serve_hook, "REGIONS", [])
    caplog.set_level(logging.INFO, logger="mkdocs.fcguide")
    assert serve_hook.sync_docs(docs) is True
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    assert before

    goals = project / "content" / "goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("order: 20", "order: " + "9" * 5000, 1), encoding="utf-8")
    caplog.clear()
    assert serve_hook.sync_docs(docs) is False
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("content/goals.yaml:4:") and "talet har 5000 tecken" in m for m in messages), messages
    assert not any("Traceback" in m or "internt fel" in m for m in messages)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before

    # Any other failure (a bug, a full disk) is one line in the terminal, never an exception
    # that MkDocs turns into a traceback and a stuck server.
    def broken(*args, **kwargs):
        raise RuntimeError("simulerat fel")

    monkeypatch.setattr("generator.pipeline.generate", broken)
    caplog.clear()
    assert serve_hook.sync_docs(docs) is False
    assert any("simulerat fel" in r.getMessage() and "senaste fungerande sidorna" in r.getMessage()
               for r in caplog.records)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


# --- S0x: a centre id that lands on the drafts overview ------------------------------------------

def test_centre_id_index_clashes_with_the_drafts_overview(tmp_path):
    project = copy_project(tmp_path / "proj", ["skane"])
    old = project / CENTRE
    new = old.with_name("index.yaml")
    new.write_text(old.read_text(encoding="utf-8").replace("id: exempelby", "id: index", 1), encoding="utf-8")
    old.unlink()
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(tmp_path / "site"))
    assert res.code == 2, res.err
    line = new.read_text(encoding="utf-8").splitlines().index("id: index") + 1
    assert (f"guidance/skane/centres/index.yaml:{line}: id: sidan \"Familjecentralen Exempelby (exempel)\" och sidan "
            "\"Avtalsutkast\" som fcguide själv skapar (skane/avtal/index.md) hamnar på samma adress (skane/avtal/)") in res.err
    assert not (tmp_path / "site").exists()

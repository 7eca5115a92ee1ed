"""Reproducible output (issue 8): the same sources give byte-identical files.

Dates come from SOURCE_DATE_EPOCH (set in conftest), never from the clock, and
the order of everything is stable. The two builds run from two copies of the
project at different paths into different folders, so absolute paths cannot
leak into the output either.
"""
from __future__ import annotations

from pathlib import Path

from conftest import copy_project, run_fcguide


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_identical(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb), set(fa) ^ set(fb)
    differ = [name for name in fa if fa[name] != fb[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_two_builds_are_byte_identical(built_site, tmp_path):
    """The session's build of the bundled project (conftest.built_site, from the repository) and a
    build of a copy of it at another path into another folder, with an empty Word cache.

    Both have the search index. A build without it (--no-search) runs the same code and writes
    the same files, only without pagefind/ and the search words (export_site.py skips that step),
    so this comparison covers it too: every file such a build has is compared here."""
    project = copy_project(tmp_path / "second-copy" / "proj")
    site = tmp_path / "out-second-copy" / "site"
    res = run_fcguide("--root", str(project), "build", "--out", str(site), cwd=tmp_path)
    assert res.code == 0, res.err
    files = _files(built_site)
    assert any(n.endswith(".docx") for n in files) and "index.html" in files
    assert any(n.startswith("pagefind/") for n in files)
    _assert_identical(built_site, site)


def test_two_drafts_are_byte_identical(project, fcguide, tmp_path):
    centre = project / "guidance" / "skane" / "centres" / "exempelby.yaml"
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out), "--format", "all")
        assert res.code == 0, res.err
    assert sorted(p.name for p in outs[0].iterdir()) == ["exempelby.docx", "exempelby.md"]
    _assert_identical(*outs)


def test_draft_date_comes_from_source_date_epoch(project, tmp_path):
    """A different SOURCE_DATE_EPOCH changes the draft's date, so the date is not the clock's."""
    import os

    centre = project / "guidance" / "skane" / "centres" / "exempelby.yaml"
    old = os.environ["SOURCE_DATE_EPOCH"]
    try:
        os.environ["SOURCE_DATE_EPOCH"] = "1262304000"  # 2010-01-01
        res = run_fcguide("--root", str(project), "draft", str(centre), "--out", str(tmp_path / "d"), "--format", "md")
    finally:
        os.environ["SOURCE_DATE_EPOCH"] = old
    assert res.code == 0, res.err
    text = (tmp_path / "d" / "exempelby.md").read_text(encoding="utf-8")
    assert "1 januari 2010" in text


def test_word_cache_reuses_unchanged_regions_only(tmp_path):
    """A second build reuses every Word document; an edit in one region remakes only its own.
    Two regions are enough to show that the other region's documents are reused."""
    project = copy_project(tmp_path / "proj", ["skane", "jonkoping"])
    out = tmp_path / "site"
    assert run_fcguide("build", "--root", str(project), "--out", str(out), "--no-search").code == 0
    cache = project / ".fcguide-cache" / "docx"
    first = {p.name for p in cache.iterdir()}
    assert len(first) == len(list(out.rglob("*.docx")))
    before = {p: p.read_bytes() for p in out.rglob("*.docx")}
    centre = project / "guidance" / "skane" / "centres" / "exempelby.yaml"
    centre.write_text(centre.read_text(encoding="utf-8").replace("opening_hours_per_week: 18", "opening_hours_per_week: 19"),
                      encoding="utf-8")
    assert run_fcguide("build", "--root", str(project), "--out", str(out), "--no-search").code == 0
    after = {p: p.read_bytes() for p in out.rglob("*.docx")}
    changed = {p.relative_to(out).parts[0] for p in after if after[p] != before.get(p)}
    assert changed == {"skane"}
    assert {p.name for p in cache.iterdir()} != first and len(list(cache.iterdir())) == len(after)

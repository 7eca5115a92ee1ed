"""No half-written output (issue 8): a failed build or draft leaves the last good one intact."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import copy_project, run_fcguide


CENTRE = "guidance/skane/centres/exempelby.yaml"


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file below `folder` (relative path -> sha256), so a comparison names what changed."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _break(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project copy and a good site built from it (shared by the build tests; each restores what it
    breaks). One region (Skåne) is enough: the breaks are in the shared content and templates, and
    the tests are about the output folder, not the regions."""
    base = tmp_path_factory.mktemp("atomic")
    project = copy_project(base / "proj", ["skane"])
    site = base / "out" / "site"
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(site))
    assert res.code == 0, res.err
    return project, site


BREAKS = [
    # validation fails (the first stage)
    ("content", "content/goals.yaml", "order: 20", "order: tjugo"),
    # rendering fails (a template)
    ("template", "templates/site/glossary.md.j2", "# Ordlista\n", "# Ordlista\n{{ finns_inte }}\n"),
    # MkDocs fails in strict mode, after the docs were written to the temporary folder
    ("mkdocs", "content/goals.yaml", "Familjecentralens syfte är att verksamheterna",
     "Se [sidan som inte finns](finns-inte.md). Familjecentralens syfte är att verksamheterna"),
]


@pytest.mark.parametrize("rel,old,new", [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_failed_build_leaves_previous_site_intact(built, rel, old, new):
    project, site = built
    before = tree_hash(site)
    assert "index.html" in before
    original = (project / rel).read_text(encoding="utf-8")
    try:
        _break(project, rel, old, new)
        res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(site))
    finally:
        (project / rel).write_text(original, encoding="utf-8")
    assert res.code == 2, (res.code, res.err)
    assert "Traceback" not in res.err
    assert "inget skrevs" in res.err
    assert tree_hash(site) == before, "the previous site changed"
    leftovers = [p.name for p in site.parent.iterdir() if p.name != site.name]
    assert leftovers == [], f"temporary folders left behind: {leftovers}"


def test_successful_build_replaces_the_site(built):
    project, site = built
    (site / "stale.txt").write_text("från ett äldre bygge", encoding="utf-8")
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(site))
    assert res.code == 0, res.err
    assert not (site / "stale.txt").exists(), "the new site must replace the old one, not merge into it"
    assert [p.name for p in site.parent.iterdir()] == [site.name]


def test_failed_draft_leaves_previous_draft_intact(project, fcguide, tmp_path):
    out = tmp_path / "drafts"
    centre = project / CENTRE
    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out), "--format", "all")
    assert res.code == 0, res.err
    before = tree_hash(out)
    assert set(before) == {"exempelby.md", "exempelby.docx"}
    _break(project, CENTRE, "share_percent: 20", "share_percent: 140")
    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out), "--format", "all", "--force")
    assert res.code == 2, res.err
    assert "Traceback" not in res.err
    assert tree_hash(out) == before


def test_edited_draft_is_not_overwritten_without_force(project, fcguide, tmp_path):
    out = tmp_path / "drafts"
    centre = project / CENTRE
    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out))
    assert res.code == 0, res.err
    fresh = tree_hash(out)
    md = out / "exempelby.md"
    edited = md.read_text(encoding="utf-8") + "\nStyrgruppens egna ändringar 2026-01-15.\n"
    md.write_text(edited, encoding="utf-8")

    # an unchanged draft is simply regenerated, but an edited one is protected
    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out))
    assert res.code != 0
    assert "--force" in res.err and "Traceback" not in res.err
    assert md.read_text(encoding="utf-8") == edited
    assert tree_hash(out)["exempelby.docx"] == fresh["exempelby.docx"]

    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out), "--force")
    assert res.code == 0, res.err
    assert tree_hash(out) == fresh
    assert sorted(p.name for p in out.iterdir()) == ["exempelby.docx", "exempelby.md"], "no temporary files left"


def test_rerunning_an_unchanged_draft_needs_no_force(project, fcguide, tmp_path):
    out = tmp_path / "drafts"
    centre = project / CENTRE
    assert fcguide("--root", str(project), "draft", str(centre), "--out", str(out)).code == 0
    before = tree_hash(out)
    res = fcguide("--root", str(project), "draft", str(centre), "--out", str(out))
    assert res.code == 0, res.err
    assert tree_hash(out) == before

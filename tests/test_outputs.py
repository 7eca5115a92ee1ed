"""Output folders are fcguide's own or untouched (issue 12, review cases P01–P09, F02–F06, G12, G13).

Every destructive path here is inside pytest's temporary folder: the project is a copy,
the "home folder" is a fake one passed through HOME, and `/` is only given to the check
function, never to a real build.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import FCGUIDE, ROOT, copy_project

from generator.diagnostics import StageFailed
from generator.outputs import DOCS_MARKER, SITE_MARKER, STAGING_PREFIX, check_draft_folder, check_output_folder

CENTRE = "guidance/skane/centres/exempelby.yaml"


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file and link below `folder`, with its bytes' hash: byte-identical means equal dicts."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture(scope="module")
def proj(tmp_path_factory) -> Path:
    """A git project copy with a file of the user's own (MIN-ANTECKNING.txt) in its root. One region
    (Skåne) is enough: these tests are about the output folders, not the content, and a build of
    one region takes less than half the time of all three."""
    base = tmp_path_factory.mktemp("outputs")
    project = copy_project(base / "proj", ["skane"])
    (project / "MIN-ANTECKNING.txt").write_text("mina egna anteckningar\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    return project


def _run(proj: Path, *args: str, home: Path | None = None, cwd: Path | None = None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if home is not None:
        env["HOME"] = str(home)
    proc = subprocess.run(FCGUIDE + ["--root", str(proj), *args], cwd=cwd or proj, capture_output=True,
                          text=True, env=env, timeout=600)
    return proc


def _assert_refused(proc, fragment: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "internt fel" not in proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert "inget skrevs" in proc.stderr.lower()


@pytest.mark.parametrize("out,fragment", [
    (".", "projektets rotmapp"),                 # P01
    ("content", "källmapp content/"),            # P02
    ("guidance", "källmapp guidance/"),          # P03
    ("templates", "källmapp templates/"),
    ("schema", "källmapp schema/"),
    (".git", "källmapp .git/"),
    ("guidance/skane", "ligger i projektets källmapp guidance/"),
    ("..", "innehåller projektets rotmapp"),
])
@pytest.mark.parametrize("command", ["build", "docs"])
def test_output_in_the_project_is_refused_and_untouched(proj, out, fragment, command):
    before = tree_hash(proj)
    args = [command, "--out", out] + (["--no-search"] if command == "build" else ["--no-docx"])
    _assert_refused(_run(proj, *args), fragment)
    assert tree_hash(proj) == before


def test_home_folder_is_refused_and_untouched(proj, tmp_path):
    """P04: `--out ~` (the shell gives fcguide the home folder's path)."""
    home = tmp_path / "hem"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id").write_text("nyckel", encoding="utf-8")
    before = tree_hash(home)
    for command in (["build", "--no-search"], ["docs", "--no-docx"]):
        _assert_refused(_run(proj, *command, "--out", str(home), home=home), "din hemmapp")
    # a folder that contains the home folder is refused too
    _assert_refused(_run(proj, "build", "--no-search", "--out", str(tmp_path), home=home), "innehåller din hemmapp")
    assert tree_hash(home) == before


def test_root_of_the_file_system_is_refused_by_the_check(proj):
    """P09, without ever building into `/`: the check refuses it before any work."""
    for marker in (SITE_MARKER, DOCS_MARKER):
        with pytest.raises(StageFailed) as failed:
            check_output_folder(Path("/"), proj, marker)
        assert "rotmappen /" in failed.value.diagnostics[0].message
    with pytest.raises(StageFailed):
        check_draft_folder(Path("/"), proj)


def test_foreign_folder_and_file_are_refused_and_untouched(proj, tmp_path):
    foreign = tmp_path / "annat"
    (foreign / "sub").mkdir(parents=True)
    (foreign / "sub" / "brev.txt").write_text("hej", encoding="utf-8")
    before = tree_hash(foreign)
    _assert_refused(_run(proj, "build", "--no-search", "--out", str(foreign)), ".fcguide-site saknas")
    _assert_refused(_run(proj, "docs", "--no-docx", "--out", str(foreign)), ".fcguide-docs saknas")
    assert tree_hash(foreign) == before
    # P06: an existing file
    report = tmp_path / "rapport.txt"
    report.write_text("min rapport", encoding="utf-8")
    _assert_refused(_run(proj, "build", "--no-search", "--out", str(report)), "är en fil")
    assert report.read_text(encoding="utf-8") == "min rapport"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annat", "rapport.txt"], "nothing left beside them"
    # a site of `docs` is not a site of `build` (and the other way round): each replaces only its own
    docs = tmp_path / "docs-ut"
    assert _run(proj, "docs", "--no-docx", "--out", str(docs)).returncode == 0
    _assert_refused(_run(proj, "build", "--no-search", "--out", str(docs)), ".fcguide-site saknas")


def test_file_in_the_way_is_a_swedish_error(proj, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    proc = _run(proj, "build", "--no-search", "--out", str(blocker / "site"))
    assert proc.returncode == 2, proc.stderr
    assert "internt fel" not in proc.stderr and "Traceback" not in proc.stderr
    assert str(blocker) in proc.stderr and "fil, inte en mapp" in proc.stderr


def test_build_into_an_empty_folder_and_a_symlink(proj, tmp_path):
    empty = tmp_path / "tom"
    empty.mkdir()
    proc = _run(proj, "build", "--no-search", "--out", str(empty))
    assert proc.returncode == 0, proc.stderr
    assert (empty / SITE_MARKER).is_file() and (empty / "index.html").is_file()
    # P07: through a symlink, the link stays and its target is rebuilt
    link = tmp_path / "lank"
    link.symlink_to(empty)
    (empty / "gammal.txt").write_text("från förra bygget", encoding="utf-8")
    proc = _run(proj, "build", "--no-search", "--out", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and (link / "index.html").is_file()
    assert not (empty / "gammal.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lank", "tom"], "no staging folders left"


def test_docs_replaces_only_its_own_folder(proj, tmp_path):
    """P05: `docs --out .` is refused (above); into its own folder it rewrites, and the project's
    mkdocs.yml is never touched."""
    config = (proj / "mkdocs.yml").read_bytes()
    out = tmp_path / "docs-ut"
    for _ in range(2):
        proc = _run(proj, "docs", "--no-docx", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
    assert (out / DOCS_MARKER).is_file() and (out / "mkdocs.yml").is_file() and (out / "docs" / "index.md").is_file()
    assert (proj / "mkdocs.yml").read_bytes() == config


def test_draft_out_refusals(proj, tmp_path):
    centre = str(proj / CENTRE)
    before = tree_hash(proj)
    for out in ("content", "guidance/skane/centres", "."):
        _assert_refused(_run(proj, "draft", centre, "--out", out), "utkast skrivs inte i")
    assert tree_hash(proj) == before
    # G13: --out names a file
    note = tmp_path / "utkast.txt"
    note.write_text("anteckning", encoding="utf-8")
    _assert_refused(_run(proj, "draft", centre, "--out", str(note)), "är en fil")
    assert note.read_text(encoding="utf-8") == "anteckning"
    # G12: a folder where the draft file should be
    drafts = tmp_path / "utkast"
    (drafts / "exempelby.md").mkdir(parents=True)
    proc = _run(proj, "draft", centre, "--out", str(drafts))
    assert proc.returncode == 2 and "en mapp med det namnet" in proc.stderr, proc.stderr
    assert "internt fel" not in proc.stderr
    assert sorted(p.name for p in drafts.iterdir()) == ["exempelby.md"]


def _wait_for_staging(parent: Path, proc: subprocess.Popen, limit: float = 60) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if any(p.name.startswith(STAGING_PREFIX) and (p / "ny").exists() for p in parent.iterdir()):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def good_site(proj, tmp_path_factory) -> Path:
    """A site built from `proj`, built once; a test copies it to have a previous site of its own."""
    site = tmp_path_factory.mktemp("good") / "site"
    assert _run(proj, "build", "--no-search", "--out", str(site)).returncode == 0
    return site


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_build_keeps_the_site_and_the_next_build_cleans_up(proj, good_site, tmp_path, sig):
    """F01, F02, F04: the previous site survives; a killed build's staging folder is removed by the
    next build (SIGTERM cleans up at once); the Word-document children die with the build."""
    site = tmp_path / "site"
    shutil.copytree(good_site, site, symlinks=True)  # the previous build's site, marker included
    before = tree_hash(site)
    assert (site / SITE_MARKER).is_file() and "index.html" in before
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(FCGUIDE + ["--root", str(proj), "build", "--no-search", "--out", str(site)],
                            cwd=proj, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert _wait_for_staging(tmp_path, proc), "the build never reached its staging folder"
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert tree_hash(site) == before
    if sig == signal.SIGTERM:
        assert proc.returncode == 143 and "avbrutet" in err and "Traceback" not in err, err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    time.sleep(1)  # the children got SIGKILL with their parent
    stray = subprocess.run(["pgrep", "-f", f"--out {site}"], capture_output=True, text=True).stdout.split()
    assert stray == [], "document processes outlived the killed build"
    assert _run(proj, "build", "--no-search", "--out", str(site)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "leftovers of the killed build"


def test_concurrent_builds_into_one_folder_all_finish(proj, tmp_path):
    """F05: builds racing for one --out each finish; the site is complete and nothing is left beside it."""
    site = tmp_path / "site"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen(FCGUIDE + ["--root", str(proj), "build", "--no-search", "--out", str(site)],
                              cwd=proj, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0, err
        assert "internt fel" not in err
    assert (site / SITE_MARKER).is_file() and (site / "index.html").is_file()
    assert (site / "skane" / "skane-vagledning.docx").stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _tmpfs(tmp_path: Path, size: str) -> Path:
    mnt = tmp_path / "liten-disk"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
                                          capture_output=True).returncode != 0:
        pytest.skip("needs root and tmpfs to simulate a full disk")
    return mnt


def test_full_disk_is_a_swedish_error_and_the_old_site_stays(proj, tmp_path):
    """F06: a disk that fills up during the build."""
    mnt = _tmpfs(tmp_path, "12m")
    try:
        site = mnt / "site"
        assert _run(proj, "build", "--no-search", "--out", str(site)).returncode == 0
        before = tree_hash(site)
        filler = mnt / "fyllnad"
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        filler.write_bytes(b"\0" * max(0, free - 2_000_000))
        proc = _run(proj, "build", "--no-search", "--out", str(site))
        assert proc.returncode == 2, (proc.returncode, proc.stderr)
        assert "disken är full" in proc.stderr and "internt fel" not in proc.stderr, proc.stderr
        assert tree_hash(site) == before
        assert sorted(p.name for p in mnt.iterdir()) == ["fyllnad", "site"]
    finally:
        subprocess.run(["umount", str(mnt)])


def test_read_only_folder_is_a_swedish_error(proj, tmp_path):
    """P08: a folder that cannot be written to (a read-only file system; root ignores permission bits)."""
    mnt = tmp_path / "skrivskyddad"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mnt)],
                                          capture_output=True).returncode != 0:
        pytest.skip("needs root and tmpfs to simulate a read-only folder")
    try:
        for args in (["build", "--no-search"], ["docs", "--no-docx"], ["draft", str(proj / CENTRE)]):
            proc = _run(proj, *args, "--out", str(mnt / "ut"))
            assert proc.returncode == 2, (args, proc.returncode, proc.stderr)
            assert "skrivskyddat" in proc.stderr and str(mnt) in proc.stderr, proc.stderr
            assert "internt fel" not in proc.stderr and "Traceback" not in proc.stderr
        assert list(mnt.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mnt)])

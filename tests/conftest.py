"""Shared fixtures: the repository root, a CLI runner, a built site, a project copy."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FCGUIDE = [sys.executable, "-m", "generator.cli"]
# A fixed date so builds and drafts are reproducible in tests.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_fcguide(*args: str, cwd: Path = ROOT, timeout: int = 600) -> Result:
    """Run the real command line in a subprocess (exit code, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(FCGUIDE + list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def fcguide():
    return run_fcguide


def copy_project(dest: Path, regions: list[str] | None = None) -> Path:
    """A copy of the bundled project (content, guidance, templates, mkdocs.yml) to modify in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates", "schema"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for region in sorted((ROOT / "guidance").iterdir()):
        if region.is_dir() and (regions is None or region.name in regions):
            shutil.copytree(region, dest / "guidance" / region.name)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, request) -> Path:
    """The bundled content built once per test run, search index included. With pytest-xdist the
    workers share it: the first to ask builds under a lock, the others wait and read it (a full
    build is the suite's largest single cost). Tests only read it."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # an xdist worker: the run's shared temp folder
        base = base.parent
    out = base / "built-site" / "site"
    with open(base / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / ".fcguide-site").is_file():
            # The HTML allow-list may remove nothing from the bundled pages (generator/sanitize.py).
            os.environ["FCGUIDE_SANITIZE_AUDIT"] = "1"
            try:
                res = run_fcguide("build", "--out", str(out))
            finally:
                del os.environ["FCGUIDE_SANITIZE_AUDIT"]
            assert res.code == 0, res.err
    return out


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process: Playwright's sync API allows only one running loop, so the
    browser tests and the served-site test share it."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium saknas (Debian-paketet chromium; `make test` installerar det)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


# The slowest test files first, so that with xdist (--dist=loadfile --no-loadscope-reorder,
# pyproject.toml) no worker picks up a long file near the end while the others sit idle (xdist's
# own order, most tests first, put one-test files such as test_zensical.py last). The order of a
# local run's `pytest --durations=0`, summed per file; files not listed follow in name order.
# test_browser.py comes early: it builds `built_site`, which later files wait for.
SLOW_FILES_FIRST = [
    "test_bad_input.py",
    "test_browser.py",
    "test_outputs.py",
    "test_security.py",
    "test_safety_templates.py",
    "test_reproducible.py",
    "test_form_browser.py",
    "test_lifecycle.py",
    "test_regions.py",
    "test_safety_values.py",
    "test_serve.py",
    "test_drafts.py",
    "test_form_engine.py",
    "test_fuzz.py",
    "test_atomic.py",
    "test_safety_content.py",
    "test_law_meta.py",
    "test_zensical.py",
]


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(SLOW_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its own order

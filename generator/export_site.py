"""Write the generated docs, run MkDocs and Pagefind, swap the result into place.

Everything is built in a staging folder next to the output (outputs.py); the
previous site is replaced only when the whole build succeeded, so a failed
build leaves it intact.
"""
from __future__ import annotations

import gzip
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostics
from .sanitize import HOOK as SANITIZE_HOOK


@dataclass(frozen=True)
class SiteFiles:
    """Everything the docs folder will contain: Markdown pages and binary assets."""
    pages: dict[str, str]        # docs-relative path -> Markdown
    assets: dict[str, bytes]     # docs-relative path -> bytes (SVG, DOCX, CSS, JS)
    nav: list
    # Theme data every page shows outside its article (the footer): config.extra.fcguide.
    extra: dict = field(default_factory=dict)
    search: dict | None = None   # search_index.config: what the search box reads besides the vocabulary


def write_tree(folder: Path, files: SiteFiles) -> None:
    for rel, text in files.pages.items():
        _safe_write(folder, rel, text.encode("utf-8"))
    for rel, data in files.assets.items():
        _safe_write(folder, rel, data)


def _safe_write(folder: Path, rel: str, data: bytes) -> None:
    target = (folder / rel).resolve()
    if not str(target).startswith(str(folder.resolve()) + os.sep):
        raise ValueError(f"sökvägen {rel} pekar utanför utdatamappen")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, nav: list, diags: Diagnostics,
               extra: dict | None = None) -> bool:
    """Build with MkDocs in strict mode; every MkDocs warning becomes a diagnostic."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    capture = _Capture()
    log = logging.getLogger("mkdocs")
    log.addHandler(capture)
    old_level = log.level
    log.setLevel(logging.WARNING)
    try:
        from .docx_capture import HOOK as CAPTURE_HOOK

        cfg = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav, strict=True,
                          hooks=[SANITIZE_HOOK, CAPTURE_HOOK])
        cfg["extra"]["fcguide"] = extra or {}
        # Material/MkDocs print to the root handlers too; keep the CLI output ours.
        for h in list(log.handlers):
            if h is not capture and isinstance(h, logging.StreamHandler):
                log.removeHandler(h)
        build(cfg)
    except (Abort, ConfigurationError) as e:
        for msg in capture.messages or [str(e)]:
            diags.error(config_file.name, 0, "mkdocs", f"MkDocs: {msg}")
        return False
    finally:
        log.removeHandler(capture)
        log.setLevel(old_level)
    if capture.messages:
        for msg in capture.messages:
            diags.error(config_file.name, 0, "mkdocs", f"MkDocs-varning (strikt läge): {msg}")
        return False
    return True


SEARCH_DATA = "assets/sok.ord"
_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def _pagefind_pages(site_dir: Path) -> dict[str, str]:
    """Pagefind's id of each indexed page -> its path from the site root, so the search box
    can group results by topic without loading every result's fragment."""
    import json

    pages = {}
    for frag in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(frag.read_bytes())
        if raw.startswith(_FRAGMENT_SIGNATURE):
            raw = raw[len(_FRAGMENT_SIGNATURE):]
        pages[frag.stem] = json.loads(raw)["url"].lstrip("/")
    return pages


def write_search_data(site_dir: Path, files: SiteFiles) -> None:
    """The words the search box understands (search_index.py), next to the site's assets."""
    import json

    from .search_index import search_data

    data = search_data(files.pages, files.search or {}, _pagefind_pages(site_dir))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    # Compressed here, like Pagefind's own files, so the first search stays small on any web
    # server; the name keeps a server from unpacking or re-encoding it (search.js unpacks it).
    _safe_write(site_dir, SEARCH_DATA, gzip.compress(text, 9, mtime=0))


# Source lines ("Källa: …") are for checking a statement, not for finding it: left out of the
# index, so they neither rank a page nor fill its excerpt (the bibliography page keeps them).
PAGEFIND_EXCLUDE = [".fc-kallor"]


def run_pagefind(site_dir: Path, diags: Diagnostics) -> bool:
    """Index the built site for Swedish search (stemming with Snowball)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "sv", "--quiet"]
    for selector in PAGEFIND_EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        diags.error(Path("site"), 0, "pagefind", f"sökindexet kunde inte byggas: {proc.stderr.strip()[:500]}")
        return False
    return True


def _die_with_parent(parent: int) -> None:
    """Linux: the forked child gets SIGKILL when the build that started it dies (kill -9 included)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _documents_child(make: Callable[[int, int], dict[str, bytes]], part: int, parts: int, folder: Path,
                     parent: int) -> None:
    """Runs in a forked process: write its share of the documents, or exit non-zero with the error."""
    _die_with_parent(parent)
    try:
        for rel, data in make(part, parts).items():
            _safe_write(folder, rel, data)
    except BaseException as e:  # reported by the parent as a diagnostic
        from .outputs import describe_os_error

        text = describe_os_error(e) if isinstance(e, OSError) else f"{type(e).__name__}: {e}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f".fel-{part}").write_text(text, encoding="utf-8")
        except OSError:  # e.g. the disk is full: the parent reports the exit code
            pass
        os._exit(1)
    os._exit(0)


class DocumentJobs:
    """The Word documents, made in forked processes (one per core) once MkDocs has made the
    pages' HTML they are built from, while the search index is built; `finish` waits and
    reports any failure."""

    def __init__(self, make: Callable[[int, int], dict[str, bytes]], paths: list[str], workdir: Path):
        self.make = make
        self.paths = list(paths)
        self.folder = Path(tempfile.mkdtemp(prefix=".fcguide-dokument-", dir=workdir))
        self.children = []

    def start(self) -> None:
        import multiprocessing

        parts = max(1, min(os.cpu_count() or 1, len(self.paths) // 8 or 1))
        ctx = multiprocessing.get_context("fork")
        self.children = [ctx.Process(target=_documents_child, args=(self.make, part, parts, self.folder, os.getpid()))
                         for part in range(parts)]
        for child in self.children:
            child.start()

    def finish(self, diags: Diagnostics) -> bool:
        ok = True
        for part, child in enumerate(self.children):
            child.join()
            if child.exitcode != 0 and ok:
                fel = self.folder / f".fel-{part}"
                err = fel.read_text(encoding="utf-8") if fel.exists() else f"processen avslutades med kod {child.exitcode}"
                diags.error(Path("site"), 0, "docx", f"Word-dokumenten kunde inte skapas: {err}")
                ok = False
        return ok

    def copy_into(self, site: Path) -> None:
        for rel in self.paths:
            _safe_write(site, rel, (self.folder / rel).read_bytes())

    def close(self) -> None:
        for child in self.children:
            if child.is_alive():
                child.terminate()
                child.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def export_site(files: SiteFiles, config_file: Path, stage: Path, diags: Diagnostics,
                progress: Callable[[str], None], search: bool = True,
                documents: DocumentJobs | None = None) -> Path | None:
    """Write the docs into `stage`/docs, run MkDocs (strict) into `stage`/site, add the Word
    documents and the search index. Returns the finished site folder, or None after diagnostics;
    the caller swaps it into place (see outputs.OutputFolder)."""
    docs, site = stage / "docs", stage / "site"
    progress(f"Skriver {len(files.pages)} sidor och {len(files.assets)} filer …")
    write_tree(docs, files)
    # Stand-ins so MkDocs' strict link check knows the documents exist; replaced below.
    for rel in (documents.paths if documents else []):
        _safe_write(docs, rel, b"")
    progress("Bygger webbplatsen med MkDocs (strikt läge) …")
    if not run_mkdocs(config_file, docs, site, files.nav, diags, files.extra):
        return None
    if documents is not None:
        progress(f"Skapar {len(documents.paths)} Word-dokument av sidorna …")
        documents.start()
    if search:
        progress("Bygger sökindex (Pagefind, svenska) …")
        if not run_pagefind(site, diags):
            return None
        write_search_data(site, files)
    if documents is not None:
        if not documents.finish(diags):
            return None
        documents.copy_into(site)
    return site


def write_changed(folder: Path, files: SiteFiles) -> int:
    """Write only what differs (for live reload); remove pages that no longer exist."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {rel: text.encode("utf-8") for rel, text in files.pages.items()}
    wanted.update(files.assets)
    changed = 0
    for rel, data in wanted.items():
        target = folder / rel
        if not target.exists() or target.read_bytes() != data:
            _safe_write(folder, rel, data)
            changed += 1
    for path in folder.rglob("*"):
        if path.is_file() and path.relative_to(folder).as_posix() not in wanted and path.suffix in (".md", ".svg", ".css", ".js"):
            path.unlink()
            changed += 1
    return changed


def write_docs_project(folder: Path, files: SiteFiles, config_file: Path) -> Path:
    """Markdown pages plus a complete mkdocs.yml (nav included) that any MkDocs-compatible
    builder can read (MkDocs itself, or Zensical), written into a new folder; returns the config path."""
    import yaml

    docs = folder / "docs"
    write_tree(docs, files)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = files.nav
    config.setdefault("extra", {})["fcguide"] = files.extra
    # The HTML allow-list over every page (generator/sanitize.py), by absolute path.
    config["hooks"] = [SANITIZE_HOOK]
    theme = config.get("theme", {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str((config_file.parent / theme["custom_dir"]).resolve())
    out = folder / "mkdocs.yml"
    out.write_text("# Generated by fcguide docs; edit the mkdocs.yml in the project root instead.\n"
                   + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out

"""MkDocs hook used only by `fcguide serve`: regenerate the Markdown pages from
the YAML and templates before each rebuild, so an edit shows up on reload, and
index the served pages with Pagefind after each build, so search works there
exactly as in the site `fcguide build` writes.

Only files whose text changed are rewritten. A content error is shown in the
terminal and the last good pages stay in place (the browser keeps working).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.fcguide")
ROOT = Path(os.environ.get("FCGUIDE_ROOT", ".")).resolve()
REGIONS = [r for r in os.environ.get("FCGUIDE_REGIONS", "").split(",") if r]
# Set by `fcguide serve` for its first build: the pages were generated just before, so the
# first build does not generate them a second time. os.environ, not a module variable:
# MkDocs may load this file anew for each rebuild.
FRESH = "FCGUIDE_SERVE_FRESH"
READY = "FCGUIDE_SERVE_READY"
EXTRA = "FCGUIDE_SERVE_EXTRA"   # the footer's data (SiteFiles.extra) as JSON, for each new config
_LAST: dict = {}               # the SiteFiles of the last sync: the search box's word data is made from them


def on_config(config, **kwargs):
    config["extra"]["fcguide"] = json.loads(os.environ.get(EXTRA, "{}"))
    return config


def sync_docs(docs_dir: Path, config=None) -> bool:
    from generator.diagnostics import StageFailed
    from generator.export_site import write_changed
    from generator.pipeline import generate, render_site

    try:
        gen = generate(ROOT, REGIONS or None)
        files = render_site(gen, ROOT, docx=False)
        changed = write_changed(docs_dir, files)
    except StageFailed as failed:
        for d in failed.diagnostics:
            log.error(str(d))
        log.error("fcguide: sidorna uppdaterades inte; rätta felen ovan och spara igen.")
        return False
    except Exception as e:  # noqa: BLE001 - a bug or a file-system fault must never stop the server
        # MkDocs prints a traceback and stops serving ("The server will appear stuck") when a
        # hook raises; keep the last good pages instead and say what happened, in one line.
        log.error(f"fcguide: internt fel när sidorna skulle uppdateras ({type(e).__name__}: {e}); "
                  "de senaste fungerande sidorna visas fortfarande. Spara igen efter en ändring, "
                  "eller kör fcguide --debug check för detaljer och rapportera felet.")
        return False
    os.environ[EXTRA] = json.dumps(files.extra)
    _LAST["files"] = files
    if config is not None and (config["nav"] != files.nav or config["extra"].get("fcguide") != files.extra):
        # A renamed page or a new footer shows on every page: mark them all changed for the dirty build.
        for path in docs_dir.rglob("*.md"):
            path.touch()
    if config is not None:
        config["nav"] = files.nav  # a renamed page moves in the navigation too
        config["extra"]["fcguide"] = files.extra
    if changed:
        from generator.formatting import count_sv
        log.info(f"fcguide: {count_sv(changed, 'sida', 'sidor')} uppdaterade")
    return True


def on_pre_build(config, **kwargs):
    if os.environ.pop(FRESH, None):
        return
    sync_docs(Path(config["docs_dir"]), config)


def on_post_build(config, **kwargs):
    from generator.diagnostics import Diagnostics
    from generator.export_site import run_pagefind

    diags = Diagnostics()
    site = Path(config["site_dir"])
    if not run_pagefind(site, diags):
        for d in diags.errors:
            log.error(str(d))
    else:
        _write_search_data(site)
    ready = os.environ.pop(READY, None)
    if ready:
        log.info(ready)


def _write_search_data(site: Path) -> None:
    """The search box's word data (lemmas, compounds, synonyms), as `fcguide build` writes it."""
    from generator.export_site import write_search_data

    files = _LAST.get("files")
    try:
        if files is None:  # the first build: the pages were made by `fcguide serve` itself
            from generator.pipeline import generate, render_site

            files = render_site(generate(ROOT, REGIONS or None), ROOT, docx=False)
            _LAST["files"] = files
        write_search_data(site, files)
    except Exception as e:  # noqa: BLE001 - search without query understanding still works
        log.warning(f"fcguide: sökordens data kunde inte skrivas ({type(e).__name__}: {e}); "
                    "sökningen fungerar, men utan stavningshjälp och synonymer.")

"""MkDocs hook used only by `fcguide serve`: regenerate the Markdown pages from
the YAML and templates before each rebuild, so an edit shows up on reload.

Only files whose text changed are rewritten. A content error is shown in the
terminal and the last good pages stay in place (the browser keeps working).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.fcguide")
ROOT = Path(os.environ.get("FCGUIDE_ROOT", ".")).resolve()
REGIONS = [r for r in os.environ.get("FCGUIDE_REGIONS", "").split(",") if r]


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
    if config is not None:
        config["nav"] = files.nav  # a renamed page moves in the navigation too
    if changed:
        from generator.formatting import count_sv
        log.info(f"fcguide: {count_sv(changed, 'sida', 'sidor')} uppdaterade")
    return True


def on_pre_build(config, **kwargs):
    sync_docs(Path(config["docs_dir"]), config)

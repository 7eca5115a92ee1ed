"""MkDocs' HTML of the pages the Word documents are made of, kept during `fcguide build`.

A MkDocs hook (`on_page_content`, after the HTML allow-list): MkDocs has already parsed
every page's Markdown with the site's extensions, so the documents reuse that element
tree's HTML instead of parsing the same Markdown a second time. MkDocs loads a hook by
its path as a separate module, so the pages are kept in the package's own module.
"""
from __future__ import annotations

from pathlib import Path

HOOK = str(Path(__file__).resolve())

PAGES: dict[str, str] = {}          # docs path -> the page's content HTML
WANTED: set[str] = set()


def start(paths) -> None:
    PAGES.clear()
    WANTED.clear()
    WANTED.update(paths)


def stop() -> None:
    PAGES.clear()
    WANTED.clear()


def on_page_content(html: str, page, config, files) -> str:  # MkDocs hook
    from generator import docx_capture as kept

    if page.file.src_uri in kept.WANTED:
        kept.PAGES[page.file.src_uri] = html
    return html

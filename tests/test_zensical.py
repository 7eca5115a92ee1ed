"""Every page's content is independent of MkDocs plugins: Zensical builds the same pages."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_fcguide

ZENSICAL = Path(sys.executable).with_name("zensical")


def _article_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<article[^>]*>(.*?)</article>', html, re.S)
    body = m.group(1) if m else ""
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical är inte installerat")
def test_zensical_builds_the_same_pages_and_content(tmp_path):
    project = tmp_path / "build"
    res = run_fcguide("docs", "--out", str(project), "--no-docx")
    assert res.code == 0, res.err
    cfg = project / "mkdocs.yml"
    mk = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(tmp_path / "mk")],
                        capture_output=True, text=True, cwd=project)
    assert mk.returncode == 0, mk.stderr
    zs = subprocess.run([str(ZENSICAL), "build", "-f", str(cfg)], capture_output=True, text=True, cwd=project)
    assert zs.returncode == 0, zs.stdout + zs.stderr
    zsite = project / "site"
    mk_pages = {p.relative_to(tmp_path / "mk") for p in (tmp_path / "mk").rglob("index.html")}
    zs_pages = {p.relative_to(zsite) for p in zsite.rglob("index.html")}
    assert mk_pages == zs_pages
    assert len(mk_pages) > 50
    for rel in sorted(mk_pages):
        a, b = _article_text(tmp_path / "mk" / rel), _article_text(zsite / rel)
        # Same words on both (theme chrome aside): compare the multiset of words loosely.
        wa, wb = set(a.split()), set(b.split())
        assert wb, (rel, "Zensical-sidan saknar innehåll")
        missing = wa - wb
        assert len(missing) <= max(3, len(wa) // 50), (rel, sorted(missing)[:20])

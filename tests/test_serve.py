"""fcguide serve: serves the site on 127.0.0.1 and shows a YAML edit after a reload."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import ROOT


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    return urllib.request.urlopen(url, timeout=15).read().decode("utf-8")


def _head_and_other_methods(url: str) -> None:
    """V04: HEAD gets the headers without a body; methods a static site does not take get 405."""
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as resp:
        assert resp.status == 200 and int(resp.headers["Content-Length"]) > 1000
        assert resp.read() == b""
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "TRACE"):
        try:
            urllib.request.urlopen(urllib.request.Request(url, method=method, data=b"" if method in ("POST", "PUT") else None), timeout=10)
        except urllib.error.HTTPError as e:
            assert e.code == 405 and e.headers["Allow"] == "GET, HEAD", method
        else:
            raise AssertionError(f"{method} was answered like GET")


def test_serve_reloads_after_yaml_edit(project):
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--root", str(project), "--addr", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    url = f"http://127.0.0.1:{port}/ny/syfte-och-mal/"
    try:
        deadline = time.time() + 90
        page = None
        while time.time() < deadline:
            try:
                page = _get(url)
                break
            except OSError:
                time.sleep(0.3)
        assert page and "Syfte och mål" in page
        _head_and_other_methods(url)
        goals = project / "content" / "goals.yaml"
        goals.write_text(goals.read_text(encoding="utf-8").replace("summary: |\n", "summary: |\n  Ändrad medan servern kör.\n", 1),
                         encoding="utf-8")
        deadline = time.time() + 30
        while time.time() < deadline:
            if "Ändrad medan servern kör." in _get(url):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("ändringen syntes inte")
        # A broken edit keeps the last good page and reports the error in the terminal.
        goals.write_text("id: goals\ntitle: [oavslutad\n", encoding="utf-8")
        time.sleep(3)
        assert "Ändrad medan servern kör." in _get(url)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "content/goals.yaml:2" in out and "YAML-syntaxfel" in out

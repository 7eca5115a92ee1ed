"""The local server behind `fcguide serve`: MkDocs' live-reload server, answering as HTTP asks.

MkDocs' server answers every method as GET and sends a body with HEAD (review V04).
Here HEAD gets the headers only and methods a static site has no use for get 405.
"""
from __future__ import annotations

from typing import Iterable

from mkdocs.livereload import LiveReloadServer


class StaticReloadServer(LiveReloadServer):
    def serve_request(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8"),
                                                      ("Content-Length", "0")])
            return [b""]
        body = super().serve_request(environ, start_response)
        if method == "HEAD":
            close = getattr(body, "close", None)
            if close is not None:
                close()
            return [b""]
        return body

"""Serve a built site on 127.0.0.1, as a static host would: the one local
server of ``make serve-editions``, ``make bench`` and the browser tests.

``base`` serves the site under a path only (an editions site at
``/exercises-for-back-pain/``, as a GitHub project site is); ``gzip_text``
gzips text files for a client that accepts it, as static hosts do.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path

GZIPPED = {".html", ".css", ".js", ".json", ".svg", ".webmanifest", ".txt", ".map"}


def server(site: Path, base: str = "/", gzip_text: bool = False, port: int = 0) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``site`` (not yet serving: call ``serve_forever``, or use ``start``)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_head(self):
            if not self.path.startswith(base):
                self.send_error(404, f"Not under {base}")
                return None
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not (gzip_text and path.suffix in GZIPPED and path.is_file()
                    and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

        def translate_path(self, path: str) -> str:
            return super().translate_path("/" + path[len(base):])

        def log_message(self, *args) -> None:
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))


def start(site: Path, base: str = "/", gzip_text: bool = False) -> http.server.ThreadingHTTPServer:
    """``server`` on a free port, serving in a thread: its address is
    ``server_address``; stop it with ``shutdown()``."""
    httpd = server(site, base, gzip_text)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd

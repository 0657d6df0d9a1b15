"""Serve site/build/ on 127.0.0.1 with the headers netlify.toml declares.

    python scripts/serve.py [--port 8000] [--root site/build]

Like Netlify it gzips text and wasm on the fly and answers conditional requests
with 304, so the bench's byte counts mean what they would in production.
tests/browser/conftest.py starts `make_server(root, port=0)` in a thread.
"""
import argparse
import gzip
import hashlib
import http.server
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import headers  # noqa: E402  (scripts/ is not a package)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "site", "build")

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".toml": "text/plain; charset=utf-8",
    ".py": "text/plain; charset=utf-8",
    ".csv": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
}
_COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".toml", ".py", ".csv",
                 ".txt", ".wasm", ".svg", ".map", ".webmanifest"}


class _Cache:
    """(path, mtime, size) -> (etag, body, gzipped body); files are small and few."""

    def __init__(self):
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, path):
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            entry = self._entries.get(key)
        if entry is None:
            with open(path, "rb") as f:
                body = f.read()
            etag = '"{}"'.format(hashlib.sha1(body).hexdigest()[:16])
            zipped = gzip.compress(body, compresslevel=6, mtime=0)
            entry = (etag, body, zipped)
            with self._lock:
                self._entries[key] = entry
        return entry


class Handler(http.server.BaseHTTPRequestHandler):
    root = ROOT
    cache = _Cache()
    quiet = False
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes; with Nagle on, keep-alive answers stall ~40 ms
    # on the client's delayed ACK. The worker fetches ~20 files, so that adds up.
    disable_nagle_algorithm = True

    def do_HEAD(self):
        self._serve(send_body=False)

    def do_GET(self):
        self._serve(send_body=True)

    def _file_for(self, url_path):
        path = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0])
        # ".." is dropped, never followed: nothing outside root can be named.
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        full = os.path.join(self.root, *parts)
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        return full

    def _serve(self, send_body):
        full = self._file_for(self.path)
        if not os.path.isfile(full):
            self._send_plain(404, "not found: {}\n".format(self.path))
            return
        ext = os.path.splitext(full)[1].lower()
        etag, body, zipped = self.cache.get(full)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self._common_headers(etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        use_gzip = ext in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        payload = zipped if use_gzip else body
        self.send_response(200)
        self._common_headers(etag)
        self.send_header("Content-Type", TYPES.get(ext, "application/octet-stream"))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if send_body:
            self.wfile.write(payload)

    def _common_headers(self, etag):
        for name, value in headers.for_path(self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        # Revalidate every time (Netlify's default): an edited build is never stale.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("ETag", etag)

    def _send_plain(self, code, text):
        data = text.encode()
        self.send_response(code)
        for name, value in headers.for_path(self.path).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


def make_server(root=ROOT, host="127.0.0.1", port=8000, quiet=False):
    """A ThreadingHTTPServer for root; port=0 picks a free port (server.server_port)."""
    handler = type("SiteHandler", (Handler,), {"root": os.path.abspath(root), "quiet": quiet,
                                               "cache": _Cache()})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", default=ROOT)
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.root, "index.html")):
        sys.exit("serve: {} has no index.html; run `make build` first".format(args.root))
    server = make_server(args.root, args.host, args.port)
    print("AI-ANNE Playground on http://{}:{}/  (Ctrl+C stops)".format(args.host, server.server_port))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

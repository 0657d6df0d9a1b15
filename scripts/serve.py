"""Serve site/build/ on 127.0.0.1 with the headers netlify.toml declares.

    python scripts/serve.py [--port 8000] [--root site/build] [--base /~course/anne/]

--root site/dist (`make serve-dist`) serves the deployable folder with exactly the headers
netlify.toml declares, long caching of hashed names included (a folder with scripts/dist.py's
dist.json is a dist); the plain build is served "no-cache" throughout. --base serves the site
under a sub-path, as a university web space would (everything else is 404).

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
    base = "/"        # the site's sub-path, with both slashes
    hashed = False    # a dist (hashed names): cache headers as netlify.toml says
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

    def _site_path(self):
        """The request's path inside the site ("/js/main.js"), or None outside the base."""
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if not path.startswith(self.base):
            return None
        return "/" + path[len(self.base):]

    def _file_for(self, path):
        # ".." is dropped, never followed: nothing outside root can be named.
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        full = os.path.join(self.root, *parts)
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        return full

    def _serve(self, send_body):
        site_path = self._site_path()
        if site_path is None and self.base != "/" and self.path.split("?", 1)[0] == self.base[:-1]:
            self.send_response(301)  # /~course/anne -> /~course/anne/ (relative URLs need the slash)
            self.send_header("Location", self.base)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        full = None if site_path is None else self._file_for(site_path)
        if full is None or not os.path.isfile(full):
            self._send_plain(404, "not found: {}\n".format(self.path))
            return
        ext = os.path.splitext(full)[1].lower()
        etag, body, zipped = self.cache.get(full)
        path_headers = headers.for_path(site_path, hashed=self.hashed)
        content_type = path_headers.pop("Content-Type", TYPES.get(ext, "application/octet-stream"))
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self._common_headers(etag, path_headers)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        use_gzip = ext in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        payload = zipped if use_gzip else body
        self.send_response(200)
        self._common_headers(etag, path_headers)
        self.send_header("Content-Type", content_type)
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if send_body:
            self.wfile.write(payload)

    def _common_headers(self, etag, path_headers):
        # Cache-Control included: "no-cache" (Netlify's default) unless headers.py says more.
        for name, value in path_headers.items():
            self.send_header(name, value)
        self.send_header("ETag", etag)

    def _send_plain(self, code, text):
        data = text.encode()
        self.send_response(code)
        for name, value in headers.for_path(self._site_path() or "/").items():
            if name != "Content-Type":
                self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


def is_dist(root):
    """A folder made by scripts/dist.py (hashed names, a service worker)."""
    return os.path.isfile(os.path.join(root, "dist.json"))


def make_server(root=ROOT, host="127.0.0.1", port=8000, quiet=False, base="/"):
    """A ThreadingHTTPServer for root; port=0 picks a free port (server.server_port).

    base: the sub-path the site is served under ("/~course/anne/"); the handler class is
    server.RequestHandlerClass (a test may point its root at another folder)."""
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    handler = type("SiteHandler", (Handler,), {"root": os.path.abspath(root), "quiet": quiet,
                                               "cache": _Cache(), "base": base,
                                               "hashed": is_dist(root)})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", default=ROOT)
    parser.add_argument("--base", default="/", help="serve under this sub-path, e.g. /~course/anne/")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.root, "index.html")):
        sys.exit("serve: {} has no index.html; run `make build` (or `make dist`) first".format(args.root))
    server = make_server(args.root, args.host, args.port, base=args.base)
    print("AI-ANNE Playground on http://{}:{}{}  ({}; Ctrl+C stops)".format(
        args.host, server.server_port, server.RequestHandlerClass.base,
        "dist: hashed names, service worker" if server.RequestHandlerClass.hashed else "dev build, no caching"))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

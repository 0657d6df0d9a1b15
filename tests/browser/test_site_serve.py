# cpython-only
"""The dev server and netlify.toml send the same headers, from scripts/headers.py."""
import gzip
import http.client
import os
import re

import headers  # scripts/headers.py (conftest puts scripts/ on sys.path)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _get(base, path, extra=None):
    host, port = base.split("//")[1].rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path, headers=extra or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_netlify_toml_declares_exactly_the_headers_make_serve_sends():
    with open(os.path.join(ROOT, "netlify.toml")) as f:
        text = f.read()
    assert headers.netlify_toml() in text, "run: python scripts/headers.py netlify, and paste it into netlify.toml"
    assert len(re.findall(r"^\[\[headers\]\]", text, re.M)) == len(headers.RULES)
    assert re.search(r'^\s*publish = "site/(build|dist)"', text, re.M), "Netlify publishes what the build makes"


def test_served_pages_carry_the_headers(served_site):
    for path in ("/", "/js/main.js", "/vendor/micropython/micropython.wasm", "/anne/model.py"):
        response, _ = _get(served_site, path)
        assert response.status == 200, path
        for name, value in headers.for_path(path).items():
            assert response.getheader(name) == value, (path, name)
    assert headers.ALL_PAGES["Cross-Origin-Embedder-Policy"] == "require-corp"


def test_types_compression_and_revalidation(served_site):
    response, body = _get(served_site, "/vendor/micropython/micropython.wasm", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Content-Encoding") == "gzip"
    with open(os.path.join(ROOT, "site", "build", "vendor", "micropython", "micropython.wasm"), "rb") as f:
        assert gzip.decompress(body) == f.read()
    assert _get(served_site, "/vendor/micropython/micropython.mjs")[0].getheader("Content-Type").startswith("text/javascript")
    etag = response.getheader("ETag")
    again, body = _get(served_site, "/vendor/micropython/micropython.wasm", {"If-None-Match": etag})
    assert again.status == 304 and body == b""


def test_missing_files_and_escapes_are_404(served_site):
    assert _get(served_site, "/nope.js")[0].status == 404
    assert _get(served_site, "/../../scripts/serve.py")[0].status == 404
    assert _get(served_site, "/%2e%2e/scripts/serve.py")[0].status == 404

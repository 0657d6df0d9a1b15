# cpython-only
"""make dist (issue 9): hashed names that are all referenced correctly, a service worker that
lists every file, and the headers netlify.toml declares, sent by scripts/serve.py under a
sub-path. No browser here (tests/browser/test_offline.py runs the dist in Chromium)."""
import hashlib
import html.parser
import http.client
import json
import os
import re
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "browser"))
import dist_setup  # noqa: E402
import headers  # noqa: E402  (scripts/ is on sys.path through dist_setup)

HASHED_NAME = re.compile(r"\.[0-9a-f]{10}\.(?:m?js|css|wasm)(?:\.map)?$")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(build folder, dist folder, manifest): one private build and dist for this module."""
    top = tmp_path_factory.mktemp("dist")
    try:
        build = dist_setup.make_build(str(top / "build"))
        manifest = dist_setup.make_dist(build, str(top / "dist"))
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    return build, str(top / "dist"), manifest


def _files(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder).replace(os.sep, "/")
                  for d, _, names in os.walk(folder) for n in names)


def _read(folder, path, mode="r"):
    with open(os.path.join(folder, path), mode) as f:
        return f.read()


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def _imports(text):
    """Relative module specifiers of a bundle: from "./x.js", import("./x.js"), new URL("../x.js", ...)."""
    return re.findall(r'(?:from\s*|import\s*\(\s*|import\s*|new URL\(\s*)["\'](\.{1,2}/[^"\']+)["\']', text)


# ---- names and references -------------------------------------------------------------------

def test_cacheable_files_have_hashed_names_and_the_rest_keep_theirs(built):
    build, folder, _ = built
    files = _files(folder)
    for path in files:
        if path.split("/")[0] in headers.HASHED_FOLDERS:
            assert HASHED_NAME.search(path), path
    for path in ("index.html", "sw.js", "pyscript.json", "playground.json", "py/worker.py",
                 "anne/model.py", "anne/iris.csv", "i18n/de.json", "exercises/index.json", "favicon.svg"):
        assert path in files, path
    # anne/ is byte for byte the repository's (the browser and the Pico run exactly this code)
    for name in os.listdir(os.path.join(ROOT, "anne")):
        if name.endswith((".py", ".csv")):
            assert _read(folder, "anne/" + name, "rb") == _read(os.path.join(ROOT, "anne"), name, "rb"), name
    assert "README.md" not in files


def test_every_reference_names_a_file_of_the_dist(built):
    """An independent reading (HTML attributes, ES module specifiers, pyscript.json): no 404."""
    _, folder, _ = built
    files = set(_files(folder))
    links = _Links()
    links.feed(_read(folder, "index.html"))
    local = [u for u in links.urls if "://" not in u]
    assert len(local) >= 5 and any(u.startswith("js/main.") for u in local)
    for url in local:
        assert url in files, "index.html: " + url
    checked = 0
    for path in files:
        if path.endswith((".js", ".mjs")) and path.split("/")[0] in ("js", "vendor"):
            for spec in _imports(_read(folder, path)):
                target = os.path.normpath(os.path.join(os.path.dirname(path), spec)).replace(os.sep, "/")
                if target.startswith("..") or "${" in spec:
                    continue  # outside the site (or a template): not a file of ours
                if spec.endswith((".js", ".mjs", ".css", ".wasm")):
                    assert target in files, "{}: {}".format(path, spec)
                    checked += 1
    assert checked >= 20
    config = json.loads(_read(folder, "pyscript.json"))
    interpreter = config["interpreter"].lstrip("./")
    assert interpreter in files and HASHED_NAME.search(interpreter)
    # PyScript finds the .wasm by swapping the extension of the .mjs
    assert re.sub(r"\.m?js$", ".wasm", interpreter) in files
    for src in config["files"]:
        assert src.lstrip("./") in files, src
    for bundle in [p for p in files if p.startswith("js/pico") and p.endswith(".js")]:
        assert re.search(r'"css/pico\.[0-9a-f]{10}\.css"', _read(folder, bundle)), "Send to Pico's stylesheet"


def test_the_service_worker_lists_every_file_with_its_sha256(built):
    _, folder, manifest = built
    sw = dist_setup.sw_manifest(folder)
    listed = {path: sha for path, sha, _ in sw["files"]}
    expected = {p for p in _files(folder) if not p.endswith(".map") and p not in ("sw.js", "dist.json")}
    assert set(listed) == expected
    for path, sha in listed.items():
        assert hashlib.sha256(_read(folder, path, "rb")).hexdigest() == sha, path
    assert all(hashed == path.startswith(headers.HASHED_FOLDERS) for path, _, hashed in sw["files"])
    assert sw["version"] == manifest["version"]
    assert 'data-version="{}"'.format(sw["version"]) in _read(folder, "index.html")
    assert "/*MANIFEST*/" in _read(os.path.join(ROOT, "site"), "sw.js"), "the template keeps its slot"


def test_a_change_renames_only_the_files_that_depend_on_it(built, tmp_path):
    build, folder, first = built
    # Send to Pico's stylesheet: it, the chunk that names it and the entry that imports that
    # chunk get new names; nothing else does.
    changed = dist_setup.variant(build, str(tmp_path / "b2"), {"css/pico.css": "\n/* v2 */\n"})
    second = dist_setup.make_dist(changed, str(tmp_path / "d2"))
    moved = sorted(old for old, new in first["renamed"].items() if second["renamed"][old] != new)
    assert set(first["renamed"]) == set(second["renamed"])
    assert [p for p in moved if not p.endswith(".map")] == sorted(
        ["css/pico.css", "js/main.js"] + [p for p in first["renamed"] if p.startswith("js/pico") and not p.endswith(".map")])
    assert second["version"] != first["version"]
    # A file with a fixed name: no renames at all, but a new version for the service worker.
    changed = dist_setup.variant(build, str(tmp_path / "b3"), {"py/worker.py": "\n# v3\n"})
    third = dist_setup.make_dist(changed, str(tmp_path / "d3"))
    assert third["renamed"] == first["renamed"]
    assert third["version"] not in (first["version"], second["version"])


# ---- headers --------------------------------------------------------------------------------

def test_netlify_toml_is_generated_from_headers_py_and_publishes_the_dist():
    text = _read(ROOT, "netlify.toml")
    assert headers.netlify_toml() in text, "run: python scripts/headers.py netlify, and paste it into netlify.toml"
    assert re.search(r'^\s*publish = "site/dist"', text, re.M)
    assert re.search(r'^\s*command = ".*scripts/build_site\.py && python3 scripts/dist\.py"', text, re.M)


def test_no_two_rules_for_one_path_set_the_same_header(built):
    """Netlify would send both values joined by a comma ("no-cache, public, max-age=...")."""
    _, folder, _ = built
    for path in ["/"] + ["/" + p for p in _files(folder)]:
        seen = {}
        for pattern, values in headers.RULES:
            if headers._matches(pattern, path):
                for name in values:
                    assert name not in seen, "{}: {} set by {} and {}".format(path, name, seen[name], pattern)
                    seen[name] = pattern


def _get(port, path, extra=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=extra or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_the_dist_is_served_under_a_sub_path_with_netlify_s_headers(built):
    _, folder, manifest = built
    server, _ = dist_setup.start_server(folder)
    port = server.server_port
    base = dist_setup.BASE
    try:
        wasm = [p for p in manifest["renamed"].values() if p.endswith(".wasm")][0]
        main = manifest["renamed"]["js/main.js"]
        expect = {"": "no-cache", "index.html": "no-cache", "sw.js": "no-cache", "pyscript.json": "no-cache",
                  "anne/model.py": "no-cache", main: "public, max-age=31536000, immutable",
                  wasm: "public, max-age=31536000, immutable"}
        for path, cache in expect.items():
            response, body = _get(port, base + path)
            assert response.status == 200, path
            for name, value in headers.for_path("/" + path, hashed=True).items():
                assert response.getheader(name) == value, (path, name)
            assert response.getheader("Cache-Control") == cache, path
        response, body = _get(port, base + wasm)
        assert response.getheader("Content-Type") == "application/wasm"
        assert body[:4] == b"\0asm"
        response, _ = _get(port, base.rstrip("/"))
        assert response.status == 301 and response.getheader("Location") == base
        assert _get(port, "/index.html")[0].status == 404, "nothing outside the sub-path"
        assert _get(port, base + "js/main.js")[0].status == 404, "the unhashed name is gone"
    finally:
        dist_setup.stop_server(server)

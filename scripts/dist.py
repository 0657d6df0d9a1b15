"""Make the deployable folder site/dist/ (git-ignored) from the build output site/build/.

    python scripts/dist.py [--build site/build] [--out site/dist]      (make dist)

What changes between site/build/ and site/dist/:
  1. Every file under js/, css/ and vendor/ gets its content hash in its name
     (main.js -> main.3f9c0a1b2d.js) and every reference to it is rewritten. These are the
     files the server may let browsers keep for a year ("immutable", scripts/headers.py):
     a new build gives a changed file a new name, so no browser ever runs a stale copy.
  2. Files fetched by a fixed name keep it: index.html, pyscript.json, playground.json,
     py/, anne/, exercises/, i18n/, favicon.svg. PyScript, the playground, the exercises
     and Send to Pico ask for these by name (Send to Pico writes `anne/model.py` to the board
     under the name it fetched), so renaming them would mean rewriting names computed in
     other people's code. They are served "no-cache" (revalidated, 304 when unchanged) and
     versioned by the service worker instead: sw.js lists every file with its SHA-256, and
     its version is the hash of that list, so any change anywhere makes a new service worker.
  3. sw.js is written from the template site/sw.js with that list; index.html gets a
     <meta name="anne-service-worker"> that tells site/js/offline.js to register it (the dev
     build has none, so `make serve` runs without a service worker).
  4. dist.json (the manifest: versions, old -> new names, the precached files) marks the
     folder as a dist build for scripts/serve.py and the tests.

Why a name's hash covers more than the file: a file's final text contains the hashed names
of the files it refers to. So the hash of a name is taken over the file AND everything it
refers to, directly or not (the transitive closure, so cycles need no special case): if
any of them changes, the name changes. MicroPython's .mjs and .wasm are a pair that must
share one hash, because PyScript finds the .wasm by replacing the extension of the .mjs.

References are found as quoted strings ("..", '..', `..`, url(..)) that resolve to a file of
the build, relative to the file they are in or to the site's root (the page's base: pico.js
asks for "css/pico.css" from document.baseURI). Everything stays relative, so the folder
works under any sub-path (a university's /~course/anne/) as well as at /.
"""
import argparse
import hashlib
import json
import os
import posixpath
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from headers import HASHED_FOLDERS  # noqa: E402  (the folders headers.py marks immutable)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUILD = os.path.join(ROOT, "site", "build")
DIST = os.path.join(ROOT, "site", "dist")
SW_TEMPLATE = os.path.join(ROOT, "site", "sw.js")

# Build files that are not part of the deployed app.
_LEFT_OUT = {"README.md", "sw.js"}  # sw.js: the build's copy of the template; written below
# Files whose text may refer to hashed files. Never .py or .csv: anne/ stays byte for byte.
_TEXT = (".html", ".js", ".mjs", ".css", ".json")
# A quoted relative path to a file of a kind that can be hashed.
_REFERENCE = re.compile(r"""(?<=["'`(])((?:\.{1,2}/)*[A-Za-z0-9_@][A-Za-z0-9_@.+/-]*\.(?:m?js|css|wasm))(?=["'`)])""")
_SOURCEMAP = re.compile(r"(//# sourceMappingURL=|/\*# sourceMappingURL=)([^\s*]+)")
# Files that must share one hash (PyScript: interpreter "x.mjs" -> "x.wasm").
_PAIRS = ((".mjs", ".wasm"),)
META = '<meta name="anne-service-worker" content="sw.js" data-version="{version}">'
_MANIFEST_SLOT = re.compile(r"/\*MANIFEST\*/.*?/\*END\*/", re.S)


def _fail(message):
    sys.exit("dist: " + message)


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _files(top):
    """Every file under top, as posix paths relative to it, sorted."""
    found = []
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), top)
            found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def _hashed(path):
    return path.split("/", 1)[0] in HASHED_FOLDERS and not path.endswith(".map")


def _resolve(ref, source, files):
    """The build file a reference in `source` names, or None (relative to the file, then the root)."""
    here = posixpath.normpath(posixpath.join(posixpath.dirname(source), ref))
    if here in files:
        return here
    if not ref.startswith("."):
        rooted = posixpath.normpath(ref)
        if rooted in files:
            return rooted
    return None


def references(contents):
    """{path: {referenced paths}} over the text files (contents: path -> bytes)."""
    files = set(contents)
    graph = {}
    for path, data in contents.items():
        refs = set()
        if path.endswith(_TEXT):
            for match in _REFERENCE.finditer(data.decode("utf-8", "replace")):
                target = _resolve(match.group(1), path, files)
                if target is not None and target != path:
                    refs.add(target)
        graph[path] = refs
    for path in files:  # pairs refer to each other, so their closures (and hashes) are equal
        for first, second in _PAIRS:
            if path.endswith(first):
                twin = path[: -len(first)] + second
                if twin in files:
                    graph[path].add(twin)
                    graph[twin].add(path)
    return graph


def _closure(path, graph):
    seen, todo = {path}, [path]
    while todo:
        for ref in graph[todo.pop()]:
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def hashed_names(contents, graph):
    """{old path: new path} for every file to hash: stem.<10 hex>.ext, the hash over its closure."""
    digests = {path: _sha256(data) for path, data in contents.items()}
    names = {}
    for path in contents:
        if not _hashed(path):
            continue
        closure = sorted(_closure(path, graph))
        h = _sha256("".join("{} {}\n".format(p, digests[p]) for p in closure).encode())[:10]
        folder, base = posixpath.split(path)
        stem, ext = posixpath.splitext(base)
        names[path] = posixpath.join(folder, "{}.{}{}".format(stem, h, ext))
    return names


def rewrite(path, data, names, files):
    """The file's text with every reference to a renamed file pointing at its new name."""
    if not path.endswith(_TEXT):
        return data
    text = data.decode("utf-8")

    def renamed(match):
        ref = match.group(1)
        target = _resolve(ref, path, files)
        if target is None or target not in names:
            return ref
        return ref[: len(ref) - len(posixpath.basename(ref))] + posixpath.basename(names[target])

    text = _REFERENCE.sub(renamed, text)

    def map_comment(match):  # main.js.map follows main.js
        target = _resolve(match.group(2), path, files)
        if target is None or target[:-4] not in names:
            return match.group(0)
        return match.group(1) + posixpath.basename(names[target[:-4]]) + ".map"

    return _SOURCEMAP.sub(map_comment, text).encode("utf-8")


def _reachable(start, graph):
    seen = set()
    for path in start:
        seen |= _closure(path, graph)
    return seen


def make(build, out):
    """site/build -> out; returns the manifest (also written to out/dist.json)."""
    if not os.path.isfile(os.path.join(build, "index.html")):
        _fail("{} has no index.html: run `make build` first".format(build))
    contents = {}
    for path in _files(build):
        if path in _LEFT_OUT:
            continue
        with open(os.path.join(build, path), "rb") as f:
            contents[path] = f.read()
    files = set(contents)
    graph = references(contents)
    # Vendor files nothing refers to are left out (PyScript's own service-worker.js, core.css,
    # storage.js): under a hashed name nobody could ask for them anyway.
    roots = [p for p in files if not _hashed(p) and not p.endswith(".map")]
    used = _reachable(roots, graph)
    unused = sorted(p for p in files if _hashed(p) and p not in used)
    for path in unused:
        del contents[path]
        contents.pop(path + ".map", None)
    files = set(contents)
    graph = {p: refs & files for p, refs in graph.items() if p in files}

    names = hashed_names(contents, graph)
    for path in [p for p in contents if p.endswith(".map")]:
        if path[:-4] in names:
            names[path] = names[path[:-4]] + ".map"
    final = {}
    for path, data in contents.items():
        final[names.get(path, path)] = rewrite(path, data, names, files)
    _check_no_stale_names(final, names)

    # The service worker's list: everything the app can ask for (source maps only on demand).
    precache = sorted(p for p in final if not p.endswith(".map"))
    listed = [{"path": p, "sha256": _sha256(final[p]), "hashed": _hashed(p)} for p in precache]
    # The version covers every file (index.html as it is before it gets the version's <meta>).
    version = _sha256(json.dumps(listed, sort_keys=True).encode())[:12]
    final["index.html"] = _with_meta(final["index.html"], version)
    for entry in listed:
        entry["sha256"] = _sha256(final[entry["path"]])
    final["sw.js"] = _service_worker(version, listed)
    manifest = {"format": "anne-dist", "version": version, "renamed": dict(sorted(names.items())),
                "left_out": unused, "precache": listed, "bytes": sum(len(final[p]) for p in precache)}
    final["dist.json"] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()

    tmp = out + ".tmp"
    if os.path.isdir(tmp):
        shutil.rmtree(tmp)
    for path, data in final.items():
        dst = os.path.join(tmp, *path.split("/"))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.rename(tmp, out)
    return manifest


def _check_no_stale_names(final, names):
    """No text still names a file by its old name (that would be a 404 in the dist)."""
    files = set(final)
    for path, data in final.items():
        if not path.endswith(_TEXT):
            continue
        for match in _REFERENCE.finditer(data.decode("utf-8", "replace")):
            ref = match.group(1)
            old = _resolve(ref, path, set(names))
            if old is not None and _resolve(ref, path, files) is None:
                _fail("{} still refers to {} (renamed to {})".format(path, ref, names[old]))


def _service_worker(version, listed):
    with open(SW_TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    if len(_MANIFEST_SLOT.findall(template)) != 1:
        _fail("site/sw.js must contain one /*MANIFEST*/ ... /*END*/ slot")
    manifest = {"version": version, "files": [[e["path"], e["sha256"], e["hashed"]] for e in listed]}
    slot = "/*MANIFEST*/ " + json.dumps(manifest, separators=(",", ":")) + " /*END*/"
    return _MANIFEST_SLOT.sub(lambda m: slot, template).encode("utf-8")


def _with_meta(html, version):
    text = html.decode("utf-8")
    anchor = '<meta name="viewport"'
    if anchor not in text:
        _fail("index.html has no {} to put the service worker's <meta> after".format(anchor))
    line_end = text.index("\n", text.index(anchor))
    return (text[:line_end + 1] + "  " + META.format(version=version) + "\n" + text[line_end + 1:]).encode("utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=BUILD, help="the build output (default site/build)")
    parser.add_argument("--out", default=DIST, help="the folder to write (default site/dist)")
    args = parser.parse_args(argv)
    started = time.time()
    manifest = make(os.path.abspath(args.build), os.path.abspath(args.out))
    print("dist {} in {:.1f} s -> {}: {} files ({:.2f} MB) for the service worker, {} hashed names{}".format(
        manifest["version"], time.time() - started, os.path.relpath(os.path.abspath(args.out), ROOT),
        len(manifest["precache"]), manifest["bytes"] / 1e6, len(manifest["renamed"]),
        "; left out (nothing refers to them): " + ", ".join(manifest["left_out"]) if manifest["left_out"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

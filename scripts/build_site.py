"""Build the static playground into site/build/ (git-ignored; never commit its files).

    python scripts/build_site.py [--out site/build] [--no-minify]

What it does, in order:
  1. copies site/ (html, css, py glue) as it is,
  2. bundles site/js/main.js with esbuild (CodeMirror 6, d3 and our modules),
  3. copies PyScript core, MicroPython-WebAssembly and mpy-cross's .wasm from node_modules
     (served from our own origin: no CDN at run time),
  4. copies the repository's anne/ byte for byte (the browser runs exactly this code),
  5. writes pyscript.json ([files] + the local interpreter) and playground.json (the
     preset exercises, generated from anne.presets so the weights are never retyped).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SITE = os.path.join(ROOT, "site")
NODE_MODULES = os.path.join(ROOT, "node_modules")
PYSCRIPT_DIST = os.path.join(NODE_MODULES, "@pyscript", "core", "dist")
MICROPYTHON = os.path.join(NODE_MODULES, "@micropython", "micropython-webassembly-pyscript")
# mpy-cross as WebAssembly (compiled Send to Pico, site/js/compile.js): its glue is bundled into
# a chunk of its own by esbuild, its .wasm is served from vendor/mpy-cross/.
MPY_CROSS_WASM = os.path.join(NODE_MODULES, "@pybricks", "mpy-cross-v6", "build", "mpy-cross-v6.wasm")
ESBUILD = os.path.join(NODE_MODULES, ".bin", "esbuild")

# What in site/ is not copied as it is: sources of other steps, notes for developers.
_NOT_COPIED = {"build", "dist", "js", "node_modules", "README.md"}
# site/js/transport/ (Send to Pico) is bundled through its imports like any other module.
INTERPRETER = "./vendor/micropython/micropython.mjs"
# The worker's filesystem gets anne/ without its host CLI (never imported in a browser) and
# the glue modules worker.py imports (worker.py itself PyScript fetches as the script).
_HOST_ONLY = {"__main__.py"}
_WORKER_IMPORTS = {"session.py", "views.py", "errors.py", "exercise.py", "checks.py"}  # checks.py: exercise checks (issue 7)
# The board's files are built by the CLI's own builder (pure Python): the worker imports it
# as annetools.boardfiles, as `python -m anne export` does.
_WORKER_TOOLS = ("__init__.py", "boardfiles.py")


def _fail(message):
    sys.exit("build_site: " + message)


def copy_static(out):
    """site/* except the js sources -> out/ (html, css, py glue, exercises, icons)."""
    for name in sorted(os.listdir(SITE)):
        if name in _NOT_COPIED or name.startswith("."):
            continue
        src = os.path.join(SITE, name)
        dst = os.path.join(out, name)
        if os.path.isdir(src):
            # solution.py: the exercises' reference solutions are for teachers and tests, not published.
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "solution.py"))
        else:
            shutil.copy2(src, dst)


def bundle_js(out, minify):
    """esbuild: site/js/main.js and its imports (CodeMirror, d3) -> out/js/main.js + chunks.

    Splitting lets main.js start Python before the editor and chart code has loaded."""
    if not os.path.exists(ESBUILD):
        _fail("esbuild is missing ({}): run `npm ci` (make build does)".format(ESBUILD))
    cmd = [ESBUILD, os.path.join(SITE, "js", "main.js"), "--bundle", "--format=esm",
           "--target=es2022", "--splitting", "--outdir=" + os.path.join(out, "js"),
           "--chunk-names=[name]-[hash]",
           "--sourcemap=linked", "--legal-comments=none", "--log-level=warning",
           # Emscripten's glue (mpy-cross) requires these only when it runs under Node.
           "--external:fs", "--external:path", "--external:crypto"]
    if minify:
        cmd.append("--minify")
    result = subprocess.run(cmd, cwd=ROOT)
    if result.returncode:
        _fail("esbuild failed (exit {})".format(result.returncode))


def copy_vendor(out):
    """PyScript core, MicroPython-WASM and mpy-cross-WASM, from the pinned npm packages."""
    for path in (PYSCRIPT_DIST, MICROPYTHON):
        if not os.path.isdir(path):
            _fail("{} is missing: run `npm ci` (make build does)".format(path))
    shutil.copytree(PYSCRIPT_DIST, os.path.join(out, "vendor", "pyscript"),
                    ignore=shutil.ignore_patterns("*.map"))
    mpy = os.path.join(out, "vendor", "micropython")
    os.makedirs(mpy)
    for name in ("micropython.mjs", "micropython.wasm"):
        shutil.copy2(os.path.join(MICROPYTHON, name), os.path.join(mpy, name))
    if not os.path.isfile(MPY_CROSS_WASM):
        _fail("{} is missing: run `npm ci` (make build does)".format(MPY_CROSS_WASM))
    os.makedirs(os.path.join(out, "vendor", "mpy-cross"))
    shutil.copy2(MPY_CROSS_WASM, os.path.join(out, "vendor", "mpy-cross", "mpy-cross-v6.wasm"))


def anne_files():
    """The files of the anne/ package that the browser gets, in a stable order."""
    src = os.path.join(ROOT, "anne")
    return sorted(n for n in os.listdir(src)
                  if os.path.isfile(os.path.join(src, n)) and not n.endswith((".pyc", ".mpy")))


def copy_anne(out):
    """anne/ -> out/anne/, byte for byte (tests/browser/test_identity.py checks it), and the
    worker's part of annetools/ (the board-file builder)."""
    dst = os.path.join(out, "anne")
    os.makedirs(dst)
    for name in anne_files():
        shutil.copyfile(os.path.join(ROOT, "anne", name), os.path.join(dst, name))
    tools = os.path.join(out, "annetools")
    os.makedirs(tools)
    for name in _WORKER_TOOLS:
        shutil.copyfile(os.path.join(ROOT, "annetools", name), os.path.join(tools, name))


def py_glue_files():
    return sorted(n for n in os.listdir(os.path.join(SITE, "py")) if n.endswith(".py"))


def write_pyscript_config(out):
    """pyscript.json: the local interpreter and every file the worker's filesystem needs."""
    files = {}
    for name in anne_files():
        if name not in _HOST_ONLY:
            files["./anne/" + name] = "anne/" + name
    for name in _WORKER_TOOLS:
        files["./annetools/" + name] = "annetools/" + name
    for name in py_glue_files():
        if name in _WORKER_IMPORTS:
            files["./py/" + name] = name
    config = {"interpreter": INTERPRETER, "files": files}
    _write_json(os.path.join(out, "pyscript.json"), config)


def write_playground(out):
    """playground.json: preset exercises (source generated from anne.presets) and file list."""
    sys.path[:0] = [ROOT, os.path.join(SITE, "py")]
    try:
        import exercise  # site/py/exercise.py: pure, runs on CPython here
        presets = exercise.all_presets()
    finally:
        del sys.path[:2]
    data = {
        "presets": presets,
        # __main__.py is the host CLI: shipped (the package is copied whole) but not offered.
        "anne_files": ["anne/" + n for n in anne_files() if n.endswith(".py") and n != "__main__.py"],
    }
    _write_json(os.path.join(out, "playground.json"), data)


def write_exercise_bundle(out):
    """exercises/bundle.json: every exercise of exercises/index.json in one file (its
    exercise.json, start.py, start.<lang>.py, check.py), so the page makes one request at
    start instead of ~30 that compete with the worker's files for the first result.
    A file that cannot be read becomes that exercise's "problem" (the page names it)."""
    folder = os.path.join(SITE, "exercises")
    with open(os.path.join(folder, "index.json")) as f:
        ids = json.load(f).get("exercises", [])
    entries = []
    for id_ in ids:
        entry = {"id": id_}
        try:
            base = os.path.join(folder, id_)
            with open(os.path.join(base, "exercise.json")) as f:
                entry["meta"] = json.load(f)
            starts = {}
            for lang in [None] + list(entry["meta"].get("start_translations") or []):
                name = "start.py" if lang is None else "start.{}.py".format(lang)
                with open(os.path.join(base, name)) as f:
                    starts[lang or "en"] = f.read()
            with open(os.path.join(base, "check.py")) as f:
                entry["check"] = f.read()
            entry["starts"] = starts
        except (OSError, ValueError, TypeError) as error:
            entry = {"id": id_, "problem": str(error)}
        entries.append(entry)
    data = {"format": "anne-exercises-bundle", "version": 1, "exercises": entries}
    with open(os.path.join(out, "exercises", "bundle.json"), "w") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        f.write("\n")


def _write_json(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


_STATIC_IMPORT = re.compile(r'(?:from|import)\s*"\./([^"]+\.js)"')
_ENTRY = '<script type="module" src="js/main.js"></script>'
_PYSCRIPT_PLUGIN = re.compile(r"^(error|py-editor|py-terminal|py-game|donkey|deprecations-manager)-[\w-]+\.js$")


def add_preload_hints(out):
    """index.html: ask for what the first result waits on before main.js asks for it.

    main.js's chunk and PyScript's core chunk are static imports (known only after the
    build hashed their names); pyscript.json and the worker's script PyScript fetches
    on this page. The worker's own files (MicroPython, anne/) cannot be preloaded: a
    worker has its own fetches, and the dev server and Netlify say no-cache."""
    def imports_of(path):
        with open(path) as f:
            return _STATIC_IMPORT.findall(f.read())

    links = ['<link rel="modulepreload" href="js/{}">'.format(n) for n in imports_of(os.path.join(out, "js", "main.js"))]
    links += ['<link rel="modulepreload" href="vendor/pyscript/{}">'.format(n)
              for n in imports_of(os.path.join(out, "vendor", "pyscript", "core.js"))]
    # PyScript's core loads these plugins before it starts any worker (names are hashed).
    plugins = sorted(n for n in os.listdir(os.path.join(out, "vendor", "pyscript"))
                     if _PYSCRIPT_PLUGIN.match(n))
    links += ['<link rel="modulepreload" href="vendor/pyscript/{}">'.format(n) for n in plugins]
    links += ['<link rel="preload" href="{}" as="fetch" crossorigin>'.format(n) for n in ("pyscript.json", "py/worker.py")]
    index = os.path.join(out, "index.html")
    with open(index) as f:
        html = f.read()
    if _ENTRY not in html:
        _fail("index.html no longer loads " + _ENTRY)
    html = html.replace(_ENTRY, "".join(link + "\n  " for link in links) + _ENTRY)
    with open(index, "w") as f:
        f.write(html)


def build(out, minify=True):
    # Build aside, then swap it in: a server (or a test run) reading the old build never
    # sees a half-written one. The staging folder is in node_modules/ (git-ignored, and on
    # the same disk, so the swap is a rename).
    started = time.time()
    staging = os.path.join(NODE_MODULES, ".cache", "anne-site")
    os.makedirs(staging, exist_ok=True)
    fresh = os.path.join(staging, "new-{}".format(os.getpid()))
    if os.path.isdir(fresh):
        shutil.rmtree(fresh)
    os.makedirs(fresh)
    try:
        copy_static(fresh)
        bundle_js(fresh, minify)
        copy_vendor(fresh)
        copy_anne(fresh)
        write_pyscript_config(fresh)
        write_playground(fresh)
        write_exercise_bundle(fresh)
        add_preload_hints(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = os.path.join(staging, "old-{}".format(os.getpid()))
    if os.path.isdir(out):
        shutil.move(out, old)  # a rename on one disk; a copy (--out elsewhere) otherwise
    shutil.move(fresh, out)
    shutil.rmtree(old, ignore_errors=True)
    print("site built in {:.1f} s -> {}".format(time.time() - started, os.path.relpath(out, ROOT)))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the playground into site/build/")
    parser.add_argument("--out", default=os.path.join(SITE, "build"))
    parser.add_argument("--no-minify", action="store_true")
    args = parser.parse_args(argv)
    build(os.path.abspath(args.out), minify=not args.no_minify)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# cpython-only
"""A private dist for the tests of issue 9 (tests/test_dist.py, tests/browser/test_offline.py).

Each test session builds the site into its own temporary folder and makes the dist from it
(about a second), so a developer's site/build/ or site/dist/ is never read nor overwritten,
and a concurrent `make serve` cannot change the files under a running test."""
import json
import os
import re
import shutil
import sys
import threading

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import build_site  # noqa: E402
import dist  # noqa: E402
import serve  # noqa: E402

BASE = "/~course/anne/"  # a university web space's sub-path


def make_build(folder):
    """site/ -> folder (the build), quietly; raises RuntimeError with the build's complaint."""
    try:
        build_site.build(folder)
    except SystemExit as error:
        raise RuntimeError("the site did not build: {}".format(error))
    return folder


def make_dist(build, out):
    """build -> out (a dist); -> its manifest (dist.json)."""
    try:
        return dist.make(build, out)
    except SystemExit as error:
        raise RuntimeError("make dist failed: {}".format(error))


def variant(build, folder, changes):
    """A copy of a build with some files changed: {path: text appended}; -> the new build."""
    shutil.copytree(build, folder)
    for path, extra in changes.items():
        with open(os.path.join(folder, path), "a") as f:
            f.write(extra)
    return folder


def start_server(root, base=BASE):
    """Serve root under base in a thread; -> (server, url of the app)."""
    server = serve.make_server(root, port=0, quiet=True, base=base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:{}{}".format(server.server_port, server.RequestHandlerClass.base)


def stop_server(server):
    server.shutdown()
    server.server_close()


def sw_manifest(folder):
    """The list the dist's sw.js carries: {"version", "files": [[path, sha256, hashed]]}."""
    with open(os.path.join(folder, "sw.js"), encoding="utf-8") as f:
        text = f.read()
    return json.loads(re.search(r"/\*MANIFEST\*/ (.*?) /\*END\*/", text).group(1))


def interpreter_url(folder, app_url):
    """The absolute URL of the dist's micropython.<hash>.mjs (pyscript.json names it)."""
    with open(os.path.join(folder, "pyscript.json")) as f:
        return app_url + json.load(f)["interpreter"].lstrip("./")

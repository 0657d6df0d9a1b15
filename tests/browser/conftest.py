# cpython-only
"""Browser test fixtures: Debian's Chromium through Playwright, and the built site served
on 127.0.0.1 with the production headers.

    served_site   base URL of site/build/ (built first when a source is newer), session-wide
    playground    a Page on the playground, loaded and showing its first result; it fails the
                  test on any console error or on a request to a host other than 127.0.0.1

Other suites (Send to Pico, exercises) reuse `served_site` and `browser_type_launch_args`.
"""
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "..", "scripts")]
import serve  # noqa: E402  scripts/serve.py
from browser_setup import BUILD, CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from playground_helpers import wait_idle  # noqa: E402


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never skip quietly: a missing browser is a failure that says how to get one.
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail("Chromium is missing at {}: `make test` installs it "
                    "(or: apt-get install chromium)".format(CHROMIUM), pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720}}


@pytest.fixture(scope="session")
def served_site():
    """Base URL ("http://127.0.0.1:PORT/") of the freshly built site."""
    try:
        build_site()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    server = serve.make_server(BUILD, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:{}/".format(server.server_port)
    server.shutdown()
    server.server_close()


class PageWatch:
    """What a page did that a test must not allow: console errors, other hosts."""

    def __init__(self, page):
        self.errors = []
        self.foreign = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append("uncaught: {}".format(e)))
        page.on("request", self._request)

    def _request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        if host != "127.0.0.1":
            self.foreign.append(url)


def open_playground(page, url, timeout=20000):
    page.goto(url)
    wait_idle(page, timeout)
    return page


@pytest.fixture
def playground(page, served_site):
    """The playground on preset "eight" (fresh storage), ready; checks the page stayed clean."""
    watch = PageWatch(page)
    open_playground(page, served_site)
    page.watch = watch
    yield page
    assert not watch.foreign, "requests left 127.0.0.1: {}".format(watch.foreign)
    assert not watch.errors, "console errors: {}".format(watch.errors)


_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_FAKES = os.path.join(_ROOT, "tests", "fakes")
_ESBUILD = os.path.join(_ROOT, "node_modules", ".bin", "esbuild")


@pytest.fixture(scope="session")
def fake_serial_script():
    """One classic script: the fake board's worker source, then the bundled fake serial API."""
    if not os.path.exists(_ESBUILD):
        pytest.fail("esbuild is missing ({}): run npm ci".format(_ESBUILD), pytrace=False)
    bundle = subprocess.run([_ESBUILD, os.path.join(_FAKES, "browser.mjs"), "--bundle", "--format=iife",
                             "--target=es2022", "--log-level=warning"],
                            cwd=_ROOT, capture_output=True, text=True, timeout=60)
    if bundle.returncode:
        pytest.fail("could not bundle tests/fakes/browser.mjs:\n" + bundle.stderr, pytrace=False)
    with open(os.path.join(_FAKES, "board-worker.mjs"), encoding="utf-8") as f:
        worker = f.read()
    return "globalThis.__fakeBoardWorkerSource = {};\n{}".format(json.dumps(worker), bundle.stdout)

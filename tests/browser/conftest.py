# cpython-only
"""Browser test fixtures: Debian's Chromium through Playwright, and the built site served
on 127.0.0.1 with the production headers.

    served_site   base URL of site/build/ (built first when a source is newer), session-wide
    playground    a Page on the playground, loaded and showing its first result; it fails the
                  test on any console error or on a request to a host other than 127.0.0.1

Other suites (Send to Pico, exercises) reuse `served_site` and `browser_type_launch_args`.
"""
import os
import shutil
import subprocess
import sys
import threading

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "site", "build")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The sources the build reads; the site is rebuilt when one is newer than the last build.
_SOURCES = ["site", "anne", "scripts", "package-lock.json"]

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serve  # noqa: E402  scripts/serve.py


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


def _newest_source():
    newest = 0.0
    for top in _SOURCES:
        path = os.path.join(ROOT, top)
        if os.path.isfile(path):
            newest = max(newest, os.path.getmtime(path))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in ("build", "dist", "__pycache__", "node_modules")]
            for name in files:
                newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def build_site():
    """Build site/build/ unless it is newer than every source."""
    index = os.path.join(BUILD, "index.html")
    if os.path.isfile(index) and os.path.getmtime(index) >= _newest_source():
        return
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build_site.py")],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        pytest.fail("the site did not build:\n" + result.stdout + result.stderr, pytrace=False)


@pytest.fixture(scope="session")
def served_site():
    """Base URL ("http://127.0.0.1:PORT/") of the freshly built site."""
    build_site()
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


def wait_idle(page, timeout=20000):
    """Until the playground shows a view and Python has nothing left to do."""
    page.wait_for_function(
        "() => window.playground && window.playground.view && !window.playground.runInFlight"
        " && !window.playground.training && !window.playground.python.busy",
        timeout=timeout)


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

# cpython-only
"""The deployed playground offline (issue 9), in Chromium, against a dist served under a
sub-path (/~course/anne/) with netlify's headers: one visit stores the app; with the
network cut (context.set_offline) a reload still runs preset eight (90 %), trains, restarts
Python after Stop and sends to the (fake) Pico; a new deploy replaces the cache and the
page offers to reload. Each test has its own browser context, so its own service worker."""
import json

import pytest

import dist_setup
from playground_helpers import accuracy, code, set_code, wait_idle

ROOT = dist_setup.ROOT
STORED = "() => window.offline && window.offline.state === 'ready' && navigator.serviceWorker.controller !== null"


@pytest.fixture(scope="module")
def dist_build(tmp_path_factory):
    """(build folder, dist folder): one private build and dist for this module."""
    top = tmp_path_factory.mktemp("offline")
    try:
        build = dist_setup.make_build(str(top / "build"))
        dist_setup.make_dist(build, str(top / "dist"))
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    return build, str(top / "dist")


@pytest.fixture
def dist_site(dist_build):
    """(server, app URL) of the dist under the sub-path; a test may swap the server's root."""
    server, url = dist_setup.start_server(dist_build[1])
    yield server, url
    dist_setup.stop_server(server)


class Watch:
    """What the page must not do: console errors, HTTP errors, requests to another host."""

    def __init__(self, page, origin):
        self.errors, self.failed, self.foreign = [], [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append("uncaught: {}".format(e)))
        page.on("response", lambda r: r.status >= 400 and self.failed.append("{} {}".format(r.status, r.url)))
        page.on("request", lambda r: not r.url.startswith((origin, "data:", "blob:", "about:"))
                and self.foreign.append(r.url))

    def check(self):
        assert not self.failed, "HTTP errors: {}".format(self.failed)
        assert not self.foreign, "requests left the origin: {}".format(self.foreign)
        assert not self.errors, "console errors: {}".format(self.errors)


def first_visit(page, url, timeout=60000):
    """Open the app online and wait until the service worker has stored it and controls the page."""
    page.goto(url)
    wait_idle(page, timeout)
    page.wait_for_function(STORED, timeout=timeout)


def reload_offline(page, timeout=60000):
    page.context.set_offline(True)
    page.reload()
    wait_idle(page, timeout)  # PyScript, MicroPython and anne/ all from the cache


def test_offline_after_one_visit_runs_eight_trains_and_restarts_python(page, dist_site):
    _, url = dist_site
    origin = url.split("/~")[0]
    watch = Watch(page, origin)
    first_visit(page, url)
    assert accuracy(page) == "90 %"
    assert page.get_by_test_id("offline-notice").get_attribute("data-message") == "offline.ready"
    version = page.evaluate("() => document.querySelector('meta[name=anne-service-worker]').dataset.version")
    assert page.evaluate("async () => await caches.keys()") == ["anne-playground-" + version]
    watch.check()  # no 404 anywhere in the hashed dist, under the sub-path

    reload_offline(page)
    assert accuracy(page) == "90 %", "preset eight, offline"
    assert page.evaluate("() => crossOriginIsolated"), "COOP/COEP come from the cache too"
    # training, offline
    page.fill("#epochs", "20")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => document.querySelector('#train-status').textContent.startsWith('Trained 20 epochs')",
                           timeout=60000)
    wait_idle(page)
    assert page.evaluate("() => window.playground.curve.length") == 20
    # Stop ends a runaway loop by starting a fresh worker: that one loads from the cache too
    good = code(page)
    set_code(page, good + "\nwhile True:\n    pass\n")
    page.wait_for_function("() => window.playground.runInFlight && performance.now() - window.playground.runStarted > 300",
                           timeout=20000)
    page.get_by_test_id("stop").click()
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Stopped')",
                           timeout=10000)
    set_code(page, good)
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Ran in')",
                           timeout=60000)
    wait_idle(page)
    assert accuracy(page) == "90 %"
    # Offline, failed fetches would be console errors: there are none.
    assert not watch.errors, watch.errors


def test_send_to_pico_works_offline(page, dist_site, dist_build, fake_serial_script):
    _, url = dist_site
    # The fake board runs the dist's own (hashed, cached) MicroPython.
    options = {"micropythonUrl": dist_setup.interpreter_url(dist_build[1], url)}
    page.add_init_script(script="globalThis.__fakeBoardOptions = {};".format(json.dumps(options)))
    page.add_init_script(script=fake_serial_script)
    watch = Watch(page, url.split("/~")[0])
    first_visit(page, url)
    reload_offline(page)
    page.wait_for_function("() => window.picoPanel", timeout=10000)
    page.get_by_test_id("pico-run-after").check()
    page.get_by_test_id("send-to-pico").click()
    page.wait_for_function("() => window.picoPanel.actions > 0 && window.picoPanel.busy === null", timeout=90000)
    message = page.get_by_test_id("pico-message").inner_text()
    assert "Copied" in message, message
    assert "accuracy: 0.90 (18 of 20)" in page.get_by_test_id("pico-console").inner_text()
    files = page.evaluate("() => Object.keys(window.picoPanel.lastFiles)")
    assert "anne/model.py" in files and "main.py" in files
    assert not watch.errors, watch.errors


def test_a_new_deploy_replaces_the_cache_and_the_page_offers_to_reload(page, dist_site, dist_build, tmp_path):
    server, url = dist_site
    build, first = dist_build
    # The next deploy: a changed stylesheet (a new hashed name) and a changed anne-free glue file.
    changed = dist_setup.variant(build, str(tmp_path / "build2"),
                                 {"css/app.css": "\n/* deploy 2 */\n", "py/worker.py": "\n# deploy 2\n"})
    second = str(tmp_path / "dist2")
    manifest = dist_setup.make_dist(changed, second)
    watch = Watch(page, url.split("/~")[0])
    first_visit(page, url)
    old = page.evaluate("() => window.offline.version")
    assert old != manifest["version"]

    server.RequestHandlerClass.root = second  # deployed
    page.evaluate("() => window.offline.registration.update()")
    notice = page.get_by_test_id("offline-notice")
    page.wait_for_function("() => document.querySelector('[data-testid=offline-notice]')?.dataset.message === 'offline.update'",
                           timeout=60000)
    assert "new version" in notice.inner_text()
    page.select_option("#language", "de")
    page.wait_for_function("() => /neue Version/.test(document.querySelector('[data-testid=offline-notice]').textContent)")
    assert page.evaluate("() => window.offline.version") == old, "nothing changes before the visitor says so"
    with page.expect_navigation():
        page.get_by_test_id("offline-reload").click()
    wait_idle(page, 60000)
    page.wait_for_function(STORED, timeout=60000)
    assert page.evaluate("() => window.offline.version") == manifest["version"]
    assert page.evaluate("async () => await caches.keys()") == ["anne-playground-" + manifest["version"]]
    sheet = manifest["renamed"]["css/app.css"]
    assert page.evaluate("() => [...document.styleSheets].some(s => s.href && s.href.endsWith({}))".format(json.dumps(sheet)))
    assert page.evaluate("() => document.querySelector('[data-testid=offline-notice]')") is None
    assert accuracy(page) == "90 %"
    # The new version works offline as a whole.
    reload_offline(page)
    assert accuracy(page) == "90 %"
    assert not watch.failed and not watch.errors, (watch.failed, watch.errors)

# cpython-only
"""The Python side of the playground in real Chromium: training, Stop, runaway code, and
that the browser runs the repository's own anne/ (issue 5)."""
import json
import os
import threading

import pytest

from playground_helpers import accuracy, code, set_code, status, wait_idle

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _percent(text):
    return float(text.replace("%", "").strip())


def test_training_improves_accuracy_and_draws_the_loss_curve(playground):
    page = playground
    page.select_option("#preset", "blank")
    wait_idle(page)
    before = _percent(accuracy(page))
    page.fill("#epochs", "60")
    page.fill("#lr", "0.1")
    page.select_option("#optimizer", "sgd")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => document.querySelector('#train-status').textContent.startsWith('Trained 60 epochs')",
                           timeout=60000)
    wait_idle(page)
    after = _percent(accuracy(page))
    assert after > before, (before, after)
    assert after >= 85
    assert page.locator("#curve .loss-line").get_attribute("d").count("L") >= 50
    assert page.evaluate("() => window.playground.curve.length") == 60
    # the trained weights go into the code: running it gives the trained network exactly
    trained = page.evaluate("() => window.playground.view.outputs")
    page.get_by_role("button", name="Weights → code").click()
    page.wait_for_function("() => window.playground.editor.text().includes('Trained in the browser: 60 epochs')")
    page.wait_for_function("() => window.playground.runInFlight")
    wait_idle(page)
    assert page.evaluate("() => window.playground.view.outputs") == trained
    assert accuracy(page) == "{:g} %".format(after)
    assert page.get_by_role("button", name="Weights → code").is_disabled()


def test_a_200_epoch_training_goes_in_slices_and_keeps_the_heap_small(playground):
    # MicroPython-WASM collects garbage only between calls: one 200-epoch call left ~78 MB of
    # garbage on the heap (measured with slice=0); in slices of 10 epochs it is ~4 MB.
    page = playground
    page.fill("#epochs", "200")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => document.querySelector('#train-status').textContent.startsWith('Trained 200 epochs')",
                           timeout=120000)
    wait_idle(page)
    training = page.evaluate("() => window.playground.view.training")
    memory = page.evaluate("() => window.playground.python.call('memory', {})")
    assert training["epochs_done"] == 200 and training["calls"] == 20, training
    assert training["heap_max"] < 8 * 1024 * 1024, training  # the garbage of one slice at most
    assert memory["alloc"] < 1024 * 1024, memory  # and nothing of it stays
    assert page.evaluate("() => window.playground.curve.length") == 200


def test_stop_ends_training_and_keeps_what_it_learned(playground):
    page = playground
    page.select_option("#preset", "blank")
    wait_idle(page)
    page.fill("#epochs", "5000")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => window.playground.curve.length >= 5", timeout=30000)
    page.get_by_test_id("stop").click()
    page.wait_for_function("() => !window.playground.training && window.playground.lastStop", timeout=5000)
    stop = page.evaluate("() => window.playground.lastStop")
    # Training listens to Stop ("stopped": the trained model stays); on a machine too busy
    # to finish the epoch and its pictures in time, the worker is terminated instead.
    assert stop["how"] in ("stopped", "terminated") and stop["ms"] < 1000, stop
    assert page.locator("#train-status").inner_text().startswith("Stopped after")
    wait_idle(page)
    assert page.get_by_test_id("stop").is_disabled()
    assert page.get_by_test_id("train").is_enabled()


def test_an_endless_loop_is_stopped_within_a_second_and_the_page_keeps_working(playground):
    page = playground
    good = code(page)
    set_code(page, good + "\nwhile True:\n    pass\n")
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Still running')",
                           timeout=10000)
    assert page.evaluate("() => 1 + 1") == 2, "the page itself must stay responsive"
    page.get_by_test_id("stop").click()
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Stopped')"
                           " && window.playground.lastStop", timeout=5000)
    stop = page.evaluate("() => window.playground.lastStop")
    assert stop["how"] == "terminated" and stop["ms"] < 1000, stop
    assert "while True" in code(page), "stopping never loses the student's code"
    # a fresh Python runs the next good code
    set_code(page, good)
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Ran in')",
                           timeout=20000)
    wait_idle(page)
    assert accuracy(page) == "90 %"


def test_escape_stops_a_runaway_program_too(playground):
    page = playground
    set_code(page, code(page) + "\nwhile True:\n    pass\n")
    page.wait_for_function("() => window.playground.runInFlight && performance.now() - window.playground.runStarted > 300")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Stopped')",
                           timeout=5000)


def test_the_browser_runs_the_repository_s_anne_byte_for_byte(playground):
    page = playground
    config = json.loads(page.evaluate("async () => (await fetch('pyscript.json')).text()"))
    assert config["interpreter"] == "./vendor/micropython/micropython.mjs", "MicroPython from our own origin"
    shipped = {target for target in config["files"].values() if target.startswith("anne/")}
    in_repo = {"anne/" + n for n in os.listdir(os.path.join(ROOT, "anne"))
               if os.path.isfile(os.path.join(ROOT, "anne", n)) and not n.endswith((".pyc", ".mpy"))}
    assert shipped == in_repo - {"anne/__main__.py"}, "every anne/ file (but the host CLI) goes to the browser"
    # Read the files back from the worker's own filesystem: what MicroPython imports.
    reply = page.evaluate("async (names) => await window.playground.python.worker.sync.read_files(names)",
                          json.dumps(sorted(shipped)))
    files = json.loads(reply)
    for name in sorted(shipped):
        with open(os.path.join(ROOT, name), "rb") as f:
            assert bytes.fromhex(files[name]) == f.read(), name + " differs in the browser"
    assert page.evaluate("async () => await window.playground.python.worker.sync.read_files('[]')") == "{}"


def test_the_worker_is_micropython_in_a_web_worker(playground):
    page = playground
    assert page.evaluate("() => window.playground.python.worker instanceof Worker")
    set_code(page, code(page) + "\nimport sys\nassert sys.implementation.name == 'micropython', sys.implementation\n")
    page.wait_for_function("() => document.querySelector('[data-testid=status]').textContent.includes('Ran in')")
    assert "Ran in" in status(page)


@pytest.fixture
def site_without_isolation():
    """The same site served without COOP/COEP (a host that ignores netlify.toml)."""
    from browser_setup import BUILD
    import serve

    class WithoutIsolation:
        def send_header(self, name, value):
            if name not in ("Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy"):
                super().send_header(name, value)

    server = serve.make_server(BUILD, port=0, quiet=True)
    server.RequestHandlerClass = type("PlainSite", (WithoutIsolation, server.RequestHandlerClass), {})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:{}/".format(server.server_port)
    server.shutdown()
    server.server_close()


def test_without_cross_origin_isolation_training_still_reports_and_stops(page, served_site, site_without_isolation):
    page.goto(site_without_isolation + "#preset=blank&epochs=3000")
    wait_idle(page)
    assert page.evaluate("crossOriginIsolated") is False
    page.get_by_test_id("train").click()
    page.wait_for_function("() => window.playground.curve.length >= 5", timeout=30000)  # progress by postMessage
    page.get_by_test_id("stop").click()
    page.wait_for_function("() => window.playground.lastStop", timeout=5000)
    stop = page.evaluate("() => window.playground.lastStop")
    # Training goes in slices of a few epochs: Stop ends it at the next slice ("stopped"), or,
    # when a slice takes too long on a busy machine, by terminating the worker.
    assert stop["how"] in ("stopped", "terminated") and stop["ms"] < 1000, stop
    page.wait_for_function("() => document.querySelector('#train-status').textContent.startsWith('Stopped after')")

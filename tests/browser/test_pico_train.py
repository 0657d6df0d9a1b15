# cpython-only
"""Train on the Pico in real Chromium, against the fake board (tests/fakes/: a real MicroPython
REPL, in float64 like the browser): the board trains with anne's fit, the page draws every epoch
beside the browser's own curve, Stop keeps the last complete epoch, and the board's model.json
(read here from the fake board itself, not through the transport) is the network the page shows.
The expected weights come from anne's fit on CPython."""
import json

import pytest

from anne import datasets, io, metrics
from playground_helpers import wait_idle
from test_pico import board_file, message, open_page


@pytest.fixture
def pico(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script)
    yield page
    assert not watch.errors, "console errors: {}".format(watch.errors)


def settings(page, epochs, lr="0.01", optimizer="adam"):
    for field, value in (("epochs", str(epochs)), ("lr", lr)):
        page.fill("#" + field, value)
        page.dispatch_event("#" + field, "change")
    page.select_option("#optimizer", optimizer)


def train(page, timeout=90000):
    before = page.evaluate("() => window.picoPanel.actions")
    page.get_by_test_id("pico-train").click()
    page.wait_for_function("(n) => window.picoPanel.actions > n", arg=before, timeout=timeout)
    return page.evaluate("() => window.picoPanel.training.last")


def cpython_fit(page, epochs):
    """The page's code trained on CPython with the page's settings -> the model."""
    code = page.evaluate("() => window.playground.project.code")
    s = page.evaluate("() => window.playground.state")
    namespace = {"print": lambda *a, **k: None}
    exec(code, namespace)
    model = namespace["model"]
    X, y, _, _ = datasets.iris_paper()
    model.fit(X, y, epochs=epochs, lr=s["lr"], optimizer=s["optimizer"], batch_size=s["batch"], seed=s["seed"])
    return model


def layers(model_dict):
    return [(layer["kernel"], layer["bias"]) for layer in model_dict["layers"]]


def largest_difference(a, b):
    flat = lambda v: [x for item in v for x in (flat(item) if isinstance(item, (list, tuple)) else [item])]  # noqa: E731
    a, b = flat(a), flat(b)
    assert len(a) == len(b)
    return max(abs(x - y) for x, y in zip(a, b))


def test_the_board_trains_every_epoch_beside_the_browser_and_the_page_shows_its_network(pico):
    settings(pico, 60)
    last = train(pico)
    assert last["kind"] == "done", (last, message(pico))
    board = pico.evaluate("() => window.picoPanel.training.board")
    browser = pico.evaluate("() => window.picoPanel.training.browser")
    assert [e["epoch"] for e in board] == list(range(1, 61))  # every epoch on the board's curve
    assert [e["epoch"] for e in browser] == list(range(1, 61))
    # Same seed, same PRNG, same initial weights, float64 on both sides.
    assert last["largest"] <= 1e-12, last
    assert "60 of 60" in pico.get_by_test_id("pico-train-stats").inner_text()
    assert "Trained 60 epochs on the Pico" in message(pico)
    # The board's network is the project's now, and every picture shows it.
    trained = pico.evaluate("() => window.playground.project.trained")
    assert trained["from"] == "pico" and trained["epochs"] == 60 and len(trained["history"]) == 60
    pico.wait_for_function("() => window.playground.view.network_source === 'trained'", timeout=15000)
    wait_idle(pico)
    assert "trained on the Pico" in pico.get_by_test_id("network-source").inner_text()
    on_board = json.loads(board_file(pico, "/model.json"))
    assert on_board["about"]["training"]["from"] == "pico"
    assert layers(on_board) == layers(trained["model"])
    assert largest_difference(layers(on_board), layers(cpython_fit(pico, 60).to_dict())) <= 1e-12
    # The saved model.json loads and gives the accuracy the page shows.
    _, _, X_test, y_test = datasets.iris_paper()
    accuracy = metrics.accuracy(y_test, io.loads(json.dumps(on_board)).predict(X_test))
    assert pico.evaluate("() => window.playground.view.accuracy") == accuracy
    shown = pico.get_by_test_id("accuracy").inner_text()
    assert shown.startswith(str(round(accuracy * 100))), (shown, accuracy)
    assert not [p for p in pico.evaluate("() => window.__fakeSerial.port.board.listPaths()") if p.endswith(".tmp")]


def test_stop_keeps_the_weights_of_the_last_complete_epoch(pico):
    settings(pico, 3000)
    pico.evaluate("""() => {
      const training = window.picoPanel.training, show = training.showStats.bind(training);
      training.showStats = () => {
        show();
        if (training.board.length >= 5 && !window.stopped) {
          window.stopped = true;
          document.querySelector('[data-testid=pico-stop]').click();
        }
      };
    }""")
    last = train(pico)
    assert last["kind"] == "stopped", (last, message(pico))
    kept = last["epochs"]
    assert 5 <= kept < 3000
    assert "epoch {}".format(kept) in message(pico)
    trained = pico.evaluate("() => window.playground.project.trained")
    assert trained["epochs"] == kept and trained["from"] == "pico"
    assert [e["epoch"] for e in trained["history"]] == list(range(1, kept + 1))
    on_board = json.loads(board_file(pico, "/model.json"))
    assert on_board["about"]["training"]["epochs"] == kept
    assert largest_difference(layers(on_board), layers(cpython_fit(pico, kept).to_dict())) <= 1e-12
    # The browser's curve went as far as the board (and no further than it needed).
    assert pico.evaluate("() => window.picoPanel.training.browser.length") >= kept


def test_unplug_while_training_leaves_the_project_and_the_boards_model_json_intact(pico):
    settings(pico, 3000)
    before = send_first(pico)
    pico.evaluate("""() => {
      const training = window.picoPanel.training, show = training.showStats.bind(training);
      training.showStats = () => {
        show();
        if (training.board.length >= 3 && !window.unpluggedAt) {
          window.unpluggedAt = performance.now();
          window.__fakeSerial.port.unplug();
        }
      };
    }""")
    pico.get_by_test_id("pico-train").click()
    pico.wait_for_function("() => window.unpluggedAt", timeout=60000)
    pico.wait_for_function("() => /unplugged/.test(document.querySelector('[data-testid=pico-message]').textContent)",
                           timeout=2000)
    assert pico.evaluate("() => performance.now() - window.unpluggedAt") < 2000
    assert pico.get_by_test_id("pico-message").get_attribute("role") == "alert"
    pico.wait_for_function("() => window.picoPanel.busy === null", timeout=10000)
    assert pico.evaluate("() => window.playground.project.trained") is None  # the browser's project as it was
    assert board_file(pico, "/model.json") == before  # the board's model.json as it was
    assert pico.evaluate("() => window.playground.view.network_source") == "code"


def send_first(page):
    """Send the project (its model.json: the code's network) -> that model.json's bytes."""
    page.get_by_test_id("pico-run-after").uncheck()
    before = page.evaluate("() => window.picoPanel.actions")
    page.get_by_test_id("send-to-pico").click()
    page.wait_for_function("(n) => window.picoPanel.actions > n", arg=before, timeout=60000)
    assert "Copied" in message(page), message(page)
    return board_file(page, "/model.json")


def test_too_little_heap_is_refused_with_advice_before_training(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script,
                      before="globalThis.__fakeBoardOptions = {heap: {free: 8000}};")
    settings(page, 50)
    last = train(page)
    assert last["kind"] == "refused", last
    text = message(page)
    assert "7.8 KB of memory free" in text and "sgd" in text and "smaller network" in text, text
    assert page.evaluate("() => window.picoPanel.training.board.length") == 0
    assert page.evaluate("() => window.playground.project.trained") is None
    sent = page.evaluate("() => Array.from(window.picoPanel.lastFiles['model.json'])")
    assert board_file(page, "/model.json") == bytes(sent)  # what Send put there, untouched
    assert not watch.errors, watch.errors


def test_the_training_part_of_the_panel_speaks_german(pico):
    pico.select_option("#language", "de")
    assert pico.get_by_test_id("pico-train").inner_text() == "Auf dem Pico trainieren"
    assert pico.get_by_test_id("pico-legend-browser").text_content() == "Browser (float64)"
    pico.evaluate("() => window.picoPanel.sayKey('ok', 'pico.train_stopped', {epochs: 7})")
    pico.select_option("#language", "en")
    assert message(pico).startswith("Stopped: the Pico kept the weights of epoch 7")

# cpython-only
"""One network, everywhere: the student's project (code, edited anne/ modules, trained network)
is what every part of the page shows and uses: the pictures, Check, Share, Send to Pico (a
fake navigator.serial whose board is a real MicroPython REPL), Download for Pico and
`python -m anne export`, in real Chromium."""
import io
import json
import os
import subprocess
import sys
import zipfile

from conftest import PageWatch
from playground_helpers import code, set_code, status, wait_idle
from test_pico import board_file, console_text, open_page, send

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELU = "    return [v if v > 0 else 0.0 for v in x]\n"
LEAKY = "    return [v if v > 0 else 0.1 * v for v in x]  # my leaky relu\n"


def train(page, epochs, timeout=60000):
    page.fill("#epochs", str(epochs))
    page.dispatch_event("#epochs", "change")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => !window.playground.training && window.playground.project.trained", timeout=timeout)
    wait_idle(page)


def edited(page, text):
    """Set the shown file's text and wait for the run it starts."""
    renders = page.evaluate("() => window.playground.runCount")
    set_code(page, text)
    page.wait_for_function("(n) => window.playground.runCount > n", arg=renders, timeout=15000)
    wait_idle(page)


def source(page):
    return page.get_by_test_id("network-source").inner_text()


def project(page):
    return page.evaluate("() => window.playground.snapshot()")


def open_module(page, name):
    page.evaluate("(n) => window.playground.openFile(n)", name)
    page.wait_for_function("(n) => window.playground.editor.file === n", arg=name)


def edit_relu(page):
    open_module(page, "anne/activations.py")
    text = code(page)
    assert RELU in text
    edited(page, text.replace(RELU, LEAKY, 1))
    page.evaluate("() => window.playground.openFile('exercise.py')")


def check(page):
    page.get_by_test_id("check").click()
    page.wait_for_function("() => ['passed', 'failed'].includes("
                           "document.querySelector('[data-testid=check-result]').dataset.state)", timeout=60000)
    return (page.get_by_test_id("check-result").get_attribute("data-state"),
            page.get_by_test_id("check-result").inner_text())


def test_train_then_check_passes_and_the_pico_runs_the_trained_network(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script)
    page.select_option("#preset", "train")
    wait_idle(page)
    assert source(page) == "Shown: the network your code makes."
    assert check(page)[0] == "failed"  # the start code's single epoch is not enough
    train(page, 200)
    assert source(page).startswith("Shown: the network trained in the browser (200 epochs, adam, lr 0.001)")
    trained = project(page)["trained"]
    assert trained["from"] == "browser" and trained["epochs"] == 200
    state, text = check(page)
    assert state == "passed", text
    assert "network trained in the page (200 epochs, adam)" in text
    accuracy = page.get_by_test_id("accuracy").inner_text()

    send(page)
    assert "accuracy: %.2f" % (int(accuracy.split()[0]) / 100) in console_text(page), console_text(page)
    board_model = json.loads(board_file(page, "/model.json"))
    assert board_model["layers"] == trained["model"]["layers"]
    assert board_model["about"]["network"] == "trained"
    compared = page.evaluate("() => window.picoPanel.lastCompare")
    assert compared["rows"] == 20 and compared["largest"] <= 1e-5
    verdict = page.get_by_test_id("pico-compare-verdict").inner_text()
    assert verdict.startswith("The Pico runs the network the page showed"), verdict
    assert not watch.errors, watch.errors

    # The trained network is part of the project: a reload shows it again, Check still passes.
    page.reload()
    wait_idle(page, 60000)
    assert source(page).startswith("Shown: the network trained in the browser (200 epochs")
    assert page.get_by_test_id("accuracy").inner_text() == accuracy
    assert project(page)["trained"]["model"] == trained["model"]
    assert check(page)[0] == "passed"


def test_an_edit_after_training_starts_from_the_code_and_undo_brings_the_training_back(playground):
    page = playground
    page.select_option("#preset", "six")
    wait_idle(page)
    untrained = page.evaluate("() => window.playground.view.outputs")
    page.fill("#lr", "0.05")
    train(page, 30)
    trained = page.evaluate("() => window.playground.view.outputs")
    assert trained != untrained
    assert not page.get_by_test_id("weights-to-code").is_disabled()
    edited(page, code(page) + "# a comment\n")
    assert page.get_by_test_id("network-source").get_attribute("data-source") == "code"
    assert "the trained network is set aside" in source(page)
    assert page.evaluate("() => window.playground.view.outputs") == untrained
    assert project(page)["trained"] is None
    assert page.get_by_test_id("weights-to-code").is_disabled()
    renders = page.evaluate("() => window.playground.runCount")
    page.get_by_test_id("undo-trained").click()
    page.wait_for_function("(n) => window.playground.runCount > n"
                           " && document.querySelector('[data-testid=network-source]').dataset.source === 'trained'",
                           arg=renders)
    wait_idle(page)
    assert not code(page).endswith("# a comment\n")
    assert page.evaluate("() => window.playground.view.outputs") == trained
    # Weights -> code: the code then makes the trained network itself.
    renders = page.evaluate("() => window.playground.runCount")
    page.get_by_test_id("weights-to-code").click()
    page.wait_for_function("(n) => window.playground.runCount > n"
                           " && document.querySelector('[data-testid=network-source]').dataset.source === 'code'",
                           arg=renders)
    wait_idle(page)
    assert "set aside" not in source(page)
    assert page.evaluate("() => window.playground.view.outputs") == trained


def test_an_edit_during_training_stops_it_at_once_and_says_so(playground):
    page = playground
    page.fill("#lr", "0.01")
    page.fill("#epochs", "5000")
    page.dispatch_event("#epochs", "change")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => window.playground.curve.length >= 20", timeout=30000)
    started = page.evaluate("() => performance.now()")
    set_code(page, code(page) + "# changed while training\n")
    page.wait_for_function("() => !window.playground.training", timeout=5000)
    stopped_ms = page.evaluate("(t) => performance.now() - t", started)
    assert stopped_ms < 1500, stopped_ms
    assert page.locator("#train-status").inner_text().startswith("Training stopped: you changed the code")
    wait_idle(page)
    assert project(page)["trained"] is None
    assert source(page).startswith("Shown: the network your code makes")
    assert page.evaluate("() => window.playground.curve.length") < 5000


def test_during_training_every_panel_shows_the_weights_of_the_same_report(playground):
    page = playground
    page.evaluate("""() => {
      const p = window.playground, render = p.render.bind(p);
      window.seen = [];
      p.render = (view) => {
        render(view);
        if (!p.training) return;
        const cells = [...document.querySelectorAll('#confusion td')].map((td) => Number(td.textContent));
        window.seen.push({grid: view.grid.n, accuracy: view.accuracy, confusion: view.confusion.flat(), cells,
          big: document.querySelector('#accuracy').textContent, train: document.querySelector('#train-accuracy').textContent,
          trainAccuracy: view.train_accuracy, sample: view.trace.sample, weights: JSON.stringify(view.network.layers[0].kernel)});
      };
    }""")
    page.fill("#lr", "0.05")
    train(page, 300)
    seen = page.evaluate("() => window.seen")
    progress = [s for s in seen if s["grid"] == 12]  # session._PROGRESS_GRID: the reports during training
    assert len(progress) >= 3, seen
    assert len({s["weights"] for s in progress}) >= 3  # the weights change from report to report
    for s in progress:
        assert s["cells"] == s["confusion"]
        assert s["big"] == "%g %%" % round(s["accuracy"] * 100, 1)
        assert s["train"] == "%g %%" % round(s["trainAccuracy"] * 100, 1)
        assert sum(s["confusion"][::3]) == round(s["accuracy"] * 20)  # the diagonal: the same report


def test_a_link_carries_edited_modules_and_the_trained_network(playground, browser):
    page = playground
    edit_relu(page)
    page.fill("#lr", "0.05")
    train(page, 20)
    sent = project(page)
    assert list(sent["modules"]) == ["anne/activations.py"]
    outputs = page.evaluate("() => window.playground.view.outputs")
    accuracy = page.get_by_test_id("accuracy").inner_text()
    page.get_by_test_id("share").click()
    link = page.get_by_test_id("share-url").input_value()
    assert "#v2." in link

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        other = context.new_page()
        watch = PageWatch(other)
        other.goto(link)
        other.wait_for_function("() => window.playground && window.playground.data && !window.playground.python.busy"
                                " && window.playground.editor.loaded")
        assert other.evaluate("() => window.playground.runCount") == 0  # shown, not run
        got = project(other)
        assert got["code"] == sent["code"] and got["modules"] == sent["modules"]
        assert got["trained"]["model"] == sent["trained"]["model"]
        other.get_by_test_id("run").click()
        wait_idle(other)
        assert other.evaluate("() => window.playground.view.outputs") == outputs
        assert other.get_by_test_id("accuracy").inner_text() == accuracy
        assert source(other).startswith("Shown: the network trained in the browser (20 epochs")
        assert not watch.errors, watch.errors

        # The same link pasted into a tab that already has the playground open.
        fresh = context.new_page()
        fresh.goto(link.split("#")[0] + "#preset=six")
        wait_idle(fresh)
        fresh.evaluate("(hash) => { location.hash = hash; }", "#" + link.split("#", 1)[1])
        fresh.wait_for_function("() => window.playground.project.trained !== null", timeout=15000)
        assert project(fresh)["modules"] == sent["modules"] and project(fresh)["code"] == sent["code"]
        assert "Nothing has run yet" in fresh.get_by_test_id("link-notice").inner_text()
        fresh.get_by_test_id("run").click()
        wait_idle(fresh)
        assert fresh.evaluate("() => window.playground.view.outputs") == outputs
    finally:
        context.close()


def zip_files(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return dict((info.filename, archive.read(info)) for info in archive.infolist())


def test_download_equals_the_boards_files_and_the_cli_export_and_opens_again(page, served_site, fake_serial_script,
                                                                             tmp_path):
    watch = open_page(page, served_site, fake_serial_script)
    edit_relu(page)
    edited(page, code(page) + "# Grüße 🌼\n")
    page.fill("#lr", "0.05")
    train(page, 10)
    with page.expect_download() as caught:
        page.get_by_test_id("pico-download").click()
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(str(path))
    assert path.name == "anne-eight.zip"
    files = zip_files(path.read_bytes())
    assert sorted(n for n in files if not n.startswith("anne/")) == ["README.txt", "main.py", "model.json"]
    assert files["anne/activations.py"].decode().count(LEAKY) == 1

    # What the fake board receives: the same bytes, file by file (README.txt stays on the computer).
    send(page, run=False)
    for name, data in files.items():
        if name != "README.txt":
            assert board_file(page, "/" + name) == data, name
    assert sorted(p.lstrip("/") for p in page.evaluate("() => window.__fakeSerial.port.board.listPaths()")
                  if not p.endswith("/")) == sorted(n for n in files if n != "README.txt")

    # What `python -m anne export` writes for that project: the same files again.
    out = tmp_path / "cli"
    proc = subprocess.run([sys.executable, "-m", "anne", "export", str(path), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    written = {}
    for folder, _, names in os.walk(out):
        for name in names:
            full = os.path.join(folder, name)
            with open(full, "rb") as f:
                written[os.path.relpath(full, out).replace(os.sep, "/")] = f.read()
    assert written == files

    # Open project: another student's page loads it, with its code, module and network.
    mine = project(page)
    page.evaluate("() => localStorage.clear()")
    page.reload()
    wait_idle(page, 60000)
    assert project(page)["modules"] == {}
    page.set_input_files("#model-file", str(path))
    page.wait_for_function("() => window.playground.project.trained !== null", timeout=20000)
    wait_idle(page)
    opened = project(page)
    for key in ("exercise", "code", "modules"):
        assert opened[key] == mine[key], key
    assert opened["trained"]["model"] == mine["trained"]["model"]
    assert "Opened anne-eight.zip" in page.get_by_test_id("link-notice").inner_text()
    with page.expect_download() as again:
        page.get_by_test_id("pico-download").click()
    assert zip_files(open(again.value.path(), "rb").read()) == files
    assert not watch.errors, watch.errors


def test_a_broken_module_is_named_reset_repairs_it_and_reload_keeps_other_work(playground):
    page = playground
    page.select_option("#preset", "six")
    wait_idle(page)
    six = code(page) + "# my work on six\n"
    edited(page, six)
    page.select_option("#preset", "eight")
    wait_idle(page)
    open_module(page, "anne/activations.py")
    lines = code(page).split("\n")
    at = lines.index(RELU.rstrip("\n"))
    lines[at] = "    return [v if v > 0 else zero for v in x]"  # zero is defined nowhere
    set_code(page, "\n".join(lines))
    page.wait_for_function("() => document.querySelector('[data-testid=status]').classList.contains('error')")
    text = status(page)
    assert text.startswith("Line %d of anne/activations.py: NameError" % (at + 1)), text
    assert "last good run" in text

    page.reload()
    page.wait_for_function("() => document.querySelector('[data-testid=status]').classList.contains('error')",
                           timeout=60000)
    text = status(page)
    assert "anne/activations.py" in text and "no pictures yet" in text and "last good run" not in text, text
    # Check names the module too.
    page.select_option("#preset", "net-eight")
    page.wait_for_function("() => document.querySelector('[data-testid=status]').classList.contains('error')")
    state, result = check(page)
    assert state == "failed" and "anne/activations.py" in result, result

    page.select_option("#preset", "eight")
    page.get_by_role("button", name="Reset to original").click()
    page.get_by_test_id("reset-dialog").wait_for(state="visible")
    assert "anne/activations.py" in page.locator("#reset-text").inner_text()
    page.get_by_test_id("reset-all").click()
    wait_idle(page)
    assert project(page)["modules"] == {}
    assert page.get_by_test_id("accuracy").inner_text() == "90 %"
    assert "anne/activations.py" in status(page)  # "... is back to the original"
    page.reload()
    wait_idle(page, 60000)
    assert project(page)["modules"] == {}
    page.select_option("#preset", "six")
    wait_idle(page)
    assert code(page) == six  # the other exercise's work survived all of it


def test_a_project_too_large_for_a_link_says_so_and_offers_the_download(playground):
    page = playground
    page.select_option("#preset", "blank")
    wait_idle(page)
    edited(page, "from anne import Dense, Sequential\n"
                 "model = Sequential([Dense(120, 'relu', input_dim=4), Dense(1, 'sigmoid')], seed=3)\n")
    train(page, 1)
    page.get_by_test_id("share").click()
    message = page.get_by_test_id("share-message")
    message.wait_for(state="visible")
    assert "too large for a link" in message.inner_text() and "Download for Pico (.zip)" in message.inner_text()
    assert page.get_by_test_id("share-url").is_hidden()
    with page.expect_download() as caught:
        page.get_by_test_id("share-download").click()
    assert caught.value.suggested_filename == "anne-blank.zip"

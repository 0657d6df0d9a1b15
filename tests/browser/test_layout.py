# cpython-only
"""The page on every screen from 360 px wide up, in English and German (issue 14): no sideways
scrolling, nothing past the screen's right edge, on narrow screens the code, the pictures and the
Pico one tap apart, touch targets of at least 44 px, and the network's layer names apart.

One page per language, resized through the sizes; each size (on narrow screens each view, the
bar's "More", and Help open) leaves a screenshot in
test-results/layout/<language>-<width>x<height>[-<view>|-more|-help].png to look at."""
import os

import pytest

from playground_helpers import wait_idle

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHOTS = os.path.join(ROOT, "test-results", "layout")
SIZES = [(360, 740), (390, 844), (768, 1024), (1024, 768), (1280, 800), (1920, 1080)]
NARROW = 900  # below this width the page shows one view at a time (site/css/app.css)
VIEWS = ["code", "pictures", "pico"]

# Every visible element whose box reaches past the screen's left or right edge, unless a box
# that scrolls or clips sideways (the editor's lines, the Pico console, a select's long text) and
# lies itself on the screen holds it: that one is meant to scroll inside its own box.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const off = (r) => r.left < -0.5 || r.right > width + 0.5;
  const heldBy = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && !off(p.getBoundingClientRect())) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.getAttribute('class') ? '.' + String(el.getAttribute('class')).trim().split(/\\s+/).join('.') : '')
    + (el.dataset && el.dataset.testid ? '[' + el.dataset.testid + ']' : '');
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (off(r) && !heldBy(el)) out.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, width, overflowing: out};
}"""

# Cut off inside the page: a control sticking out of its card or pane (the anne/ module menu
# at 1024 px did), or a picture's text outside its picture (a layer name, the training hint).
CUT = """() => {
  const out = [];
  const outside = (r, box) => r.left < box.left - 1 || r.right > box.right + 1;
  const shown = (el, r) => r.width && r.height && getComputedStyle(el).visibility !== 'hidden';
  for (const el of document.querySelectorAll('button, select, input, summary, label')) {
    const holder = el.closest('.card, .network-source, .pico-panel, .code-pane, header.bar, #view-tabs');
    const r = el.getBoundingClientRect();
    if (!holder || !shown(el, r) || el.closest('.cm-editor')) continue;
    if (outside(r, holder.getBoundingClientRect())) out.push((el.id || el.dataset.testid || el.textContent.trim().slice(0, 30)) + ' sticks out');
  }
  for (const text of document.querySelectorAll('#network text, #curve text, #plot svg text')) {
    const r = text.getBoundingClientRect();
    if (shown(text, r) && text.textContent && outside(r, text.closest('svg').getBoundingClientRect())) {
      out.push('"' + text.textContent + '" outside its picture');
    }
  }
  return out;
}"""

# Controls a finger must hit: at least 44 x 44 px (a checkbox counts with its label, which
# takes the tap too). CodeMirror's own gutter markers are left out: the keyboard does that.
SMALL_TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, select, input, summary, a[href]')) {
    if (el.closest('.cm-editor') || el.type === 'hidden' || el.type === 'file') continue;
    const box = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
    const r = box.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.width < 43.5 || r.height < 43.5) {
      out.push((el.id || el.dataset.testid || el.textContent.trim() || el.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
  }
  return out;
}"""

# The layer titles over the network ("softmax", "sigmoid") must not run together.
TITLES_OVERLAP = """() => {
  const svg = document.getElementById('network').getBoundingClientRect();
  const boxes = [...document.querySelectorAll('#network .titles text')].map((t) => [t.textContent, t.getBoundingClientRect()]);
  const out = [];
  boxes.forEach(([name, r], i) => {
    if (r.left < svg.left - 0.5 || r.right > svg.right + 0.5) out.push(name + ' outside the diagram');
    for (const [other, q] of boxes.slice(i + 1)) {
      if (r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom) out.push(name + ' touches ' + other);
    }
  });
  return out;
}"""

IN_VIEW = """(selector) => {
  const r = document.querySelector(selector).getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.top < window.innerHeight && r.right <= window.innerWidth + 0.5;
}"""


class Errors:
    """Console errors and uncaught exceptions: a resize must never cause one."""

    def __init__(self, page):
        self.errors = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append("uncaught: {}".format(e)))


def settle(page):
    """After a resize or a tab: the playground redraws its pictures 100 ms after a resize."""
    page.wait_for_timeout(250)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def shoot(page, name, problems, width):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name + ".png"))
    found = page.evaluate(OVERFLOWING)
    if found["scrollWidth"] > found["width"]:
        problems.append("{}: the page scrolls sideways ({} > {} px)".format(name, found["scrollWidth"], found["width"]))
    if found["overflowing"]:
        problems.append("{}: past the screen's edge: {}".format(name, found["overflowing"][:8]))
    cut = page.evaluate(CUT)
    if cut:
        problems.append("{}: cut off: {}".format(name, cut[:8]))
    if width < NARROW:
        small = page.evaluate(SMALL_TARGETS)
        if small:
            problems.append("{}: touch targets under 44 px: {}".format(name, small[:10]))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_screen_size_fits_without_sideways_scrolling(page, served_site, lang):
    watch = Errors(page)
    page.add_init_script("localStorage.setItem('anne-playground/v1/language', '{}')".format(lang))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(served_site)
    wait_idle(page)
    page.wait_for_function("() => window.picoPanel", timeout=10000)
    assert page.evaluate("() => document.documentElement.lang") == lang
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        settle(page)
        size = "{}-{}x{}".format(lang, width, height)
        if width >= NARROW:
            assert page.locator("#view-tabs").is_hidden(), size
            shoot(page, size, problems, width)
            for selector in ("#editor", "#plot", "#network", "#help-button", "#language"):
                if not page.evaluate(IN_VIEW, selector):
                    problems.append("{}: {} is not on the first screen".format(size, selector))
        else:
            # One tap from the code to the pictures and to the Pico, and back.
            for view in VIEWS:
                page.locator("#view-{}".format(view)).click()
                settle(page)
                shoot(page, "{}-{}".format(size, view), problems, width)
                shown = {"code": "#editor", "pictures": "#plot", "pico": "[data-testid=send-to-pico]"}[view]
                if not page.evaluate(IN_VIEW, shown):
                    problems.append("{}-{}: {} is not on the screen after one tap".format(size, view, shown))
            page.locator("#view-code").click()
            # Phones fold the bar's other controls behind "More": one tap shows them, nothing cut.
            if page.locator("#bar-more-button").is_visible():
                page.locator("#bar-more-button").click()
                settle(page)
                shoot(page, size + "-more", problems, width)
                for selector in ("#help-button", "#language", "#share", "#reset"):
                    if not page.evaluate(IN_VIEW, selector):
                        problems.append("{}: {} is not on the screen after More".format(size, selector))
                page.locator("#bar-more-button").click()
            else:
                for selector in ("#help-button", "#language"):
                    if not page.evaluate(IN_VIEW, selector):
                        problems.append("{}: {} is not on the first screen".format(size, selector))
            page.locator("#view-pictures").click()
            settle(page)
        # Help over the page: a dialog no wider than the screen.
        page.evaluate("() => document.getElementById('help').showModal()")
        shoot(page, size + "-help", problems, width)
        page.keyboard.press("Escape")
        overlapping = page.evaluate(TITLES_OVERLAP)
        if overlapping:
            problems.append("{}: network titles: {}".format(size, overlapping))
        if width < NARROW:
            page.locator("#view-code").click()
    assert not problems, "\n".join(problems)
    assert not watch.errors, watch.errors


def test_narrow_tabs_are_toggle_buttons_and_the_pictures_follow_the_code(page, served_site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served_site)
    wait_idle(page)
    tabs = page.locator("#view-tabs button")
    assert tabs.count() == 3
    assert page.locator("#view-code").get_attribute("aria-pressed") == "true"
    assert page.locator("#plot").is_hidden()
    page.locator("#view-pictures").click()
    assert page.locator("#view-pictures").get_attribute("aria-pressed") == "true"
    assert page.locator("#view-code").get_attribute("aria-pressed") == "false"
    assert page.locator("#editor").is_hidden()
    # Drawn at the size it is shown at (it was drawn hidden first): the map fills its card.
    page.wait_for_function("() => document.querySelector('#plot svg').getBoundingClientRect().width"
                           " > document.querySelector('#plot').getBoundingClientRect().width - 2", timeout=5000)
    # Back on a wide screen every view is there again, whichever tab was chosen.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("#editor").is_visible() and page.locator("#plot").is_visible()
    assert page.locator("#view-tabs").is_hidden()

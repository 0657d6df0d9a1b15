# cpython-only
"""Every word of the interface in German: one walk through the page in German (every panel,
dialog, message and tooltip: the start, Help, an exercise and its Check, training, an error,
the set-aside network, the field errors, the share box, a link, Open…, Reset, the narrow
layout's tabs, Send to Pico with its table, a busy port, Train on the Pico), and every text a
student sees (text, title, aria-label, options, the pictures' tooltips) must come from the
German table (site/i18n/de.json, the exercises' German texts), or be language-neutral
(numbers, names of files, flowers, activations). Code, what programs print, and the exercises'
check results (German, tested in tests/test_exercises.py) are not interface."""
import json
import os
import re

from playground_helpers import code, set_code, wait_idle
from test_pico import open_page, send

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Not interface: code, program output, check results (see above).
SKIP = (".cm-editor", "#output", "#traceback", "[data-testid=pico-console]", "[data-testid=check-result]",
        "#tooltip", "[data-testid=pico-board]")  # (the last: the board's own name for itself)
# Words that are the same in German: names of things.
NEUTRAL_WORDS = {
    "AI-ANNE", "Playground", "English", "Deutsch", "Pico", "MicroPython", "Code", "lr", "x", "y",
    "versicolor", "virginica", "setosa", "kernel", "bias", "input_dim", "model", "exercise.py",
    "sgd", "momentum", "adam", "auto", "eight", "six", "Traceback", "Test", "float32", "float64",
    "Language / Sprache",  # the language menu's name is in both languages on purpose
}
NEUTRAL = re.compile(r"^[\s\d.,:;%+\-–−×·→↓↑/()#\[\]=<>≤≥'\"|*•✓▶■▾×…]*$")
FILENAME = re.compile(r"^[\w./-]+\.(py|json|zip|csv|txt|mpy)$")
ACTIVATIONS = {"linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign",
               "swish", "silu", "hard_sigmoid", "gelu", "leaky", "my_sigmoid"}


def german_patterns():
    """Regular expressions for every German text the page may show: the message templates (a
    placeholder matches anything), the element texts and attributes, and the exercises."""
    with open(os.path.join(ROOT, "site", "i18n", "de.json"), encoding="utf-8") as f:
        table = json.load(f)
    texts = list(table["messages"].values())
    texts += table["messages"]["net.short"].split(",")  # the diagram's input names, one each
    texts += [table["messages"]["feature.%d" % j].replace(" (cm)", "") for j in range(4)]  # the axis menus
    for entry in table["elements"]:
        texts += entry.get("texts", [])
        if "text" in entry:
            texts.append(entry["text"])
        texts += list(entry.get("attrs", {}).values())
        if "html" in entry:  # its text pieces, as the page shows them between tags
            texts += [part for part in re.split(r"<[^>]+>", entry["html"]) if part.strip()]
    folder = os.path.join(ROOT, "site", "exercises")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name, "exercise.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                meta = json.load(f)
            texts += [meta["title"]["de"], meta["explanation"]["de"]] + list(meta["hints"]["de"])
    patterns = []
    for text in texts:
        pieces = re.split(r"\{\w+\}", text.strip())
        patterns.append(r"\s*".join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces[:1]) +
                        "".join(r"(?:.+?)" + r"\s+".join(map(re.escape, piece.split())) for piece in pieces[1:]))
    return patterns


def neutral(text):
    if NEUTRAL.match(text) or FILENAME.match(text) or text in ACTIVATIONS or text in NEUTRAL_WORDS:
        return True
    words = re.findall(r"[^\s,;:()\[\]·→]+", text)
    return all(NEUTRAL.match(w) or FILENAME.match(w) or w in NEUTRAL_WORDS or w in ACTIVATIONS
               or re.match(r"^[\d.e+-]+$", w) or w.startswith(("anne/", "#", "kernel[")) for w in words)


class GermanCheck:
    def __init__(self):
        alternatives = "|".join("(?:%s)" % p for p in german_patterns())
        self.whole = re.compile(r"^\s*(?:%s)(?:\s+(?:%s))*\s*[.]?\s*$" % (alternatives, alternatives), re.S)
        self.foreign = {}

    def check(self, page, where):
        for text in page.evaluate(COLLECT, list(SKIP)):
            text = text.strip()
            if text and not neutral(text) and not self.whole.match(text):
                self.foreign.setdefault(text, where)

    def tooltip(self, page, where):
        for line in page.evaluate("() => [...document.querySelectorAll('#tooltip div')].map(d => d.textContent)"):
            line = line.strip()
            if line and not neutral(line) and not self.whole.match(line) and not re.match(r"^[\w ]+: [\d.]+$", line):
                self.foreign.setdefault(line, where + " (tooltip)")


# Every visible text node, and the names and tooltips of every visible element (options of a
# visible menu too), outside the skipped parts.
COLLECT = """(skip) => {
  const out = [];
  const skipped = (el) => skip.some((s) => el.closest(s));
  const visible = (el) => el.checkVisibility ? el.checkVisibility({checkVisibilityCSS: true}) : !!el.offsetParent;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skipped(el) || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
    if (!visible(el) && !el.closest('svg')) continue;
    if (el.closest('svg') && el.closest('[hidden]')) continue;
    out.push(n.data);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (skipped(el) || (!visible(el) && el.tagName !== 'svg')) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  for (const select of document.querySelectorAll('select')) {
    if (!visible(select) || skipped(select)) continue;
    for (const option of select.options) out.push(option.textContent);
    for (const group of select.querySelectorAll('optgroup')) out.push(group.label);
  }
  return out;
}"""


def hover(page, selector):
    box = page.locator(selector).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_every_word_of_the_page_is_german_in_german(browser, served_site, fake_serial_script, tmp_path):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
    german = GermanCheck()
    try:
        page = context.new_page()
        watch = open_page(page, served_site, fake_serial_script)
        assert page.evaluate("() => document.documentElement.lang") == "de"
        german.check(page, "start")

        page.get_by_role("button", name="Was ist das?").click()
        german.check(page, "Help")
        page.keyboard.press("Escape")

        # An exercise: its panel, a hint, a Check.
        page.select_option("#preset", "train")
        wait_idle(page)
        page.get_by_test_id("hint").click()
        page.get_by_test_id("check").click()
        page.wait_for_function("() => document.querySelector('[data-testid=check-result]').dataset.state === 'failed'",
                               timeout=30000)
        german.check(page, "exercise and Check")

        # Training, and the pictures' tooltips.
        page.fill("#epochs", "15")
        page.dispatch_event("#epochs", "change")
        page.get_by_test_id("train").click()
        page.wait_for_function("() => !window.playground.training && window.playground.project.trained", timeout=60000)
        wait_idle(page)
        german.check(page, "after training")
        for selector in ("#plot .points circle", "#network .node", "#network .edges line", "#curve .hover-area",
                         "#confusion td"):
            hover(page, selector)
            german.tooltip(page, "hover " + selector)
            german.check(page, "hover " + selector)

        # An edit after training: the network is set aside.
        set_code(page, code(page) + "# ein Kommentar\n")
        page.wait_for_function("() => document.querySelector('[data-testid=undo-trained]')")
        wait_idle(page)
        german.check(page, "edit after training")

        # An error, named with its line, and the field errors.
        set_code(page, code(page) + "1/0\n")
        page.wait_for_function("() => document.querySelector('[data-testid=status]').classList.contains('error')")
        german.check(page, "an error")
        page.fill("#lr", "100")
        german.check(page, "a field out of range")
        page.fill("#lr", "0.001")

        # The share box, then a link in this tab.
        set_code(page, code(page).replace("1/0\n", ""))
        wait_idle(page)
        page.get_by_test_id("share").click()
        page.get_by_test_id("share-url").wait_for(state="visible")
        german.check(page, "share box")
        link = page.get_by_test_id("share-url").input_value()
        page.evaluate("(hash) => { location.hash = hash; }", "#" + link.split("#", 1)[1])
        page.wait_for_function("() => !document.querySelector('[data-testid=link-notice]').hidden")
        german.check(page, "a link opened")
        page.get_by_test_id("run").click()
        wait_idle(page)

        # Open… with a file that is no model, and Reset with an edited module.
        bad = tmp_path / "kaputt.json"
        bad.write_text("{}")
        page.set_input_files("#model-file", str(bad))
        page.wait_for_function("() => document.querySelector('[data-testid=status]').classList.contains('error')")
        german.check(page, "Open… a bad file")
        page.evaluate("() => window.playground.openFile('anne/activations.py')")
        page.wait_for_function("() => window.playground.editor.file === 'anne/activations.py'")
        set_code(page, code(page) + "# geändert\n")
        page.evaluate("() => window.playground.openFile('exercise.py')")
        page.get_by_role("button", name="Zurücksetzen").click()
        page.get_by_test_id("reset-dialog").wait_for(state="visible")
        german.check(page, "Reset asks about the modules")
        page.get_by_test_id("reset-all").click()
        wait_idle(page)

        # Send to Pico, with its table; a busy port.
        page.select_option("#preset", "eight")
        wait_idle(page)
        send(page)
        page.wait_for_function("() => window.picoPanel.lastCompare", timeout=30000)
        german.check(page, "after Send to Pico")
        page.get_by_test_id("pico-disconnect").click()
        page.evaluate("() => { window.__fakeSerial.busy = true; }")
        send(page)
        german.check(page, "a busy port")
        page.evaluate("() => { window.__fakeSerial.busy = false; }")

        # Train on the Pico.
        page.fill("#epochs", "5")
        page.dispatch_event("#epochs", "change")
        before = page.evaluate("() => window.picoPanel.actions")
        page.get_by_test_id("pico-train").click()
        page.wait_for_function("(n) => window.picoPanel.actions > n", arg=before, timeout=90000)
        wait_idle(page)
        german.check(page, "after Train on the Pico")

        # The narrow layout's tabs and its More menu.
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        german.check(page, "phone")
        for view in ("pictures", "pico", "code"):
            page.locator("#view-" + view).click()
            german.check(page, "phone, view " + view)
        assert not watch.errors, watch.errors
    finally:
        context.close()
    assert not german.foreign, "not from the German table:\n" + "\n".join(
        "%s  <- %s" % (where, text) for text, where in german.foreign.items())

# cpython-only
"""Exercises in Chromium: every check runs in the page's Python worker (MicroPython-WASM),
each reference solution passes and each starting code does not; the panel, hints, the
solved mark (localStorage) and English/German."""
import json
import os
import urllib.error
import urllib.request

from conftest import PageWatch
from playground_helpers import code, set_code, wait_idle

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXERCISES = os.path.join(ROOT, "site", "exercises")


def _ids():
    with open(os.path.join(EXERCISES, "index.json")) as f:
        return json.load(f)["exercises"]


def _read(id_, name):
    with open(os.path.join(EXERCISES, id_, name)) as f:
        return f.read()


def wait_checked(page, timeout=60000):
    page.wait_for_function(
        "() => ['passed', 'failed'].includes(document.querySelector('[data-testid=check-result]').dataset.state)",
        timeout=timeout)
    return page.get_by_test_id("check-result").get_attribute("data-state")


def test_every_exercise_is_in_the_menu_and_checks_in_the_worker(playground):
    page = playground
    ids = _ids()
    assert len(ids) >= 8
    loaded = page.evaluate("() => window.course.exercises.map((e) => e.id)")
    assert loaded == ids
    options = page.evaluate("() => [...document.querySelectorAll('#preset optgroup option')].map((o) => o.value)")
    assert options == ids
    results = {}
    for id_ in ids:
        exercise = page.evaluate("(id) => window.course.exercises.find((e) => e.id === id)", id_)
        assert exercise["start"] == _read(id_, "start.py") and exercise["check"] == _read(id_, "check.py")
        for lang in ("en", "de"):
            for which, text in (("solution", _read(id_, "solution.py")), ("start", exercise["start"])):
                reply = page.evaluate("""([code, check, lang]) =>
                    window.playground.python.call("check", {code, check, lang})""", [text, exercise["check"], lang])
                results[(id_, lang, which)] = reply
                assert reply["passed"] is (which == "solution"), (id_, lang, which, reply)
                assert reply["messages"], (id_, lang, which)
                if which == "start":
                    assert "check is broken" not in " ".join(reply["messages"]), reply
    # The feedback names what it saw, in the student's language.
    assert "x = [1, 2, 3]" in results[("softmax", "en", "start")]["messages"][0]
    assert results[("softmax", "de", "start")]["messages"][0].startswith("Dein softmax")
    assert results[("float32", "en", "start")]["messages"][0].startswith("Your f32(0.1) returns 0.1")
    assert not page.watch.errors


def test_the_panel_checks_the_editor_code_and_remembers_solved_exercises(playground):
    page = playground
    assert page.get_by_test_id("exercise-panel").is_hidden()  # a plain preset has no panel
    page.select_option("#preset", "sigmoid")
    wait_idle(page)
    assert page.get_by_test_id("exercise-title").inner_text() == "Sigmoid without overflow"
    assert "x = -1000" in page.get_by_test_id("exercise-explanation").inner_text()
    # Hints one at a time.
    hint = page.get_by_test_id("hint")
    assert hint.inner_text() == "Show a hint (1 of 3)"
    hint.click()
    hint.click()
    assert page.get_by_test_id("hints").locator("li").count() == 2
    assert hint.inner_text() == "Next hint (3 of 3)"
    # The starting code fails, with the input named.
    page.get_by_test_id("check").click()
    assert wait_checked(page) == "failed"
    assert "for x = [-1000]" in page.get_by_test_id("check-result").inner_text()
    assert page.get_by_test_id("exercise-solved").is_hidden()
    # The solution, typed into the editor, passes; the menu and the panel mark it solved.
    set_code(page, _read("sigmoid", "solution.py"))
    wait_idle(page)
    page.get_by_test_id("check").click()
    assert wait_checked(page) == "passed"
    assert page.get_by_test_id("check-result").inner_text().startswith("Solved: every check passed.")
    assert page.get_by_test_id("exercise-solved").is_visible()
    assert page.evaluate("() => localStorage.getItem('anne-playground/v1/solved/sigmoid')") == "1"
    label = page.evaluate("() => document.querySelector('#preset option[value=sigmoid]').textContent")
    assert label.startswith("✓ ")
    page.reload()
    wait_idle(page)
    assert page.input_value("#preset") == "sigmoid"
    assert page.get_by_test_id("exercise-solved").is_visible()
    assert code(page) == _read("sigmoid", "solution.py")  # autosaved, as any edit
    # Another exercise: its own panel, not solved.
    page.select_option("#preset", "train")
    wait_idle(page)
    assert page.get_by_test_id("exercise-title").inner_text() == "Train your own net"
    assert page.get_by_test_id("exercise-solved").is_hidden()
    assert page.get_by_test_id("check-result").get_attribute("data-state") == "none"
    page.select_option("#preset", "six")
    wait_idle(page)
    assert page.get_by_test_id("exercise-panel").is_hidden()


def test_german_browser_gets_german_and_the_switch_is_remembered(browser, served_site):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(served_site + "#preset=tanh")
        wait_idle(page)
        assert page.evaluate("() => document.documentElement.lang") == "de"
        assert page.get_by_test_id("run").inner_text() == "Ausführen ▶"
        assert page.get_by_test_id("share").inner_text() == "Teilen"
        assert page.get_by_test_id("exercise-title").inner_text() == "Tanh, das nicht kaputtgeht"
        assert code(page) == _read("tanh", "start.de.py")  # the starting code's comments in German
        assert page.get_by_test_id("check").inner_text() == "Prüfen"
        # Every German label found its element, and text nodes still fit the HTML.
        assert page.evaluate("() => window.course.i18n.applyElements()") == []
        page.get_by_test_id("check").click()
        assert wait_checked(page) == "failed"
        assert page.get_by_test_id("check-result").inner_text().startswith("Dein tanh löst ValueError (math domain error)")
        # English on request, kept across a reload; the page's own English comes back exactly.
        page.select_option("#language", "en")
        assert page.get_by_test_id("run").inner_text() == "Run ▶"
        assert page.locator("label:has(> #preset)").inner_text().startswith("Exercise")
        assert page.get_by_test_id("exercise-title").inner_text() == "Tanh that does not break"
        page.reload()
        wait_idle(page)
        assert page.evaluate("() => document.documentElement.lang") == "en"
        assert page.get_by_test_id("run").inner_text() == "Run ▶"
        assert code(page) == _read("tanh", "start.py")  # unedited: now the English starting code
        # The preset menu still works after switching back and forth.
        page.select_option("#language", "de")
        page.select_option("#language", "en")
        page.select_option("#preset", "relu")
        wait_idle(page)
        assert page.get_by_test_id("exercise-title").inner_text() == "ReLU and leaky ReLU"
        assert not watch.errors, watch.errors
    finally:
        context.close()


def test_the_language_tables_agree():
    with open(os.path.join(ROOT, "site", "i18n", "en.json")) as f:
        en = json.load(f)
    with open(os.path.join(ROOT, "site", "i18n", "de.json")) as f:
        de = json.load(f)
    assert sorted(en["messages"]) == sorted(de["messages"])
    for key, text in en["messages"].items():
        placeholders = sorted(part.split("}")[0] for part in text.split("{")[1:])
        other = sorted(part.split("}")[0] for part in de["messages"][key].split("{")[1:])
        assert placeholders == other, key
    assert de["elements"] and "elements" not in en  # English is index.html itself


def test_reference_solutions_are_not_published(served_site):
    for id_ in _ids():
        try:
            urllib.request.urlopen(served_site + "exercises/{}/solution.py".format(id_))
        except urllib.error.HTTPError as error:
            assert error.code == 404
        else:
            raise AssertionError("solution.py of {} is published".format(id_))
        with urllib.request.urlopen(served_site + "exercises/{}/check.py".format(id_)) as response:
            assert response.status == 200


def test_stop_ends_a_check_whose_code_loops(playground):
    page = playground
    page.select_option("#preset", "relu")
    wait_idle(page)
    page.uncheck("#autorun")
    set_code(page, code(page) + "\nwhile True:\n    pass\n")
    page.get_by_test_id("check").click()
    result = page.get_by_test_id("check-result")
    page.wait_for_function("() => document.querySelector('[data-testid=check-result]').dataset.state === 'pending'")
    assert "Stop or Esc ends it" in result.inner_text()
    page.wait_for_timeout(500)
    assert page.get_by_test_id("stop").is_enabled()
    page.get_by_test_id("stop").click()
    assert wait_checked(page, timeout=20000) == "failed"
    assert "The check could not run" in result.inner_text()
    # Python is back: the starting code checks again (and fails as it should).
    set_code(page, _read("relu", "start.py"))
    page.get_by_test_id("check").click()
    assert wait_checked(page, timeout=60000) == "failed"
    assert "'my_leaky_relu' gives 0 for z = -2" in result.inner_text()


def test_the_page_loads_the_exercises_in_one_request(browser, served_site):
    # One bundle (scripts/build_site.py) instead of ~30 files competing with the worker's.
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        asked = []
        page.on("request", lambda r: "/exercises/" in r.url and asked.append(r.url.split("/exercises/", 1)[1]))
        page.goto(served_site)
        wait_idle(page)
        assert asked == ["bundle.json"], asked
        loaded = page.evaluate("() => window.course.exercises.map((e) => [e.id, e.start, e.check])")
        assert [e[0] for e in loaded] == _ids()
        for id_, start, check in loaded:
            assert start == _read(id_, "start.py") and check == _read(id_, "check.py"), id_
    finally:
        context.close()

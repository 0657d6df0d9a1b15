# cpython-only
"""The playground's own messages (status, training, network shape) follow the language:
German for a German browser, English after the switch, without running the code again."""
from conftest import PageWatch
from playground_helpers import status, wait_idle


def test_german_status_after_preset_eight_and_the_switch_changes_it(browser, served_site):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(served_site + "#preset=eight")
        wait_idle(page)
        assert page.evaluate("() => document.documentElement.lang") == "de"
        text = status(page)
        assert text.startswith("Gelaufen in ") and "90 % der 20 Testblumen richtig." in text, text
        assert page.locator("#shape").inner_text().endswith("Parameter")
        runs = page.evaluate("() => window.playground.runCount")
        page.select_option("#language", "en")
        text = status(page)
        assert text.startswith("Ran in ") and "90 % of the 20 test flowers right." in text, text
        assert page.locator("#shape").inner_text().endswith("parameters")
        assert page.evaluate("() => window.playground.runCount") == runs  # relabelled, not run again
        # A training line follows the switch too.
        page.fill("#epochs", "5")
        page.get_by_test_id("train").click()
        page.wait_for_function("() => document.querySelector('#train-status').textContent.startsWith('Trained 5 epochs')",
                               timeout=30000)
        wait_idle(page)
        page.select_option("#language", "de")
        assert page.locator("#train-status").inner_text().startswith("5 Epochen in ")
        assert "Bearbeite den Code" in status(page)
        assert not watch.errors, watch.errors
    finally:
        context.close()


def test_unedited_start_code_follows_a_switch_at_once_and_edited_code_stays(playground):
    from playground_helpers import code, set_code
    page = playground
    english = code(page)
    assert english.startswith('# Net "eight" of the AI-ANNE paper')
    runs = page.evaluate("() => window.playground.runCount")
    page.select_option("#language", "de")
    assert code(page).startswith('# Netz "eight" aus dem AI-ANNE-Paper')
    assert page.evaluate("() => window.playground.runCount") == runs  # comments only: nothing ran
    assert page.evaluate("() => window.playground.project.code") == code(page)
    assert page.evaluate("() => localStorage.getItem('anne-playground/v1/code/eight')") is None  # not an edit
    page.select_option("#preset", "train")  # an exercise's start code too
    wait_idle(page)
    assert code(page).startswith("# Trainiere dein eigenes Netz")
    page.select_option("#language", "en")
    assert code(page).startswith("# Train your own network")
    edited = code(page) + "# mine\n"
    set_code(page, edited)
    page.select_option("#language", "de")
    assert code(page) == edited  # the student's text is theirs
    page.select_option("#preset", "eight")
    wait_idle(page)
    assert code(page).startswith('# Netz "eight"')  # a kept, unedited text opens in the new language
    # The pictures' words follow too.
    assert page.locator("#curve .empty").text_content().startswith("Drücke Trainieren")
    assert page.locator("#confusion th").first.inner_text() == "wahr ↓ / vorhergesagt →"
    assert "Kronblattlänge" in page.locator("#fx").inner_text()

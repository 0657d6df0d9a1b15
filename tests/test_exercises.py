# The exercises (site/exercises/) and their check runner (site/py/checks.py), on CPython and
# on MicroPython-WASM (tests/mpy/run.mjs copies site/ to /site). Every exercise: its reference
# solution passes its check, its starting code does not, in English and in German.
import json
import os
import sys

from support import raises


def _root():
    here = __file__.replace("\\", "/")
    tests = here[:here.rfind("/")] if "/" in here else "."
    return tests[:tests.rfind("/")] if "/" in tests else "."


ROOT = _root()
SITE = (ROOT + "/site") if ROOT else "/site"
EXERCISES = SITE + "/exercises"
if SITE + "/py" not in sys.path:
    sys.path.insert(0, SITE + "/py")
if ROOT and ROOT not in sys.path:
    sys.path.append(ROOT)  # anne/ on CPython (MicroPython has it in /lib)

import checks  # noqa: E402  (site/py is on the path only now)


def _read(path):
    with open(path) as f:
        return f.read()


def _index():
    return json.loads(_read(EXERCISES + "/index.json"))


def _exercise(id_):
    folder = EXERCISES + "/" + id_
    data = json.loads(_read(folder + "/exercise.json"))
    for name in ("start", "check", "solution"):
        data[name] = _read(folder + "/" + name + ".py")
    data["starts"] = {"en": data["start"]}
    for lang in data.get("start_translations", []):
        data["starts"][lang] = _read(folder + "/start." + lang + ".py")
    return data


def _all():
    return [_exercise(id_) for id_ in _index()["exercises"]]


def _broken_check_message(messages):
    for text in messages:
        if "check is broken" in text or "The check stopped" in text or "Prüfung dieser Aufgabe" in text:
            return text
    return None


def test_index_lists_every_exercise_folder():
    index = _index()
    assert index["format"] == "anne-exercises" and index["version"] == 1
    folders = sorted(name for name in os.listdir(EXERCISES) if not name.endswith(".json"))
    assert sorted(index["exercises"]) == folders, (index["exercises"], folders)
    # Exercise ids share the page's preset names ("eight", "six", "blank") and URL: no clashes.
    for id_ in index["exercises"]:
        assert id_ not in ("eight", "six", "blank"), id_
    assert len(index["exercises"]) >= 8


def test_every_exercise_has_text_in_english_and_german():
    for ex in _all():
        for key in ("title", "explanation"):
            for lang in checks.LANGUAGES:
                assert isinstance(ex[key][lang], str) and len(ex[key][lang]) > 3, (ex["id"], key, lang)
            assert ex[key]["en"] != ex[key]["de"], (ex["id"], key)
        assert len(ex["hints"]["en"]) >= 2 and len(ex["hints"]["en"]) == len(ex["hints"]["de"]), ex["id"]
        for hint in ex["hints"]["en"] + ex["hints"]["de"]:
            assert isinstance(hint, str) and hint, ex["id"]
        assert "def check(ns, r)" in ex["check"], ex["id"]


def test_exercises_cover_the_topics_of_the_course():
    topics = [ex["topic"] for ex in _all()]
    for topic in ("networks", "activations", "layers", "training", "pico"):
        assert topic in topics, topic
    ids = [ex["id"] for ex in _all()]
    for id_ in ("net-eight", "net-six", "sigmoid", "relu", "tanh", "softmax", "train", "float32"):
        assert id_ in ids, id_


def test_every_reference_solution_passes_in_both_languages():
    for ex in _all():
        for lang in checks.LANGUAGES:
            result = checks.run(ex["solution"], ex["check"], lang)
            assert result["passed"] is True, (ex["id"], lang, result)
            assert result["messages"][0] == ("Gelöst: alle Prüfungen bestanden." if lang == "de"
                                             else "Solved: every check passed."), result


def test_no_starting_code_passes_and_each_says_why():
    for ex in _all():
        for lang in checks.LANGUAGES:
            result = checks.run(ex["start"], ex["check"], lang)
            assert result["passed"] is False, (ex["id"], lang)
            assert result["messages"] and result["messages"][0], (ex["id"], lang)
            assert _broken_check_message(result["messages"]) is None, (ex["id"], lang, result)


def test_translated_starting_code_differs_only_in_comments_and_fails_too():
    translated = 0
    for ex in _all():
        for lang, text in ex["starts"].items():
            if lang == "en":
                continue
            translated += 1
            assert lang in checks.LANGUAGES, (ex["id"], lang)
            mine, theirs = ex["start"].split("\n"), text.split("\n")
            assert len(mine) == len(theirs), (ex["id"], lang)  # same lines: error line numbers agree
            for a, b in zip(mine, theirs):
                assert a == b or (a.strip().startswith("#") and b.strip().startswith("#")), (ex["id"], a, b)
            result = checks.run(text, ex["check"], lang)
            assert result["passed"] is False and _broken_check_message(result["messages"]) is None, (ex["id"], result)
    assert translated >= 8


def test_german_feedback_is_german():
    for ex in _all():
        en = checks.run(ex["start"], ex["check"], "en")["messages"][0]
        de = checks.run(ex["start"], ex["check"], "de-AT")["messages"][0]
        assert en != de, (ex["id"], en)


def _messages(id_, code, lang="en"):
    result = checks.run(code, _exercise(id_)["check"], lang)
    assert result["passed"] is False, (id_, result)
    return " ".join(result["messages"])


def test_feedback_names_the_input_and_the_value():
    start = _exercise("softmax")["start"]
    # The paper's softmax with only the undefined name fixed: e^ of the positions.
    text = _messages("softmax", start.replace("max(x[val])", "max(x)"))
    assert "x = [1, 2, 3] and for x = [3, 1, 2]" in text and "positions" in text, text
    # Values used, but no max subtracted: e^1000 overflows on both interpreters.
    naive = start.replace("max(x[val])", "0").replace("for val in range(len(x))", "for val in x")
    text = _messages("softmax", naive)
    assert "Your softmax raised" in text and "x = [1000, 0]" in text and "709.8" in text, text
    text = _messages("sigmoid", _exercise("sigmoid")["start"], "de")
    assert "Dein sigmoid" in text and "x = [-1000]" in text and "Zeile 10" in text, text
    text = _messages("tanh", _exercise("tanh")["start"])
    assert "x = [710]" in text, text
    text = _messages("net-eight", _exercise("net-eight")["start"])
    assert "For test flower 1 your net outputs [0.0480" in text and "expected [0.195907]" in text, text
    text = _messages("net-six", _exercise("net-six")["start"])
    assert "kernel is 3x4, expected 3x3" in text and ("line 35" in text or "line 36" in text), text


def test_feedback_reports_a_nan_result():
    # inf - inf is nan on every interpreter: a tanh written that way is named with its output.
    code = _exercise("tanh")["start"].replace(
        "def tanh(x):", "def tanh(x):\n    return [float('inf') - float('inf') if v > 100 else math.tanh(v) for v in x]\n\n\ndef old(x):")
    text = _messages("tanh", code)
    assert "Your tanh returns [nan, -1] for x = [709, -709]." in text, text


def test_the_relu_check_finds_the_paper_mapping_and_the_slope():
    start = _exercise("relu")["start"]
    text = _messages("relu", start)
    assert "'my_leaky_relu' gives 0 for z = -2" in text, text
    fixed_mapping = start.replace('register("my_leaky_relu", relu, relu_slope)',
                                  'register("my_leaky_relu", leaky_relu, leaky_relu_slope)')
    text = _messages("relu", fixed_mapping)
    assert "my_leaky_relu slope" in text and "expected [0.01" in text, text


def test_the_float32_check_finds_each_step():
    start = _exercise("float32")["start"]
    text = _messages("float32", start)
    assert "f32(0.1) returns 0.1, expected 0.10000000149011612" in text, text
    good_f32 = _exercise("float32")["solution"]
    cut = good_f32.index("# The paper's tanh")
    head = good_f32[:cut]
    tail = start[start.index("# The paper's tanh"):]
    text = _messages("float32", head + tail)
    assert "tanh32 raised" in text and "x = [89]" in text, text
    text = _messages("float32", good_f32.replace("PICO_LIMIT = 89", "PICO_LIMIT = 710"))
    assert "PICO_LIMIT is 710" in text and "double precision" in text, text


def test_runner_turns_every_failure_into_a_message():
    check = "def check(ns, r):\n    r.model()\n"
    cases = [
        ("x = (\n", "Line "),
        ("model = 1 / 0\n", "ZeroDivisionError"),
        ("import sys\nsys.exit(3)\n", "exit()"),
        (None, "model"),
        ("\x00", "Line "),
        ("raise KeyError('k')\n", "KeyError"),
        ("model = 3\n", "`model` is 3"),
    ]
    for code, fragment in cases:
        result = checks.run(code, check, "en")
        assert result["passed"] is False and fragment in " ".join(result["messages"]), (code, result)
    assert "line 2" in checks.run("a = 1\nb = c\n", check)["messages"][0]


def test_a_broken_check_is_the_teachers_problem_not_a_crash():
    for check, fragment in (("def check(ns, r:\n", "check is broken"), ("x = 1\n", "no check(ns, r)"),
                            ("def check(ns, r):\n    return 1 / 0\n", "ZeroDivisionError"),
                            ("def check(ns, r):\n    r.fail('a %s', 'b %s', (1, 2))\n", "The check stopped")):
        result = checks.run("model = None\n", check, "en")
        assert result["passed"] is False and fragment in " ".join(result["messages"]), (check, result)
    result = checks.run("def f():\n    return 1 / 0\n", "def check(ns, r):\n    ns['f']()\n", "en")
    assert "line 2 of your code" in result["messages"][0], result


def test_student_registrations_do_not_outlive_the_check():
    from anne import activations

    before = activations.names()
    code = ("from anne import activations\nactivations.register('relu', lambda z: 5.0)\n"
            "activations.register('mine', lambda z: z)\n")
    result = checks.run(code, "def check(ns, r):\n    pass\n", "en")
    assert result["passed"] is True, result
    assert activations.names() == before
    assert activations.get("relu").f([-1.0, 2.0]) == [0.0, 2.0]
    raises(ValueError, activations.get, "mine")


def test_each_run_starts_from_a_fresh_namespace():
    check = "def check(ns, r):\n    if 'secret' in ns:\n        r.fail('leak', 'leck')\n"
    assert checks.run("secret = 1\n", "def check(ns, r):\n    pass\n")["passed"]
    assert checks.run("x = 1\n", check)["passed"]


def test_language_and_number_format():
    assert checks.language("de-DE") == "de" and checks.language("DE") == "de"
    assert checks.language("en-GB") == "en" and checks.language("fr") == "en" and checks.language(None) == "en"
    assert checks.fmt(0.1234567) == "0.123457" and checks.fmt(float("nan")) == "nan"
    assert checks.fmt([1.0, float("inf"), -float("inf")]) == "[1, inf, -inf]"
    assert checks.fmt(list(range(10))) == "[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    assert checks.close([1.0, 2.0], [1.0, 2.0 + 1e-12]) and not checks.close([1.0], [float("nan")])

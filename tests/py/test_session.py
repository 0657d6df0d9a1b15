# cpython-only
"""site/py/session.py on CPython: running, training and editing anne/ as the page asks."""
import os
import shutil
import subprocess
import sys

import pytest

# site/py is where the worker imports these from; no conftest.py here, so that
# tests/browser's conftest stays the only module of that name on sys.path.
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "site", "py")))
import exercise  # noqa: E402
import session  # noqa: E402
import views  # noqa: E402
from anne import presets  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.mark.parametrize("source, words", [
    ("x = 1\n", "must define `model`"),
    ("model = 3\n", "expected a Sequential"),
    ("from anne import Dense, Sequential\nmodel = Sequential([Dense(1, input_dim=3)])\n", "4 features"),
])
def test_code_without_a_usable_model_is_told_what_is_missing(source, words):
    with pytest.raises(session.StudentError) as caught:
        session.run_code(source)
    assert words in str(caught.value)


def test_session_run_never_raises_and_reports_errors_as_data():
    s = session.Session(ROOT)
    reply = s.run({"code": "1/0\n"})
    assert reply["ok"] is False and reply["error"]["type"] == "ZeroDivisionError" and reply["error"]["line"] == 1
    reply = s.run({"code": exercise.all_presets()["six"]["code"], "grid": 6})
    assert reply["ok"] and reply["view"]["accuracy"] == 0.95


def test_preset_sources_rebuild_the_presets_exactly():
    for name, entry in exercise.all_presets().items():
        model = session.run_code(entry["code"])
        if name != "blank":
            assert model.to_dict() == presets.get(name).to_dict()
    assert 'activation="tanh"' in exercise.all_presets()["eight"]["code"]


def test_training_reports_progress_and_stops_when_told():
    s = session.Session(ROOT)
    seen = []

    def report(progress):
        seen.append(progress)
        return len(seen) < 2

    s.data = views.Data()
    # every report is allowed 0 ms apart by forcing the clock forward
    real = session._now_ms
    ticks = iter(range(0, 10 ** 9, 1000))
    session._now_ms = lambda: next(ticks)
    try:
        reply = s.train({"code": exercise.BLANK, "epochs": 50, "lr": 0.1, "grid": 4}, report)
    finally:
        session._now_ms = real
    assert reply["ok"], reply
    training = reply["view"]["training"]
    assert training["stopped"] and training["epochs_done"] == 2
    assert seen[0]["epoch"] == 1 and seen[0]["history"][0]["epoch"] == 1 and "loss" in seen[0]["history"][0]


def test_training_improves_the_blank_exercise():
    s = session.Session(ROOT)
    before = s.run({"code": exercise.BLANK, "grid": 4})["view"]["accuracy"]
    reply = s.train({"code": exercise.BLANK, "epochs": 60, "lr": 0.1, "batch_size": 8, "grid": 4}, lambda p: True)
    assert reply["view"]["accuracy"] > before
    assert reply["view"]["training"]["epochs_done"] == 60


@pytest.fixture
def anne_copy(tmp_path):
    """A copy of anne/ to edit, imported instead of the repository's for one test."""
    shutil.copytree(os.path.join(ROOT, "anne"), str(tmp_path / "anne"))
    saved = {k: v for k, v in sys.modules.items() if k == "anne" or k.startswith("anne.")}
    sys.path.insert(0, str(tmp_path))
    for k in saved:
        del sys.modules[k]
    yield str(tmp_path)
    sys.path.remove(str(tmp_path))
    for k in [k for k in sys.modules if k == "anne" or k.startswith("anne.")]:
        del sys.modules[k]
    sys.modules.update(saved)


def test_an_edited_anne_module_is_used_and_reset_brings_back_the_original(anne_copy):
    s = session.Session(anne_copy)
    eight = exercise.all_presets()["eight"]["code"]
    original = open(os.path.join(anne_copy, "anne", "activations.py")).read()
    # "tanh" made to mean relu, through the API the contract names: the network changes its mind
    edited = original + ('\n_relu = get("relu")\n'
                         'register("tanh", _relu.f, _relu.backward, elementwise=False)\n')
    base = s.run({"code": eight, "grid": 4})["view"]["outputs"]
    changed = s.run({"code": eight, "grid": 4, "files": {"anne/activations.py": edited}})["view"]["outputs"]
    assert changed != base
    assert s.edited() == ["anne/activations.py"]
    again = s.run({"code": eight, "grid": 4, "files": {}})["view"]["outputs"]
    assert again == base
    assert open(os.path.join(anne_copy, "anne", "activations.py")).read() == original


def test_an_error_in_an_edited_module_names_that_file(anne_copy):
    s = session.Session(anne_copy)
    eight = exercise.all_presets()["eight"]["code"]
    broken = open(os.path.join(anne_copy, "anne", "activations.py")).read().replace("def tanh(x):", "def tanh(x:")
    reply = s.run({"code": eight, "files": {"anne/activations.py": broken}})
    assert not reply["ok"] and reply["error"]["file"] == "anne/activations.py" and reply["error"]["type"] == "SyntaxError"


def test_only_anne_modules_can_be_edited(anne_copy):
    s = session.Session(anne_copy)
    reply = s.run({"code": "x = 1\n", "files": {"../etc/passwd": "x"}})
    assert not reply["ok"] and "only the anne/*.py modules" in reply["error"]["message"]


def test_an_activation_a_student_registers_is_gone_in_the_next_run(anne_copy):
    s = session.Session(anne_copy)
    code = ("from anne import Dense, Sequential, activations\n"
            "activations.register('mine', lambda z: z)\n"
            "model = Sequential([Dense(1, activation='mine', input_dim=4)])\n")
    assert s.run({"code": code, "grid": 4})["ok"]
    reply = s.run({"code": "from anne import Dense, Sequential\n"
                           "model = Sequential([Dense(1, activation='mine', input_dim=4)])\n", "grid": 4})
    assert not reply["ok"] and "unknown activation 'mine'" in reply["error"]["message"]


def test_what_the_student_prints_comes_back_with_the_reply():
    s = session.Session(ROOT)
    six = exercise.all_presets()["six"]["code"]
    reply = s.run({"code": "print('hello', 42, sep='-')\n" + six, "grid": 4})
    assert reply["ok"] and reply["output"] == "hello-42\n"
    reply = s.run({"code": "print('before')\n1/0\n", "grid": 4})
    assert not reply["ok"] and reply["output"] == "before\n"
    reply = s.run({"code": "for i in range(100000):\n    print(i)\n" + six, "grid": 4})
    assert len(reply["output"]) < session.Printout.LIMIT + 100 and reply["output"].endswith("\n[...]\n")


def test_trained_weights_come_back_as_code_that_rebuilds_the_model():
    s = session.Session(ROOT)
    reply = s.train({"code": exercise.BLANK, "epochs": 5, "lr": 0.1, "grid": 4}, lambda p: True)
    trained = reply["view"]["outputs"]
    source = s.weights_source({"note": "Trained in the browser: 5 epochs"})
    assert source["ok"] and "# Trained in the browser: 5 epochs" in source["code"]
    again = s.run({"code": exercise.BLANK + source["code"], "grid": 4})
    assert again["ok"] and again["view"]["outputs"] == trained


def test_a_model_file_becomes_code_that_builds_it_and_bad_files_name_their_problem():
    from anne import io
    s = session.Session(ROOT)
    s.setup()
    text = io.dumps(presets.eight())
    reply = s.model_file({"text": text, "name": "m.json"})
    assert reply["ok"], reply
    assert reply["code"].startswith("# Loaded from m.json: 4 -> 2 relu -> 3 tanh -> 2 softmax -> 1 sigmoid.")
    built = session.run_code(reply["code"])
    assert built.to_dict() == presets.eight().to_dict()
    for bad, words in [("{", "not valid JSON"), ('{"format": "keras"}', "format is 'keras'"),
                       ('{"format": "anne", "version": 1, "layers": []}', "'layers' must be a non-empty list")]:
        reply = s.model_file({"text": bad, "name": "bad.json"})
        assert not reply["ok"]
        assert reply["error"]["message"].startswith("bad.json: model file: ") and words in reply["error"]["message"], reply


def test_training_in_slices_trains_exactly_like_one_call_and_stop_ends_it(monkeypatch):
    request = {"code": exercise.BLANK, "epochs": 25, "lr": 0.01, "optimizer": "adam", "batch_size": 8, "grid": 4}
    whole = session.Session(ROOT)
    whole.setup()
    one = whole.train(dict(request), lambda p: True)
    sliced = session.Session(ROOT)
    sliced.setup()
    reply = sliced.train(dict(request, slice=10), lambda p: True)
    calls = 1
    while reply.get("more"):
        assert reply["ok"] and "view" not in reply and reply["epochs_done"] == 10 * calls
        reply = sliced.train_more(lambda p: True)
        calls += 1
    assert calls == 3 and reply["view"]["training"]["calls"] == 3
    assert reply["view"]["training"]["epochs_done"] == 25
    assert sliced.model.to_dict() == whole.model.to_dict()
    assert reply["view"]["accuracy"] == one["view"]["accuracy"]
    # Stop (the report's False) in the second slice: the last reply, with the view.
    monkeypatch.setattr(session, "_REPORT_MS", 0)  # a report after every epoch
    s = session.Session(ROOT)
    s.setup()
    assert s.train(dict(request, slice=10), lambda p: True).get("more")
    reply = s.train_more(lambda p: False)
    assert reply["ok"] and not reply.get("more") and reply["view"]["training"]["stopped"]
    assert reply["view"]["training"]["epochs_done"] == 11
    assert not s.train_more(lambda p: True)["ok"]  # nothing left to go on with
    # Stop between two slices (nothing running): the page's next call ends it, with the view.
    assert s.train(dict(request, slice=10), lambda p: True).get("more")
    reply = s.train_more(lambda p: True, stop=True)
    assert reply["ok"] and reply["view"]["training"]["stopped"] and reply["view"]["training"]["epochs_done"] == 10


def trained_project(s, epochs=5):
    """Train the blank exercise -> the page's project with its trained network."""
    reply = s.train({"code": exercise.BLANK, "epochs": epochs, "lr": 0.1, "grid": 4}, lambda p: True)
    assert reply["ok"], reply
    return {"code": exercise.BLANK, "files": {}, "exercise": "blank",
            "trained": {"model": reply["view"]["model"], "epochs": epochs, "optimizer": "sgd", "lr": 0.1,
                        "history": reply["view"]["training"]["history"]}}, reply["view"]


def test_a_run_with_the_trained_network_shows_it_and_says_so():
    s = session.Session(ROOT)
    project, trained_view = trained_project(s)
    assert trained_view["network_source"] == "trained"
    shown = s.run(dict(project, grid=4))
    assert shown["ok"] and shown["view"]["network_source"] == "trained"
    assert shown["view"]["outputs"] == trained_view["outputs"]
    plain = s.run({"code": exercise.BLANK, "grid": 4})
    assert plain["view"]["network_source"] == "code" and plain["view"]["outputs"] != trained_view["outputs"]
    broken = s.run(dict(project, trained={"model": {"format": "anne", "version": 1, "layers": []}}))
    assert not broken["ok"] and "cannot be rebuilt" in broken["error"]["message"]


def test_training_starts_from_the_codes_weights_and_reports_every_panel():
    s = session.Session(ROOT)
    project, first = trained_project(s, epochs=3)
    seen = []
    reply = s.train(dict(project, epochs=3, lr=0.1, grid=4), lambda p: seen.append(p) or True)
    assert reply["view"]["model"] == first["model"]  # the trained weights did not carry over
    last = seen[-1]
    assert last["view"]["accuracy"] == last["accuracy"]
    for part in ("grid", "network", "trace", "confusion", "outputs"):
        assert part in last["view"], part
    assert last["view"]["grid"]["n"] == session._PROGRESS_GRID


def test_board_files_are_the_projects_network_made_by_the_clis_builder():
    import json
    from annetools import boardfiles, export

    s = session.Session(ROOT)
    project, view = trained_project(s)
    reply = s.board_files(dict(project, settings={"fx": 0}, lang="de"))
    assert reply["ok"], reply
    files = reply["files"]
    assert json.loads(files["model.json"])["layers"] == view["model"]["layers"]
    assert json.loads(files["model.json"])["about"]["training"]["epochs"] == 5
    assert boardfiles.code_of(files["main.py"]) == exercise.BLANK
    package = export.anne_files()
    assert dict((n, t) for n, t in files.items() if n.startswith("anne/")) == package
    assert reply["readme"] == boardfiles.readme("de") and reply["network"] == "trained"
    # read back: the same project, and the same files again
    back = s.read_project({"files": files})
    assert back["ok"] and back["notes"] == [] and back["project"]["code"] == exercise.BLANK
    assert back["project"]["trained"]["model"]["layers"] == view["model"]["layers"]
    bad = s.board_files({"code": "1/0\n"})
    assert not bad["ok"] and bad["error"]["line"] == 1


PICO_SETTINGS = {"epochs": 12, "lr": 0.01, "optimizer": "adam", "loss": None, "batch_size": 8, "seed": 4}


def test_the_browsers_curve_is_trains_history_and_leaves_the_pages_network_alone():
    s = session.Session(ROOT)
    reported = []
    trained = s.train(dict(PICO_SETTINGS, code=exercise.BLANK, grid=4), lambda p: reported.extend(p["history"]))
    reported += trained["view"]["training"]["history"]
    shown = s.run({"code": exercise.all_presets()["six"]["code"], "grid": 4})
    reply = s.curve(dict(PICO_SETTINGS, code=exercise.BLANK, slice=5))
    history = list(reply["history"])
    while not reply["done"]:
        assert reply["ok"] and len(reply["history"]) == 5
        reply = s.curve({"more": True})
        history += reply["history"]
    assert [h["epoch"] for h in history] == list(range(1, 13))
    assert [h["loss"] for h in history] == [h["loss"] for h in reported]
    assert s.model.to_dict() == session.run_code(exercise.all_presets()["six"]["code"]).to_dict()
    assert s.redraw({"grid": 4})["view"]["accuracy"] == shown["view"]["accuracy"]
    assert not s.curve({"more": True})["ok"]  # finished: nothing to go on with
    s.curve(dict(PICO_SETTINGS, code=exercise.BLANK, slice=5))
    stopped = s.curve({"stop": True})
    assert stopped["done"] and stopped["epochs_done"] == 5 and s.curve_job is None


def test_the_board_training_script_trains_what_the_browsers_curve_shows(tmp_path):
    import json
    from annetools import boardfiles

    s = session.Session(ROOT)
    request = {"code": exercise.BLANK, "files": {}, "trained": None, "exercise": "blank",
               "settings": {"epochs": 12}, "train": PICO_SETTINGS}
    reply = s.board_files(request)
    assert reply["ok"], reply
    for name, text in reply["files"].items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "train.py").write_text(reply["train_script"])
    board = subprocess.run([sys.executable, "train.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert board.returncode == 0, board.stderr
    lines = [boardfiles.read_train_line(line) for line in board.stdout.splitlines()]
    losses = [values["loss"] for kind, values in filter(None, lines) if kind == "epoch"]
    curve = s.curve(dict(PICO_SETTINGS, code=exercise.BLANK))
    assert losses == [h["loss"] for h in curve["history"]]
    about = json.loads((tmp_path / "model.json").read_text())["about"]
    assert about["training"] == {"epochs": 12, "optimizer": "adam", "lr": 0.01, "batch": 8, "seed": 4,
                                 "loss": "auto", "from": "pico"}
    assert about["exercise"] == "blank" and about["settings"] == {"epochs": 12}


def test_a_folder_of_the_cli_opens_as_code():
    s = session.Session(ROOT)
    from annetools import export
    files = dict((n, d.decode()) for n, d in export.pico_files(presets.six()).items())
    reply = s.read_project({"files": files})
    assert reply["ok"] and reply["project"]["trained"] is None
    assert session.run_code(reply["project"]["code"]).to_dict() == presets.six().to_dict()
    assert not s.read_project({"files": {"main.py": "x"}})["ok"]


def test_check_grades_the_trained_network_of_the_project():
    with open(os.path.join(ROOT, "site", "exercises", "train", "check.py")) as f:
        check = f.read()
    with open(os.path.join(ROOT, "site", "exercises", "train", "start.py")) as f:
        start = f.read()
    s = session.Session(ROOT)
    untrained = s.check({"code": start, "check": check})
    assert not untrained["passed"]
    reply = s.train({"code": start, "epochs": 200, "lr": 0.001, "optimizer": "adam", "batch_size": 8, "grid": 4},
                    lambda p: True)
    trained = {"model": reply["view"]["model"], "epochs": 200, "optimizer": "adam",
               "history": reply["view"]["training"]["history"]}
    result = s.check({"code": start, "check": check, "trained": trained})
    assert result["passed"], result
    assert any("trained in the page (200 epochs, adam)" in m for m in result["messages"])


def test_check_names_the_edited_module_that_breaks(anne_copy):
    with open(os.path.join(ROOT, "site", "exercises", "net-six", "check.py")) as f:
        check = f.read()
    s = session.Session(anne_copy)
    original = open(os.path.join(anne_copy, "anne", "activations.py")).read()
    lines = original.split("\n")
    at = [i for i, line in enumerate(lines) if line.startswith("def relu(")][0]
    lines[at + 1] = "    return [undefined_name for v in x]"
    broken = "\n".join(lines)
    six = exercise.all_presets()["six"]["code"]
    result = s.check({"code": six, "check": check, "files": {"anne/activations.py": broken}})
    assert not result["passed"]
    assert "anne/activations.py" in result["messages"][0] and "line %d" % (at + 2) in result["messages"][0], result


def test_a_network_with_its_own_scaling_trains_on_the_flowers_in_cm_like_its_twin():
    from anne import Sequential
    from anne.preprocessing import Standardizer

    s = session.Session(ROOT)
    s.setup()
    twin = exercise.model_source(presets.six())
    scaled = exercise.model_source(Sequential(presets.six().layers, scaling=Standardizer(
        mean=s.data.scaler.mean, std=s.data.scaler.std)))
    request = {"epochs": 3, "lr": 0.05, "grid": 4}
    a = s.train(dict(request, code=twin), lambda p: True)["view"]
    b = s.train(dict(request, code=scaled), lambda p: True)["view"]
    assert [l["kernel"] for l in a["model"]["layers"]] == [l["kernel"] for l in b["model"]["layers"]]
    assert a["accuracy"] == b["accuracy"]

"""annetools/boardfiles.py: the one builder of the board's files, and a project read back from
them. Shared: runs on CPython and under MicroPython-WASM (the browser's worker runs this code)."""
import json

from annetools import boardfiles
from support import raises

PACKAGE = {
    "anne/__init__.py": '"""anne"""\nfrom .model import Sequential\n',
    "anne/__main__.py": "# the host CLI\n",
    "anne/activations.py": "def relu(x):\n    return [v if v > 0 else 0.0 for v in x]\n",
    "anne/iris.csv": "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n",
}
MODEL = {"format": "anne", "version": 2, "layers": [
    {"units": 2, "activation": "relu", "kernel": [[0.5, -0.25], [1.0, 2.0], [0.1, 0.2], [-0.3, 0.30000000000000004]],
     "bias": [0.0, 1e-07]},
    {"units": 1, "activation": "sigmoid", "kernel": [[1.5], [-2.5]], "bias": [0.25]},
]}
CODE = "# Grüße 🌼\nfrom anne import presets\nmodel = presets.eight()\n"
TRAINED = {"epochs": 200, "optimizer": "adam", "lr": 0.001, "batch": 8, "seed": 0, "loss": "auto", "from": "browser"}


def project_files(code=CODE, modules=None, trained=TRAINED):
    info = boardfiles.about("train", trained, {"fx": 0, "fy": 1})
    return boardfiles.board_files(PACKAGE, MODEL, code=code, about=info, modules=modules)


def test_the_board_gets_the_package_the_model_and_main_but_not_the_host_cli():
    files = project_files()
    assert sorted(files) == ["anne/__init__.py", "anne/activations.py", "anne/iris.csv", "main.py", "model.json"]
    assert files["anne/iris.csv"] == PACKAGE["anne/iris.csv"]


def test_model_json_keeps_every_float_exactly_and_says_where_the_network_comes_from():
    files = project_files()
    model = json.loads(files["model.json"])
    about = model.pop("about")
    assert model == MODEL
    assert about["network"] == "trained" and about["training"]["epochs"] == 200 and about["exercise"] == "train"
    assert about["made_by"] == boardfiles.MADE_BY
    assert files["model.json"].count("\n") > 6  # a kernel row a line, for reading on the board


def test_main_runs_the_students_code_then_loads_the_network_the_page_showed():
    main = project_files()["main.py"]
    assert boardfiles.code_of(main) == CODE
    assert main.index(CODE) < main.index('model = anne.load("model.json")')
    assert "trained in the browser: 200 epochs, adam, lr 0.001" in main
    untrained = project_files(trained=None)["main.py"]
    assert "the one your code makes" in untrained and "epochs" not in untrained
    plain = boardfiles.board_files(PACKAGE, MODEL)["main.py"]
    assert boardfiles.code_of(plain) is None and 'model = anne.load("model.json")' in plain


def test_the_code_starts_on_line_4_of_main_as_its_first_line_says():
    lines = project_files()["main.py"].split("\n")
    assert lines[2] == boardfiles.CODE_BEGIN and "line 1 is line 4" in lines[2]
    assert "\n".join(lines[3:6]) + "\n" == CODE


def test_code_comes_back_exactly_with_the_newline_a_file_ends_with():
    for code in ["x = 1\n", "x = 1", "\n\nx = 1\n\n\n", "# ---- end of your code ----\nx = 1\n", ""]:
        got = boardfiles.code_of(boardfiles.main_py(code=code))
        assert got == (code if code.endswith("\n") or not code else code + "\n"), (code, got)


def test_edited_modules_replace_the_shipped_ones_and_nothing_else_can():
    edited = PACKAGE["anne/activations.py"] + "# mine\n"
    files = project_files(modules={"anne/activations.py": edited})
    assert files["anne/activations.py"] == edited
    error = raises(ValueError, project_files, modules={"anne/evil.py": "x"})
    assert "anne/evil.py is not a module of the anne package" in str(error)
    error = raises(ValueError, project_files, modules={"anne/iris.csv": "x"})
    assert "anne/iris.csv" in str(error)


def test_a_model_given_as_text_is_kept_byte_for_byte():
    text = project_files()["model.json"].replace("0.30000000000000004", "0.30000000000000004000")
    files = boardfiles.board_files(PACKAGE, text, code=CODE)
    assert files["model.json"] == text
    assert "trained in the browser" in files["main.py"]  # its "about" is read from the text


def test_a_project_reads_back_from_its_files():
    edited = PACKAGE["anne/activations.py"] + "# mine\n"
    files = project_files(modules={"anne/activations.py": edited})
    project, notes = boardfiles.read_project(files, PACKAGE)
    assert notes == []
    assert project["code"] == CODE and project["modules"] == {"anne/activations.py": edited}
    assert project["model"] == MODEL and project["model_text"] == files["model.json"]
    assert project["exercise"] == "train" and project["trained"] == TRAINED and project["settings"] == {"fx": 0, "fy": 1}
    # ... and builds the same files again: Open project, then Download, gives the same .zip
    again = boardfiles.board_files(PACKAGE, project["model_text"], code=project["code"], modules=project["modules"])
    assert again == files


def test_a_folder_around_the_files_windows_line_ends_and_strangers_are_handled():
    files = project_files(trained=None)
    wrapped = dict(("pico/" + name, text.replace("\n", "\r\n")) for name, text in files.items())
    wrapped["pico/anne/extra.py"] = "x = 1\n"
    wrapped["pico/anne/iris.csv"] = "1,2,3\n"
    project, notes = boardfiles.read_project(wrapped, PACKAGE)
    assert project["code"] == CODE and project["modules"] == {} and project["trained"] is None
    assert [(n["key"], n["name"]) for n in notes] == [("not_in_package", "anne/extra.py"), ("data_differs", "anne/iris.csv")]
    assert "anne/extra.py is not part of the anne package" in notes[0]["text"]


def test_files_that_are_not_a_project_say_why():
    assert "no model.json" in str(raises(ValueError, boardfiles.read_project, {"main.py": "x"}, PACKAGE))
    assert "model.py instead of model.json" in str(raises(ValueError, boardfiles.read_project,
                                                          {"model.py": "x", "main.py": "y"}, PACKAGE))
    assert "not valid JSON" in str(raises(ValueError, boardfiles.read_project, {"model.json": "{"}, PACKAGE))
    assert "not an anne model file" in str(raises(ValueError, boardfiles.read_project, {"model.json": "[]"}, PACKAGE))
    project, _ = boardfiles.read_project({"model.json": boardfiles.model_json(MODEL)}, PACKAGE)
    assert project["code"] is None and project["trained"] is None and project["exercise"] is None


def test_rows_must_fit_the_network_and_other_networks_show_sample_rows():
    error = raises(ValueError, boardfiles.board_files, PACKAGE, MODEL, rows=[[0.0] * 4, [0.0] * 3])
    assert "row 1 has 3 values, the network expects 4" in str(error)
    three = {"format": "anne", "version": 2, "layers": [{"units": 1, "activation": "linear",
                                                         "kernel": [[1.0], [2.0], [3.0]], "bias": [0.0]}]}
    main = boardfiles.board_files(PACKAGE, three)["main.py"]
    assert "[-1.0, 1.0, -1.0]" in main


def test_the_readme_says_how_to_copy_in_english_and_german():
    english = boardfiles.readme("en")
    german = boardfiles.readme("de")
    assert "mpremote cp -r anne main.py model.json : + reset" in english and "Thonny" in english
    assert "mpremote cp -r anne main.py model.json : + reset" in german and "Hochladen" in german
    assert boardfiles.readme("fr") == english
    assert "your code from the playground" in english
    assert "your code from the playground" not in boardfiles.readme("en", with_code=False)


def test_a_network_with_input_scaling_keeps_it_and_is_shown_the_flowers_in_cm():
    scaled = dict(MODEL, scaling={"mean": [5.9, 2.8, 4.9, 1.7], "std": [0.6, 0.3, 0.8, 0.4]})
    files = boardfiles.board_files(PACKAGE, scaled)
    assert json.loads(files["model.json"])["scaling"] == scaled["scaling"]
    assert "iris_paper(scaled=model.scaling is None)" in files["main.py"]
    assert "model.json" in str(raises(ValueError, boardfiles.board_files, PACKAGE, scaled, format="py"))


# ---- training on the board: train_py() runs here as it runs on the board ---------------------

TRAIN_CODE = ("from anne import Dense, Sequential\n"
              "print('@anne1 epoch n=99 loss=1.0 accuracy=1.0')  # the student's own print, not a line of ours\n"
              "model = Sequential([Dense(3, 'relu', input_dim=4), Dense(2, 'relu'), Dense(1, 'sigmoid')], seed=7)\n")
PICO_TRAINING = {"epochs": 4, "optimizer": "adam", "lr": 0.01, "batch": 16, "seed": 3, "loss": "auto", "from": "pico"}


class _Board:
    """A folder with the board's main.py and model.json (made by board_files from TRAIN_CODE),
    made the working folder as / is on the board; run() executes train_py's script there."""

    def __init__(self, code=TRAIN_CODE):
        import os
        from anne import datasets, train  # noqa: F401  imported before the folder changes
        self.os = os
        self.home = os.getcwd()
        self.folder = _new_folder()
        self.model = _code_model(code)
        files = boardfiles.board_files(PACKAGE, self.model.to_dict(), code=code)
        os.chdir(self.folder)
        for name in ("main.py", "model.json"):
            with open(name, "w") as f:
                f.write(files[name])
        self.old_model_json = files["model.json"]

    def run(self, epochs=4, **settings):
        lines = []

        def capture(*args, **kw):
            lines.append(" ".join(str(a) for a in args))
        settings = dict({"lr": 0.01, "optimizer": "adam", "batch_size": 16, "seed": 3}, **settings)
        info = boardfiles.about("train", dict(PICO_TRAINING, epochs=epochs), {"epochs": epochs})
        exec(boardfiles.train_py(epochs, about=info, **settings), {"print": capture, "__name__": "__main__"})
        return lines, [boardfiles.read_train_line(line) for line in lines]

    def read(self, name):
        try:
            with open(name) as f:
                return f.read()
        except OSError:
            return None

    def close(self):
        for name in self.os.listdir("."):
            self.os.remove(name)
        self.os.chdir(self.home)
        self.os.rmdir(self.folder)


def _new_folder():
    import os
    try:
        import tempfile
        return tempfile.mkdtemp()
    except ImportError:  # MicroPython
        k = 0
        while True:
            path = "/anne-board-%d" % k
            try:
                os.mkdir(path)
                return path
            except OSError:
                k += 1


def _code_model(code):
    namespace = {"print": lambda *a, **k: None}
    exec(code, namespace)
    return namespace["model"]


def _fitted(epochs, code=TRAIN_CODE):
    """The code's model trained with the same settings here, and its losses."""
    from anne import datasets
    model = _code_model(code)
    X, y, _, _ = datasets.iris_paper()
    history = model.fit(X, y, epochs=epochs, lr=0.01, optimizer="adam", batch_size=16, seed=3)
    return model, history


def _weights(model_dict):
    return [(layer["kernel"], layer["bias"]) for layer in model_dict["layers"]]


def test_training_on_the_board_runs_fit_on_the_codes_network_and_saves_model_json():
    board = _Board()
    try:
        lines, parsed = board.run(epochs=4)
        saved = board.read("model.json")
        leftover = board.read("model.json.tmp")
    finally:
        board.close()
    model, history = _fitted(4)
    ours = [p for p in parsed if p is not None]
    assert [kind for kind, _ in ours] == ["start", "epoch", "epoch", "epoch", "epoch", "end"], lines
    epochs = [v for kind, v in ours if kind == "epoch"]
    assert [e["n"] for e in epochs] == [1, 2, 3, 4]
    assert [e["loss"] for e in epochs] == history["loss"]  # repr: every digit of the float
    assert [e["accuracy"] for e in epochs] == history["accuracy"]
    end = ours[-1][1]
    assert (end["n"], end["stopped"], end["saved"], end["loss"]) == (4, 0, 1, history["loss"][-1])
    assert leftover is None
    written = json.loads(saved)
    about = written.pop("about")
    assert _weights(written) == _weights(model.to_dict())
    assert about["training"]["from"] == "pico" and about["training"]["epochs"] == 4
    # Laid out as model_json() lays it out: the board's file reads like the host's (up to the
    # order of the keys in "about", which MicroPython's dicts do not keep).
    cut = ' "about": '
    assert saved.split(cut)[0] == boardfiles.model_json(model.to_dict(), about).split(cut)[0]


def _run_failing(exception, at_step, step_first=False, **run):
    """_Board().run(**run) with adam's step number at_step raising `exception` (after the step
    when step_first) -> (lines, parsed, the board's model.json after, the board)."""
    from anne import optimizers
    original = optimizers.Adam.step
    calls = [0]

    def failing_step(self, params, grads):
        calls[0] += 1
        if step_first:
            original(self, params, grads)
        if calls[0] == at_step:
            raise exception()
        if not step_first:
            original(self, params, grads)
    optimizers.Adam.step = failing_step
    board = _Board()
    try:
        lines, parsed = board.run(**run)
        saved = board.read("model.json")
    finally:
        optimizers.Adam.step = original
        board.close()
    return lines, parsed, saved, board


def test_stop_in_the_middle_of_an_epoch_keeps_the_last_complete_epoch():
    # 5 steps an epoch (80 rows, batch 16): Ctrl-C in the middle of epoch 3
    lines, parsed, saved, board = _run_failing(KeyboardInterrupt, 13, step_first=True, epochs=10)
    ours = [p for p in parsed if p is not None]
    assert [v["n"] for kind, v in ours if kind == "epoch"] == [1, 2], lines
    assert ours[-1][0] == "end" and ours[-1][1]["n"] == 2 and ours[-1][1]["stopped"] == 1, lines
    model, _ = _fitted(2)
    written = json.loads(saved)
    assert _weights(written) == _weights(model.to_dict())
    assert written["about"]["training"]["epochs"] == 2


def test_stop_before_the_first_epoch_ends_keeps_model_json_as_it_was():
    lines, parsed, saved, board = _run_failing(KeyboardInterrupt, 1)
    assert ("end", {"n": 0, "stopped": 1, "saved": 0}) in parsed, lines
    assert saved == board.old_model_json


def test_too_little_free_heap_is_refused_before_training():
    import sys

    class SmallHeap:  # a Pico with 20000 bytes left, as gc tells it
        @staticmethod
        def collect():
            pass

        @staticmethod
        def mem_free():
            return 20000
    real_gc = sys.modules.get("gc")
    board = _Board(TRAIN_CODE.replace("Dense(3, 'relu', input_dim=4)", "Dense(40, 'relu', input_dim=4)")
                   .replace("Dense(2, 'relu')", "Dense(40, 'relu')"))
    sys.modules["gc"] = SmallHeap()
    try:
        lines, parsed = board.run()
        saved = board.read("model.json")
    finally:
        if real_gc is None:
            del sys.modules["gc"]
        else:
            sys.modules["gc"] = real_gc
        board.close()
    ours = [p for p in parsed if p is not None]
    assert len(ours) == 1 and ours[0][0] == "refused", lines
    assert ours[0][1]["free"] == 20000 and ours[0][1]["needed"] > 20000
    assert saved == board.old_model_json


def test_the_heap_estimate_grows_with_the_net_the_optimizer_and_the_epochs():
    ns = {}
    exec(boardfiles.train_py(1, call=False), ns)
    needed = ns["_anne_needed"]
    small = _code_model(TRAIN_CODE)
    big = _code_model(TRAIN_CODE.replace("Dense(3,", "Dense(30,"))
    assert needed(small, 100, "sgd") < needed(small, 100, "adam") < needed(small, 1000, "adam")
    assert needed(small, 100, "adam") < needed(big, 100, "adam")
    # What the 4-3-2-1 net keeps alive while it trains on a Pico (measured there: under 7 KB),
    # plus room for the garbage of a step: far below the ~150 KB a Pico has once anne is loaded.
    assert 7000 < needed(small, 100, "adam") < 20000


def test_a_board_without_code_in_main_py_trains_the_network_in_model_json():
    board = _Board()
    try:
        with open("main.py", "w") as f:
            f.write(boardfiles.main_py())
        lines, parsed = board.run(epochs=2)
    finally:
        board.close()
    model, history = _fitted(2)  # model.json holds the code's network
    assert [v["loss"] for kind, v in filter(None, parsed) if kind == "epoch"] == history["loss"], lines


def test_training_lines_are_read_back_and_nothing_else_is():
    read = boardfiles.read_train_line
    assert read("@anne1 epoch n=3 loss=0.5123412345678 accuracy=0.8125 ms=241.5\r\n") == (
        "epoch", {"n": 3, "loss": 0.5123412345678, "accuracy": 0.8125, "ms": 241.5})
    assert read("@anne1 end n=0 stopped=1 saved=0") == ("end", {"n": 0, "stopped": 1, "saved": 0})
    nan = read("@anne1 epoch n=1 loss=nan accuracy=0.5 ms=1.0")[1]["loss"]
    assert nan != nan
    for line in ["", "epoch n=3 loss=0.5 accuracy=1 ms=1", "@anne1", "@anne1 epoch n=3 loss=0.5",
                 "@anne1 epoch n=3 loss=0.5 accuracy=1 ms=", "@anne1 epoch n=x loss=0.5 accuracy=1 ms=1",
                 "@anne2 epoch n=3 loss=0.5 accuracy=1 ms=1", "@anne1 dance n=3", "x @anne1 end n=1 stopped=0 saved=1",
                 "@anne1 epoch n=3 loss=0.5 accuracy=1 ms=1 extra"]:
        assert read(line) is None, line


def test_an_error_in_the_code_on_the_board_names_main_py_and_keeps_model_json():
    board = _Board()
    try:
        with open("main.py") as f:
            main = f.read()
        main = main.replace("model = Sequential(", "1 / 0\nmodel = Sequential(")
        with open("main.py", "w") as f:
            f.write(main)
        error = raises(ZeroDivisionError, board.run)
        saved = board.read("model.json")
    finally:
        board.close()
    assert saved == board.old_model_json
    if hasattr(error, "__traceback__"):  # CPython: the traceback names the line of main.py
        import traceback
        frames = [(f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)]
        assert ("main.py", main.split("\n").index("1 / 0") + 1) in frames, frames


def test_running_out_of_memory_while_training_says_so_and_keeps_model_json():
    lines, parsed, saved, board = _run_failing(MemoryError, 8)  # in epoch 2
    ours = [p for p in parsed if p is not None]
    assert ours[-1] == ("memory", {"n": 1}), lines
    assert saved == board.old_model_json

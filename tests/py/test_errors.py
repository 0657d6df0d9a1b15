# cpython-only
"""site/py/errors.py on CPython: the student's line and a traceback without plumbing."""
import os
import sys

import pytest

# site/py is where the worker imports these from; no conftest.py here, so that
# tests/browser's conftest stays the only module of that name on sys.path.
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "site", "py")))
import errors  # noqa: E402
import session  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_syntax_error_gives_the_students_line():
    with pytest.raises(SyntaxError) as caught:
        session.run_code("x = 1\ny = (\n")
    info = errors.error_info(caught.value)
    assert info["type"] == "SyntaxError" and info["file"] == "exercise.py" and info["line"] == 2


def test_runtime_error_in_anne_points_at_the_students_line_and_keeps_anne_s_message():
    source = "from anne import Dense, Sequential\n\nmodel = Sequential([Dense(2, input_dim=4),\n  Dense(3, kernel=[[1, 2]])])\n"
    with pytest.raises(ValueError) as caught:
        session.run_code(source)
    info = errors.error_info(caught.value)
    assert info["line"] == 4 and info["file"] == "exercise.py"
    assert "kernel is 1x2, expected 1x3" in info["message"]
    assert info["traceback"].startswith("Traceback (most recent call last):\n  File \"exercise.py\", line 4")
    assert 'File "exercise.py", line 4' in info["traceback"]


def test_an_unknown_name_points_at_the_line_that_holds_it_not_the_calls_last_line():
    # (MicroPython reports a call written over several lines at its last line; CPython at its first.)
    s = session.Session(ROOT)
    code = ("from anne import Dense, Sequential\n"
            "model = Sequential([\n"
            "    Dense(2, activation=\"r\",\n"
            "          kernel=[[1.0, 2.0], [1, 2], [1, 2], [1, 2]],\n"
            "          bias=[0.0, 0.0]),\n"
            "])\n")
    reply = s.run({"code": code, "grid": 4})
    assert not reply["ok"] and "unknown activation 'r'" in reply["error"]["message"]
    assert reply["error"]["line"] == 3
    # A name that is nowhere in the code leaves the line as it was.
    info = errors.error_info(ValueError("unknown thing 'zzz'"), sources={"exercise.py": code})
    assert info["line"] is None

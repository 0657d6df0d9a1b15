# cpython-only
"""site/py/exercise.py on CPython: a model written as code rebuilds it exactly."""
import os
import sys

# site/py is where the worker imports these from (see test_session.py for why no conftest).
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "site", "py")))
import exercise  # noqa: E402
import session  # noqa: E402
from anne import Sequential, datasets, io, presets  # noqa: E402
from anne.preprocessing import Standardizer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _scaled_six():
    # Odd floats on purpose: the code must give back every bit of mean and std.
    return Sequential(presets.six().layers, scaling=Standardizer(
        mean=[6.262, 2.872, 4.906, 1.0 / 3.0], std=[0.659511940756193, 0.1 + 0.2, 0.8214401986754728, 1e-3]))


def test_a_model_without_scaling_is_written_as_before():
    code = exercise.model_source(presets.six())
    assert "Standardizer" not in code and "scaling" not in code
    assert code.rstrip().endswith("])")


def test_a_scaled_model_is_written_as_code_that_rebuilds_it_exactly():
    model = _scaled_six()
    code = exercise.model_source(model, ["a header"])
    assert "from anne.preprocessing import Standardizer" in code
    assert "scaling = Standardizer(mean=[6.262, 2.872, 4.906, 0.3333333333333333]," in code
    assert code.rstrip().endswith("], scaling=scaling)")
    built = session.run_code(code)
    assert built.to_dict() == model.to_dict()
    assert built.scaling.mean == model.scaling.mean and built.scaling.std == model.scaling.std
    X_cm = datasets.iris_paper(scaled=False)[2]
    assert built.predict(X_cm) == model.predict(X_cm)


def test_a_model_file_with_scaling_becomes_editor_code_that_keeps_it():
    s = session.Session(ROOT)
    s.setup()
    model = _scaled_six()
    reply = s.model_file({"text": io.dumps(model), "name": "six_cm.json"})
    assert reply["ok"], reply
    assert "scaling=scaling" in reply["code"]
    assert session.run_code(reply["code"]).to_dict() == model.to_dict()

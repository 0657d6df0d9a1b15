"""Test isolation shared by every CPython test.

Some tests (the playground's session, the exercise checks) drop the imported anne modules so
that edited copies are imported; a test module that imported anne earlier would then mix the
old and the new modules (say, an activation registered in the old registry and a Dense from
the new). Others run student code that registers activations. Each test therefore ends with
the anne modules it started with, and with their activation registry as it was.
"""
import sys

import pytest


def _anne_modules():
    return {k: v for k, v in sys.modules.items() if k == "anne" or k.startswith("anne.")}


@pytest.fixture(autouse=True)
def _restore_anne_modules():
    import anne.activations

    saved = _anne_modules()
    activations = saved["anne.activations"]
    registry = dict(activations._REGISTRY)
    yield
    if _anne_modules() != saved:
        for k in _anne_modules():
            del sys.modules[k]
        sys.modules.update(saved)
    activations._REGISTRY.clear()
    activations._REGISTRY.update(registry)

# cpython-only
"""Tests of the pure modules of site/py/ on CPython: they import like the worker does."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "site", "py")))

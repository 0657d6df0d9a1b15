"""AI-ANNE: a neural network written by hand, for CPython, the browser and the Pico."""
from .layers import Dense
from .model import Sequential
from .io import load, save

__version__ = "0.1.0"

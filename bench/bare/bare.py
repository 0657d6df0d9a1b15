# The bare page's worker: one line back to the page.
def hello():
    return "hello from MicroPython"


__export__ = ["hello"]

# cpython-only
"""How the browser suites and bench/site.py get a browser and a site: Debian's Chromium
with the flags this machine needs, and site/build/ rebuilt when a source is newer."""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "site", "build")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The sources the build reads; the site is rebuilt when one is newer than the last build.
_SOURCES = ["site", "anne", "scripts", "package-lock.json"]


def _newest_source():
    newest = 0.0
    for top in _SOURCES:
        path = os.path.join(ROOT, top)
        if os.path.isfile(path):
            newest = max(newest, os.path.getmtime(path))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in ("build", "dist", "__pycache__", "node_modules")]
            for name in files:
                newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def build_site():
    """Build site/build/ unless it is newer than every source."""
    index = os.path.join(BUILD, "index.html")
    if os.path.isfile(index) and os.path.getmtime(index) >= _newest_source():
        return
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build_site.py")],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError("the site did not build:\n" + result.stdout + result.stderr)

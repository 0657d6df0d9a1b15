"""The HTTP headers of the playground: one source for `make serve` and netlify.toml.

`python scripts/headers.py netlify` prints the [[headers]] blocks that netlify.toml
must contain; tests/browser/test_site_serve.py and tests/test_dist.py check that it does.
"""
import re
import sys

# Why each header is here:
# - COOP + COEP make the page cross-origin isolated, so SharedArrayBuffer exists and
#   PyScript's worker can reach the page synchronously (without them it warns and
#   falls back). Everything is same-origin, so require-corp costs us nothing.
# - CSP is the second line of "no request leaves our origin": the browser itself
#   refuses any other host. 'wasm-unsafe-eval' lets MicroPython compile its .wasm; blob:
#   (worker-src) is PyScript's worker. 'unsafe-eval' stays: PyScript builds its worker hooks
#   with Function(), and every worker started after the first (the restart that Stop and a
#   runaway `while True:` need) goes through them. Without it the page cannot get Python
#   back after a Stop (tests/browser/test_site_python.py, the endless-loop test).
#   No 'unsafe-inline' for scripts: the page has none.
ALL_PAGES = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
        "worker-src 'self' blob:",
        "connect-src 'self' blob: data:",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'self'",
    ]),
}

# Caching (issue 9). scripts/dist.py gives every file under js/, css/ and vendor/ its content
# hash in its name, so browsers may keep those for a year without asking again. Every other
# file keeps its name and is revalidated on each use (ETag, 304 when unchanged): the HTML,
# sw.js (a stale service worker would hide every new deploy), pyscript.json, anne/, py/ ...
# Netlify merges the values of a header set by two matching rules ("no-cache, max-age=..."),
# so no two rules that can match one path may set the same header (tests/test_dist.py checks).
# Paths without a Cache-Control rule get Netlify's default, "max-age=0, must-revalidate",
# which is what "no-cache" says; scripts/serve.py sends that.
HASHED = {"Cache-Control": "public, max-age=31536000, immutable"}
REVALIDATE = {"Cache-Control": "no-cache"}
HASHED_FOLDERS = ("js", "css", "vendor")  # scripts/dist.py reads this too
DEFAULT_CACHE = REVALIDATE["Cache-Control"]

# Netlify path patterns -> headers. "/*" matches every file; "*" matches anything, "/" too.
RULES = [("/*", ALL_PAGES)]
RULES += [("/{}/*".format(folder), HASHED) for folder in HASHED_FOLDERS]
RULES += [
    ("/*.wasm", {"Content-Type": "application/wasm"}),  # MicroPython; streaming compile needs it
    ("/", REVALIDATE),
    ("/index.html", REVALIDATE),
    ("/sw.js", REVALIDATE),
]


def _matches(pattern, path):
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), path) is not None


def for_path(path, hashed=False):
    """Headers for one request path (all rules whose pattern matches), path relative to the site.

    hashed=False: a build with plain names (site/build/, `make serve`), where nothing may be
    cached without asking: Cache-Control is "no-cache" for every path. hashed=True: the dist
    (site/dist/, what Netlify publishes), exactly what netlify.toml declares."""
    headers = {}
    for pattern, values in RULES:
        if _matches(pattern, path):
            headers.update(values)
    if not hashed or "Cache-Control" not in headers:
        headers["Cache-Control"] = DEFAULT_CACHE
    return headers


def netlify_toml():
    """The [[headers]] blocks for netlify.toml, generated from RULES."""
    out = []
    for pattern, values in RULES:
        out.append("[[headers]]")
        out.append('  for = "{}"'.format(pattern))
        out.append("  [headers.values]")
        for name, value in values.items():
            out.append('    {} = "{}"'.format(name, value.replace('"', '\\"')))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["netlify"]:
        sys.stdout.write(netlify_toml())
    else:
        sys.exit("usage: python scripts/headers.py netlify")

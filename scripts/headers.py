"""The HTTP headers of the playground: one source for `make serve` and netlify.toml.

`python scripts/headers.py netlify` prints the [[headers]] blocks that netlify.toml
must contain; tests/browser/test_headers.py checks that it does.
"""
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

# Netlify path patterns -> headers. "/*" matches every file.
RULES = [("/*", ALL_PAGES)]


def for_path(path):
    """Headers for one request path (all rules whose pattern matches)."""
    headers = {}
    for pattern, values in RULES:
        if pattern == "/*" or path == pattern:
            headers.update(values)
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

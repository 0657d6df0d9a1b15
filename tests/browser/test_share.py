# cpython-only
"""Share links in Chromium: a link restores code, exercise and settings in a fresh browser
without running anything; broken links of every kind give a clear message and the default
exercise; the Content-Security-Policy allows only the site itself and no inline script."""
import base64
import os
import random
import re
import time
import urllib.request

from conftest import PageWatch
from playground_helpers import code, set_code, wait_idle

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MESSAGE_OF = {  # share.js error codes -> words of the English message (site/i18n/en.json)
    "damaged": "damaged or incomplete",
    "not_a_link": "is not a playground link",
    "newer_version": "newer version of the playground",
    "unknown_version": "no version of the playground made",
    "too_long": "characters long; links have at most",
}


def wait_booted(page, timeout=30000):
    """Until Python is ready (a held link shows no view, so wait_idle cannot be used)."""
    page.wait_for_function("() => window.playground && window.playground.data && !window.playground.python.busy"
                           " && window.playground.editor.loaded",
                           timeout=timeout)


def make_link(page):
    page.get_by_test_id("share").click()
    field = page.get_by_test_id("share-url")
    field.wait_for(state="visible")
    return field.input_value()


def test_a_link_restores_code_exercise_and_settings_in_a_fresh_browser_without_running(playground, browser):
    page = playground
    page.select_option("#preset", "softmax")
    wait_idle(page)
    mine = code(page).replace("max(x[val])", "max(x)") + "\n# Grüße 🌼 from the teacher\n"
    set_code(page, mine)
    page.select_option("#fx", "0")
    page.select_option("#fy", "1")
    page.fill("#epochs", "321")
    page.dispatch_event("#epochs", "change")
    wait_idle(page)
    link = make_link(page)
    assert re.match(r"^http://127\.0\.0\.1:\d+/#v2\.[A-Za-z0-9_-]+$", link), link
    assert "Nothing is uploaded" in page.get_by_test_id("share-message").inner_text()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=link.split("#")[0].rstrip("/"))
    page.get_by_test_id("share-copy").click()
    page.wait_for_function("() => document.querySelector('[data-testid=share-message]').textContent === 'Copied.'")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    sent = page.evaluate("() => ({...window.playground.state})")

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        other = context.new_page()
        watch = PageWatch(other)
        other.goto(link)
        wait_booted(other)
        other.wait_for_timeout(1500)  # time in which an autorun would have happened
        assert code(other) == mine
        got = other.evaluate("() => ({...window.playground.state})")
        for name in ("preset", "fx", "fy", "epochs", "lr", "optimizer", "sample", "seed", "batch", "loss"):
            assert got[name] == sent[name], (name, got[name], sent[name])
        assert got["preset"] == "softmax" and got["fx"] == 0 and got["fy"] == 1 and got["epochs"] == 321
        assert other.input_value("#preset") == "softmax"
        assert other.get_by_test_id("exercise-title").inner_text() == "Softmax as printed"
        # Shown, not run: no run happened, and the page says so.
        assert other.evaluate("() => window.playground.runCount") == 0
        assert other.evaluate("() => window.playground.view") is None
        assert "Nothing has run yet" in other.get_by_test_id("link-notice").inner_text()
        assert "press Run" in other.get_by_test_id("status").inner_text()
        # Editing does not run it either (autorun waits for an explicit Run)...
        set_code(other, mine + "\n")
        other.wait_for_timeout(800)
        assert other.evaluate("() => window.playground.runCount") == 0
        # ...Run does. The address bar now holds the page's own state, not the link.
        other.get_by_test_id("run").click()
        wait_idle(other)
        assert other.evaluate("() => window.playground.runCount") >= 1
        assert other.evaluate("() => location.hash").startswith("#preset=softmax")
        assert not watch.errors and not watch.foreign, (watch.errors, watch.foreign)
    finally:
        context.close()


def test_the_visitors_own_code_is_kept_when_a_link_opens_the_same_exercise(playground, browser):
    link_code = "# from the link\n" + code(playground)
    set_code(playground, link_code)
    link = make_link(playground)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(link.split("#")[0])
        wait_idle(page)
        own = "# my own work\n" + code(page)
        set_code(page, own)
        wait_idle(page)
        page.goto("about:blank")
        page.goto(link)
        wait_booted(page)
        assert code(page) == link_code
        notice = page.get_by_test_id("link-notice")
        assert "earlier work is kept" in notice.inner_text()
        page.get_by_test_id("restore-code").click()
        assert code(page) == own
        page.reload()
        wait_idle(page)
        assert code(page) == own  # autosaved again, and no link left in the address bar
    finally:
        context.close()


def test_code_too_large_for_a_link_gets_a_clear_message(playground):
    rng = random.Random(5)
    big = "x = '" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12000)) + "'\n"
    set_code(playground, big)
    playground.get_by_test_id("share").click()
    message = playground.get_by_test_id("share-message")
    message.wait_for(state="visible")
    assert re.search(r"too large for a link: the link would be \d+ characters, at most 8192", message.inner_text())
    assert playground.get_by_test_id("share-url").is_hidden()
    assert code(playground) == big  # the student's code is untouched


def _fuzz_fragments(good, n, seed):
    """n broken fragments of five kinds, reproducible: (kind, text after '#')."""
    rng = random.Random(seed)
    prefix, body = good[1:].split(".", 1)
    prefix += "."  # the format this page writes ("v2.")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out = []
    for i in range(n):
        kind = ("random", "truncated", "tampered", "version", "huge")[i % 5]
        if kind == "random":
            raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))
            text = rng.choice([
                urllib.request.quote(raw, safe=""),
                base64.urlsafe_b64encode(raw).decode().rstrip("="),
                prefix + base64.urlsafe_b64encode(raw).decode().rstrip("="),
                raw.decode("latin-1").encode("utf-8").hex(),
            ])
        elif kind == "truncated":
            text = prefix + body[:rng.randrange(0, len(body) - 1)]
        elif kind == "tampered":
            chars = list(body)
            for _ in range(rng.randrange(1, 4)):
                j = rng.randrange(len(chars) - 1)  # the last character may carry only padding bits
                chars[j] = rng.choice([c for c in alphabet if c != chars[j]])
            text = prefix + "".join(chars)
        elif kind == "version":
            text = rng.choice(["v0.", "v3.", "v9.", "v10.", "v99999.", "v1", "v.", "V1.", "v1x.", "vv1."]) + body
        else:
            text = prefix + "".join(rng.choice(alphabet) for _ in range(rng.randrange(8200, 20000)))
        out.append((kind, text))
    return out


def test_1000_fuzzed_fragments_each_give_a_message_and_the_default_exercise(playground):
    """Through the page's own load path (course.readFragment reads location.hash), in one page."""
    good = make_link(playground).split("#", 1)[1]
    fragments = _fuzz_fragments("#" + good, 1000, seed=1)
    started = time.time()
    # location.hash is the URL parser's fragment; new URL() is that parser without the slow
    # history updates. For a sample, check both give the same text.
    same = playground.evaluate("""(fragments) => fragments.every(([kind, text]) => {
        history.replaceState(null, "", "#" + text);
        return location.hash === new URL(location.pathname + "#" + text, location.href).hash;
    })""", fragments[::20])
    assert same
    results = playground.evaluate("""(fragments) => fragments.map(([kind, text]) => {
        const t0 = performance.now();
        const hash = new URL(location.pathname + "#" + text, location.href).hash;  // = location.hash at load
        let r;
        try { r = window.course.readFragment(hash); } catch (e) { return {kind, thrown: String(e)}; }
        return {kind, code: r.problem && r.problem.code, message: r.problem && r.problem.message,
                preset: r.state.preset, hasCode: r.code !== null && r.code !== undefined, length: hash.length,
                ms: performance.now() - t0};
    })""", fragments)
    elapsed = time.time() - started
    counts = {}
    for (kind, text), r in zip(fragments, results):
        assert "thrown" not in r, (kind, text[:80], r)
        assert r["code"] in MESSAGE_OF, (kind, text[:80], r)
        assert MESSAGE_OF[r["code"]] in r["message"], r
        assert r["preset"] == "eight" and not r["hasCode"], (kind, text[:80], r)
        counts[(kind, r["code"])] = counts.get((kind, r["code"]), 0) + 1
    in_page = sum(r["ms"] for r in results) / 1000.0
    print("fuzz: 1000 fragments in %.2f s (%.2f s in the page):" % (elapsed, in_page), sorted(counts.items()))
    assert not playground.watch.errors


def test_broken_links_load_the_default_exercise_with_a_message(page, served_site):
    """Real page loads: each broken link opens the default exercise (preset eight) with the
    message, the address bar cleaned; every 6th load also waits for Python to run it. No
    uncaught error on any load."""
    watch = PageWatch(page)
    page.goto(served_site)
    wait_idle(page)
    default_code = code(page)
    set_code(page, "# link source\n" + default_code)
    good = make_link(page).split("#", 1)[1]
    set_code(page, default_code)
    wait_idle(page)
    fragments = _fuzz_fragments("#" + good, 26, seed=2)
    fragments += [("plain", "hello"), ("plain", "%ff%fe"), ("plain", "a=b&c=d"), ("plain", "v1.")]
    started = time.time()
    for n, (kind, text) in enumerate(fragments):
        if kind == "huge":
            text = text[:9000]  # a loaded URL this long is enough to be refused by length
        page.goto("about:blank")
        page.goto(served_site + "#" + text)
        try:
            page.wait_for_function("() => window.playground && window.playground.editor.file"
                                   " && !document.querySelector('[data-testid=link-notice]').hidden", timeout=30000)
            if n % 6 == 0:
                wait_idle(page, timeout=30000)
        except Exception:
            raise AssertionError("no default exercise after %s link %r: %s" % (kind, text[:60], page.evaluate(
                "() => [location.hash.slice(0, 60), document.getElementById('status').textContent,"
                " document.getElementById('link-notice').textContent]")))
        words = page.get_by_test_id("link-notice").inner_text()
        assert "The default exercise is open instead" in words, (kind, text[:60], words)
        assert any(m in words for m in MESSAGE_OF.values()), words
        assert page.evaluate("() => window.playground.state.preset") == "eight"
        assert page.evaluate("() => location.hash") == ""
        assert code(page) == default_code
        if n % 6 == 0:
            assert page.evaluate("() => window.playground.runCount") >= 1  # the default exercise ran
    print("%d broken links loaded in %.1f s" % (len(fragments), time.time() - started))
    assert not watch.errors, watch.errors
    assert not watch.foreign, watch.foreign


def test_a_link_from_an_older_page_and_the_page_own_hash_still_open(page, served_site):
    v1 = open(os.path.join(ROOT, "tests", "js", "share.test.mjs")).read()
    frozen = re.search(r'const V1_LINK = "(#v1\.[A-Za-z0-9_-]+)"', v1).group(1)
    watch = PageWatch(page)
    page.goto(served_site + frozen)
    wait_booted(page)
    assert "Grüße aus dem Kurs" in code(page)
    # That link names an exercise "softmax" with settings of the test table; whatever this
    # page does not know is named, never fatal.
    assert page.get_by_test_id("link-notice").is_visible()
    page.goto("about:blank")
    page.goto(served_site + "#preset=six&fx=0&fy=1")
    wait_idle(page)
    assert page.evaluate("() => [window.playground.state.preset, window.playground.state.fx]") == ["six", 0]
    assert page.get_by_test_id("link-notice").is_hidden()
    assert not watch.errors, watch.errors


def test_csp_allows_only_the_site_itself_and_no_inline_script(page, served_site):
    with urllib.request.urlopen(served_site) as response:
        csp = response.headers["Content-Security-Policy"]
        html = response.read().decode()
    assert csp, "make serve sends no Content-Security-Policy"
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    # Scripts: our own files; 'wasm-unsafe-eval' compiles MicroPython, and 'unsafe-eval' is
    # PyScript's worker hooks (Function()), which a restarted worker (Stop) needs
    # (scripts/headers.py says why). Never 'unsafe-inline', blob: or another host.
    assert set(directives["script-src"].split()) <= {"'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"}, csp
    for name, sources in directives.items():
        assert "http" not in sources and "*" not in sources, (name, sources)
        assert name == "style-src" or "'unsafe-inline'" not in sources, (name, sources)
        if name != "default-src":
            assert "'self'" in sources or sources == "'none'", (name, sources)
    toml = open(os.path.join(ROOT, "netlify.toml")).read()
    assert 'Content-Security-Policy = "{}"'.format(csp) in toml
    # No inline script or handler in the page: every <script> has a src.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> in index.html"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler in index.html"
    # And a real load, a run and a check report no CSP violation.
    page.add_init_script("""window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));""")
    watch = PageWatch(page)
    page.goto(served_site)
    wait_idle(page)
    page.select_option("#preset", "net-six")
    wait_idle(page)
    page.get_by_test_id("check").click()
    page.wait_for_function("() => document.querySelector('[data-testid=check-result]').dataset.state === 'failed'",
                           timeout=30000)
    assert page.evaluate("() => window.__csp") == []
    assert not watch.errors, watch.errors

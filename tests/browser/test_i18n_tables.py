# cpython-only
"""Every message key the page's code asks for (t("key") in site/js/) exists in English and in
German, so no student ever sees a key or an English line in a German page from a new message."""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JS = os.path.join(ROOT, "site", "js")
# t("source.code"), i18n.t('share.opened', ...), t(cond ? "a.b" : "c.d", ...), new OpenError("open.empty")
_CALL = re.compile(r"\b(?:t|OpenError)\(\s*([^)]*?)(?:,|\))")
_KEY = re.compile(r"""["']([a-z0-9_]+\.[a-z0-9_]+)["']""")
_FILE = (".py", ".js", ".json", ".zip", ".csv")


def tables():
    result = {}
    for lang in ("en", "de"):
        with open(os.path.join(ROOT, "site", "i18n", lang + ".json"), encoding="utf-8") as f:
            result[lang] = json.load(f)["messages"]
    return result


def keys_used():
    used = {}
    for folder, _, names in os.walk(JS):
        for name in names:
            if not name.endswith(".js"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            for call in _CALL.finditer(text):
                for key in _KEY.findall(call.group(1)):
                    if not key.endswith(_FILE):  # "exercise.py" in a condition is a file name
                        used.setdefault(key, name)
    return used


def test_every_key_the_page_uses_is_in_both_tables():
    used = keys_used()
    assert len(used) > 60  # the scan finds the calls (a broken pattern would find none)
    for lang, messages in tables().items():
        missing = sorted("%s (%s)" % (key, where) for key, where in used.items() if key not in messages)
        assert not missing, "%s.json lacks %s" % (lang, missing)


def test_german_messages_are_not_english_copies():
    en, de = tables()["en"], tables()["de"]
    # Words outside the placeholders; "#{row} {name}" or "Pico" are the same in both languages.
    words = lambda text: re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", "", text))
    same = [key for key in en if en[key] == de[key] and len(words(en[key])) > 1]
    assert same == [], same

"""How long a share link is for real projects (site/js/share.js, format v2).

    python bench/share.py        (make bench runs it; figures also go to bench/out/share.json)

Each project is built here with the repo's own files and encoded by the very share.js the
page bundles (in Node), against the shipped anne/ modules:
  net eight, code only    the "net-eight" exercise's starting code, nothing else; and the
                          paper net "eight" as the preset menu opens it (site/py/exercise.py)
  train, trained          the "train" exercise's code, its 4-4-1 net trained by anne on
                          CPython with the page's Train knobs (200 epochs, adam, lr 0.001,
                          batch 8, seed 0; the browser's MicroPython also computes in doubles,
                          so its weights print as long), and anne/activations.py edited on
                          one line (_LEAK = 0.2 -> 0.01)
  largest that fits       the same, with the hidden layer as wide as a link still carries
                          (4-n-1, found by bisection, each candidate trained the same way)
The limit is share.js's MAX_LINK_CHARS (8192 characters, "#" included).
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
sys.path[:0] = [ROOT, os.path.join(ROOT, "site", "py")]

import exercise  # noqa: E402  (site/py: the preset menu's code)
from anne import Dense, Sequential, datasets  # noqa: E402

# Node reads {"originals", "projects": [...]} on stdin, prints one encodeShare result per project.
ENCODE_JS = """
import { encodeShare, MAX_LINK_CHARS } from "./site/js/share.js";
import { FIELDS } from "./site/js/state.js";
let text = "";
for await (const chunk of process.stdin) text += chunk;
const { originals, projects } = JSON.parse(text);
const results = projects.map((p) => encodeShare(p, { fields: FIELDS, originals }));
console.log(JSON.stringify({ max: MAX_LINK_CHARS, results: results.map((r) => ({
  ok: r.ok, length: r.ok ? r.fragment.length : r.error.params.length, code: r.ok ? null : r.error.code,
  warnings: r.ok ? r.warnings.map((w) => w.code) : [] })) }));
"""

KNOBS = {"epochs": 200, "optimizer": "adam", "lr": 0.001, "batch": 8, "seed": 0, "loss": "auto"}


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def originals():
    folder = os.path.join(ROOT, "anne")
    return {"anne/" + name: read(os.path.join("anne", name)) for name in sorted(os.listdir(folder))
            if name.endswith(".py")}


def trained(hidden):
    """The train exercise's net with `hidden` relu units, trained as the page's Train button does."""
    X_train, y_train, _, _ = datasets.iris_paper()
    model = Sequential([Dense(hidden, "relu", input_dim=4), Dense(1, "sigmoid")], seed=1)
    model.fit(X_train, y_train, epochs=KNOBS["epochs"], lr=KNOBS["lr"], optimizer=KNOBS["optimizer"],
              batch_size=KNOBS["batch"], seed=KNOBS["seed"])
    result = {"model": model.to_dict()}
    result.update(KNOBS)
    result["from"] = "browser"
    return result


def encode(projects, shipped):
    proc = subprocess.run(["node", "--input-type=module", "-e", ENCODE_JS], cwd=ROOT, text=True,
                          input=json.dumps({"originals": shipped, "projects": projects}),
                          capture_output=True, timeout=300)
    if proc.returncode:
        sys.exit("node failed:\n" + proc.stderr)
    return json.loads(proc.stdout)


def main():
    shipped = originals()
    activations = shipped["anne/activations.py"]
    edited = activations.replace("_LEAK = 0.2\n", "_LEAK = 0.01\n")
    assert edited != activations, "anne/activations.py no longer has the line _LEAK = 0.2"
    settings = {"epochs": 200}
    eight = {"code": read("site/exercises/net-eight/start.py"), "exercise": "net-eight", "settings": {}}
    preset = {"code": exercise.all_presets()["eight"]["code"], "exercise": None, "settings": {}}
    train_code = read("site/exercises/train/start.py")

    def train_project(hidden):
        return {"code": train_code, "exercise": "train", "settings": settings,
                "modules": {"anne/activations.py": edited}, "trained": trained(hidden)}

    first = encode([eight, train_project(4), preset], shipped)
    limit = first["max"]
    # Bisection on the hidden width: the link grows by about 14 characters per weight.
    low, high = 4, 256
    lengths = {}
    while high - low > 1:
        middle = (low + high) // 2
        result = encode([train_project(middle)], shipped)["results"][0]
        lengths[middle] = result["length"]
        if result["ok"]:
            low = middle
        else:
            high = middle
    largest = encode([train_project(low)], shipped)["results"][0]
    weights = 4 * low + low + low + 1
    figures = [
        {"figure": "link: net eight's code only (%d characters of code)" % len(eight["code"]),
         "value": first["results"][0]["length"], "unit": "characters", "goal": "<= %d" % limit,
         "pass": first["results"][0]["ok"]},
        {"figure": "link: paper net eight's preset code only (%d characters, weights in it)" % len(preset["code"]),
         "value": first["results"][2]["length"], "unit": "characters", "goal": "<= %d" % limit,
         "pass": first["results"][2]["ok"]},
        {"figure": "link: train exercise, 4-4-1 trained 200 epochs, activations.py edited on one line",
         "value": first["results"][1]["length"], "unit": "characters", "goal": "<= %d" % limit,
         "pass": first["results"][1]["ok"]},
        {"figure": "link: largest that fits, 4-%d-1 trained (%d weights) + the same edit" % (low, weights),
         "value": largest["length"], "unit": "characters", "goal": "<= %d" % limit, "pass": largest["ok"]},
        {"figure": "link: one unit wider (4-%d-1), refused as too_large" % high,
         "value": lengths.get(high, 0), "unit": "characters", "goal": "> %d (too_large)" % limit,
         "pass": lengths.get(high, 0) > limit},
    ]
    for row in figures:
        print("{:<95} {:>6} {}".format(row["figure"], row["value"], row["unit"]))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "share.json"), "w") as f:
        json.dump(figures, f, indent=1)
    return 0 if all(row["pass"] for row in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

# The editor's starting code for each preset, written out from anne.presets so the
# weights on screen are the package's own (never retyped). Runs at build time on
# CPython (scripts/build_site.py) and in the worker ("put the trained weights in the code").

_HEADERS = {
    "eight": [
        'Net "eight" of the AI-ANNE paper (Tab. 2):',
        "4 inputs -> 2 relu -> 3 tanh -> 2 softmax",
        "-> 1 sigmoid: 18 of the paper's 20 test",
        "flowers right (90 %).",
    ],
    "six": [
        'Net "six" of the AI-ANNE paper: 4 inputs',
        "-> 3 relu -> 2 relu -> 1 relu, six neurons:",
        "19 of the paper's 20 test flowers right (95 %).",
    ],
}

_TRY = [
    "",
    "Output > 0.5: virginica (class 1),",
    "else versicolor (class 0).",
    'Try it: change an activation ("tanh" ->',
    '"relu") or a weight; the map follows as you',
    "type. Ctrl+Enter (Cmd+Enter) runs at once.",
    "kernel: a row per input, a column per unit",
    "(Keras layout); bias: one per unit.",
]

BLANK = '''# A blank exercise: build and train your own
# network for the paper's task: versicolor
# (class 0) or virginica (class 1) from 4
# standardised flower measurements. Train fits
# the weights; an edit starts again from fresh
# weights.
from anne import Dense, Sequential, activations


# An activation: a function of one number z.
# Training also needs its derivative.
def leaky(z):
    return z if z > 0 else 0.1 * z


def leaky_derivative(z):
    return 1.0 if z > 0 else 0.1


activations.register("leaky", leaky, leaky_derivative)

# seed: which random starting weights (try 1).
model = Sequential([
    Dense(4, activation="leaky", input_dim=4),
    Dense(1, activation="sigmoid"),
], seed=0)
'''


# The same comments in German (the page shows the start code in the student's language).
_HEADERS_DE = {
    "eight": [
        'Netz "eight" aus dem AI-ANNE-Paper (Tab. 2):',
        "4 Eingaben -> 2 relu -> 3 tanh -> 2 softmax",
        "-> 1 sigmoid: 18 der 20 Testblumen des",
        "Papers richtig (90 %).",
    ],
    "six": [
        'Netz "six" aus dem AI-ANNE-Paper: 4 Eingaben',
        "-> 3 relu -> 2 relu -> 1 relu, sechs Neuronen:",
        "19 der 20 Testblumen des Papers richtig (95 %).",
    ],
}

_TRY_DE = [
    "",
    "Ausgabe > 0,5: virginica (Klasse 1),",
    "sonst versicolor (Klasse 0).",
    'Probier es aus: ändere eine Aktivierung',
    '("tanh" -> "relu") oder ein Gewicht; die Karte',
    "folgt beim Tippen. Strg+Enter (Cmd+Enter)",
    "führt sofort aus.",
    "kernel: eine Zeile je Eingabe, eine Spalte",
    "je Neuron (Keras-Layout); bias: eins je Neuron.",
]

BLANK_DE = '''# Eine leere Aufgabe: baue und trainiere dein
# eigenes Netz für die Aufgabe des Papers:
# versicolor (Klasse 0) oder virginica (Klasse 1)
# aus 4 standardisierten Blütenmaßen. Trainieren
# passt die Gewichte an; eine Änderung beginnt
# wieder mit frischen Gewichten.
from anne import Dense, Sequential, activations


# Eine Aktivierung: eine Funktion einer Zahl z.
# Das Training braucht auch ihre Ableitung.
def leaky(z):
    return z if z > 0 else 0.1 * z


def leaky_derivative(z):
    return 1.0 if z > 0 else 0.1


activations.register("leaky", leaky, leaky_derivative)

# seed: welche zufälligen Startgewichte (probier 1).
model = Sequential([
    Dense(4, activation="leaky", input_dim=4),
    Dense(1, activation="sigmoid"),
], seed=0)
'''


def _number(v):
    # repr is the shortest text that reads back as the same float on CPython.
    return repr(float(v))


def _rows(kernel, indent):
    lines = []
    for k, row in enumerate(kernel):
        text = "[" + ", ".join(_number(v) for v in row) + "]"
        lines.append((" " * indent if k else "") + text)
    return "[" + (",\n").join(lines) + "]"


def _values(values):
    return "[" + ", ".join(_number(v) for v in values) + "]"


def model_source(model, header_lines=(), comment_lines=()):
    """A Sequential -> Python source that rebuilds it exactly (weights and scaling included)."""
    scaling = getattr(model, "scaling", None)
    out = ["# " + line if line else "#" for line in list(header_lines) + list(comment_lines)]
    out.append("from anne import Dense, Sequential")
    if scaling is not None:
        out.append("from anne.preprocessing import Standardizer")
        out.append("")
        out.append("# The network standardises its raw inputs (cm) first:")
        out.append("# (x - mean) / std, one mean and std per input.")
        out.append("scaling = Standardizer(mean=" + _values(scaling.mean) + ",")
        out.append("                       std=" + _values(scaling.std) + ")")
    out.append("")
    out.append("model = Sequential([")
    for layer in model.layers:
        head = '    Dense(%d, activation="%s",' % (layer.units, layer.activation)
        out.append(head)
        out.append("          kernel=" + _rows(layer.kernel, 18) + ",")
        out.append("          bias=" + _values(layer.bias) + "),")
    out.append("])" if scaling is None else "], scaling=scaling)")
    return "\n".join(out) + "\n"


def all_presets():
    """{name: {"title", "code", "codes": {"en", "de"}}} for the preset menu: eight, six and the
    blank exercise; "code" is the English start code, "codes" has it in each language."""
    from anne import presets

    result = {}
    for name in ("eight", "six"):
        model = presets.get(name)
        codes = {"en": model_source(model, _HEADERS[name], _TRY),
                 "de": model_source(model, _HEADERS_DE[name], _TRY_DE)}
        result[name] = {"title": 'Paper net "%s"' % name, "code": codes["en"], "codes": codes}
    result["blank"] = {"title": "Blank exercise", "code": BLANK, "codes": {"en": BLANK, "de": BLANK_DE}}
    return result

// Everything the page shows that is not code: one State, declared as a table of fields.
// The table drives reading and writing the URL hash, so a link carries only names and
// numbers, never code; unknown keys are dropped and a bad value gets an error naming it.
// (Share links and exercises, issue 7, extend FIELDS; rendering never reads the URL.)

export const OPTIMIZERS = ["sgd", "momentum", "adam"];
// "auto": anne picks the loss Keras users pair with the output activation.
export const LOSSES = ["auto", "binary_crossentropy", "mse"];

export const FIELDS = [
  { name: "preset", type: "word", words: ["eight", "six", "blank"], default: "eight" },
  { name: "fx", type: "int", min: 0, max: 3, default: 2 },     // decision map: feature across
  { name: "fy", type: "int", min: 0, max: 3, default: 3 },     // ... and up
  { name: "sample", type: "int", min: 0, max: 99, default: 80 }, // the traced flower (80 = 1st test row)
  { name: "epochs", type: "int", min: 1, max: 5000, default: 200 },
  // Keras' defaults (adam, 0.001): they train every preset without wrecking the paper's
  // weights (sgd at 0.1 takes net "six" from 95 % to 50 %).
  { name: "lr", type: "float", min: 1e-6, max: 10, default: 0.001 },
  { name: "optimizer", type: "word", words: OPTIMIZERS, default: "adam" },
  { name: "loss", type: "word", words: LOSSES, default: "auto" },
  { name: "batch", type: "int", min: 1, max: 80, default: 8 },
  { name: "seed", type: "int", min: 0, max: 2 ** 31 - 1, default: 0 },
  { name: "autorun", type: "bool", default: true },
];

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** text -> [value, null] or [null, "why not"] for one field. */
export function parseValue(field, text) {
  const bad = (why) => [null, `${field.name}=${text}: ${why}`];
  switch (field.type) {
    case "word":
      return field.words.includes(text) ? [text, null] : bad(`expected one of ${field.words.join(", ")}`);
    case "bool":
      if (text === "1" || text === "true") return [true, null];
      if (text === "0" || text === "false") return [false, null];
      return bad("expected 1 or 0");
    case "int":
    case "float": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) return bad("expected a number");
      if (field.type === "int" && !Number.isInteger(n)) return bad("expected a whole number");
      if (n < field.min || n > field.max) return bad(`expected ${field.min} to ${field.max}`);
      return [n, null];
    }
    default:
      return bad("unknown field type");
  }
}

function formatValue(field, value) {
  if (field.type === "bool") return value ? "1" : "0";
  return String(value);
}

export class State {
  constructor(values = {}) {
    for (const field of FIELDS) this[field.name] = field.name in values ? values[field.name] : field.default;
  }

  /** A copy with some fields changed (each change checked like a URL value). */
  with(changes) {
    const values = { ...this };
    for (const [name, value] of Object.entries(changes)) {
      const field = BY_NAME.get(name);
      if (!field) throw new Error(`State has no field "${name}"`);
      const [parsed, error] = parseValue(field, formatValue(field, value));
      if (error) throw new Error(error);
      values[name] = parsed;
    }
    return new State(values);
  }

  /** "#preset=six&fx=0" -> {state, errors}: defaults fill the gaps, bad values are named. */
  static fromHash(hash) {
    const values = {};
    const errors = [];
    const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    for (const [key, text] of params) {
      const field = BY_NAME.get(key);
      if (!field) continue; // unknown keys (an older or newer link) are dropped
      const [value, error] = parseValue(field, text);
      if (error) errors.push(error);
      else values[key] = value;
    }
    return { state: new State(values), errors };
  }

  /** Only the fields that differ from their defaults, in table order. */
  toHash() {
    const params = new URLSearchParams();
    for (const field of FIELDS) {
      if (this[field.name] !== field.default) params.set(field.name, formatValue(field, this[field.name]));
    }
    const text = params.toString();
    return text ? "#" + text : "";
  }
}

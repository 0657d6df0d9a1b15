// What a board says while it trains (Train on the Pico): the script from
// annetools/boardfiles.py (train_py) prints one line per epoch among whatever else the student's
// code prints, e.g.
//   @anne1 epoch n=3 loss=0.5123412345678 accuracy=0.8125 ms=241.5
// TrainStream takes the board's bytes in any chunks (a line split across reads, \r\n, a lone
// \r, UTF-8 cut in the middle) and hands out each line either as an event or as text. Only a
// complete line is read as an event: a line cut short (Ctrl-C, an unplugged cable) stays text.
// The format is boardfiles.read_train_line's (tests/js/trainstream.test.mjs checks both agree).

export const TRAIN_TAG = "@anne1";
// Each kind's keys that must be there; others may be.
const KINDS = {
  start: ["epochs", "needed"],
  epoch: ["n", "loss", "accuracy", "ms"],
  refused: ["free", "needed"],
  memory: ["n"],
  end: ["n", "stopped", "saved"],
};
const INT = /^-?\d+$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const FIELDS = {
  n: "int", epochs: "int", free: "int", needed: "int", stopped: "int", saved: "int",
  loss: "float", accuracy: "float", ms: "float",
};

function number(text, type) {
  if (type === "int") return INT.test(text) ? Number(text) : null;
  if (FLOAT.test(text)) return Number(text);
  // Python's repr of the floats a diverging training gives
  return { nan: NaN, inf: Infinity, "-inf": -Infinity }[text.toLowerCase()] ?? null;
}

/** One line -> {kind, ...values} for a line of the training format, else null. */
export function readTrainLine(line) {
  const words = line.trim().split(/\s+/);
  if (words[0] !== TRAIN_TAG || !Object.hasOwn(KINDS, words[1] ?? "")) return null;
  const event = { kind: words[1] };
  for (const word of words.slice(2)) {
    const at = word.indexOf("=");
    if (at < 0) return null;
    const key = word.slice(0, at);
    const text = word.slice(at + 1);
    if (key === "kind") return null;
    const value = Object.hasOwn(FIELDS, key) ? number(text, FIELDS[key]) : text;
    if (value === null) return null;
    event[key] = value;
  }
  return KINDS[event.kind].every((key) => key in event) ? event : null;
}

export class TrainStream {
  /** onEvent({kind, ...}) for the format's lines; onText(text) for every other line, with its "\n". */
  constructor({ onEvent = () => {}, onText = () => {} } = {}) {
    this.onEvent = onEvent;
    this.onText = onText;
    this.decoder = new TextDecoder();
    this.pending = "";     // the line so far
    this.afterCR = false;  // the last character was \r: a \n next belongs to the same line end
  }

  /** Bytes (Uint8Array) or text from the board, in any chunks. */
  push(chunk) {
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\n" && this.afterCR && i === from) {
        from = i + 1; // the \n of a \r\n whose \r ended the line already
      } else if (ch === "\n" || ch === "\r") {
        this.line(this.pending + text.slice(from, i));
        this.pending = "";
        from = i + 1;
      }
      this.afterCR = ch === "\r";
    }
    this.pending += text.slice(from);
  }

  /** The board stopped sending: a last line without its end is text, never an event. */
  end() {
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    if (rest) this.onText(rest);
  }

  line(line) {
    const event = readTrainLine(line);
    if (event) this.onEvent(event);
    else this.onText(line + "\n");
  }
}

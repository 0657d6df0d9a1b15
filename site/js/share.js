// Share links: the student's whole project in the URL fragment, so nothing is sent to a
// server: the exercise code, the edited anne/ modules, the trained weights and the view.
//
//     #v2.<base64url( deflate-raw(JSON) ++ CRC-32 of the JSON, 4 bytes big-endian )>
//
// The JSON (format v2) is
//     {"code": str, "exercise": id or null, "settings": {name: value},
//      "modules": {"anne/activations.py": {"base": CRC-32 of the shipped file, "diff": [op, ...]}},
//      "trained": null or {"model": {"format": "anne", "version": 2, "layers": [...], "scaling"?},
//                          "epochs", "optimizer", "lr", "batch", "seed", "loss", "from"}}
// A module travels as a line diff against the file the page ships (jsdiff's diffLines), one
// op per run of lines: n > 0 keeps n lines, n < 0 deletes -n lines, a string is inserted
// text. The ops cover every line of the original, and "base" names the original, so an edit
// made against another version of the file is refused (module_changed), never mis-applied.
// Format v1 is the same JSON without "modules" and "trained"; it still opens (DECODERS).
//
// The version number picks the decoder, so a link made by an older page still opens; the
// CRC turns a cut-off or altered link into a clear error instead of altered code. Settings
// and the trained run's knobs are read only through a declared table of fields (state.js
// FIELDS: name, type, allowed words or range, default): unknown keys are dropped, a bad
// value is named in a warning. A bad module or trained part is dropped with a warning and
// the rest still opens. Nothing here throws on any input, and nothing here runs code: the
// page decides what to do with a decoded state (it shows it; Run runs it), and the page's
// Python checks the trained model again before it uses it.
//
// No DOM access, so Node tests the very file the page bundles (tests/js/share.test.mjs).
import { deflateSync, inflateSync } from "fflate";
import { diffLines } from "diff";

export const VERSION = 2;
/** Longest fragment we make or read (characters, "#" included): links this long survive chat and mail. */
export const MAX_LINK_CHARS = 8192;
/** Longest code (and longest module text) a link may carry, in characters. */
export const MAX_CODE_CHARS = 65536;
/** Most edited modules one link carries (anne/ has 16 files). */
export const MAX_MODULES = 32;
/** Limits on a trained model in a link (the page's Python checks the model again). */
export const MAX_LAYERS = 32;
export const MAX_UNITS = 256;
// What a link may unpack to. Honest projects stay far below (8192 characters of deflate is
// ~30 KB of code); the cap stops a crafted link of zeros from inflating to megabytes.
const MAX_JSON_BYTES = 2 * 1024 * 1024;
const MAX_DIFF_OPS = MAX_CODE_CHARS; // each op covers at least one line or one character
const MAX_DIFF_LINES = 1 << 20;
// jsdiff stops after this many edited lines or this long (a whole rewrite of a long file
// is then sent as "delete all, insert all", which the link limit refuses anyway).
const DIFF_MAX_EDIT_LENGTH = 4000;
const DIFF_TIMEOUT_MS = 500;
const EXERCISE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MODULE_NAME = /^anne\/[a-z_][a-z0-9_]*\.py$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// What mail and chat programs glue to the end of a link ("see <url>." or "(url)").
const TRAILING_PUNCTUATION = /[\s.,;:!?)\]}>'"]+$/;

// English texts; the page shows the same messages translated (site/i18n/*.json, "share.<code>").
const MESSAGES = {
  too_long: "This link is {length} characters long; links have at most {max}. It was not made by this playground.",
  not_a_link: "This link's ending (after #) is not a playground link.",
  newer_version: "This link was made by a newer version of the playground (format v{version}); this page reads up to v{max}. Reload the page, or ask for a new link.",
  unknown_version: "This link has a format (v{version}) that no version of the playground made.",
  damaged: "This link is damaged or incomplete: was it cut off or changed when it was copied?",
  too_large: "The project is too large for a link: the link would be {length} characters, at most {max} are allowed. Use \"Download for Pico (.zip)\" to pass it on instead.",
  code_too_long: "The code has {length} characters; a link can carry at most {max}.",
  bad_setting: "The link's setting {name} = {value} is not valid ({expected}); the default {fallback} is used.",
  bad_code: "The link carries no code; the exercise opens without it.",
  unknown_exercise: "The link names an exercise \"{id}\" that this page does not have; the code is opened without it.",
  too_large_unpacked: "The project is too large for a link: unpacked it would be {length} bytes, at most {max} are allowed. Use \"Download for Pico (.zip)\" to pass it on instead.",
  module_too_long: "The module {name} has {length} characters; a link can carry at most {max}.",
  too_many_modules: "{count} modules are edited; a link carries at most {max}.",
  bad_module_name: "\"{name}\" is not one of the playground's anne/ modules, so a link cannot carry it.",
  bad_module: "The link's edit of {name} is damaged; the module opens unedited.",
  module_changed: "The link's edit of {name} was made for another version of the file; the module opens unedited.",
  bad_trained: "The trained weights are not valid ({where}: expected {expected}); they are left out, train again to get them.",
};

/** {code, params} -> the English message (the i18n table has the same keys). */
export function describe(code, params = {}) {
  const template = MESSAGES[code] || code;
  return template.replace(/\{(\w+)\}/g, (_, key) => (key in params ? String(params[key]) : `{${key}}`));
}

function problem(code, params = {}) {
  return { code, params, message: describe(code, params) };
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

// --- bytes <-> text ---------------------------------------------------------------------

// CRC-32 (IEEE 802.3, as in zip and PNG), one table built on first use.
let crcTable = null;
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url text -> bytes, or null when it is not base64url. */
export function fromBase64url(text) {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

// --- settings, through the declared table -------------------------------------------------

function expectation(field) {
  switch (field.type) {
    case "word":
      return `one of ${field.words.join(", ")}`;
    case "bool":
      return "true or false";
    case "int":
      return `a whole number from ${field.min} to ${field.max}`;
    case "float":
      return `a number from ${field.min} to ${field.max}`;
    default:
      return field.type;
  }
}

/** One value as JSON carries it -> true when it is allowed for field. */
export function validValue(field, value) {
  switch (field.type) {
    case "word":
      return typeof value === "string" && field.words.includes(value);
    case "bool":
      return typeof value === "boolean";
    case "int":
      return Number.isInteger(value) && value >= field.min && value <= field.max;
    case "float":
      return typeof value === "number" && Number.isFinite(value) && value >= field.min && value <= field.max;
    default:
      return false;
  }
}

function shown(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 40 ? text.slice(0, 37) + "..." : text;
}

/** A name for a message: shown, without the quotes JSON gives a string. */
const named = (value) => shown(value).replace(/^"|"$/g, "");

/**
 * A settings object from a link -> {settings, warnings}: every field of the table, each
 * from the link when valid, else its default; keys the table does not declare are dropped.
 */
export function readSettings(values, fields) {
  const settings = {};
  const warnings = [];
  const given = values !== null && typeof values === "object" && !Array.isArray(values) ? values : {};
  for (const field of fields) {
    settings[field.name] = field.default;
    if (!Object.prototype.hasOwnProperty.call(given, field.name)) continue;
    const value = given[field.name];
    if (validValue(field, value)) settings[field.name] = value;
    else {
      warnings.push(problem("bad_setting", {
        name: field.name, value: shown(value), expected: expectation(field), fallback: shown(field.default),
      }));
    }
  }
  return { settings, warnings };
}

// --- anne/ modules, as line diffs against the shipped files -----------------------------

/** Text -> its lines, each with its line ending ("\n" or "\r\n"), as jsdiff's diffLines counts them. */
function splitLines(text) {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** The original's lines and diff ops -> the edited text, or null when the ops do not fit. */
function applyOps(lines, ops) {
  const out = [];
  let at = 0;
  for (const op of ops) {
    if (typeof op === "string") out.push(op);
    else if (op > 0) {
      if (at + op > lines.length) return null;
      for (let end = at + op; at < end; at++) out.push(lines[at]);
    } else {
      if (at - op > lines.length) return null;
      at -= op;
    }
  }
  return at === lines.length ? out.join("") : null;
}

/** original, edited text -> diff ops (keep n, delete -n, insert "text") covering every original line. */
export function diffOps(original, edited) {
  const lines = splitLines(original);
  const changes = diffLines(original, edited, { maxEditLength: DIFF_MAX_EDIT_LENGTH, timeout: DIFF_TIMEOUT_MS });
  if (changes) {
    const ops = [];
    for (const change of changes) {
      if (change.added) ops.push(change.value);
      else if (change.count > 0) ops.push(change.removed ? -change.count : change.count);
    }
    // jsdiff and splitLines agree on what a line is; the check makes sure of it.
    if (applyOps(lines, ops) === edited) return ops;
  }
  const ops = lines.length ? [-lines.length] : [];
  if (edited !== "") ops.push(edited);
  return ops;
}

function moduleCrc(text) {
  return crc32(utf8.encode(text));
}

/** A module entry as a link carries it -> {base, diff} (a fresh copy), or null when malformed. */
function readModuleEntry(entry) {
  if (!isObject(entry)) return null;
  const { base, diff } = entry;
  if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) return null;
  if (!Array.isArray(diff) || diff.length > MAX_DIFF_OPS) return null;
  let inserted = 0;
  for (const op of diff) {
    if (typeof op === "string") {
      inserted += op.length;
      if (op === "" || inserted > MAX_CODE_CHARS) return null;
    } else if (!Number.isInteger(op) || op === 0 || Math.abs(op) > MAX_DIFF_LINES) return null;
  }
  return { base, diff: diff.slice() };
}

/**
 * name, the page's shipped text of it, a decoded entry {base, diff} -> {ok: true, text} (the
 * edited module) or {ok: false, error: module_changed}: the shipped file is not the one the
 * link's edit was made against, or the edit does not fit it. Never throws.
 */
export function applyModuleDiff(name, original, entry) {
  try {
    const changed = { ok: false, error: problem("module_changed", { name: named(name) }) };
    const read = readModuleEntry(entry);
    if (typeof original !== "string" || !read || moduleCrc(original) !== read.base) return changed;
    const text = applyOps(splitLines(original), read.diff);
    return text === null ? changed : { ok: true, text };
  } catch (e) {
    return { ok: false, error: problem("module_changed", { name: String(name), detail: String(e) }) };
  }
}

/** {name: edited text}, {name: shipped text} -> {modules: {name: {base, diff}}} or {error}. */
function encodeModules(edited, originals) {
  const modules = {};
  if (!isObject(edited)) return { modules };
  const shipped = (name) => (isObject(originals) && own(originals, name) ? originals[name] : undefined);
  const changed = Object.keys(edited).sort().filter((name) => edited[name] !== shipped(name));
  if (changed.length > MAX_MODULES) return { error: problem("too_many_modules", { count: changed.length, max: MAX_MODULES }) };
  for (const name of changed) {
    const text = edited[name];
    const original = shipped(name);
    // A module the page does not ship has no original to diff against: not ours to carry.
    if (!MODULE_NAME.test(name) || typeof text !== "string" || typeof original !== "string") {
      return { error: problem("bad_module_name", { name: named(name) }) };
    }
    if (text.length > MAX_CODE_CHARS) {
      return { error: problem("module_too_long", { name, length: text.length, max: MAX_CODE_CHARS }) };
    }
    modules[name] = { base: moduleCrc(original), diff: diffOps(original, text) };
  }
  return { modules };
}

/** The modules part of a decoded link -> {name: {base, diff}}; bad entries dropped with a warning. */
function readModules(value, warnings) {
  const modules = {};
  if (value === undefined || value === null) return modules;
  if (!isObject(value)) {
    warnings.push(problem("bad_module", { name: "modules" }));
    return modules;
  }
  const names = Object.keys(value);
  if (names.length > MAX_MODULES) warnings.push(problem("too_many_modules", { count: names.length, max: MAX_MODULES }));
  for (const name of names.slice(0, MAX_MODULES)) {
    if (!MODULE_NAME.test(name)) {
      warnings.push(problem("bad_module_name", { name: named(name) }));
      continue;
    }
    const entry = readModuleEntry(value[name]);
    if (entry) modules[name] = entry;
    else warnings.push(problem("bad_module", { name }));
  }
  return modules;
}

// --- trained weights ------------------------------------------------------------------------

// The trained run's knobs, each read through the state table's field of the same name (the
// kind here is the fallback when a table does not declare it).
const TRAINED_KNOBS = [
  ["epochs", "int"], ["optimizer", "word"], ["lr", "float"], ["batch", "int"], ["seed", "int"], ["loss", "word"],
];
const KIND_EXPECTED = { int: "a whole number", float: "a number", word: "a name" };
const TRAINED_FROM = ["browser", "pico"];
const MODEL_VERSIONS = [1, 2]; // anne/io.py reads both; "scaling" came with version 2

class Invalid {
  constructor(where, expected) {
    this.where = where;
    this.expected = expected;
  }
}

function fail(where, expected) {
  throw new Invalid(where, expected);
}

function numbers(value, length, where, check = Number.isFinite, expected = "a finite number") {
  if (!Array.isArray(value) || value.length !== length) fail(where, `a list of ${length} numbers`);
  for (let i = 0; i < length; i++) {
    if (typeof value[i] !== "number" || !check(value[i])) fail(`${where}[${i}]`, expected);
  }
  return value.slice();
}

function readModel(model) {
  const where = "trained.model";
  if (!isObject(model)) fail(where, "an anne model {format, version, layers}");
  if (model.format !== "anne") fail(`${where}.format`, '"anne"');
  if (!MODEL_VERSIONS.includes(model.version)) fail(`${where}.version`, MODEL_VERSIONS.join(" or "));
  const specs = model.layers;
  if (!Array.isArray(specs) || specs.length < 1 || specs.length > MAX_LAYERS) {
    fail(`${where}.layers`, `a list of 1 to ${MAX_LAYERS} layers`);
  }
  const layers = [];
  let inputs = null;
  let nIn = null;
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k];
    const at = `${where}.layers[${k}]`;
    if (!isObject(spec)) fail(at, "a layer {units, activation, kernel, bias}");
    const { units, activation, kernel } = spec;
    if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) fail(`${at}.units`, `a whole number from 1 to ${MAX_UNITS}`);
    if (typeof activation !== "string" || !IDENTIFIER.test(activation)) fail(`${at}.activation`, "a name such as relu");
    if (nIn === null) {
      // The first layer's kernel says how many inputs the network takes.
      if (!Array.isArray(kernel) || kernel.length < 1 || kernel.length > MAX_UNITS) {
        fail(`${at}.kernel`, `a list of 1 to ${MAX_UNITS} rows (one per input)`);
      }
      nIn = inputs = kernel.length;
    } else if (!Array.isArray(kernel) || kernel.length !== nIn) {
      fail(`${at}.kernel`, `${nIn} rows (the previous layer's units)`);
    }
    // Array.from, not map: a hole in a list is a missing number, not one to skip.
    const rows = Array.from(kernel, (row, i) => numbers(row, units, `${at}.kernel[${i}]`));
    const bias = numbers(spec.bias, units, `${at}.bias`);
    layers.push({ units, activation, kernel: rows, bias });
    nIn = units;
  }
  const read = { format: "anne", version: model.version, layers };
  if (model.scaling !== undefined) {
    if (model.version < 2) fail(`${where}.scaling`, "no scaling in a version 1 model");
    if (!isObject(model.scaling)) fail(`${where}.scaling`, "{mean, std}");
    read.scaling = {
      mean: numbers(model.scaling.mean, inputs, `${where}.scaling.mean`),
      std: numbers(model.scaling.std, inputs, `${where}.scaling.std`, (x) => Number.isFinite(x) && x > 0, "a number > 0"),
    };
  }
  return read;
}

function knobValid(kind, value) {
  switch (kind) {
    case "int":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === "string" && IDENTIFIER.test(value);
  }
}

/**
 * A trained part (from the page or from a link) -> {trained, warning}: trained is a clean
 * copy (known keys only, numbers as numbers) or null; warning names the first bad place.
 */
export function readTrained(value, fields = []) {
  if (value === null || value === undefined) return { trained: null, warning: null };
  try {
    if (!isObject(value)) fail("trained", "{model, epochs, optimizer, lr, batch, seed, loss, from}");
    const trained = { model: readModel(value.model) };
    for (const [name, kind] of TRAINED_KNOBS) {
      const field = fields.find((f) => f.name === name);
      const valid = field ? validValue(field, value[name]) : knobValid(kind, value[name]);
      if (!valid) fail(`trained.${name}`, field ? expectation(field) : KIND_EXPECTED[kind]);
      trained[name] = value[name];
    }
    if (!TRAINED_FROM.includes(value.from)) fail("trained.from", `one of ${TRAINED_FROM.join(", ")}`);
    trained.from = value.from;
    return { trained, warning: null };
  } catch (e) {
    // (Only a caller's odd object, a getter that throws, say, can raise anything else.)
    const invalid = e instanceof Invalid ? e : new Invalid("trained", "plain data");
    return { trained: null, warning: problem("bad_trained", { where: invalid.where, expected: invalid.expected }) };
  }
}

// --- encode -------------------------------------------------------------------------------

function pack(data) {
  const json = utf8.encode(JSON.stringify(data));
  if (json.length > MAX_JSON_BYTES) {
    return { error: problem("too_large_unpacked", { length: json.length, max: MAX_JSON_BYTES }) };
  }
  const packed = deflateSync(json, { level: 9 });
  const bytes = new Uint8Array(packed.length + 4);
  bytes.set(packed);
  new DataView(bytes.buffer).setUint32(packed.length, crc32(json));
  return { payload: toBase64url(bytes) };
}

/**
 * project {code, exercise, settings, modules: {name: edited text}, trained} and
 * originals {name: shipped text} -> {ok: true, fragment: "#v2.…", warnings} or {ok: false, error}.
 * Only the table's fields go into the link, only modules that differ from their originals,
 * and trained weights only when valid (else a bad_trained warning, and the link goes without
 * them). A link we make is always one we can read. Never throws.
 */
export function encodeShare(project, { fields = [], originals = {} } = {}) {
  try {
    const code = typeof project?.code === "string" ? project.code : "";
    if (code.length > MAX_CODE_CHARS) {
      return { ok: false, error: problem("code_too_long", { length: code.length, max: MAX_CODE_CHARS }) };
    }
    const exercise = typeof project?.exercise === "string" && EXERCISE_ID.test(project.exercise) ? project.exercise : null;
    const { settings } = readSettings(project?.settings, fields);
    const { modules, error } = encodeModules(project?.modules, originals);
    if (error) return { ok: false, error };
    const { trained, warning } = readTrained(project?.trained, fields);
    const packed = pack({ code, exercise, settings, modules, trained });
    if (packed.error) return { ok: false, error: packed.error };
    const fragment = `#v${VERSION}.${packed.payload}`;
    if (fragment.length > MAX_LINK_CHARS) {
      return { ok: false, error: problem("too_large", { length: fragment.length, max: MAX_LINK_CHARS }) };
    }
    return { ok: true, fragment, warnings: warning ? [warning] : [] };
  } catch (e) {
    // Unreachable by design (a caller's object whose getters throw, say).
    return { ok: false, error: problem("damaged", { detail: String(e) }) };
  }
}

// --- decode -------------------------------------------------------------------------------

/** True when a fragment claims to be a share link ("#v" and a digit), broken or not. */
export function isShareFragment(hash) {
  return typeof hash === "string" && /^#?v\d/.test(hash);
}

/** base64url payload -> {data: the JSON object} or {error: damaged}. */
function unpack(payload) {
  const damaged = { error: problem("damaged") };
  const bytes = fromBase64url(payload);
  if (!bytes || bytes.length < 5) return damaged;
  const packed = bytes.subarray(0, bytes.length - 4);
  const expected = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0);
  let json;
  try {
    // A link is at most MAX_LINK_CHARS, so deflate's 1032:1 caps this at a few MB.
    json = inflateSync(packed);
  } catch {
    return damaged;
  }
  if (json.length > MAX_JSON_BYTES || crc32(json) !== expected) return damaged;
  let data;
  try {
    data = JSON.parse(strictUtf8.decode(json));
  } catch {
    return damaged;
  }
  return isObject(data) ? { data } : damaged;
}

/** The parts every format has -> {code, exercise, settings, warnings}. */
function readBasics(data, { fields, exerciseIds }) {
  const warnings = [];
  let code = null;
  if (typeof data.code === "string" && data.code.length <= MAX_CODE_CHARS) code = data.code;
  else warnings.push(problem("bad_code"));
  let exercise = null;
  if (data.exercise !== null && data.exercise !== undefined) {
    const known = typeof data.exercise === "string" && EXERCISE_ID.test(data.exercise)
      && (!exerciseIds || exerciseIds.includes(data.exercise));
    if (known) exercise = data.exercise;
    else warnings.push(problem("unknown_exercise", { id: named(data.exercise) }));
  }
  const read = readSettings(data.settings, fields);
  return { code, exercise, settings: read.settings, warnings: warnings.concat(read.warnings) };
}

function decodeV1(payload, options) {
  const { data, error } = unpack(payload);
  if (error) return { ok: false, error };
  const { code, exercise, settings, warnings } = readBasics(data, options);
  return { ok: true, state: { version: 1, code, exercise, settings, modules: {}, trained: null }, warnings };
}

function decodeV2(payload, options) {
  const { data, error } = unpack(payload);
  if (error) return { ok: false, error };
  const { code, exercise, settings, warnings } = readBasics(data, options);
  const modules = readModules(data.modules, warnings);
  const { trained, warning } = readTrained(data.trained, options.fields);
  if (warning) warnings.push(warning);
  return { ok: true, state: { version: 2, code, exercise, settings, modules, trained }, warnings };
}

// One decoder per format version; a new format adds a line here and keeps the old ones.
const DECODERS = { 1: decodeV1, 2: decodeV2 };

/**
 * location.hash -> {ok: true, state: null} (no link), {ok: true, state, warnings}, or
 * {ok: false, error: {code, params, message}}. Never throws.
 *   fields: the settings table (state.js FIELDS); exerciseIds: the exercises this page has.
 * state: {version, code, exercise, settings, modules: {name: {base, diff}}, trained}; a
 * module's text comes from applyModuleDiff(name, the page's shipped text, modules[name]).
 */
export function decodeShare(hash, { fields = [], exerciseIds = null } = {}) {
  try {
    if (typeof hash !== "string") return { ok: false, error: problem("not_a_link") };
    let text = hash.startsWith("#") ? hash.slice(1) : hash;
    if (text.length > MAX_LINK_CHARS) return { ok: false, error: problem("too_long", { length: text.length + 1, max: MAX_LINK_CHARS }) };
    if (text.trim() === "") return { ok: true, state: null, warnings: [] };
    const match = /^v(\d{1,9})\.(.*)$/s.exec(text);
    if (!match) return { ok: false, error: problem("not_a_link") };
    const version = Number(match[1]);
    const decoder = DECODERS[version];
    if (!decoder) {
      const error = version > VERSION ? problem("newer_version", { version, max: VERSION }) : problem("unknown_version", { version });
      return { ok: false, error };
    }
    return decoder(match[2].replace(TRAILING_PUNCTUATION, ""), { fields, exerciseIds });
  } catch (e) {
    // Unreachable by design; if it is reached, the link is still just "damaged", not a crash.
    return { ok: false, error: problem("damaged", { detail: String(e) }) };
  }
}

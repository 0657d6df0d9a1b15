// Share links: the editor's code, the exercise and the visualiser settings in the URL
// fragment, so nothing is sent to a server:
//
//     #v1.<base64url( deflate-raw(JSON) ++ CRC-32 of the JSON, 4 bytes big-endian )>
//
// The JSON is {"code": str, "exercise": id or null, "settings": {name: value}}. The version
// number picks the decoder, so a link made by an older page still opens (DECODERS below);
// the CRC turns a cut-off or altered link into a clear error instead of altered code.
// Settings are read only through a declared table of fields (state.js FIELDS: name, type,
// allowed words or range, default): unknown keys are dropped, a bad value is named in a
// warning and replaced by its default. Nothing here throws on any input, and nothing here
// runs code: the page decides what to do with a decoded state (it shows it; Run runs it).
//
// No DOM access, so Node tests the very file the page bundles (tests/js/share.test.mjs).
import { deflateSync, inflateSync } from "fflate";

export const VERSION = 1;
/** Longest fragment we make or read (characters, "#" included): links this long survive chat and mail. */
export const MAX_LINK_CHARS = 8192;
/** Longest code a link may carry, in characters (a cap on what decompression may produce). */
export const MAX_CODE_CHARS = 65536;
const MAX_JSON_BYTES = 4 * MAX_CODE_CHARS + 16384; // UTF-8 of the longest code, plus settings
const EXERCISE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
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
  too_large: "The code is too large for a link: the link would be {length} characters, at most {max} are allowed. Shorten the code (comments, unused functions), or save it as a file instead.",
  code_too_long: "The code has {length} characters; a link can carry at most {max}.",
  bad_setting: "The link's setting {name} = {value} is not valid ({expected}); the default {fallback} is used.",
  bad_code: "The link carries no code; the exercise opens without it.",
  unknown_exercise: "The link names an exercise \"{id}\" that this page does not have; the code is opened without it.",
};

/** {code, params} -> the English message (the i18n table has the same keys). */
export function describe(code, params = {}) {
  const template = MESSAGES[code] || code;
  return template.replace(/\{(\w+)\}/g, (_, key) => (key in params ? String(params[key]) : `{${key}}`));
}

function problem(code, params = {}) {
  return { code, params, message: describe(code, params) };
}

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

// --- encode -------------------------------------------------------------------------------

/**
 * {code, exercise, settings} -> {ok: true, fragment: "#v1.…"} or {ok: false, error}.
 * Only the table's fields go into the link; a link we make is always one we can read.
 */
export function encodeShare(state, { fields = [] } = {}) {
  const code = typeof state?.code === "string" ? state.code : "";
  if (code.length > MAX_CODE_CHARS) {
    return { ok: false, error: problem("code_too_long", { length: code.length, max: MAX_CODE_CHARS }) };
  }
  const exercise = typeof state?.exercise === "string" && EXERCISE_ID.test(state.exercise) ? state.exercise : null;
  const { settings } = readSettings(state?.settings, fields);
  const json = utf8.encode(JSON.stringify({ code, exercise, settings }));
  const packed = deflateSync(json, { level: 9 });
  const bytes = new Uint8Array(packed.length + 4);
  bytes.set(packed);
  new DataView(bytes.buffer).setUint32(packed.length, crc32(json));
  const fragment = `#v${VERSION}.${toBase64url(bytes)}`;
  if (fragment.length > MAX_LINK_CHARS) {
    return { ok: false, error: problem("too_large", { length: fragment.length, max: MAX_LINK_CHARS }) };
  }
  return { ok: true, fragment };
}

// --- decode -------------------------------------------------------------------------------

/** True when a fragment claims to be a share link ("#v" and a digit), broken or not. */
export function isShareFragment(hash) {
  return typeof hash === "string" && /^#?v\d/.test(hash);
}

function decodeV1(payload, { fields, exerciseIds }) {
  const bytes = fromBase64url(payload);
  if (!bytes || bytes.length < 5) return { ok: false, error: problem("damaged") };
  const packed = bytes.subarray(0, bytes.length - 4);
  const expected = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0);
  let json;
  try {
    // A link is at most MAX_LINK_CHARS, so deflate's 1032:1 caps this at a few MB.
    json = inflateSync(packed);
  } catch {
    return { ok: false, error: problem("damaged") };
  }
  if (json.length > MAX_JSON_BYTES || crc32(json) !== expected) return { ok: false, error: problem("damaged") };
  let data;
  try {
    data = JSON.parse(strictUtf8.decode(json));
  } catch {
    return { ok: false, error: problem("damaged") };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { ok: false, error: problem("damaged") };
  const warnings = [];
  let code = null;
  if (typeof data.code === "string" && data.code.length <= MAX_CODE_CHARS) code = data.code;
  else warnings.push(problem("bad_code"));
  let exercise = null;
  if (data.exercise !== null && data.exercise !== undefined) {
    const known = typeof data.exercise === "string" && EXERCISE_ID.test(data.exercise)
      && (!exerciseIds || exerciseIds.includes(data.exercise));
    if (known) exercise = data.exercise;
    else warnings.push(problem("unknown_exercise", { id: shown(data.exercise).replace(/^"|"$/g, "") }));
  }
  const read = readSettings(data.settings, fields);
  return { ok: true, state: { version: 1, code, exercise, settings: read.settings }, warnings: warnings.concat(read.warnings) };
}

// One decoder per format version; a new format adds a line here and keeps the old ones.
const DECODERS = { 1: decodeV1 };

/**
 * location.hash -> {ok: true, state: null} (no link), {ok: true, state, warnings}, or
 * {ok: false, error: {code, params, message}}. Never throws.
 *   fields: the settings table (state.js FIELDS); exerciseIds: the exercises this page has.
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

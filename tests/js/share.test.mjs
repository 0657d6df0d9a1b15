// The share-link codec (site/js/share.js), the very file the page bundles.
//   node --test tests/js/share.test.mjs      (tests/test_share_js.py runs it under pytest)
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "fflate";
import {
  MAX_CODE_CHARS, MAX_LINK_CHARS, MAX_MODULES, VERSION, applyModuleDiff, crc32, decodeShare, describe, diffOps,
  encodeShare, fromBase64url, isShareFragment, readSettings, readTrained, toBase64url,
} from "../../site/js/share.js";
import { FIELDS as STATE_FIELDS } from "../../site/js/state.js";
import { readdirSync, readFileSync } from "node:fs";

// The same table format as site/js/state.js FIELDS.
const FIELDS = [
  { name: "preset", type: "word", words: ["eight", "six", "blank"], default: "eight" },
  { name: "fx", type: "int", min: 0, max: 3, default: 2 },
  { name: "lr", type: "float", min: 1e-6, max: 10, default: 0.1 },
  { name: "autorun", type: "bool", default: true },
];
const DEFAULTS = { preset: "eight", fx: 2, lr: 0.1, autorun: true };
const CODE = "from anne import Dense, Sequential\n\n# Grüße aus dem Kurs: ä ö ü ß 🌼\n"
  + 'model = Sequential([Dense(1, "sigmoid", input_dim=4)])\n';

// A link made by format v1 and frozen here: every later version of share.js must open it.
const V1_LINK = "#v1.TY4xagMxEEWvMkwaG0RwIGkE7gIpUqaMQhDeWTOwGq01EiwY38B32MZncLWdLuQjeNeVq8__n__4R9zFhtBim2IAL0LAoY8pwyeJkoEfOhSSzL5z4uQFvlKd6kjgi0JDAb5LUgv1AvUKdYI6wm08T07CjO1g-7Rf_T6QqzcDDpX3IXLj0ABLX_J_w2H7vv5bO0GDNFDasS6_NLY5-GEOlXJm2SvaI_aJZrvUvFTtgHZjsEuzvG4-DPqSYyqCtvWd0ul0B3Iw-Qw";

// A small seeded PRNG (xorshift32), so a failure names a case that can be run again.
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

// Every problem share.js may report; anything else from it is a bug.
const KNOWN_CODES = ["too_long", "not_a_link", "newer_version", "unknown_version", "damaged", "too_large",
  "code_too_long", "bad_setting", "bad_code", "unknown_exercise", "too_large_unpacked", "module_too_long",
  "too_many_modules", "bad_module_name", "bad_module", "module_changed", "bad_trained"];

// The shipped anne/ modules are the originals a link's edits are made against.
const ANNE = new URL("../../anne/", import.meta.url);
const ORIGINALS = Object.fromEntries(readdirSync(ANNE).filter((f) => f.endsWith(".py"))
  .map((f) => [`anne/${f}`, readFileSync(new URL(f, ANNE), "utf8")]));
const ACTIVATIONS = ORIGINALS["anne/activations.py"];
const EXERCISE_IDS = ["eight", "net-eight", "train", "softmax"];
const ACTIVATION_NAMES = ["relu", "tanh", "sigmoid", "softmax", "linear", "leaky_relu"];

/** A trained part as the page hands it over: random doubles, like weights trained in the browser. */
function trainedFor(random, sizes, { scaling = false, from = "browser" } = {}) {
  const weight = () => (random() * 2 - 1) * 3;
  const layers = [];
  for (let k = 1; k < sizes.length; k++) {
    layers.push({
      units: sizes[k],
      activation: ACTIVATION_NAMES[Math.floor(random() * ACTIVATION_NAMES.length)],
      kernel: Array.from({ length: sizes[k - 1] }, () => Array.from({ length: sizes[k] }, weight)),
      bias: Array.from({ length: sizes[k] }, weight),
    });
  }
  const model = { format: "anne", version: 2, layers };
  if (scaling) {
    model.scaling = { mean: Array.from({ length: sizes[0] }, weight), std: Array.from({ length: sizes[0] }, () => 0.01 + random()) };
  }
  return { model, epochs: 200, optimizer: "adam", lr: 0.001, batch: 8, seed: 0, loss: "auto", from };
}

const encodeProject = (project, originals = ORIGINALS) => encodeShare(project, { fields: STATE_FIELDS, originals });
const decodeProject = (hash) => decodeShare(hash, { fields: STATE_FIELDS, exerciseIds: EXERCISE_IDS });

/** A decoded state -> the project it opens as (module texts applied to the originals). */
function opened(state, originals = ORIGINALS) {
  const modules = {};
  for (const [name, entry] of Object.entries(state.modules)) {
    const applied = applyModuleDiff(name, originals[name], entry);
    assert.equal(applied.ok, true, `${name}: ${JSON.stringify(applied.error)}`);
    modules[name] = applied.text;
  }
  const { code, exercise, settings, trained } = state;
  return { code, exercise, settings, modules, trained };
}

const STATE_DEFAULTS = Object.fromEntries(STATE_FIELDS.map((f) => [f.name, f.default]));

const encode = (state) => encodeShare(state, { fields: FIELDS });
const decode = (hash, ids = ["eight", "softmax"]) => decodeShare(hash, { fields: FIELDS, exerciseIds: ids });

function assertError(result, code, hash) {
  assert.equal(result.ok, false, `expected an error for ${String(hash).slice(0, 80)}`);
  if (code) assert.equal(result.error.code, code, String(hash).slice(0, 80));
  assert.equal(typeof result.error.message, "string");
  assert.ok(result.error.message.length > 20, result.error.message);
}

/** A link with any JSON inside and a correct checksum (what a tampering tool could make). */
function linkFor(jsonText, version = 1) {
  const json = new TextEncoder().encode(jsonText);
  const packed = deflateSync(json);
  const bytes = new Uint8Array(packed.length + 4);
  bytes.set(packed);
  new DataView(bytes.buffer).setUint32(packed.length, crc32(json));
  return `#v${version}.` + toBase64url(bytes);
}

test("a link round-trips code, exercise and settings exactly", () => {
  const state = { code: CODE, exercise: "softmax", settings: { preset: "six", fx: 0, lr: 0.05, autorun: false } };
  const made = encode(state);
  assert.equal(made.ok, true);
  assert.deepEqual(made.warnings, []);
  assert.match(made.fragment, /^#v2\.[A-Za-z0-9_-]+$/);
  const back = decode(made.fragment);
  assert.deepEqual(back, { ok: true, state: { version: 2, ...state, modules: {}, trained: null }, warnings: [] });
});

test("round trip for 300 random codes: any Unicode, empty, long", () => {
  const random = rng(7);
  const alphabet = ["a", " ", "\n", "\t", "#", "%", "\\", '"', "ä", "ß", "€", "🌼", "\u0000", "\u2028", "\ud7ff", "\ue000"];
  for (let n = 0; n < 300; n++) {
    const length = n === 0 ? 0 : Math.floor(random() * (n < 290 ? 400 : 6000));
    let code = "";
    for (let i = 0; i < length; i++) code += alphabet[Math.floor(random() * alphabet.length)];
    const made = encode({ code, exercise: null, settings: {} });
    if (!made.ok) {
      assert.equal(made.error.code, "too_large");
      continue;
    }
    const back = decode(made.fragment);
    assert.equal(back.ok, true);
    assert.equal(back.state.code, code, `case ${n}`);
    assert.deepEqual(back.state.settings, DEFAULTS);
  }
});

test("a link made by format v1 still opens", () => {
  assert.equal(VERSION >= 1, true);
  const back = decode(V1_LINK);
  assert.equal(back.ok, true, JSON.stringify(back));
  assert.equal(back.state.code, CODE);
  assert.equal(back.state.exercise, "softmax");
  assert.deepEqual(back.state.settings, { preset: "six", fx: 0, lr: 0.05, autorun: false });
  assert.equal(back.state.version, 1);
  assert.deepEqual(back.state.modules, {});
  assert.equal(back.state.trained, null);
  // v1 never carried modules or weights: a v1 link that claims some opens without them.
  const claimed = decode(linkFor(JSON.stringify({ code: "x", modules: { "anne/io.py": { base: 0, diff: ["y"] } }, trained: {} })));
  assert.deepEqual([claimed.state.modules, claimed.state.trained, claimed.warnings], [{}, null, []]);
});

test("code too large for a link: a clear message with the sizes, no link", () => {
  // Random text does not compress: about 8 KB of it cannot fit in 8192 characters.
  const random = rng(3);
  let code = "";
  while (code.length < 9000) code += String.fromCharCode(33 + Math.floor(random() * 90));
  const made = encode({ code, exercise: null, settings: {} });
  assert.equal(made.ok, false);
  assert.equal(made.error.code, "too_large");
  assert.equal(made.error.params.max, MAX_LINK_CHARS);
  assert.ok(made.error.params.length > MAX_LINK_CHARS);
  assert.match(made.error.message, /too large for a link: the link would be \d+ characters, at most 8192/);
  const huge = encode({ code: "x".repeat(MAX_CODE_CHARS + 1), exercise: null, settings: {} });
  assert.equal(huge.ok, false);
  assert.equal(huge.error.code, "code_too_long");
  // Typical code compresses well: the paper's net with comments is far below the limit.
  assert.equal(encode({ code: CODE.repeat(40), exercise: null, settings: {} }).ok, true);
});

test("every cut-off prefix of a link is an error, never altered code", () => {
  const { fragment } = encode({ code: CODE, exercise: "eight", settings: { fx: 1 } });
  for (let end = 4; end < fragment.length; end++) assertError(decode(fragment.slice(0, end)), "damaged", fragment.slice(0, end));
  assert.deepEqual(decode("#"), { ok: true, state: null, warnings: [] });
  assert.deepEqual(decode(""), { ok: true, state: null, warnings: [] });
});

test("every changed character of a link is an error (the checksum)", () => {
  const { fragment } = encode({ code: CODE, exercise: "eight", settings: {} });
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let tried = 0;
  for (let i = 4; i < fragment.length; i++) {
    for (const k of [1, 17, 40]) {
      const c = chars[(chars.indexOf(fragment[i]) + k) % 64];
      const tampered = fragment.slice(0, i) + c + fragment.slice(i + 1);
      const result = decode(tampered);
      // The last character may carry only padding bits: then the bytes (and the link) are the same.
      if (result.ok) assert.deepEqual(fromBase64url(tampered.slice(4)), fromBase64url(fragment.slice(4)), tampered);
      else assertError(result, "damaged", tampered);
      tried++;
    }
  }
  assert.ok(tried > 300);
});

test("wrong versions are named", () => {
  assertError(decode("#v3.abcd"), "newer_version");
  assert.match(decode("#v3.abcd").error.message, /newer version of the playground \(format v3\); this page reads up to v2/);
  assertError(decode("#v2.abcd"), "damaged");
  assertError(decode("#v999999999.abcd"), "newer_version");
  assertError(decode("#v0.abcd"), "unknown_version");
  assertError(decode(V1_LINK.replace("#v1.", "#v3.")), "newer_version");
  // The v2 decoder reads a v1 payload as a project without modules and weights.
  assert.equal(decode(V1_LINK.replace("#v1.", "#v2.")).state.code, CODE);
  for (const hash of ["#v", "#v1", "#v1x.abc", "#vv1.abc", "#V1.abc", "#v1234567890.abc", "#preset=six", "#%00", "# v1.abc"]) {
    assertError(decode(hash), hash.startsWith("#v1") && hash.length > 4 ? null : "not_a_link", hash);
  }
  assert.equal(isShareFragment(V1_LINK), true);
  assert.equal(isShareFragment("#v9.x"), true);
  assert.equal(isShareFragment("#preset=six"), false);
  assert.equal(isShareFragment(undefined), false);
});

test("huge fragments are refused at once, by length", () => {
  const started = Date.now();
  for (const hash of ["#v1." + "A".repeat(MAX_LINK_CHARS), "#" + "x".repeat(5_000_000), V1_LINK + "A".repeat(MAX_LINK_CHARS)]) {
    assertError(decode(hash), "too_long", hash);
    assert.match(decode(hash).error.message, /characters long; links have at most 8192/);
  }
  assert.ok(Date.now() - started < 500);
});

test("a small link that inflates to megabytes is refused", () => {
  const hash = linkFor(JSON.stringify({ code: " ".repeat(3_000_000), exercise: null, settings: {} }));
  assert.ok(hash.length < MAX_LINK_CHARS, `${hash.length}`);
  assertError(decode(hash), "damaged");
});

test("a link with a correct checksum but odd JSON opens what it can", () => {
  for (const text of ["[]", "null", "5", '"code"', "{", "\u00ff"]) assertError(decode(linkFor(text)), "damaged", text);
  let back = decode(linkFor('{"code": 5, "exercise": "nope", "settings": {"lr": "0.5", "fx": 7, "preset": "six", "evil": 1}}'));
  assert.equal(back.ok, true);
  assert.equal(back.state.code, null);
  assert.equal(back.state.exercise, null);
  assert.deepEqual(back.state.settings, { ...DEFAULTS, preset: "six" });
  const codes = back.warnings.map((w) => w.code).sort();
  assert.deepEqual(codes, ["bad_code", "bad_setting", "bad_setting", "unknown_exercise"]);
  const lr = back.warnings.find((w) => w.params.name === "lr");
  assert.match(lr.message, /setting lr = "0\.5" is not valid \(a number from 0\.000001 to 10\); the default 0\.1 is used/);
  assert.match(back.warnings.find((w) => w.code === "unknown_exercise").message, /exercise "nope"/);
  // No prototype pollution through a crafted link.
  back = decode(linkFor('{"code": "x", "settings": {"__proto__": {"polluted": 1}, "constructor": 3}}'));
  assert.equal(back.ok, true);
  assert.equal({}.polluted, undefined);
  assert.deepEqual(back.state.settings, DEFAULTS);
});

test("settings: unknown keys dropped, defaults fill the gaps, bad values named", () => {
  const { settings, warnings } = readSettings({ fx: 3, lr: 1e-7, autorun: "yes", extra: [1] }, FIELDS);
  assert.deepEqual(settings, { preset: "eight", fx: 3, lr: 0.1, autorun: true });
  assert.deepEqual(warnings.map((w) => w.params.name), ["lr", "autorun"]);
  assert.match(warnings[1].message, /autorun = "yes" is not valid \(true or false\); the default true is used/);
  for (const bad of [null, 5, "x", [1, 2]]) assert.deepEqual(readSettings(bad, FIELDS), { settings: DEFAULTS, warnings: [] });
  assert.equal(readSettings({ fx: 1.5 }, FIELDS).warnings.length, 1);
  assert.equal(readSettings({ lr: Infinity }, FIELDS).warnings.length, 1);
});

test("unknown exercise: the code still opens, with a warning", () => {
  const { fragment } = encode({ code: "x = 1\n", exercise: "softmax", settings: {} });
  const back = decode(fragment, ["eight"]);
  assert.equal(back.ok, true);
  assert.equal(back.state.code, "x = 1\n");
  assert.equal(back.state.exercise, null);
  assert.equal(back.warnings[0].code, "unknown_exercise");
  // Without a list of exercises, any well-formed id passes (the page checks it later).
  assert.equal(decodeShare(fragment, { fields: FIELDS }).state.exercise, "softmax");
});

test("punctuation a mail program glued to the link is ignored", () => {
  for (const tail of [".", ")", ").", ">", "'", " ", "\n", "!?"]) {
    const back = decode(V1_LINK + tail);
    assert.equal(back.ok, true, JSON.stringify(tail));
    assert.equal(back.state.code, CODE);
  }
});

test("10,000 fuzzed fragments: never a throw, always a clear message", () => {
  const random = rng(2024);
  const { fragment: good } = encode({ code: CODE, exercise: "eight", settings: { fx: 0 } });
  const makers = [
    // random code units, surrogates included
    () => "#" + Array.from({ length: Math.floor(random() * 200) }, () => String.fromCharCode(Math.floor(random() * 65536))).join(""),
    // random base64url after a correct prefix
    () => "#v1." + Array.from({ length: 1 + Math.floor(random() * 300) }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[Math.floor(random() * 64)]).join(""),
    // a real link cut off somewhere
    () => good.slice(0, 4 + Math.floor(random() * (good.length - 5))),
    // a real link with random characters spliced in
    () => { const i = 4 + Math.floor(random() * (good.length - 4)); return good.slice(0, i) + String.fromCharCode(32 + Math.floor(random() * 95)) + good.slice(i + 1); },
    // other versions
    () => "#v" + Math.floor(random() * 1e6 + 2) + good.slice(3),
    // random bytes, deflated, with a correct checksum: valid link format, garbage inside
    () => { const b = new Uint8Array(Math.floor(random() * 100)); for (let i = 0; i < b.length; i++) b[i] = random() * 256; return linkFor(new TextDecoder().decode(b)); },
    // huge
    () => "#v1." + "Q".repeat(MAX_LINK_CHARS + Math.floor(random() * 100000)),
  ];
  let errors = 0;
  for (let n = 0; n < 10_000; n++) {
    const hash = makers[n % makers.length]();
    let result;
    assert.doesNotThrow(() => { result = decode(hash); }, `case ${n}`);
    if (result.ok) {
      // Only an empty fragment, or a correctly checksummed one (maker 5, or a splice that
      // changed a padding bit) may open, and then only with readable fields.
      assert.ok(result.state === null || typeof result.state.code === "string" || result.state.code === null, `case ${n}`);
      if (n % makers.length !== 5 && result.state) assert.equal(result.state.code, CODE, `case ${n}`);
    } else {
      assert.equal(typeof result.error.message, "string", `case ${n}`);
      errors++;
    }
  }
  assert.ok(errors > 9000, `${errors}`);
});

test("non-string input and odd types never throw", () => {
  for (const value of [undefined, null, 5, {}, [], Symbol.iterator, () => 1]) assertError(decodeShare(value), "not_a_link");
  assert.equal(encodeShare(undefined).ok, true);
  assert.equal(encodeShare({ code: 5, exercise: "../etc", settings: 3 }).ok, true);
  assert.equal(decodeShare(encodeShare({ code: 5, exercise: "../etc" }).fragment).state.exercise, null);
});

test("messages have every placeholder filled", () => {
  assert.equal(describe("too_large", { length: 9000, max: 8192 }).includes("{"), false);
  assert.equal(describe("no_such_code"), "no_such_code");
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926); // the CRC-32 check value
  assert.equal(toBase64url(new Uint8Array([251, 255])), "-_8");
  assert.deepEqual(Array.from(fromBase64url("-_8")), [251, 255]);
  assert.equal(fromBase64url("abcde"), null);
  assert.equal(fromBase64url("ab+c"), null);
});

test("the page's English table says what share.js says", async () => {
  const { readFile } = await import("node:fs/promises");
  const en = JSON.parse(await readFile(new URL("../../site/i18n/en.json", import.meta.url), "utf8"));
  const de = JSON.parse(await readFile(new URL("../../site/i18n/de.json", import.meta.url), "utf8"));
  const codes = KNOWN_CODES;
  for (const code of codes) {
    assert.equal(en.messages[`share.${code}`], describe(code), code);
    assert.ok(de.messages[`share.${code}`] && de.messages[`share.${code}`] !== describe(code), code);
    const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(placeholders(de.messages[`share.${code}`]), placeholders(describe(code)), code);
  }
});

// ---- format v2: the whole project ---------------------------------------------------------

test("a whole project round-trips: code, edited module, trained weights, settings", () => {
  const random = rng(11);
  const edited = ACTIVATIONS.replace("_LEAK = 0.2\n", "_LEAK = 0.01  # the paper's slope\n");
  assert.notEqual(edited, ACTIVATIONS);
  const project = {
    code: CODE + "print('Grüße', \"🌼\", '\\u2028')\n",
    exercise: "train",
    settings: { ...STATE_DEFAULTS, preset: "six", epochs: 200, lr: 0.1, optimizer: "sgd", seed: 7 },
    modules: { "anne/activations.py": edited, "anne/io.py": ORIGINALS["anne/io.py"] }, // io.py is unedited
    trained: trainedFor(random, [4, 4, 1], { scaling: true }),
  };
  const made = encodeProject(project);
  assert.equal(made.ok, true, JSON.stringify(made.error));
  assert.deepEqual(made.warnings, []);
  assert.match(made.fragment, /^#v2\.[A-Za-z0-9_-]+$/);
  const back = decodeProject(made.fragment);
  assert.equal(back.ok, true);
  assert.deepEqual(back.warnings, []);
  assert.equal(back.state.version, 2);
  // Only the edited module travels, as a line diff: keep, delete one line, insert one, keep the rest.
  assert.deepEqual(Object.keys(back.state.modules), ["anne/activations.py"]);
  const entry = back.state.modules["anne/activations.py"];
  assert.equal(entry.base, crc32(new TextEncoder().encode(ACTIVATIONS)));
  assert.equal(entry.diff.length, 4, JSON.stringify(entry.diff));
  assert.deepEqual([typeof entry.diff[0], entry.diff[1], entry.diff[2]], ["number", -1, "_LEAK = 0.01  # the paper's slope\n"]);
  assert.deepEqual(opened(back.state), { ...project, modules: { "anne/activations.py": edited } });
});

test("line diffs: any edit of any shipped module comes back exactly", () => {
  const random = rng(5);
  const pieces = ["", "\n", "x = 1\n", "    return 0\n", "# ä 🌼\n", "\r\n", "no newline"];
  let cases = 0;
  for (const [name, original] of Object.entries(ORIGINALS)) {
    for (let n = 0; n < 12; n++) {
      const lines = original.split(/(?<=\n)/);
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * (lines.length + 1));
        const piece = pieces[Math.floor(random() * pieces.length)];
        if (random() < 0.4) lines.splice(at, 1 + Math.floor(random() * 3));
        else lines.splice(at, random() < 0.5 ? 0 : 1, piece);
      }
      const edited = n === 0 ? "" : n === 1 ? original.slice(0, -1) : lines.join("");
      const ops = diffOps(original, edited);
      const applied = applyModuleDiff(name, original, { base: crc32(new TextEncoder().encode(original)), diff: ops });
      assert.deepEqual(applied, { ok: true, text: edited }, `${name} case ${n}`);
      cases++;
    }
  }
  assert.ok(cases > 100);
  // A whole rewrite of a long file: one delete and one insert, no slow diff.
  const started = Date.now();
  const long = Array.from({ length: 20000 }, (_, i) => `line ${i}\n`).join("");
  const other = Array.from({ length: 20000 }, (_, i) => `other ${i}\n`).join("");
  assert.deepEqual(diffOps(long, other), [-20000, other]);
  assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  assert.deepEqual(diffOps("", ""), []);
  assert.deepEqual(diffOps("a\n", "a\n"), [1]);
});

test("an edit made for another version of the module is refused, never mis-applied", () => {
  const edited = ACTIVATIONS.replace("_LEAK = 0.2\n", "_LEAK = 0.01\n");
  const { fragment } = encodeProject({ code: "", modules: { "anne/activations.py": edited } });
  const entry = decodeProject(fragment).state.modules["anne/activations.py"];
  assert.equal(applyModuleDiff("anne/activations.py", ACTIVATIONS, entry).text, edited);
  // The page ships a newer activations.py: one character differs.
  const newer = ACTIVATIONS.replace("def relu(x):", "def relu(xs):");
  const refused = applyModuleDiff("anne/activations.py", newer, entry);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, "module_changed");
  assert.equal(refused.error.message,
    "The link's edit of anne/activations.py was made for another version of the file; the module opens unedited.");
  // The right base but ops that do not fit the file: refused as well.
  const base = entry.base;
  for (const diff of [[100000], [1], [-1], [1, "x"], [...entry.diff, 1], entry.diff.slice(0, -1)]) {
    assert.equal(applyModuleDiff("anne/activations.py", ACTIVATIONS, { base, diff }).error.code, "module_changed", JSON.stringify(diff));
  }
  // Garbage in any argument: a problem, never a throw.
  for (const bad of [undefined, null, 5, "x", [], { base }, { base: -1, diff: [] }, { base: 2 ** 32, diff: [] },
    { base, diff: [0] }, { base, diff: [1.5] }, { base, diff: [""] }, { base, diff: "1" }, { base, diff: [null] }]) {
    const result = applyModuleDiff("anne/activations.py", ACTIVATIONS, bad);
    assert.equal(result.error.code, "module_changed", JSON.stringify(bad));
  }
  assert.equal(applyModuleDiff("anne/activations.py", undefined, entry).error.code, "module_changed");
  assert.equal(applyModuleDiff(Symbol("x"), newer, entry).error.params.name, "Symbol(x)");
  // An empty original (a file the page ships empty) works too.
  assert.deepEqual(applyModuleDiff("anne/new.py", "", { base: 0, diff: ["x = 1\n"] }), { ok: true, text: "x = 1\n" });
});

test("a project too large for a link says so, with the sizes and the Pico download", () => {
  const random = rng(9);
  // About 2,000 random doubles do not compress below 8192 characters.
  const made = encodeProject({ code: CODE, trained: trainedFor(random, [4, 64, 32, 1]) });
  assert.equal(made.ok, false);
  assert.equal(made.error.code, "too_large");
  assert.equal(made.error.params.max, MAX_LINK_CHARS);
  assert.ok(made.error.params.length > MAX_LINK_CHARS);
  assert.match(made.error.message, /^The project is too large for a link: the link would be \d+ characters, at most 8192 are allowed\. Use "Download for Pico \(\.zip\)"/);
  // Zeros compress to almost nothing, but the link may not unpack to more than 2 MB.
  const zeros = trainedFor(random, [256, ...Array(31).fill(256)]);
  for (const layer of zeros.model.layers) {
    layer.kernel = layer.kernel.map((row) => row.map(() => 0));
    layer.bias = layer.bias.map(() => 0);
  }
  const unpacked = encodeProject({ code: "", trained: zeros });
  assert.equal(unpacked.error.code, "too_large_unpacked");
  assert.match(unpacked.error.message, /unpacked it would be \d+ bytes, at most 2097152 are allowed\. Use "Download for Pico \(\.zip\)"/);
});

test("the encoder names a module it cannot carry", () => {
  const edit = (text) => text + "# edited\n";
  const cases = [
    [{ "anne/../site/x.py": "x" }, "bad_module_name"],
    [{ "main.py": "x" }, "bad_module_name"],
    [{ "anne/Activations.py": "x" }, "bad_module_name"],
    [{ "anne/nothing.py": "x" }, "bad_module_name"], // the page ships no such file: no original
    [{ "anne/activations.py": 5 }, "bad_module_name"],
    [{ "anne/activations.py": "x".repeat(MAX_CODE_CHARS + 1) }, "module_too_long"],
  ];
  for (const [modules, code] of cases) {
    const made = encodeProject({ code: "", modules });
    assert.equal(made.ok, false, JSON.stringify(Object.keys(modules)));
    assert.equal(made.error.code, code);
  }
  assert.match(encodeProject({ code: "", modules: { "main.py": "x" } }).error.message, /^"main\.py" is not one of the playground's anne\/ modules/);
  const many = {};
  const originals = {};
  for (let i = 0; i <= MAX_MODULES; i++) {
    originals[`anne/m${i}.py`] = "a\n";
    many[`anne/m${i}.py`] = "b\n";
  }
  const tooMany = encodeProject({ code: "", modules: many }, originals);
  assert.equal(tooMany.error.code, "too_many_modules");
  assert.equal(tooMany.error.message, "33 modules are edited; a link carries at most 32.");
  delete many["anne/m0.py"];
  assert.equal(encodeProject({ code: "", modules: many }, originals).ok, true);
  // Unedited modules and odd module tables are no edits at all.
  for (const modules of [undefined, null, 5, [], { "anne/io.py": ORIGINALS["anne/io.py"] }]) {
    const made = encodeProject({ code: "", modules });
    assert.deepEqual(decodeProject(made.fragment).state.modules, {}, JSON.stringify(modules));
  }
  assert.equal(encodeProject({ code: "", modules: { "anne/io.py": edit(ORIGINALS["anne/io.py"]) } }).ok, true);
});

test("a link's bad module names and damaged edits are dropped with warnings; the rest opens", () => {
  const good = { base: 1, diff: [2, "x\n"] };
  const proto = JSON.parse('{"__proto__": {"base": 1, "diff": [2, "x\\n"]}}'); // an own key, as a crafted link has it
  const json = {
    code: "print(1)\n", exercise: "train", settings: {},
    modules: {
      "anne/activations.py": good,
      "anne/../../etc/passwd.py": good,
      "main.py": good,
      "anne/sub/x.py": good,
      ...proto,
      "anne/io.py": { base: "1", diff: [] },
      "anne/model.py": { base: 1, diff: [0] },
      "anne/train.py": { base: 1, diff: ["x".repeat(MAX_CODE_CHARS + 1)] },
      "anne/layers.py": [1, 2],
    },
    trained: null,
  };
  const back = decodeProject(linkFor(JSON.stringify(json), 2));
  assert.equal(back.ok, true);
  assert.equal(back.state.code, "print(1)\n");
  assert.equal(back.state.exercise, "train");
  assert.deepEqual(back.state.modules, { "anne/activations.py": good });
  const named = back.warnings.map((w) => `${w.code} ${w.params.name}`);
  assert.deepEqual(named, [
    "bad_module_name anne/../../etc/passwd.py", "bad_module_name main.py", "bad_module_name anne/sub/x.py",
    "bad_module_name __proto__", "bad_module anne/io.py", "bad_module anne/model.py", "bad_module anne/train.py",
    "bad_module anne/layers.py",
  ]);
  assert.equal(back.warnings[1].message, "\"main.py\" is not one of the playground's anne/ modules, so a link cannot carry it.");
  assert.equal(back.warnings[4].message, "The link's edit of anne/io.py is damaged; the module opens unedited.");
  assert.equal({}.base, undefined);
  // More than 32 modules: the first 32 open, with a warning.
  const many = {};
  for (let i = 0; i < 40; i++) many[`anne/m${i}.py`] = good;
  const crowded = decodeProject(linkFor(JSON.stringify({ code: "", modules: many }), 2));
  assert.equal(Object.keys(crowded.state.modules).length, MAX_MODULES);
  assert.deepEqual(crowded.warnings.map((w) => w.code), ["too_many_modules"]);
  for (const modules of [5, "anne/io.py", [good]]) {
    const odd = decodeProject(linkFor(JSON.stringify({ code: "", modules }), 2));
    assert.deepEqual([odd.state.modules, odd.warnings.map((w) => w.code)], [{}, ["bad_module"]]);
  }
});

test("invalid trained weights are dropped with a warning naming the place; the code still opens", () => {
  const random = rng(21);
  const valid = () => trainedFor(random, [4, 3, 2, 1], { scaling: true });
  const breakers = [
    [(t) => { t.model = null; }, "trained.model"],
    [(t) => { t.model.format = "keras"; }, "trained.model.format"],
    [(t) => { t.model.version = 3; }, "trained.model.version"],
    [(t) => { t.model.version = 1; }, "trained.model.scaling"],
    [(t) => { t.model.layers = []; }, "trained.model.layers"],
    [(t) => { t.model.layers = Array(33).fill(t.model.layers[2]); }, "trained.model.layers"],
    [(t) => { t.model.layers[1] = "dense"; }, "trained.model.layers[1]"],
    [(t) => { t.model.layers[0].units = 3.5; }, "trained.model.layers[0].units"],
    [(t) => { t.model.layers[0].units = 0; }, "trained.model.layers[0].units"],
    [(t) => { t.model.layers[0].units = 257; }, "trained.model.layers[0].units"],
    [(t) => { t.model.layers[1].activation = "import os"; }, "trained.model.layers[1].activation"],
    [(t) => { t.model.layers[1].activation = "x".repeat(33); }, "trained.model.layers[1].activation"],
    [(t) => { t.model.layers[1].activation = 5; }, "trained.model.layers[1].activation"],
    [(t) => { t.model.layers[0].kernel = []; }, "trained.model.layers[0].kernel"],
    [(t) => { t.model.layers[1].kernel.pop(); }, "trained.model.layers[1].kernel"],
    [(t) => { t.model.layers[1].kernel[2].push(0.5); }, "trained.model.layers[1].kernel[2]"],
    [(t) => { delete t.model.layers[1].kernel[1]; }, "trained.model.layers[1].kernel[1]"], // a hole in the list
    [(t) => { t.model.layers[1].kernel[2][1] = "0.5"; }, "trained.model.layers[1].kernel[2][1]"],
    [(t) => { t.model.layers[1].kernel[2][1] = null; }, "trained.model.layers[1].kernel[2][1]"], // NaN as JSON has it
    [(t) => { t.model.layers[2].bias = [1, 2]; }, "trained.model.layers[2].bias"],
    [(t) => { t.model.layers[2].bias = { 0: 1 }; }, "trained.model.layers[2].bias"],
    [(t) => { t.model.scaling = [1, 2]; }, "trained.model.scaling"],
    [(t) => { t.model.scaling.mean.pop(); }, "trained.model.scaling.mean"],
    [(t) => { t.model.scaling.std[3] = 0; }, "trained.model.scaling.std[3]"],
    [(t) => { t.model.scaling.std[0] = -1; }, "trained.model.scaling.std[0]"],
    [(t) => { t.epochs = 0; }, "trained.epochs"],
    [(t) => { t.epochs = "200"; }, "trained.epochs"],
    [(t) => { delete t.optimizer; }, "trained.optimizer"],
    [(t) => { t.optimizer = "rmsprop"; }, "trained.optimizer"],
    [(t) => { t.lr = 100; }, "trained.lr"],
    [(t) => { t.batch = 81; }, "trained.batch"],
    [(t) => { t.seed = -1; }, "trained.seed"],
    [(t) => { t.loss = "hinge"; }, "trained.loss"],
    [(t) => { t.from = "keras"; }, "trained.from"],
    [(t) => { delete t.from; }, "trained.from"],
  ];
  for (const [breakIt, where] of breakers) {
    const trained = valid();
    breakIt(trained);
    const text = JSON.stringify({ code: "x = 1\n", exercise: "train", settings: {}, modules: {}, trained });
    const back = decodeProject(linkFor(text, 2));
    assert.equal(back.ok, true, where);
    assert.equal(back.state.code, "x = 1\n");
    assert.equal(back.state.trained, null, where);
    assert.deepEqual(back.warnings.map((w) => [w.code, w.params.where]), [["bad_trained", where]], where);
    // The page's own trained part is checked the same way: the link goes without it.
    const made = encodeProject({ code: "x = 1\n", trained });
    assert.equal(made.ok, true);
    assert.deepEqual(made.warnings.map((w) => w.params.where), [where]);
    assert.equal(decodeProject(made.fragment).state.trained, null);
  }
  for (const odd of [5, "weights", [], true]) {
    const back = decodeProject(linkFor(JSON.stringify({ code: "", trained: odd }), 2));
    assert.deepEqual([back.state.trained, back.warnings[0].params.where], [null, "trained"]);
  }
  const nan = valid();
  nan.model.layers[0].bias[1] = NaN; // training that diverged
  const made = encodeProject({ code: "", trained: nan });
  assert.equal(made.warnings[0].message,
    "The trained weights are not valid (trained.model.layers[0].bias[1]: expected a finite number); they are left out, train again to get them.");
  assert.match(readTrained({ ...valid(), lr: 1e9 }, STATE_FIELDS).warning.message, /trained\.lr: expected a number from 0\.000001 to 10/);
  // Extra keys are not carried; a version 1 model (no scaling) is.
  const extra = valid();
  extra.note = "hi";
  extra.model.keras = { x: 1 };
  extra.model.layers[0].use_bias = true;
  delete extra.model.scaling;
  extra.model.version = 1;
  const clean = readTrained(extra, STATE_FIELDS).trained;
  assert.equal("note" in clean || "keras" in clean.model || "use_bias" in clean.model.layers[0], false);
  assert.equal(clean.model.version, 1);
  assert.deepEqual(readTrained(null), { trained: null, warning: null });
  // A table without the knobs still checks their kinds.
  assert.equal(readTrained(valid(), []).warning, null);
  assert.equal(readTrained({ ...valid(), batch: 2.5 }, []).warning.params.where, "trained.batch");
  const hostile = valid();
  Object.defineProperty(hostile, "epochs", { get() { throw new Error("boom"); }, enumerable: true });
  assert.equal(readTrained(hostile, STATE_FIELDS).warning.code, "bad_trained");
  assert.equal(encodeShare({ get code() { throw new Error("boom"); } }).ok, false);
});

// A link made by format v2 and frozen here: every later version of share.js must open it.
const V2_ORIGINAL = "def relu(x):\n    return [v if v > 0 else 0.0 for v in x]\n";
const V2_EDITED = "def relu(x):\n    # the paper's relu\n    return [max(v, 0.0) for v in x]\n";
const V2_LINK = "#v2.bZJNjtQwEIWvUqpZ0C15QjpNoyHS7JBYsGSZRMgklW6L2A7-afUQ5QbcoTecgVXvciGOQDlCgpEmm7hcfi-fX2XC1naEJfbOapDGECg9WhfgPRlPAj7Rt0gmKDnUpjZ38MEtt-VKIKOHjjR8jM6XsPyE5RcsN1iu8Pv641YbzbYDPP6n31Sr5WYnoEavjtqqrkYByowxfO6Ufnyzbba1QYF0Idcqn7iCkypteQpBmaPHcsLREZfcJHU8BW72FywLfj1hueejUo8Dax9ydhpte2JRkXMxOCzzbCfQjkFp9Z24RtlJzRaD9XwMZQyWqy8ytCd2SN-ljlVi7bhosAwu0iyQLxgHWnlSbK9lG9RZBmWNz0YGmdgk3aAodvuHd_vircBO9T2W1U7cMwPwcwfhRDDKkdwrD46GWJu07yhEZ6DS8rI5C8izfAu9dXDmsODScEbNzAhrNglvSjQ0pAUf0zJlk6D4JmdynpnWfAb5xBUTTBiNCrxijn_cLPo7FtZ9JWeSY1Xl2aER1f0uKw5Nw9EomSw4R65n3vCtHHgyKwVJdqkO2UHsUycwW9KLPIkT8rN5vDSGdUR5zmAvzOD5kNIvy9WoWovz_AeGfq_g";

test("a link made by format v2 still opens", () => {
  const back = decodeProject(V2_LINK);
  assert.equal(back.ok, true, JSON.stringify(back));
  assert.deepEqual(back.warnings, []);
  assert.equal(back.state.code, CODE);
  assert.equal(back.state.exercise, "train");
  assert.deepEqual(back.state.settings, { ...STATE_DEFAULTS, epochs: 200, lr: 0.1 });
  assert.equal(applyModuleDiff("anne/activations.py", V2_ORIGINAL, back.state.modules["anne/activations.py"]).text, V2_EDITED);
  assert.deepEqual(back.state.trained, {
    model: { format: "anne", version: 2, layers: [{ units: 1, activation: "sigmoid", kernel: [[0.5], [-1.25]], bias: [0.125] }],
      scaling: { mean: [5.5, 3], std: [0.5, 0.25] } },
    epochs: 200, optimizer: "adam", lr: 0.001, batch: 8, seed: 0, loss: "auto", from: "pico",
  });
});

test("decode(encode(project)) is the project, for 300 random projects", () => {
  const random = rng(31);
  const names = Object.keys(ORIGINALS);
  const alphabet = ["a", " ", "\n", "#", "\\", '"', "ä", "€", "🌼", "\u0000", "\u2028", "\r\n"];
  let fitted = 0;
  for (let n = 0; n < 300; n++) {
    const project = { code: "", exercise: random() < 0.5 ? null : EXERCISE_IDS[Math.floor(random() * EXERCISE_IDS.length)], settings: {}, modules: {}, trained: null };
    for (let i = Math.floor(random() * 300); i > 0; i--) project.code += alphabet[Math.floor(random() * alphabet.length)];
    for (const field of STATE_FIELDS) {
      if (field.type === "word") project.settings[field.name] = field.words[Math.floor(random() * field.words.length)];
      else if (field.type === "bool") project.settings[field.name] = random() < 0.5;
      else if (field.type === "int") project.settings[field.name] = field.min + Math.floor(random() * Math.min(1000, field.max - field.min + 1));
      else project.settings[field.name] = field.min + random() * (field.max - field.min);
    }
    for (let m = Math.floor(random() * 4); m > 0; m--) {
      const name = names[Math.floor(random() * names.length)];
      const lines = (project.modules[name] ?? ORIGINALS[name]).split(/(?<=\n)/);
      const at = Math.floor(random() * lines.length);
      lines.splice(at, Math.floor(random() * 3), ...Array.from({ length: Math.floor(random() * 3) }, () => alphabet[Math.floor(random() * alphabet.length)] + "\n"));
      project.modules[name] = lines.join("");
    }
    for (const name of Object.keys(project.modules)) if (project.modules[name] === ORIGINALS[name]) delete project.modules[name];
    if (random() < 0.7) {
      const sizes = Array.from({ length: 2 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 6));
      project.trained = trainedFor(random, sizes, { scaling: random() < 0.5, from: random() < 0.5 ? "browser" : "pico" });
      project.trained.epochs = 1 + Math.floor(random() * 5000);
      project.trained.seed = Math.floor(random() * 2 ** 31);
    }
    const made = encodeProject(project);
    if (!made.ok) {
      assert.equal(made.error.code, "too_large", `case ${n}`);
      continue;
    }
    fitted++;
    assert.deepEqual(made.warnings, [], `case ${n}`);
    const back = decodeProject(made.fragment);
    assert.equal(back.ok, true, `case ${n}`);
    assert.deepEqual(back.warnings, [], `case ${n}`);
    assert.deepEqual(opened(back.state), project, `case ${n}`);
  }
  assert.ok(fitted > 250, `${fitted}`);
});

test("10,000 fuzzed v2 fragments: never a throw, only known problems, only well-formed states", () => {
  const random = rng(4242);
  const project = {
    code: CODE, exercise: "train", settings: { epochs: 200 },
    modules: { "anne/activations.py": ACTIVATIONS.replace("_LEAK = 0.2\n", "_LEAK = 0.01\n") },
    trained: trainedFor(random, [4, 4, 1], { scaling: true }),
  };
  const { fragment: good } = encodeProject(project);
  const goodJson = JSON.parse(JSON.stringify({ ...project, settings: STATE_DEFAULTS, modules: decodeProject(good).state.modules }));
  const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const junk = [null, true, -1, 0, 1.5, 2 ** 40, "", "x", "anne/io.py", [], [1, "a"], {}, { base: 1 }, NaN, "__proto__"];
  /** A copy of the project's JSON with one value somewhere replaced by junk. */
  function mutated() {
    const copy = JSON.parse(JSON.stringify(goodJson));
    let parent = copy;
    let key = null;
    for (let depth = 0; depth < 8; depth++) {
      const value = key === null ? copy : parent[key];
      if (value === null || typeof value !== "object") break;
      const keys = Object.keys(value);
      if (!keys.length || (key !== null && random() < 0.25)) break;
      parent = value;
      key = keys[Math.floor(random() * keys.length)];
    }
    const replacement = junk[Math.floor(random() * junk.length)];
    if (key === null) return replacement;
    if (random() < 0.2) delete parent[key];
    else parent[key] = replacement;
    return copy;
  }
  const makers = [
    // random base64url after a correct prefix
    () => "#v2." + Array.from({ length: 1 + Math.floor(random() * 300) }, () => b64[Math.floor(random() * 64)]).join(""),
    // a real link cut off somewhere
    () => good.slice(0, 4 + Math.floor(random() * (good.length - 5))),
    // a real link with a random character spliced in
    () => { const i = 4 + Math.floor(random() * (good.length - 4)); return good.slice(0, i) + b64[Math.floor(random() * 64)] + good.slice(i + 1); },
    // a newer version
    () => "#v" + Math.floor(random() * 1e6 + 3) + good.slice(3),
    // the project's JSON with one value replaced, and a correct checksum
    () => linkFor(JSON.stringify(mutated()), 2),
    // random bytes, deflated, with a correct checksum
    () => { const b = new Uint8Array(Math.floor(random() * 100)); for (let i = 0; i < b.length; i++) b[i] = random() * 256; return linkFor(new TextDecoder().decode(b), 2); },
    // huge
    () => "#v2." + "Q".repeat(MAX_LINK_CHARS + Math.floor(random() * 100000)),
  ];
  let errors = 0;
  let opens = 0;
  for (let n = 0; n < 10_000; n++) {
    const hash = makers[n % makers.length]();
    let result;
    assert.doesNotThrow(() => { result = decodeProject(hash); }, `case ${n}`);
    if (!result.ok) {
      assert.ok(KNOWN_CODES.includes(result.error.code), `case ${n}: ${result.error.code}`);
      assert.ok(result.error.message.length > 20, `case ${n}`);
      errors++;
      continue;
    }
    opens++;
    for (const warning of result.warnings) {
      assert.ok(KNOWN_CODES.includes(warning.code), `case ${n}: ${warning.code}`);
      for (const [, key] of describe(warning.code).matchAll(/\{(\w+)\}/g)) assert.ok(key in warning.params, `case ${n}: ${warning.code} {${key}}`);
    }
    const { state } = result;
    assert.ok(typeof state.code === "string" || state.code === null, `case ${n}`);
    assert.ok(state.exercise === null || EXERCISE_IDS.includes(state.exercise), `case ${n}`);
    assert.deepEqual(Object.keys(state.settings), STATE_FIELDS.map((f) => f.name), `case ${n}`);
    for (const [name, entry] of Object.entries(state.modules)) {
      assert.match(name, /^anne\/[a-z_][a-z0-9_]*\.py$/, `case ${n}`);
      const applied = applyModuleDiff(name, ORIGINALS[name] ?? "", entry);
      assert.ok(applied.ok ? typeof applied.text === "string" : applied.error.code === "module_changed", `case ${n}`);
    }
    if (state.trained !== null) assert.equal(readTrained(state.trained, STATE_FIELDS).warning, null, `case ${n}`);
    // Nothing but a correctly checksummed link (the JSON makers) may open with other contents.
    if (n % makers.length !== 4 && n % makers.length !== 5) assert.equal(state.code, CODE, `case ${n}`);
  }
  assert.ok(errors > 5000 && opens > 1000, `${errors} errors, ${opens} opened`);
});

// The share-link codec (site/js/share.js), the very file the page bundles.
//   node --test tests/js/share.test.mjs      (tests/test_share_js.py runs it under pytest)
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "fflate";
import {
  MAX_CODE_CHARS, MAX_LINK_CHARS, VERSION, crc32, decodeShare, describe, encodeShare, fromBase64url,
  isShareFragment, readSettings, toBase64url,
} from "../../site/js/share.js";

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

const encode = (state) => encodeShare(state, { fields: FIELDS });
const decode = (hash, ids = ["eight", "softmax"]) => decodeShare(hash, { fields: FIELDS, exerciseIds: ids });

function assertError(result, code, hash) {
  assert.equal(result.ok, false, `expected an error for ${String(hash).slice(0, 80)}`);
  if (code) assert.equal(result.error.code, code, String(hash).slice(0, 80));
  assert.equal(typeof result.error.message, "string");
  assert.ok(result.error.message.length > 20, result.error.message);
}

/** A link with any JSON inside and a correct checksum (what a tampering tool could make). */
function linkFor(jsonText) {
  const json = new TextEncoder().encode(jsonText);
  const packed = deflateSync(json);
  const bytes = new Uint8Array(packed.length + 4);
  bytes.set(packed);
  new DataView(bytes.buffer).setUint32(packed.length, crc32(json));
  return "#v1." + toBase64url(bytes);
}

test("a link round-trips code, exercise and settings exactly", () => {
  const state = { code: CODE, exercise: "softmax", settings: { preset: "six", fx: 0, lr: 0.05, autorun: false } };
  const made = encode(state);
  assert.equal(made.ok, true);
  assert.match(made.fragment, /^#v1\.[A-Za-z0-9_-]+$/);
  const back = decode(made.fragment);
  assert.deepEqual(back, { ok: true, state: { version: 1, ...state }, warnings: [] });
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
  assertError(decode("#v2.abcd"), "newer_version");
  assert.match(decode("#v2.abcd").error.message, /newer version of the playground \(format v2\); this page reads up to v1/);
  assertError(decode("#v999999999.abcd"), "newer_version");
  assertError(decode("#v0.abcd"), "unknown_version");
  assertError(decode(V1_LINK.replace("#v1.", "#v3.")), "newer_version");
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
  const codes = ["too_long", "not_a_link", "newer_version", "unknown_version", "damaged", "too_large",
    "code_too_long", "bad_setting", "bad_code", "unknown_exercise"];
  for (const code of codes) {
    assert.equal(en.messages[`share.${code}`], describe(code), code);
    assert.ok(de.messages[`share.${code}`] && de.messages[`share.${code}`] !== describe(code), code);
  }
});

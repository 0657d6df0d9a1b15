// English and German for the page. The strings live in site/i18n/<lang>.json:
//   "messages": {key: text with {name} placeholders}        for what the code writes (t()),
//   "elements": [{select, text?, texts?, html?, attrs?}]    for the page's own elements
//                                                           (de.json; English is index.html),
// so index.html stays plain English HTML and a translation is one file. The language is the
// visitor's choice (kept in localStorage), else the browser's (navigator.languages), else
// English. A missing key falls back to English, then to the key itself: never an exception.

export const LANGUAGES = ["en", "de"];
export const NAMES = { en: "English", de: "Deutsch" };
const STORAGE_KEY = "anne-playground/v1/language";

let tables = { en: { messages: {}, elements: [] } };
let current = "en";
const listeners = new Set();

/** ["de-AT", "en-US"] and a saved choice -> "de" or "en". */
export function pickLanguage(browserLanguages = [], saved = null) {
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of browserLanguages || []) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

/** "Hello {name}" + {name: "Ada"} -> "Hello Ada"; unknown placeholders stay visible. */
export function format(template, params = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) => (params && key in params ? String(params[key]) : whole));
}

/** The text for key in the current language (then English, then the key). */
export function t(key, params) {
  const text = tables[current]?.messages?.[key] ?? tables.en?.messages?.[key];
  return text === undefined ? key : format(text, params);
}

export function language() {
  return current;
}

/** Install tables directly ({en: {...}, de: {...}}): for tests and for loadTables. */
export function setTables(newTables) {
  tables = { ...tables, ...newTables };
}

/** Fetch site/i18n/en.json and de.json; a table that fails to load is left out (English stays). */
export async function loadTables(base = new URL("../i18n/", import.meta.url)) {
  const loaded = {};
  await Promise.all(LANGUAGES.map(async (lang) => {
    try {
      const response = await fetch(new URL(`${lang}.json`, base));
      if (response.ok) loaded[lang] = await response.json();
    } catch {
      // offline or missing: English (the HTML itself) stays usable
    }
  }));
  setTables(loaded);
  return loaded;
}

function savedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language to start with on this browser. */
export function initialLanguage(nav = globalThis.navigator) {
  const browser = nav?.languages?.length ? nav.languages : [nav?.language || "en"];
  return pickLanguage(browser, savedLanguage());
}

// The page's English, as index.html has it, kept the first time an element is translated, so
// switching back to English restores exactly what the HTML says (en.json has no element list).
const originals = new Map();

function ownTexts(el) {
  return [...el.childNodes].filter((node) => node.nodeType === 3 && node.data.trim() !== "");
}

function remember(el, entry) {
  if (originals.has(el)) return;
  const attrs = {};
  for (const name of Object.keys(entry.attrs || {})) attrs[name] = el.getAttribute(name);
  // Text nodes are restored in place: child elements (a <select> with its listeners) stay.
  originals.set(el, {
    attrs,
    html: entry.html !== undefined ? el.innerHTML : undefined,
    nodes: ownTexts(el).map((node) => [node, node.data]),
  });
}

function restoreEnglish() {
  for (const [el, saved] of originals) {
    if (saved.html !== undefined) el.innerHTML = saved.html;
    else for (const [node, data] of saved.nodes) node.data = data;
    for (const [name, value] of Object.entries(saved.attrs)) {
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
    }
  }
  originals.clear();
}

/** Set el's own text nodes (not its child elements) in order; false if their number differs. */
function setTexts(el, texts) {
  const nodes = ownTexts(el);
  if (nodes.length !== texts.length) return false;
  nodes.forEach((node, i) => {
    const lead = node.data.match(/^\s*/)[0];
    const tail = node.data.match(/\s*$/)[0];
    node.data = lead + texts[i] + tail;
  });
  return true;
}

/**
 * Put the current language's element texts onto the page. An entry is
 * {select, text?: the element's one text, texts?: its text nodes in order (child elements
 * such as a <select> inside a <label> stay), html?: its whole content (only from our own
 * tables, never from a link), attrs?: {title, aria-label, ...}}.
 * -> the selectors that matched nothing or whose text nodes no longer fit (the HTML changed).
 */
export function applyElements(root = document) {
  restoreEnglish();
  const problems = [];
  const entries = tables[current]?.elements || [];
  for (const entry of entries) {
    const found = root.querySelectorAll(entry.select);
    if (!found.length) problems.push(entry.select);
    for (const el of found) {
      remember(el, entry);
      if (entry.html !== undefined) el.innerHTML = entry.html;
      const texts = entry.texts ?? (entry.text !== undefined ? [entry.text] : null);
      if (texts && !setTexts(el, texts)) problems.push(entry.select);
      for (const [name, value] of Object.entries(entry.attrs || {})) el.setAttribute(name, value);
    }
  }
  if (root === document) document.documentElement.lang = current;
  return problems;
}

/** Switch language: remember it, relabel the page, tell the listeners (panels redraw). */
export function setLanguage(lang, { remember = true } = {}) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // storage refused: the choice lasts for this visit only
    }
  }
  if (typeof document !== "undefined") applyElements(document);
  for (const listener of listeners) {
    try {
      listener(current);
    } catch (error) {
      console.error("language listener failed", error);
    }
  }
  return current;
}

/** fn(lang) after every switch; -> a function that removes it. */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The message of an error from the worker: the playground's own ones ({key, params}) in the
 * page's language; Python's and anne's as Python says them. */
export function errorMessage(error) {
  if (error?.key) {
    const key = `student.${error.key}`;
    const text = t(key, error.params);
    if (text !== key) return text;
  }
  return error?.message ?? String(error);
}

/** Where an error from the worker happened, as the status line starts: "Line 3: " in the
 * student's exercise.py, "Line 25 of anne/activations.py: " in a module, "" when unknown. */
export function errorPlace(error) {
  if (!error?.line) return "";
  const other = error.file && error.file !== "exercise.py";
  return t(other ? "status.line_of" : "status.line", { line: error.line, file: error.file });
}

/** A feature's name in the page's language ("petal length (cm)"), from the data's English. */
export function featureName(data, j) {
  const key = `feature.${j}`;
  const text = t(key);
  return text === key ? data.features[j] : text;
}

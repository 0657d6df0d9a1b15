// English and German for the page. The strings live in site/i18n/<lang>.json:
//   "messages": {key: text with {name} placeholders}   for what the code writes (t()),
//   "elements": [{select, text?, html?, attrs?}]        for the page's own elements,
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

/** Replace the first non-blank text node of el (labels keep their <select> child). */
function setOwnText(el, text) {
  for (const node of el.childNodes) {
    if (node.nodeType === 3 && node.data.trim() !== "") {
      const lead = node.data.match(/^\s*/)[0];
      const tail = node.data.match(/\s*$/)[0];
      node.data = lead + text + tail;
      return;
    }
  }
  el.prepend(document.createTextNode(text + " "));
}

/** Put the current language's element texts onto the page; -> selectors that matched nothing. */
export function applyElements(root = document) {
  const missing = [];
  const entries = tables[current]?.elements || [];
  for (const entry of entries) {
    const found = root.querySelectorAll(entry.select);
    if (!found.length) missing.push(entry.select);
    for (const el of found) {
      // html only from our own tables (same origin, reviewed text), never from a link.
      if (entry.html !== undefined) el.innerHTML = entry.html;
      else if (entry.text !== undefined) setOwnText(el, entry.text);
      for (const [name, value] of Object.entries(entry.attrs || {})) el.setAttribute(name, value);
    }
  }
  if (root === document) document.documentElement.lang = current;
  return missing;
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

/** A <select> for the header that switches the language. */
export function createLanguageSwitch() {
  const select = document.createElement("select");
  select.id = "language";
  select.dataset.testid = "language";
  select.setAttribute("aria-label", "Language / Sprache");
  for (const lang of LANGUAGES) select.append(new Option(NAMES[lang], lang));
  select.value = current;
  select.addEventListener("change", () => setLanguage(select.value));
  onLanguageChange((lang) => { select.value = lang; });
  return select;
}

// Exercises: loaded from site/exercises/ (data, not code in this file), shown in a panel
// with title, explanation, hints and a Check button. The check itself is Python
// (site/exercises/<id>/check.py, run by site/py/checks.py in the Web Worker); this module
// only carries texts to the page and the verdict back. Solved exercises are remembered in
// localStorage (store.js), so the menu can mark them.
import * as store from "./store.js";
import { language, onLanguageChange, t } from "./i18n.js";

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The starting code for a language (its comments translated when the exercise has that). */
export function startCode(exercise, lang = language()) {
  return exercise?.starts?.[lang] ?? exercise?.start ?? "";
}

/** A field in the current language (English when a translation is missing). */
export function localized(exercise, field, lang = language()) {
  const value = exercise?.[field];
  if (value === null || typeof value !== "object") return value ?? "";
  return value[lang] ?? value.en ?? "";
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname || url}: HTTP ${response.status}`);
  return response.text();
}

function checkShape(id, data) {
  const problems = [];
  if (data.id !== id) problems.push(`id is ${JSON.stringify(data.id)}, expected "${id}"`);
  for (const field of ["title", "explanation"]) {
    if (typeof data[field]?.en !== "string" || !data[field].en) problems.push(`${field}.en is missing`);
  }
  if (!Array.isArray(data.hints?.en)) problems.push("hints.en is not a list");
  return problems;
}

/**
 * site/exercises/index.json and each exercise's exercise.json, start.py and check.py
 * -> {exercises: [...], problems: ["why an exercise was left out", ...]}. Never throws:
 * a broken exercise is left out and named, the others still load.
 */
export async function loadExercises(base = new URL("../exercises/", import.meta.url)) {
  // The build bundles them all in one file (scripts/build_site.py): one request at start
  // instead of ~30 competing with the worker's. Without it (a plain copy of site/), file by file.
  let bundle = null;
  try {
    bundle = JSON.parse(await fetchText(new URL("bundle.json", base)));
  } catch {
    bundle = null;
  }
  if (bundle?.format === "anne-exercises-bundle" && Array.isArray(bundle.exercises)) return fromBundle(bundle);
  return loadExerciseFiles(base);
}

/** bundle.json -> {exercises, problems}, with the same checks as file by file. */
function fromBundle(bundle) {
  const problems = [];
  const exercises = [];
  for (const entry of bundle.exercises) {
    const id = entry?.id;
    if (typeof id !== "string" || !ID.test(id)) {
      problems.push(`exercise id ${JSON.stringify(id)} is not a lower-case name`);
      continue;
    }
    if (entry.problem) {
      problems.push(`exercise ${id}: ${entry.problem}`);
      continue;
    }
    const shape = checkShape(id, entry.meta || {});
    if (shape.length) {
      problems.push(`exercise ${id}: ${shape.join("; ")}`);
      continue;
    }
    const starts = entry.starts || {};
    exercises.push({ ...entry.meta, start: starts.en ?? "", starts, check: entry.check ?? "" });
  }
  return { exercises, problems };
}

async function loadExerciseFiles(base) {
  const problems = [];
  let index;
  try {
    index = JSON.parse(await fetchText(new URL("index.json", base)));
  } catch (error) {
    return { exercises: [], problems: [`exercises/index.json: ${error.message}`] };
  }
  const ids = Array.isArray(index?.exercises) ? index.exercises : [];
  const loaded = await Promise.all(ids.map(async (id) => {
    if (typeof id !== "string" || !ID.test(id)) {
      problems.push(`exercise id ${JSON.stringify(id)} is not a lower-case name`);
      return null;
    }
    try {
      const folder = new URL(`${id}/`, base);
      const [meta, start, check] = await Promise.all([
        fetchText(new URL("exercise.json", folder)).then(JSON.parse),
        fetchText(new URL("start.py", folder)),
        fetchText(new URL("check.py", folder)),
      ]);
      const shape = checkShape(id, meta);
      if (shape.length) throw new Error(shape.join("; "));
      // Starting code with comments in another language: start.de.py, when listed.
      const starts = { en: start };
      const langs = Array.isArray(meta.start_translations) ? meta.start_translations.filter((l) => /^[a-z]{2}$/.test(l)) : [];
      await Promise.all(langs.map(async (lang) => {
        starts[lang] = await fetchText(new URL(`start.${lang}.py`, folder));
      }));
      return { ...meta, start, starts, check };
    } catch (error) {
      problems.push(`exercise ${id}: ${error.message}`);
      return null;
    }
  }));
  return { exercises: loaded.filter(Boolean), problems };
}

// ---- solved state ------------------------------------------------------------------------
const solvedKey = (id) => `solved/${id}`;

export function isSolved(id) {
  return store.load(solvedKey(id)) === "1";
}

export function markSolved(id) {
  return store.save(solvedKey(id), "1");
}

// ---- the panel ---------------------------------------------------------------------------
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/**
 * The exercise panel inside `container` (index.html's empty #exercise-panel section).
 *   onCheck(exercise) -> Promise of {passed, messages}: runs the check in the worker.
 *   onSolved(exercise): after a passing check (the menu marks it).
 */
export class ExercisePanel {
  constructor(container, { onCheck, onSolved = () => {} }) {
    this.container = container;
    this.onCheck = onCheck;
    this.onSolved = onSolved;
    this.exercise = null;
    this.hintsShown = 0;
    this.result = null;
    this.checking = false;
    this.token = 0;
    container.classList.add("exercise-panel");
    container.setAttribute("data-testid", "exercise-panel");
    this.title = el("h2", { "data-testid": "exercise-title", class: "exercise-title" });
    this.badge = el("span", { "data-testid": "exercise-solved", class: "solved-badge", hidden: "" });
    this.explanation = el("p", { "data-testid": "exercise-explanation", class: "exercise-explanation" });
    this.hintList = el("ol", { "data-testid": "hints", class: "hints" });
    this.hintButton = el("button", { type: "button", "data-testid": "hint" });
    this.checkButton = el("button", { type: "button", "data-testid": "check", class: "primary" });
    this.resultList = el("ul", { "data-testid": "check-result", class: "check-result", "aria-live": "polite" });
    container.replaceChildren(
      el("div", { class: "exercise-head" }, [this.title, this.badge]),
      this.explanation,
      this.hintList,
      el("div", { class: "exercise-actions" }, [this.checkButton, this.hintButton]),
      this.resultList,
    );
    this.hintButton.addEventListener("click", () => this.showHint());
    this.checkButton.addEventListener("click", () => this.check());
    onLanguageChange(() => this.render());
    this.show(null);
  }

  /** Show an exercise (or hide the panel for a plain preset). */
  show(exercise) {
    this.exercise = exercise;
    this.hintsShown = 0;
    this.result = null;
    this.token++;
    this.checking = false;
    this.container.hidden = !exercise;
    this.render();
  }

  showHint() {
    const hints = localized(this.exercise, "hints") || [];
    if (this.hintsShown < hints.length) this.hintsShown++;
    this.render();
  }

  async check() {
    if (!this.exercise || this.checking) return;
    const exercise = this.exercise;
    const token = ++this.token;
    this.checking = true;
    this.result = { pending: true };
    this.render();
    let result;
    try {
      result = await this.onCheck(exercise);
    } catch (error) {
      result = { passed: false, messages: [t("exercise.check_failed", { error: error?.message || String(error) })] };
    }
    if (token !== this.token) return; // another exercise was opened meanwhile
    this.checking = false;
    if (!result || typeof result.passed !== "boolean" || !Array.isArray(result.messages)) {
      result = { passed: false, messages: [t("exercise.check_failed", { error: "no answer" })] };
    }
    this.result = result;
    if (result.passed) {
      markSolved(exercise.id);
      this.onSolved(exercise);
    }
    this.render();
  }

  render() {
    const exercise = this.exercise;
    if (!exercise) return;
    this.title.textContent = localized(exercise, "title");
    this.explanation.textContent = localized(exercise, "explanation");
    const solved = isSolved(exercise.id);
    this.badge.hidden = !solved;
    this.badge.textContent = t("exercise.solved");
    const hints = localized(exercise, "hints") || [];
    this.hintList.replaceChildren(...hints.slice(0, this.hintsShown).map((hint) => el("li", { text: hint })));
    this.hintButton.hidden = this.hintsShown >= hints.length;
    this.hintButton.textContent = t(this.hintsShown ? "exercise.next_hint" : "exercise.hint",
      { n: this.hintsShown + 1, total: hints.length });
    this.checkButton.textContent = this.checking ? t("exercise.checking") : t("exercise.check");
    this.checkButton.disabled = this.checking;
    const result = this.result;
    this.resultList.className = "check-result" + (result && !result.pending ? (result.passed ? " passed" : " failed") : "");
    this.resultList.dataset.state = !result ? "none" : result.pending ? "pending" : result.passed ? "passed" : "failed";
    // Messages are plain text from checks.py (in the language asked for when it ran).
    const lines = !result ? [] : result.pending ? [t("exercise.running")] : result.messages;
    this.resultList.replaceChildren(...lines.map((m) => el("li", { text: m })));
  }
}

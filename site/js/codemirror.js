// The code editor proper: CodeMirror 6 with Python mode, line numbers, undo, search, Tab
// indenting. One EditorState per file, so each tab keeps its own undo history. Loaded by
// editor.js once the first pictures are on the page (it is most of the page's JavaScript).
import { EditorView, basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { Compartment, EditorState, StateEffect, StateField, Prec } from "@codemirror/state";
import { Decoration, keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";

const setErrorLine = StateEffect.define();

// The line of the last error, drawn with a red background until the next good run.
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      if (!line || line > tr.state.doc.lines) return Decoration.none;
      const from = tr.state.doc.line(line).from;
      deco = Decoration.set([Decoration.line({ class: "cm-error-line" }).range(from)]);
    }
    return deco;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * createEditor(parent, {onChange(file, text), onRun()}) -> editor
 * editor.open(file, text) shows a file (creating its state once); editor.file, .text()
 */
export function createEditor(parent, { onChange, onRun }) {
  const states = new Map();
  let file = null;
  const label = new Compartment(); // the editor's accessible name, in the page's language
  let labelText = "Python code editor";
  const labelled = (text) => EditorView.contentAttributes.of({ "aria-label": text, "aria-describedby": "status", tabindex: "0" });

  const runKeys = Prec.highest(keymap.of([
    { key: "Mod-Enter", run: () => { onRun(); return true; } },
    { key: "Shift-Enter", run: () => { onRun(); return true; } },
  ]));
  const extensions = () => [
    basicSetup,
    python(),
    EditorView.lineWrapping, // a narrow pane never hides the end of a comment
    runKeys,
    // Tab indents (Shift+Tab outdents); Esc, then Tab, moves focus on (CodeMirror's tab focus
    // mode), so the keyboard never gets stuck in the editor. Help says so.
    keymap.of([indentWithTab]),
    indentUnit.of("    "), // Python's four spaces (CodeMirror's default is two)
    errorLine,
    // tabindex: the scroller then holds a focusable element by every tool's count (axe's
    // scrollable-region-focusable; a contenteditable alone is not counted).
    label.of(labelled(labelText)),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && file) onChange(file, update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });

  const newState = (text) => EditorState.create({ doc: text, extensions: extensions() });

  return {
    view,
    get file() { return file; },
    text: () => view.state.doc.toString(),
    /** Show `name`; text is used only the first time (later the kept state is shown). */
    open(name, text) {
      if (file) states.set(file, view.state);
      file = name;
      view.setState(states.get(name) || newState(text));
    },
    /** Replace a file's whole text (reset to original, load a preset): one undoable edit. */
    replace(name, text) {
      if (name === file) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } else {
        states.set(name, newState(text));
      }
    },
    has: (name) => name === file || states.has(name),
    /** The text of a file the editor holds (shown or kept), or null. */
    textOf: (name) => (name === file ? view.state.doc.toString() : states.get(name)?.doc.toString() ?? null),
    forget(name) { if (name !== file) states.delete(name); },
    markError(line) { view.dispatch({ effects: setErrorLine.of(line || 0) }); },
    clearError() { view.dispatch({ effects: setErrorLine.of(0) }); },
    focus() { view.focus(); },
    /** The editor's accessible name (kept files get it when they are shown). */
    setLabel(text) {
      labelText = text;
      view.dispatch({ effects: label.reconfigure(labelled(text)) });
      for (const [name, kept] of states) {
        states.set(name, kept.update({ effects: label.reconfigure(labelled(text)) }).state);
      }
    },
  };
}

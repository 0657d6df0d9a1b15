// The editor as the playground sees it. CodeMirror (js/codemirror.js) is most of the page's
// JavaScript, and the first pictures do not need it: until it is loaded, the code is shown as
// plain read-only text, and everything the playground does with the editor (open a file, read
// or replace a text, mark an error line) is kept here and handed to CodeMirror when it comes.
// load() fetches it; a click or key on the plain text loads it at once.

/**
 * createEditor(parent, {onChange(file, text), onRun()}) -> editor
 * editor.open(file, text) shows a file (creating its text once); editor.file, .text();
 * editor.ready: a promise of the loaded CodeMirror; editor.loaded: true once it is.
 */
export function createEditor(parent, handlers) {
  const texts = new Map(); // file -> text, while CodeMirror is not there yet
  let file = null;
  let label = "Python code editor";
  let errorLine = 0;
  let real = null;         // the CodeMirror editor, once loaded
  let loading = null;

  const plain = document.createElement("pre");
  plain.className = "editor-plain";
  plain.tabIndex = 0;
  plain.setAttribute("aria-readonly", "true");
  parent.append(plain);
  const show = () => {
    plain.textContent = texts.get(file) ?? "";
    plain.setAttribute("aria-label", label);
  };

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  const editor = {
    ready,
    loaded: false,
    get view() { return real ? real.view : null; },
    get file() { return real ? real.file : file; },
    text: () => (real ? real.text() : texts.get(file) ?? ""),
    open(name, text) {
      if (real) return real.open(name, text);
      if (!texts.has(name)) texts.set(name, text);
      file = name;
      errorLine = 0;
      show();
    },
    replace(name, text) {
      if (real) return real.replace(name, text);
      texts.set(name, text);
      if (name === file) {
        show();
        handlers.onChange(name, text); // as CodeMirror reports an edit of the shown file
      }
    },
    has: (name) => (real ? real.has(name) : texts.has(name)),
    textOf: (name) => (real ? real.textOf(name) : texts.get(name) ?? null),
    forget(name) {
      if (real) real.forget(name);
      else if (name !== file) texts.delete(name);
    },
    markError(line) {
      if (real) real.markError(line);
      else errorLine = line || 0;
    },
    clearError() {
      if (real) real.clearError();
      else errorLine = 0;
    },
    focus() {
      if (real) real.focus();
      else load().then(() => real.focus());
    },
    setLabel(text) {
      label = text;
      if (real) real.setLabel(text);
      else show();
    },
    load,
  };

  function load() {
    loading ??= import("./codemirror.js").then(({ createEditor: createCodeMirror }) => {
      plain.remove();
      real = createCodeMirror(parent, handlers);
      real.setLabel(label);
      for (const [name, text] of texts) if (name !== file) real.replace(name, text); // kept, not shown
      if (file !== null) real.open(file, texts.get(file));
      if (errorLine) real.markError(errorLine);
      texts.clear();
      editor.loaded = true;
      resolveReady(real);
      return real;
    });
    return loading;
  }

  // The student wants to edit: CodeMirror now, with the focus in it.
  for (const event of ["mousedown", "keydown", "focus"]) {
    plain.addEventListener(event, () => editor.focus(), { once: true });
  }
  return editor;
}

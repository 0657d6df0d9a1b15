// The confusion matrix of the 20 test flowers (rows: true class, columns: predicted)
// and the accuracy. A real <table>, so screen readers read it as one.
import { classColor } from "./colors.js";
import { t } from "../i18n.js";

/** "90 %"; one decimal only when needed (20 rows give multiples of 5). */
export function formatAccuracy(accuracy) {
  const percent = accuracy * 100;
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} %`;
}

export function renderConfusion(table, accuracyEl, view, classes) {
  accuracyEl.textContent = formatAccuracy(view.accuracy);
  const matrix = view.confusion;
  const names = matrix.map((_, k) => classes[k] ?? `class ${k}`);
  const total = matrix.flat().reduce((a, b) => a + b, 0) || 1;

  const head = document.createElement("tr");
  head.append(cell("th", t("confusion.corner")), ...names.map((name, k) => {
    const th = cell("th", name);
    th.scope = "col";
    th.style.color = classColor(k);
    return th;
  }));
  const rows = matrix.map((row, truth) => {
    const tr = document.createElement("tr");
    const th = cell("th", names[truth]);
    th.scope = "row";
    th.style.color = classColor(truth);
    tr.append(th, ...row.map((count, p) => {
      const td = cell("td", String(count));
      td.className = truth === p ? "right" : count ? "wrong" : "";
      td.style.setProperty("--share", (count / total).toFixed(3));
      td.title = t(count === 1 ? "confusion.cell_one" : "confusion.cell_many", { count, true: names[truth], predicted: names[p] });
      return td;
    }));
    return tr;
  });
  table.replaceChildren(head, ...rows);
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

// One floating tooltip for all views. Text only (textContent): student data never
// becomes HTML.
let box = null;

function ensure() {
  if (!box) {
    box = document.getElementById("tooltip");
  }
  return box;
}

/** Show lines of text near the pointer (page coordinates). */
export function showTooltip(lines, pageX, pageY) {
  const el = ensure();
  if (!el) return;
  el.replaceChildren(...lines.map((line, i) => {
    const row = document.createElement(i === 0 ? "strong" : "div");
    row.textContent = line;
    return row;
  }));
  el.hidden = false;
  const { innerWidth, innerHeight } = window;
  const rect = el.getBoundingClientRect();
  let x = pageX + 14;
  let y = pageY + 14;
  if (x - window.scrollX + rect.width > innerWidth - 8) x = pageX - rect.width - 14;
  if (y - window.scrollY + rect.height > innerHeight - 8) y = pageY - rect.height - 14;
  el.style.left = `${x}px`;
  el.style.top = `${y}px`;
}

export function hideTooltip() {
  const el = ensure();
  if (el) el.hidden = true;
}

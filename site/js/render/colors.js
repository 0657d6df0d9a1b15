// One palette for every view (Okabe-Ito, readable with colour blindness):
// class 0 (versicolor) orange, class 1 (virginica) blue; weights: positive blue, negative red.
import { interpolateRgb } from "d3-interpolate";

export const CLASS_COLORS = ["#e69f00", "#0072b2", "#009e73", "#cc79a7"];
export const POSITIVE = "#0072b2";
export const NEGATIVE = "#d55e00";
export const NO_VALUE = "#bbbbbb";

const toClass0 = interpolateRgb("#ffffff", "#f5c76b");
const toClass1 = interpolateRgb("#ffffff", "#6aaed6");

/** A decision value (class 1 when > 0.5) -> a soft background colour; null -> grey. */
export function decisionColor(value) {
  if (value === null || value === undefined) return NO_VALUE;
  const v = Math.max(0, Math.min(1, value));
  return v > 0.5 ? toClass1((v - 0.5) * 2) : toClass0((0.5 - v) * 2);
}

export const classColor = (k) => CLASS_COLORS[k % CLASS_COLORS.length];

export const formatNumber = (v, digits = 3) =>
  v === null || v === undefined ? "n/a" : Number(v).toFixed(digits);

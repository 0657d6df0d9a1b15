// One palette for every view (Okabe-Ito, readable with colour blindness):
// class 0 (versicolor) orange, class 1 (virginica) blue; weights: positive blue, negative red.
// Contrast (WCAG): a class colour is also text (the matrix's headers), so each is >= 4.5:1 on
// white (Okabe-Ito's orange #e69f00 is 2.25:1, so a darker orange); the map's tints stay light
// enough that every dot keeps >= 3:1 on either side (tests/browser/test_accessibility.py).
import { interpolateRgb } from "d3-interpolate";

export const CLASS_COLORS = ["#b85c00", "#0072b2", "#00785a", "#a8457f"];
export const POSITIVE = "#0072b2";
export const NEGATIVE = "#d55e00";
export const NO_VALUE = "#bbbbbb";
export const MAP_TINTS = ["#fad9a0", "#c6dff1"];

const toClass0 = interpolateRgb("#ffffff", MAP_TINTS[0]);
const toClass1 = interpolateRgb("#ffffff", MAP_TINTS[1]);

/** A decision value (class 1 when > 0.5) -> a soft background colour; null -> grey. */
export function decisionColor(value) {
  if (value === null || value === undefined) return NO_VALUE;
  const v = Math.max(0, Math.min(1, value));
  return v > 0.5 ? toClass1((v - 0.5) * 2) : toClass0((0.5 - v) * 2);
}

export const classColor = (k) => CLASS_COLORS[k % CLASS_COLORS.length];

export const formatNumber = (v, digits = 3) =>
  v === null || v === undefined ? "n/a" : Number(v).toFixed(digits);

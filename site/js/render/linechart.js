// Loss (left axis) and test accuracy (right axis) per epoch, appended while training; with
// {reference: true} also a second loss curve to compare with (Train on the Pico: the browser's).
import { select } from "d3-selection";
import { scaleLinear } from "d3-scale";
import { axisBottom, axisLeft, axisRight } from "d3-axis";
import { line } from "d3-shape";
import { formatNumber } from "./colors.js";
import { hideTooltip, showTooltip } from "./tooltip.js";
import { t } from "../i18n.js";

const MARGIN = { top: 10, right: 40, bottom: 28, left: 46 };

/** A one-line hint narrower than `room` (a phone, a German sentence): smaller type, not cut. */
function fitText(text, room) {
  text.style("font-size", null);
  const long = text.node().getComputedTextLength();
  if (long > room) {
    const size = parseFloat(getComputedStyle(text.node()).fontSize) || 12;
    text.style("font-size", `${Math.max(8, Math.floor((size * room) / long * 10) / 10)}px`);
  }
}

/** createCurve(svgElement, {emptyText, reference}) -> {reset(epochs), add(history, accuracyPoint),
 * addReference(history), redraw()}. emptyText: a string or a function giving one (at each
 * redraw); reference: false, or a function giving the compared curve's name (its tooltip line). */
export function createCurve(svgElement, { emptyText = () => t("curve.empty"), reference = false } = {}) {
  const svg = select(svgElement);
  const gx = svg.append("g").attr("class", "axis x");
  const gl = svg.append("g").attr("class", "axis y");
  const gr = svg.append("g").attr("class", "axis y2");
  const lossPath = svg.append("path").attr("class", "loss-line");
  // On top, dashed: where the two curves agree, both stay visible.
  const refPath = reference ? svg.append("path").attr("class", "ref-line") : null;
  const accPath = svg.append("path").attr("class", "acc-line");
  const empty = svg.append("text").attr("class", "empty").attr("text-anchor", "middle");
  const hover = svg.append("rect").attr("class", "hover-area").attr("fill", "transparent");
  let history = [];      // [{epoch, loss, ...}]
  let accuracy = [];     // [{epoch, accuracy}] on the 20 test flowers
  let references = [];   // [{epoch, loss}]: the curve to compare with
  let epochs = 1;

  function redraw() {
    const width = Math.max(220, svgElement.clientWidth || 300);
    const height = Math.max(120, svgElement.clientHeight || 160);
    svg.attr("viewBox", `0 0 ${width} ${height}`);
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    const losses = history.concat(references).map((d) => d.loss).filter((v) => Number.isFinite(v));
    const x = scaleLinear().domain([0, Math.max(1, epochs)]).range([0, w]);
    const yl = scaleLinear().domain([0, Math.max(1e-6, ...losses, 0)]).nice().range([h, 0]);
    const ya = scaleLinear().domain([0, 1]).range([h, 0]);
    const at = `translate(${MARGIN.left},${MARGIN.top})`;
    gx.attr("transform", `translate(${MARGIN.left},${MARGIN.top + h})`).call(axisBottom(x).ticks(5));
    gl.attr("transform", at).call(axisLeft(yl).ticks(4));
    gr.attr("transform", `translate(${MARGIN.left + w},${MARGIN.top})`).call(axisRight(ya).ticks(4, "%"));
    lossPath.attr("transform", at).attr("d", line().defined((d) => Number.isFinite(d.loss))
      .x((d) => x(d.epoch)).y((d) => yl(d.loss))(history));
    accPath.attr("transform", at).attr("d", line().x((d) => x(d.epoch)).y((d) => ya(d.accuracy))(accuracy));
    refPath?.attr("transform", at).attr("d", line().defined((d) => Number.isFinite(d.loss))
      .x((d) => x(d.epoch)).y((d) => yl(d.loss))(references));
    const shown = history.length || references.length;
    empty.text(typeof emptyText === "function" ? emptyText() : emptyText)
      .attr("x", width / 2).attr("y", height / 2).attr("display", shown ? "none" : null);
    gl.attr("display", shown ? null : "none");
    gr.attr("display", shown && (accuracy.length || !refPath) ? null : "none");
    fitText(empty, width - 16);
    hover.attr("transform", at).attr("width", w).attr("height", h)
      .on("mousemove", (event) => {
        const [mx] = [event.offsetX - MARGIN.left];
        const epoch = Math.round(x.invert(mx * (width / svgElement.clientWidth || 1)));
        const d = history.find((e) => e.epoch === epoch) || history[history.length - 1];
        if (!d) return;
        const acc = [...accuracy].reverse().find((a) => a.epoch <= d.epoch);
        const ref = references.find((e) => e.epoch === d.epoch);
        const lines = [t("curve.epoch", { epoch: d.epoch }), t("curve.loss", { loss: formatNumber(d.loss, 4) })];
        if (refPath) lines.push(`${reference()}: ${ref ? formatNumber(ref.loss, 4) : "–"}`);
        else lines.push(t("curve.accuracy", { accuracy: acc ? Math.round(acc.accuracy * 100) + " %" : t("common.none") }));
        showTooltip(lines, event.pageX, event.pageY);
      })
      .on("mouseleave", hideTooltip);
  }

  return {
    reset(totalEpochs) {
      history = [];
      accuracy = [];
      references = [];
      epochs = totalEpochs;
      redraw();
    },
    /** Append epochs of the curve to compare with. */
    addReference(entries, draw = true) {
      references.push(...entries);
      if (draw) redraw();
    },
    /** Append epochs (and a test-accuracy point); draw = false when more follow at once. */
    add(entries, accuracyPoint, draw = true) {
      history.push(...entries);
      if (accuracyPoint) accuracy.push(accuracyPoint);
      if (draw) redraw();
    },
    redraw,
    get length() { return history.length; },
  };
}

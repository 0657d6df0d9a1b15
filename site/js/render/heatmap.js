// The decision map: the network's output over two features (others at their mean) as a
// heat map, the 0.5 boundary as a line, and the 100 flowers as points on top.
// Gets plain lists from the worker; never sees a network.
import { select } from "d3-selection";
import { scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { contours } from "d3-contour";
import { classColor, decisionColor, formatNumber } from "./colors.js";
import { hideTooltip, showTooltip } from "./tooltip.js";
import { featureName, t } from "../i18n.js";

const MARGIN = { top: 8, right: 10, bottom: 38, left: 46 };

/** createDecisionMap(container, {onSelect(index)}) -> {update(view, data, selected)} */
export function createDecisionMap(container, { onSelect = () => {} } = {}) {
  const canvas = document.createElement("canvas");
  canvas.className = "heat";
  canvas.setAttribute("aria-hidden", "true");
  const svg = select(container).append("svg").attr("class", "overlay").attr("role", "img");
  container.prepend(canvas);
  const axisX = svg.append("g").attr("class", "axis x");
  const axisY = svg.append("g").attr("class", "axis y");
  const labelX = svg.append("text").attr("class", "axis-label").attr("text-anchor", "middle");
  const labelY = svg.append("text").attr("class", "axis-label").attr("text-anchor", "middle");
  const boundary = svg.append("path").attr("class", "boundary");
  const dots = svg.append("g").attr("class", "points");
  let last = null;

  function update(view, data, selected) {
    last = { view, data, selected };
    const grid = view.grid;
    const width = Math.max(200, container.clientWidth);
    const height = Math.max(180, container.clientHeight);
    const inner = { w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    svg.attr("aria-label", t("map.label", { x: featureName(data, grid.fx), y: featureName(data, grid.fy) }));

    // Axes in cm: a standardised value v is v * std + mean.
    const cm = (v, j) => v * data.scale.std[j] + data.scale.mean[j];
    const x = scaleLinear().domain([cm(grid.x0, grid.fx), cm(grid.x1, grid.fx)]).range([0, inner.w]);
    const y = scaleLinear().domain([cm(grid.y0, grid.fy), cm(grid.y1, grid.fy)]).range([inner.h, 0]);

    drawHeat(grid, inner);
    axisX.attr("transform", `translate(${MARGIN.left},${MARGIN.top + inner.h})`).call(axisBottom(x).ticks(6));
    axisY.attr("transform", `translate(${MARGIN.left},${MARGIN.top})`).call(axisLeft(y).ticks(6));
    labelX.attr("x", MARGIN.left + inner.w / 2).attr("y", height - 4).text(featureName(data, grid.fx));
    labelY.attr("transform", `translate(12,${MARGIN.top + inner.h / 2}) rotate(-90)`).text(featureName(data, grid.fy));

    const cell = { w: inner.w / grid.n, h: inner.h / grid.n };
    const level = contours().size([grid.n, grid.n]).thresholds([0.5])(grid.values.map((v) => v ?? 0))[0];
    boundary.attr("transform", `translate(${MARGIN.left},${MARGIN.top}) scale(${cell.w},${cell.h})`)
      .attr("d", level ? polygonsPath(level.coordinates) : null);

    const points = data.points.map((p, index) => ({ ...p, index, wrong: view.predicted[index] !== p.y }));
    dots.attr("transform", `translate(${MARGIN.left},${MARGIN.top})`)
      .selectAll("circle")
      .data(points, (d) => d.index)
      .join("circle")
      .attr("cx", (d) => x(d.cm[grid.fx]))
      .attr("cy", (d) => y(d.cm[grid.fy]))
      .attr("r", (d) => (d.test ? 5.5 : 4))
      .attr("fill", (d) => classColor(d.y))
      .attr("class", (d) => [d.test ? "test" : "train", d.wrong ? "wrong" : "", d.index === selected ? "selected" : ""].join(" "))
      .on("mousemove", (event, d) => showTooltip(pointLines(d, view, data), event.pageX, event.pageY))
      .on("mouseleave", hideTooltip)
      .on("click", (event, d) => onSelect(d.index));
    dots.select("circle.selected").raise();
  }

  function drawHeat(grid, inner) {
    // One canvas pixel per grid cell; CSS scales it up with smoothing.
    canvas.width = grid.n;
    canvas.height = grid.n;
    Object.assign(canvas.style, {
      left: `${MARGIN.left}px`, top: `${MARGIN.top}px`, width: `${inner.w}px`, height: `${inner.h}px`,
    });
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(grid.n, grid.n);
    grid.values.forEach((value, i) => {
      const c = parseColor(decisionColor(value));
      image.data.set([c[0], c[1], c[2], 255], i * 4);
    });
    ctx.putImageData(image, 0, 0);
  }

  return {
    update,
    redraw: () => last && update(last.view, last.data, last.selected),
    /** The heat map's pixels, for tests that check the picture changed. */
    snapshot: () => canvas.toDataURL(),
  };
}

function pointLines(d, view, data) {
  const out = view.outputs[d.index];
  const lines = [t(d.test ? "map.flower_test" : "map.flower_training", { row: d.row })];
  data.features.forEach((_, j) => lines.push(t("map.feature", { name: featureName(data, j), value: d.cm[j] })));
  lines.push(t("map.true", { name: data.classes[d.y] ?? d.y }));
  lines.push(t("map.output", { values: out ? out.map((v) => formatNumber(v)).join(", ") : t("common.none") }));
  const predicted = data.classes[view.predicted[d.index]] ?? view.predicted[d.index];
  lines.push(t(d.wrong ? "map.predicted_wrong" : "map.predicted", { name: predicted }));
  return lines;
}

function polygonsPath(multiPolygon) {
  let path = "";
  for (const polygon of multiPolygon) {
    for (const ring of polygon) {
      path += "M" + ring.map(([px, py]) => `${px},${py}`).join("L") + "Z";
    }
  }
  return path;
}

const colorCache = new Map();
function parseColor(css) {
  let rgb = colorCache.get(css);
  if (!rgb) {
    if (css.startsWith("#")) {
      rgb = [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16));
    } else {
      rgb = css.match(/\d+/g).slice(0, 3).map(Number);
    }
    if (colorCache.size > 4096) colorCache.clear();
    colorCache.set(css, rgb);
  }
  return rgb;
}

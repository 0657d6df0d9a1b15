// The network diagram: inputs and units as circles, every weight as a line (blue
// positive, red negative, width by size), and for the selected flower each unit's
// activation a from trace(). Hover a unit for z, a and its bias; a line for its weight.
import { select } from "d3-selection";
import { scaleLinear, scaleSqrt } from "d3-scale";
import { NEGATIVE, POSITIVE, formatNumber } from "./colors.js";
import { hideTooltip, showTooltip } from "./tooltip.js";
import { featureName, t } from "../i18n.js";

// A student may build Dense(500): draw at most this many units per layer ("+N more")
// and the largest weights only, so the page stays quick whatever the network.
// (session.network() sends no more than that either: _SHOWN_UNITS.)
const MAX_UNITS = 20;
const MAX_EDGES = 1200;

/** createNetwork(svgElement) -> {update(network, trace, data)} */
export function createNetwork(svgElement) {
  const svg = select(svgElement);
  const edgeLayer = svg.append("g").attr("class", "edges");
  const nodeLayer = svg.append("g").attr("class", "nodes");
  const titleLayer = svg.append("g").attr("class", "titles");
  const moreLayer = svg.append("g").attr("class", "more");
  let last = null;

  function update(network, trace, data) {
    last = { network, trace, data };
    const width = Math.max(240, svgElement.clientWidth || svgElement.parentNode.clientWidth);
    const height = Math.max(160, svgElement.clientHeight || 220);
    svg.attr("viewBox", `0 0 ${width} ${height}`);

    // Column 0 = inputs, column k = layer k.
    const columns = [{ title: t("net.input"), units: network.inputs, values: trace.x, z: null, bias: null }];
    network.layers.forEach((layer, k) => columns.push({
      title: layer.activation,
      units: layer.units,
      values: trace.layers[k]?.a ?? [],
      z: trace.layers[k]?.z ?? [],
      bias: layer.bias,
      activation: layer.activation,
    }));
    const shown = (column) => Math.min(column.units, MAX_UNITS);
    const biggest = Math.max(...columns.map(shown));
    const radius = Math.max(7, Math.min(16, (height - 40) / (biggest * 2.6)));
    const x = scaleLinear().domain([0, columns.length - 1]).range([radius + 50, width - radius - 8]);
    // Layer titles ("softmax", "sigmoid") on a narrow card would run together: then every
    // other one goes on a second line, and the units start lower.
    const titles = titleLayer.selectAll("text").data(columns).join("text")
      .attr("x", (c, k) => x(k)).attr("text-anchor", "middle")
      .text((c) => c.title);
    const staggered = titlesCollide(titles.nodes(), x);
    titles.attr("y", (c, k) => (staggered && k % 2 ? 28 : 14));
    const top = staggered ? 42 : 28;
    const yOf = (units, j) => {
      const span = height - top - 16;
      const step = Math.min(span / units, radius * 3.2);
      return top + span / 2 + (j - (units - 1) / 2) * step;
    };

    const nodes = [];
    const byKey = new Map();
    columns.forEach((column, k) => {
      for (let j = 0; j < shown(column); j++) {
        const node = { k, j, x: x(k), y: yOf(shown(column), j), column, value: column.values[j] };
        nodes.push(node);
        byKey.set(`${k}/${j}`, node);
      }
    });
    const at = (k, j) => byKey.get(`${k}/${j}`);

    let edges = [];
    network.layers.forEach((layer, k) => {
      layer.kernel.forEach((row, i) => row.forEach((w, j) => {
        const from = at(k, i);
        const to = at(k + 1, j);
        if (from && to) edges.push({ from, to, w, layer: k + 1, i, j });
      }));
    });
    if (edges.length > MAX_EDGES) {
      edges = edges.sort((a, b) => Math.abs(b.w ?? 0) - Math.abs(a.w ?? 0)).slice(0, MAX_EDGES);
    }
    const hidden = columns.map((c) => c.units - shown(c));
    const maxW = Math.max(1e-9, ...edges.map((e) => Math.abs(e.w ?? 0)));
    const widthOf = scaleSqrt().domain([0, maxW]).range([0.4, 6]);

    edgeLayer.selectAll("line").data(edges).join("line")
      .attr("x1", (e) => e.from.x).attr("y1", (e) => e.from.y)
      .attr("x2", (e) => e.to.x).attr("y2", (e) => e.to.y)
      .attr("stroke", (e) => ((e.w ?? 0) >= 0 ? POSITIVE : NEGATIVE))
      .attr("stroke-width", (e) => widthOf(Math.abs(e.w ?? 0)))
      .on("mousemove", (event, e) => showTooltip([
        t("net.weight", { layer: e.layer }),
        t("net.from_to", { from: e.layer === 1 ? featureName(data, e.i) : t("net.unit", { n: e.i + 1 }), to: e.j + 1 }),
        `kernel[${e.i}][${e.j}] = ${formatNumber(e.w, 4)}`,
      ], event.pageX, event.pageY))
      .on("mouseleave", hideTooltip);

    const groups = nodeLayer.selectAll("g.node").data(nodes).join((enter) => {
      const g = enter.append("g").attr("class", "node");
      g.append("circle");
      g.append("text").attr("class", "value").attr("text-anchor", "middle").attr("dy", "0.35em");
      g.append("text").attr("class", "name").attr("text-anchor", "end").attr("dy", "0.35em");
      return g;
    });
    groups.attr("transform", (n) => `translate(${n.x},${n.y})`)
      .on("mousemove", (event, n) => showTooltip(nodeLines(n, data), event.pageX, event.pageY))
      .on("mouseleave", hideTooltip);
    groups.select("circle").attr("r", radius).attr("class", (n) => (n.k === 0 ? "input" : "unit"));
    groups.select("text.value").text((n) => shortNumber(n.value)).attr("font-size", Math.min(11, radius * 0.9));
    const short = t("net.short").split(",");
    groups.select("text.name").attr("x", -radius - 3).text((n) => (n.k === 0 ? short[n.j] ?? `x${n.j}` : ""));

    moreLayer.selectAll("text").data(hidden).join("text")
      .attr("x", (n, k) => x(k)).attr("y", height - 4).attr("text-anchor", "middle")
      .text((n) => (n > 0 ? t("net.more", { n }) : ""));
  }

  return { update, redraw: () => last && update(last.network, last.trace, last.data) };
}

/** True when two neighbouring titles, centred on their columns, would touch. */
function titlesCollide(texts, x) {
  // A hidden card measures 0: then guess from the length (11 px text, ~6.5 px a letter).
  const widths = texts.map((t) => t.getComputedTextLength() || t.textContent.length * 6.5);
  for (let k = 1; k < widths.length; k++) {
    if (x(k) - x(k - 1) < (widths[k - 1] + widths[k]) / 2 + 6) return true;
  }
  return false;
}

function nodeLines(n, data) {
  if (n.k === 0) {
    return [t("net.input_line", { j: n.j, name: featureName(data, n.j) }), t("net.x", { value: formatNumber(n.value) })];
  }
  const c = n.column;
  return [
    t("net.unit_line", { k: n.k, j: n.j + 1, activation: c.activation }),
    t("net.z", { value: formatNumber(c.z[n.j], 4) }),
    `a = ${formatNumber(n.value, 4)}  (${c.activation}(z))`,
    `bias = ${formatNumber(c.bias[n.j], 4)}`,
  ];
}

function shortNumber(v) {
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

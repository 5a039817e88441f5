/** A line/point chart of several named series: the building block of the paper's figures. */
import type { TopLevelSpec } from "vega-lite";

/** How a series is drawn, and how its legend entry looks. */
export type SeriesMark =
  /** theory: a solid line */
  | "line"
  /** approximations, a second quantity of the same run: a dashed line */
  | "dash"
  /** a third quantity: a dotted line */
  | "dot-line"
  /** simulation: open circles */
  | "point"
  /** simulation, a second quantity of the same run: open squares */
  | "square"
  /** simulation, a third quantity: open triangles */
  | "triangle"
  /** clouds of many points: small filled dots */
  | "dot"
  /** thin grey lines without a legend entry (trajectories) */
  | "faint"
  /** points 2k and 2k+1 joined, e.g. arrows of a velocity field */
  | "segments";

/** One curve or point cloud. Non-finite points (and non-positive ones on a log axis) are dropped. */
export interface Series {
  /** Legend label, e.g. "simulation" or "theory, main (13)"; each name is one legend entry. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Default "line". */
  mark?: SeriesMark;
  /** A CSS colour; default from the Tableau-10 palette by order of first appearance. Pair runs by colour. */
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  /** A note under the title, e.g. what the markers and lines are. */
  subtitle?: string;
  /** Axis titles; use the paper's symbols, e.g. "t (steps)", "γ(t)". */
  xTitle: string;
  yTitle: string;
  xScale?: "linear" | "log" | "symlog";
  yScale?: "linear" | "log" | "symlog";
  /** The symlog scale's linear range around 0 (default 1). */
  symlogConstant?: number;
  /** Fixed axis ranges [min, max]; points outside are dropped, not clamped to the edge. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** A y range [min, max] the axis covers at least, padded like the data (e.g. shared by panels drawn side by side). */
  yExtent?: [number, number];
  /** Size of the plotting area in pixels; default 540 × 320. */
  width?: number;
  height?: number;
  /** Tick values of the y axis (e.g. powers of ten of both signs on a symlog axis). */
  yTicks?: number[];
  /** A quantity that cannot be negative (an error rate): no y label below 0 (the axis padding may reach there). */
  yNonNegative?: boolean;
  /** About how many ticks a linear axis gets (fewer keep long labels such as −25 apart on a narrow panel). */
  tickCount?: number;
  /** Show the legend (default true). */
  legend?: boolean;
  /** In interactive viewers (JupyterLab), drag and scroll to zoom along x (default true). */
  zoom?: boolean;
}

export const PALETTE = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#b279a2",
  "#eeca3b",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];

/** Legend symbol, dash pattern and mark of each kind of series. */
const STYLE: Record<
  SeriesMark,
  { shape: string; dash: number[]; layer: "line" | "point" | "dot" | "faint" | "segments"; pointShape?: string }
> = {
  line: { shape: "stroke", dash: [1, 0], layer: "line" },
  dash: { shape: "stroke", dash: [6, 4], layer: "line" },
  "dot-line": { shape: "stroke", dash: [2, 3], layer: "line" },
  point: { shape: "circle", dash: [1, 0], layer: "point" },
  square: { shape: "square", dash: [1, 0], layer: "point" },
  triangle: { shape: "triangle-up", dash: [1, 0], layer: "point" },
  dot: { shape: "circle", dash: [1, 0], layer: "dot" },
  faint: { shape: "stroke", dash: [1, 0], layer: "faint" },
  segments: { shape: "stroke", dash: [1, 0], layer: "segments" },
};

/** Pixels between the data's range and the frame. */
const FRAME_PADDING = 8;

/** Values to 6 significant digits: what a figure can show, in a fraction of the JSON. */
const round = (v: number) => Number(v.toPrecision(6));

interface Row {
  series: string;
  x: number;
  y: number;
  i: number;
  seg?: number;
}

/** Builds the Vega-Lite spec: lines for theory, open markers for simulation, one legend showing both. */
export function lineChart(series: readonly Series[], o: LineChartOptions): TopLevelSpec {
  const named = series.filter((s) => s.mark !== "faint");
  const names = [...new Set(named.map((s) => s.name))];
  const style = (n: string) => STYLE[named.find((s) => s.name === n)!.mark ?? "line"];
  const colors = names.map((n, k) => named.find((s) => s.name === n && s.color)?.color ?? PALETTE[k % PALETTE.length]);
  const { x, y } = positionEncodings(series, o);
  const bySeries = seriesEncodings(names, colors, style, o);
  const layers = layersOf(
    series,
    o,
    { x, y, ...bySeries },
    {
      field: "series",
      type: "nominal",
      legend: null,
      scale: { domain: names, range: names.map((n) => style(n).shape) },
    },
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: o.subtitle ? { text: o.title ?? "", subtitle: o.subtitle } : o.title,
    width: o.width ?? 540,
    height: o.height ?? 320,
    background: "white",
    config: {
      aria: false,
      font: "DejaVu Sans, sans-serif",
      axis: { labelFontSize: 13, titleFontSize: 15, titleFontWeight: "normal" },
      legend: { labelFontSize: 13 },
      title: { fontSize: 16, subtitleFontSize: 13, anchor: "start" },
    },
    layer: layers,
    // Read by toSvg: open markers are drawn open in the legend too (Vega-Lite fills every legend symbol).
    usermeta: { hollow: names.filter((n) => style(n).layer === "point") },
  } as TopLevelSpec;
}

/** The x and y encodings: scales (padded off the frame unless the domain is fixed) and axes. */
function positionEncodings(series: readonly Series[], o: LineChartOptions) {
  // Data ranges are padded by a few pixels, so that no marker sits on the frame; fixed domains are kept.
  // A symlog scale is not made nice: Vega's rounding reaches a decade below 0 for data that start at 0.
  const scale = (type: string | undefined, domain?: [number, number], fixed = false, extent?: [number, number]) => ({
    type: type ?? "linear",
    ...(type === "log" || type === "symlog" ? {} : { zero: false }),
    ...(type === "symlog" ? { constant: o.symlogConstant ?? 1 } : {}),
    ...(domain ? { domain } : { nice: type !== "log" && type !== "symlog" }),
    ...(extent ? { domainMin: extent[0], domainMax: extent[1] } : {}),
    ...(fixed ? {} : { padding: FRAME_PADDING }),
  });
  const linearTicks = o.tickCount ? { tickCount: o.tickCount } : {};
  // A log time axis starts at a power of ten, so that its first decade is labelled (t from 13 starts at 10).
  let xDomain = o.xDomain;
  if (!xDomain && o.xScale === "log") {
    const xs = series.flatMap((s) => Array.from(s.x).filter((v) => Number.isFinite(v) && v > 0));
    if (xs.length) xDomain = [10 ** Math.floor(Math.log10(Math.min(...xs)) + 1e-9), Math.max(...xs)];
  }
  const x = {
    field: "x",
    type: "quantitative",
    title: o.xTitle,
    scale: scale(o.xScale, xDomain, o.xDomain !== undefined),
    axis: o.xScale === "log" ? { labelExpr: LOG_LABELS, labelOverlap: false } : linearTicks,
  };
  const yAxis = o.yTicks
    ? { values: o.yTicks, format: "~g" }
    : o.yScale === "log"
      ? { labelExpr: LOG_LABELS, labelOverlap: false }
      : { ...linearTicks, ...(o.yNonNegative ? { labelExpr: "datum.value < 0 ? '' : datum.label" } : {}) };
  const y = {
    field: "y",
    type: "quantitative",
    title: o.yTitle,
    scale: scale(o.yScale, o.yDomain, o.yDomain !== undefined, o.yExtent),
    axis: yAxis,
  };
  return { x, y };
}

/** Colour, shape and dash by series, sharing one legend (so a line and a marker series each show as they are drawn). */
function seriesEncodings(
  names: string[],
  colors: string[],
  style: (name: string) => (typeof STYLE)[SeriesMark],
  o: LineChartOptions,
) {
  // One column up to six entries, two beyond (each then at most half the plot's width, so the figure stays as wide as
  // its plot).
  const columns = names.length > 6 ? 2 : 1;
  const legend =
    o.legend === false
      ? null
      : {
          orient: "bottom",
          direction: "vertical",
          columns,
          labelLimit: columns === 2 ? Math.max(160, (o.width ?? 540) / 2 - 40) : 600,
          symbolStrokeWidth: 2,
          symbolSize: 120,
        };
  const bySeries = (channel: "color" | "shape" | "strokeDash") => ({
    field: "series",
    type: "nominal",
    title: null,
    scale: {
      domain: names,
      range: channel === "color" ? colors : names.map((n) => (channel === "shape" ? style(n).shape : style(n).dash)),
    },
    legend,
  });
  return { color: bySeries("color"), shape: bySeries("shape"), strokeDash: bySeries("strokeDash") };
}

/** One Vega-Lite layer per kind of mark that has data, the last one carrying the x zoom. */
function layersOf(
  series: readonly Series[],
  o: LineChartOptions,
  encoding: Record<string, object>,
  pointShape: object,
) {
  const { x, y } = encoding;
  const tooltip = [
    { field: "series", type: "nominal", title: "series" },
    { field: "x", type: "quantitative", title: o.xTitle, format: ".4~g" },
    { field: "y", type: "quantitative", title: o.yTitle, format: ".4~g" },
  ];
  const order = { field: "i", type: "quantitative" };
  const rows = (layer: string) => layerRows(series, layer, o);
  const layers = [
    {
      rows: rows("faint"),
      mark: { type: "line", color: "#888", opacity: 0.25, strokeWidth: 0.8 },
      encoding: { x, y, detail: { field: "series" }, order },
    },
    { rows: rows("line"), mark: { type: "line", strokeWidth: 2 }, encoding: { ...encoding, order, tooltip } },
    {
      rows: rows("segments"),
      mark: { type: "line", strokeWidth: 1.2 },
      encoding: { ...encoding, detail: { field: "seg" }, order },
    },
    {
      rows: rows("dot"),
      mark: { type: "point", filled: true, size: 10, opacity: 0.6, strokeWidth: 0 },
      encoding: { ...encoding, tooltip },
    },
    {
      rows: rows("point"),
      mark: { type: "point", filled: false, size: 36, strokeWidth: 1.3 },
      encoding: { ...encoding, shape: pointShape, tooltip },
    },
  ]
    .filter((l) => l.rows.length > 0)
    .map(({ rows, ...l }) => ({ data: { values: rows }, ...l }));
  if (o.zoom !== false && layers.length > 0)
    (layers[layers.length - 1] as Record<string, unknown>).params = [
      { name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" },
    ];
  return layers;
}

/** The data rows of one layer: every finite point inside the axes' domains (and positive on a log axis). */
function layerRows(series: readonly Series[], layer: string, o: LineChartOptions): Row[] {
  const inDomain = (v: number, d?: [number, number]) => !d || (v >= d[0] && v <= d[1]);
  const keep = (v: number, scale?: string, domain?: [number, number]) =>
    Number.isFinite(v) && (scale !== "log" || v > 0) && inDomain(v, domain);
  const rows: Row[] = [];
  for (const s of series.filter((s) => STYLE[s.mark ?? "line"].layer === layer)) {
    for (let i = 0; i < s.x.length; i++) {
      if (!keep(s.x[i], o.xScale, o.xDomain) || !keep(s.y[i], o.yScale, o.yDomain)) continue;
      const [x, y] = [round(s.x[i]), round(s.y[i])];
      rows.push(
        s.mark === "segments" ? { series: s.name, x, y, i, seg: Math.floor(i / 2) } : { series: s.name, x, y, i },
      );
    }
  }
  return rows;
}

/**
 * Log-axis labels at 1 and 3 times each power of ten, so that 10 (and every decade) is always labelled and none
 * collide.
 */
const MANTISSA = "datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9))";
const LOG_LABELS = `(abs(${MANTISSA} - 1) < 0.01 || abs(${MANTISSA} - 3) < 0.01) ? format(datum.value, '~g') : ''`;

/** A line/point chart of several named series: the building block of the paper's figures. */
import type { TopLevelSpec } from "vega-lite";

/** One curve or point cloud. Non-finite points (and non-positive ones on a log axis) are dropped. */
export interface Series {
  /** Legend label, e.g. "simulation" or "theory, main (13)". Series sharing a name share a colour. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /**
   * "line" (theory), "point" (simulation markers), "dash" (approximations), "dot" (small filled
   * markers for clouds), "faint" (thin grey line, no legend: trajectories), or "segments"
   * (points 2k and 2k+1 joined, e.g. arrows of a velocity field); default "line".
   */
  mark?: "line" | "point" | "dash" | "dot" | "faint" | "segments";
  /** A CSS colour; default from the Tableau-10 palette by order of first appearance. */
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  /** Axis titles; use the paper's symbols, e.g. "t (steps)", "γ(t)". */
  xTitle: string;
  yTitle: string;
  xScale?: "linear" | "log" | "symlog";
  yScale?: "linear" | "log" | "symlog";
  /** Fixed axis ranges [min, max]. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Size of the plotting area in pixels; default 420 × 280. */
  width?: number;
  height?: number;
  /** Show the legend (default true). */
  legend?: boolean;
  /** A note under the title, e.g. "markers: simulation; lines: theory". */
  subtitle?: string;
}

const PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

interface Row {
  series: string;
  x: number;
  y: number;
  i: number;
  seg?: number;
}

/** Builds the Vega-Lite spec: lines for theory, circles for simulation, dashes for approximations. */
export function lineChart(series: readonly Series[], o: LineChartOptions): TopLevelSpec {
  const keep = (v: number, scale?: string) => Number.isFinite(v) && (scale !== "log" || v > 0);
  const rowsFor = (marks: Series["mark"][]) => {
    const rows: Row[] = [];
    for (const s of series.filter((s) => marks.includes(s.mark ?? "line"))) {
      for (let i = 0; i < s.x.length; i++) {
        if (!keep(s.x[i], o.xScale) || !keep(s.y[i], o.yScale)) continue;
        rows.push(s.mark === "segments" ? { series: s.name, x: s.x[i], y: s.y[i], i, seg: Math.floor(i / 2) } : { series: s.name, x: s.x[i], y: s.y[i], i });
      }
    }
    return rows;
  };
  const named = series.filter((s) => s.mark !== "faint");
  const names = [...new Set(named.map((s) => s.name))];
  const colors = names.map((n, k) => named.find((s) => s.name === n && s.color)?.color ?? PALETTE[k % PALETTE.length]);
  const scale = (type: string | undefined, domain?: [number, number]) => ({
    type: type ?? "linear",
    ...(type === "log" || type === "symlog" ? {} : { zero: false }),
    ...(domain ? { domain, clamp: true } : { nice: type !== "log" }),
  });
  const x = { field: "x", type: "quantitative", title: o.xTitle, scale: scale(o.xScale, o.xDomain) };
  const y = { field: "y", type: "quantitative", title: o.yTitle, scale: scale(o.yScale, o.yDomain) };
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain: names, range: colors },
    legend: o.legend === false ? null : { orient: "bottom", direction: "vertical", labelLimit: 500, columns: names.length > 4 ? 2 : 1 },
  };
  const order = { field: "i", type: "quantitative" };
  const layers = [
    { rows: rowsFor(["faint"]), mark: { type: "line", color: "#888", opacity: 0.25, strokeWidth: 0.8 }, encoding: { x, y, detail: { field: "series" }, order } },
    { rows: rowsFor(["line"]), mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color, order } },
    { rows: rowsFor(["dash"]), mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x, y, color, order } },
    { rows: rowsFor(["segments"]), mark: { type: "line", strokeWidth: 1 }, encoding: { x, y, color, detail: { field: "seg" }, order } },
    { rows: rowsFor(["dot"]), mark: { type: "circle", size: 10, opacity: 0.6 }, encoding: { x, y, color } },
    { rows: rowsFor(["point"]), mark: { type: "point", filled: false, size: 30, strokeWidth: 1.2 }, encoding: { x, y, color } },
  ]
    .filter((l) => l.rows.length > 0)
    .map(({ rows, ...l }) => ({ data: { values: rows }, ...l }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: o.subtitle ? { text: o.title ?? "", subtitle: o.subtitle } : o.title,
    width: o.width ?? 420,
    height: o.height ?? 280,
    background: "white",
    config: { aria: false, font: "sans-serif", axis: { labelFontSize: 11, titleFontSize: 13 }, legend: { labelFontSize: 11 }, title: { subtitleFontSize: 11 } },
    layer: layers,
  } as TopLevelSpec;
}

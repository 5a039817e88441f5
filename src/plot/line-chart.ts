/** A line/point chart of several named series: the building block of the paper's figures. */
import type { TopLevelSpec } from "vega-lite";

/** One curve or point cloud. Non-finite points (and non-positive ones on a log axis) are dropped. */
export interface Series {
  /** Legend label, e.g. "simulation" or "theory, main (13)". */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** "line" (theory), "point" (simulation markers) or "dash" (approximations); default "line". */
  mark?: "line" | "point" | "dash";
}

export interface LineChartOptions {
  title?: string;
  /** Axis titles; use the paper's symbols, e.g. "t (steps)", "γ(t)". */
  xTitle: string;
  yTitle: string;
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  /** Size of the plotting area in pixels; default 420 × 280. */
  width?: number;
  height?: number;
}

interface Row {
  series: string;
  x: number;
  y: number;
}

/** Builds the Vega-Lite spec: lines for theory, circles for simulation, dashes for approximations. */
export function lineChart(series: readonly Series[], o: LineChartOptions): TopLevelSpec {
  const keep = (v: number, scale?: string) => Number.isFinite(v) && (scale !== "log" || v > 0);
  const layerFor = (mark: "line" | "point" | "dash") => {
    const rows: Row[] = [];
    for (const s of series.filter((s) => (s.mark ?? "line") === mark)) {
      for (let i = 0; i < s.x.length; i++) {
        if (keep(s.x[i], o.xScale) && keep(s.y[i], o.yScale)) rows.push({ series: s.name, x: s.x[i], y: s.y[i] });
      }
    }
    return rows;
  };
  const names = series.map((s) => s.name);
  const enc = {
    x: { field: "x", type: "quantitative", title: o.xTitle, scale: { type: o.xScale ?? "linear", nice: false } },
    y: {
      field: "y",
      type: "quantitative",
      title: o.yTitle,
      scale: o.yScale === "log" ? { type: "log" } : { type: "linear", zero: false },
    },
    color: { field: "series", type: "nominal", title: null, scale: { domain: names }, legend: { orient: "bottom", direction: "vertical", labelLimit: 500 } },
  } as const;
  const layers = [
    { data: { values: layerFor("line") }, mark: { type: "line", strokeWidth: 2 }, encoding: enc },
    { data: { values: layerFor("dash") }, mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: enc },
    { data: { values: layerFor("point") }, mark: { type: "point", filled: false, size: 30 }, encoding: enc },
  ].filter((l) => l.data.values.length > 0);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: o.title,
    width: o.width ?? 420,
    height: o.height ?? 280,
    background: "white",
    config: { font: "sans-serif", axis: { labelFontSize: 11, titleFontSize: 13 }, legend: { labelFontSize: 11 } },
    layer: layers,
  } as TopLevelSpec;
}

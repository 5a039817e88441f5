/** Figures drawn from the theory alone: the clock (main Fig. 1c) and the slowing-down of the drive. */
import type { TopLevelSpec } from "vega-lite";
import type { ClockCurves, TheoryRow } from "../theory/curves";
import { GAMMA, T_STEPS } from "./layout";
import { lineChart, type Series } from "./line-chart";

/** The theory's clock curves of Fig. 1c: continuous and discrete clocks, and the two asymptotes. */
export function clockSeries(c: ClockCurves): Series[] {
  const top = 1.15 * Math.max(...c.continuous, ...c.discrete);
  const sphere = c.task === "sphere";
  return [
    { name: `γ(t), continuous time, main (${sphere ? 14 : 13})`, x: c.t, y: c.continuous, color: "#4c78a8" },
    { name: "γ_t, discrete gradient-descent steps", x: c.t, y: c.discrete, color: "#f58518" },
    {
      name: sphere ? "early: β I(0) t/(α√d)" : "early: βt/(α√(2πd))",
      x: c.t,
      y: c.early.map((v) => (v <= top ? v : NaN)),
      mark: "dash",
      color: "#e45756",
    },
    {
      name: "late: ¼ log t + const (no fit)",
      x: c.t,
      y: c.late.map((v) => (v > 0 ? v : NaN)),
      mark: "dash",
      color: "#72b7b2",
    },
  ];
}

/** Fig. 1c: γ(t) from main (13), the exact discrete-step clock, and the two asymptotes (log t axis). */
export function clockFigure(c: ClockCurves, title = "The clock γ(t), main (13)"): TopLevelSpec {
  return lineChart(clockSeries(c), { title, xTitle: T_STEPS, yTitle: GAMMA, xScale: "log" });
}

/** The slowing down: the drive I(t)/I(0) and the unsatisfied fraction f_U(t) = erf(H/√2), SM (12), (21). */
export function driveFigure(rows: readonly TheoryRow[], title = "Drive and unsatisfied examples"): TopLevelSpec {
  const r = rows.filter((row) => row.t > 0);
  const I0 = rows.find((row) => row.t === 0)?.I ?? r[0].I;
  return lineChart(
    [
      { name: "I(t)/I(0), SM (12)", x: r.map((v) => v.t), y: r.map((v) => v.I / I0) },
      { name: "f_U(t), SM (21)", x: r.map((v) => v.t), y: r.map((v) => v.fU), mark: "dash" },
    ],
    { title, xTitle: T_STEPS, yTitle: "fraction", xScale: "log", yScale: "log" },
  );
}

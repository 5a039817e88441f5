/** Notebook 05's figures: sweep measures with error bars over seeds, against the theory's curve. */
import type { TopLevelSpec } from "vega-lite";
import type { SeedStat } from "../sweep/stats";
import { lineChart, type Series, type SeriesMark } from "./line-chart";
import { T_STEPS } from "./layout";

/** Means as markers, ± one standard deviation over seeds as a vertical bar each (its own legend entry). */
function withBars(name: string, stats: readonly SeedStat[], color: string, mark: SeriesMark = "point"): Series[] {
  return [
    { name, x: stats.map((s) => s.x), y: stats.map((s) => s.mean), mark, color },
    {
      name: `${name}: ± 1 s.d. over seeds`,
      x: stats.flatMap((s) => [s.x, s.x]),
      y: stats.flatMap((s) => [s.mean - s.sd, s.mean + s.sd]),
      mark: "segments",
      color,
    },
  ];
}

const curve = (name: string, c: { x: readonly number[]; y: readonly number[] }, color: string): Series => ({
  name,
  x: c.x,
  y: c.y,
  color,
});

/** Against α: how far the nodes move, the clock at the end, and the final test error (rich → lazy). */
export function crossoverFigures(o: {
  movement: SeedStat[];
  movementTheory: { x: number[]; y: number[] };
  gamma: SeedStat[];
  gammaTheory: { x: number[]; y: number[] };
  testError: SeedStat[];
}): TopLevelSpec[] {
  const common = { xTitle: "output scale α", xScale: "log" as const, zoom: false };
  return [
    lineChart(
      [
        ...withBars("movement of a, simulation", o.movement, "#4c78a8"),
        curve("main (10)", o.movementTheory, "#4c78a8"),
      ],
      { ...common, title: "How far the nodes move", yTitle: "relative movement of a", yScale: "log" },
    ),
    lineChart(
      [
        ...withBars("γ fitted to the nodes", o.gamma, "#222"),
        curve("γ_T of main (13) at the run's end", o.gammaTheory, "#f58518"),
      ],
      { ...common, title: "The clock at the end", yTitle: "γ", yScale: "log" },
    ),
    lineChart(withBars("test error", o.testError, "#e45756", "square"), {
      ...common,
      title: "Final test error (no mean-field prediction)",
      yTitle: "fraction misclassified",
      yNonNegative: true,
    }),
  ];
}

/** The step at which the measured drive leaves I(t), against the theory's I(t) = J(t)/√N, over N. */
export function finiteNFigure(o: { departure: SeedStat[]; theory: { x: number[]; y: number[] } }): TopLevelSpec {
  return lineChart(
    [
      ...withBars("I∥ leaves I(t) by 10%, simulation", o.departure, "#4c78a8"),
      curve("theory: I(t) = J(t)/√N", o.theory, "#f58518"),
    ],
    {
      title: "When finite N takes over",
      subtitle: "markers: mean over seeds, bars ± 1 s.d. · line: the crossing of SM (12) and (22)",
      xTitle: "training examples N",
      yTitle: T_STEPS,
      xScale: "log",
      yScale: "log",
      zoom: false,
    },
  );
}

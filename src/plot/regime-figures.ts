/**
 * Rich vs lazy (main section 3.2): an α sweep against main (10), and the clocks of two runs. Pure: records in, spec
 * out.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Population } from "../analysis/population";
import type { RegimeClock, RegimeRow } from "../analysis/regimes";
import type { ResolvedConfig } from "../train/config";
import { GAMMA, SIM_VS_THEORY, T_STEPS } from "./layout";
import { lineChart, PALETTE } from "./line-chart";
import { populationFigure } from "./node-figures";

/** Against α: how far the nodes moved, the clock at the end, and the final errors. */
export function regimeSweepFigures(rows: RegimeRow[]): TopLevelSpec[] {
  const alpha = rows.map((r) => r.alpha);
  const o = { xTitle: "output scale α", xScale: "log" as const, zoom: false };
  return [
    lineChart(
      [
        { name: "a_i, simulation", x: alpha, y: rows.map((r) => r.movement), mark: "point", color: "#4c78a8" },
        { name: "main (10), discrete clock", x: alpha, y: rows.map((r) => r.movementTheory), color: "#4c78a8" },
      ],
      {
        ...o,
        title: "How far the nodes move",
        subtitle: "RMS of a_i(end) − a_i(0) over RMS a_i(0)",
        yTitle: "relative movement",
        yScale: "log",
      },
    ),
    lineChart(
      [
        {
          name: "γ fitted to the nodes at the end",
          x: alpha,
          y: rows.map((r) => r.gammaFitted),
          mark: "point",
          color: "#222",
        },
        { name: "γ_t of main (13) at the same step", x: alpha, y: rows.map((r) => r.gammaTheory), color: "#f58518" },
        {
          name: "γ integrated from the measured drive",
          x: alpha,
          y: rows.map((r) => r.gammaDriven),
          mark: "dot-line",
          color: "#54a24b",
        },
      ],
      { ...o, title: "The clock at the end", subtitle: SIM_VS_THEORY, yTitle: "γ", yScale: "log" },
    ),
    lineChart(
      [
        { name: "training error", x: alpha, y: rows.map((r) => r.finalTrainError), mark: "point", color: "#4c78a8" },
        { name: "test error", x: alpha, y: rows.map((r) => r.finalTestError), mark: "square", color: "#f58518" },
      ],
      {
        ...o,
        title: "Where each run ends",
        subtitle: "markers: simulation (mean field: 0 at infinite N)",
        yTitle: "fraction misclassified",
        yNonNegative: true,
      },
    ),
  ];
}

/** γ(t) fitted to the nodes of several runs (markers) against each run's discrete clock (lines), one colour per run. */
export function regimeClockFigure(runs: readonly RegimeClock[], title = "The clock of each run"): TopLevelSpec {
  return lineChart(
    runs.flatMap((r, k) => [
      {
        name: `α = ${r.config.alpha}: γ fitted to the nodes`,
        x: r.fitted.t,
        y: r.fitted.gamma,
        mark: "point" as const,
        color: PALETTE[k],
      },
      { name: `α = ${r.config.alpha}: γ_t of main (13)`, x: r.theory.t, y: r.theory.gamma, color: PALETTE[k] },
    ]),
    { title, subtitle: SIM_VS_THEORY, xTitle: T_STEPS, yTitle: GAMMA, xScale: "log", yScale: "log" },
  );
}

/** The populations of several runs at t = 0 and at their end, on shared axes: how far each one moved. */
export function regimePopulationFigures(
  runs: readonly { config: ResolvedConfig; start: Population; end: Population }[],
): TopLevelSpec[] {
  const extent =
    1.05 * Math.max(...runs.flatMap(({ end }) => [...Array.from(end.a, Math.abs), ...Array.from(end.wPar, Math.abs)]));
  return runs.map(({ config, start, end }, k) =>
    populationFigure(
      [
        { label: `t = ${start.t}`, a: start.a, wPar: start.wPar, color: "#bbb" },
        { label: `t = ${end.t}`, a: end.a, wPar: end.wPar, color: k === 0 ? "#4c78a8" : "#e45756" },
      ],
      null,
      { title: `α = ${config.alpha}: the nodes at the start and at the end`, domain: [-extent, extent] },
    ),
  );
}

/**
 * Figures of the node population against main (10): trajectories, the clock, the (w∥, a) plane. Pure: records in, spec
 * out.
 */
import type { TopLevelSpec } from "vega-lite";
import type { PopulationFrame } from "../analysis/population";
import type { ClockTrace, TrajectoryError } from "../analysis/trajectories";
import type { GroupClocks } from "../analysis/classes";
import type { ClockCurves } from "../theory/curves";
import { GAMMA, SIM_VS_THEORY, T_STEPS } from "./layout";
import { lineChart, PALETTE, type Series } from "./line-chart";
import { clockSeries } from "./theory-figures";

/** Fig. 1a/1b style: one colour per node, its recorded values as markers and the prediction as a line. */
export function trajectoriesFigure(
  sim: { t: readonly number[]; values: number[][] },
  theory: { t: readonly number[]; values: number[][] } | null,
  o: { title: string; yTitle: string; xScale?: "log" | "linear"; theoryName?: string },
): TopLevelSpec {
  const series: Series[] = sim.values.flatMap((v, k) => [
    { name: `node ${k + 1}`, x: sim.t, y: v, mark: "point" as const, color: PALETTE[k % PALETTE.length] },
    ...(theory
      ? [
          {
            name: `node ${k + 1}, ${o.theoryName ?? "theory"}`,
            x: theory.t,
            y: theory.values[k],
            color: PALETTE[k % PALETTE.length],
          },
        ]
      : []),
  ]);
  return lineChart(series, {
    title: o.title,
    subtitle: theory
      ? `${SIM_VS_THEORY}${o.theoryName ? ` (${o.theoryName})` : ""}, one colour per node`
      : "markers: simulation, one colour per node",
    xTitle: T_STEPS,
    yTitle: o.yTitle,
    xScale: o.xScale ?? "log",
    legend: false,
  });
}

/**
 * Fig. 1c with the clock fitted to the simulated population (markers) and, optionally, integrated from the measured
 * drive.
 */
export function clockWithFitFigure(
  c: ClockCurves,
  fitted: ClockTrace,
  o: { title?: string; driven?: ClockTrace } = {},
): TopLevelSpec {
  return lineChart(
    [
      ...clockSeries(c),
      ...(o.driven
        ? [
            {
              name: "γ integrated from the measured drive I∥(t)",
              x: o.driven.t.slice(1),
              y: o.driven.gamma.slice(1),
              mark: "dot-line" as const,
              color: "#54a24b",
            },
          ]
        : []),
      { name: "γ fitted to the simulated nodes", x: fitted.t, y: fitted.gamma, mark: "point", color: "#222" },
    ],
    {
      title: o.title ?? "The clock γ(t): theory and fitted to the simulation",
      xTitle: T_STEPS,
      yTitle: GAMMA,
      xScale: "log",
    },
  );
}

/** The (w∥, a) plane: the population at several times (colours) with faint node trajectories. */
export function populationFigure(
  snapshots: {
    label: string;
    a: ArrayLike<number>;
    wPar: ArrayLike<number>;
    mark?: "dot" | "point" | "segments";
    color?: string;
  }[],
  trajectories: { a: number[][]; wPar: number[][] } | null,
  o: { title: string; subtitle?: string; domain?: [number, number] },
): TopLevelSpec {
  const series: Series[] = [];
  if (trajectories)
    trajectories.a.forEach((a, k) =>
      series.push({ name: `trajectory ${k}`, x: trajectories.wPar[k], y: a, mark: "faint" }),
    );
  for (const s of snapshots) series.push({ name: s.label, x: s.wPar, y: s.a, mark: s.mark ?? "dot", color: s.color });
  return lineChart(series, {
    title: o.title,
    subtitle: o.subtitle,
    xTitle: "w∥",
    yTitle: "a",
    width: 420,
    height: 420,
    xDomain: o.domain,
    yDomain: o.domain,
    tickCount: 5,
    zoom: false,
  });
}

/** Relative error of the node trajectories against main (10): continuous clock vs exact discrete steps. */
export function trajectoryErrorFigure(
  e: TrajectoryError[],
  title = "Nodes against main (10): continuous vs discrete clock",
): TopLevelSpec {
  const t = e.map((r) => r.t);
  return lineChart(
    [
      { name: "a_i, continuous γ(t)", x: t, y: e.map((r) => r.aContinuous), color: "#e45756" },
      { name: "w∥_i, continuous γ(t)", x: t, y: e.map((r) => r.wContinuous), mark: "dash", color: "#e45756" },
      { name: "a_i, discrete γ_t and c_t", x: t, y: e.map((r) => r.aDiscrete), color: "#4c78a8" },
      { name: "w∥_i, discrete γ_t and c_t", x: t, y: e.map((r) => r.wDiscrete), mark: "dash", color: "#4c78a8" },
    ],
    {
      title,
      subtitle: "colour: the clock · solid: a_i, dashed: w∥_i",
      xTitle: T_STEPS,
      yTitle: "RMS relative error over nodes",
      xScale: "log",
      yNonNegative: true,
    },
  );
}

/**
 * γ fitted to all nodes and to each group (by the sign of a_i(0) + w∥_i(0)), and γ integrated from the measured drive
 * I∥.
 */
export function groupClockFigure(
  clocks: GroupClocks,
  driven: ClockTrace | null,
  o: { title: string; theory?: { t: readonly number[]; gamma: readonly number[]; name: string } },
): TopLevelSpec {
  return lineChart(
    [
      { name: "γ fitted, all nodes", x: clocks.t, y: clocks.all, mark: "point", color: "#222" },
      {
        name: "γ fitted, node group a(0) + w∥(0) > 0",
        x: clocks.t,
        y: clocks.plus,
        mark: "square",
        color: "#4c78a8",
      },
      {
        name: "γ fitted, node group a(0) + w∥(0) < 0",
        x: clocks.t,
        y: clocks.minus,
        mark: "triangle",
        color: "#e45756",
      },
      ...(driven
        ? [
            {
              name: "γ from the measured drive I∥(t), discrete steps",
              x: driven.t.slice(1),
              y: driven.gamma.slice(1),
              color: "#54a24b",
            },
          ]
        : []),
      ...(o.theory
        ? [{ name: o.theory.name, x: o.theory.t, y: o.theory.gamma, mark: "dash" as const, color: "#888" }]
        : []),
    ],
    { title: o.title, xTitle: T_STEPS, yTitle: "γ", xScale: "log" },
  );
}

/** Distance of the population from main (10) with the fitted clock, against t, with the departure threshold. */
export function hyperbolaErrorFigure(
  curves: { name: string; t: readonly number[]; error: readonly number[] }[],
  tol: number,
  title = "How far the nodes are from the hyperbolas of main (10)",
): TopLevelSpec {
  const tMax = Math.max(...curves.flatMap((c) => c.t));
  return lineChart(
    [
      ...curves.map((c, k) => ({
        name: c.name,
        x: c.t.slice(1),
        y: c.error.slice(1),
        mark: "point" as const,
        color: PALETTE[k],
      })),
      { name: `threshold ${tol}`, x: [1, tMax], y: [tol, tol], mark: "dash", color: "#888" },
    ],
    {
      title,
      subtitle: "RMS over nodes of |(a, w∥) − main (10) with the fitted γ, c|, relative to the RMS prediction",
      xTitle: T_STEPS,
      yTitle: "relative RMS distance",
      xScale: "log",
      yScale: "log",
    },
  );
}

/** The frames of the population's flow: the nodes (dots) and main (10) from each node's start (rings). */
export function populationFlowFigures(flow: {
  frames: readonly PopulationFrame[];
  hyperbolas: { a: number[][]; wPar: number[][] };
}): TopLevelSpec[] {
  return flow.frames.map((f) =>
    populationFigure(
      [
        { label: "nodes (simulation)", a: f.measured.a, wPar: f.measured.wPar, color: "#4c78a8" },
        {
          label: "main (10), discrete clock, from each node's start",
          a: f.predicted.a,
          wPar: f.predicted.wPar,
          mark: "point",
          color: "#e45756",
        },
      ],
      flow.hyperbolas,
      { title: `The node population at t = ${f.t} (γ_t = ${f.gamma.toFixed(2)})`, domain: [-f.extent, f.extent] },
    ),
  );
}

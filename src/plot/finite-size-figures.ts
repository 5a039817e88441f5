/**
 * Figures of what finite M and N do (main 3.3, SM 1.3, SM Fig. 2): satisfaction times, spreads, errors, drives. Pure:
 * records in, spec out.
 */
import type { TopLevelSpec } from "vega-lite";
import type { BandData, DriveData, DriveSeries, ErrorCurve, UnsatisfiedCurve } from "../analysis/compare";
import type { SpreadBin } from "../analysis/finite-size";
import type { SatisfactionCloud, ThresholdCurves } from "../analysis/satisfaction";
import type { ResolvedConfig } from "../train/config";
import { runLabel, SIM_VS_THEORY, T_STEPS } from "./layout";
import { lineChart, PALETTE, type Series } from "./line-chart";

/** Fig. 1d: the step at which each example is first satisfied against |x∥|, with H_t and the band x∥± of SM (20). */
export function satisfactionFigure(
  cloud: SatisfactionCloud,
  curves: ThresholdCurves,
  title = "When each example is satisfied (Fig. 1d)",
): TopLevelSpec {
  const ymin = Math.max(1e-3, Math.min(...cloud.xPar.filter((v) => v > 0)));
  const ymax = Math.max(...cloud.xPar) * 1.2;
  return lineChart(
    [
      {
        name: "training examples (simulation), at the first step they are satisfied",
        x: cloud.t,
        y: cloud.xPar,
        mark: "dot",
        color: "#4c78a8",
      },
      { name: "H_t, main (13) on the discrete clock", x: curves.t, y: curves.H, color: "#e45756" },
      {
        name: "x∥₊ of SM (20) one step earlier: above it, satisfied before t",
        x: curves.t,
        y: curves.upper,
        mark: "dash",
        color: "#222",
      },
      {
        name: "x∥₋ of SM (20): below it, not yet satisfied at t",
        x: curves.t,
        y: curves.lower,
        mark: "dash",
        color: "#999",
      },
    ],
    {
      title,
      xTitle: "t (steps): first step at which the example is satisfied",
      yTitle: "|x∥| = |ŵ*·x|",
      xScale: "log",
      yScale: "log",
      yDomain: [ymin, ymax],
    },
  );
}

/** One Fig. 1d panel per run. */
export function bandFigures(data: readonly BandData[]): TopLevelSpec[] {
  return data.map((d) => satisfactionFigure(d.cloud, d.curves, `M = ${d.config.M}`));
}

/**
 * The output's spread at fixed x∥ against σ_f/√M of SM (19): one panel over networks, one over the examples
 * of one network; one colour per recorded time, markers measured and lines the theory.
 */
export function spreadFigures(byTime: { label: string; bins: SpreadBin[] }[]): TopLevelSpec[] {
  const panel = (field: "overNetworks" | "overExamples", title: string) =>
    lineChart(
      byTime.flatMap(({ label, bins }, k) => [
        {
          name: `${label}: measured`,
          x: bins.map((b) => b.xPar),
          y: bins.map((b) => b[field]),
          mark: "point" as const,
          color: PALETTE[k],
        },
        {
          name: `${label}: σ_f/√M, SM (19)`,
          x: bins.map((b) => b.xPar),
          y: bins.map((b) => b.theory),
          color: PALETTE[k],
        },
      ]),
      {
        title,
        subtitle: SIM_VS_THEORY,
        xTitle: "x∥ = ŵ*·x",
        yTitle: "spread of f(x) at fixed x∥",
        yScale: "log",
        zoom: false,
      },
    );
  return [
    panel("overNetworks", "Over networks drawn from the population"),
    panel("overExamples", "Over the examples of one network"),
  ];
}

/** Training (solid) and test (dashed) error against t, one colour per run, log–log. */
export function errorsFigure(runs: readonly ErrorCurve[], title = "Training and generalization error"): TopLevelSpec {
  const shown = runs.map((r) => r.config);
  const series: Series[] = runs.flatMap((r, k) => [
    { name: `${runLabel(r.config, shown)}: training`, x: r.t, y: r.train, color: PALETTE[k] },
    { name: `${runLabel(r.config, shown)}: test`, x: r.t, y: r.test, mark: "dash" as const, color: PALETTE[k] },
  ]);
  return lineChart(series, {
    title,
    subtitle: "one colour per run · solid: training, dashed: test",
    xTitle: T_STEPS,
    yTitle: "error (fraction misclassified)",
    xScale: "log",
    yScale: "log",
  });
}

/** Symlog tick values: 0 and 10^k from `floor` up to 1, and their negatives where the axis goes below 0. */
function signedDecades(floor: number, negative: boolean): number[] {
  const up: number[] = [];
  for (let v = floor; v <= 1.0001; v *= 10) up.push(Number(v.toPrecision(1)));
  return [...(negative ? up.map((v) => -v).reverse() : []), 0, ...up];
}

/** The y range of a panel's drives, measured and theory, with 0 (the zero line). */
function driveExtent(d: { measured: DriveSeries; theory: DriveSeries }): [number, number] {
  const ys = [d.measured.I, d.measured.J, d.theory.I, d.theory.J].flat().filter(Number.isFinite);
  return [Math.min(0, ...ys), Math.max(0, ...ys)];
}

/**
 * Measured drives against the theory: I∥ vs I(t) (or I_δ), J⊥ vs J(t)/√N, on a symmetric-log axis that
 * shows sign: linear within ±`floor`, logarithmic beyond, so a drive that falls to zero and turns negative stays
 * visible. The axis reaches below 0 only as far as the drives do, or as `extent` (shared by panels side by side) says.
 */
export function drivesFigure(
  measured: DriveSeries,
  theory: DriveSeries,
  o: { title: string; theoryI?: string; theoryJ?: string; floor?: number; extent?: [number, number] },
): TopLevelSpec {
  const floor = o.floor ?? 1e-4;
  const extent = o.extent ?? driveExtent({ measured, theory });
  return lineChart(
    [
      { name: "I∥ measured (drive along ŵ*)", x: measured.t, y: measured.I, mark: "point", color: "#4c78a8" },
      { name: o.theoryI ?? "I(t), SM (12)", x: theory.t, y: theory.I, color: "#4c78a8" },
      { name: "J⊥ measured (drive across ŵ*)", x: measured.t, y: measured.J, mark: "square", color: "#f58518" },
      { name: o.theoryJ ?? "J(t)/√N, SM (22)", x: theory.t, y: theory.J, color: "#f58518" },
      {
        name: "zero",
        x: [Math.max(1, Math.min(...measured.t)), Math.max(...measured.t)],
        y: [0, 0],
        mark: "dash",
        color: "#bbb",
      },
    ],
    {
      title: o.title,
      subtitle: `${SIM_VS_THEORY} · symlog axis, linear within ±${floor}`,
      xTitle: T_STEPS,
      yTitle: "drive",
      xScale: "log",
      yScale: "symlog",
      symlogConstant: floor,
      yExtent: extent,
      yTicks: signedDecades(floor, extent[0] < 0),
    },
  );
}

/** Drives against theory for the first and the last run, on the same y range. */
export function driveFigures(data: readonly DriveData[]): TopLevelSpec[] {
  const ends = data.length > 1 ? [data[0], data[data.length - 1]] : data;
  const mislabeled = { theoryI: "I_δ(t), SM (23)", theoryJ: "J_δ(t)/√N, SM (24)" };
  const shown = ends.map((d) => d.config);
  const extents = ends.map(driveExtent);
  const extent: [number, number] = [Math.min(...extents.map((e) => e[0])), Math.max(...extents.map((e) => e[1]))];
  return ends.map((d) =>
    drivesFigure(d.measured, d.theory, {
      title: runLabel(d.config, shown),
      extent,
      ...(d.config.delta ? mislabeled : {}),
    }),
  );
}

/** N·f_U(t) measured (markers) against N·erf(H/√2) (lines), one colour per run, log–log (SM (21)). */
export function unsatisfiedFigure(
  runs: readonly UnsatisfiedCurve[],
  title = "Unsatisfied examples: N f_U(t) against N erf(H/√2), SM (21)",
): TopLevelSpec {
  const shown = runs.map((r) => r.config);
  return lineChart(
    runs.flatMap((r, k) => [
      {
        name: `${runLabel(r.config, shown)}: measured`,
        x: r.t,
        y: r.measured.map((v) => v * r.config.N),
        mark: "point" as const,
        color: PALETTE[k],
      },
      {
        name: `${runLabel(r.config, shown)}: theory`,
        x: r.t,
        y: r.theory.map((v) => v * r.config.N),
        color: PALETTE[k],
      },
    ]),
    { title, subtitle: SIM_VS_THEORY, xTitle: T_STEPS, yTitle: "N f_U(t)", xScale: "log", yScale: "log" },
  );
}

/** Mean |w⊥_i(t)| over nodes relative to t = 0, one colour per run. */
export function perpendicularFigure(
  curves: readonly { config: ResolvedConfig; t: number[]; ratio: number[] }[],
  title = "Mean over nodes of |w⊥_i(t)|, relative to t = 0",
): TopLevelSpec {
  const shown = curves.map((c) => c.config);
  return lineChart(
    [
      ...curves.map((c, k) => ({
        name: runLabel(c.config, shown),
        x: c.t,
        y: c.ratio,
        mark: "point" as const,
        color: PALETTE[k],
      })),
      {
        name: "mean field: 1",
        x: [1, Math.max(...curves.flatMap((c) => c.t))],
        y: [1, 1],
        mark: "dash",
        color: "#888",
      },
    ],
    {
      title,
      subtitle: "markers: simulation · dashed: the mean-field theory (w⊥ does not move)",
      xTitle: T_STEPS,
      yTitle: "⟨|w⊥|⟩(t) / ⟨|w⊥|⟩(0)",
      xScale: "log",
    },
  );
}

/**
 * SM Fig. 3 left: training and validation error, with the step at which the nodes leave the hyperbolas as a vertical
 * line.
 */
export function departureErrorsFigure(
  errors: { t: readonly number[]; train: readonly number[]; test: readonly number[] },
  departure: number,
  o: { title: string; marker?: string },
): TopLevelSpec {
  const { t, train, test } = errors;
  const { title, marker = "nodes leave main (10)" } = o;
  const positive = [...train, ...test].filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.max(1e-4, Math.min(...positive));
  const hi = Math.min(1, 1.5 * Math.max(...positive));
  return lineChart(
    [
      { name: "training error", x: t, y: train, mark: "point", color: "#4c78a8" },
      { name: "validation error", x: t, y: test, mark: "square", color: "#f58518" },
      ...(Number.isFinite(departure)
        ? [
            {
              name: `${marker}, t = ${departure}`,
              x: [departure, departure],
              y: [lo, hi],
              mark: "segments" as const,
              color: "#888",
            },
          ]
        : []),
    ],
    {
      title,
      xTitle: T_STEPS,
      yTitle: "error (fraction misclassified)",
      xScale: "log",
      yScale: "log",
      yDomain: [lo, hi],
    },
  );
}

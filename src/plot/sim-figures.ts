/** Figures that put the simulation (markers) next to the theory (lines). Pure: records in, spec out. */
import type { TopLevelSpec } from "vega-lite";
import type { ClockCurves } from "../theory/summary";
import type { TrajectoryError } from "../analysis/trajectories";
import type { SpreadBin } from "../analysis/finite-size";
import { predictedTraces, recordedTraces } from "../analysis/trajectories";
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { lineChart, type Series } from "./line-chart";

const SIM_VS_THEORY = "markers: simulation · lines: theory";

/** Fig. 1a/1b style: one colour per node, its recorded values as markers and the prediction as a line. */
export function trajectoriesFigure(
  sim: { t: readonly number[]; values: number[][] },
  theory: { t: readonly number[]; values: number[][] } | null,
  o: { title: string; yTitle: string; xScale?: "log" | "linear"; theoryName?: string },
): TopLevelSpec {
  const series: Series[] = sim.values.flatMap((v, k) => [
    { name: `node ${k + 1}`, x: sim.t, y: v, mark: "point" as const },
    ...(theory ? [{ name: `node ${k + 1}`, x: theory.t, y: theory.values[k] }] : []),
  ]);
  return lineChart(series, {
    title: o.title,
    subtitle: theory ? `${SIM_VS_THEORY}${o.theoryName ? `, ${o.theoryName}` : ""}` : "markers: simulation",
    xTitle: "t (gradient-descent steps)",
    yTitle: o.yTitle,
    xScale: o.xScale ?? "log",
    legend: false,
  });
}

/** Fig. 1c with the clock fitted to the simulated population as markers. */
export function clockWithFitFigure(c: ClockCurves, fitted: { t: readonly number[]; gamma: readonly number[] }, title = "The clock γ(t): theory and fitted to the simulation"): TopLevelSpec {
  const top = 1.15 * Math.max(...c.continuous, ...c.discrete);
  return lineChart(
    [
      { name: "γ(t), continuous time, main (13)", x: c.t, y: c.continuous },
      { name: "γ_t, discrete GD steps", x: c.t, y: c.discrete },
      { name: "early: βt/(α√(2πd))", x: c.t, y: c.early.map((v) => (v <= top ? v : NaN)), mark: "dash" },
      { name: "late: ¼ log t + const", x: c.t, y: c.late.map((v) => (v > 0 ? v : NaN)), mark: "dash" },
      { name: "γ fitted to the simulated nodes", x: fitted.t, y: fitted.gamma, mark: "point", color: "#222" },
    ],
    { title, xTitle: "t (gradient-descent steps)", yTitle: "γ(t)", xScale: "log" },
  );
}

/** Fig. 1d: satisfaction time of each example against |x∥|, with H(t) and the band x∥± of SM (20). */
export function satisfactionFigure(
  cloud: { t: readonly number[]; xPar: readonly number[] },
  curves: { t: readonly number[]; H: readonly number[]; lower: readonly number[]; upper: readonly number[] },
  title = "When each example is satisfied (Fig. 1d)",
): TopLevelSpec {
  const ymin = Math.max(1e-3, Math.min(...cloud.xPar.filter((v) => v > 0)));
  const ymax = Math.max(...cloud.xPar) * 1.2;
  const clip = (v: readonly number[]) => v.map((y) => (y >= ymin && y <= ymax ? y : NaN));
  return lineChart(
    [
      { name: "training examples (simulation)", x: cloud.t, y: cloud.xPar, mark: "dot", color: "#4c78a8" },
      { name: "H(t), main (13)", x: curves.t, y: clip(curves.H), color: "#e45756" },
      { name: "x∥₊, SM (20)", x: curves.t, y: clip(curves.upper), mark: "dash", color: "#222" },
      { name: "x∥₋, SM (20)", x: curves.t, y: clip(curves.lower), mark: "dash", color: "#999" },
    ],
    { title, xTitle: "t (steps) at which the example is satisfied", yTitle: "|x∥| = |ŵ*·x|", xScale: "log", yScale: "log", yDomain: [ymin, ymax] },
  );
}

/** The (w∥, a) plane: the population at several times (colours) with faint node trajectories. */
export function populationFigure(
  snapshots: { label: string; a: ArrayLike<number>; wPar: ArrayLike<number> }[],
  trajectories: { a: number[][]; wPar: number[][] } | null,
  o: { title: string; arrows?: { wPar: number[]; a: number[]; label: string } },
): TopLevelSpec {
  const series: Series[] = [];
  if (trajectories) trajectories.a.forEach((a, k) => series.push({ name: `trajectory ${k}`, x: trajectories.wPar[k], y: a, mark: "faint" }));
  for (const s of snapshots) series.push({ name: s.label, x: s.wPar, y: s.a, mark: "dot" });
  if (o.arrows) series.push({ name: o.arrows.label, x: o.arrows.wPar, y: o.arrows.a, mark: "segments", color: "#222" });
  return lineChart(series, { title: o.title, xTitle: "w∥", yTitle: "a", width: 380, height: 380 });
}

/** Training and test error against t on log–log axes, for one or several runs. */
export function errorsFigure(runs: { name: string; t: readonly number[]; train: readonly number[]; test: readonly number[] }[], title = "Training and generalization error"): TopLevelSpec {
  const series: Series[] = runs.flatMap((r) => [
    { name: `${r.name}: training`, x: r.t, y: r.train },
    { name: `${r.name}: test`, x: r.t, y: r.test, mark: "dash" as const },
  ]);
  return lineChart(series, { title, xTitle: "t (gradient-descent steps)", yTitle: "error (fraction misclassified)", xScale: "log", yScale: "log" });
}

/** Measured drives against the theory: I∥ vs I(t), J⊥ vs J(t)/√N (main Fig. 3b style), log–log. */
export function drivesFigure(
  measured: { t: readonly number[]; I: readonly number[]; J: readonly number[] },
  theory: { t: readonly number[]; I: readonly number[]; J: readonly number[] },
  o: { title: string; theoryI?: string; theoryJ?: string },
): TopLevelSpec {
  const positive = (v: readonly number[]) => v.filter((x) => x > 0 && Number.isFinite(x));
  const floor = 0.03 * Math.min(...positive([...measured.J, ...theory.J]));
  const top = 1.5 * Math.max(...positive([...measured.I, ...theory.I, ...measured.J]));
  return lineChart(
    [
      { name: "I∥ measured", x: measured.t, y: measured.I, mark: "point", color: "#4c78a8" },
      { name: o.theoryI ?? "I(t), SM (12)", x: theory.t, y: theory.I, color: "#4c78a8" },
      { name: "J⊥ measured", x: measured.t, y: measured.J, mark: "point", color: "#f58518" },
      { name: o.theoryJ ?? "J(t)/√N, SM (22)", x: theory.t, y: theory.J, color: "#f58518" },
    ],
    // The floor follows J (always > 0): I_δ(t) falls to 0 at the mislabeled fixed point and would stretch the axis.
    { title: o.title, subtitle: SIM_VS_THEORY, xTitle: "t (gradient-descent steps)", yTitle: "drive", xScale: "log", yScale: "log", yDomain: [floor, top] },
  );
}

/** Relative error of the node trajectories against main (10): continuous clock vs exact discrete steps. */
export function trajectoryErrorFigure(e: TrajectoryError[], title = "Nodes against main (10): continuous vs discrete clock"): TopLevelSpec {
  const t = e.map((r) => r.t);
  return lineChart(
    [
      { name: "a_i, continuous γ(t)", x: t, y: e.map((r) => r.aContinuous), color: "#e45756" },
      { name: "a_i, discrete γ_t and c_t", x: t, y: e.map((r) => r.aDiscrete), color: "#4c78a8" },
      { name: "w∥_i, continuous γ(t)", x: t, y: e.map((r) => r.wContinuous), mark: "dash", color: "#e45756" },
      { name: "w∥_i, discrete γ_t and c_t", x: t, y: e.map((r) => r.wDiscrete), mark: "dash", color: "#4c78a8" },
    ],
    { title, xTitle: "t (gradient-descent steps)", yTitle: "RMS relative error over nodes", xScale: "log" },
  );
}

/** Output spread at fixed x∥: over networks (circles) and over examples (dots), measured, vs σ_f/√M of SM (19) (lines). */
export function spreadFigure(byTime: { label: string; bins: SpreadBin[] }[], title = "Finite M: spread of the network output"): TopLevelSpec {
  const series: Series[] = byTime.flatMap(({ label, bins }) => [
    { name: label, x: bins.map((b) => b.xPar), y: bins.map((b) => b.overNetworks), mark: "point" as const },
    { name: label, x: bins.map((b) => b.xPar), y: bins.map((b) => b.overExamples), mark: "dot" as const },
    { name: label, x: bins.map((b) => b.xPar), y: bins.map((b) => b.theory) },
  ]);
  return lineChart(series, {
    title,
    subtitle: "circles: over networks · dots: over examples (one network) · lines: σ_f/√M, SM (19)",
    xTitle: "x∥ = ŵ*·x",
    yTitle: "spread of f(x) at fixed x∥",
    yScale: "log",
  });
}

/** Ten (or `nodes.length`) nodes of a run: recorded a_i, w∥_i or |w⊥_i| against main (10) on `times`. */
export function nodesFigure(
  r: TrainResult,
  p: ClockParams,
  field: "a" | "wPar" | "wPerp",
  o: { nodes: number[]; times: readonly number[]; title: string; discrete?: boolean },
): TopLevelSpec {
  const yTitle = { a: "a_i(t)", wPar: "w∥_i(t)", wPerp: "|w⊥_i(t)|" }[field];
  const sim = { t: r.grid.t, values: recordedTraces(r, o.nodes, field) };
  const theory = field === "wPerp" ? null : { t: o.times, values: predictedTraces(r, p, o.nodes, o.times, field, o.discrete ?? false) };
  const theoryName = o.discrete ? "main (10) with the discrete clock γ_t, c_t" : "main (10)";
  return trajectoriesFigure(sim, theory, { title: o.title, yTitle, theoryName });
}

/** Several figures in one row (each keeps its own axes and legend). */
export function sideBySide(specs: TopLevelSpec[], width = 300): TopLevelSpec {
  const parts = specs.map((s) => {
    const { $schema, config, background, ...rest } = s as unknown as Record<string, unknown>;
    void $schema;
    void config;
    void background;
    return { ...rest, width, height: Math.round(width * 0.75) };
  });
  const first = specs[0] as unknown as Record<string, unknown>;
  return { $schema: first.$schema, background: "white", config: first.config, hconcat: parts, resolve: { scale: { color: "independent" } } } as TopLevelSpec;
}

/** N·f_U(t) measured (markers) against N·erf(H/√2) (lines) for several runs, log–log (SM (21)). */
export function unsatisfiedFigure(runs: { name: string; t: readonly number[]; measured: readonly number[]; theory: readonly number[]; N: number }[], title = "Unsatisfied examples: N f_U(t) against N erf(H/√2), SM (21)"): TopLevelSpec {
  return lineChart(
    runs.flatMap((r) => [
      { name: r.name, x: r.t, y: r.measured.map((v) => v * r.N), mark: "point" as const },
      { name: r.name, x: r.t, y: r.theory.map((v) => v * r.N) },
    ]),
    { title, subtitle: SIM_VS_THEORY, xTitle: "t (gradient-descent steps)", yTitle: "N f_U(t)", xScale: "log", yScale: "log" },
  );
}

/** One Fig. 1d panel per run (see bandData). */
export function bandFigures(data: { title: string; cloud: { t: number[]; xPar: number[] }; curves: Parameters<typeof satisfactionFigure>[1] }[]): TopLevelSpec[] {
  return data.map((d) => satisfactionFigure(d.cloud, d.curves, d.title));
}

/** Drives against theory for the first and the last run (see driveData). */
export function driveFigures(data: { title: string; measured: Parameters<typeof drivesFigure>[0]; theory: Parameters<typeof drivesFigure>[1]; delta: number }[]): TopLevelSpec[] {
  const ends = data.length > 1 ? [data[0], data[data.length - 1]] : data;
  return ends.map((d) =>
    drivesFigure(d.measured, d.theory, d.delta ? { title: d.title, theoryI: "I_δ(t), SM (23)", theoryJ: "J_δ(t)/√N, SM (24)" } : { title: d.title }),
  );
}

/** Mean |w⊥_i(t)| over nodes relative to t = 0, one line per run. */
export function perpendicularFigure(curves: { name: string; t: number[]; ratio: number[] }[], title = "Mean |w⊥_i(t)| / |w⊥_i(0)|"): TopLevelSpec {
  return lineChart(
    curves.map((c) => ({ name: c.name, x: c.t, y: c.ratio, mark: "point" as const })),
    { title, subtitle: "markers: simulation (the mean-field theory predicts 1)", xTitle: "t (gradient-descent steps)", yTitle: "⟨|w⊥|⟩(t) / ⟨|w⊥|⟩(0)", xScale: "log" },
  );
}

/** SM Fig. 3 left: training and validation error, with the step at which the nodes leave the hyperbolas as a vertical line. */
export function departureErrorsFigure(t: readonly number[], train: readonly number[], test: readonly number[], departure: number, title: string, marker = "nodes leave main (10)"): TopLevelSpec {
  const positive = [...train, ...test].filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.max(1e-4, Math.min(...positive));
  const hi = Math.min(1, 1.5 * Math.max(...positive));
  return lineChart(
    [
      { name: "training error", x: t, y: train, mark: "point" },
      { name: "validation error", x: t, y: test, mark: "point" },
      ...(Number.isFinite(departure) ? [{ name: `${marker}, t = ${departure}`, x: [departure, departure], y: [lo, hi], mark: "segments" as const, color: "#888" }] : []),
    ],
    { title, xTitle: "t (gradient-descent steps)", yTitle: "error (fraction misclassified)", xScale: "log", yScale: "log", yDomain: [lo, hi] },
  );
}

/** γ fitted to all nodes and to each group (by the sign of a_i(0) + w∥_i(0)), and γ integrated from the measured drive I∥. */
export function groupClockFigure(
  clocks: { t: readonly number[]; all: readonly number[]; plus: readonly number[]; minus: readonly number[] },
  driven: { t: readonly number[]; gamma: readonly number[] } | null,
  o: { title: string; theory?: { t: readonly number[]; gamma: readonly number[]; name: string } },
): TopLevelSpec {
  return lineChart(
    [
      { name: "γ fitted, all nodes", x: clocks.t, y: clocks.all, mark: "point", color: "#222" },
      { name: "γ fitted, nodes with a(0) + w∥(0) > 0 (class +1)", x: clocks.t, y: clocks.plus, mark: "point", color: "#4c78a8" },
      { name: "γ fitted, nodes with a(0) + w∥(0) < 0 (class −1)", x: clocks.t, y: clocks.minus, mark: "point", color: "#e45756" },
      ...(driven ? [{ name: "γ from the measured drive I∥(t), discrete steps", x: driven.t.slice(1), y: driven.gamma.slice(1), color: "#72b7b2" }] : []),
      ...(o.theory ? [{ name: o.theory.name, x: o.theory.t, y: o.theory.gamma, mark: "dash" as const, color: "#888" }] : []),
    ],
    { title: o.title, xTitle: "t (gradient-descent steps)", yTitle: "γ", xScale: "log" },
  );
}

/** Distance of the population from main (10) with the fitted clock, against t, with the departure threshold. */
export function hyperbolaErrorFigure(curves: { name: string; t: readonly number[]; error: readonly number[] }[], tol: number, title = "How far the nodes are from the hyperbolas of main (10)"): TopLevelSpec {
  const tMax = Math.max(...curves.flatMap((c) => c.t));
  return lineChart(
    [
      ...curves.map((c) => ({ name: c.name, x: c.t.slice(1), y: c.error.slice(1), mark: "point" as const })),
      { name: `threshold ${tol}`, x: [1, tMax], y: [tol, tol], mark: "dash", color: "#888" },
    ],
    { title, subtitle: "RMS over nodes of |(a, w∥) − main (10) with the fitted γ, c| / RMS prediction", xTitle: "t (gradient-descent steps)", yTitle: "relative RMS distance", xScale: "log", yScale: "log" },
  );
}

/** Several runs side by side (finite M, finite N, mislabeling): the records each comparison needs. */
import { clockParamsOf, type Preset } from "../presets";
import type { TrainResult } from "../train/result";
import { logTimes } from "../theory/summary";
import { departureTimes, meanPerpendicular, theoryDrives, type Departures } from "./finite-size";
import { fractionInBand, satisfactionCloud, thresholdCurves } from "./satisfaction";

/** A run with the preset it came from. */
export interface PresetRun {
  preset: Preset;
  run: TrainResult;
}

/** About 400 log-spaced steps in [1, last]: every step early, thinned late (identical on a log axis, far lighter). */
export function plotSteps(last: number): number[] {
  return last < 1 ? [] : logTimes(last, 400).filter((t) => t >= 1);
}

/** A short label for a run: its N and M, and α and δ when they are not the paper's 1 and 0. */
export function runLabel(r: TrainResult): string {
  return `N = ${r.config.N}, M = ${r.config.M}${r.config.alpha !== 1 ? `, α = ${r.config.alpha}` : ""}${r.config.delta ? `, δ = ${r.config.delta}` : ""}`;
}

/** Satisfaction cloud and band curves per run (for one satisfactionFigure each). */
export function bandData(runs: PresetRun[], maxPoints = 2500) {
  return runs.map(({ preset, run }) => ({
    title: `M = ${run.config.M}`,
    cloud: satisfactionCloud(run, maxPoints),
    curves: thresholdCurves(clockParamsOf(preset), run.lastStep),
  }));
}

/** Per width: how many examples were satisfied within the run, and the fraction inside the band of SM (20). */
export function bandTable(
  runs: PresetRun[],
): { M: number; steps: number; satisfied: number; insideBand: number; insideBandEarly: number }[] {
  return runs.map(({ preset, run }) => ({
    M: run.config.M,
    steps: run.lastStep,
    satisfied: Array.from(run.examples.satisfactionTime).filter((s) => s < run.lastStep).length,
    insideBand: fractionInBand(run, clockParamsOf(preset)),
    insideBandEarly: fractionInBand(run, clockParamsOf(preset), 25),
  }));
}

/** Grid-time training and test error per run. */
export function errorCurves(runs: PresetRun[]) {
  return runs.map(({ run }) => ({
    name: runLabel(run),
    t: run.grid.t,
    train: run.grid.trainError,
    test: run.grid.testError,
  }));
}

/** Measured and predicted drives per run (every step). */
export function driveData(runs: PresetRun[]) {
  return runs.map(({ preset, run }) => {
    const th = theoryDrives(clockParamsOf(preset), run.lastStep, run.config.N);
    const t = plotSteps(run.lastStep - 1); // the last step has no backward pass
    return {
      title: runLabel(run),
      measured: { t, I: t.map((s) => run.history.Ipar[s]), J: t.map((s) => run.history.Jperp[s]) },
      theory: { t, I: t.map((s) => th.I[s]), J: t.map((s) => th.J[s]) },
      delta: preset.delta ?? 0,
    };
  });
}

/** Measured f_U and the theory's, every step, per run. */
export function unsatisfiedCurves(runs: PresetRun[]) {
  return runs.map(({ preset, run }) => {
    const th = theoryDrives(clockParamsOf(preset), run.lastStep, run.config.N);
    const t = plotSteps(run.lastStep);
    return {
      name: runLabel(run),
      t,
      measured: t.map((s) => run.history.fU[s]),
      theory: t.map((s) => th.fU[s]),
      N: run.config.N,
    };
  });
}

/** Mean |w⊥| relative to its start, per run. */
export function perpendicularCurves(runs: PresetRun[]) {
  return runs.map(({ run }) => ({ name: runLabel(run), ...meanPerpendicular(run) }));
}

/** The departure times of each run (see departureTimes). */
export function departureTable(runs: PresetRun[]): Departures[] {
  return runs.map(({ preset, run }) => departureTimes(run, clockParamsOf(preset)));
}

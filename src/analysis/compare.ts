/**
 * Several runs side by side (finite M, finite N, mislabeling, α): the records each comparison needs, each
 * with the run's config, from which the figures take their labels.
 */
import { stepDrives } from "../theory/curves";
import { modelParams, type ResolvedConfig } from "../train/config";
import type { TrainResult } from "../train/result";
import { bestTestError, plotSteps } from "./grid";
import {
  fractionInBand,
  relapses,
  satisfactionCloud,
  thresholdCurves,
  type SatisfactionCloud,
  type ThresholdCurves,
} from "./satisfaction";
import { meanPerpendicular } from "./finite-size";
import { checkRun } from "./check-run";
import { ParameterError } from "../validate";

/** The runs with their repeats left out (the same config listed twice, as Fig. 1's run in two sweeps). */
export function distinctRuns(runs: readonly TrainResult[]): TrainResult[] {
  const seen = new Set<string>();
  return runs.filter((r) => {
    const key = JSON.stringify(r.config);
    return !seen.has(key) && (seen.add(key), true);
  });
}

/** Fig. 1d of one run: its satisfied examples and the theory's threshold and band. */
export interface BandData {
  config: ResolvedConfig;
  cloud: SatisfactionCloud;
  curves: ThresholdCurves;
}

/** Satisfaction cloud and band curves per run (for one satisfactionFigure each). */
export function bandData(runs: readonly TrainResult[], maxPoints = 2500): BandData[] {
  return runs.map((run) => ({
    config: run.config,
    cloud: satisfactionCloud(run, maxPoints),
    curves: thresholdCurves(modelParams(run.config), run.lastStep),
  }));
}

/** How many examples a run satisfied, and the fraction inside the band of SM (20) (all, and those by t = 25). */
export interface BandRow {
  M: number;
  steps: number;
  satisfied: number;
  /** Of the satisfied, those unsatisfied again at a later step. */
  relapsed: number;
  insideBand: number;
  insideBandEarly: number;
}

export function bandTable(runs: readonly TrainResult[]): BandRow[] {
  return runs.map((run) => ({
    M: run.config.M,
    steps: run.lastStep,
    ...(({ satisfied, relapsed }) => ({ satisfied, relapsed }))(relapses(run)),
    insideBand: fractionInBand(run),
    insideBandEarly: fractionInBand(run, 25),
  }));
}

/** One run's training and test error on its grid. */
export interface ErrorCurve {
  config: ResolvedConfig;
  t: number[];
  train: number[];
  test: number[];
}

export function errorCurves(runs: readonly TrainResult[]): ErrorCurve[] {
  if (!Array.isArray(runs)) throw new ParameterError("runs", "an array of TrainResults", runs);
  runs.forEach((r, k) => checkRun(r, `runs[${k}]`));
  return runs.map((run) => ({
    config: run.config,
    t: run.grid.t,
    train: run.grid.trainError,
    test: run.grid.testError,
  }));
}

/** The drives I and J at some steps. */
export interface DriveSeries {
  t: number[];
  I: number[];
  J: number[];
}

/** A run's measured drives I∥, J⊥ and the theory's I(t), J(t)/√N (I_δ, J_δ with mislabeling), at the same steps. */
export interface DriveData {
  config: ResolvedConfig;
  measured: DriveSeries;
  theory: DriveSeries;
}

export function driveData(runs: readonly TrainResult[]): DriveData[] {
  return runs.map((run) => {
    const th = stepDrives(modelParams(run.config), run.lastStep, run.config.N);
    const t = plotSteps(run.lastStep - 1); // the last step has no backward pass
    return {
      config: run.config,
      measured: { t, I: t.map((s) => run.history.Ipar[s]), J: t.map((s) => run.history.Jperp[s]) },
      theory: { t, I: t.map((s) => th.I[s]), J: t.map((s) => th.JoverSqrtN[s]) },
    };
  });
}

/** A run's measured f_U and the theory's, at the same steps. */
export interface UnsatisfiedCurve {
  config: ResolvedConfig;
  t: number[];
  measured: number[];
  theory: number[];
}

export function unsatisfiedCurves(runs: readonly TrainResult[]): UnsatisfiedCurve[] {
  return runs.map((run) => {
    const th = stepDrives(modelParams(run.config), run.lastStep, run.config.N);
    const t = plotSteps(run.lastStep);
    return { config: run.config, t, measured: t.map((s) => run.history.fU[s]), theory: t.map((s) => th.fU[s]) };
  });
}

/** Mean |w⊥| relative to its start, per run. */
export function perpendicularCurves(
  runs: readonly TrainResult[],
): { config: ResolvedConfig; N: number; t: number[]; ratio: number[]; bestAt: number }[] {
  return runs.map((run) => ({
    config: run.config,
    N: run.config.N,
    ...meanPerpendicular(run),
    bestAt: bestTestError(run).t,
  }));
}

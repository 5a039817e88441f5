/** One row of a sweep's table: the run's varied values and what the notebooks measure of every run. */
import { departureTimes } from "../analysis/departures";
import { bestTestError } from "../analysis/grid";
import { regimeRow } from "../analysis/regimes";
import type { TrainResult } from "../train/result";
import type { SweepKey } from "./plan";

export interface SweepRow {
  /** The run's index in the sweep (its manifest index). */
  run: number;
  /** The varied values, by field name (alpha, N, seed, …). */
  [field: string]: number | string;
  stopReason: string;
  lastStep: number;
  finalTrainError: number;
  finalTestError: number;
  bestTestError: number;
  bestTestErrorAt: number;
  /** γ fitted to the nodes at the end, γ_T of main (13) at the same step, and γ of the measured drive. */
  gammaFitted: number;
  gammaTheory: number;
  gammaDriven: number;
  /** Relative RMS movement of a from t = 0 to the end, measured and main (10) on the discrete clock. */
  movement: number;
  movementTheory: number;
  /** The first step at which the measured I∥ departs from I(t) by more than 10% (NaN: never). */
  departure: number;
}

export function sweepRow(run: number, r: TrainResult, keys: readonly SweepKey[]): SweepRow {
  const varied = Object.fromEntries(keys.map((k) => [k, r.config[k as keyof typeof r.config] as number]));
  const g = regimeRow(r);
  const best = bestTestError(r);
  return {
    run,
    ...varied,
    stopReason: r.stopReason,
    lastStep: r.lastStep,
    finalTrainError: g.finalTrainError,
    finalTestError: g.finalTestError,
    bestTestError: best.error,
    bestTestErrorAt: best.t,
    gammaFitted: g.gammaFitted,
    gammaTheory: g.gammaTheory,
    gammaDriven: g.gammaDriven,
    movement: g.movement,
    movementTheory: g.movementTheory,
    departure: departureTimes(r).Ipar,
  };
}

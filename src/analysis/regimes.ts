/** Rich and lazy learning (main section 3.2): how far the nodes move, and the clock, across output scales α. */
import { clockDiscrete } from "../theory/clock";
import { predictedMovement } from "../theory/nodes";
import type { ModelParams } from "../theory/params";
import { modelParams, type ResolvedConfig } from "../train/config";
import type { TrainResult } from "../train/result";
import { finalErrors } from "./grid";
import { drivenClock, fittedClock } from "./trajectories";

/** RMS over nodes of the change of a_i and of w∥_i from t = 0 to the end, relative to their RMS at t = 0. */
export function relativeMovement(r: TrainResult): { a: number; wPar: number } {
  const last = r.grid.t.length - 1;
  const rel = (v: Float32Array[]) => {
    let num = 0,
      den = 0;
    for (let i = 0; i < v[0].length; i++) {
      num += (v[last][i] - v[0][i]) ** 2;
      den += v[0][i] ** 2;
    }
    return Math.sqrt(num / den);
  };
  return { a: rel(r.grid.a), wPar: rel(r.grid.wPar) };
}

/** Main (10) on the discrete clock after T steps: γ_T, and the relative movement from a unit Gaussian start. */
export function theoryMovement(p: ModelParams, T: number): { gamma: number; movement: number } {
  const disc = clockDiscrete(p, T);
  return { gamma: disc.gamma[T], movement: predictedMovement(disc.gamma[T], disc.c[T]) };
}

/** One run of an α sweep: the errors it reached, how far its nodes moved, and its clock, against main (10). */
export interface RegimeRow {
  alpha: number;
  betaStar: number;
  N: number;
  steps: number;
  fixedPoint: boolean;
  finalTrainError: number;
  finalTestError: number;
  movement: number;
  movementTheory: number;
  gammaFitted: number;
  gammaTheory: number;
  /** γ at the end integrated from the run's measured drive (main (10) with the drive the training set gave). */
  gammaDriven: number;
  /** The fitted factor c at the end (main (10) on the discrete clock keeps c ≤ 1). */
  cFitted: number;
  /** The first step at which the measured perpendicular drive J⊥ reaches the parallel one I∥ (NaN: never). */
  perpendicularAt: number;
}

export function regimeRow(r: TrainResult): RegimeRow {
  const th = theoryMovement(modelParams(r.config), r.lastStep);
  const fit = fittedClock(r);
  const last = r.grid.t.length - 1;
  const errors = finalErrors(r);
  const { Jperp, Ipar } = r.history;
  const perpendicularAt = Array.from({ length: r.lastStep }, (_, t) => t).find((t) => Jperp[t] >= Ipar[t]);
  return {
    alpha: r.config.alpha,
    betaStar: r.config.betaStar,
    N: r.config.N,
    steps: r.lastStep,
    fixedPoint: r.stopReason === "fixed-point",
    finalTrainError: errors.train,
    finalTestError: errors.test,
    movement: relativeMovement(r).a,
    movementTheory: th.movement,
    gammaFitted: fit.gamma[last],
    gammaTheory: th.gamma,
    gammaDriven: drivenClock(r).gamma[r.lastStep],
    cFitted: fit.c[last],
    perpendicularAt: perpendicularAt ?? NaN,
  };
}

/** γ(t) fitted to a run's nodes, and its discrete clock, at the same grid times. */
export interface RegimeClock {
  config: ResolvedConfig;
  fitted: { t: number[]; gamma: number[] };
  theory: { t: number[]; gamma: number[] };
}

export function regimeClocks(runs: readonly TrainResult[]): RegimeClock[] {
  return runs.map((run) => {
    const fit = fittedClock(run);
    const disc = clockDiscrete(modelParams(run.config), run.lastStep);
    const t = run.grid.t.filter((s) => s > 0);
    return {
      config: run.config,
      fitted: { t, gamma: t.map((s) => fit.gamma[run.grid.t.indexOf(s)]) },
      theory: { t, gamma: t.map((s) => disc.gamma[s]) },
    };
  });
}

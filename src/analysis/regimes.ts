/** Rich and lazy learning (main section 3.2): how far the nodes move, and the clock, across output scales α. */
import { clockDiscrete } from "../theory/clock";
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { clockParamsOf } from "../presets";
import { nearestGridTimes } from "./agreement";
import { drivenClock } from "./classes";
import type { PresetRun } from "./compare";
import { fittedClock, pickNodes } from "./trajectories";

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

/**
 * Main (10) on the discrete clock after T steps, from a unit Gaussian start (a_i(0), w∥_i(0) independent):
 * a(T) − a(0) = a(0)(c cosh γ − 1) + w∥(0) c sinh γ, so the relative RMS movement is
 * √((c cosh γ − 1)² + c² sinh² γ), with γ = γ_T, c = c_T. The same for w∥.
 */
export function theoryMovement(p: ClockParams, T: number): { gamma: number; movement: number } {
  const disc = clockDiscrete(p, T);
  const [g, c] = [disc.gamma[T], disc.c[T]];
  return { gamma: g, movement: Math.hypot(c * Math.cosh(g) - 1, c * Math.sinh(g)) };
}

/** One run of an α sweep: the errors it reached, how far its nodes moved, and its clock, against main (10). */
export interface RegimeRow {
  alpha: number;
  betaStar: number;
  steps: number;
  fixedPoint: boolean;
  finalTrainError: number;
  finalTestError: number;
  movement: number;
  movementTheory: number;
  gammaFitted: number;
  gammaTheory: number;
  /** γ at the end integrated from the run's measured drive (main (10) with the drive the finite training set gave). */
  gammaDriven: number;
  /** The fitted factor c at the end (main (10) on the discrete clock keeps c ≤ 1). */
  cFitted: number;
  /** The first step at which the measured perpendicular drive J⊥ exceeds the parallel one I∥ (NaN: never). */
  perpendicularAt: number;
}

/** The first step t < lastStep at which `holds(t)`; NaN if none. */
function firstStep(r: TrainResult, holds: (t: number) => boolean): number {
  for (let t = 0; t < r.lastStep; t++) if (holds(t)) return t;
  return NaN;
}

export function regimeRow(r: TrainResult, p: ClockParams): RegimeRow {
  const th = theoryMovement(p, r.lastStep);
  const fit = fittedClock(r);
  const last = r.grid.t.length - 1;
  return {
    alpha: r.config.alpha,
    betaStar: r.config.betaStar,
    steps: r.lastStep,
    fixedPoint: r.stopReason === "fixed-point",
    finalTrainError: r.history.trainError[r.lastStep],
    finalTestError: r.grid.testError[last],
    movement: relativeMovement(r).a,
    movementTheory: th.movement,
    gammaFitted: fit.gamma[last],
    gammaTheory: th.gamma,
    gammaDriven: drivenClock(r).gamma[r.lastStep],
    cFitted: fit.c[last],
    perpendicularAt: firstStep(r, (t) => r.history.Jperp[t] >= r.history.Ipar[t]),
  };
}

/** All nodes' (a, w∥) at the grid times nearest to `times`. */
export function populationSnapshots(
  r: TrainResult,
  times: readonly number[],
): { t: number; a: Float32Array; wPar: Float32Array }[] {
  return nearestGridTimes(r, times).map((t) => {
    const g = r.grid.t.indexOf(t);
    return { t, a: r.grid.a[g], wPar: r.grid.wPar[g] };
  });
}

/** The grid-time trajectories of k nodes in the (w∥, a) plane. */
export function populationTrajectories(r: TrainResult, k: number): { a: number[][]; wPar: number[][] } {
  const nodes = pickNodes(r.config.M, k);
  return { a: nodes.map((i) => r.grid.a.map((v) => v[i])), wPar: nodes.map((i) => r.grid.wPar.map((v) => v[i])) };
}

/** γ(t) fitted to each run's nodes, and its discrete clock at the same grid times. */
export function regimeClocks(
  runs: PresetRun[],
): { name: string; fitted: { t: number[]; gamma: number[] }; theory: { t: number[]; gamma: number[] } }[] {
  return runs.map(({ preset, run }) => {
    const fit = fittedClock(run);
    const disc = clockDiscrete(clockParamsOf(preset), run.lastStep);
    const t = run.grid.t.filter((s) => s > 0);
    return {
      name: `α = ${run.config.alpha}`,
      fitted: { t, gamma: t.map((s) => fit.gamma[run.grid.t.indexOf(s)]) },
      theory: { t, gamma: t.map((s) => disc.gamma[s]) },
    };
  });
}

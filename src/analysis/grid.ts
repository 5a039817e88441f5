/** Picking times and nodes from a run's records. */
import { checkInteger } from "../validate";
import { logTimes } from "../theory/curves";
import type { TrainResult } from "../train/result";
import { checkTimes } from "./check-run";

/** The grid time nearest to each wanted time (deduplicated, in order). */
export function nearestGridTimes(r: TrainResult, wanted: readonly number[]): number[] {
  checkTimes(wanted, "wanted");
  const nearest = (w: number) => r.grid.t.reduce((best, t) => (Math.abs(t - w) < Math.abs(best - w) ? t : best));
  return [...new Set(wanted.map(nearest))];
}

/** The index in r.grid of grid time t (which must be one). */
export function gridIndex(r: TrainResult, t: number): number {
  const g = r.grid.t.indexOf(t);
  if (g < 0) throw new RangeError(`invalid t; expected a grid time of the run (${r.grid.t.join(", ")}), got ${t}`);
  return g;
}

/** k node indices spread evenly over 0..M−1. */
export function pickNodes(M: number, k: number): number[] {
  checkInteger("k", k, 1);
  const n = Math.min(k, M);
  return Array.from({ length: n }, (_, j) => Math.floor(((j + 0.5) * M) / n));
}

/** About 400 log-spaced steps in [1, last]: every step early, thinned late (the same on a log axis, far lighter). */
export function plotSteps(last: number): number[] {
  return last < 1 ? [] : logTimes(last, 400).filter((t) => t >= 1);
}

/** The lowest test error on the grid and when it was reached (after it, the run overfits). */
export function bestTestError(r: TrainResult): { error: number; t: number } {
  let k = 0;
  r.grid.testError.forEach((e, j) => (e < r.grid.testError[k] ? (k = j) : 0));
  return { error: r.grid.testError[k], t: r.grid.t[k] };
}

/** Training error (on the whole training set, also with minibatches) and test error at the last step. */
export function finalErrors(r: TrainResult): { train: number; test: number } {
  const last = r.grid.t.length - 1; // the trainer always records the last state on the grid
  return { train: r.grid.trainError[last], test: r.grid.testError[last] };
}

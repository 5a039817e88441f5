/**
 * Checks on the arguments of the analysis functions, so that a notebook author's slip (no run, a node index or a
 * time the run does not have) gets the same clear ParameterError a CLI user gets, never a TypeError or a NaN.
 */
import type { TrainResult } from "../train/result";
import { checkNumberArray, ParameterError } from "../validate";

/** A TrainResult (as trainCached, train or loadResult return it). */
export function checkRun(r: unknown, name = "run"): TrainResult {
  const run = r as TrainResult | null;
  if (run === null || typeof run !== "object" || !run.grid || !run.config || !run.history)
    throw new ParameterError(name, "a TrainResult (from trainCached, train or loadResult)", r);
  return run;
}

/** Node indices of the run: integers in [0, M). */
export function checkNodes(r: TrainResult, nodes: readonly number[], name = "nodes"): readonly number[] {
  checkNumberArray(name, nodes);
  if (nodes.length === 0) throw new ParameterError(name, "at least one node index", "[]");
  const M = r.config.M;
  nodes.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || i >= M)
      throw new ParameterError(`${name}[${k}]`, `a node index, an integer in [0, ${M - 1}]`, i);
  });
  return nodes;
}

/** Times to look at: finite numbers >= 0. */
export function checkTimes(times: readonly number[], name = "times"): readonly number[] {
  checkNumberArray(name, times);
  times.forEach((t, k) => {
    if (!Number.isFinite(t) || t < 0) throw new ParameterError(`${name}[${k}]`, "a finite time >= 0", t);
  });
  return times;
}

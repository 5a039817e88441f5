/**
 * The simulated node population against main (10): per-node predictions from each node's own initial
 * (a_i(0), w∥_i(0)), their errors over time, the clock γ fitted from the population, and the clock that
 * the run's own measured drive gives.
 */
import { clockFromDrive, type ClockTrace } from "../theory/clock";
import { nodeTrajectory } from "../theory/nodes";
import type { ModelParams } from "../theory/params";
import { clockCurvesAt } from "../theory/curves";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { checkNodes, checkRun } from "./check-run";
import { checkOneOf } from "../validate";

/** Which per-node record: a_i, w∥_i = w_i·ŵ*, or |w⊥_i|. */
export type NodeField = "a" | "wPar" | "wPerp";
export const NODE_FIELDS: readonly NodeField[] = ["a", "wPar", "wPerp"];

/**
 * a_i(t) or w∥_i(t) of main (10) for the chosen nodes at `times`, from their recorded initial values, on the
 * continuous clock or (with `discrete`) the exact discrete one. `params`: the theory to compare with (default the
 * run's own; SM Fig. 2 compares a mislabeled run with the noiseless clock).
 */
export function predictedTraces(
  r: TrainResult,
  o: {
    nodes: readonly number[];
    times: readonly number[];
    field: "a" | "wPar";
    discrete?: boolean;
    params?: ModelParams;
  },
): number[][] {
  const k = clockCurvesAt(o.params ?? modelParams(r.config), o.times);
  const [gamma, c] = o.discrete ? [k.discrete, k.c] : [k.continuous, k.t.map(() => 1)];
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  return o.nodes.map((i) => o.times.map((_, j) => nodeTrajectory({ a: a0[i], wPar: w0[i] }, gamma[j], c[j])[o.field]));
}

/** The recorded a_i, w∥_i or |w⊥_i| of the chosen nodes at every grid time. */
export function recordedTraces(r: TrainResult, nodes: readonly number[], field: NodeField): number[][] {
  checkNodes(checkRun(r), nodes);
  checkOneOf("field", field, NODE_FIELDS);
  return nodes.map((i) => r.grid[field].map((v) => v[i]));
}

export interface TrajectoryError {
  t: number;
  /** RMS over nodes of (measured − predicted), relative to the RMS prediction: continuous clock. */
  aContinuous: number;
  /** The same with the exact discrete-step clock and factor c_t. */
  aDiscrete: number;
  wContinuous: number;
  wDiscrete: number;
}

/** Relative RMS error of a_i(t) and w∥_i(t) against main (10), all nodes, at each grid time t > 0. */
export function trajectoryErrors(r: TrainResult): TrajectoryError[] {
  const times = r.grid.t.filter((t) => t > 0);
  const k = clockCurvesAt(modelParams(r.config), times);
  return times.map((t, j) => {
    const g = r.grid.t.indexOf(t);
    const continuous = relativeError(r, g, k.continuous[j], 1);
    const discrete = relativeError(r, g, k.discrete[j], k.c[j]);
    return {
      t,
      aContinuous: continuous.a,
      aDiscrete: discrete.a,
      wContinuous: continuous.wPar,
      wDiscrete: discrete.wPar,
    };
  });
}

/** RMS over all nodes of (recorded − main (10)) at grid index g, relative to the RMS prediction, for a and w∥. */
function relativeError(r: TrainResult, g: number, gamma: number, c: number): { a: number; wPar: number } {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  let [na, da, nw, dw] = [0, 0, 0, 0];
  for (let i = 0; i < a0.length; i++) {
    const p = nodeTrajectory({ a: a0[i], wPar: w0[i] }, gamma, c);
    na += (r.grid.a[g][i] - p.a) ** 2;
    da += p.a ** 2;
    nw += (r.grid.wPar[g][i] - p.wPar) ** 2;
    dw += p.wPar ** 2;
  }
  return { a: Math.sqrt(na / da), wPar: Math.sqrt(nw / dw) };
}

/** A clock: γ and the discrete factor c at times t. */
export type { ClockTrace };

/**
 * γ (and the discrete factor c) fitted to the population at each grid time: main (10) maps a ± w∥ to
 * c e^{±γ} (a(0) ± w∥(0)), so with least-squares slopes k± of (a ± w∥)(t) on (a ± w∥)(0),
 * γ = ½ log(k₊/k₋) and c = √(k₊ k₋). No theory enters the fit. Late on, c e^{−γ} sinks toward the
 * finite-N, finite-M scatter of a − w∥: once k₋ is within 50 of its standard errors of 0 (c's own
 * relative standard error ≈ SE(k₋)/(2k₋) then passes 1%), c is held at its last value and γ = log(k₊/c).
 * c hardly changes by then (c_{t+1} = c_t √(1 − η_t²) with η_t ≪ 1); holding it later, where k₋ is
 * noise, biases c low and γ high (by 0.09 at Fig. 1's t = 290 with a threshold of 5).
 * `nodes`: fit a subset only.
 */
export function fittedClock(r: TrainResult, nodes?: readonly number[]): ClockTrace {
  checkRun(r);
  if (nodes !== undefined) checkNodes(r, nodes);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const all = nodes ?? Array.from(a0, (_, i) => i);
  const slope = (g: number, sign: 1 | -1) => {
    let sxy = 0,
      sxx = 0;
    for (const i of all) {
      const x = a0[i] + sign * w0[i];
      sxy += x * (r.grid.a[g][i] + sign * r.grid.wPar[g][i]);
      sxx += x * x;
    }
    const k = sxy / sxx;
    let res = 0;
    for (const i of all) res += (r.grid.a[g][i] + sign * r.grid.wPar[g][i] - k * (a0[i] + sign * w0[i])) ** 2;
    return { k, se: Math.sqrt(res / Math.max(1, all.length - 1) / sxx) };
  };
  const gamma: number[] = [],
    c: number[] = [];
  let lastC = 1;
  let held = false;
  r.grid.t.forEach((_, g) => {
    const [p, m] = [slope(g, 1), slope(g, -1)];
    if (!held && m.k > 50 * m.se) {
      lastC = Math.sqrt(p.k * m.k);
      gamma.push(0.5 * Math.log(p.k / m.k));
    } else {
      held = true;
      gamma.push(Math.log(p.k / lastC));
    }
    c.push(lastC);
  });
  return { t: [...r.grid.t], gamma, c };
}

/**
 * The clock that main (10) gives with the drive the run actually had: the discrete clock of docs/design.md §4
 * with the measured I∥(t) in place of I(H_t), at every step (clockFromDrive). NaN from the first step whose
 * η is not in (−1, 1).
 */
export function drivenClock(r: TrainResult): ClockTrace {
  return clockFromDrive(r.history.Ipar.subarray(0, r.lastStep), r.config);
}

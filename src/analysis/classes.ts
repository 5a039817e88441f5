/**
 * The node population split by the class each node comes to serve, and how long it keeps the shape of
 * main (10): the clocks of the two groups, and the step at which the nodes leave the hyperbolas
 * (SM 2.3, main section 4). Nothing here needs the theory's clock: it works on real data too.
 */
import { nodeTrajectory } from "../theory/nodes";
import type { TrainResult } from "../train/result";
import { gridIndex, nearestGridTimes } from "./grid";
import { drivenClock, fittedClock } from "./trajectories";

/** Node indices of the two groups. */
export interface NodeGroups {
  /**
   * a_i(0) + w∥_i(0) > 0: by main (10) a + w∥ grows as e^γ, so these nodes end with a > 0 and raise the
   * output along ŵ* (class +1).
   */
  plus: number[];
  /** a_i(0) + w∥_i(0) < 0: they end with a < 0 (class −1). */
  minus: number[];
}

/** The groups, decided at t = 0 (not by where the nodes end, which would bias the fits toward separation). */
export function nodeGroups(r: TrainResult): NodeGroups {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const groups: NodeGroups = { plus: [], minus: [] };
  a0.forEach((a, i) => (a + w0[i] > 0 ? groups.plus : groups.minus).push(i));
  return groups;
}

/** γ fitted to all nodes and to each group at every grid time (see fittedClock). */
export interface GroupClocks {
  t: number[];
  all: number[];
  plus: number[];
  minus: number[];
}

export function groupClocks(r: TrainResult): GroupClocks {
  const g = nodeGroups(r);
  const [all, plus, minus] = [fittedClock(r), fittedClock(r, g.plus), fittedClock(r, g.minus)];
  return { t: all.t, all: all.gamma, plus: plus.gamma, minus: minus.gamma };
}

/**
 * RMS over all nodes of |(a, w∥)_i(t) − main (10) from (a, w∥)_i(0) with the fitted γ and c|, relative to the
 * RMS prediction, at every grid time: how far the population is from the hyperbolas.
 */
export function hyperbolaError(r: TrainResult): { t: number[]; error: number[] } {
  const fit = fittedClock(r);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const error = r.grid.t.map((_, g) => {
    let num = 0,
      den = 0;
    for (let i = 0; i < a0.length; i++) {
      const p = nodeTrajectory({ a: a0[i], wPar: w0[i] }, Math.max(0, fit.gamma[g]), fit.c[g]);
      num += (r.grid.a[g][i] - p.a) ** 2 + (r.grid.wPar[g][i] - p.wPar) ** 2;
      den += p.a ** 2 + p.wPar ** 2;
    }
    return Math.sqrt(num / den);
  });
  return { t: [...r.grid.t], error };
}

/**
 * At chosen times: the clocks (fitted, per group, from the drive), the distance from the hyperbolas, and the errors.
 */
export interface ShapeRow {
  t: number;
  gammaFitted: number;
  gammaPlus: number;
  gammaMinus: number;
  gammaDriven: number;
  hyperbolaError: number;
  trainError: number;
  testError: number;
}

export function shapeAgreement(r: TrainResult, times: readonly number[]): ShapeRow[] {
  const clocks = groupClocks(r);
  const driven = drivenClock(r);
  const shape = hyperbolaError(r);
  return nearestGridTimes(r, times).map((t) => {
    const g = gridIndex(r, t);
    return {
      t,
      gammaFitted: clocks.all[g],
      gammaPlus: clocks.plus[g],
      gammaMinus: clocks.minus[g],
      gammaDriven: driven.gamma[t],
      hyperbolaError: shape.error[g],
      trainError: r.grid.trainError[g],
      testError: r.grid.testError[g],
    };
  });
}

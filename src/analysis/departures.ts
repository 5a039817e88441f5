/**
 * Measurements that explain where the simulation leaves the theory (notebooks 01–03): the clock fitted to
 * the nodes against the clock that main (10) gives with the drive the run actually had; the perpendicular
 * drive against J/√N across M and N; where the mislabeled drive changes sign.
 */
import { clock } from "../theory/clock";
import { nodeTrajectory } from "../theory/nodes";
import { stepDrives } from "../theory/summary";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { gridIndex, nearestGridTimes } from "./grid";
import { drivenClock, fittedClock } from "./trajectories";

/** γ four ways at one time: fitted to the nodes, integrated from the measured drive, and the theory's two clocks. */
export interface ClockCheckRow {
  t: number;
  fitted: number;
  driven: number;
  discrete: number;
  continuous: number;
  /** The measured drive over the theory's, I∥(t)/I(H_t) (NaN at the last step, which has no gradient). */
  driveRatio: number;
}

/** The four clocks at the grid times nearest `times` (t > 0). */
export function clockCheck(r: TrainResult, times: readonly number[]): ClockCheckRow[] {
  const p = modelParams(r.config);
  const fit = fittedClock(r);
  const driven = drivenClock(r);
  const th = stepDrives(p, r.lastStep, r.config.N);
  const grid = nearestGridTimes(r, times).filter((t) => t > 0);
  const continuous = clock(p, grid).gamma;
  return grid.map((t, k) => ({
    t,
    fitted: fit.gamma[gridIndex(r, t)],
    driven: driven.gamma[t],
    discrete: th.gamma[t],
    continuous: continuous[k],
    driveRatio: t < r.lastStep ? r.history.Ipar[t] / th.I[t] : NaN,
  }));
}

/** The nodes that grow most, at the end: mean of measured over predicted, on two clocks. */
export interface LargeNodes {
  /** How many nodes. */
  count: number;
  /** The step compared. */
  t: number;
  /** a and w∥ over main (10) on the theory's discrete clock. */
  aTheory: number;
  wTheory: number;
  /** a and w∥ over main (10) on the clock of the measured drive. */
  aDriven: number;
  wDriven: number;
}

/** The `count` nodes with the largest |a(0) + w∥(0)| (those that grow most) at the last step. */
export function largeNodes(r: TrainResult, count = 40): LargeNodes {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const last = r.grid.t.length - 1;
  const growth = (i: number) => Math.abs(a0[i] + w0[i]);
  const nodes = Array.from(a0, (_, i) => i)
    .sort((i, j) => growth(j) - growth(i))
    .slice(0, count);
  const theory = stepDrives(modelParams(r.config), r.lastStep, r.config.N);
  const driven = drivenClock(r);
  const ratio = (gamma: number, c: number, field: "a" | "wPar") =>
    nodes.reduce((s, i) => s + r.grid[field][last][i] / nodeTrajectory({ a: a0[i], wPar: w0[i] }, gamma, c)[field], 0) /
    nodes.length;
  const T = r.lastStep;
  return {
    count: nodes.length,
    t: T,
    aTheory: ratio(theory.gamma[T], theory.c[T], "a"),
    wTheory: ratio(theory.gamma[T], theory.c[T], "wPar"),
    aDriven: ratio(driven.gamma[T], driven.c[T], "a"),
    wDriven: ratio(driven.gamma[T], driven.c[T], "wPar"),
  };
}

/** The measured J⊥ over J(t)/√N, at its early peak and late, and late with the measured f_U in J. */
export interface PerpendicularCheck {
  N: number;
  M: number;
  /** max of J⊥/(J/√N) over t in [10, 40], and where. */
  peak: number;
  peakAt: number;
  /** f_U over erf(H/√2) at the peak: whether the unsatisfied count explains it. */
  fUAtPeak: number;
  /** J⊥/(J/√N) at t = 100 (or the last step before), with the theory's and with the measured f_U. */
  late: number;
  lateMeasuredFU: number;
  lateAt: number;
}

export function perpendicularCheck(r: TrainResult): PerpendicularCheck {
  const { N, M, d } = r.config;
  const th = stepDrives(modelParams(r.config), r.lastStep, N);
  const { Jperp, fU } = r.history;
  const ratio = (t: number) => Jperp[t] / th.JoverSqrtN[t];
  let peakAt = 10;
  for (let t = 10; t <= Math.min(40, r.lastStep - 1); t++) if (ratio(t) > ratio(peakAt)) peakAt = t;
  const lateAt = Math.min(100, r.lastStep - 1);
  const measuredJ = Math.sqrt(((d - 1) / 2) * fU[lateAt]) / Math.sqrt(N);
  return {
    N,
    M,
    peak: ratio(peakAt),
    peakAt,
    fUAtPeak: fU[peakAt] / th.fU[peakAt],
    late: ratio(lateAt),
    lateMeasuredFU: Jperp[lateAt] / measuredJ,
    lateAt,
  };
}

/** Where the measured parallel drive turns negative, against the theory's I_δ. */
export interface DriveSign {
  /** First step at which I∥ < 0 and stays so for 20 steps; NaN: never. */
  measuredZero: number;
  /** The smallest I_δ of the theory over the run (it never changes sign: it tends to 0). */
  theoryMin: number;
  /** The step from which I_δ stays below 1% of I(0); NaN: never within the run. */
  theoryBelowOnePercent: number;
}

/** The measured drive's sign change against the theory's I_δ, which only tends to 0 (the clock's fixed point). */
export function driveSignChange(r: TrainResult): DriveSign {
  const th = stepDrives(modelParams(r.config), r.lastStep, r.config.N);
  const I = r.history.Ipar;
  const negativeFrom = (t: number) => Array.from({ length: 20 }, (_, k) => I[t + k]).every((v) => v < 0);
  let measuredZero = NaN;
  for (let t = 1; t + 20 < r.lastStep && Number.isNaN(measuredZero); t++) if (negativeFrom(t)) measuredZero = t;
  const below = th.I.findIndex((v) => Math.abs(v) < 0.01 * th.I[0]);
  return { measuredZero, theoryMin: Math.min(...th.I), theoryBelowOnePercent: below < 0 ? NaN : below };
}

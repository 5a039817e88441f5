/**
 * Measurements that explain where the simulation leaves the theory (notebooks 01–03): the clock fitted to
 * the nodes against the clock that main (10) gives with the drive the run actually had; the perpendicular
 * drive against J/√N across M and N; where the mislabeled drive changes sign.
 */
import { clock, clockDiscrete } from "../theory/clock";
import { nodeTrajectory } from "../theory/nodes";
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { nearestGridTimes } from "./agreement";
import { drivenClock } from "./classes";
import { theoryDrives } from "./finite-size";
import { fittedClock } from "./trajectories";

/** γ four ways at one time: fitted to the nodes, integrated from the measured drive, and the theory's two clocks. */
export interface ClockCheckRow {
  t: number;
  fitted: number;
  driven: number;
  discrete: number;
  continuous: number;
  /** The measured drive over the theory's, I∥(t)/I(H_t). */
  driveRatio: number;
}

export function clockCheck(r: TrainResult, p: ClockParams, times: readonly number[]): ClockCheckRow[] {
  const fit = fittedClock(r);
  const driven = drivenClock(r);
  const disc = clockDiscrete(p, r.lastStep);
  const th = theoryDrives(p, r.lastStep, r.config.N);
  const grid = nearestGridTimes(r, times).filter((t) => t > 0);
  const cont = clock(p, grid).gamma;
  return grid.map((t, k) => ({
    t,
    fitted: fit.gamma[r.grid.t.indexOf(t)],
    driven: driven.gamma[t],
    discrete: disc.gamma[t],
    continuous: cont[k],
    driveRatio: t < r.lastStep ? r.history.Ipar[t] / th.I[t] : NaN,
  }));
}

/**
 * The `k` nodes with the largest |a(0) + w∥(0)| (those that grow most) at the last step: mean of measured over
 * predicted a and w∥, with main (10) on the theory's discrete clock and on the clock of the measured drive.
 */
export function largeNodes(
  r: TrainResult,
  p: ClockParams,
  k = 40,
): { aTheory: number; wTheory: number; aDriven: number; wDriven: number } {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const last = r.grid.t.length - 1;
  const nodes = Array.from(a0, (_, i) => i)
    .sort((i, j) => Math.abs(a0[j] + w0[j]) - Math.abs(a0[i] + w0[i]))
    .slice(0, k);
  const disc = clockDiscrete(p, r.lastStep);
  const driven = drivenClock(r);
  const ratio = (gamma: number, c: number, field: "a" | "wPar") =>
    nodes.reduce((s, i) => s + r.grid[field][last][i] / nodeTrajectory(a0[i], w0[i], gamma, c)[field], 0) /
    nodes.length;
  const [gT, cT, gD, cD] = [disc.gamma[r.lastStep], disc.c[r.lastStep], driven.gamma[r.lastStep], driven.c[r.lastStep]];
  return {
    aTheory: ratio(gT, cT, "a"),
    wTheory: ratio(gT, cT, "wPar"),
    aDriven: ratio(gD, cD, "a"),
    wDriven: ratio(gD, cD, "wPar"),
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

export function perpendicularCheck(r: TrainResult, p: ClockParams): PerpendicularCheck {
  const th = theoryDrives(p, r.lastStep, r.config.N);
  const { Jperp, fU } = r.history;
  let peakAt = 10;
  for (let t = 10; t <= Math.min(40, r.lastStep - 1); t++)
    if (Jperp[t] / th.J[t] > Jperp[peakAt] / th.J[peakAt]) peakAt = t;
  const lateAt = Math.min(100, r.lastStep - 1);
  const measuredJ = Math.sqrt(((p.d - 1) / 2) * fU[lateAt]) / Math.sqrt(r.config.N);
  return {
    N: r.config.N,
    M: r.config.M,
    peak: Jperp[peakAt] / th.J[peakAt],
    peakAt,
    fUAtPeak: fU[peakAt] / th.fU[peakAt],
    late: Jperp[lateAt] / th.J[lateAt],
    lateMeasuredFU: Jperp[lateAt] / measuredJ,
    lateAt,
  };
}

/**
 * Where the measured parallel drive first turns negative (and stays so for 20 steps), against the theory's
 * I_δ, which only tends to 0 (the clock's fixed point): the step from which I_δ stays below 1% of I(0).
 */
export function driveSignChange(
  r: TrainResult,
  p: ClockParams,
): { measuredZero: number; theoryMin: number; theoryBelowOnePercent: number } {
  const th = theoryDrives(p, r.lastStep, r.config.N);
  const I = r.history.Ipar;
  let measuredZero = NaN;
  for (let t = 1; t + 20 < r.lastStep; t++)
    if (I[t] < 0) {
      let stays = true;
      for (let s = t; s < t + 20; s++) if (!(I[s] < 0)) stays = false;
      if (stays) {
        measuredZero = t;
        break;
      }
    }
  const I0 = th.I[0];
  const below = th.I.findIndex((v) => Math.abs(v) < 0.01 * I0);
  return { measuredZero, theoryMin: Math.min(...th.I), theoryBelowOnePercent: below < 0 ? NaN : below };
}

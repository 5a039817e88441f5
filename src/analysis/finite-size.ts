/** Finite M and finite N, measured (main section 3.3, SM 1.3): output spreads, drives, departure times. */
import { clockDiscrete } from "../theory/clock";
import {
  drive,
  driveMislabeled,
  perpendicularDrive,
  thresholdH,
  unsatisfied,
  unsatisfiedMislabeled,
} from "../theory/drive";
import { outputSpread } from "../theory/finite-size";
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { trajectoryErrors } from "./trajectories";

/** The theory's I(t), f_U(t) and J(t)/√N at every step 0..T, on the exact discrete clock (γ_t, c_t). */
export function theoryDrives(
  p: ClockParams,
  T: number,
  N: number,
): { t: number[]; I: number[]; fU: number[]; J: number[] } {
  const disc = clockDiscrete(p, T);
  const delta = p.delta ?? 0;
  const H = disc.gamma.map((g, t) => thresholdH(g, p.d, p.alpha, p.h, disc.c[t] ** 2));
  return {
    t: disc.t,
    I: H.map((h) => (delta ? driveMislabeled(h, delta, p.d, p.data) : drive(h, p.d, p.data))),
    fU: H.map((h) => (delta ? unsatisfiedMislabeled(h, delta, p.d, p.data) : unsatisfied(h, p.d, p.data))),
    J: H.map((h) => perpendicularDrive(h, p.d, delta, p.data) / Math.sqrt(N)),
  };
}

export interface SpreadBin {
  /** Bin centre in x∥. */
  xPar: number;
  /** RMS over the bin's test examples of the spread of f(x) over independent M-node networks drawn from the simulated population. */
  overNetworks: number;
  /** Standard deviation over the bin's test examples of f(x) − ⟨f⟩(x∥), for the one simulated network. */
  overExamples: number;
  /** σ_f/√M of SM (19) at the bin's mean |x|² and cos θ, with the discrete-step factor c_t. */
  theory: number;
  count: number;
}

/**
 * The output's spread at finite M (SM (19)) at a recorded step `t`, per x∥ bin of the test set, two ways:
 * over networks (each example's node contributions φ_i(x) are i.i.d. draws from the population, so their
 * standard deviation /√M is the spread of f(x) over independent M-node networks: the quantity of SM (19)),
 * and over the examples of the bin for the one network (after removing the mean output, linear in x∥):
 * this misses the network-to-network variation of the slope of ⟨f⟩, so it comes out smaller.
 */
export function outputSpreadByBin(r: TrainResult, p: ClockParams, t: number, bins = 12, range = 2.5): SpreadBin[] {
  const k = r.testOutputs.t.indexOf(t);
  if (k < 0)
    throw new RangeError(
      `invalid t; expected one of the recorded output steps ${r.testOutputs.t.join(", ")}, got ${t}`,
    );
  const f = r.testOutputs.f[k],
    xp = r.testOutputs.xPar,
    x2 = r.testOutputs.xNorm2;
  const spread = r.testOutputs.nodeSpread[k] ?? new Float32Array(f.length).fill(NaN);
  let sxy = 0,
    sxx = 0;
  for (let n = 0; n < f.length; n++) {
    sxy += f[n] * xp[n];
    sxx += xp[n] * xp[n];
  }
  const slope = sxy / sxx;
  const disc = clockDiscrete(p, t);
  const [gamma, c] = [disc.gamma[t], disc.c[t]];
  const out: SpreadBin[] = [];
  const width = (2 * range) / bins;
  for (let b = 0; b < bins; b++) {
    const lo = -range + b * width,
      hi = lo + width;
    let n0 = 0,
      s = 0,
      s2 = 0,
      sx2 = 0,
      net2 = 0;
    for (let n = 0; n < f.length; n++) {
      if (xp[n] < lo || xp[n] >= hi) continue;
      const res = f[n] - slope * xp[n];
      n0++;
      s += res;
      s2 += res * res;
      sx2 += x2[n];
      net2 += spread[n] * spread[n];
    }
    if (n0 < 20) continue;
    const mean = s / n0;
    const centre = (lo + hi) / 2;
    const meanX2 = sx2 / n0;
    out.push({
      xPar: centre,
      overNetworks: Math.sqrt(net2 / n0),
      overExamples: Math.sqrt(s2 / n0 - mean * mean),
      theory: outputSpread(meanX2, Math.max(-1, Math.min(1, centre / Math.sqrt(meanX2))), gamma, p.d, p.M, c),
      count: n0,
    });
  }
  return out;
}

/**
 * The first time after `after` at which |measured/theory − 1| exceeds `tol` (and stays there for
 * `persist` consecutive samples); NaN if it never does.
 */
export function departureTime(
  t: ArrayLike<number>,
  measured: ArrayLike<number>,
  theory: ArrayLike<number>,
  tol = 0.1,
  after = 1,
  persist = 3,
): number {
  let run = 0;
  for (let k = 0; k < t.length; k++) {
    if (t[k] < after || !Number.isFinite(measured[k]) || !Number.isFinite(theory[k])) continue;
    // theory 0: `measured` is itself a relative error.
    const off = theory[k] === 0 ? Math.abs(measured[k]) : Math.abs(measured[k] / theory[k] - 1);
    run = off > tol ? run + 1 : 0;
    if (run >= persist) return t[k - persist + 1];
  }
  return NaN;
}

/** Output spreads at every recorded output step (see outputSpreadByBin). */
export function outputSpreads(r: TrainResult, p: ClockParams): { t: number; bins: SpreadBin[] }[] {
  return r.testOutputs.t.map((t) => ({ t, bins: outputSpreadByBin(r, p, t) }));
}

/** Measured over predicted spread across the x∥ bins of one step: median and range. */
export interface SpreadRatio {
  t: number;
  bins: number;
  overNetworks: { median: number; min: number; max: number };
  overExamples: { median: number; min: number; max: number };
}

export function spreadAgreement(r: TrainResult, p: ClockParams): SpreadRatio[] {
  const summary = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
  };
  return outputSpreads(r, p).map(({ t, bins }) => ({
    t,
    bins: bins.length,
    overNetworks: summary(bins.map((b) => b.overNetworks / b.theory)),
    overExamples: summary(bins.map((b) => b.overExamples / b.theory)),
  }));
}

/** Mean |w⊥_i| over nodes at each grid time, relative to its initial value. */
export function meanPerpendicular(r: TrainResult): { t: number[]; ratio: number[] } {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const m0 = mean(r.grid.wPerp[0]);
  return { t: [...r.grid.t], ratio: r.grid.wPerp.map((v) => mean(v) / m0) };
}

/** When each measured quantity of a run leaves its theory (see departureTimes). NaN: never within the run. */
export interface Departures {
  N: number;
  M: number;
  delta: number;
  Ipar: number;
  Jperp: number;
  fU: number;
  /** The node trajectories a_i against main (10) on the discrete clock (RMS relative error). */
  nodes: number;
  minTestError: number;
  minTestErrorAt: number;
}

/**
 * When each measured quantity leaves the theory by more than `tol` (relative, persisting 3 samples):
 * the drives I∥ and J⊥, N f_U, and the node trajectories a_i (discrete clock); and the best test error.
 */
export function departureTimes(r: TrainResult, p: ClockParams, tol = 0.1): Departures {
  const th = theoryDrives(p, r.lastStep, r.config.N);
  const t = th.t.slice(0, r.lastStep);
  const errors = trajectoryErrors(r, p);
  const best = bestTestError(r);
  return {
    N: r.config.N,
    M: r.config.M,
    delta: p.delta ?? 0,
    Ipar: departureTime(t, r.history.Ipar, th.I, tol),
    Jperp: departureTime(t, r.history.Jperp, th.J, tol),
    fU: departureTime(t, r.history.fU, th.fU, tol),
    nodes: departureTime(
      errors.map((e) => e.t),
      errors.map((e) => e.aDiscrete),
      errors.map(() => 0),
      tol,
      1,
      1,
    ),
    minTestError: best.error,
    minTestErrorAt: best.t,
  };
}

/** The lowest test error on the grid and when it was reached (after it, the run overfits). */
export function bestTestError(r: TrainResult): { error: number; t: number } {
  let k = 0;
  r.grid.testError.forEach((e, j) => (e < r.grid.testError[k] ? (k = j) : 0));
  return { error: r.grid.testError[k], t: r.grid.t[k] };
}

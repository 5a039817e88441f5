/** Fig. 1d: when each training example gets satisfied, against |x∥|, with H(t) and the finite-M band. */
import { checkInteger } from "../validate";
import { clockDiscrete } from "../theory/clock";
import { threshold } from "../theory/drive";
import { bandOf, type SatisfactionBand } from "../theory/finite-size";
import { checkParams, type ModelParams } from "../theory/params";
import { logTimes } from "../theory/curves";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { checkRun, checkTimes } from "./check-run";

/** Examples of a run: the first step at which each was satisfied, and its |x∥|. */
export interface SatisfactionCloud {
  t: number[];
  xPar: number[];
}

/**
 * Examples satisfied within the run: the first step t at which each was satisfied, and |x∥|. At most
 * `maxPoints`, evenly thinned.
 */
export function satisfactionCloud(r: TrainResult, maxPoints = 3000): SatisfactionCloud {
  checkInteger("maxPoints", maxPoints, 1);
  const { firstSatisfied: first, xPar } = r.examples;
  const done: number[] = [];
  for (let n = 0; n < first.length; n++) if (first[n] > 0 && Number.isFinite(xPar[n])) done.push(n);
  const stride = Math.max(1, Math.ceil(done.length / maxPoints));
  const pick = done.filter((_, k) => k % stride === 0);
  return { t: pick.map((n) => first[n]), xPar: pick.map((n) => Math.abs(xPar[n])) };
}

/** Examples satisfied once and unsatisfied again later: how many, and when the last of them was. */
export interface Relapses {
  /** Examples satisfied at some step of the run. */
  satisfied: number;
  /** Of those, examples unsatisfied at a later step. */
  relapsed: number;
  /** Of those, examples unsatisfied at the last recorded step. */
  unsatisfiedAtEnd: number;
  /** The last step at which a relapsed example was unsatisfied (NaN: none relapsed). */
  lastRelapse: number;
}

export function relapses(r: TrainResult): Relapses {
  checkRun(r);
  const { firstSatisfied: first, lastUnsatisfied: last } = r.examples;
  const out: Relapses = { satisfied: 0, relapsed: 0, unsatisfiedAtEnd: 0, lastRelapse: NaN };
  for (let n = 0; n < first.length; n++) {
    if (first[n] < 0) continue;
    out.satisfied++;
    if (last[n] <= first[n]) continue;
    out.relapsed++;
    if (last[n] >= r.lastStep) out.unsatisfiedAtEnd++;
    if (!(last[n] <= out.lastRelapse)) out.lastRelapse = last[n];
  }
  return out;
}

/** H_t and the band of SM (20) at chosen steps, for Fig. 1d. */
export interface ThresholdCurves {
  t: number[];
  H: number[];
  /** x∥₋(t). */
  lower: number[];
  /** x∥₊(t − 1). */
  upper: number[];
}

/**
 * H_t of main (13) and the band of SM (20) at log-spaced integer times up to tMax, on the exact
 * discrete-step clock (γ_t, c_t: docs/design.md §4), the clock of the simulation itself: an example
 * is satisfied at step t once |x∥| ≥ H_t = 2h√d / (α c_t² sinh 2γ_t). An example first satisfied at step
 * t was not satisfied at t − 1, so the band it falls in is [x∥₋(t), x∥₊(t − 1)]: `upper` is x∥₊ one step
 * before each t (the threshold drops by ~15% a step around t = 15, which a continuous band would miss).
 */
export function thresholdCurves(p: ModelParams, tMax: number, n = 100): ThresholdCurves {
  const q = checkParams(p);
  const t = logTimes(tMax, n).filter((v) => v > 0);
  const disc = clockDiscrete(q, tMax);
  const band = (s: number) => bandOf(disc.gamma[s], q, disc.c[s]);
  return {
    t,
    H: t.map((s) => threshold(disc.gamma[s], q, disc.c[s])),
    lower: t.map((s) => band(s).lower),
    upper: t.map((s) => band(s - 1).upper),
  };
}

/**
 * Fraction of the satisfied examples that fall inside the band where the theory puts them: first satisfied
 * at step t with x∥₋(t) ≤ |x∥| ≤ x∥₊(t − 1), SM (20) on the discrete clock. Only examples satisfied by
 * `tMax` count.
 */
export function fractionInBand(r: TrainResult, tMax = r.lastStep): number {
  checkRun(r);
  checkTimes([tMax], "tMax");
  const q = modelParams(r.config);
  const { firstSatisfied: first, xPar } = r.examples;
  const disc = clockDiscrete(q, r.lastStep);
  const bands = new Map<number, SatisfactionBand>();
  const band = (t: number) => {
    if (!bands.has(t)) bands.set(t, bandOf(disc.gamma[t], q, disc.c[t]));
    return bands.get(t)!;
  };
  let inside = 0,
    total = 0;
  for (let n = 0; n < first.length; n++) {
    const t = first[n];
    if (t < 1 || t > Math.min(tMax, r.lastStep) || !Number.isFinite(xPar[n])) continue;
    total++;
    const x = Math.abs(xPar[n]);
    if (x >= band(t).lower * 0.999 && x <= band(t - 1).upper * 1.001) inside++;
  }
  return inside / Math.max(total, 1);
}

/** Why Fig. 1d starts late: the first step any example is satisfied, and the threshold one step before. */
export interface FirstSatisfaction {
  /** The first step at which some example is satisfied (NaN: none). */
  t: number;
  /** H_{t−1} of main (13) on the discrete clock: above every |x∥| of the training set if the theory holds. */
  thresholdBefore: number;
  /** The largest |x∥| in the training set. */
  maxXPar: number;
}

export function firstSatisfaction(r: TrainResult): FirstSatisfaction {
  checkRun(r);
  const { firstSatisfied: first, xPar } = r.examples;
  let t = Infinity,
    maxXPar = 0;
  for (let n = 0; n < first.length; n++) {
    if (first[n] > 0 && first[n] < t) t = first[n];
    if (Math.abs(xPar[n]) > maxXPar) maxXPar = Math.abs(xPar[n]);
  }
  if (!Number.isFinite(t)) return { t: NaN, thresholdBefore: NaN, maxXPar };
  const q = modelParams(r.config);
  const disc = clockDiscrete(q, t);
  return { t, thresholdBefore: threshold(disc.gamma[t - 1], q, disc.c[t - 1]), maxXPar };
}

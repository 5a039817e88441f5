/** Fig. 1d: when each training example gets satisfied, against |x∥|, with H(t) and the finite-M band. */
import { checkInteger } from "../validate";
import { clockDiscrete } from "../theory/clock";
import { threshold } from "../theory/drive";
import { bandOf, type SatisfactionBand } from "../theory/finite-size";
import { checkParams, type ModelParams } from "../theory/params";
import { logTimes } from "../theory/summary";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { checkRun, checkTimes } from "./check-run";

/** Examples of a run: the first step at which each was satisfied, and its |x∥|. */
export interface SatisfactionCloud {
  t: number[];
  xPar: number[];
}

/**
 * Examples satisfied before the end: t = s + 1, the first step at which the example is satisfied (s is
 * the last step at which it was unsatisfied), and |x∥|. At most `maxPoints`, evenly thinned.
 */
export function satisfactionCloud(r: TrainResult, maxPoints = 3000): SatisfactionCloud {
  checkInteger("maxPoints", maxPoints, 1);
  const { satisfactionTime: st, xPar } = r.examples;
  const done: number[] = [];
  for (let n = 0; n < st.length; n++) if (st[n] < r.lastStep && Number.isFinite(xPar[n])) done.push(n);
  const stride = Math.max(1, Math.ceil(done.length / maxPoints));
  const pick = done.filter((_, k) => k % stride === 0);
  return { t: pick.map((n) => st[n] + 1), xPar: pick.map((n) => Math.abs(xPar[n])) };
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
 * discrete-step clock (γ_t, c_t: DESIGN.md section 3), the clock of the simulation itself: an example
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
 * at step t = s + 1 (s: the last step they were unsatisfied) with x∥₋(t) ≤ |x∥| ≤ x∥₊(t − 1), SM (20) on
 * the discrete clock. Only examples satisfied by `tMax` count.
 */
export function fractionInBand(r: TrainResult, tMax = r.lastStep): number {
  checkRun(r);
  checkTimes([tMax], "tMax");
  const q = modelParams(r.config);
  const { satisfactionTime: st, xPar } = r.examples;
  const disc = clockDiscrete(q, r.lastStep);
  const bands = new Map<number, SatisfactionBand>();
  const band = (t: number) => {
    if (!bands.has(t)) bands.set(t, bandOf(disc.gamma[t], q, disc.c[t]));
    return bands.get(t)!;
  };
  let inside = 0,
    total = 0;
  for (let n = 0; n < st.length; n++) {
    const t = st[n] + 1;
    if (st[n] < 0 || t > Math.min(tMax, r.lastStep) || !Number.isFinite(xPar[n])) continue;
    total++;
    const x = Math.abs(xPar[n]);
    if (x >= band(t).lower * 0.999 && x <= band(t - 1).upper * 1.001) inside++;
  }
  return inside / Math.max(total, 1);
}

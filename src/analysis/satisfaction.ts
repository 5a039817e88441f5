/** Fig. 1d: when each training example gets satisfied, against |x∥|, with H(t) and the finite-M band. */
import { checkInteger } from "../validate";
import { clock } from "../theory/clock";
import { thresholdH } from "../theory/drive";
import { satisfactionBand } from "../theory/finite-size";
import type { ClockParams } from "../theory/params";
import { logTimes } from "../theory/summary";
import type { TrainResult } from "../train/result";

/**
 * Examples satisfied before the end: x = satisfaction time + 1 (the first step at which it is
 * satisfied; +1 keeps t = 0 on a log axis), y = |x∥|. At most `maxPoints`, evenly thinned.
 */
export function satisfactionCloud(r: TrainResult, maxPoints = 3000): { t: number[]; xPar: number[] } {
  checkInteger("maxPoints", maxPoints, 1);
  const { satisfactionTime: st, xPar } = r.examples;
  const done: number[] = [];
  for (let n = 0; n < st.length; n++) if (st[n] < r.lastStep && Number.isFinite(xPar[n])) done.push(n);
  const stride = Math.max(1, Math.ceil(done.length / maxPoints));
  const pick = done.filter((_, k) => k % stride === 0);
  return { t: pick.map((n) => st[n] + 1), xPar: pick.map((n) => Math.abs(xPar[n])) };
}

/** H(t) of main (13) and the band x∥± of SM (20) on a log grid up to tMax (continuous clock). */
export function thresholdCurves(p: ClockParams & { M: number }, tMax: number, n = 100) {
  const t = logTimes(tMax, n).filter((v) => v > 0);
  const gamma = clock(p, t).gamma;
  const band = gamma.map((g) => satisfactionBand(g, { d: p.d, M: p.M, alpha: p.alpha, h: p.h }));
  return {
    t,
    H: gamma.map((g) => thresholdH(g, p.d, p.alpha, p.h)),
    lower: band.map((b) => b.lower),
    upper: band.map((b) => b.upper),
  };
}

/** Fraction of satisfied examples whose satisfaction time falls inside the band [x∥₋, x∥₊] at that time. */
export function fractionInBand(r: TrainResult, p: ClockParams & { M: number }): number {
  const { satisfactionTime: st, xPar } = r.examples;
  const times = [...new Set(Array.from(st))].filter((s) => s >= 0 && s < r.lastStep).sort((a, b) => a - b);
  const gamma = clock(p, times.map((s) => s + 1)).gamma;
  const band = new Map(times.map((s, k) => [s, satisfactionBand(gamma[k], { d: p.d, M: p.M, alpha: p.alpha, h: p.h })]));
  let inside = 0, total = 0;
  for (let n = 0; n < st.length; n++) {
    const b = band.get(st[n]);
    if (!b || !Number.isFinite(xPar[n])) continue;
    total++;
    const x = Math.abs(xPar[n]);
    if (x >= b.lower * 0.999 && x <= b.upper * 1.001) inside++;
  }
  return inside / Math.max(total, 1);
}

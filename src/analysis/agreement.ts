/** The numbers a notebook states: how well the simulation follows the theory, at chosen times. */
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { clocksAt, fittedClock, trajectoryErrors } from "./trajectories";

/** The grid time nearest to each wanted time (deduplicated, in order). */
export function nearestGridTimes(r: TrainResult, wanted: readonly number[]): number[] {
  const near = wanted.map((w) => r.grid.t.reduce((best, t) => (Math.abs(t - w) < Math.abs(best - w) ? t : best), r.grid.t[0]));
  return [...new Set(near)];
}

export interface AgreementRow {
  t: number;
  "rel. error a, continuous": number;
  "rel. error a, discrete": number;
  "rel. error w∥, continuous": number;
  "rel. error w∥, discrete": number;
  "γ fitted": number;
  "γ(t) continuous": number;
  "γ_t discrete": number;
  "test error": number;
}

/** Node-trajectory errors (main (10)), the fitted clock against the theory's, and the test error. */
export function agreementTable(r: TrainResult, p: ClockParams, wanted: readonly number[]): AgreementRow[] {
  const times = nearestGridTimes(r, wanted).filter((t) => t > 0);
  const errors = trajectoryErrors(r, p);
  const fit = fittedClock(r);
  const k = clocksAt(p, times);
  return times.map((t, j) => {
    const e = errors.find((x) => x.t === t)!;
    const g = r.grid.t.indexOf(t);
    return {
      t,
      "rel. error a, continuous": e.aContinuous,
      "rel. error a, discrete": e.aDiscrete,
      "rel. error w∥, continuous": e.wContinuous,
      "rel. error w∥, discrete": e.wDiscrete,
      "γ fitted": fit.gamma[g],
      "γ(t) continuous": k.continuous[j],
      "γ_t discrete": k.discrete[j],
      "test error": r.grid.testError[g],
    };
  });
}

/** One sentence on how a run ended: errors, steps, time, backend. */
export function runSummary(r: TrainResult): string {
  const last = r.grid.t.length - 1;
  return (
    `${r.dataSource}; N = ${r.config.N}, M = ${r.config.M}, d = ${r.config.d}, α = ${r.config.alpha}, h = ${r.config.h}, β* = ${r.config.betaStar}: ` +
    `${r.message}. Final training error ${r.history.trainError[r.lastStep].toFixed(4)}, test error ${r.grid.testError[last].toFixed(4)} ` +
    `(${r.config.test} test examples). ${r.wallSeconds.toFixed(0)} s on ${r.backend} with ${r.workers} worker(s).`
  );
}

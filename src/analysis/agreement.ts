/** The numbers a notebook states: how well the simulation follows the theory, at chosen times. */
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";
import { clocksAt, fittedClock, trajectoryErrors } from "./trajectories";

/** The grid time nearest to each wanted time (deduplicated, in order). */
export function nearestGridTimes(r: TrainResult, wanted: readonly number[]): number[] {
  const near = wanted.map((w) =>
    r.grid.t.reduce((best, t) => (Math.abs(t - w) < Math.abs(best - w) ? t : best), r.grid.t[0]),
  );
  return [...new Set(near)];
}

/** The nodes and the clock against the theory at one grid time. */
export interface AgreementRow {
  t: number;
  /** RMS relative error over nodes of a_i and w∥_i against main (10), continuous and discrete clock. */
  aContinuous: number;
  aDiscrete: number;
  wContinuous: number;
  wDiscrete: number;
  gammaFitted: number;
  gammaContinuous: number;
  gammaDiscrete: number;
  testError: number;
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
      aContinuous: e.aContinuous,
      aDiscrete: e.aDiscrete,
      wContinuous: e.wContinuous,
      wDiscrete: e.wDiscrete,
      gammaFitted: fit.gamma[g],
      gammaContinuous: k.continuous[j],
      gammaDiscrete: k.discrete[j],
      testError: r.grid.testError[g],
    };
  });
}

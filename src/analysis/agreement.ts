/** The numbers a notebook states: how well the simulation follows the theory, at chosen times. */
import { clockCurvesAt } from "../theory/curves";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { gridIndex, nearestGridTimes } from "./grid";
import { fittedClock, trajectoryErrors } from "./trajectories";

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

/**
 * Node-trajectory errors (main (10)), the fitted clock against the theory's, and the test error, at grid times t > 0.
 */
export function agreementTable(r: TrainResult, wanted: readonly number[]): AgreementRow[] {
  const times = nearestGridTimes(r, wanted).filter((t) => t > 0);
  const errors = trajectoryErrors(r);
  const fit = fittedClock(r);
  const k = clockCurvesAt(modelParams(r.config), times);
  return times.map((t, j) => {
    const { t: _, ...e } = errors.find((x) => x.t === t)!;
    const g = gridIndex(r, t);
    return {
      t,
      ...e,
      gammaFitted: fit.gamma[g],
      gammaContinuous: k.continuous[j],
      gammaDiscrete: k.discrete[j],
      testError: r.grid.testError[g],
    };
  });
}

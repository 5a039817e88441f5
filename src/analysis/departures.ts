/**
 * Where and why a run leaves the theory (notebooks 01–04): when each measured quantity departs from its
 * theory (departureTimes) and when the nodes leave the hyperbolas (departureStep); the clock fitted to the
 * nodes against the clock that main (10) gives with the drive the run actually had; the perpendicular drive
 * against J/√N across M and N; where the mislabeled drive changes sign.
 */
import { clock } from "../theory/clock";
import { perpendicularDrive } from "../theory/drive";
import { nodeTrajectory } from "../theory/nodes";
import { stepDrives } from "../theory/curves";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { hyperbolaError } from "./classes";
import { bestTestError, gridIndex, nearestGridTimes } from "./grid";
import { drivenClock, fittedClock, trajectoryErrors } from "./trajectories";

/**
 * The first time after `after` at which |measured/theory − 1| exceeds `tol` (and stays there for
 * `persist` consecutive samples); NaN if it never does. Where the theory is 0, `measured` is itself
 * taken as the relative error.
 */
export function departureTime(
  t: ArrayLike<number>,
  measured: ArrayLike<number>,
  theory: ArrayLike<number>,
  o: { tol?: number; after?: number; persist?: number } = {},
): number {
  const { tol = 0.1, after = 1, persist = 3 } = o;
  let run = 0;
  for (let k = 0; k < t.length; k++) {
    if (t[k] < after || !Number.isFinite(measured[k]) || !Number.isFinite(theory[k])) continue;
    const off = theory[k] === 0 ? Math.abs(measured[k]) : Math.abs(measured[k] / theory[k] - 1);
    run = off > tol ? run + 1 : 0;
    if (run >= persist) return t[k - persist + 1];
  }
  return NaN;
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
export function departureTimes(r: TrainResult, tol = 0.1): Departures {
  const { N, M, delta } = r.config;
  const th = stepDrives(modelParams(r.config), r.lastStep, N);
  const t = th.t.slice(0, r.lastStep);
  const errors = trajectoryErrors(r);
  const best = bestTestError(r);
  return {
    N,
    M,
    delta,
    Ipar: departureTime(t, r.history.Ipar, th.I, { tol }),
    Jperp: departureTime(t, r.history.Jperp, th.JoverSqrtN, { tol }),
    fU: departureTime(t, r.history.fU, th.fU, { tol }),
    nodes: departureTime(
      errors.map((e) => e.t),
      errors.map((e) => e.aDiscrete),
      errors.map(() => 0),
      { tol, persist: 1 },
    ),
    minTestError: best.error,
    minTestErrorAt: best.t,
  };
}

/** The departure times of each run (see departureTimes). */
export function departureTable(runs: readonly TrainResult[]): Departures[] {
  return runs.map((run) => departureTimes(run));
}

/**
 * The first grid time after t = 0 at which hyperbolaError exceeds `tol` (and stays above it at the next
 * grid time); NaN if never.
 */
export function departureStep(r: TrainResult, tol: number): number {
  const { t, error } = hyperbolaError(r);
  for (let g = 1; g < t.length; g++) if (error[g] > tol && (g + 1 === t.length || error[g + 1] > tol)) return t[g];
  return NaN;
}

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
  const measuredJ = perpendicularDrive(fU[lateAt], d) / Math.sqrt(N);
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

/** Steps in a row for which I∥ must stay negative to count as turned negative. */
export const NEGATIVE_RUN = 20;
/** The final fraction of the run whose sign of I∥ is summarised as "late". */
export const LATE_FRACTION = 0.2;

/** Where the measured parallel drive turns negative, whether it stays so, and the mislabeled examples' fitting. */
export interface DriveSign {
  /** First step at which I∥ < 0 and stays so for NEGATIVE_RUN steps; NaN: never. */
  measuredZero: number;
  /** Steps after measuredZero with a measured drive, and those with I∥ > 0 (0 when it stays negative). */
  stepsAfter: number;
  positiveAfter: number;
  /** The first step after measuredZero with I∥ > 0 (NaN: none). */
  positiveAgainAt: number;
  /** The last LATE_FRACTION of the steps with a drive: where it starts, and the fraction with I∥ > 0. */
  lateFrom: number;
  lateShare: number;
  /** The fraction of steps with I∥ > 0 from positiveAgainAt to lateFrom (NaN: no such steps). */
  middleShare: number;
  /** The theory's I_δ over J_δ/√N at measuredZero (NaN: no reversal): below 1, the noise outweighs the drive. */
  theoryIOverJ: number;
  /** The last step with a measured drive, and the sign of I∥ there. */
  lastDriveStep: number;
  lastPositive: boolean;
  /** The smallest I_δ of the theory over the run (it never changes sign: it tends to 0). */
  theoryMin: number;
  /** The step from which I_δ stays below 1% of I(0); NaN: never within the run. */
  theoryBelowOnePercent: number;
  /** The run's δ and the first step at which the training error is below it (NaN: never). */
  delta: number;
  trainBelowDelta: number;
  /** Training examples whose label disagrees with the teacher (y·x∥ < 0), and those satisfied at the end. */
  mislabeled: number;
  mislabeledFitted: number;
  /** The 10th and 90th percentiles of the steps at which the fitted mislabeled examples were first satisfied. */
  mislabeledFirstFitted: [number, number];
}

/** The measured drive's sign against the theory's I_δ, which only tends to 0 (the clock's fixed point). */
export function driveSignChange(r: TrainResult): DriveSign {
  const th = stepDrives(modelParams(r.config), r.lastStep, r.config.N);
  const I = r.history.Ipar;
  let lastDriveStep = r.lastStep;
  while (lastDriveStep > 0 && !Number.isFinite(I[lastDriveStep])) lastDriveStep--;
  const negativeFrom = (t: number) => Array.from({ length: NEGATIVE_RUN }, (_, k) => I[t + k]).every((v) => v < 0);
  let measuredZero = NaN;
  for (let t = 1; t + NEGATIVE_RUN - 1 <= lastDriveStep && Number.isNaN(measuredZero); t++)
    if (negativeFrom(t)) measuredZero = t;
  let positiveAfter = 0,
    positiveAgainAt = NaN;
  const stepsAfter = Number.isFinite(measuredZero) ? lastDriveStep - measuredZero + 1 : 0;
  for (let t = measuredZero; t <= lastDriveStep; t++)
    if (I[t] > 0) {
      positiveAfter++;
      if (Number.isNaN(positiveAgainAt)) positiveAgainAt = t;
    }
  const lateFrom = Math.max(1, Math.round(lastDriveStep * (1 - LATE_FRACTION)));
  let latePositive = 0;
  for (let t = lateFrom; t <= lastDriveStep; t++) if (I[t] > 0) latePositive++;
  let middlePositive = 0;
  for (let t = positiveAgainAt; t < lateFrom; t++) if (I[t] > 0) middlePositive++;
  const below = th.I.findIndex((v) => Math.abs(v) < 0.01 * th.I[0]);
  const delta = r.config.delta;
  const trainBelow = Array.from(r.history.trainError).findIndex((e) => e < delta);
  const { y, xPar, firstSatisfied, lastUnsatisfied } = r.examples;
  const fitted: number[] = [];
  let mislabeled = 0;
  for (let n = 0; n < y.length; n++) {
    if (!(y[n] * xPar[n] < 0)) continue;
    mislabeled++;
    if (firstSatisfied[n] >= 0 && lastUnsatisfied[n] < r.lastStep) fitted.push(firstSatisfied[n]);
  }
  fitted.sort((a, b) => a - b);
  const quantile = (q: number) => (fitted.length ? fitted[Math.floor(q * (fitted.length - 1))] : NaN);
  return {
    measuredZero,
    stepsAfter,
    positiveAfter,
    positiveAgainAt,
    lateFrom,
    lateShare: latePositive / (lastDriveStep - lateFrom + 1),
    middleShare: positiveAgainAt < lateFrom ? middlePositive / (lateFrom - positiveAgainAt) : NaN,
    theoryIOverJ: Number.isFinite(measuredZero) ? th.I[measuredZero] / th.JoverSqrtN[measuredZero] : NaN,
    lastDriveStep,
    lastPositive: I[lastDriveStep] > 0,
    theoryMin: Math.min(...th.I),
    theoryBelowOnePercent: below < 0 ? NaN : below,
    delta,
    trainBelowDelta: trainBelow < 0 ? NaN : trainBelow,
    mislabeled,
    mislabeledFitted: fitted.length,
    mislabeledFirstFitted: [quantile(0.1), quantile(0.9)],
  };
}

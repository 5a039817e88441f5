/**
 * The first stage of learning on real data (SM 2.3, main section 4): how long the nodes keep the shape of
 * main (10), with which clock, and what the drive does meanwhile. No theory clock enters: the clocks are
 * fitted, so it applies to any run.
 */
import type { TrainResult } from "../train/result";
import { groupClocks, hyperbolaError, nodeGroups, shapeAgreement, type ShapeRow } from "./classes";
import { departureStep } from "./departures";
import { finalErrors, gridIndex, nearestGridTimes } from "./grid";
import { drivenClock } from "./trajectories";

/** "The nodes leave the hyperbolas": relative RMS distance from main (10) with the fitted clock above 10%. */
export const HYPERBOLA_TOLERANCE = 0.1;
/** Two clocks "agree" while they differ by at most 5% of the clock integrated from the drive. */
export const CLOCK_AGREEMENT = 0.05;

/** One run's row of the table across datasets. */
export interface StageSummary {
  N: number;
  d: number;
  M: number;
  steps: number;
  finalTrainError: number;
  finalValidationError: number;
  /** First grid time at which the nodes are more than HYPERBOLA_TOLERANCE from main (10); NaN: never. */
  departure: number;
  /** γ fitted at the departure (or at the end), all nodes and per group. */
  gamma: number;
  gammaPlus: number;
  gammaMinus: number;
}

export function stageSummary(run: TrainResult): StageSummary {
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  const [row] = shapeAgreement(run, [Number.isFinite(departure) ? departure : run.lastStep]);
  const errors = finalErrors(run);
  const { N, d, M } = run.config;
  return {
    N,
    d,
    M,
    steps: run.lastStep,
    finalTrainError: errors.train,
    finalValidationError: errors.test,
    departure,
    gamma: row.gammaFitted,
    gammaPlus: row.gammaPlus,
    gammaMinus: row.gammaMinus,
  };
}

/** Times at which to look at the population: 0, a quarter, half, and all of the way to the departure (or the end). */
export function lookTimes(run: TrainResult): number[] {
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  const end = Number.isFinite(departure) ? departure : run.lastStep;
  return nearestGridTimes(run, [0, end / 4, end / 2, end]);
}

/** How one run's first stage goes: when and why the nodes leave main (10). */
export interface FirstStage {
  departure: number;
  gammaAtDeparture: number;
  /** J⊥/I∥ measured at t = 0: how much of the drive is not along ŵ*. */
  driveRatio: number;
  /** Least-squares slope of the distance from the hyperbolas on the fitted γ, up to the departure. */
  distancePerGamma: number;
  /** First step at which I∥ falls below a tenth of its initial value: the end of the drive along ŵ*; NaN: never. */
  driveCollapse: number;
  /** Training error at t = 1 (the network is then a function of x∥: the class-mean direction's error). */
  earlyTrainError: number;
  trainErrorAtCollapse: number;
  finalTrainError: number;
  finalValidationError: number;
  lastStep: number;
  /** Mean |w⊥_i| at the end relative to t = 0, minus 1. */
  perpendicularGrowth: number;
  /**
   * The last grid time up to which the clock fitted to all nodes stays within CLOCK_AGREEMENT of the clock
   * integrated from the measured drive (0: they differ from the first step; the run's end: always agree).
   */
  clocksAgreeUntil: number;
  /** The clock integrated from the measured drive: its largest value, where, and at the end. */
  drivenPeak: number;
  drivenPeakAt: number;
  drivenEnd: number;
  /** Fraction of the steps after drivenPeakAt with I∥ < 0 (the drive pushing the nodes back; NaN: no such steps). */
  negativeAfterPeak: number;
}

export function firstStage(run: TrainResult): FirstStage {
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  const clocks = groupClocks(run);
  const shape = hyperbolaError(run);
  const until = Number.isFinite(departure) ? departure : run.lastStep;
  let sxy = 0,
    sxx = 0;
  shape.t.forEach((t, g) => {
    if (t === 0 || t > until) return;
    sxy += shape.error[g] * clocks.all[g];
    sxx += clocks.all[g] ** 2;
  });
  const I = run.history.Ipar;
  const collapse = Array.from({ length: Math.max(0, run.lastStep - 1) }, (_, k) => k + 1).find(
    (t) => I[t] < 0.1 * I[0],
  );
  const perpendicular = (g: number) => run.grid.wPerp[g].reduce((s, v) => s + v, 0);
  const last = run.grid.t.length - 1;
  const errors = finalErrors(run);
  return {
    departure,
    gammaAtDeparture: Number.isFinite(departure) ? clocks.all[gridIndex(run, departure)] : NaN,
    driveRatio: run.history.Jperp[0] / I[0],
    distancePerGamma: sxy / sxx,
    driveCollapse: collapse ?? NaN,
    earlyTrainError: run.history.trainError[1],
    trainErrorAtCollapse: collapse === undefined ? NaN : run.history.trainError[collapse],
    finalTrainError: errors.train,
    finalValidationError: errors.test,
    lastStep: run.lastStep,
    perpendicularGrowth: perpendicular(last) / perpendicular(0) - 1,
    clocksAgreeUntil: clocksAgreeUntil(run, clocks.all),
    ...drivenPeak(run),
  };
}

function clocksAgreeUntil(run: TrainResult, fitted: readonly number[]): number {
  const driven = drivenClock(run).gamma;
  let until = 0;
  for (let g = 1; g < run.grid.t.length; g++) {
    const t = run.grid.t[g];
    if (Math.abs(fitted[g] - driven[t]) > CLOCK_AGREEMENT * Math.abs(driven[t])) break;
    until = t;
  }
  return until;
}

function drivenPeak(run: TrainResult) {
  const gamma = drivenClock(run).gamma;
  let at = 0;
  for (let t = 1; t <= run.lastStep; t++) if (gamma[t] > gamma[at]) at = t;
  const I = run.history.Ipar;
  let negative = 0,
    steps = 0;
  for (let t = at; t < run.lastStep; t++)
    if (Number.isFinite(I[t])) {
      steps++;
      if (I[t] < 0) negative++;
    }
  return {
    drivenPeak: gamma[at],
    drivenPeakAt: at,
    drivenEnd: gamma[run.lastStep],
    negativeAfterPeak: steps ? negative / steps : NaN,
  };
}

/** The two-widths model's first steps: the common drift of a, the worst distance from main (10), the group clocks. */
export interface TwoWidthsStart {
  /** Mean change of a over the first step, per group (main (10) moves the groups in opposite directions). */
  driftPlus: number;
  driftMinus: number;
  /** The largest distance from main (10) up to t = 20, and where. */
  worstDistance: number;
  worstAt: number;
  /** Group clocks and distance at t = 20, 50 and the end. */
  rows: ShapeRow[];
}

export function twoWidthsStart(run: TrainResult): TwoWidthsStart {
  const g = nodeGroups(run);
  const k1 = gridIndex(run, 1);
  const drift = (nodes: number[]) => nodes.reduce((s, i) => s + run.grid.a[k1][i] - run.grid.a[0][i], 0) / nodes.length;
  const shape = hyperbolaError(run);
  let worst = 1;
  shape.t.forEach((t, k) => (t <= 20 && shape.error[k] > shape.error[worst] ? (worst = k) : 0));
  return {
    driftPlus: drift(g.plus),
    driftMinus: drift(g.minus),
    worstDistance: shape.error[worst],
    worstAt: shape.t[worst],
    rows: shapeAgreement(run, [20, 50, run.lastStep]),
  };
}

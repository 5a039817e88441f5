/**
 * Sentences whose qualitative words are chosen by the data they describe: each names the test it applies
 * (with its threshold) and the exceptions it found. tests/notebook/sentences.test.ts feeds each one records
 * where its claim holds and records where it does not.
 */
import { LATE_FRACTION, NEGATIVE_RUN, type DriveSign } from "../analysis/departures";
import { CLOCK_AGREEMENT, HYPERBOLA_TOLERANCE, type FirstStage } from "../analysis/first-stage";
import { fractionInBand, relapses, firstSatisfaction } from "../analysis/satisfaction";
import type { RegimeRow } from "../analysis/regimes";
import type { TrajectoryError } from "../analysis/trajectories";
import type { TrainResult } from "../train/result";

export const pct = (v: number, digits = 1): string => (Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : "–");
export const num = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : "never");
export const at = (t: number): string => (Number.isFinite(t) ? `t = ${t}` : "never within the run");
/** "until t = 40", or "to the end of the run" when the departure never came. */
export const until = (t: number): string => (Number.isFinite(t) ? `until t = ${t}` : "to the end of the run");

/** Where the measured drive along ŵ* turns negative, whether it stays so, and the theory's I_δ. */
export function driveSignSentence(s: DriveSign): string {
  const parts: string[] = [];
  if (!Number.isFinite(s.measuredZero)) {
    parts.push(`The measured drive along ŵ* is never negative for ${NEGATIVE_RUN} steps in a row within the run.`);
  } else if (s.positiveAfter === 0) {
    parts.push(
      `The measured drive along ŵ* turns negative at **t = ${s.measuredZero}** (${NEGATIVE_RUN} negative steps in a row) and ` +
        `stays negative at every later step, to t = ${s.lastDriveStep}.`,
    );
  } else {
    parts.push(
      `The measured drive along ŵ* turns negative at **t = ${s.measuredZero}** (${NEGATIVE_RUN} negative steps in a row), but ` +
        `does not stay negative: it is positive again at ${s.positiveAfter} of the ${s.stepsAfter} later steps, ` +
        `the first at t = ${s.positiveAgainAt}; over the last ${Math.round(100 * LATE_FRACTION)}% of the run ` +
        `(t = ${s.lateFrom}–${s.lastDriveStep}) it is positive at ${pct(s.lateShare, 0)} of the steps, ` +
        `${s.lastPositive ? "including" : "but not at"} the last.`,
    );
  }
  const sign = s.theoryMin >= 0 ? "never changes sign" : `turns negative (down to ${s.theoryMin.toExponential(2)})`;
  const below = Number.isFinite(s.theoryBelowOnePercent)
    ? `is below 1% of I(0) from t = ${s.theoryBelowOnePercent}`
    : "stays above 1% of I(0) within the run";
  parts.push(`The theory's I_δ ${sign}: it only tends to zero at the clock's fixed point, and ${below}.`);
  if (s.delta > 0) parts.push(mislabeledSentence(s));
  return parts.join(" ");
}

/** How far the run fitted its mislabeled examples: the training error against δ, and how many were satisfied. */
export function mislabeledSentence(s: DriveSign): string {
  const when = Number.isFinite(s.trainBelowDelta)
    ? `falls below δ = ${s.delta} at t = ${s.trainBelowDelta}`
    : `never falls below δ = ${s.delta}`;
  const fitted =
    s.mislabeledFitted === 0
      ? `none of the ${s.mislabeled} mislabeled training examples is satisfied at the end`
      : `${s.mislabeledFitted} of the ${s.mislabeled} mislabeled training examples are satisfied at the end ` +
        `(their flipped label fitted; ${firstFitted(s.mislabeledFirstFitted)})`;
  return `The training error ${when}; ${fitted}.`;
}

const firstFitted = ([lo, hi]: [number, number]) =>
  lo === hi ? `first satisfied at t = ${lo}` : `80% of them first satisfied between t = ${lo} and t = ${hi}`;

/** Fig. 1d's numbers: inside the band, the empty start, and the examples unsatisfied again after satisfied. */
export function satisfactionSentence(run: TrainResult, early = 25): string {
  const f = firstSatisfaction(run);
  const r = relapses(run);
  const start = !Number.isFinite(f.t)
    ? "No example is satisfied within the run."
    : f.t === 1
      ? "Examples are satisfied from the first step on."
      : f.thresholdBefore > f.maxXPar
        ? `No example is satisfied before t = ${f.t}: until then H_t exceeds the largest |x∥| of the training set ` +
          `(H_${f.t - 1} = ${num(f.thresholdBefore, 2)} against ${num(f.maxXPar, 2)}).`
        : `The first example is satisfied at t = ${f.t}, later than the theory allows: H_${f.t - 1} = ` +
          `${num(f.thresholdBefore, 2)} is already below the largest |x∥| (${num(f.maxXPar, 2)}).`;
  const again =
    r.relapsed === 0
      ? "No satisfied example is unsatisfied again later."
      : `${r.relapsed} of the ${r.satisfied} satisfied examples (${pct(r.relapsed / r.satisfied, 2)}) are ` +
        `unsatisfied again at a later step (the last such step t = ${r.lastRelapse}; ${r.unsatisfiedAtEnd} are ` +
        `unsatisfied at the end); each dot is drawn at its first satisfaction.`;
  return (
    `Satisfied examples inside their band $[x_{\\parallel-}(t), x_{\\parallel+}(t-1)]$ of SM (20): ` +
    `**${pct(fractionInBand(run))}** of all ${r.satisfied}, **${pct(fractionInBand(run, early))}** of those ` +
    `satisfied by $t = ${early}$. ${start} ${again}`
  );
}

/** Test errors within this ratio of each other are called similar. */
export const SIMILAR_ERROR_RATIO = 1.25;

/** Rich against lazy at the end of their runs: converged or not, and the test errors compared. */
export function regimeSentence(rich: RegimeRow, lazy: RegimeRow): string {
  const end = (r: RegimeRow) =>
    r.fixedPoint
      ? `reaches its fixed point (every training example satisfied) at step ${r.steps}`
      : `has not reached its fixed point when its ${r.steps}-step budget ends (training error ${num(r.finalTrainError, 4)})`;
  const ratio = lazy.finalTestError / rich.finalTestError;
  const similar = Math.max(ratio, 1 / ratio) <= SIMILAR_ERROR_RATIO;
  const both = rich.fixedPoint && lazy.fixedPoint ? "at convergence" : "at the end of the runs";
  const verdict = similar
    ? `similar (within a factor ${SIMILAR_ERROR_RATIO}), as the SM's "similar final error" says`
    : `${num(ratio, 2)} times the rich network's: not the "similar final error" the SM reports, though both networks ` +
      `generalise (the untrained network's test error is 50%)`;
  return (
    `The rich network (α = ${rich.alpha}) ${end(rich)}; the lazy one (α = ${lazy.alpha}) ${end(lazy)}. ` +
    `${both[0].toUpperCase()}${both.slice(1)} the test error is ${num(rich.finalTestError, 4)} (rich) and ` +
    `${num(lazy.finalTestError, 4)} (lazy): ${verdict}.`
  );
}

/** Within this relative difference, two error curves are said to coincide. */
export const COINCIDE = 0.1;

/** Fig. 1's discrete-step effect: the two clocks' node errors at t = 10, and from when they coincide. */
export function discreteStepSentence(rows: readonly TrajectoryError[], t = 10): string {
  const near = rows.reduce((b, r) => (Math.abs(r.t - t) < Math.abs(b.t - t) ? r : b));
  const close = (r: TrajectoryError) => Math.abs(r.aDiscrete - r.aContinuous) <= COINCIDE * r.aContinuous;
  let from = rows.length;
  while (from > 0 && close(rows[from - 1])) from--;
  const meet =
    from === rows.length
      ? `they still differ by more than ${pct(COINCIDE, 0)} at the last step recorded, t = ${rows[rows.length - 1].t}`
      : from === 0
        ? `they agree within ${pct(COINCIDE, 0)} of each other at every step recorded`
        : `from t = ${rows[from].t} on the two agree within ${pct(COINCIDE, 0)} of each other (the discrete-step ` +
          `correction matters only while γ moves fast)`;
  const change = 1 - near.aDiscrete / near.aContinuous;
  const effect =
    change > 0
      ? `${pct(change, 0)} smaller (the factor c_t of the discrete steps)`
      : `${pct(-change, 0)} larger: the discrete-step factor c_t does not help here`;
  return (
    `at t = ${near.t} the RMS relative error of a_i is ${pct(near.aContinuous)} on the paper's continuous clock and ` +
    `${pct(near.aDiscrete)} on the discrete-step clock, ${effect}; ${meet}`
  );
}

/** A real-data run's clocks: how long the fitted clock follows the drive's, and whether the drive's clock falls. */
export function realClockSentence(s: FirstStage): string {
  const agree =
    s.clocksAgreeUntil === 0
      ? `The clock fitted to all nodes differs from the clock of the measured drive by more than ` +
        `${pct(CLOCK_AGREEMENT, 0)} from the first step`
      : s.clocksAgreeUntil >= s.lastStep
        ? `The clock fitted to all nodes stays within ${pct(CLOCK_AGREEMENT, 0)} of the clock of the measured drive ` +
          `to the end`
        : `The clock fitted to all nodes stays within ${pct(CLOCK_AGREEMENT, 0)} of the clock of the measured drive ` +
          `until t = ${s.clocksAgreeUntil}`;
  const shape = !Number.isFinite(s.departure)
    ? ", and the nodes stay on the hyperbolas of main (10) for the whole run"
    : s.clocksAgreeUntil > s.departure
      ? `, well after the nodes leave the hyperbolas of main (10) at t = ${s.departure}: the population keeps one ` +
        `clock, set by the drive, after it has lost main (10)'s shape`
      : `; the nodes leave the hyperbolas of main (10) at t = ${s.departure}`;
  const falls = s.drivenEnd < s.drivenPeak * (1 - CLOCK_AGREEMENT);
  const drive = falls
    ? `The clock of the measured drive peaks at γ = ${num(s.drivenPeak, 2)} at t = ${s.drivenPeakAt} and falls to ` +
      `${num(s.drivenEnd, 2)} by t = ${s.lastStep}: I∥ is negative at ${pct(s.negativeAfterPeak, 0)} of the later ` +
      `steps, the drive along ŵ* pushing the nodes back, as the mislabeled examples do in notebook 03.`
    : `The clock of the measured drive does not fall back by more than ${pct(CLOCK_AGREEMENT, 0)} from its peak ` +
      `(γ = ${num(s.drivenPeak, 2)} at t = ${s.drivenPeakAt}; ${num(s.drivenEnd, 2)} at the end).`;
  return `${agree}${shape}. ${drive}`;
}

/** The steps up to which SM Fig. 3 saw the nodes follow main (10), against this run's departure. */
export function paperCutoffSentence(name: string, s: FirstStage | null, cutoffs: readonly number[]): string {
  const paper = cutoffs.map((c) => `≈ ${c}`).join(" and ");
  if (!s) return `${name}: not on disk here, so the supplement's ${paper} steps are not checked.`;
  const ours = Number.isFinite(s.departure) ? `t = ${s.departure}` : "never within the run";
  return (
    `${name}: SM Fig. 3 saw the nodes follow main (10) up to step ${paper} (judged by eye); here they leave it ` +
    `(distance > ${pct(HYPERBOLA_TOLERANCE, 0)}) at ${ours}, and the fitted clock follows the drive's until ` +
    `t = ${s.clocksAgreeUntil}.`
  );
}

/** The mean |w⊥| is said to have started growing once it is this much above its start. */
export const PERPENDICULAR_GROWTH = 0.05;

/** Per run: when the mean |w⊥| first grows PERPENDICULAR_GROWTH above its start, against its best test error. */
export function perpendicularGrowthSentence(
  runs: readonly { N: number; t: number[]; ratio: number[]; bestAt: number }[],
): string {
  const parts = runs.map((r) => {
    const k = r.ratio.findIndex((v) => v > 1 + PERPENDICULAR_GROWTH);
    const end = `it ends ${pct(r.ratio[r.ratio.length - 1] - 1)} up`;
    if (k < 0) return `at N = ${r.N} never within the run (${end}; best test error at t = ${r.bestAt})`;
    const order = r.t[k] >= r.bestAt ? "after" : "before";
    return `at N = ${r.N} at t = ${r.t[k]}, ${order} the best test error (t = ${r.bestAt}; ${end})`;
  });
  return `The mean |w⊥| first exceeds its start by ${pct(PERPENDICULAR_GROWTH, 0)} ${parts.join("; ")}.`;
}

/**
 * The closing paragraph of each notebook, written from its runs: what agreed with the theory (with the
 * numbers), what departed, when, and why. The numbers come from the analysis, never typed by hand; every
 * qualitative word is chosen by a stated test on them (findings.ts, sentences.ts).
 */
import { agreementTable } from "../analysis/agreement";
import {
  clockCheck,
  departureTimes,
  driveSignChange,
  largeNodes,
  LATE_FRACTION,
  perpendicularCheck,
  type DriveSign,
} from "../analysis/departures";
import { distinctRuns } from "../analysis/compare";
import { meanPerpendicular, spreadAgreement } from "../analysis/finite-size";
import {
  CLOCK_AGREEMENT,
  firstStage,
  HYPERBOLA_TOLERANCE,
  twoWidthsStart,
  type FirstStage,
} from "../analysis/first-stage";
import { bestTestError, finalErrors, gridIndex } from "../analysis/grid";
import type { RegimeRow } from "../analysis/regimes";
import { fractionInBand } from "../analysis/satisfaction";
import { trajectoryErrors } from "../analysis/trajectories";
import type { TrainResult } from "../train/result";
import {
  BAND_HOLDS,
  bandFinding,
  clockFinding,
  finalErrorFinding,
  findingsMarkdown,
  finiteNFinding,
  largeNodesFinding,
  lazyClockFinding,
  mislabelingFinding,
  movementFinding,
  NODE_TOLERANCE,
  overfittingFinding,
  perpendicularFinding,
  spreadFinding,
  type Finding,
} from "./findings";
import {
  at,
  until,
  discreteStepSentence,
  driveSignSentence,
  num,
  paperCutoffSentence,
  pct,
  regimeSentence,
  SIMILAR_ERROR_RATIO,
} from "./sentences";

const nearest = <T extends { t: number }>(rows: readonly T[], t: number): T =>
  rows.reduce((b, r) => (Math.abs(r.t - t) < Math.abs(b.t - t) ? r : b));

/** Notebook 01: Fig. 1, the clock, Fig. 1d, rich vs lazy, the sphere. */
export function meanFieldConclusion(o: { run: TrainResult; regimes: RegimeRow[]; sphereRun: TrainResult }): string {
  const { run } = o;
  const T = run.lastStep;
  const clocks = clockCheck(run, [10, 100, T / 2, T]);
  const early = [10, Math.min(100, T / 4)].map((t) => nearest(clocks, t));
  const late = [T / 2, T].map((t) => nearest(clocks, t));
  const [rich, lazy] = [o.regimes[0], o.regimes[o.regimes.length - 1]];
  const sphereEnd = agreementTable(o.sphereRun, [o.sphereRun.lastStep])[0];
  const final = finalErrors(run);
  const errors = trajectoryErrors(run);
  const e10 = nearest(errors, 10);
  const inBand = fractionInBand(run);
  const ratio = lazy.finalTestError / rich.finalTestError;
  const findings: Finding[] = [
    finalErrorFinding(final.test, final.train, run.config.test),
    {
      agrees: e10.aDiscrete <= NODE_TOLERANCE,
      text:
        `The nodes ${e10.aDiscrete <= NODE_TOLERANCE ? "follow" : "do not follow"} main (10) within ` +
        `${pct(NODE_TOLERANCE, 0)} with no fitted parameter: ${discreteStepSentence(errors)}.`,
    },
    clockFinding(early, "early"),
    {
      agrees: inBand >= BAND_HOLDS,
      text:
        `Fig. 1d: ${pct(inBand)} of the satisfied examples fall inside their band of SM (20) ` +
        `(${pct(fractionInBand(run, 25))} of those satisfied by t = 25).`,
    },
    {
      agrees: sphereEnd.aDiscrete <= NODE_TOLERANCE,
      text:
        `Sphere data: the nodes end ${pct(sphereEnd.aDiscrete)} (RMS) from main (10) on the discrete sphere clock of ` +
        `main (14) at t = ${sphereEnd.t} (${sphereEnd.aDiscrete <= NODE_TOLERANCE ? "within" : "beyond"} ` +
        `${pct(NODE_TOLERANCE, 0)}).`,
    },
    movementFinding(rich, lazy),
    { agrees: Math.max(ratio, 1 / ratio) <= SIMILAR_ERROR_RATIO, text: regimeSentence(rich, lazy) },
    clockFinding(late, "late"),
    largeNodesFinding(largeNodes(run, 40)),
    lazyClockFinding(rich, lazy),
  ];
  return findingsMarkdown(findings);
}

/** Notebook 02: spreads, bands, overfitting at finite N, the drives. */
export function finiteSizeConclusion(o: { spread: TrainResult; widths: TrainResult[]; sizes: TrainResult[] }): string {
  const medians = spreadAgreement(o.spread)
    .filter((s) => s.t > 0)
    .map((s) => s.overNetworks.median);
  const runs = distinctRuns([...o.widths, ...o.sizes]);
  const checks = runs.map((run) => perpendicularCheck(run));
  const largest = o.sizes.reduce((a, b) => (b.config.N > a.config.N ? b : a));
  const perp = meanPerpendicular(largest);
  const lateAt = checks.find((c) => c.N === largest.config.N)!.lateAt;
  const growth =
    nearest(
      perp.t.map((t, k) => ({ t, ratio: perp.ratio[k] })),
      lateAt,
    ).ratio - 1;
  return findingsMarkdown([
    spreadFinding(medians),
    bandFinding(o.widths.map((run) => ({ M: run.config.M, inside: fractionInBand(run) }))),
    finiteNFinding(o.sizes.map((run) => departureTimes(run))),
    overfittingFinding(o.sizes.map((run) => ({ N: run.config.N, ...bestTestError(run) }))),
    perpendicularFinding(checks, growth),
  ]);
}

/** Notebook 03: SM Fig. 2. */
export function mislabelingConclusion(o: { noisy: TrainResult; clean: TrainResult }): string {
  const { noisy } = o;
  const sign = driveSignChange(noisy);
  const [dn, dc] = [departureTimes(noisy), departureTimes(o.clean)];
  const final = finalErrors(noisy);
  const findings: Finding[] = [
    {
      agrees: true,
      text:
        `The parallel drive follows the mislabeled theory SM (23) ${until(dn.Ipar)} and f_U follows f_U,δ ` +
        `${until(dn.fU)} (within 10%); J⊥ leaves J_δ/√N at ${at(dn.Jperp)}. The nodes follow the noiseless main (10) ` +
        `${until(dn.nodes)}.`,
    },
    mislabelingFinding(
      {
        delta: noisy.config.delta,
        best: dn.minTestError,
        bestAt: dn.minTestErrorAt,
        finalTest: final.test,
        finalTrain: final.train,
        trainAtBest: noisy.grid.trainError[gridIndex(noisy, dn.minTestErrorAt)],
        lastStep: noisy.lastStep,
      },
      { best: dc.minTestError, bestAt: dc.minTestErrorAt },
    ),
    {
      agrees: !Number.isFinite(sign.measuredZero),
      text:
        `${driveSignSentence(sign)} SM 1.4 says only that I_δ "would drive the dynamics until the two contributions ` +
        `are equal" (mislabeled and correctly labeled unsatisfied examples pulling equally), and SM 2.2 that past the ` +
        `overfitting point "the dynamics changes qualitatively". ${driveStory(sign)}`,
    },
  ];
  return findingsMarkdown(findings);
}

/** What the measured drive and the mislabeled examples' fitting say happens after I_δ vanishes (SM 2.2). */
export function driveStory(s: DriveSign): string {
  if (!Number.isFinite(s.measuredZero))
    return "In this run the measured drive does not reverse, so there is no reversal to explain.";
  const reversal =
    s.theoryIOverJ < 1
      ? `The measured reversal at t = ${s.measuredZero} is a finite-N effect the mean-field I_δ does not have: there ` +
        `I_δ is already ${num(s.theoryIOverJ, 2)} of J_δ/√N, so the pull of the mislabeled examples and the noise ` +
        `they bring set the drive.`
      : `The measured reversal at t = ${s.measuredZero} comes while the theory's I_δ is still ${num(s.theoryIOverJ, 2)} ` +
        `times J_δ/√N: the noise does not yet outweigh the mean-field drive there, and the theory does not explain it.`;
  const fit =
    s.mislabeledFitted === 0
      ? ` No mislabeled example gets fitted within the run.`
      : ` The network then fits mislabeled examples one by one (${s.mislabeledFitted} of ${s.mislabeled} by the end, ` +
        `80% of them first satisfied in t = ${s.mislabeledFirstFitted[0]}–${s.mislabeledFirstFitted[1]}), and each ` +
        `one fitted stops pulling against ŵ*.`;
  if (s.positiveAfter === 0) return reversal + fit + ` Through the end of the run that does not bring I∥ back above 0.`;
  const order =
    Number.isFinite(s.trainBelowDelta) && s.trainBelowDelta <= s.positiveAgainAt
      ? `after the training error has fallen below δ (t = ${s.trainBelowDelta})`
      : Number.isFinite(s.trainBelowDelta)
        ? `before the training error falls below δ (t = ${s.trainBelowDelta})`
        : `while the training error stays above δ`;
  const late = `${pct(s.lateShare, 0)} of the steps of the last ${Math.round(100 * LATE_FRACTION)}% of the run`;
  const grows = s.lateShare > s.middleShare;
  const fitting =
    s.mislabeledFitted > 0 && s.positiveAgainAt < s.mislabeledFirstFitted[0]
      ? ` It returns before most mislabeled examples are fitted, so their fitting alone does not explain the first ` +
        `positive steps; ` +
        (grows
          ? `but the share of positive steps grows while they are fitted (${pct(s.middleShare, 0)} before the last ` +
            `${Math.round(100 * LATE_FRACTION)}%, ${late}): with fewer mislabeled examples left pulling backwards, ` +
            `the correctly labeled unsatisfied ones pull the nodes forward more often, a regime SM (23) does not describe.`
          : `nor does the share of positive steps grow while they are fitted (${pct(s.middleShare, 0)}, then ${late}).`)
      : ` With fewer mislabeled examples left pulling backwards, the correctly labeled unsatisfied ones pull the ` +
        `nodes forward again (positive at ${late}), a regime SM (23) does not describe.`;
  return reversal + fit + ` I∥ is positive again from t = ${s.positiveAgainAt}, ${order}.` + fitting;
}

/** Notebook 04: main section 4 in words, with each dataset's numbers. */
export function realDataConclusion(runs: readonly { name: string; run: TrainResult | null }[]): string {
  const lines = runs.flatMap(({ name, run }) => (run ? [`- **${name}**: ${firstStageSentence(firstStage(run))}`] : []));
  return lines.length ? lines.join("\n") : "_No real dataset was available._";
}

/** Within this relative change the training error is said to stay near its value at t = 1. */
export const NEAR_ERROR = 0.25;

/** One real-data run's first stage: how long the nodes stay on main (10), the drive's collapse, the rest. */
export function firstStageSentence(s: FirstStage): string {
  const until = Number.isFinite(s.departure)
    ? `until t = ${s.departure} (γ = ${num(s.gammaAtDeparture, 2)})`
    : "for the whole run";
  const start =
    `the nodes stay within ${pct(HYPERBOLA_TOLERANCE, 0)} of main (10) ${until}; the distance grows like ` +
    `${num(s.distancePerGamma, 2)}·γ, with J⊥/I∥ = ${num(s.driveRatio, 2)} from the first step.`;
  const end = `(to ${pct(s.finalTrainError)} training, ${pct(s.finalValidationError)} validation error at t = ${s.lastStep})`;
  if (!Number.isFinite(s.driveCollapse))
    return `${start} The drive along ŵ* does not fall below a tenth of its start within the run ${end}.`;
  const near = Math.abs(s.trainErrorAtCollapse - s.earlyTrainError) <= NEAR_ERROR * s.earlyTrainError;
  const errors = near
    ? `until then the training error stays within ${pct(NEAR_ERROR, 0)} of the class-mean direction's ` +
      `(${pct(s.earlyTrainError)} at t = 1, ${pct(s.trainErrorAtCollapse)} at the collapse)`
    : `until then the training error falls from ${pct(s.earlyTrainError)} (t = 1, the class-mean direction's) to ` +
      `${pct(s.trainErrorAtCollapse)}`;
  const off = Number.isFinite(s.departure) && s.departure <= s.driveCollapse;
  return (
    `${start} The drive along ŵ* collapses (I∥ below a tenth of its start) at t = ${s.driveCollapse}; ${errors}. ` +
    `The rest of the learning ${end} happens ${off ? "off" : "still on"} the hyperbolas, with the mean |w⊥| ` +
    `${s.perpendicularGrowth >= 0 ? "grown" : "shrunk"} by ${pct(Math.abs(s.perpendicularGrowth))}.`
  );
}

/** Notebook 04: what the two-widths Gaussian model does in its first steps, measured. */
export function twoWidthsConclusion(run: TrainResult): string {
  const s = twoWidthsStart(run);
  const f = (v: number) => v.toFixed(2);
  const sameWay = Math.sign(s.driftPlus) === Math.sign(s.driftMinus);
  const clocks = s.rows.map((r) => `${f(r.gammaPlus)} vs ${f(r.gammaMinus)} at t = ${r.t}`).join(", ");
  const gap = (r: (typeof s.rows)[number]) => Math.abs(r.gammaPlus - r.gammaMinus) / Math.abs(r.gammaFitted);
  const faster = s.rows.some((r) => gap(r) > CLOCK_AGREEMENT);
  const drift = sameWay
    ? `The wider class breaks the symmetry (x, y) → (−x, −y) that main (10) rests on: after one step the mean a of ` +
      `both node groups has moved the same way (${f(s.driftPlus)} in the group with a(0) + w∥(0) > 0, ` +
      `${f(s.driftMinus)} in the other), where main (10) moves the two groups in opposite directions`
    : `After one step the mean a of the two node groups has moved in opposite directions (${f(s.driftPlus)} in the ` +
      `group with a(0) + w∥(0) > 0, ${f(s.driftMinus)} in the other), as main (10) says`;
  return (
    `${drift}; the population is ${pct(s.worstDistance, 0)} of its size away from main (10) at t = ${s.worstAt}, ` +
    `and ${pct(s.rows[s.rows.length - 1].hyperbolaError, 0)} at the end. The two groups' fitted clocks are ${clocks}: ` +
    (faster
      ? `one group's clock runs more than ${pct(CLOCK_AGREEMENT, 0)} ahead of the other's at some time, as SM 2.3 ` +
        `conjectured for classes of different spread${sameWay ? ", but after an early dynamics main (10) does not have" : ""}.`
      : `within ${pct(CLOCK_AGREEMENT, 0)} of each other at every time shown: not the faster clock SM 2.3 conjectured.`)
  );
}

/** Notebook 04's closing conclusion: what held on every dataset, what departed, SM Fig. 3, the two widths. */
export function realDataClosing(
  runs: readonly { name: string; run: TrainResult | null; preset?: { paperCutoffs?: number[] } }[],
  twoWidths: TrainResult,
): string {
  const stages = new Map(runs.flatMap(({ run }) => (run ? [[run, firstStage(run)] as const] : [])));
  const have = runs.flatMap(({ name, run }) => (run ? [{ name, s: stages.get(run)! }] : []));
  const list = (f: (x: { name: string; s: FirstStage }) => string) => have.map(f).join(", ");
  const findings: Finding[] = [];
  if (have.length) {
    const onHyperbolas = have.every(({ s }) => !(s.departure <= 1));
    findings.push({
      agrees: onHyperbolas,
      text:
        `The nodes stay within ${pct(HYPERBOLA_TOLERANCE, 0)} of main (10) ` +
        `${list(({ name, s }) => `${until(s.departure)} (${name})`)}` +
        (onHyperbolas ? ": every run starts on the hyperbolas." : ": not every run starts on them."),
    });
    const outlasts = have.filter(({ s }) => !(s.clocksAgreeUntil < s.departure));
    findings.push({
      agrees: outlasts.length === have.length,
      text:
        `One clock fitted to all nodes follows the clock of the measured drive within ${pct(CLOCK_AGREEMENT, 0)} until ` +
        `${list(({ name, s }) => `t = ${s.clocksAgreeUntil} (${name})`)}: ` +
        (outlasts.length === have.length
          ? "in every run at least as long as the hyperbolic shape lasts."
          : `as long as the hyperbolic shape lasts in ${outlasts.length} of ${have.length} runs.`),
    });
    const symmetric = have.every(({ s }) => s.driveRatio <= 0.1);
    findings.push({
      agrees: symmetric,
      text:
        `J⊥/I∥ at the first step is ${list(({ name, s }) => `${num(s.driveRatio, 2)} (${name})`)}: ` +
        (symmetric
          ? "at most 0.1, a drive almost all along ŵ* as in the Gaussian model."
          : "above 0.1 (the Gaussian model of notebook 01 has about 0.05): the images are not symmetric around ŵ*, " +
            "and the distance from the hyperbolas grows with γ from the first step."),
    });
    const falling = have.filter(({ s }) => s.drivenEnd < s.drivenPeak * (1 - CLOCK_AGREEMENT));
    findings.push({
      agrees: falling.length === 0,
      text:
        falling.length === 0
          ? `The clock of the measured drive never falls back by more than ${pct(CLOCK_AGREEMENT, 0)} from its peak.`
          : `Late, the drive along ŵ* reverses: the clock of the measured drive falls from its peak in ` +
            falling
              .map(
                ({ name, s }) =>
                  `${name} (γ = ${num(s.drivenPeak, 2)} at t = ${s.drivenPeakAt} → ${num(s.drivenEnd, 2)} at ` +
                  `t = ${s.lastStep}; I∥ < 0 at ${pct(s.negativeAfterPeak, 0)} of the steps after the peak)`,
              )
              .join(", ") +
            `. I∥ < 0 means that, in the drive, the unsatisfied examples on the wrong side of the class-mean ` +
            `direction (y·x∥ < 0) outweigh the others.`,
    });
  }
  const cutoffs = runs
    .filter(({ preset }) => preset?.paperCutoffs?.length)
    .map(
      ({ name, run, preset }) => `- ${paperCutoffSentence(name, run ? stages.get(run)! : null, preset!.paperCutoffs!)}`,
    );
  const extra = [
    ...(have.length ? [] : ["- No real dataset was on disk, so nothing here speaks for real images.", ""]),
    ...(cutoffs.length ? ["**Against SM Fig. 3.**", ...cutoffs, ""] : []),
    "**The two-widths model.**",
    `- ${twoWidthsConclusion(twoWidths)}`,
  ];
  return findingsMarkdown(findings, extra);
}

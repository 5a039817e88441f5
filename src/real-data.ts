/** What notebook 04 shows for each real dataset (SM Fig. 3, main section 4), and the table across datasets. */
import {
  departureStep,
  drivenClock,
  groupClocks,
  hyperbolaError,
  nodeGroups,
  predictedPopulation,
  shapeAgreement,
} from "./analysis/classes";
import { populationSnapshots } from "./analysis/regimes";
import { nearestGridTimes } from "./analysis/agreement";
import { show, showMarkdown } from "./plot/display";
import { departureErrorsFigure } from "./plot/finite-size-figures";
import { sideBySide } from "./plot/layout";
import { groupClockFigure, populationFigure } from "./plot/node-figures";
import { markdownTable } from "./plot/tables";
import type { RealPreset } from "./presets";
import type { TrainResult } from "./train/result";

/** The criterion of "the nodes leave the hyperbolas": relative RMS distance from main (10) with the fitted clock above 10%. */
export const HYPERBOLA_TOLERANCE = 0.1;

/** One dataset's row of the table across datasets. */
export interface RealRunSummary {
  dataset: string;
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

/** The numbers of one run for the table. */
export function realRunSummary(run: TrainResult, dataset: string): RealRunSummary {
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  const at = Number.isFinite(departure) ? departure : run.lastStep;
  const [row] = shapeAgreement(run, [at]);
  const last = run.grid.t.length - 1;
  return {
    dataset,
    N: run.config.N,
    d: run.config.d,
    M: run.config.M,
    steps: run.lastStep,
    finalTrainError: run.grid.trainError[last],
    finalValidationError: run.grid.testError[last],
    departure,
    gamma: row.gammaFitted,
    gammaPlus: row.gammaPlus,
    gammaMinus: row.gammaMinus,
  };
}

/** Times at which to look at the population: 0, a quarter, half, and all of the way to the departure (or to the end). */
export function lookTimes(run: TrainResult): number[] {
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  const end = Number.isFinite(departure) ? departure : run.lastStep;
  return nearestGridTimes(run, [0, end / 4, end / 2, end]);
}

/**
 * SM Fig. 3 for one dataset: training and validation error with the departure step; the population by
 * group against main (10) from the same start with the fitted clock; the clocks; the numbers.
 */
export async function showRealRun(
  run: TrainResult | null,
  preset: RealPreset,
  name: string,
): Promise<RealRunSummary | null> {
  if (!run) {
    await showMarkdown(`_No ${preset.dataset} figures: the data is not on disk (see above)._`);
    return null;
  }
  const summary = realRunSummary(run, preset.dataset);
  const g = run.grid;
  await show(
    departureErrorsFigure(
      g.t,
      g.trainError,
      g.testError,
      summary.departure,
      `${preset.dataset}: training and validation error`,
    ),
    `${name}-errors`,
  );
  const times = lookTimes(run);
  const measured = populationSnapshots(run, times).map((p) => ({ label: `t = ${p.t}`, a: p.a, wPar: p.wPar }));
  const predicted = predictedPopulation(run, times).map((p) => ({
    label: `main (10), t = ${p.t}`,
    a: p.a,
    wPar: p.wPar,
  }));
  const extent =
    1.05 *
    Math.max(
      ...[...measured, ...predicted].flatMap((p) => [...Array.from(p.a, Math.abs), ...Array.from(p.wPar, Math.abs)]),
    );
  await show(
    sideBySide(
      [
        populationFigure(measured, null, {
          title: `${preset.dataset}: the nodes in the (w∥, a) plane`,
          domain: [-extent, extent],
        }),
        populationFigure(predicted, null, {
          title: "main (10) from the same start, γ and c fitted",
          domain: [-extent, extent],
        }),
      ],
      360,
    ),
    `${name}-nodes`,
  );
  await show(
    groupClockFigure(groupClocks(run), drivenClock(run), {
      title: `${preset.dataset}: the clock of each group of nodes`,
    }),
    `${name}-clocks`,
  );
  await showMarkdown(shapeTable(run, times));
  return summary;
}

/** The shape-agreement rows as a Markdown table. */
export function shapeTable(run: TrainResult, times: readonly number[]): string {
  return markdownTable(
    shapeAgreement(run, times).map((r) => ({
      t: r.t,
      "γ fitted": r.gammaFitted,
      "γ, a(0) + w∥(0) > 0": r.gammaPlus,
      "γ, a(0) + w∥(0) < 0": r.gammaMinus,
      "γ from the measured drive": r.gammaDriven,
      "distance from main (10)": r.hyperbolaError,
      "training error": r.trainError,
      "validation error": r.testError,
    })),
  );
}

/** The table across datasets. */
export function realSummaryTable(rows: (RealRunSummary | null)[]): string {
  return markdownTable(
    rows
      .filter((r): r is RealRunSummary => r !== null)
      .map((r) => ({
        dataset: r.dataset,
        N: r.N,
        d: r.d,
        M: r.M,
        steps: r.steps,
        "final training error": r.finalTrainError,
        "final validation error": r.finalValidationError,
        [`nodes leave main (10) (distance > ${HYPERBOLA_TOLERANCE}) at t`]: r.departure,
        "γ there": r.gamma,
        "γ, a(0) + w∥(0) > 0": r.gammaPlus,
        "γ, a(0) + w∥(0) < 0": r.gammaMinus,
      })),
  );
}

/** The distance from the hyperbolas of each run that has data, for hyperbolaErrorFigure. */
export function hyperbolaCurves(
  runs: { name: string; run: TrainResult | null }[],
): { name: string; t: number[]; error: number[] }[] {
  return runs.flatMap(({ name, run }) => (run ? [{ name, ...hyperbolaError(run) }] : []));
}

/** How one run's first stage goes: when and why the nodes leave main (10). */
export interface FirstStage {
  name: string;
  departure: number;
  gammaAtDeparture: number;
  /** J⊥/I∥ measured at t = 0: how much of the drive is not along ŵ*. */
  driveRatio: number;
  /** Least-squares slope of the distance from the hyperbolas on the fitted γ, up to the departure. */
  distancePerGamma: number;
  /** First step at which I∥ falls below a tenth of its initial value: the end of the drive along ŵ*. */
  driveCollapse: number;
  /** Training error at t = 0+ (the network is then a function of x∥: the class-mean direction's error) and at the collapse. */
  earlyTrainError: number;
  trainErrorAtCollapse: number;
  finalTrainError: number;
  finalValidationError: number;
  /** Mean |w⊥_i| at the end relative to t = 0, minus 1. */
  perpendicularGrowth: number;
}

export function firstStage(run: TrainResult, name: string): FirstStage {
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
  let collapse = NaN;
  for (let t = 1; t < run.lastStep; t++)
    if (I[t] < 0.1 * I[0]) {
      collapse = t;
      break;
    }
  const perp = (g: number) => run.grid.wPerp[g].reduce((s, v) => s + v, 0);
  const last = run.grid.t.length - 1;
  return {
    name,
    departure,
    gammaAtDeparture: Number.isFinite(departure) ? clocks.all[run.grid.t.indexOf(departure)] : NaN,
    driveRatio: run.history.Jperp[0] / I[0],
    distancePerGamma: sxy / sxx,
    driveCollapse: collapse,
    earlyTrainError: run.history.trainError[1],
    trainErrorAtCollapse: Number.isFinite(collapse) ? run.history.trainError[collapse] : NaN,
    finalTrainError: run.history.trainError[run.lastStep],
    finalValidationError: run.grid.testError[last],
    perpendicularGrowth: perp(last) / perp(0) - 1,
  };
}

/** Main section 4 in words, with each run's numbers. */
export function section4Summary(runs: { name: string; run: TrainResult | null }[]): string {
  const f = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "never");
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lines = runs.flatMap(({ name, run }) => {
    if (!run) return [];
    const s = firstStage(run, name);
    const collapse = Number.isFinite(s.driveCollapse)
      ? `The drive along ŵ* collapses (I∥ below a tenth of its start) at t = ${s.driveCollapse}; until then the training error stays near the class-mean direction's (${pct(s.earlyTrainError)} at t = 1, ${pct(s.trainErrorAtCollapse)} at the collapse), and the rest of the learning`
      : `The drive along ŵ* does not collapse within the run (training error ${pct(s.earlyTrainError)} at t = 1); the learning`;
    return [
      `- **${name}**: the nodes stay within ${100 * HYPERBOLA_TOLERANCE}% of main (10) until t = ${f(s.departure, 0)}${Number.isFinite(s.departure) ? ` (γ = ${f(s.gammaAtDeparture)})` : " (the whole run)"}; ` +
        `the distance grows like ${f(s.distancePerGamma)}·γ, with J⊥/I∥ = ${f(s.driveRatio)} from the first step. ` +
        `${collapse} (to ${pct(s.finalTrainError)} training, ${pct(s.finalValidationError)} validation error at t = ${run.lastStep}) happens off the hyperbolas, with the mean |w⊥| grown by ${pct(s.perpendicularGrowth)}.`,
    ];
  });
  return lines.length ? lines.join("\n") : "_No real dataset was available._";
}

/** What the two-widths Gaussian model does in its first steps, measured: the common drift of a, and the group clocks. */
export function twoWidthsSummary(run: TrainResult): string {
  const g = nodeGroups(run);
  const k1 = run.grid.t.indexOf(1);
  const drift = (nodes: number[]) => nodes.reduce((s, i) => s + run.grid.a[k1][i] - run.grid.a[0][i], 0) / nodes.length;
  const shape = hyperbolaError(run);
  let worst = 1;
  shape.t.forEach((t, k) => (t <= 20 && shape.error[k] > shape.error[worst] ? (worst = k) : 0));
  const rows = shapeAgreement(run, [20, 50, run.lastStep]);
  const f = (v: number) => v.toFixed(2);
  return (
    `The wider class breaks the symmetry (x, y) → (−x, −y) that main (10) rests on: after one step every node's a has drifted the same way ` +
    `(mean change ${f(drift(g.plus))} in the group with a(0) + w∥(0) > 0, ${f(drift(g.minus))} in the other; main (10) moves the two groups in opposite directions), ` +
    `and the population is ${(100 * shape.error[worst]).toFixed(0)}% of its size away from main (10) at t = ${shape.t[worst]}. ` +
    `So the two groups do not start on two hyperbolic clocks: their fitted γ differ (${rows.map((r) => `${f(r.gammaPlus)} vs ${f(r.gammaMinus)} at t = ${r.t}`).join(", ")}) ` +
    `only after that drift, and the flow stays ${(100 * rows[rows.length - 1].hyperbolaError).toFixed(0)}% off main (10) to the end. Two Gaussian widths do give one class's nodes a faster clock, as SM 2.3 conjectured, but through a different early dynamics.`
  );
}

/** What notebook 04 shows for each real dataset (SM Fig. 3, main section 4), and the table across datasets. */
import { departureStep, drivenClock, groupClocks, populationByGroup, predictedPopulation, shapeAgreement } from "./analysis/classes";
import { nearestGridTimes } from "./analysis/agreement";
import { show, showMarkdown } from "./plot/display";
import { departureErrorsFigure, groupClockFigure, populationFigure, sideBySide } from "./plot/sim-figures";
import { markdownTable } from "./plot/table";
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
    dataset, N: run.config.N, d: run.config.d, M: run.config.M, steps: run.lastStep,
    finalTrainError: run.grid.trainError[last], finalValidationError: run.grid.testError[last],
    departure, gamma: row.gammaFitted, gammaPlus: row.gammaPlus, gammaMinus: row.gammaMinus,
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
export async function showRealRun(run: TrainResult | null, preset: RealPreset, name: string): Promise<RealRunSummary | null> {
  if (!run) {
    showMarkdown(`_No ${preset.dataset} figures: the data is not on disk (see above)._`);
    return null;
  }
  const summary = realRunSummary(run, preset.dataset);
  const g = run.grid;
  await show(departureErrorsFigure(g.t, g.trainError, g.testError, summary.departure, `${preset.dataset}: training and validation error`), `${name}-errors`);
  const times = lookTimes(run);
  const groups = populationByGroup(run, times).map((p) => ({ label: `t = ${p.t}, nodes with a(0) + w∥(0) ${p.group === "+1" ? "> 0" : "< 0"}`, a: p.a, wPar: p.wPar }));
  const predicted = predictedPopulation(run, times).map((p) => ({ label: `main (10), t = ${p.t}`, a: p.a, wPar: p.wPar }));
  await show(
    sideBySide([
      populationFigure(groups, null, { title: `${preset.dataset}: nodes in the (w∥, a) plane` }),
      populationFigure(predicted, null, { title: "main (10) from the same start, γ and c fitted" }),
    ], 340),
    `${name}-nodes`,
  );
  await show(groupClockFigure(groupClocks(run), drivenClock(run), { title: `${preset.dataset}: the clock of each group of nodes` }), `${name}-clocks`);
  showMarkdown(shapeTable(run, times));
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
    rows.filter((r): r is RealRunSummary => r !== null).map((r) => ({
      dataset: r.dataset, N: r.N, d: r.d, M: r.M, steps: r.steps,
      "final training error": r.finalTrainError, "final validation error": r.finalValidationError,
      [`nodes leave main (10) (distance > ${HYPERBOLA_TOLERANCE}) at t`]: r.departure,
      "γ there": r.gamma, "γ, a(0) + w∥(0) > 0": r.gammaPlus, "γ, a(0) + w∥(0) < 0": r.gammaMinus,
    })),
  );
}


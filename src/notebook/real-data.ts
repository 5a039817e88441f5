/** What notebook 04 shows for each real dataset (SM Fig. 3, main section 4). */
import { departureStep, groupClocks, hyperbolaError, shapeAgreement } from "../analysis/classes";
import { HYPERBOLA_TOLERANCE, lookTimes, stageSummary, type StageSummary } from "../analysis/first-stage";
import { populationSnapshots, predictedPopulation, type Population } from "../analysis/population";
import { drivenClock } from "../analysis/trajectories";
import { show, showMarkdown } from "../plot/display";
import { departureErrorsFigure } from "../plot/finite-size-figures";
import { sideBySide } from "../plot/layout";
import { groupClockFigure, populationFigure } from "../plot/node-figures";
import { shapeMarkdown } from "../plot/tables";
import type { RealPreset } from "../presets";
import type { TrainResult } from "../train/result";

/**
 * SM Fig. 3 for one dataset: training and validation error with the departure step; the population
 * against main (10) from the same start with the fitted clock; the clocks of the two groups; the numbers.
 * Returns the run's row of the table across datasets (null when the data was not there).
 */
export async function showRealRun(
  run: TrainResult | null,
  preset: RealPreset,
  name: string,
): Promise<(StageSummary & { dataset: string }) | null> {
  const dataset = preset.dataset;
  if (!run) {
    await showMarkdown(`_No ${dataset} figures: the data is not on disk (see above)._`);
    return null;
  }
  const g = run.grid;
  const errors = { t: g.t, train: g.trainError, test: g.testError };
  const departure = departureStep(run, HYPERBOLA_TOLERANCE);
  await show(
    departureErrorsFigure(errors, departure, { title: `${dataset}: training and validation error` }),
    `${name}-errors`,
  );
  const times = lookTimes(run);
  const measured = populationSnapshots(run, times);
  const predicted = predictedPopulation(run, times);
  const extent = 1.05 * Math.max(...[...measured, ...predicted].flatMap(largest));
  const panel = (pop: Population[], label: string, title: string) =>
    populationFigure(
      pop.map((p) => ({ label: `${label}t = ${p.t}`, a: p.a, wPar: p.wPar })),
      null,
      { title, domain: [-extent, extent] },
    );
  const nodes = [
    panel(measured, "", `${dataset}: the nodes in the (w∥, a) plane`),
    panel(predicted, "main (10), ", "main (10) from the same start, γ and c fitted"),
  ];
  await show(sideBySide(nodes, 360), `${name}-nodes`);
  const title = `${dataset}: the clock of each group of nodes`;
  await show(groupClockFigure(groupClocks(run), drivenClock(run), { title }), `${name}-clocks`);
  await showMarkdown(shapeMarkdown(shapeAgreement(run, times)));
  return { dataset, ...stageSummary(run) };
}

/** The largest |a| and |w∥| of a population. */
function largest(p: Population): number[] {
  return [Math.max(...Array.from(p.a, Math.abs)), Math.max(...Array.from(p.wPar, Math.abs))];
}

/** The distance from the hyperbolas of each run that has data, for hyperbolaErrorFigure. */
export function hyperbolaCurves(
  runs: readonly { name: string; run: TrainResult | null }[],
): { name: string; t: number[]; error: number[] }[] {
  return runs.flatMap(({ name, run }) => (run ? [{ name, ...hyperbolaError(run) }] : []));
}

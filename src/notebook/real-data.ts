/** What notebook 04 shows for each real dataset (SM Fig. 3, main section 4). */
import { groupClocks, hyperbolaError, nodeGroups, shapeAgreement } from "../analysis/classes";
import { departureStep } from "../analysis/departures";
import { firstStage, HYPERBOLA_TOLERANCE, lookTimes, stageSummary, type StageSummary } from "../analysis/first-stage";
import { populationSnapshots, predictedPopulation, type Population } from "../analysis/population";
import { drivenClock } from "../analysis/trajectories";
import { show, showMarkdown } from "../plot/display";
import { departureErrorsFigure } from "../plot/finite-size-figures";
import { sideBySide } from "../plot/layout";
import { groupClockFigure, populationFigure } from "../plot/node-figures";
import { shapeMarkdown } from "../plot/tables";
import type { RealPreset } from "../presets";
import type { TrainResult } from "../train/result";
import { realClockSentence } from "./sentences";

/**
 * SM Fig. 3 for one dataset: training and validation error with the departure step; the population at four
 * times, each node group over main (10) from the same start with the fitted clock; the clocks; the numbers.
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
  const groups = nodeGroups(run);
  const pick = (p: Population, nodes: number[]) => ({ a: nodes.map((i) => p.a[i]), wPar: nodes.map((i) => p.wPar[i]) });
  // Each node joined to where main (10) puts it: a short segment is a node on its hyperbola.
  const offsets = (m: Population, p: Population) => ({
    a: Array.from(m.a).flatMap((a, i) => [p.a[i], a]),
    wPar: Array.from(m.wPar).flatMap((w, i) => [p.wPar[i], w]),
  });
  const panels = measured.map((m, k) =>
    populationFigure(
      [
        {
          label: "from main (10) to the node",
          ...offsets(m, predicted[k]),
          mark: "segments",
          color: "#222",
        },
        { label: "nodes, a(0) + w∥(0) > 0", ...pick(m, groups.plus), color: "#4c78a8" },
        { label: "nodes, a(0) + w∥(0) < 0", ...pick(m, groups.minus), color: "#e45756" },
      ],
      null,
      { title: `${dataset}, t = ${m.t}`, domain: [-extent, extent] },
    ),
  );
  await show(sideBySide(panels, 230, 2), `${name}-nodes`);
  const title = `${dataset}: the clock of each group of nodes`;
  await show(groupClockFigure(groupClocks(run), drivenClock(run), { title }), `${name}-clocks`);
  await showMarkdown(realClockSentence(firstStage(run)));
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

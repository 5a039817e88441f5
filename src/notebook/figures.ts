/** Figures the notebooks draw from a run: the records of src/analysis fed to the pure builders of src/plot. */
import type { TopLevelSpec } from "vega-lite";
import { populationFlow, populationSnapshots } from "../analysis/population";
import { predictedTraces, recordedTraces, type NodeField } from "../analysis/trajectories";
import { showAnimation } from "../plot/display";
import type { ModelParams } from "../theory/params";
import { populationFlowFigures, trajectoriesFigure } from "../plot/node-figures";
import { regimePopulationFigures } from "../plot/regime-figures";
import type { TrainResult } from "../train/result";

const Y_TITLES: Record<NodeField, string> = { a: "a_i(t)", wPar: "w∥_i(t)", wPerp: "|w⊥_i(t)|" };

/**
 * Some nodes of a run: recorded a_i, w∥_i or |w⊥_i| against main (10) at `times` (continuous clock, or the
 * discrete one with `discrete`; the run's own parameters, or `params`); |w⊥_i| has no line (the theory keeps it
 * constant).
 */
export function nodesFigure(
  r: TrainResult,
  field: NodeField,
  o: { nodes: number[]; times: readonly number[]; title: string; discrete?: boolean; params?: ModelParams },
): TopLevelSpec {
  const { nodes, times, discrete = false, params } = o;
  const sim = { t: r.grid.t, values: recordedTraces(r, nodes, field) };
  const theory =
    field === "wPerp" ? null : { t: times, values: predictedTraces(r, { nodes, times, field, discrete, params }) };
  const theoryName = discrete ? "main (10) with the discrete clock γ_t, c_t" : "main (10)";
  return trajectoriesFigure(sim, theory, { title: o.title, yTitle: Y_TITLES[field], theoryName });
}

/**
 * The (w∥, a) population of a run at every grid time up to `tMax` as an animation: every node (dots) next to
 * where main (10) on the discrete clock puts it from its own start (rings), over the hyperbolas of 40 nodes.
 * The axes follow the population as it spreads; at most 36 frames (the file stays well under a megabyte).
 */
export async function showPopulationAnimation(r: TrainResult, name?: string, tMax = r.lastStep): Promise<void> {
  const flow = populationFlow(r, { tMax, frames: 36, background: 40 });
  const last = flow.frames[flow.frames.length - 1].t;
  const description = `the (w∥, a) population from t = 0 to ${last}, ${flow.frames.length} frames`;
  await showAnimation(populationFlowFigures(flow), description, name);
}

/** The populations of several runs at t = 0 and at their end, on the same axes: how far each one moved. */
export function populationsAtEnds(runs: readonly TrainResult[]): TopLevelSpec[] {
  return regimePopulationFigures(
    runs.map((run) => {
      const [start, end] = populationSnapshots(run, [0, run.lastStep]);
      return { config: run.config, start, end };
    }),
  );
}

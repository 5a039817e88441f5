/** Figures the notebooks draw from a run: the analysis of src/analysis fed to the pure builders of src/plot. */
import { nearestGridTimes } from "./analysis/agreement";
import { pickNodes, predictedTraces, recordedTraces } from "./analysis/trajectories";
import { showAnimation } from "./plot/display";
import { populationFigure, trajectoriesFigure } from "./plot/node-figures";
import { clockDiscrete } from "./theory/clock";
import { logTimes } from "./theory/summary";
import { nodeTrajectory } from "./theory/nodes";
import type { ClockParams } from "./theory/params";
import type { TrainResult } from "./train/result";
import type { TopLevelSpec } from "vega-lite";

/** Ten (or `nodes.length`) nodes of a run: recorded a_i, w∥_i or |w⊥_i| against main (10) on `times`. */
export function nodesFigure(
  r: TrainResult,
  p: ClockParams,
  field: "a" | "wPar" | "wPerp",
  o: { nodes: number[]; times: readonly number[]; title: string; discrete?: boolean },
): TopLevelSpec {
  const yTitle = { a: "a_i(t)", wPar: "w∥_i(t)", wPerp: "|w⊥_i(t)|" }[field];
  const sim = { t: r.grid.t, values: recordedTraces(r, o.nodes, field) };
  const theory =
    field === "wPerp"
      ? null
      : { t: o.times, values: predictedTraces(r, p, o.nodes, o.times, field, o.discrete ?? false) };
  const theoryName = o.discrete ? "main (10) with the discrete clock γ_t, c_t" : "main (10)";
  return trajectoriesFigure(sim, theory, { title: o.title, yTitle, theoryName });
}

/**
 * The (w∥, a) population of a run at every grid time up to `tMax` as an animation: every node (dots) next to
 * where main (10) on the discrete clock puts it from its own start (rings), over the hyperbolas of 40 nodes.
 * The axes follow the population as it spreads.
 */
export async function showPopulationAnimation(
  r: TrainResult,
  p: ClockParams,
  name?: string,
  tMax = r.lastStep,
): Promise<void> {
  const times = r.grid.t.filter((t) => t <= tMax);
  const disc = clockDiscrete(p, Math.max(...times));
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const background = pickNodes(r.config.M, 40);
  const fine = logTimes(Math.max(...times), 150);
  const hyperbolas = {
    a: background.map((i) => fine.map((t) => nodeTrajectory(a0[i], w0[i], disc.gamma[t], disc.c[t]).a)),
    wPar: background.map((i) => fine.map((t) => nodeTrajectory(a0[i], w0[i], disc.gamma[t], disc.c[t]).wPar)),
  };
  const stride = Math.ceil(times.length / 36); // at most ~36 frames: the file stays well under a megabyte
  const frames = nearestGridTimes(
    r,
    times.filter((_, k) => k % stride === 0 || k === times.length - 1),
  ).map((t) => {
    const g = r.grid.t.indexOf(t);
    const predicted = Array.from(a0, (_, i) => nodeTrajectory(a0[i], w0[i], disc.gamma[t], disc.c[t]));
    const extent = 1.1 * Math.max(3, ...Array.from(r.grid.a[g], Math.abs), ...Array.from(r.grid.wPar[g], Math.abs));
    return populationFigure(
      [
        { label: "nodes (simulation)", a: r.grid.a[g], wPar: r.grid.wPar[g], color: "#4c78a8" },
        {
          label: "main (10), discrete clock, from each node's start",
          a: predicted.map((n) => n.a),
          wPar: predicted.map((n) => n.wPar),
          mark: "point",
          color: "#e45756",
        },
      ],
      hyperbolas,
      { title: `The node population at t = ${t} (γ_t = ${disc.gamma[t].toFixed(2)})`, domain: [-extent, extent] },
    );
  });
  await showAnimation(
    frames,
    `the (w∥, a) population from t = 0 to ${Math.max(...times)}, ${frames.length} frames`,
    name,
  );
}

/** The populations of several runs at t = 0 and at their end, on the same axes: how far each one moved. */
export function regimePopulationFigures(runs: { run: TrainResult }[]): TopLevelSpec[] {
  const ends = runs.map(({ run }) => run.grid.a.length - 1);
  const extent =
    1.05 *
    Math.max(
      ...runs.flatMap(({ run }, k) => [
        ...Array.from(run.grid.a[ends[k]], Math.abs),
        ...Array.from(run.grid.wPar[ends[k]], Math.abs),
      ]),
    );
  return runs.map(({ run }, k) =>
    populationFigure(
      [
        { label: "t = 0", a: run.grid.a[0], wPar: run.grid.wPar[0], color: "#bbb" },
        {
          label: `t = ${run.grid.t[ends[k]]}`,
          a: run.grid.a[ends[k]],
          wPar: run.grid.wPar[ends[k]],
          color: k === 0 ? "#4c78a8" : "#e45756",
        },
      ],
      null,
      { title: `α = ${run.config.alpha}: the nodes at the start and at the end`, domain: [-extent, extent] },
    ),
  );
}

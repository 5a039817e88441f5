/** The node population in the (w∥, a) plane: snapshots, and main (10) from each node's start. */
import { clockDiscrete } from "../theory/clock";
import { nodeTrajectory } from "../theory/nodes";
import { logTimes } from "../theory/curves";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";
import { gridIndex, nearestGridTimes, pickNodes } from "./grid";
import { fittedClock } from "./trajectories";

/** Every node's (a, w∥) at one time. */
export interface Population {
  t: number;
  a: ArrayLike<number>;
  wPar: ArrayLike<number>;
}

/** All nodes' (a, w∥) at the grid times nearest to `times`. */
export function populationSnapshots(r: TrainResult, times: readonly number[]): Population[] {
  return nearestGridTimes(r, times).map((t) => {
    const g = gridIndex(r, t);
    return { t, a: r.grid.a[g], wPar: r.grid.wPar[g] };
  });
}

/** The population at the grid times nearest `times` as main (10) predicts it from each node's start, γ and c fitted. */
export function predictedPopulation(r: TrainResult, times: readonly number[]): Population[] {
  const fit = fittedClock(r);
  return nearestGridTimes(r, times).map((t) => {
    const g = gridIndex(r, t);
    return { t, ...mainTen(r, Math.max(0, fit.gamma[g]), fit.c[g]) };
  });
}

/** One frame of the population's flow: the nodes, and where main (10) on the discrete clock puts them. */
export interface PopulationFrame {
  t: number;
  gamma: number;
  measured: Population;
  predicted: Population;
  /** Half-width of axes that hold this frame's nodes (at least 3). */
  extent: number;
}

/**
 * The population's flow up to tMax, at most `frames` grid times: every node against main (10) on the
 * theory's discrete clock from its own start, over the hyperbolas of `background` nodes (150 log-spaced steps).
 */
export function populationFlow(
  r: TrainResult,
  o: { tMax?: number; frames?: number; background?: number } = {},
): { frames: PopulationFrame[]; hyperbolas: { a: number[][]; wPar: number[][] } } {
  const { tMax = r.lastStep, frames = 36, background = 40 } = o;
  const times = r.grid.t.filter((t) => t <= tMax);
  const end = Math.max(...times);
  const disc = clockDiscrete(modelParams(r.config), end);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const fine = logTimes(Math.max(1, end), 150);
  const curves = pickNodes(r.config.M, background).map((i) =>
    fine.map((t) => nodeTrajectory({ a: a0[i], wPar: w0[i] }, disc.gamma[t], disc.c[t])),
  );
  const stride = Math.ceil(times.length / frames);
  const shown = times.filter((_, k) => k % stride === 0 || k === times.length - 1);
  return {
    hyperbolas: { a: curves.map((c) => c.map((n) => n.a)), wPar: curves.map((c) => c.map((n) => n.wPar)) },
    frames: shown.map((t) => {
      const g = gridIndex(r, t);
      const measured = { t, a: r.grid.a[g], wPar: r.grid.wPar[g] };
      const largest = Math.max(3, ...Array.from(measured.a, Math.abs), ...Array.from(measured.wPar, Math.abs));
      return {
        t,
        gamma: disc.gamma[t],
        measured,
        predicted: { t, ...mainTen(r, disc.gamma[t], disc.c[t]) },
        extent: 1.1 * largest,
      };
    }),
  };
}

/** Every node at clock (γ, c) by main (10) from its recorded start. */
function mainTen(r: TrainResult, gamma: number, c: number): { a: number[]; wPar: number[] } {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const nodes = Array.from(a0, (_, i) => nodeTrajectory({ a: a0[i], wPar: w0[i] }, gamma, c));
  return { a: nodes.map((n) => n.a), wPar: nodes.map((n) => n.wPar) };
}

/** The (a, w∥) population of a run: snapshots, trajectories, the initial velocity field, how far it moved. */
import type { TrainResult } from "../train/result";
import { nearestGridTimes } from "./agreement";
import { pickNodes } from "./trajectories";

/** All nodes' (a, w∥) at the grid times nearest to `times`, labelled "t = …". */
export function populationSnapshots(r: TrainResult, times: readonly number[]) {
  return nearestGridTimes(r, times).map((t) => {
    const g = r.grid.t.indexOf(t);
    return { label: `t = ${t}`, a: r.grid.a[g], wPar: r.grid.wPar[g] };
  });
}

/** The grid-time trajectories of k nodes in the (w∥, a) plane. */
export function populationTrajectories(r: TrainResult, k: number) {
  const nodes = pickNodes(r.config.M, k);
  return { a: nodes.map((i) => r.grid.a.map((v) => v[i])), wPar: nodes.map((i) => r.grid.wPar.map((v) => v[i])) };
}

/**
 * Arrows of the initial velocity field of main (10), (ẇ∥, ȧ) ∝ (a, w∥), at k nodes' starting points,
 * as segment pairs (start, start + scale·(a, w∥)) for populationFigure.
 */
export function velocityArrows(r: TrainResult, k: number, scale: number) {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const wPar: number[] = [], a: number[] = [];
  for (const i of pickNodes(r.config.M, k)) {
    wPar.push(w0[i], w0[i] + scale * a0[i]);
    a.push(a0[i], a0[i] + scale * w0[i]);
  }
  return { wPar, a, label: "initial velocity (ẇ∥, ȧ) ∝ (a, w∥)" };
}

/** How far the nodes moved: relative RMS change of a and w∥ from t = 0 to the end, and the final errors. */
export function movement(r: TrainResult, label: string) {
  const last = r.grid.t.length - 1;
  const rel = (v: Float32Array[]) => {
    let num = 0, den = 0;
    for (let i = 0; i < v[0].length; i++) {
      num += (v[last][i] - v[0][i]) ** 2;
      den += v[0][i] ** 2;
    }
    return Math.sqrt(num / den);
  };
  return {
    run: label,
    α: r.config.alpha,
    "β*": r.config.betaStar,
    steps: r.lastStep,
    "rel. change of a": rel(r.grid.a),
    "rel. change of w∥": rel(r.grid.wPar),
    "final training error": r.history.trainError[r.lastStep],
    "final test error": r.grid.testError[last],
  };
}

/** Which class each node ends up serving, and the clock of each group (SM 2.3: the two ImageNet classes). */
import { nodeTrajectory } from "../theory/nodes";
import type { TrainResult } from "../train/result";
import { nearestGridTimes } from "./agreement";
import { fittedClock } from "./trajectories";

/** Nodes serving class +1 (final a_i > 0: they raise the output) and class −1. */
export function nodesByClass(r: TrainResult): { plus: number[]; minus: number[] } {
  const a = r.final.a;
  const plus: number[] = [], minus: number[] = [];
  a.forEach((v, i) => (v > 0 ? plus : minus).push(i));
  return { plus, minus };
}

/** γ fitted separately to the nodes of each class (see fittedClock). */
export function fittedClockByClass(r: TrainResult) {
  const { plus, minus } = nodesByClass(r);
  const p = fittedClock(r, plus), m = fittedClock(r, minus);
  return { t: p.t, plus: p.gamma, minus: m.gamma };
}

/** (a, w∥) of each class's nodes at the grid times nearest `times`, labelled for populationFigure. */
export function populationByClass(r: TrainResult, times: readonly number[]) {
  const { plus, minus } = nodesByClass(r);
  return nearestGridTimes(r, times).flatMap((t) => {
    const g = r.grid.t.indexOf(t);
    return [
      { label: `class +1 nodes, t = ${t}`, a: plus.map((i) => r.grid.a[g][i]), wPar: plus.map((i) => r.grid.wPar[g][i]) },
      { label: `class −1 nodes, t = ${t}`, a: minus.map((i) => r.grid.a[g][i]), wPar: minus.map((i) => r.grid.wPar[g][i]) },
    ];
  });
}

/**
 * The population at the grid times nearest `times` predicted by main (10) from each node's start with the
 * γ and c fitted at that time: the Gaussian model's shape, with its clock measured rather than assumed.
 */
export function predictedPopulation(r: TrainResult, times: readonly number[]) {
  const fit = fittedClock(r);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  return nearestGridTimes(r, times).map((t) => {
    const g = r.grid.t.indexOf(t);
    const nodes = Array.from(a0, (_, i) => nodeTrajectory(a0[i], w0[i], Math.max(0, fit.gamma[g]), fit.c[g]));
    return { label: `main (10), t = ${t}`, a: nodes.map((n) => n.a), wPar: nodes.map((n) => n.wPar) };
  });
}

/** At each time: γ and c fitted, and the RMS relative error of main (10) with them (how Gaussian-like the flow is). */
export function shapeAgreement(r: TrainResult, times: readonly number[]) {
  const fit = fittedClock(r);
  const classes = fittedClockByClass(r);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  return nearestGridTimes(r, times).map((t) => {
    const g = r.grid.t.indexOf(t);
    let num = 0, den = 0;
    for (let i = 0; i < a0.length; i++) {
      const p = nodeTrajectory(a0[i], w0[i], Math.max(0, fit.gamma[g]), fit.c[g]);
      num += (r.grid.a[g][i] - p.a) ** 2 + (r.grid.wPar[g][i] - p.wPar) ** 2;
      den += p.a ** 2 + p.wPar ** 2;
    }
    return {
      t,
      "γ fitted": fit.gamma[g],
      "γ, class +1 nodes": classes.plus[g],
      "γ, class −1 nodes": classes.minus[g],
      "rel. error of main (10) with fitted γ": Math.sqrt(num / den),
      "training error": r.grid.trainError[g],
      "validation error": r.grid.testError[g],
    };
  });
}

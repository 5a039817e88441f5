/** Node trajectories and the node population, main (10)-(11) and SM (14)-(15). */
import { checkNonNegative, checkRange } from "../validate";
import { checkParams, type ModelParams } from "./params";

/** One node's (a, w∥). */
export interface NodeState {
  a: number;
  wPar: number;
}

/**
 * Node trajectory, main (10): a(t) = a(0) cosh γ + w∥(0) sinh γ, w∥(t) = w∥(0) cosh γ + a(0) sinh γ;
 * w⊥ is constant. `c` is the discrete-step shrink factor c_t (docs/design.md §4); 1 in continuous time.
 */
export function nodeTrajectory(start: NodeState, gamma: number, c = 1): NodeState {
  checkNonNegative("gamma", gamma);
  const ch = Math.cosh(gamma);
  const sh = Math.sinh(gamma);
  return { a: c * (start.a * ch + start.wPar * sh), wPar: c * (start.wPar * ch + start.a * sh) };
}

/**
 * How far main (10) moves a node from a unit Gaussian start (a(0), w∥(0) independent N(0, 1)), relative to
 * its start: a(t) − a(0) = a(0)(c cosh γ − 1) + w∥(0) c sinh γ, so the RMS movement over RMS a(0) is
 * √((c cosh γ − 1)² + c² sinh² γ); the same for w∥.
 */
export function predictedMovement(gamma: number, c = 1): number {
  checkNonNegative("gamma", gamma);
  return Math.hypot(c * Math.cosh(gamma) - 1, c * Math.sinh(gamma));
}

/** Covariance of the (a, w∥) population, SM (14): [[cosh 2γ, sinh 2γ], [sinh 2γ, cosh 2γ]] (unit-variance start). */
export function populationCovariance(gamma: number): [[number, number], [number, number]] {
  checkNonNegative("gamma", gamma);
  const ch = Math.cosh(2 * gamma);
  const sh = Math.sinh(2 * gamma);
  return [
    [ch, sh],
    [sh, ch],
  ];
}

/** Mean network output, SM (15): ⟨f(x)⟩ = c² sinh(2γ) x∥ / (2√d), x∥ = ŵ*·x (c: discrete-step factor, default 1). */
export function meanOutput(xPar: number, gamma: number, p: ModelParams, c = 1): number {
  checkNonNegative("gamma", gamma);
  checkRange("c", c, 0, 1, true);
  const { d } = checkParams(p);
  return (c * c * Math.sinh(2 * gamma) * xPar) / (2 * Math.sqrt(d));
}

/**
 * The clock γ(t): main (13) / SM (12) for Gaussian data, main (14) / SM (13) on the sphere, with the
 * mislabeled drive of SM (23). Continuous time (adaptive Dormand–Prince 5(4)), the exact discrete
 * gradient-descent steps (docs/design.md §4), and the two asymptotes.
 */
import { checkAbove, checkInteger, checkNonNegative, checkNumberArray, checkRange, ParameterError } from "../validate";
import { initialDrive, parallelDrive, threshold } from "./drive";
import { checkParams, meanFieldRate, type CheckedParams, type ModelParams } from "./params";

/** γ̇ = β I_δ(H(γ)) / (α √d), β = β* / M: the right-hand side of the clock equation, main (13). */
export function clockRate(gamma: number, p: ModelParams): number {
  return rate(checkNonNegative("gamma", gamma), checkParams(p), 1);
}

/** The rate for checked parameters, evaluated in the solver's inner loop (no validation); c: the discrete factor. */
function rate(gamma: number, q: CheckedParams, c: number): number {
  return (meanFieldRate(q) * parallelDrive(threshold(gamma, q, c), q)) / (q.alpha * Math.sqrt(q.d));
}

/** γ at each requested time, with the solver's own accuracy report. */
export interface ClockSolution {
  /** The requested times t (steps of gradient descent), in the order given. */
  t: number[];
  /** γ(t) at those times. */
  gamma: number[];
  /** Sum of the local error estimates over all accepted steps: a bound-like estimate of |γ error|. */
  errorEstimate: number;
  /** Accepted integration steps. */
  steps: number;
}

/** Bounds that keep a call from running for hours or filling memory: the solver's steps, the discrete clock's. */
export const MAX_SOLVER_STEPS = 10_000_000;
export const MAX_DISCRETE_STEPS = 10_000_000;

// Dormand–Prince 5(4) tableau.
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/**
 * Solves dγ/dt = β I_δ(H(γ)) / (α √d), γ(0) = 0 (main (13), SM (12)-(13), (23)) in continuous time,
 * by adaptive Dormand–Prince with local tolerance `tol` (absolute + relative), landing on each t exactly.
 */
export function clock(p: ModelParams, times: readonly number[], tol = 1e-11): ClockSolution {
  const q = checkParams(p);
  checkRange("tol", tol, 1e-15, 1e-2, true);
  checkNumberArray("times", times);
  times.forEach((t, i) => checkNonNegative(`times[${i}]`, t));
  if (times.some((t) => !Number.isFinite(t))) throw new ParameterError("times", "finite numbers >= 0", [...times]);
  const order = times.map((_, i) => i).sort((i, j) => times[i] - times[j]);
  const out = new Array<number>(times.length);
  const f = (g: number) => rate(g, q, 1);
  let t = 0;
  let g = 0;
  let dt = 1e-3 / Math.max(f(0), 1e-300); // start well inside the early, fastest regime
  let errorEstimate = 0;
  let steps = 0;
  let attempts = 0;
  const k = new Array<number>(7);
  for (const idx of order) {
    const target = times[idx];
    while (t < target) {
      const h = Math.min(dt, target - t);
      k[0] = f(g);
      for (let s = 1; s < 7; s++) {
        let gs = g;
        for (let j = 0; j < s; j++) gs += h * A[s][j] * k[j];
        k[s] = f(Math.max(gs, 0));
      }
      let g5 = g;
      let g4 = g;
      for (let s = 0; s < 7; s++) {
        g5 += h * B5[s] * k[s];
        g4 += h * B4[s] * k[s];
      }
      const err = Math.abs(g5 - g4);
      // Relative: γ can live anywhere from 1e-15 (tiny h, huge α) to hundreds (tiny α); an absolute floor of
      // tol would leave a small γ with no correct digit (γ ≈ 2.6e-11 at α = 1e12 was off by 20%).
      const scale = tol * Math.max(Math.abs(g5), Number.MIN_VALUE);
      if (++attempts > MAX_SOLVER_STEPS)
        throw new ParameterError(
          "times",
          `times the solver reaches within ${MAX_SOLVER_STEPS} steps (it reached t = ${t.toPrecision(6)})`,
          target,
        );
      if (err <= scale || h < 1e-14 * Math.max(1, t)) {
        t = h === target - t ? target : t + h;
        g = g5;
        errorEstimate += err;
        steps++;
      }
      // Standard controller: grow at most 5x, shrink at most 10x.
      const factor = err === 0 ? 5 : Math.min(5, Math.max(0.1, 0.9 * Math.pow(scale / err, 0.2)));
      dt = h * factor;
    }
    out[idx] = g;
  }
  return { t: [...times], gamma: out, errorEstimate, steps };
}

/**
 * One gradient-descent step of the clock, docs/design.md §4: the step multiplies (a, w∥) by
 * [[1, η], [η, 1]] = √(1 − η²) × the hyperbolic rotation by artanh η, so (γ, c) → (γ + artanh η, c √(1 − η²)).
 */
export function discreteStep(gamma: number, c: number, eta: number): [number, number] {
  return [gamma + Math.atanh(eta), c * Math.sqrt(1 - eta * eta)];
}

/** A clock by steps: γ_t and c_t at t = 0, 1, …, T. */
export interface ClockTrace {
  t: number[];
  gamma: number[];
  c: number[];
}

/**
 * The discrete clock driven by a given drive I(0), …, I(T − 1) in place of I(H_t) (e.g. the drive a run
 * measured): η_t = β I(t)/(α √d), β = β* / M. NaN from the first step whose η is not in (−1, 1).
 */
export function clockFromDrive(
  I: ArrayLike<number>,
  p: Pick<ModelParams, "M" | "d" | "alpha" | "betaStar">,
): ClockTrace {
  const M = checkInteger("M", p.M, 1);
  const d = checkInteger("d", p.d, 2);
  const [alpha, betaStar] = [checkAbove("alpha", p.alpha, 0), checkAbove("betaStar", p.betaStar, 0)];
  const out: ClockTrace = { t: [0], gamma: [0], c: [1] };
  for (let s = 0; s < I.length; s++) {
    const eta = ((betaStar / M) * I[s]) / (alpha * Math.sqrt(d));
    const [g, c] = Math.abs(eta) < 1 ? discreteStep(out.gamma[s], out.c[s], eta) : [NaN, NaN];
    out.t.push(s + 1);
    out.gamma.push(g);
    out.c.push(c);
  }
  return out;
}

/** The exact infinite-M, infinite-N trajectory of gradient descent, step by step (docs/design.md §4). */
export interface DiscreteClock {
  /** Steps 0..T. */
  t: number[];
  /** γ_t: γ_{t+1} = γ_t + artanh η_t, γ_0 = 0. */
  gamma: number[];
  /** c_t: c_{t+1} = c_t √(1 − η_t²), c_0 = 1; node parameters carry one factor c_t, the mean output c_t². */
  c: number[];
  /** η_t = β I_δ(H_t) / (α √d), H_t = 2h√d / (α c_t² sinh 2γ_t): the step-t multiplier [[1, η], [η, 1]]. */
  eta: number[];
}

/**
 * Discrete gradient-descent clock: one step multiplies (a, w∥) by [[1, η], [η, 1]] = √(1−η²) × the
 * hyperbolic rotation by artanh η. Throws if a step diverges (|η| ≥ 1: β* too large).
 */
export function clockDiscrete(p: ModelParams, steps: number): DiscreteClock {
  const q = checkParams(p);
  checkInteger("steps", steps, 0);
  if (steps > MAX_DISCRETE_STEPS)
    throw new ParameterError(
      "steps",
      `an integer in [0, ${MAX_DISCRETE_STEPS}] (four arrays of steps + 1 numbers)`,
      steps,
    );
  const eta0 = rate(0, q, 1);
  if (eta0 >= 1) {
    const limit = (q.M * q.alpha * Math.sqrt(q.d)) / initialDrive(q) / (1 - 2 * q.delta);
    throw new ParameterError(
      "betaStar",
      `< ${limit.toPrecision(6)} (the first step's η = β I/(α√d) must be < 1)`,
      q.betaStar,
    );
  }
  const out: DiscreteClock = { t: [0], gamma: [0], c: [1], eta: [] };
  let g = 0;
  let c = 1;
  for (let s = 0; s < steps; s++) {
    const eta = rate(g, q, c);
    out.eta.push(eta);
    [g, c] = discreteStep(g, c, eta);
    out.t.push(s + 1);
    out.gamma.push(g);
    out.c.push(c);
  }
  out.eta.push(rate(g, q, c));
  return out;
}

/** Early-time asymptote, H = ∞: γ ≈ β I_δ(∞) t / (α √d); for Gaussian data β t / (α √(2π d)). */
export function clockEarly(t: number, p: ModelParams): number {
  checkNonNegative("t", t);
  return rate(0, checkParams(p), 1) * t;
}

/**
 * Late-time asymptote (H ≪ 1, δ = 0): γ ≈ ¼ log t + ¼ log(64 β k h² √d / α³), where I ≈ k H².
 * Gaussian data: k = 1/(2√(2π)), giving the design's ¼ log(32 β h² √d / (α³ √(2π))).
 * Sphere data: k = (d−1)/2 · S_{d−2}/((d−1) S_{d−1}). No fit: the constant comes from the theory.
 */
export function clockLate(t: number, p: ModelParams): number {
  const q = checkParams(p);
  checkNonNegative("t", t);
  if (q.delta !== 0)
    throw new ParameterError("delta", "0 (with mislabeling the clock saturates; no log t regime)", q.delta);
  const k = q.task === "sphere" ? ((q.d - 1) / 2) * initialDrive(q) : 1 / (2 * Math.sqrt(2 * Math.PI));
  const K = (64 * meanFieldRate(q) * k * q.h * q.h * Math.sqrt(q.d)) / q.alpha ** 3;
  return 0.25 * Math.log(t) + 0.25 * Math.log(K);
}

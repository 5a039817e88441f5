/**
 * The theory's quantities at chosen times: what the CLI prints, the notebooks tabulate and the runs are compared with.
 */
import { checkInteger } from "../validate";
import { clock, clockDiscrete, clockEarly, clockLate } from "./clock";
import { drivesAtClock } from "./drive";
import { checkParams, type ModelParams } from "./params";

export interface TheoryRow {
  /** Time in gradient-descent steps. */
  t: number;
  /** Clock γ(t), main (13)/(14). */
  gamma: number;
  /** Threshold H(t) = 2h√d/(α sinh 2γ). */
  H: number;
  /** Parallel drive I(t) (I_δ with mislabeling, SM (23)). */
  I: number;
  /** Unsatisfied fraction f_U(t) (f_U,δ with mislabeling). */
  fU: number;
  /** J(t)/√N, the expected perpendicular drive at N examples, SM (22)/(24); only when N is given. */
  JoverSqrtN?: number;
  /** Discrete gradient-descent clock γ_t and shrink factor c_t (docs/design.md §4); only with `discrete`. */
  gammaDiscrete?: number;
  c?: number;
}

export interface TheoryTableOptions {
  /** Training-set size N: adds J(t)/√N. */
  N?: number;
  /** Adds the discrete-step clock γ_t and c_t (times must be integers). */
  discrete?: boolean;
}

/** γ, H, I, f_U (J/√N with `N`, the discrete clock with `discrete`) at each time, on the continuous clock. */
export function theoryTable(p: ModelParams, times: readonly number[], o: TheoryTableOptions = {}): TheoryRow[] {
  const q = checkParams(p);
  const { N } = o;
  if (N !== undefined) checkInteger("N", N, 1);
  if (o.discrete) times.forEach((t, i) => checkInteger(`times[${i}]`, t, 0));
  const { gamma } = clock(q, times);
  const disc = o.discrete ? clockDiscrete(q, Math.max(0, ...times)) : undefined;
  return times.map((t, i) => {
    const { H, I, fU, J } = drivesAtClock(gamma[i], q);
    const row: TheoryRow = { t, gamma: gamma[i], H, I, fU };
    if (N !== undefined) row.JoverSqrtN = J / Math.sqrt(N);
    if (disc) {
      row.gammaDiscrete = disc.gamma[t];
      row.c = disc.c[t];
    }
    return row;
  });
}

/** The theory at every step 0..T on the exact discrete clock: what a run's per-step records are compared with. */
export interface StepDrives {
  t: number[];
  gamma: number[];
  c: number[];
  H: number[];
  I: number[];
  fU: number[];
  /** J/√N at the run's N. */
  JoverSqrtN: number[];
}

export function stepDrives(p: ModelParams, T: number, N: number): StepDrives {
  const q = checkParams(p);
  checkInteger("N", N, 1);
  const disc = clockDiscrete(q, T);
  const drives = disc.gamma.map((g, t) => drivesAtClock(g, q, disc.c[t]));
  return {
    t: disc.t,
    gamma: disc.gamma,
    c: disc.c,
    H: drives.map((r) => r.H),
    I: drives.map((r) => r.I),
    fU: drives.map((r) => r.fU),
    JoverSqrtN: drives.map((r) => r.J / Math.sqrt(N)),
  };
}

/** n log-spaced integer times from 1 to tMax (distinct, increasing), with t = 0 first. */
export function logTimes(tMax: number, n: number): number[] {
  checkInteger("tMax", tMax, 1);
  checkInteger("n", n, 2);
  const out = new Set<number>([0]);
  for (let k = 0; k < n; k++) out.add(Math.round(Math.exp((Math.log(tMax) * k) / (n - 1))));
  return [...out].sort((a, b) => a - b);
}

/** γ four ways at chosen integer times: the Fig. 1c curves. */
export interface ClockCurves {
  /** The data the clock is for: Gaussian inputs (main (13)) or the sphere (main (14)). */
  task: ModelParams["task"];
  t: number[];
  /** Continuous-time clock, main (13). */
  continuous: number[];
  /** Exact discrete gradient-descent clock γ_t (docs/design.md §4). */
  discrete: number[];
  /** Discrete shrink factor c_t of the node parameters. */
  c: number[];
  /** Early asymptote β t/(α√(2πd)). */
  early: number[];
  /** Late asymptote ¼ log t + const (δ = 0 only; NaN otherwise). */
  late: number[];
}

/** The clock curves at the given integer times. */
export function clockCurvesAt(p: ModelParams, times: readonly number[]): ClockCurves {
  const q = checkParams(p);
  times.forEach((t, i) => checkInteger(`times[${i}]`, t, 0));
  const disc = clockDiscrete(q, Math.max(0, ...times));
  return {
    task: q.task,
    t: [...times],
    continuous: clock(q, times).gamma,
    discrete: times.map((s) => disc.gamma[s]),
    c: times.map((s) => disc.c[s]),
    early: times.map((s) => clockEarly(s, q)),
    late: times.map((s) => (q.delta === 0 && s > 0 ? clockLate(s, q) : NaN)),
  };
}

/** The clock curves at about n log-spaced integer times in [1, tMax]. */
export function clockCurves(p: ModelParams, tMax: number, n = 120): ClockCurves {
  return clockCurvesAt(
    p,
    logTimes(tMax, n).filter((v) => v > 0),
  );
}

/**
 * Where finite N takes over, SM 1.3: the first step t ≤ tMax at which the parallel drive I(H_t) has fallen to
 * the perpendicular noise J(t)/√N (discrete clock); NaN if it has not by tMax.
 */
export function noiseCrossing(p: ModelParams, N: number, tMax: number): number {
  const th = stepDrives(p, tMax, N);
  const t = th.I.findIndex((I, s) => s > 0 && I <= th.JoverSqrtN[s]);
  return t < 0 ? NaN : t;
}

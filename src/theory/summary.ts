/** The theory's quantities at chosen times, as rows: what the CLI prints and the notebooks tabulate. */
import { checkInteger } from "../validate";
import { clock, clockDiscrete, clockEarly, clockLate } from "./clock";
import { drive, driveMislabeled, perpendicularDrive, thresholdH, unsatisfied, unsatisfiedMislabeled } from "./drive";
import { checkClockParams, type ClockParams } from "./params";

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
  /** Discrete gradient-descent clock γ_t and shrink factor c_t (DESIGN.md section 3); only with `discrete`. */
  gammaDiscrete?: number;
  c?: number;
}

export interface TheoryTableOptions {
  /** Training-set size N: adds J(t)/√N. */
  N?: number;
  /** Adds the discrete-step clock γ_t and c_t (times must be integers). */
  discrete?: boolean;
}

/** γ, H, I, f_U (J/√N with `N`, the discrete clock with `discrete`) at each time. */
export function theoryTable(p: ClockParams, times: readonly number[], o: TheoryTableOptions = {}): TheoryRow[] {
  const q = checkClockParams(p);
  const { N } = o;
  if (N !== undefined) checkInteger("N", N, 1);
  if (o.discrete) times.forEach((t, i) => checkInteger(`times[${i}]`, t, 0));
  const { gamma } = clock(q, times);
  const disc = o.discrete ? clockDiscrete(q, Math.max(0, ...times)) : undefined;
  return times.map((t, i) => {
    const H = thresholdH(gamma[i], q.d, q.alpha, q.h);
    const row: TheoryRow = {
      t,
      gamma: gamma[i],
      H,
      I: q.delta > 0 ? driveMislabeled(H, q.delta, q.d, q.data) : drive(H, q.d, q.data),
      fU: q.delta > 0 ? unsatisfiedMislabeled(H, q.delta, q.d, q.data) : unsatisfied(H, q.d, q.data),
    };
    if (N !== undefined) row.JoverSqrtN = perpendicularDrive(H, q.d, q.delta, q.data) / Math.sqrt(N);
    if (disc) {
      row.gammaDiscrete = disc.gamma[t];
      row.c = disc.c[t];
    }
    return row;
  });
}

/** n log-spaced integer times from 1 to tMax (distinct, increasing), with t = 0 first. */
export function logTimes(tMax: number, n: number): number[] {
  checkInteger("tMax", tMax, 1);
  checkInteger("n", n, 2);
  const out = new Set<number>([0]);
  for (let k = 0; k < n; k++) out.add(Math.round(Math.exp((Math.log(tMax) * k) / (n - 1))));
  return [...out].sort((a, b) => a - b);
}

/** γ(t) four ways on a log-spaced grid: the Fig. 1c curves. */
export interface ClockCurves {
  t: number[];
  /** Continuous-time clock, main (13). */
  continuous: number[];
  /** Exact discrete gradient-descent clock γ_t (DESIGN.md section 3). */
  discrete: number[];
  /** Discrete shrink factor c_t of the node parameters. */
  c: number[];
  /** Early asymptote β t/(α√(2πd)). */
  early: number[];
  /** Late asymptote ¼ log t + const (δ = 0 only; NaN otherwise). */
  late: number[];
}

/** Evaluates the clock curves at about n log-spaced integer times in [1, tMax]. */
export function clockCurves(p: ClockParams, tMax: number, n = 120): ClockCurves {
  const q = checkClockParams(p);
  const t = logTimes(tMax, n).filter((v) => v > 0);
  const disc = clockDiscrete(q, tMax);
  return {
    t,
    continuous: clock(q, t).gamma,
    discrete: t.map((s) => disc.gamma[s]),
    c: t.map((s) => disc.c[s]),
    early: t.map((s) => clockEarly(s, q)),
    late: t.map((s) => (q.delta === 0 ? clockLate(s, q) : NaN)),
  };
}

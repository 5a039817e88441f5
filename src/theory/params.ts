/** The paper's parameters, declared once (docs/design.md §2), and their validation. */
import { DEFAULTS } from "../defaults";
import { checkAbove, checkInteger, checkOneOf, checkRange, ParameterError } from "../validate";

/** Input distributions the theory covers: Gaussian N(0, I_d), or uniform on the unit sphere S^{d−1}. */
export type DataKind = "gaussian" | "sphere";
export const DATA_KINDS: readonly DataKind[] = ["gaussian", "sphere"];

/**
 * The task and the network of the paper: what the theory needs, and what every training config, preset
 * and run record carries under the same names.
 */
export interface ModelParams {
  /** Input distribution; default "gaussian". */
  task?: DataKind;
  /** Input dimension d; integer >= 2. */
  d: number;
  /** Number of hidden nodes M; integer >= 1. Enters the theory only through β = β* / M. */
  M: number;
  /** Output scale α of the loss relu(h − y α F)/α²; > 0. */
  alpha: number;
  /** Hinge threshold h; > 0. */
  h: number;
  /** Gradient-descent learning rate β* (the authors' `lr`; 1000 in every figure); > 0. */
  betaStar: number;
  /** Fraction δ of mislabeled training examples, in [0, 0.5); default 0. */
  delta?: number;
}

/** ModelParams validated, with the defaults filled in: what the theory's inner functions take unchecked. */
export type CheckedParams = Readonly<Required<ModelParams>>;

/** The range of α and h over which H = 2h√d / (α c² sinh 2γ), γ and the drives stay float64 numbers. */
export const SCALE_RANGE: readonly [number, number] = [1e-100, 1e100];

function checkScale(name: string, v: number): number {
  const [lo, hi] = SCALE_RANGE;
  if (typeof v !== "number" || !(v >= lo && v <= hi))
    throw new ParameterError(
      name,
      `a number in [${lo}, ${hi}] (beyond it H = 2h√d/(α sinh 2γ) or the drives leave float64's range)`,
      v,
    );
  return v;
}

/** The task's range (absent: the default), written once: the theory, the trainer and the data check it here. */
export function checkTask(task: DataKind | undefined): DataKind {
  return checkOneOf("task", task ?? DEFAULTS.task, DATA_KINDS);
}

/** The input dimension's range, written once. */
export function checkDimension(d: number): number {
  return checkInteger("d", d, 2);
}

/** The mislabeled fraction's range (absent: the default), written once. */
export function checkDelta(delta: number | undefined): number {
  return checkRange("delta", delta ?? DEFAULTS.delta, 0, 0.5);
}

/** Validates once, at the boundary; throws a ParameterError naming the first bad parameter. */
export function checkParams(p: ModelParams): CheckedParams {
  if (p === null || typeof p !== "object")
    throw new ParameterError("params", "a ModelParams object { d, M, alpha, h, betaStar } (e.g. DEFAULTS)", p);
  return {
    task: checkTask(p.task),
    d: checkDimension(p.d),
    M: checkInteger("M", p.M, 1),
    alpha: checkScale("alpha", p.alpha),
    h: checkScale("h", p.h),
    betaStar: checkAbove("betaStar", p.betaStar, 0),
    delta: checkDelta(p.delta),
  };
}

/** The mean-field rate β = β* / M (docs/design.md §2). */
export function meanFieldRate(p: Pick<ModelParams, "betaStar" | "M">): number {
  return p.betaStar / p.M;
}

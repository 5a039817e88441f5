/** The paper's parameters, declared once (DESIGN.md section 2), and their validation. */
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

/** Validates once, at the boundary; throws a ParameterError naming the first bad parameter. */
export function checkParams(p: ModelParams): CheckedParams {
  if (p === null || typeof p !== "object")
    throw new ParameterError("params", "a ModelParams object { d, M, alpha, h, betaStar } (e.g. DEFAULTS)", p);
  return {
    task: checkOneOf("task", p.task ?? DEFAULTS.task, DATA_KINDS),
    d: checkInteger("d", p.d, 2),
    M: checkInteger("M", p.M, 1),
    alpha: checkScale("alpha", p.alpha),
    h: checkScale("h", p.h),
    betaStar: checkAbove("betaStar", p.betaStar, 0),
    delta: checkRange("delta", p.delta ?? DEFAULTS.delta, 0, 0.5),
  };
}

/** The mean-field rate β = β* / M (DESIGN.md section 2). */
export function meanFieldRate(p: Pick<ModelParams, "betaStar" | "M">): number {
  return p.betaStar / p.M;
}

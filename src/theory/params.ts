/** The physical parameters of the theory and their validation. */
import { checkAbove, checkInteger, checkOneOf, checkRange } from "../validate";

/** Input distributions the theory covers: Gaussian N(0, I_d), or uniform on the unit sphere S^{d−1}. */
export type DataKind = "gaussian" | "sphere";
export const DATA_KINDS: readonly DataKind[] = ["gaussian", "sphere"];

/** Parameters of the mean-field clock. */
export interface ClockParams {
  /** Input dimension d; integer >= 2. */
  d: number;
  /** Number of hidden nodes M; integer >= 1. Enters only through β = β* / M. */
  M: number;
  /** Output scale α of the loss relu(h − y α F)/α²; > 0. */
  alpha: number;
  /** Hinge threshold h; > 0. */
  h: number;
  /** Gradient-descent learning rate β* (the authors' `lr`; 1000 in every figure); > 0. */
  betaStar: number;
  /** Fraction δ of mislabeled training examples, in [0, 0.5); default 0. */
  delta?: number;
  /** Input distribution; default "gaussian". */
  data?: DataKind;
}

/** Validates and fills defaults; throws naming the first bad parameter. */
export function checkClockParams(p: ClockParams): Required<ClockParams> {
  checkInteger("d", p.d, 2);
  checkInteger("M", p.M, 1);
  checkAbove("alpha", p.alpha, 0);
  checkAbove("h", p.h, 0);
  checkAbove("betaStar", p.betaStar, 0);
  const delta = p.delta ?? 0;
  checkRange("delta", delta, 0, 0.5);
  const data = checkOneOf("data", p.data ?? "gaussian", DATA_KINDS);
  return { ...p, delta, data };
}

/** The mean-field rate β = β* / M (DESIGN.md section 2). */
export function meanFieldRate(p: Pick<ClockParams, "betaStar" | "M">): number {
  return p.betaStar / p.M;
}

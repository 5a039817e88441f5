/** Finite-M fluctuations of the output, SM (16)-(20). */
import { checkAbove, checkNonNegative, checkRange } from "../validate";
import { checkParams, type CheckedParams, type ModelParams } from "./params";

/** A test example as SM (19) sees it: its squared norm and the cosine of its angle with ŵ*. */
export interface ExampleGeometry {
  /** |x|². */
  norm2: number;
  /** cos θ = x∥/|x|, in [−1, 1]. */
  cosTheta: number;
}

/**
 * Per-node output variance, SM (19): σ_f² = |x|²/(4d) [(5C² − 2C − 3) cos²θ + 2C], C = cosh 2γ,
 * θ the angle between x and ŵ*. The network output (a mean over M nodes) has spread σ_f/√M.
 * With the discrete-step factor c (docs/design.md §4: (a, w∥) carry c, w⊥ does not), the same
 * Gaussian integrals (SM (16)-(18)) give σ_f² = |x|²/(4d) [c⁴(2C² + 3S²) cos²θ + 2c²C sin²θ], S = sinh 2γ,
 * which is SM (19) at c = 1. Grows like e^{4γ}: Infinity only where the true value exceeds float64.
 */
export function outputVariancePerNode(x: ExampleGeometry, gamma: number, p: ModelParams, c = 1): number {
  checkNonNegative("x.norm2", x.norm2);
  const cosTheta = checkRange("x.cosTheta", x.cosTheta, -1, 1, true);
  checkNonNegative("gamma", gamma);
  checkRange("c", c, 0, 1, true);
  const { d } = checkParams(p);
  const C = Math.cosh(2 * gamma);
  const S = Math.sinh(2 * gamma);
  const cos2 = cosTheta * cosTheta;
  const c2 = c * c;
  return (x.norm2 / (4 * d)) * (c2 * c2 * (2 * C * C + 3 * S * S) * cos2 + 2 * c2 * C * (1 - cos2));
}

/** Spread of the network output at finite M, SM (19): σ_f / √M (c: the discrete-step factor, default 1). */
export function outputSpread(x: ExampleGeometry, gamma: number, p: ModelParams, c = 1): number {
  return Math.sqrt(outputVariancePerNode(x, gamma, p, c) / p.M);
}

/** The finite-M band of Fig. 1d, SM (20). */
export interface SatisfactionBand {
  /** x∥₋: where mean + σ reaches h/α (examples above it may already be satisfied). 0 if σ alone reaches it. */
  lower: number;
  /** x∥₊: where mean − σ reaches h/α (examples above it are satisfied). Infinity while the band is unbounded. */
  upper: number;
}

/**
 * SM (20): solves h/α = c² sinh(2γ) x∥/(2√d) ± √(σ_k² x∥² + σ_0²), with σ_k² = c⁴(5C² − 3)/(4dM) and
 * σ_0² = (d − 1) c² C/(2dM), C = cosh 2γ (|x|² ≈ x∥² + d − 1 at given x∥; the c-dependence is SM (19)
 * with the discrete-step factor, see outputVariancePerNode). `c` = 1 is the paper's continuous time.
 * Computed scaled by 1/(c² sinh 2γ)² so that it stays finite for any γ.
 */
export function satisfactionBand(gamma: number, p: ModelParams, c = 1): SatisfactionBand {
  checkNonNegative("gamma", gamma);
  checkRange("c", c, 0, 1, true);
  checkAbove("c", c, 0);
  return bandOf(gamma, checkParams(p), c);
}

/** satisfactionBand for checked parameters (loops over many times: no validation). */
export function bandOf(gamma: number, p: CheckedParams, c: number): SatisfactionBand {
  const { d, M } = p;
  const c2 = c * c;
  const u = p.h / p.alpha / c2; // the threshold over c²
  const s = Math.sinh(2 * gamma);
  const q0 = (d - 1) / (2 * d * M); // σ_0² = q0 · c² C
  if (s === 0) {
    // γ = 0: the mean output vanishes; only the fluctuation can reach the threshold.
    const sk2 = 2 / (4 * d * M);
    const disc = u * u - q0 / c2;
    return { lower: disc > 0 ? Math.sqrt(disc / sk2) : 0, upper: Infinity };
  }
  // Scaled by 1/(c² s)²: A² − σ_k² → 1/(4d) − k, k = (5 coth² − 3/s²)/(4dM), and σ_0²/(c⁴s²) = q0 coth/(s c²).
  const r = 1 / s; // 0 once sinh overflows
  const coth = 1 / Math.tanh(2 * gamma);
  const k = (5 * coth * coth - 3 * r * r) / (4 * d * M);
  const denom = 1 / (4 * d) - k;
  const b = (u * r) / (2 * Math.sqrt(d));
  const sig0 = (q0 * coth * r) / c2;
  const disc = k * u * u * r * r + sig0 * (1 / (4 * d) - k);
  const root = Math.sqrt(Math.max(disc, 0));
  // Product of the roots = (h²/α² − σ_0²)/(A² − σ_k²): the smaller root without cancellation.
  const cTerm = u * u * r * r - sig0;
  const lower = b + root > 0 ? Math.max(0, cTerm / (b + root)) : 0; // b + root = 0 only once sinh overflows
  const upper = denom > 0 ? (b + root) / denom : Infinity;
  return { lower, upper };
}

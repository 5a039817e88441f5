/** Every tolerance the tests use, with why it is what it is. */
export const TOL = {
  /** Closed forms against composite Simpson / Gauss–Legendre quadrature of their defining integrals. */
  quadrature: 1e-9,
  /** Adaptive clock against the independent quadrature t(γ) = ∫ dg / γ̇(g) (solver tolerance 1e-11 per step). */
  clock: 1e-7,
  /** Monte Carlo: an estimate with standard error σ passes within this many σ (false alarm ~ 6e-5 per check). */
  sigmas: 4,
  /** float32 TensorFlow.js against float64 references: relative to the largest component. */
  float32: 2e-3,
  /**
   * Two float32 engines (or float32 and float64) over hundreds of steps: examples parked on the margin flip with the
   * rounding and the runs part slightly; fractions of examples, and parameters relative to the largest.
   */
  marginFlips: 0.01,
  afterFlips: 0.1,
  /** Algebraic identities evaluated two ways in float64. */
  algebra: 1e-12,
} as const;

/**
 * A certified upper bound on the spectral norm ‖W P⊥‖₂ of an M×d matrix restricted to the complement of a unit
 * vector u (all of R^d when u is null): the largest singular value, not the Frobenius norm, which for the
 * trainer's weights (i.i.d. N(0, 1) at the start) is about √d / (1 + √(d/M)) times larger (≈ 6.7 at d = 100,
 * M = 400).
 *
 * With G = P⊥ Wᵀ W P⊥ (d×d, positive semi-definite), λ_max(G)^k ≤ tr(G^k) for every k, so
 * ‖W P⊥‖₂ ≤ tr(G^(2^s))^(1/2^(s+1)), at most d^(1/2^(s+1)) times too large (1.07 for d = 100, s = 5). G and its
 * squarings are float64 sums of at most max(M, d) terms: relative errors below 1e-12 of λ_max^(2^s) at these sizes,
 * covered by the final inflation.
 */
const SQUARINGS = 5;
const INFLATION = 1 + 1e-7;

export function spectralNormBound(W: Float32Array, M: number, d: number, u: Float64Array | null): number {
  const G = gram(W, M, d);
  return Math.sqrt(largestEigenvalueBound(u ? projectOut(G, d, u) : G, d));
}

/** WᵀW (d×d) in float64, for W M×d row-major. */
function gram(W: ArrayLike<number>, M: number, d: number): Float64Array {
  const G = new Float64Array(d * d);
  const [r0, r1, r2, r3] = [0, 1, 2, 3].map(() => new Float64Array(d));
  // Four rows at a time: a quarter of the loads and stores of G.
  for (let i = 0; i < M; i += 4) {
    for (let j = 0; j < d; j++) {
      r0[j] = W[i * d + j];
      r1[j] = i + 1 < M ? W[(i + 1) * d + j] : 0;
      r2[j] = i + 2 < M ? W[(i + 2) * d + j] : 0;
      r3[j] = i + 3 < M ? W[(i + 3) * d + j] : 0;
    }
    for (let j = 0; j < d; j++) {
      const [v0, v1, v2, v3] = [r0[j], r1[j], r2[j], r3[j]];
      for (let k = j; k < d; k++) G[j * d + k] += v0 * r0[k] + v1 * r1[k] + v2 * r2[k] + v3 * r3[k];
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) G[j * d + k] = G[k * d + j];
  return G;
}

/**
 * An upper bound on the largest eigenvalue of a symmetric positive semi-definite G (d×d, overwritten):
 * tr(G^(2^s))^(1/2^s), at most d^(1/2^s) times too large.
 */
function largestEigenvalueBound(G: Float64Array, d: number): number {
  // Normalise by the trace before squaring (no overflow): tr(G^(2^s)) = tr(G)^(2^s) tr((G/tr G)^(2^s)).
  let scale = 0;
  for (let j = 0; j < d; j++) scale += G[j * d + j];
  if (scale === 0) return 0;
  if (!Number.isFinite(scale)) return Infinity; // non-finite weights: no bound
  for (let k = 0; k < G.length; k++) G[k] /= scale;
  for (let s = 0; s < SQUARINGS; s++) G = square(G, d);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += G[j * d + j];
  return scale * trace ** (1 / 2 ** SQUARINGS) * INFLATION;
}

/** P⊥ G P⊥ with P⊥ = I − u uᵀ. */
function projectOut(G: Float64Array, d: number, u: Float64Array): Float64Array {
  const Gu = new Float64Array(d);
  for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) Gu[j] += G[j * d + k] * u[k];
  let uGu = 0;
  for (let j = 0; j < d; j++) uGu += u[j] * Gu[j];
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++) out[j * d + k] = G[j * d + k] - u[j] * Gu[k] - Gu[j] * u[k] + u[j] * uGu * u[k];
  return out;
}

/** A², for symmetric A (d×d): entry (j, k) is row j · row k. */
function square(A: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++)
    for (let k = j; k < d; k++) {
      let s0 = 0,
        s1 = 0;
      let l = 0;
      for (; l + 1 < d; l += 2) {
        s0 += A[j * d + l] * A[k * d + l];
        s1 += A[j * d + l + 1] * A[k * d + l + 1];
      }
      if (l < d) s0 += A[j * d + l] * A[k * d + l];
      out[j * d + k] = s0 + s1;
      out[k * d + j] = s0 + s1;
    }
  return out;
}

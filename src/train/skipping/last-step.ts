/**
 * What the per-row check of certificates.ts needs of the last step θ → θ' (docs/design.md §3): the linear part's
 * vector m' (F's linear part is m·x exactly, so a row's linear change since its evaluation is m'·x − m_then·x), and
 * the even part's ΔW term split along the step's main direction q. Gradient descent's step is nearly rank one
 * (ΔW_i = β* a_i SW_i / M with SW summed over the few unsatisfied rows), so with c_i = Δw_i·q and r_i = Δw_i − c_i q,
 *
 *   Σ_i |a_i| |Δw_i·x| ≤ |q·x| Σ_i |a_i| (|c_i| + |r_i·q|) + |a| ‖R‖₂ |x − (q·x) q|,
 *
 * exact for any unit q (r_i·q, zero up to rounding, is carried along). q: power iteration on ΔWᵀΔW from the last
 * step's q (it turns from step to step). ‖R‖_F is replaced by a certified bound on ‖R‖₂ (spectral-norm.ts).
 */
import { gram, largestEigenvalueBound, projectOut } from "./spectral-norm";

/** Relative inflation of float64 sums (as output-drift.ts). */
const SAFETY = 1 + 1e-9;
/** Power iterations per step on ΔWᵀΔW (a better q only tightens the bound; any unit q is valid). */
const ITERATIONS = 8;
/** Squarings of the residual's Gram: its norm at most d^(1/16) (1.33 for d = 100) times too large. */
const RESIDUAL_SQUARINGS = 3;

export interface LastStep {
  /** m(θ') = (1/2M) Σ a'_i w'_i, and the largest |m| so far (the float64 rounding of m·x). */
  m: Float64Array;
  mMax: number;
  /** The unit direction of the split and the two coefficients over 2M: Σ|a_i|(|c_i| + |r_i·q|), |a| ‖R‖_F. */
  q: Float64Array;
  dwAlong: number;
  dwRest: number;
  /** The Δa term over 2M along u and across it: |Δa| |W'u|, |Δa| ‖W'P⊥‖₂. */
  daPar: number;
  daPerp: number;
  /** output-drift.ts's cumulative even-part bound before this step. */
  evenPar: number;
  evenPerp: number;
}

/** m = (1/2M) Σ a_i w_i in float64. */
export function linearPart(a: Float32Array, W: Float32Array, M: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) m[j] += a[i] * W[i * d + j];
  for (let j = 0; j < d; j++) m[j] /= 2 * M;
  return m;
}

/** The ΔW split of the step (a, W) → (·, W2): q and the two coefficients. */
export function lastStep(
  a: Float32Array,
  W: Float32Array,
  W2: Float32Array,
  M: number,
  d: number,
  qPrev?: Float64Array,
): Pick<LastStep, "q" | "dwAlong" | "dwRest"> {
  const dW = new Float64Array(M * d);
  for (let k = 0; k < dW.length; k++) dW[k] = W2[k] - W[k];
  const G = gram(dW, M, d);
  let q = qPrev ? Float64Array.from(qPrev) : new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += G[j * d + k] * q[k];
      next[j] = s;
    }
    if (!(unit(next) > 0)) break;
    q = next;
  }
  unit(q);
  let along = 0,
    a2 = 0;
  for (let i = 0; i < M; i++) {
    let c = 0;
    for (let j = 0; j < d; j++) c += dW[i * d + j] * q[j];
    let rq = 0;
    for (let j = 0; j < d; j++) rq += (dW[i * d + j] - c * q[j]) * q[j];
    along += Math.abs(a[i]) * (Math.abs(c) + Math.abs(rq));
    a2 += a[i] * a[i];
  }
  // ‖R‖₂ for R = ΔW (I − q qᵀ): its Gram is (I − q qᵀ) ΔWᵀΔW (I − q qᵀ); the residual's spectrum is flat (about 0.06
  // of ‖ΔW‖_F per direction on SM Fig. 2's plateau, against 0.28 for its Frobenius norm).
  const rest = Math.sqrt(largestEigenvalueBound(projectOut(G, d, q), d, RESIDUAL_SQUARINGS));
  return { q, dwAlong: (along * SAFETY) / (2 * M), dwRest: (Math.sqrt(a2) * rest * SAFETY) / (2 * M) };
}

/** Scales v to unit length in place; returns its former length. */
function unit(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  const n = Math.sqrt(s);
  if (n > 0) for (let j = 0; j < v.length; j++) v[j] /= n;
  return n;
}

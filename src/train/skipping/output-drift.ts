/**
 * How far the network output can have moved since a row was last evaluated: a certified bound,
 * accumulated step by step in the parent, that lets the shards skip rows whose result cannot have
 * changed (exact row skipping).
 *
 * With relu(z) = (z + |z|)/2, F(x) = m·x + (1/2M) Σ_i a_i |w_i·x| (x = the scaled input x/√d, m =
 * (1/2M) Σ_i a_i w_i). One step θ → θ' moves the linear part by exactly Δm·x, and the even part by
 * at most (1/2M)(|Δa| |W'x| + |a| |ΔW x|) (Cauchy–Schwarz over the nodes and ||p| − |q|| ≤ |p − q|).
 * Splitting x = x∥ u + x⊥ along a unit vector u (ŵ* when known) and |A x| ≤ |x∥| |A u| + ‖A P⊥‖₂ |x⊥|:
 *
 *   |F'(x) − F(x)| ≤ |x∥| B∥ + |x⊥| B⊥,
 *   B∥ = |Δm·u| + (|Δa| |W'u| + |a| |ΔW u|)/(2M),   B⊥ = |P⊥Δm| + (|Δa| ‖W'P⊥‖₂ + |a| ‖ΔW P⊥‖_F)/(2M).
 *
 * ‖W'P⊥‖₂: a certified bound (spectral-norm.ts) at a reference step plus the Frobenius norms of the steps since
 * (triangle inequality), recomputed every REFRESH steps; about 6.7 times below the Frobenius norm for i.i.d. weights
 * at d = 100, M = 400 (for d > SPECTRAL_MAX_D, where its d³ cost is not repaid, the Frobenius norm). ‖ΔW P⊥‖ stays
 * Frobenius: a step is nearly rank one, the two norms nearly equal.
 *
 * The mean-field motion is along u and in the linear part, so the bound is tight where it matters.
 * Float32 rounding: a float32 forward pass computes F with error at most (M + d + 8)·2⁻²⁴·|x|·P,
 * P = (1/M) Σ |a_i| |w_i| (and the same for the stored initial output), which `round` covers.
 */

import { spectralNormBound } from "./spectral-norm";

/**
 * The cumulative bound since the start of training, in units of F per unit of |x∥| and |x⊥|, and the rounding allowance
 * per unit |x|.
 */
export interface Drift {
  par: number;
  perp: number;
  round: number;
}

/** Relative inflation of every float64 sum, far above its own rounding (~1e-16 per operation). */
const SAFETY = 1 + 1e-9;
/** Steps between two certified spectral norms of W'P⊥ (at d = 100, M = 400 one costs about 60 of add()'s loops). */
const REFRESH = 32;
/** Above this input dimension the d³ squarings cost more than they save: ‖W'P⊥‖_F is used instead. */
const SPECTRAL_MAX_D = 256;

export class OutputDrift {
  private par = 0;
  private perp = 0;
  private readonly p0: number;
  private pMax: number;
  private readonly kappa: number;
  /** ‖W P⊥‖₂ ≤ spectral + stepsSince: the certified norm at the last refresh plus the steps' Frobenius norms. */
  private spectral: number;
  private stepsSince = 0;
  private sinceRefresh = 0;

  /** `u`: unit vector along which inputs are split (null: no split, everything counts as perpendicular). */
  private readonly u: Float64Array | null;
  private readonly M: number;
  private readonly d: number;

  /** a0, W0: the parameters at t = 0. */
  constructor(o: { u: Float64Array | null; M: number; d: number; a0: Float32Array; W0: Float32Array }) {
    ({ u: this.u, M: this.M, d: this.d } = o);
    this.p0 = this.scale(o.a0, o.W0);
    this.pMax = this.p0;
    this.kappa = (o.M + o.d + 8) * 2 ** -24;
    this.spectral = o.d <= SPECTRAL_MAX_D ? spectralNormBound(o.W0, o.M, o.d, o.u) : Infinity;
  }

  get state(): Drift {
    // Evaluation-time and current-time errors of the float32 forward pass, and those of the stored f(θ0).
    return { par: this.par, perp: this.perp, round: 2 * this.kappa * (this.pMax + this.p0) * SAFETY };
  }

  /** Adds one step from (a, W) to (a2, W2) (M and M×d row-major). */
  add(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array): void {
    const { M, d, u } = this;
    const dm = new Float64Array(d);
    let da2 = 0,
      a2sum = 0,
      w2u2 = 0,
      w2perp2 = 0,
      dwu2 = 0,
      dwperp2 = 0;
    for (let i = 0; i < M; i++) {
      const ai = a[i],
        bi = a2[i];
      let wu = 0,
        w2 = 0,
        du = 0,
        dw2 = 0;
      for (let j = 0; j < d; j++) {
        const w = W[i * d + j],
          v = W2[i * d + j],
          dv = v - w;
        dm[j] += bi * v - ai * w;
        w2 += v * v;
        dw2 += dv * dv;
        if (u) {
          wu += v * u[j];
          du += dv * u[j];
        }
      }
      da2 += (bi - ai) ** 2;
      a2sum += ai * ai;
      w2u2 += wu * wu;
      w2perp2 += Math.max(0, w2 - wu * wu);
      dwu2 += du * du;
      dwperp2 += Math.max(0, dw2 - du * du);
    }
    let dmu = 0,
      dm2 = 0;
    for (let j = 0; j < d; j++) {
      dm[j] /= 2 * M;
      dm2 += dm[j] * dm[j];
      if (u) dmu += dm[j] * u[j];
    }
    const [nda, na] = [Math.sqrt(da2), Math.sqrt(a2sum)];
    const par = Math.abs(dmu) + (nda * Math.sqrt(w2u2) + na * Math.sqrt(dwu2)) / (2 * M);
    // Cancellation in |v|² − (v·u)² is ~1e-16 |v|²: the tiny absolute terms cover it.
    const stepPerp = Math.sqrt(dwperp2 + 1e-12 * (dwperp2 + dwu2));
    const wPerp = Math.min(Math.sqrt(w2perp2 + 1e-12 * (w2perp2 + w2u2)), this.spectralAfter(stepPerp, W2));
    const perp = Math.sqrt(Math.max(0, dm2 - dmu * dmu) + 1e-12 * dm2) + (nda * wPerp + na * stepPerp) / (2 * M);
    this.par += par * SAFETY;
    this.perp += perp * SAFETY;
    this.pMax = Math.max(this.pMax, this.scale(a2, W2));
  }

  /** A certified bound on ‖W2 P⊥‖₂, W2 = W + ΔW with ‖ΔW P⊥‖_F ≤ stepPerp (recomputed every REFRESH steps). */
  private spectralAfter(stepPerp: number, W2: Float32Array): number {
    if (this.d > SPECTRAL_MAX_D) return Infinity;
    if (++this.sinceRefresh >= REFRESH) {
      this.spectral = spectralNormBound(W2, this.M, this.d, this.u);
      this.stepsSince = 0;
      this.sinceRefresh = 0;
    } else this.stepsSince += stepPerp;
    return (this.spectral + this.stepsSince) * SAFETY;
  }

  /** P = (1/M) Σ |a_i| |w_i|: |F(x)| ≤ P |x|. */
  private scale(a: Float32Array, W: Float32Array): number {
    const { M, d } = this;
    let s = 0;
    for (let i = 0; i < M; i++) {
      let w2 = 0;
      for (let j = 0; j < d; j++) w2 += W[i * d + j] ** 2;
      s += Math.abs(a[i]) * Math.sqrt(w2);
    }
    return (s / M) * SAFETY;
  }
}

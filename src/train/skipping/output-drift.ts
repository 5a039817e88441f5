/**
 * How far the network output can have moved since a row was last evaluated: a certified bound,
 * accumulated step by step in the parent, that lets the shards skip rows whose result cannot have
 * changed (exact row skipping).
 *
 * With relu(z) = (z + |z|)/2, F(x) = m·x + (1/2M) Σ_i a_i |w_i·x| (x = the scaled input x/√d, m =
 * (1/2M) Σ_i a_i w_i). A move θ → θ' (one step, or from a checkpoint) moves the linear part by exactly Δm·x,
 * and the even part by at most (1/2M)(|Δa| |W'x| + |a| |ΔW x|) (Cauchy–Schwarz over the nodes and
 * ||p| − |q|| ≤ |p − q|).
 * Splitting x = x∥ u + x⊥ along a unit vector u (ŵ* when known) and |A x| ≤ |x∥| |A u| + ‖A P⊥‖₂ |x⊥|:
 *
 *   |F'(x) − F(x)| ≤ |x∥| B∥ + |x⊥| B⊥,
 *   B∥ = |Δm·u| + (|Δa| |W'u| + |a| |ΔW u|)/(2M),   B⊥ = |P⊥Δm| + (|Δa| ‖W'P⊥‖₂ + |a| ‖ΔW P⊥‖_F)/(2M).
 *
 * ‖W'P⊥‖₂: a certified bound (spectral-norm.ts) at the last checkpoint plus ‖(W' − W(c)) P⊥‖_F (triangle
 * inequality), recomputed at every checkpoint; about 6.7 times below the Frobenius norm for i.i.d. weights
 * at d = 100, M = 400 (for d > SPECTRAL_MAX_D, where its d³ cost is not repaid, the Frobenius norm). ‖ΔW P⊥‖ stays
 * Frobenius: a step is nearly rank one, the two norms nearly equal.
 *
 * The mean-field motion is along u and in the linear part, so the bound is tight where it matters.
 * Float32 rounding: a float32 forward pass computes F with error at most (M + d + 8)·2⁻²⁴·|x|·P,
 * P = (1/M) Σ |a_i| |w_i| (and the same for the stored initial output), which `round` covers.
 *
 * Two bounds are kept, and a row is skipped while either holds (certificates.ts):
 * - summed: C(t) = Σ of the per-step bounds since the start; a row evaluated at s is covered by C(t) − C(s).
 * - checkpointed: the same bound taken straight from a kept θ(c) to θ(t), D(t, c), with a new checkpoint every
 *   HOP steps. H(c) sums D over the checkpoints before c; a row evaluated at s records H(c_s) − D(s, c_s) and is
 *   covered by H(c_t) + D(t, c_t) minus that (the triangle inequality through c_s, the checkpoints between, c_t).
 *   Where gradient descent oscillates (SM Fig. 2's plateau: mislabeled rows pull the step back and forth) D over
 *   16 steps is 6–10 times below the sum of its steps (docs/design.md §3); the summed bound stays the tighter one
 *   over a step or two.
 */

import { spectralNormBound } from "./spectral-norm";

/**
 * The bounds a shard needs at one step, in units of F per unit of |x∥| and |x⊥|: the summed bound (par, perp),
 * the checkpointed bound (hopPar, hopPerp) and what a row evaluated now records for it (hopBasePar, hopBasePerp);
 * and the rounding allowance per unit |x|.
 */
export interface Drift {
  par: number;
  perp: number;
  hopPar: number;
  hopPerp: number;
  hopBasePar: number;
  hopBasePerp: number;
  round: number;
}

/** Relative inflation of every float64 sum, far above its own rounding (~1e-16 per operation). */
const SAFETY = 1 + 1e-9;
/**
 * Steps between two checkpoints; each also refreshes the certified ‖W P⊥‖₂ (at d = 100, M = 400 one costs 6.6 ms,
 * add() without it about 0.35 ms a step).
 */
const HOP = 32;
/** Above this input dimension the d³ squarings cost more than they save: ‖W'P⊥‖_F is used instead. */
const SPECTRAL_MAX_D = 256;

/** The sums that bound a move from (a, W) to (a2, W2) (float64; norms, not yet divided by 2M). */
interface Move {
  /** |Δm·u| and |P⊥Δm|, Δm = (1/2M) Σ_i (a2_i w2_i − a_i w_i). */
  dmPar: number;
  dmPerp: number;
  /** |Δa|, |a|. */
  da: number;
  a: number;
  /** |W2 u|, ‖W2 P⊥‖_F, |ΔW u|, ‖ΔW P⊥‖_F. */
  w2Par: number;
  w2Perp: number;
  dwPar: number;
  dwPerp: number;
}

export class OutputDrift {
  private par = 0;
  private perp = 0;
  private readonly p0: number;
  private pMax: number;
  private readonly kappa: number;
  /** The checkpoint θ(c), its certified ‖W(c) P⊥‖₂, the steps since it, H(c), and D(t, c). */
  private readonly ckA: Float32Array;
  private readonly ckW: Float32Array;
  private ckSpectral: number;
  private sinceCk = 0;
  private hPar = 0;
  private hPerp = 0;
  private dPar = 0;
  private dPerp = 0;

  /** `u`: unit vector along which inputs are split (null: no split, everything counts as perpendicular). */
  private readonly u: Float64Array | null;
  private readonly M: number;
  private readonly d: number;

  /** a0, W0: the parameters at t = 0 (copied). */
  constructor(o: { u: Float64Array | null; M: number; d: number; a0: Float32Array; W0: Float32Array }) {
    ({ u: this.u, M: this.M, d: this.d } = o);
    this.p0 = this.scale(o.a0, o.W0);
    this.pMax = this.p0;
    this.kappa = (o.M + o.d + 8) * 2 ** -24;
    this.ckA = o.a0.slice();
    this.ckW = o.W0.slice();
    this.ckSpectral = this.spectral(o.W0);
  }

  get state(): Drift {
    return {
      par: this.par,
      perp: this.perp,
      hopPar: this.hPar + this.dPar,
      hopPerp: this.hPerp + this.dPerp,
      hopBasePar: this.hPar - this.dPar,
      hopBasePerp: this.hPerp - this.dPerp,
      // Evaluation-time and current-time errors of the float32 forward pass, and those of the stored f(θ0).
      round: 2 * this.kappa * (this.pMax + this.p0) * SAFETY,
    };
  }

  /** Adds one step from (a, W) to (a2, W2) (M and M×d row-major). */
  add(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array): void {
    const fromCk = this.move(this.ckA, this.ckW, a2, W2);
    // ‖W2 P⊥‖₂ ≤ ‖W(c) P⊥‖₂ + ‖(W2 − W(c)) P⊥‖_F, or its Frobenius norm (the same in both moves: both end at W2).
    const wPerp = Math.min(fromCk.w2Perp, (this.ckSpectral + fromCk.dwPerp) * SAFETY);
    const step = this.bound(this.move(a, W, a2, W2), wPerp);
    this.par += step.par * SAFETY;
    this.perp += step.perp * SAFETY;
    const direct = this.bound(fromCk, wPerp);
    [this.dPar, this.dPerp] = [direct.par * SAFETY, direct.perp * SAFETY];
    if (++this.sinceCk >= HOP) {
      this.hPar = (this.hPar + this.dPar) * SAFETY;
      this.hPerp = (this.hPerp + this.dPerp) * SAFETY;
      [this.dPar, this.dPerp, this.sinceCk] = [0, 0, 0];
      this.ckA.set(a2);
      this.ckW.set(W2);
      this.ckSpectral = this.spectral(W2);
    }
    this.pMax = Math.max(this.pMax, this.scale(a2, W2));
  }

  /** B∥ and B⊥ of a move (see above), with ‖W2 P⊥‖₂ ≤ wPerp. */
  private bound(m: Move, wPerp: number): { par: number; perp: number } {
    const twoM = 2 * this.M;
    return {
      par: m.dmPar + (m.da * m.w2Par + m.a * m.dwPar) / twoM,
      perp: m.dmPerp + (m.da * wPerp + m.a * m.dwPerp) / twoM,
    };
  }

  private move(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array): Move {
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
    // Cancellation in |v|² − (v·u)² is ~1e-16 |v|²: the tiny absolute terms cover it.
    return {
      dmPar: Math.abs(dmu),
      dmPerp: Math.sqrt(Math.max(0, dm2 - dmu * dmu) + 1e-12 * dm2),
      da: Math.sqrt(da2),
      a: Math.sqrt(a2sum),
      w2Par: Math.sqrt(w2u2),
      w2Perp: Math.sqrt(w2perp2 + 1e-12 * (w2perp2 + w2u2)),
      dwPar: Math.sqrt(dwu2),
      dwPerp: Math.sqrt(dwperp2 + 1e-12 * (dwperp2 + dwu2)),
    };
  }

  /** A certified bound on ‖W P⊥‖₂ (Infinity above SPECTRAL_MAX_D: the Frobenius norm is used instead). */
  private spectral(W: Float32Array): number {
    return this.d <= SPECTRAL_MAX_D ? spectralNormBound(W, this.M, this.d, this.u) : Infinity;
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

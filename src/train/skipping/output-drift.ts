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
 * ‖W'P⊥‖₂ is a certified bound (spectral-norm.ts) at a reference step plus the Frobenius norms of the steps since
 * (triangle inequality), refreshed every REFRESH steps; ‖ΔW P⊥‖ stays Frobenius (a step is nearly rank one).
 *
 * The mean-field motion is along u and in the linear part, so the bound is tight where it matters. The even part's
 * share of the sums (the terms over 2M) is also kept apart, and the last step's details (last-step.ts) go with the
 * state: certificates.ts bounds a row's change over that step with its own projections (a second, tighter check).
 * Float32 rounding: a float32 forward pass computes F with error at most (M + d + 8)·2⁻²⁴·|x|·P,
 * P = (1/M) Σ |a_i| |w_i| (and the same for the stored initial output), which `round` covers.
 */

import { checkOneOf } from "../../validate";
import { lastStep, linearPart, type LastStep } from "./last-step";
import { spectralNormBound } from "./spectral-norm";

/**
 * The cumulative bound since the start of training, in units of F per unit of |x∥| and |x⊥|, and the rounding allowance
 * per unit |x|; `step` counts the parameter changes so far (the state a row's certificate is anchored to).
 */
export interface Drift {
  par: number;
  perp: number;
  round: number;
  step: number;
  /** The even part's share of par and perp (the terms over 2M). */
  evenPar: number;
  evenPerp: number;
  /** The last step, θ(step − 1) → θ(step), for the per-row check (null before the first step). */
  last: LastStep | null;
}

/** Relative inflation of every float64 sum, far above its own rounding (~1e-16 per operation). */
const SAFETY = 1 + 1e-9;
/** Steps between two certified spectral norms of W'P⊥ (at d = 100, M = 400 one costs about 60 of add()'s loops). */
const REFRESH = 32;
/** Above this input dimension the d³ squarings cost more than they save: ‖W'P⊥‖_F is used instead. */
const SPECTRAL_MAX_D = 256;

/**
 * When the second check runs: "auto" where it pays (below), or always, or never (HINGE_SECOND_CHECK; the records
 * are the same bits whatever the choice, only the work differs).
 */
export type SecondCheck = "auto" | "always" | "never";

/** HINGE_SECOND_CHECK, checked (default "auto"). */
export function secondCheckFromEnv(): SecondCheck {
  const v = process.env.HINGE_SECOND_CHECK;
  return v === undefined || v === "" ? "auto" : checkOneOf("HINGE_SECOND_CHECK", v, ["auto", "always", "never"]);
}

export class OutputDrift {
  private par = 0;
  private perp = 0;
  private evenPar = 0;
  private evenPerp = 0;
  private steps = 0;
  private last: LastStep | null = null;
  private readonly p0: number;
  private pMax: number;
  private readonly kappa: number;
  /** ‖W P⊥‖₂ ≤ spectral + stepsSince: the certified norm at the last refresh plus the steps' Frobenius norms. */
  private spectral: number;
  private stepsSince = 0;
  private sinceRefresh = 0;
  /** The largest |m| so far (the rounding of the per-row linear part). */
  private mMax: number;
  private readonly secondCheck: SecondCheck;

  /** `u`: unit vector along which inputs are split (null: no split, everything counts as perpendicular). */
  private readonly u: Float64Array | null;
  private readonly M: number;
  private readonly d: number;

  /** a0, W0: the parameters at t = 0. */
  constructor(o: {
    u: Float64Array | null;
    M: number;
    d: number;
    a0: Float32Array;
    W0: Float32Array;
    secondCheck?: SecondCheck;
  }) {
    ({ u: this.u, M: this.M, d: this.d } = o);
    this.p0 = this.scale(o.a0, o.W0);
    this.pMax = this.p0;
    this.kappa = (o.M + o.d + 8) * 2 ** -24;
    this.spectral = o.d <= SPECTRAL_MAX_D ? spectralNormBound(o.W0, o.M, o.d, o.u) : Infinity;
    this.mMax = norm(linearPart(o.a0, o.W0, o.M, o.d));
    this.secondCheck = o.secondCheck ?? "auto";
  }

  /**
   * Whether the coming step's details are worth computing, from this step's counts: the second check pays where the
   * rows failing the first far outnumber the unsatisfied ones (which no check can clear), and where they are many
   * against its fixed cost (a d×d Gram and three squarings a step, as much JavaScript arithmetic as evaluating
   * (d/2 + 1.5 d²/M)·57 rows on ONNX Runtime: about 5000 at d = 100, M = 400).
   */
  wantsDetail(examined: number, unsatisfied: number): boolean {
    if (this.secondCheck !== "auto") return this.secondCheck === "always";
    const { M, d } = this;
    return d <= SPECTRAL_MAX_D && examined > 4 * unsatisfied && examined > (d / 2 + (1.5 * d * d) / M) * 57;
  }

  get state(): Drift {
    // Evaluation-time and current-time errors of the float32 forward pass, and those of the stored f(θ0).
    return {
      par: this.par,
      perp: this.perp,
      round: 2 * this.kappa * (this.pMax + this.p0) * SAFETY,
      step: this.steps,
      evenPar: this.evenPar,
      evenPerp: this.evenPerp,
      last: this.last,
    };
  }

  /** Adds one step from (a, W) to (a2, W2) (M and M×d row-major), with its details for the second check or not. */
  add(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array, detailed = true): void {
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
    // Cancellation in |v|² − (v·u)² is ~1e-16 |v|²: the tiny absolute terms cover it.
    const stepPerp = Math.sqrt(dwperp2 + 1e-12 * (dwperp2 + dwu2));
    const wPerp = Math.min(Math.sqrt(w2perp2 + 1e-12 * (w2perp2 + w2u2)), this.spectralAfter(stepPerp, W2));
    const evenPar = (nda * Math.sqrt(w2u2) + na * Math.sqrt(dwu2)) / (2 * M);
    const evenPerp = (nda * wPerp + na * stepPerp) / (2 * M);
    this.par += (Math.abs(dmu) + evenPar) * SAFETY;
    this.perp += (Math.sqrt(Math.max(0, dm2 - dmu * dmu) + 1e-12 * dm2) + evenPerp) * SAFETY;
    const before = { evenPar: this.evenPar, evenPerp: this.evenPerp };
    this.evenPar += evenPar * SAFETY;
    this.evenPerp += evenPerp * SAFETY;
    this.pMax = Math.max(this.pMax, this.scale(a2, W2));
    this.steps++;
    const m = linearPart(a2, W2, M, d);
    this.mMax = Math.max(this.mMax, norm(m));
    if (!detailed) {
      this.last = null;
      return;
    }
    this.last = {
      ...lastStep(a, W, W2, M, d, this.last?.q),
      ...before,
      m,
      mMax: this.mMax,
      daPar: (nda * Math.sqrt(w2u2) * SAFETY) / (2 * M),
      daPerp: (nda * wPerp * SAFETY) / (2 * M),
    };
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

const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

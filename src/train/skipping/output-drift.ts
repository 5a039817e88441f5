/**
 * How far the network output can have moved since a row was last evaluated: a certified bound,
 * accumulated step by step in the parent, that lets the shards skip rows whose result cannot have
 * changed (exact row skipping, docs/design.md §3).
 *
 * With relu(z) = (z + |z|)/2, F(x) = m·x + (1/2M) Σ_i a_i |w_i·x| (x = the scaled input x/√d, m =
 * (1/2M) Σ_i a_i w_i). One step θ → θ' moves the linear part by exactly Δm·x, and the even part by
 * at most (1/2M)(|Δa| |W'x| + |a| |ΔW x|) (Cauchy–Schwarz over the nodes and ||p| − |q|| ≤ |p − q|).
 * Writing x = Σ_k x_k q_k + x_r over an orthonormal basis q_1..q_K of the directions the weights move in
 * (ŵ* first when known) and its complement (P_r the projector on it):
 *
 *   |F'(x) − F(x)| ≤ Σ_k |x_k| B_k + |x_r| B_r,
 *   B_k = |Δm·q_k| + (|Δa| |W'q_k| + |a| |ΔW q_k|)/(2M),
 *   B_r = |P_r Δm| + (|Δa| S(W'P_r) + |a| ‖ΔW P_r‖_F)/(2M),
 *
 * with S(A) ≥ ‖A‖₂ (spectral-norm-bound.ts; the Frobenius norm would be √d times looser for the spread-out
 * initial weights). The basis is re-chosen at steps 8, 16, 32, …, then every 1024 steps, from the motion
 * so far (W(t) − W(0), m(t) − m(0)); a row's certificate carries over (certificates.ts).
 * Float32 rounding: a float32 forward pass computes F with error at most (M + d + 8)·2⁻²⁴·|x|·P,
 * P = (1/M) Σ |a_i| |w_i| (and the same for the stored initial output), which `round` covers.
 */
import { Random } from "../../random";
import { gram, spectralNormBound } from "./spectral-norm-bound";

/** What a shard needs to check a certificate. */
export interface Drift {
  /** The cumulative bound since the basis was chosen: B_k summed, k = 1..K, then B_r summed. */
  C: Float64Array;
  /** The rounding allowance per unit |x|. */
  round: number;
  /** Changes whenever the basis is re-chosen. */
  basisId: number;
  /** The basis: K orthonormal rows of d. */
  basis: Float64Array;
  /** The previous basis's final C (rows certified under it carry their certificate over). */
  previousC: Float64Array;
}

/** Relative inflation of every float64 sum, far above its own rounding (~1e-16 per operation). */
export const SAFETY = 1 + 1e-9;
/** Directions in the basis at most (ŵ*, the linear part's motion, the weights' main motions). */
export const MAX_DIRECTIONS = 8;
/** Steps between refreshes of the spectral bound of W P_r (between them: S(W_K P_r) + ‖(W − W_K) P_r‖_F). */
const SPECTRAL_EVERY = 16;

/** The steps at which the basis is re-chosen: 8, 16, 32, …, 1024, then every 1024. */
export function rechoosesAt(step: number): boolean {
  return step >= 8 && (step <= 1024 ? (step & (step - 1)) === 0 : step % 1024 === 0);
}

export class OutputDrift {
  private C: Float64Array<ArrayBufferLike>;
  private previousC: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private basis: Float64Array;
  private basisId = 0;
  private readonly p0: number;
  private pMax: number;
  private readonly kappa: number;
  private steps = 0;
  /** W at the last spectral refresh, and S(W P_r) then. */
  private spectralW: Float32Array;
  private spectral = 0;

  private readonly u: Float64Array | null;
  private readonly M: number;
  private readonly d: number;
  private readonly a0: Float32Array;
  private readonly W0: Float32Array;

  /** `u`: the first basis direction (ŵ*, or null); a0, W0: the parameters at t = 0. */
  constructor(o: { u: Float64Array | null; M: number; d: number; a0: Float32Array; W0: Float32Array }) {
    ({ u: this.u, M: this.M, d: this.d } = o);
    this.a0 = o.a0.slice();
    this.W0 = o.W0.slice();
    this.p0 = this.scale(o.a0, o.W0);
    this.pMax = this.p0;
    this.kappa = (o.M + o.d + 8) * 2 ** -24;
    this.basis = this.u ? Float64Array.from(this.u) : new Float64Array(0);
    this.C = new Float64Array(this.basis.length / this.d + 1);
    this.spectralW = o.W0.slice();
    this.refreshSpectral(o.W0);
  }

  get state(): Drift {
    // Evaluation-time and current-time errors of the float32 forward pass, and those of the stored f(θ0).
    return {
      C: this.C.slice(),
      round: 2 * this.kappa * (this.pMax + this.p0) * SAFETY,
      basisId: this.basisId,
      basis: this.basis,
      previousC: this.previousC,
    };
  }

  /** Adds one step from (a, W) to (a2, W2) (M and M×d row-major). */
  add(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array): void {
    const B = this.bound(a, W, a2, W2);
    for (let k = 0; k < B.length; k++) this.C[k] += B[k];
    this.pMax = Math.max(this.pMax, this.scale(a2, W2));
    this.steps++;
    if (rechoosesAt(this.steps)) this.rechoose(a2, W2);
    else if (this.steps % SPECTRAL_EVERY === 0) this.refreshSpectral(W2);
  }

  /** B_1..B_K, B_r for one step (see the file comment), each float64 sum inflated by SAFETY. */
  private bound(a: Float32Array, W: Float32Array, a2: Float32Array, W2: Float32Array): Float64Array {
    const { M, d, basis } = this;
    const K = basis.length / d;
    const dm = new Float64Array(d);
    // Per direction: Σ_i (w'_i·q)², Σ_i (Δw_i·q)², Σ_i ((w'_i − w_K,i)·q)².
    const wq = new Float64Array(K),
      dwq = new Float64Array(K),
      sq = new Float64Array(K);
    let da2 = 0,
      na2 = 0,
      dw2 = 0,
      sw2 = 0;
    const pw = new Float64Array(K),
      pdw = new Float64Array(K),
      ps = new Float64Array(K);
    const S = this.spectralW;
    for (let i = 0; i < M; i++) {
      const ai = a[i],
        bi = a2[i],
        o = i * d;
      pw.fill(0);
      pdw.fill(0);
      ps.fill(0);
      for (let j = 0; j < d; j++) {
        const w = W[o + j],
          v = W2[o + j],
          dv = v - w,
          sv = v - S[o + j];
        dm[j] += bi * v - ai * w;
        dw2 += dv * dv;
        sw2 += sv * sv;
        for (let k = 0; k < K; k++) {
          const q = basis[k * d + j];
          pw[k] += v * q;
          pdw[k] += dv * q;
          ps[k] += sv * q;
        }
      }
      for (let k = 0; k < K; k++) {
        wq[k] += pw[k] * pw[k];
        dwq[k] += pdw[k] * pdw[k];
        sq[k] += ps[k] * ps[k];
      }
      da2 += (bi - ai) ** 2;
      na2 += ai * ai;
    }
    let dm2 = 0;
    for (let j = 0; j < d; j++) {
      dm[j] /= 2 * M;
      dm2 += dm[j] * dm[j];
    }
    const [nda, na] = [Math.sqrt(da2), Math.sqrt(na2)];
    const out = new Float64Array(K + 1);
    let dmIn = 0,
      dwIn = 0,
      swIn = 0;
    for (let k = 0; k < K; k++) {
      let dmq = 0;
      for (let j = 0; j < d; j++) dmq += dm[j] * basis[k * d + j];
      dmIn += dmq * dmq;
      dwIn += dwq[k];
      swIn += sq[k];
      out[k] = (Math.abs(dmq) + (nda * Math.sqrt(wq[k]) + na * Math.sqrt(dwq[k])) / (2 * M)) * SAFETY;
    }
    // Cancellation in |v|² − Σ(v·q)² is ~1e-16 |v|²: the tiny absolute terms cover it.
    const rest = (v2: number, inside: number) => Math.sqrt(Math.max(0, v2 - inside) + 1e-12 * v2);
    const sRest = this.spectral + rest(sw2, swIn);
    out[K] = (rest(dm2, dmIn) + (nda * sRest + na * rest(dw2, dwIn)) / (2 * M)) * SAFETY;
    return out;
  }

  /** S(W P_r), kept with W for the bound S(W' P_r) ≤ S(W P_r) + ‖(W' − W) P_r‖_F. */
  private refreshSpectral(W: Float32Array): void {
    const { M, d, basis } = this;
    const K = basis.length / d;
    const A = Float64Array.from(W);
    for (let i = 0; i < M; i++)
      for (let k = 0; k < K; k++) {
        let p = 0;
        for (let j = 0; j < d; j++) p += A[i * d + j] * basis[k * d + j];
        for (let j = 0; j < d; j++) A[i * d + j] -= p * basis[k * d + j];
      }
    // A P_r is computed with relative error ~1e-15 K d: far inside the 1e-9 inflation of the bound.
    this.spectral = spectralNormBound(A, M, d) * SAFETY;
    this.spectralW = W.slice();
  }

  /**
   * A new basis: ŵ*, then the directions in which m and W have moved most since t = 0 (the top right singular
   * vectors of W(t) − W(0), by power iteration with deflation). The cumulative bound restarts at 0.
   */
  private rechoose(a: Float32Array, W: Float32Array): void {
    const { M, d } = this;
    const vectors: Float64Array[] = this.u ? [Float64Array.from(this.u)] : [];
    const dm = new Float64Array(d);
    const D = new Float64Array(M * d);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < d; j++) {
        dm[j] += a[i] * W[i * d + j] - this.a0[i] * this.W0[i * d + j];
        D[i * d + j] = W[i * d + j] - this.W0[i * d + j];
      }
    const add = (v: Float64Array) => {
      if (vectors.length < MAX_DIRECTIONS && orthonormalize(v, vectors)) vectors.push(v);
    };
    add(dm);
    const H = gram(D, M, d);
    const rng = new Random(this.steps);
    while (vectors.length < MAX_DIRECTIONS) {
      let v = rng.fillNormal(new Float64Array(d));
      for (let it = 0; it < 30; it++) {
        if (!orthonormalize(v, vectors)) break;
        const Hv = new Float64Array(d);
        for (let j = 0; j < d; j++) for (let l = 0; l < d; l++) Hv[j] += H[j * d + l] * v[l];
        v = Hv;
      }
      const before = vectors.length;
      add(v);
      if (vectors.length === before) break;
    }
    this.previousC = this.C;
    this.basis = new Float64Array(vectors.length * d);
    vectors.forEach((v, k) => this.basis.set(v, k * d));
    this.C = new Float64Array(vectors.length + 1);
    this.basisId++;
    this.refreshSpectral(W);
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

/** Makes v orthogonal to `vectors` (twice, for accuracy) and of unit length; false when nothing is left of it. */
function orthonormalize(v: Float64Array, vectors: Float64Array[]): boolean {
  const n0 = Math.hypot(...v);
  for (let pass = 0; pass < 2; pass++)
    for (const q of vectors) {
      let p = 0;
      for (let j = 0; j < v.length; j++) p += v[j] * q[j];
      for (let j = 0; j < v.length; j++) v[j] -= p * q[j];
    }
  const n = Math.hypot(...v);
  if (!(n > 1e-6 * n0) || !Number.isFinite(n)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= n;
  return true;
}

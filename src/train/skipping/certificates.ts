/**
 * Per-row certificates for exact row skipping: a row evaluated at step s with margin μ (training rows:
 * y F − h/α, test rows: |F|) keeps the same result while the output cannot have moved by μ since, i.e. while
 *   Σ_k |x_k| (C_k(t) − C_k(s)) + |x_r| (C_r(t) − C_r(s)) + |x| ρ < μ,
 * with x_k, x_r the row's coordinates in the drift bound's basis, C its cumulative bound and ρ the rounding
 * allowance (output-drift.ts). A row stores μ + Σ w·C(s) as one threshold. When the basis is re-chosen, what
 * is left of each certificate under the old basis becomes its margin under the new one (the two drifts add).
 * A skipped training row is therefore satisfied in exact arithmetic and in the float32 pass that was not done;
 * a skipped test row keeps the sign it had.
 */
import { MAX_DIRECTIONS, type Drift } from "./output-drift";

/** Coordinates per row: the basis directions, then the rest. */
const SLOTS = MAX_DIRECTIONS + 1;
/** Stored coordinates are rounded up to float32: inflate by more than float32's relative rounding (2⁻²⁴). */
const UP = 1 + 2 ** -20;

export class Certificates {
  /** |x|, inflated. */
  private readonly norm: Float64Array;
  /** |x_1|, …, |x_K|, |x_r| per row (SLOTS each), inflated. */
  private readonly weights: Float32Array;
  /** μ + Σ w·C(s) at the last evaluation (−∞: none). */
  private readonly threshold: Float64Array;
  private basisId = 0;
  private K = -1;

  /** `xs`: n rows of d scaled inputs (row-major). */
  constructor(
    private readonly xs: Float32Array,
    readonly n: number,
    private readonly d: number,
  ) {
    this.norm = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += xs[r * d + j] ** 2;
      this.norm[r] = Math.sqrt(s) * (1 + 1e-9);
    }
    this.weights = new Float32Array(n * SLOTS);
    this.threshold = new Float64Array(n).fill(-Infinity);
  }

  /** Follows a change of basis (once per step, before any other call). */
  sync(c: Drift): void {
    if (this.K >= 0 && c.basisId === this.basisId) return;
    const carry = this.K >= 0 && c.basisId === this.basisId + 1;
    for (let r = 0; r < this.n; r++) {
      // What is left of the margin: μ − Σ w (C_old(switch) − C_old(s)).
      const left = carry ? this.threshold[r] - this.drift(r, c.previousC) : -Infinity;
      this.project(r, c.basis);
      this.threshold[r] = Number.isNaN(left) ? -Infinity : left;
    }
    this.basisId = c.basisId;
    this.K = c.basis.length / this.d;
  }

  /** Whether row r's last result still holds under the drift (NaN anywhere: not certified). */
  holds(r: number, c: Drift): boolean {
    return this.drift(r, c.C) + this.norm[r] * c.round < this.threshold[r];
  }

  /** Writes into `out` the rows of [lo, hi) whose certificate does not hold; returns their count. */
  uncertain(c: Drift, lo: number, hi: number, out: Int32Array): number {
    let k = 0;
    for (let r = lo; r < hi; r++) if (!this.holds(r, c)) out[k++] = r;
    return k;
  }

  /** Records row r's margin at its evaluation under drift `c`. */
  set(r: number, margin: number, c: Drift): void {
    this.threshold[r] = margin + this.drift(r, c.C);
  }

  /** Σ w·C over row r's coordinates (C: the basis directions, then the rest). */
  private drift(r: number, C: Float64Array): number {
    const o = r * SLOTS,
      K = C.length - 1;
    let s = this.weights[o + MAX_DIRECTIONS] * C[K];
    for (let k = 0; k < K; k++) s += this.weights[o + k] * C[k];
    return s;
  }

  /** Row r's coordinates in `basis` (K rows of d): |x_k| in slots 0..K−1, |x_r| in the last. */
  private project(r: number, basis: Float64Array): void {
    const { d, xs } = this;
    const K = basis.length / d,
      o = r * SLOTS;
    let inside = 0;
    for (let k = 0; k < K; k++) {
      let p = 0;
      for (let j = 0; j < d; j++) p += xs[r * d + j] * basis[k * d + j];
      inside += p * p;
      this.weights[o + k] = Math.abs(p) * UP;
    }
    const n2 = (this.norm[r] / (1 + 1e-9)) ** 2;
    // Cancellation in |x|² − Σ x_k² is ~1e-16 |x|²: the tiny absolute term covers it.
    this.weights[o + MAX_DIRECTIONS] = Math.sqrt(Math.max(0, n2 - inside) + 1e-12 * n2) * UP;
  }
}

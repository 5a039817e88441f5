/**
 * Per-row certificates for exact row skipping (docs/design.md §3). A row evaluated with margin μ (training rows:
 * y F − h/α, test rows: |F|) keeps the same result while the output cannot have moved by μ since. Two checks, the
 * second only where the first fails:
 *
 * 1. The summed bound: |x∥| (C∥ − C∥ then) + |x⊥| (C⊥ − C⊥ then) + |x| ρ < μ, with C the cumulative drift bound
 *    and ρ the rounding allowance of output-drift.ts.
 * 2. The row's own: its linear change m'·x − m_then·x exactly, the even part's summed bound up to the last step,
 *    and the last step's even part with the row's projection on that step's main direction (last-step.ts). When it
 *    holds, the row is re-anchored to now: its margin shrinks by the change bounded, and both checks start afresh.
 *
 * A skipped training row is therefore satisfied in exact arithmetic and in the float32 pass that was not done; a
 * skipped test row keeps the sign it had.
 */
import type { LastStep } from "./last-step";
import type { Drift } from "./output-drift";
import { splitRow } from "../split";

/** Relative inflation of float64 sums (as output-drift.ts). */
const SAFETY = 1 + 1e-9;

export class Certificates {
  private readonly par: Float64Array;
  private readonly perp: Float64Array;
  private readonly norm: Float64Array;
  private readonly norm2: Float64Array;
  private readonly margin: Float64Array;
  private readonly basePar: Float64Array;
  private readonly basePerp: Float64Array;
  private readonly baseEvenPar: Float64Array;
  private readonly baseEvenPerp: Float64Array;
  /** The drift step each row's certificate is anchored to (−2: never evaluated). */
  private readonly anchor: Int32Array;
  /** m·x at step linearStep (valid for check 2 when that is the anchor). */
  private readonly linear: Float64Array;
  private readonly linearStep: Int32Array;

  /** `xs`: n rows of d scaled inputs (row-major); `u`: the split direction of the drift bound (or null). */
  constructor(
    private readonly xs: Float32Array,
    readonly n: number,
    private readonly d: number,
    u: Float64Array | null,
  ) {
    this.par = new Float64Array(n);
    this.perp = new Float64Array(n);
    this.norm = new Float64Array(n);
    this.norm2 = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const { par: p, sq: s } = splitRow(xs, r, d, u);
      this.par[r] = Math.abs(p) * SAFETY;
      this.perp[r] = Math.sqrt(Math.max(0, s - p * p) + 1e-12 * s) * SAFETY;
      this.norm[r] = Math.sqrt(s) * SAFETY;
      this.norm2[r] = s * SAFETY;
    }
    this.margin = new Float64Array(n).fill(-Infinity); // never evaluated: no certificate
    this.basePar = new Float64Array(n);
    this.basePerp = new Float64Array(n);
    this.baseEvenPar = new Float64Array(n);
    this.baseEvenPerp = new Float64Array(n);
    this.anchor = new Int32Array(n).fill(-2);
    this.linear = new Float64Array(n);
    this.linearStep = new Int32Array(n).fill(-1);
  }

  /** Check 1 for row r (NaN anywhere: not certified). */
  holdsSummed(r: number, c: Drift): boolean {
    return (
      this.par[r] * (c.par - this.basePar[r]) + this.perp[r] * (c.perp - this.basePerp[r]) + this.norm[r] * c.round <
      this.margin[r]
    );
  }

  /** Writes into `out` the rows of [lo, hi) that fail check 1; returns their count. */
  uncertain(c: Drift, lo: number, hi: number, out: Int32Array): number {
    let k = 0;
    for (let r = lo; r < hi; r++) if (!this.holdsSummed(r, c)) out[k++] = r;
    return k;
  }

  /** m·x and q·x of each listed row (n×2), in float64: the engines without a projection kernel of their own. */
  project(rows: Int32Array, last: LastStep): Float64Array {
    const { xs, d } = this;
    const { m, q } = last;
    const out = new Float64Array(2 * rows.length);
    for (let k = 0; k < rows.length; k++) {
      let mx = 0,
        qx = 0;
      for (let j = 0, o = rows[k] * d; j < d; j++) {
        mx += m[j] * xs[o + j];
        qx += q[j] * xs[o + j];
      }
      out[2 * k] = mx;
      out[2 * k + 1] = qx;
    }
    return out;
  }

  /**
   * Check 2 for the rows that failed check 1, given their projections m·x and q·x now (n×2, from project() or a
   * float32 kernel: both within (d + 2)·2⁻²⁴ of |m||x| and |x|). Rows that pass are re-anchored; the others (kept in
   * `rows`, whose count is returned) keep their m·x now for the evaluation that follows.
   */
  second(c: Drift, rows: Int32Array, projections: ArrayLike<number>): number {
    const last = c.last!;
    const e = (this.d + 2) * 2 ** -24;
    const { evenPar, evenPerp, daPar, daPerp, dwAlong, dwRest, mMax } = last;
    const { par, perp, norm, norm2, margin, baseEvenPar, baseEvenPerp, anchor, linear, linearStep } = this;
    const step = c.step;
    let k = 0;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j];
      const mx = projections[2 * j];
      const qx = Math.abs(projections[2 * j + 1]);
      const was = linearStep[r] === anchor[r] ? linear[r] : NaN;
      linear[r] = mx;
      linearStep[r] = step;
      // Not when evaluated at these parameters (only rounding is left), or without m·x then (NaN: fails).
      if (anchor[r] < step) {
        // The linear part exactly (up to the projections' rounding), the even part's summed bound up to the last
        // step, and the last step's with the row's own q·x.
        const n = norm[r];
        const qLow = Math.max(0, qx - e * n);
        const rest = Math.sqrt(Math.max(0, norm2[r] - qLow * qLow) + 1e-12 * norm2[r]);
        const change =
          (Math.abs(mx - was) + 2 * e * mMax * n) * SAFETY +
          (par[r] * (evenPar - baseEvenPar[r] + daPar) +
            perp[r] * (evenPerp - baseEvenPerp[r] + daPerp) +
            (qx + e * n) * dwAlong +
            rest * dwRest) *
            SAFETY;
        if (change + n * c.round < margin[r]) {
          this.set(r, margin[r] - change, c);
          continue;
        }
      }
      rows[k++] = r;
    }
    return k;
  }

  /** Whether row r's last result still holds (both checks; one row: the minibatch path). */
  holds(r: number, c: Drift): boolean {
    if (this.holdsSummed(r, c)) return true;
    if (!c.last) return false;
    const rows = Int32Array.of(r);
    return this.second(c, rows, this.project(rows, c.last)) === 0;
  }

  /** Records row r's margin at its evaluation under drift `c` (or what is left of it after check 2). */
  set(r: number, margin: number, c: Drift): void {
    this.margin[r] = margin;
    this.basePar[r] = c.par;
    this.basePerp[r] = c.perp;
    this.baseEvenPar[r] = c.evenPar;
    this.baseEvenPerp[r] = c.evenPerp;
    this.anchor[r] = c.step;
  }
}

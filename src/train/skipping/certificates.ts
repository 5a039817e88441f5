/**
 * Per-row certificates for exact row skipping: a row evaluated with margin μ (training rows: y F − h/α,
 * test rows: |F|) keeps the same result while the output cannot have moved by μ since, i.e. while
 *   |x∥| (C∥ − C∥ at evaluation) + |x⊥| (C⊥ − C⊥ at evaluation) + |x| ρ < μ
 * with C the summed drift bound and ρ the rounding allowance of output-drift.ts, or while the same holds with the
 * checkpointed bound (its value now less the base the row recorded at evaluation). A skipped training row is
 * therefore satisfied in exact arithmetic and in the float32 pass that was not done; a skipped test row keeps the
 * sign it had.
 */
import type { Drift } from "./output-drift";
import { splitRow } from "../split";

export class Certificates {
  private readonly par: Float64Array;
  private readonly perp: Float64Array;
  private readonly norm: Float64Array;
  private readonly margin: Float64Array;
  private readonly basePar: Float64Array;
  private readonly basePerp: Float64Array;
  private readonly hopBasePar: Float64Array;
  private readonly hopBasePerp: Float64Array;

  /** `xs`: n rows of d scaled inputs (row-major); `u`: the split direction of the drift bound (or null). */
  constructor(
    xs: Float32Array,
    readonly n: number,
    d: number,
    u: Float64Array | null,
  ) {
    this.par = new Float64Array(n);
    this.perp = new Float64Array(n);
    this.norm = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const { par: p, sq: s } = splitRow(xs, r, d, u);
      this.par[r] = Math.abs(p) * (1 + 1e-9);
      this.perp[r] = Math.sqrt(Math.max(0, s - p * p) + 1e-12 * s) * (1 + 1e-9);
      this.norm[r] = Math.sqrt(s) * (1 + 1e-9);
    }
    this.margin = new Float64Array(n).fill(-Infinity); // never evaluated: no certificate
    this.basePar = new Float64Array(n);
    this.basePerp = new Float64Array(n);
    this.hopBasePar = new Float64Array(n);
    this.hopBasePerp = new Float64Array(n);
  }

  /** Whether row r's last result still holds under the drift (NaN anywhere: not certified). */
  holds(r: number, c: Drift): boolean {
    const par = this.par[r],
      perp = this.perp[r],
      round = this.norm[r] * c.round,
      margin = this.margin[r];
    return (
      par * (c.par - this.basePar[r]) + perp * (c.perp - this.basePerp[r]) + round < margin ||
      par * (c.hopPar - this.hopBasePar[r]) + perp * (c.hopPerp - this.hopBasePerp[r]) + round < margin
    );
  }

  /** Writes into `out` the rows of [lo, hi) whose certificate does not hold; returns their count. */
  uncertain(c: Drift, lo: number, hi: number, out: Int32Array): number {
    let k = 0;
    for (let r = lo; r < hi; r++) if (!this.holds(r, c)) out[k++] = r;
    return k;
  }

  /** Records row r's margin at its evaluation under drift `c`. */
  set(r: number, margin: number, c: Drift): void {
    this.margin[r] = margin;
    this.basePar[r] = c.par;
    this.basePerp[r] = c.perp;
    this.hopBasePar[r] = c.hopBasePar;
    this.hopBasePerp[r] = c.hopBasePerp;
  }
}

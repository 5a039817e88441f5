/**
 * One shard of the training set: the hinge-loss bookkeeping and the partial gradient sums of docs/design.md §2,
 * in row tiles, skipping the rows whose result is certified unchanged. The arithmetic on the rows (forward pass,
 * gradient sums) is the engine's: kernels.ts (TensorFlow.js ops, WASM or native) or webgpu/kernels.ts (WGSL).
 *
 * Conventions (all float32 on the engine): Xs = X/√d, Z = Xs Wᵀ, f = relu(Z) a / M, F = f − f(θ(0)).
 * An example is unsatisfied when h − y α F > 0 (exactly at the margin counts as satisfied); its weight is
 * g_n = y_n / (N α). The shard returns SW_i = Σ_U g_n 1[z_ni > 0] Xs_n; the trainer sums it over shards,
 * gets SA_i = Σ_U g_n relu(z_ni) = SW_i · w_i (relu(z) = z 1[z > 0], z = Xs·w), and applies
 * a_i += β* SA_i / M, w_i += β* a_i SW_i / M.
 *
 * Determinism: a row's output does not depend on which other rows share its tile, and the backward pass
 * always runs on the unsatisfied rows of each fixed tile [k·T, (k+1)·T), in row order. So skipping rows
 * (or not) gives bit-identical gradients, hence bit-identical runs.
 */
import { Certificates } from "./skipping/certificates";
import type { ShardKernels } from "./kernels";
import type { Drift } from "./skipping/output-drift";
import type { ModelParams } from "../theory/params";

/** The data a shard owns. Rows are examples; x is row-major n×d, unscaled (the shard scales it in place). */
export interface ShardData extends Pick<ModelParams, "d" | "M" | "alpha" | "h"> {
  x: Float32Array;
  y: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  /** Direction along which the drift bound splits the inputs (ŵ* when known). */
  u: Float64Array | null;
}

/** What one shard returns for one step. */
export interface ShardStep {
  /** Rows the step is about (the shard's size, or its part of the minibatch). */
  rows: number;
  /** Rows whose output was computed (the others are certified satisfied). */
  evaluated: number;
  /** Unsatisfied rows, h − yαF > 0. */
  unsatisfied: number;
  /** Misclassified rows, y F ≤ 0. */
  errors: number;
  /** Σ relu(h − y α F) over the rows. */
  hingeSum: number;
  /** Partial Σ_U g 1[z > 0] Xs, M×d row-major (empty without backward). */
  SW: Float64Array;
  /** Misclassified test rows (−1 when the test set was not evaluated). */
  testErrors: number;
  /** Test rows whose output was computed. */
  testEvaluated: number;
  /** M·f(x) of every test row, uncentred (only with `testOutputs`). */
  testOutputs?: Float32Array;
  /** Σ_i φ_i(x)² of every test row, φ_i = a_i relu(w_i·x/√d) (only with `testOutputs`): the node spread. */
  testSquares?: Float32Array;
}

export interface StepRequest {
  a: Float32Array;
  /** M×d row-major. */
  W: Float32Array;
  /** Step index, recorded as the satisfaction time of unsatisfied rows. */
  t: number;
  /** The 1/N of the loss: the full training-set size, or the minibatch size. */
  norm: number;
  backward: boolean;
  test: boolean;
  /**
   * Cumulative output drift since the start: rows whose certificate covers it are skipped. null: evaluate every row.
   */
  drift: Drift | null;
  /** Local row indices of a minibatch, increasing; all rows when absent. */
  rows?: Int32Array;
  /** Also return the test outputs (with `test`; every test row is then evaluated). */
  testOutputs?: boolean;
}

/** The j-th row of a tile's selection: a list of rows, or a range [lo, hi). */
export type Rows = Int32Array | [number, number];
export const count = (rows: Rows): number => (rows instanceof Int32Array ? rows.length : rows[1] - rows[0]);
export const rowAt = (rows: Rows, j: number): number => (rows instanceof Int32Array ? rows[j] : rows[0] + j);

/** A set of rows: scaled inputs, initial outputs, certificates. */
export class RowSet {
  readonly f0: Float32Array;
  readonly certificates: Certificates;
  constructor(
    readonly xs: Float32Array,
    readonly n: number,
    readonly d: number,
    u: Float64Array | null,
  ) {
    this.f0 = new Float32Array(n);
    this.certificates = new Certificates(xs, n, d, u);
  }
  /**
   * The inputs of `rows`: a view for a range [lo, hi), else gathered into `scratch` (fresh arrays cost more than the
   * copy).
   */
  inputs(rows: Rows, scratch: Float32Array): Float32Array {
    const d = this.d;
    if (!(rows instanceof Int32Array)) return this.xs.subarray(rows[0] * d, rows[1] * d);
    const out = scratch.subarray(0, rows.length * d);
    for (let k = 0; k < rows.length; k++) out.set(this.xs.subarray(rows[k] * d, rows[k] * d + d), k * d);
    return out;
  }
}

/** Per row: the last step it was unsatisfied and the first step it was satisfied (−1: never). */
export interface Satisfaction {
  lastUnsatisfied: Int32Array;
  firstSatisfied: Int32Array;
}

export class Shard {
  readonly n: number;
  readonly nTest: number;
  private readonly train: RowSet;
  private readonly testSet: RowSet;
  /** Whether each test row was misclassified at its last evaluation. */
  private readonly testWrong: Uint8Array;
  /** Last step at which each row was unsatisfied (−1: never). */
  readonly lastUnsatisfied: Int32Array;
  /** First step at which each row was satisfied (−1: never; a row certified satisfied was satisfied before). */
  readonly firstSatisfied: Int32Array;
  private readonly kernels: ShardKernels;
  private initialized = false;

  /** `kernels(train, test)`: the engine's arithmetic on these rows (it may copy them to a device). */
  constructor(
    private readonly data: ShardData,
    kernels: (train: RowSet, test: RowSet) => ShardKernels,
  ) {
    const { d, u } = data;
    this.n = data.y.length;
    this.nTest = data.yTest.length;
    const s = 1 / Math.sqrt(d);
    for (const x of [data.x, data.xTest]) for (let i = 0; i < x.length; i++) x[i] *= s;
    this.train = new RowSet(data.x, this.n, d, u);
    this.testSet = new RowSet(data.xTest, this.nTest, d, u);
    this.kernels = kernels(this.train, this.testSet);
    this.testWrong = new Uint8Array(this.nTest).fill(1);
    this.lastUnsatisfied = new Int32Array(this.n).fill(-1);
    this.firstSatisfied = new Int32Array(this.n).fill(-1);
  }

  /** Each row's satisfaction record, copied. */
  satisfaction(): Satisfaction {
    return { lastUnsatisfied: this.lastUnsatisfied.slice(), firstSatisfied: this.firstSatisfied.slice() };
  }

  /** Stores M·f(x; θ(0)) of every training and test row: the centring of F. */
  async initialize(a: Float32Array, W: Float32Array): Promise<void> {
    const T = this.kernels.tileRows;
    await this.withWeights(a, W, async () => {
      for (const set of [this.train, this.testSet])
        for (let lo = 0; lo < set.n; lo += T) {
          const hi = Math.min(set.n, lo + T);
          set.f0.set((await this.kernels.forward(set, [lo, hi], false)).f, lo);
        }
    });
    this.initialized = true;
  }

  /** One forward (and optionally backward) pass over the shard or its part of a minibatch. */
  async step(req: StepRequest): Promise<ShardStep> {
    if (!this.initialized) throw new Error("Shard.step() before initialize()");
    return this.withWeights(req.a, req.W, async () => {
      const train = await this.trainPass(req);
      const test = req.test ? await this.testPass(req) : { testErrors: -1, testEvaluated: 0 };
      return { ...train, ...test };
    });
  }

  /** Releases what the kernels hold (device buffers, native sessions). */
  dispose(): void | Promise<void> {
    return this.kernels.dispose();
  }

  private async withWeights<T>(a: Float32Array, W: Float32Array, body: () => Promise<T>): Promise<T> {
    this.kernels.setWeights(a, W);
    try {
      return await body();
    } finally {
      this.kernels.releaseWeights();
    }
  }

  /**
   * The rows of tile [lo, hi) to evaluate: all of them without a drift bound (as a range), else the
   * uncertified ones; restricted to the minibatch rows when there are some.
   */
  private pick(set: RowSet, lo: number, hi: number, drift: Drift | null, batch?: Int32Array): Rows {
    if (!batch) {
      if (!drift) return [lo, hi];
      const out = new Int32Array(hi - lo);
      return out.subarray(0, set.certificates.uncertain(drift, lo, hi, out));
    }
    const inTile = batch.filter((r) => r >= lo && r < hi);
    return drift ? inTile.filter((r) => !set.certificates.holds(r, drift)) : inTile;
  }

  private async trainPass(req: StepRequest) {
    const { data, train } = this;
    const { M, d, alpha, h } = data;
    const gScale = 1 / (req.norm * alpha);
    const T = this.kernels.tileRows;
    const out = {
      rows: req.rows ? req.rows.length : this.n,
      evaluated: 0,
      unsatisfied: 0,
      errors: 0,
      hingeSum: 0,
      SW: new Float64Array(req.backward ? M * d : 0),
    };
    for (let lo = 0; lo < this.n; lo += T) {
      const rows = this.pick(train, lo, Math.min(this.n, lo + T), req.drift, req.rows);
      const k = count(rows);
      if (k === 0) continue;
      out.evaluated += k;
      const { f } = await this.kernels.forward(train, rows, false);
      const g = new Float32Array(k);
      const unsat = new Int32Array(k); // positions within the tile's rows
      let nU = 0;
      for (let j = 0; j < k; j++) {
        const n = rowAt(rows, j);
        const y = data.y[n];
        const F = (f[j] - train.f0[n]) / M; // exactly 0 at t = 0
        if (!Number.isFinite(F)) out.hingeSum = NaN; // float32 overflow: the run diverged (never "satisfied")
        if (!(y * F > 0)) out.errors++;
        const gap = h - y * alpha * F;
        if (gap > 0) {
          out.hingeSum += gap;
          g[nU] = y * gScale;
          unsat[nU++] = j;
          this.lastUnsatisfied[n] = req.t;
        } else if (this.firstSatisfied[n] < 0) this.firstSatisfied[n] = req.t;
        if (req.drift) train.certificates.set(n, y * F - h / alpha, req.drift);
      }
      out.unsatisfied += nU;
      if (!req.backward || nU === 0) continue;
      // The tile's unsatisfied rows, in row order: Σ g_n 1[z_ni > 0] Xs_n.
      const sel: Rows = nU === k ? rows : Int32Array.from(unsat.subarray(0, nU), (j) => rowAt(rows, j));
      const sw = await this.kernels.backward(sel, g.subarray(0, nU));
      for (let i = 0; i < sw.length; i++) out.SW[i] += sw[i];
    }
    return out;
  }

  /** Misclassified test rows (sign of M·F), skipping rows whose sign is certified; every row with outputs. */
  private async testPass(req: StepRequest) {
    const { testSet } = this;
    const { M } = this.data;
    const all = req.testOutputs === true;
    const outputs = all ? { testOutputs: new Float32Array(this.nTest), testSquares: new Float32Array(this.nTest) } : {};
    const T = this.kernels.tileRows;
    let testEvaluated = 0;
    for (let lo = 0; lo < this.nTest; lo += T) {
      const rows = this.pick(testSet, lo, Math.min(this.nTest, lo + T), all ? null : req.drift);
      const k = count(rows);
      if (k === 0) continue;
      testEvaluated += k;
      const { f, squares } = await this.kernels.forward(testSet, rows, all);
      for (let j = 0; j < k; j++) {
        const n = rowAt(rows, j);
        const F = (f[j] - testSet.f0[n]) / M;
        this.testWrong[n] = this.data.yTest[n] * F > 0 ? 0 : 1; // NaN counts as wrong
        if (req.drift) testSet.certificates.set(n, Math.abs(F), req.drift);
      }
      if (outputs.testOutputs && squares) {
        outputs.testOutputs.set(f, lo);
        outputs.testSquares.set(squares, lo);
      }
    }
    let testErrors = 0;
    for (let n = 0; n < this.nTest; n++) testErrors += this.testWrong[n];
    return { testErrors, testEvaluated, ...outputs };
  }
}

/**
 * One shard of the training set on one TensorFlow.js engine: the forward pass, the hinge-loss
 * bookkeeping, and the partial gradient sums of DESIGN.md section 2, computed on the unsatisfied rows.
 *
 * Conventions (all float32 on the engine): Xs = X/√d, Z = Xs Wᵀ, f = relu(Z) a / M, F = f − f(θ(0)).
 * An example is unsatisfied when h − y α F > 0 (exactly at the margin counts as satisfied); its weight is
 * g_n = y_n / (N α). The shard returns SW_i = Σ_U g_n 1[z_ni > 0] Xs_n; the trainer sums it over shards,
 * gets SA_i = Σ_U g_n relu(z_ni) = SW_i · w_i (relu(z) = z 1[z > 0], z = Xs·w), and applies
 * a_i += β* SA_i / M, w_i += β* a_i SW_i / M.
 */
import type * as TF from "@tensorflow/tfjs";
import type { Tf } from "./engine";

/** The data a shard owns. Rows are examples; x is row-major n×d, unscaled. */
export interface ShardData {
  x: Float32Array;
  y: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  d: number;
  M: number;
  alpha: number;
  h: number;
}

/** What one shard returns for one step. */
export interface ShardStep {
  /** Rows evaluated (the shard's size, or its part of the minibatch). */
  rows: number;
  /** Unsatisfied rows, h − yαF > 0. */
  unsatisfied: number;
  /** Misclassified rows, y F ≤ 0. */
  errors: number;
  /** Σ relu(h − y α F) over the rows. */
  hingeSum: number;
  /** Partial Σ_U g 1[z > 0] Xs, M×d row-major (empty without backward). */
  SW: Float32Array;
  /** Misclassified test rows (−1 when the test set was not evaluated). */
  testErrors: number;
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
  /** Local row indices of a minibatch; all rows when absent. */
  rows?: Int32Array;
  /** Also return the test outputs (with `test`). */
  testOutputs?: boolean;
}

/** Above this unsatisfied fraction the backward pass uses the full, masked matrices instead of gathering rows. */
const MASKED_ABOVE = 0.6;

export class Shard {
  readonly n: number;
  readonly nTest: number;
  private readonly xs: Float32Array;
  private readonly X: TF.Tensor2D;
  private readonly XTest: TF.Tensor2D | null;
  private f0: Float32Array | null = null;
  private f0Test: Float32Array | null = null;
  /** Last step at which each row was unsatisfied (−1: never evaluated). */
  readonly lastUnsatisfied: Int32Array;

  constructor(
    private readonly tf: Tf,
    private readonly data: ShardData,
  ) {
    const { d } = data;
    this.n = data.y.length;
    this.nTest = data.yTest.length;
    const s = 1 / Math.sqrt(d);
    this.xs = data.x.map((v) => v * s);
    this.X = tf.tensor2d(this.xs, [this.n, d]);
    this.XTest = this.nTest > 0 ? tf.tensor2d(data.xTest.map((v) => v * s), [this.nTest, d]) : null;
    this.lastUnsatisfied = new Int32Array(this.n).fill(-1);
  }

  /** Stores M·f(x; θ(0)) of every training and test row: the centring of F. */
  initialize(a: Float32Array, W: Float32Array): void {
    this.f0 = this.outputs(this.X, a, W);
    this.f0Test = this.XTest ? this.outputs(this.XTest, a, W) : new Float32Array(0);
  }

  /** One forward (and optionally backward) pass over the shard or its part of a minibatch. */
  step(req: StepRequest): ShardStep {
    const { tf, data } = this;
    const { M, d, alpha, h } = data;
    if (!this.f0 || !this.f0Test) throw new Error("Shard.step() before initialize()");
    const f0 = this.f0;
    const rows = req.rows;
    const nRows = rows ? rows.length : this.n;
    return tf.tidy(() => {
      const Wt = this.weightsT(req.W);
      const Xr = rows ? tf.tensor2d(this.gather(rows), [nRows, d]) : this.X;
      const R = tf.fused.matMul({ a: Xr, b: Wt, activation: "relu" }) as TF.Tensor2D;
      const f = tf.matMul(R, tf.tensor2d(req.a, [M, 1])).dataSync() as Float32Array;
      let errors = 0, hingeSum = 0, unsatisfied = 0;
      const gFull = new Float32Array(nRows);
      const idx = new Int32Array(nRows);
      const gScale = 1 / (req.norm * alpha);
      for (let k = 0; k < nRows; k++) {
        const n = rows ? rows[k] : k;
        const y = data.y[n];
        const F = (f[k] - f0[n]) / M; // exactly 0 at t = 0
        if (y * F <= 0) errors++;
        const gap = h - y * alpha * F;
        if (gap > 0) {
          hingeSum += gap;
          gFull[k] = y * gScale;
          idx[unsatisfied++] = k;
          this.lastUnsatisfied[n] = req.t;
        }
      }
      let SW: Float32Array = new Float32Array(0);
      if (req.backward && unsatisfied > 0) {
        let Rb: TF.Tensor2D, Xb: TF.Tensor2D, g: Float32Array;
        if (unsatisfied > MASKED_ABOVE * nRows) {
          // Most rows contribute: multiply by the masked weights rather than gather.
          [Rb, Xb, g] = [R, Xr, gFull];
        } else {
          // Few rows contribute: gather them in JS and recompute their pre-activations.
          const sel = rows ? idx.subarray(0, unsatisfied).map((k) => rows[k]) : idx.subarray(0, unsatisfied);
          Xb = tf.tensor2d(this.gather(sel), [unsatisfied, d]);
          Rb = tf.fused.matMul({ a: Xb, b: Wt, activation: "relu" }) as TF.Tensor2D;
          g = sel.length === nRows ? gFull : Float32Array.from(idx.subarray(0, unsatisfied), (k) => gFull[k]);
        }
        const P = tf.mul(tf.step(Rb), tf.tensor2d(g, [g.length, 1]));
        SW = tf.matMul(tf.transpose(P), Xb).dataSync() as Float32Array; // (M×n)(n×d): the fast layout
      }
      const test = req.test ? this.evaluateTest(req.a, req.W) : undefined;
      const outputs = test && req.testOutputs ? { testOutputs: test.outputs, testSquares: this.testSquares(req.a, req.W) } : {};
      return { rows: nRows, unsatisfied, errors, hingeSum, SW, testErrors: test ? test.errors : -1, ...outputs };
    });
  }

  /** Misclassified test rows at parameters (a, W), and M·f of every test row. */
  evaluateTest(a: Float32Array, W: Float32Array): { errors: number; outputs: Float32Array } {
    if (!this.XTest || !this.f0Test) return { errors: 0, outputs: new Float32Array(0) };
    const f = this.outputs(this.XTest, a, W);
    let errors = 0;
    for (let k = 0; k < this.nTest; k++) if (this.data.yTest[k] * (f[k] - this.f0Test[k]) <= 0) errors++; // sign of M·F
    return { errors, outputs: f };
  }

  /** Σ_i (a_i relu(w_i·x/√d))² for every test row: with M·f, the spread of the node contributions at x. */
  private testSquares(a: Float32Array, W: Float32Array): Float32Array {
    const { tf } = this;
    if (!this.XTest) return new Float32Array(0);
    return tf.tidy(() => {
      const R = tf.fused.matMul({ a: this.XTest!, b: this.weightsT(W), activation: "relu" });
      return tf.matMul(tf.square(R), tf.tensor2d(a.map((v) => v * v), [this.data.M, 1])).dataSync() as Float32Array;
    });
  }

  /** Releases the engine memory. */
  dispose(): void {
    this.X.dispose();
    this.XTest?.dispose();
  }

  /** M·f(x) = relu(Xs Wᵀ) a for every row of X (the 1/M is applied in float64 by the caller). */
  private outputs(X: TF.Tensor2D, a: Float32Array, W: Float32Array): Float32Array {
    const { tf } = this;
    return tf.tidy(() => {
      const R = tf.fused.matMul({ a: X, b: this.weightsT(W), activation: "relu" });
      return tf.matMul(R, tf.tensor2d(a, [this.data.M, 1])).dataSync() as Float32Array;
    });
  }

  /** Wᵀ as a d×M tensor (W is M×d row-major). */
  private weightsT(W: Float32Array): TF.Tensor2D {
    const { M, d } = this.data;
    const t = new Float32Array(M * d);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) t[j * M + i] = W[i * d + j];
    return this.tf.tensor2d(t, [d, M]);
  }

  /** Rows of Xs, copied in JS (tfjs' gather is slow on the WASM backend). */
  private gather(sel: ArrayLike<number>): Float32Array {
    const d = this.data.d;
    const out = new Float32Array(sel.length * d);
    for (let k = 0; k < sel.length; k++) out.set(this.xs.subarray(sel[k] * d, sel[k] * d + d), k * d);
    return out;
  }
}

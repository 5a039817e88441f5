/**
 * The arithmetic a shard asks of its engine, per tile of rows (shard.ts does the bookkeeping), and its
 * TensorFlow.js-ops version for the CPU engines (WASM, native): R = relu(Xs Wᵀ) by a fused matmul, M·f = R a,
 * and the gradient sum Pᵀ Xs with P_ni = g_n 1[z_ni > 0].
 */
import type * as TF from "@tensorflow/tfjs";
import type { Engine, Tf } from "./engine";
import { count, type RowSet, type Rows } from "./shard";

export interface ShardKernels {
  /** Rows per tile (the bookkeeping walks the sets in tiles [k·T, (k+1)·T)). */
  readonly tileRows: number;
  /** The parameters of the coming forward and backward calls (a: M, W: M×d row-major). */
  setWeights(a: Float32Array, W: Float32Array): void;
  releaseWeights(): void;
  /** M·f(x) of the given rows of one tile, and with `squares` Σ_i φ_i(x)², φ_i = a_i relu(w_i·x). */
  forward(set: RowSet, rows: Rows, squares: boolean): Promise<{ f: Float32Array; squares?: Float32Array }>;
  /**
   * Σ_n g_n 1[z_ni > 0] Xs_n (M×d, row-major) over `rows` of the training set (the unsatisfied rows of the
   * tile last passed to forward, in row order; `g` one weight per row).
   */
  backward(rows: Rows, g: Float32Array): Promise<Float32Array>;
  /** Releases what the kernels hold; awaited before the thread that made them may end. */
  dispose(): void | Promise<void>;
}

/** Elements of one tile's N×M intermediate (16 MB in float32). */
const TILE_ELEMENTS = 1 << 22;

/** The kernels on TensorFlow.js's own ops (WASM or native CPU), one tile at a time. */
export class TfKernels implements ShardKernels {
  readonly tileRows: number;
  private Wt: TF.Tensor2D | null = null;
  private aCol: TF.Tensor2D | null = null;
  /** The last training forward's inputs and R, kept for a backward over all of its rows. */
  private last: { rows: Rows; X: TF.Tensor2D; R: TF.Tensor2D } | null = null;
  /** Gather buffers for the forward and the backward pass of one tile (each engine copies what it is given). */
  private readonly scratch: [Float32Array, Float32Array];

  constructor(
    private readonly tf: Tf,
    private readonly train: RowSet,
    private readonly M: number,
  ) {
    this.tileRows = Math.max(256, Math.min(16_384, Math.floor(TILE_ELEMENTS / M)));
    const size = this.tileRows * train.d;
    this.scratch = [new Float32Array(size), new Float32Array(size)];
  }

  setWeights(a: Float32Array, W: Float32Array): void {
    const { M } = this;
    const d = this.train.d;
    const t = new Float32Array(M * d);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) t[j * M + i] = W[i * d + j];
    this.Wt = this.tf.tensor2d(t, [d, M]);
    this.aCol = this.tf.tensor2d(a, [M, 1]);
  }

  releaseWeights(): void {
    this.forget();
    this.Wt?.dispose();
    this.aCol?.dispose();
    this.Wt = this.aCol = null;
  }

  async forward(set: RowSet, rows: Rows, squares: boolean): Promise<{ f: Float32Array; squares?: Float32Array }> {
    const { tf } = this;
    this.forget();
    const X = tf.tensor2d(set.inputs(rows, this.scratch[0]), [count(rows), set.d]);
    const R = tf.fused.matMul({ a: X, b: this.Wt!, activation: "relu" }) as TF.Tensor2D;
    // (tidy returns nothing: it would walk a returned typed array element by element)
    let f: Float32Array = new Float32Array(0);
    let sq: Float32Array | undefined;
    tf.tidy(() => {
      f = tf.matMul(R, this.aCol!).dataSync() as Float32Array;
      if (squares) sq = tf.matMul(tf.square(R), tf.square(this.aCol!)).dataSync() as Float32Array;
    });
    if (set === this.train) this.last = { rows, X, R };
    else tf.dispose([X, R]);
    return { f, squares: sq };
  }

  async backward(rows: Rows, g: Float32Array): Promise<Float32Array> {
    const { tf } = this;
    const d = this.train.d;
    const nU = count(rows);
    let sw: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      // From the forward's R when it covered exactly these rows, else R recomputed on the gathered rows (the same
      // values, row by row).
      let X: TF.Tensor2D, R: TF.Tensor2D;
      if (this.last && this.last.rows === rows) ({ X, R } = this.last);
      else {
        X = tf.tensor2d(this.train.inputs(rows, this.scratch[1]), [nU, d]);
        R = tf.fused.matMul({ a: X, b: this.Wt!, activation: "relu" }) as TF.Tensor2D;
      }
      const PT = tf.transpose(tf.mul(tf.step(R), tf.tensor2d(g, [nU, 1])));
      sw = tf.matMul(PT, X).dataSync() as Float32Array;
    });
    this.forget();
    return sw;
  }

  dispose(): void {
    this.releaseWeights();
  }

  private forget(): void {
    if (this.last) this.tf.dispose([this.last.X, this.last.R]);
    this.last = null;
  }
}

/**
 * The kernels for a shard on `engine`: WGSL programs on WebGPU, ONNX models on ONNX Runtime (on `threads` of its
 * own), TensorFlow.js's ops elsewhere.
 */
export function kernelsFor(engine: Engine, M: number, threads = 1): (train: RowSet, test: RowSet) => ShardKernels {
  if (engine.backend === "webgpu") {
    // Loaded only here: the optional WebGPU packages stay out of CPU runs.
    const { WebGpuKernels } = require("./webgpu/kernels") as typeof import("./webgpu/kernels");
    return (train, test) => new WebGpuKernels(engine.tf, train, test, M);
  }
  if (engine.backend === "onnxruntime") {
    const { OrtKernels } = require("./onnx/kernels") as typeof import("./onnx/kernels");
    return (train) => new OrtKernels(engine.ort!, train, M, threads);
  }
  return (train) => new TfKernels(engine.tf, train, M);
}

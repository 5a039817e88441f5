/**
 * The shard's kernels on WebGPU: the rows stay on the device (one buffer per tile, each under the 2 GiB a shader
 * can bind), the parameters go up once per step, and only M·f of the evaluated rows (k floats) and the gradient
 * sum (M×d) come back, asynchronously (`dataSync` does not work on this backend in Node). Row skipping is the
 * CPU's: the uncertified rows go down as a list, so the device works on them alone (compacted).
 */
import type * as TF from "@tensorflow/tfjs";
import type { Tf } from "../engine";
import type { ShardKernels } from "../kernels";
import { Random } from "../../random";
import { count, RowSet, type Rows } from "../shard";
import { backwardProgram, forwardProgram, type Program } from "./programs";

/** Floats per device tile of X: 256 MiB (far under the 2 GiB binding limit), or the adapter's limit if less. */
const TILE_FLOATS = 1 << 26;

interface WebGpuBackend {
  device: {
    limits: { maxStorageBufferBindingSize: number };
    pushErrorScope(filter: "validation"): void;
    popErrorScope(): Promise<{ message: string } | null>;
  };
  submitQueue(): void;
  endComputePassEncoder(): void;
  runWebGPUProgram(
    program: Program,
    inputs: TF.TensorInfo[],
    dtype: "float32",
    uniforms: { type: "int32"; data: number[] }[],
  ): TF.TensorInfo;
}

export class WebGpuKernels implements ShardKernels {
  readonly tileRows: number;
  /** Each set's rows on the device, tile by tile. */
  private readonly tiles = new Map<RowSet, TF.Tensor2D[]>();
  private W: TF.Tensor2D | null = null;
  private a: TF.Tensor1D | null = null;
  /** The tile of the last training forward (the backward's rows are in it). */
  private lastTile = 0;
  private readonly none: TF.Tensor1D;

  constructor(
    private readonly tf: Tf,
    private readonly train: RowSet,
    test: RowSet,
    private readonly M: number,
    tileFloats?: number,
  ) {
    const d = train.d;
    tileFloats ??= Math.min(
      TILE_FLOATS,
      (tf.backend() as unknown as WebGpuBackend).device.limits.maxStorageBufferBindingSize / 4,
    );
    this.tileRows = Math.max(1, Math.floor(tileFloats / d));
    for (const set of [train, test]) {
      const tiles: TF.Tensor2D[] = [];
      for (let lo = 0; lo < set.n; lo += this.tileRows) {
        const hi = Math.min(set.n, lo + this.tileRows);
        tiles.push(tf.tensor2d(set.xs.subarray(lo * d, hi * d), [hi - lo, d]));
      }
      this.tiles.set(set, tiles);
    }
    this.none = tf.tensor1d([0], "int32");
  }

  setWeights(a: Float32Array, W: Float32Array): void {
    this.W = this.tf.tensor2d(W, [this.M, this.train.d]);
    this.a = this.tf.tensor1d(a);
  }

  releaseWeights(): void {
    this.W?.dispose();
    this.a?.dispose();
    this.W = this.a = null;
  }

  async forward(set: RowSet, rows: Rows, squares: boolean): Promise<{ f: Float32Array; squares?: Float32Array }> {
    const k = count(rows);
    const { tile, inputs, uniforms, dispose } = this.rowsOn(set, rows);
    if (set === this.train) this.lastTile = tile;
    const out = await this.run(
      forwardProgram(k, set.d, this.M),
      [this.tiles.get(set)![tile], this.W!, this.a!, inputs],
      uniforms,
    );
    try {
      const both = (await out.data()) as Float32Array;
      return { f: both.slice(0, k), squares: squares ? both.slice(k) : undefined };
    } finally {
      out.dispose();
      dispose();
    }
  }

  async backward(rows: Rows, g: Float32Array): Promise<Float32Array> {
    const { tf, train } = this;
    const k = count(rows);
    const { inputs, uniforms, dispose } = this.rowsOn(train, rows, this.lastTile);
    const gT = tf.tensor1d(g);
    const partial = await this.run(
      backwardProgram(k, train.d, this.M),
      [this.tiles.get(train)![this.lastTile], this.W!, gT, inputs],
      uniforms,
    );
    const sum = tf.sum(partial, 0);
    try {
      return (await sum.data()) as Float32Array;
    } finally {
      tf.dispose([gT, partial, sum]);
      dispose();
    }
  }

  dispose(): void {
    this.releaseWeights();
    for (const tiles of this.tiles.values()) this.tf.dispose(tiles);
    this.tiles.clear();
    this.none.dispose();
  }

  /** The rows as the programs take them: a range as (first, count), a list as tile-local indices on the device. */
  private rowsOn(set: RowSet, rows: Rows, tile?: number) {
    const T = this.tileRows;
    const first = rows instanceof Int32Array ? (rows.length > 0 ? rows[0] : 0) : rows[0];
    const t = tile ?? Math.floor(first / T);
    const lo = t * T;
    if (!(rows instanceof Int32Array))
      return { tile: t, inputs: this.none, uniforms: ints(count(rows), rows[0] - lo, 0), dispose: () => {} };
    const idx = this.tf.tensor1d(
      rows.map((r) => r - lo),
      "int32",
    );
    return { tile: t, inputs: idx, uniforms: ints(rows.length, 0, 1), dispose: () => idx.dispose() };
  }

  /** Runs a program; its first run is checked for validation errors (Dawn reports them without throwing). */
  private async run(program: Program, inputs: TF.Tensor[], uniforms: { type: "int32"; data: number[] }[]) {
    const backend = this.tf.backend() as unknown as WebGpuBackend;
    const key = program.shaderKey; // (tfjs appends the shapes to it)
    const first = !this.checked.has(key);
    if (first) backend.device.pushErrorScope("validation");
    const out = this.tf
      .engine()
      .makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, "float32", uniforms));
    if (first) {
      backend.endComputePassEncoder();
      backend.submitQueue();
      const error = await backend.device.popErrorScope();
      if (error) {
        out.dispose();
        throw new Error(`WebGPU program ${key} failed: ${error.message}`);
      }
      this.checked.add(key);
    }
    return out;
  }
  private readonly checked = new Set<string>();
}

const ints = (...values: number[]) => values.map((v) => ({ type: "int32" as const, data: [v] }));

/**
 * Runs both programs once on a small problem (sizes off the programs' tiles, three device tiles, listed rows) and
 * checks them against float64: an adapter whose compiler gets them wrong is refused before it trains anything.
 */
export async function selfTest(tf: Tf): Promise<void> {
  const [n, d, M] = [70, 19, 23];
  const rng = new Random(20);
  const xs = rng.fillNormal(new Float32Array(n * d));
  const a = rng.fillNormal(new Float32Array(M));
  const W = rng.fillNormal(new Float32Array(M * d));
  const set = new RowSet(xs, n, d, null);
  const kernels = new WebGpuKernels(tf, set, new RowSet(xs.slice(0, d), 1, d, null), M, 32 * d);
  const rows = new Int32Array([32, 33, 40, 63]); // within the second tile
  const g = Float32Array.from(rows, (_, q) => (q % 2 ? -1 : 1) / n);
  kernels.setWeights(a, W);
  try {
    const { f } = await kernels.forward(set, rows, false);
    const sw = await kernels.backward(rows, g);
    const f64 = new Float64Array(rows.length);
    const sw64 = new Float64Array(M * d);
    rows.forEach((r, q) => {
      for (let i = 0; i < M; i++) {
        let z = 0;
        for (let j = 0; j < d; j++) z += W[i * d + j] * xs[r * d + j];
        f64[q] += a[i] * Math.max(0, z);
        if (z > 0) for (let j = 0; j < d; j++) sw64[i * d + j] += g[q] * xs[r * d + j];
      }
    });
    const worst = (v: ArrayLike<number>, r: Float64Array) => {
      const scale = Math.max(...Array.from(r, Math.abs));
      let e = 0;
      for (let k = 0; k < r.length; k++) e = Math.max(e, Math.abs(v[k] - r[k]) / scale);
      return e;
    };
    const err = Math.max(worst(f, f64), worst(sw, sw64));
    if (!(err < 1e-4))
      throw new Error(`its results disagree with float64 on this adapter (relative error ${err}); not used`);
  } finally {
    kernels.dispose();
  }
}

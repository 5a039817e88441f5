/**
 * The kernels on ONNX Runtime's CPU engine (the optional npm package onnxruntime-node: native, AVX2/AVX-512 or
 * NEON GEMMs, prebuilt for Linux, macOS arm64 and Windows), one thread per shard (docs/design.md §2).
 *
 * Row independence (shard.ts's determinism) holds for ONNX Runtime's GEMMs only for whole groups of rows: the
 * product by the column a treats the last n mod 4 rows, and Xs Wᵀ a single row, along other paths with other
 * roundings. So every forward pass runs on a multiple of ROW_GROUP rows, padded with zero rows; the engine's
 * start (selfTest) checks on this machine that a row's output then does not depend on its batch.
 */
import type * as Ort from "onnxruntime-node";
import { count, RowSet, type Rows } from "../shard";
import type { ShardKernels } from "../kernels";
import { backwardModel, forwardModel } from "./graphs";

type OrtModule = typeof Ort;

/** Rows of a forward pass come in multiples of this (zero rows pad the rest). */
const ROW_GROUP = 16;
/** Elements of one tile's n×M intermediate (16 MB in float32), as the TensorFlow.js kernels. */
const TILE_ELEMENTS = 1 << 22;

/** onnxruntime-node when it is installed and its native library loads here; undefined otherwise. */
export function onnxRuntime(): OrtModule | undefined {
  try {
    return require("onnxruntime-node") as OrtModule;
  } catch {
    return undefined;
  }
}

const SESSION: Ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1, // one shard per worker thread, as on WASM
  interOpNumThreads: 1,
  executionMode: "sequential",
};

/** The three sessions of one (d, M): forward, forward with squares, backward. */
class Sessions {
  private readonly made = new Map<string, Promise<Ort.InferenceSession>>();
  constructor(
    private readonly ort: OrtModule,
    readonly d: number,
    readonly M: number,
  ) {}
  get(kind: "forward" | "squares" | "backward"): Promise<Ort.InferenceSession> {
    let s = this.made.get(kind);
    if (!s) {
      const bytes =
        kind === "backward" ? backwardModel(this.d, this.M) : forwardModel(this.d, this.M, kind === "squares");
      s = this.ort.InferenceSession.create(bytes, SESSION);
      this.made.set(kind, s);
    }
    return s;
  }
  async release(): Promise<void> {
    const all = await Promise.all(this.made.values());
    this.made.clear();
    await Promise.all(all.map((s) => s.release()));
  }
}

export class OrtKernels implements ShardKernels {
  readonly tileRows: number;
  private readonly sessions: Sessions;
  private Wt: Ort.Tensor | null = null;
  private a: Ort.Tensor | null = null;
  /** Gather buffer of a tile's rows (zero beyond the rows gathered). */
  private readonly scratch: Float32Array;

  constructor(
    private readonly ort: OrtModule,
    private readonly train: RowSet,
    M: number,
    private readonly rowGroup = ROW_GROUP,
  ) {
    const rows = Math.max(256, Math.min(16_384, Math.floor(TILE_ELEMENTS / M)));
    this.tileRows = rows - (rows % rowGroup);
    this.sessions = new Sessions(ort, train.d, M);
    this.scratch = new Float32Array(this.tileRows * train.d);
  }

  setWeights(a: Float32Array, W: Float32Array): void {
    const { M, d } = this.sessions;
    const t = new Float32Array(M * d);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) t[j * M + i] = W[i * d + j];
    this.Wt = new this.ort.Tensor("float32", t, [d, M]);
    this.a = new this.ort.Tensor("float32", a.slice(), [M, 1]);
  }

  releaseWeights(): void {
    this.Wt = this.a = null;
  }

  async forward(set: RowSet, rows: Rows, squares: boolean): Promise<{ f: Float32Array; squares?: Float32Array }> {
    const n = count(rows);
    const padded = Math.ceil(n / this.rowGroup) * this.rowGroup;
    const X = this.rowsOf(set, rows, padded);
    const session = await this.sessions.get(squares ? "squares" : "forward");
    const out = await session.run({ X: new this.ort.Tensor("float32", X, [padded, set.d]), Wt: this.Wt!, a: this.a! });
    const f = (out.f.data as Float32Array).slice(0, n);
    return { f, squares: squares ? (out.s.data as Float32Array).slice(0, n) : undefined };
  }

  async backward(rows: Rows, g: Float32Array): Promise<Float32Array> {
    const n = count(rows);
    const X = this.rowsOf(this.train, rows, n);
    const gCol = new this.ort.Tensor("float32", g.subarray(0, n), [n, 1]);
    const session = await this.sessions.get("backward");
    const out = await session.run({ X: new this.ort.Tensor("float32", X, [n, this.train.d]), Wt: this.Wt!, g: gCol });
    return out.SW.data as Float32Array;
  }

  dispose(): void {
    this.releaseWeights();
    void this.sessions.release();
  }

  /** The inputs of `rows`, followed by zero rows up to `padded` rows (a view when no copy is needed). */
  private rowsOf(set: RowSet, rows: Rows, padded: number): Float32Array {
    const n = count(rows);
    const d = set.d;
    if (!(rows instanceof Int32Array) && padded === n) return set.xs.subarray(rows[0] * d, rows[1] * d);
    if (rows instanceof Int32Array) set.inputs(rows, this.scratch);
    else this.scratch.set(set.xs.subarray(rows[0] * d, rows[1] * d));
    return this.scratch.subarray(0, padded * d).fill(0, n * d);
  }
}

/**
 * Checks, before anything trains, that the forward pass gives every row the same bits whatever batch it is in
 * (whole, a slice at an odd offset, a scattered list, one row), and that both kernels agree with float64 to
 * 1e-5 of the scale: on a CPU whose GEMM paths break row independence the engine is refused. `rowGroup`: the
 * padding under test.
 */
export async function selfTest(ort: OrtModule, rowGroup = ROW_GROUP): Promise<void> {
  for (const [d, M] of [
    [19, 23],
    [100, 400],
  ]) {
    const n = 80;
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1;
    const x = Float32Array.from({ length: n * d }, rnd);
    const W = Float32Array.from({ length: M * d }, rnd);
    const a = Float32Array.from({ length: M }, rnd);
    const set = new RowSet(x, n, d, null);
    const k = new OrtKernels(ort, set, M, rowGroup);
    k.setWeights(a, W);
    try {
      const all = (await k.forward(set, [0, n], false)).f;
      const batches: Rows[] = [[3, 40], Int32Array.from([1, 8, 9, 30, 31, 77, 79]), Int32Array.from([42]), [5, 69]];
      for (const rows of batches) {
        const f = (await k.forward(set, rows, false)).f;
        for (let j = 0; j < f.length; j++) {
          const r = rows instanceof Int32Array ? rows[j] : rows[0] + j;
          if (!Object.is(f[j], all[r]))
            throw new Error(
              `onnxruntime: row ${r}'s output depends on its batch (${f[j]} vs ${all[r]}, d = ${d}, M = ${M})`,
            );
        }
      }
      const g = Float32Array.from({ length: n }, (_, r) => (r % 3 === 0 ? 0 : rnd()));
      const SW = await k.backward([0, n], g);
      const ref = reference(x, W, a, g, n, d, M);
      agree("forward", all, ref.f);
      agree("backward", SW, ref.SW);
    } finally {
      k.dispose();
    }
  }
}

/** M·f and Σ g 1[z > 0] x in float64. */
function reference(
  x: Float32Array,
  W: Float32Array,
  a: Float32Array,
  g: Float32Array,
  n: number,
  d: number,
  M: number,
) {
  const f = new Float64Array(n);
  const SW = new Float64Array(M * d);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < M; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += W[i * d + j] * x[r * d + j];
      if (z <= 0) continue;
      f[r] += a[i] * z;
      for (let j = 0; j < d; j++) SW[i * d + j] += g[r] * x[r * d + j];
    }
  return { f, SW };
}

function agree(name: string, v: ArrayLike<number>, ref: Float64Array): void {
  const scale = Math.max(...Array.from(ref, Math.abs));
  for (let i = 0; i < ref.length; i++)
    if (!(Math.abs(v[i] - ref[i]) <= 1e-5 * scale))
      throw new Error(`onnxruntime: the ${name} kernel disagrees with float64 (${v[i]} vs ${ref[i]} at ${i})`);
}

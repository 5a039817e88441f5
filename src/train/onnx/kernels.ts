/**
 * The kernels on ONNX Runtime's CPU engine (the optional npm package onnxruntime-node: native, AVX2/AVX-512 or
 * NEON GEMMs, prebuilt for Linux, macOS arm64 and Windows): one shard in the calling thread, its products spread
 * over ONNX Runtime's own `threads` (docs/design.md §2). Never in worker threads: the native addon keeps one
 * runtime for the whole process, and starting and ending it in several threads has aborted Node.
 *
 * Row independence (shard.ts's determinism): ONNX Runtime multiplies a single row, or by a single column, along
 * its matrix–vector path, with other roundings than in a matrix product. So every forward pass runs on a multiple
 * of ROW_GROUP rows (padded with copies of its first row) and a is one of two columns (graphs.ts); the engine's start
 * (selfTest) checks on this machine, with the threads it will use, that a row's output then does not depend on
 * its batch.
 */
import type * as Ort from "onnxruntime-node";
import { count, RowSet, type Rows } from "../shard";
import type { ShardKernels } from "../kernels";
import { backwardModel, forwardModel } from "./graphs";

type OrtModule = typeof Ort;

/** Rows of a forward pass come in multiples of this (copies of its first row pad the rest). */
const ROW_GROUP = 16;
/** Elements of one tile's n×M intermediate (16 MB in float32), as the TensorFlow.js kernels. */
const TILE_ELEMENTS = 1 << 22;
/**
 * Elements of one forward call's n×M intermediate (6.5 MB, 4096 rows at M = 400): a tile's forward pass runs in
 * calls of this size, whose intermediates stay in cache (0.8 against 0.9–1.3 µs a row for a whole tile at d = 100,
 * M = 400, measured here). Rows are independent, so the bits do not change.
 */
const FORWARD_ELEMENTS = 4096 * 400;

/** onnxruntime-node when it is installed and its native library loads here; undefined otherwise. */
export function onnxRuntime(): OrtModule | undefined {
  try {
    return require("onnxruntime-node") as OrtModule;
  } catch {
    return undefined;
  }
}

/** The three sessions of one (d, M): forward, forward with squares, backward. */
class Sessions {
  private readonly made = new Map<string, Promise<Ort.InferenceSession>>();
  private readonly options: Ort.InferenceSession.SessionOptions;
  constructor(
    private readonly ort: OrtModule,
    readonly d: number,
    readonly M: number,
    threads: number,
  ) {
    this.options = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      // Its threads sleep between products instead of spinning: the bookkeeping between them needs the cores.
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    };
  }
  get(kind: "forward" | "squares" | "backward"): Promise<Ort.InferenceSession> {
    let s = this.made.get(kind);
    if (!s) {
      const bytes =
        kind === "backward" ? backwardModel(this.d, this.M) : forwardModel(this.d, this.M, kind === "squares");
      s = this.ort.InferenceSession.create(bytes, this.options);
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
  /** Rows of one forward call (a multiple of rowGroup). */
  private readonly forwardRows: number;
  private readonly sessions: Sessions;
  /** Wᵀ (d×M) for the forward, W (M×d) for the backward. */
  private Wt: Ort.Tensor | null = null;
  private W: Ort.Tensor | null = null;
  private a: Ort.Tensor | null = null;
  /** Each row set's inputs as one tensor (a view of its memory: ONNX Runtime gathers the rows it computes). */
  private readonly all = new Map<RowSet, Ort.Tensor>();

  constructor(
    private readonly ort: OrtModule,
    private readonly train: RowSet,
    M: number,
    threads: number,
    private readonly rowGroup = ROW_GROUP,
  ) {
    // Twice the TensorFlow.js kernels' tiles whatever `threads`: the tiles fix the backward's order of summation.
    const rows = 2 * Math.max(256, Math.min(16_384, Math.floor(TILE_ELEMENTS / M)));
    this.tileRows = rows - (rows % rowGroup);
    this.forwardRows = Math.max(rowGroup, Math.floor(FORWARD_ELEMENTS / M / rowGroup) * rowGroup);
    this.sessions = new Sessions(ort, train.d, M, threads);
  }

  setWeights(a: Float32Array, W: Float32Array): void {
    const { M, d } = this.sessions;
    const t = new Float32Array(M * d);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) t[j * M + i] = W[i * d + j];
    this.Wt = new this.ort.Tensor("float32", t, [d, M]);
    this.W = new this.ort.Tensor("float32", W.slice(0, M * d), [M, d]);
    const A = new Float32Array(2 * M);
    for (let i = 0; i < M; i++) [A[2 * i], A[2 * i + 1]] = [a[i], a[i] * a[i]];
    this.a = new this.ort.Tensor("float32", A, [M, 2]);
  }

  releaseWeights(): void {
    this.Wt = this.W = this.a = null;
  }

  async forward(set: RowSet, rows: Rows, squares: boolean): Promise<{ f: Float32Array; squares?: Float32Array }> {
    const n = count(rows);
    const f = new Float32Array(n);
    const s = squares ? new Float32Array(n) : undefined;
    const session = await this.sessions.get(squares ? "squares" : "forward");
    for (let lo = 0; lo < n; lo += this.forwardRows) {
      const hi = Math.min(n, lo + this.forwardRows);
      const part: Rows = rows instanceof Int32Array ? rows.subarray(lo, hi) : [rows[0] + lo, rows[0] + hi];
      const idx = this.indices(part, Math.ceil((hi - lo) / this.rowGroup) * this.rowGroup);
      const out = await session.run({ Xall: this.inputs(set), idx, Wt: this.Wt!, A: this.a! });
      column(out.f.data as Float32Array, 0, f, lo, hi);
      if (s) column(out.s.data as Float32Array, 1, s, lo, hi);
    }
    return { f, squares: s };
  }

  async backward(rows: Rows, g: Float32Array): Promise<Float32Array> {
    const n = count(rows);
    const gCol = new this.ort.Tensor("float32", g.subarray(0, n), [n, 1]);
    const session = await this.sessions.get("backward");
    const out = await session.run({ Xall: this.inputs(this.train), idx: this.indices(rows, n), W: this.W!, g: gCol });
    return out.SW.data as Float32Array;
  }

  /** Releases the native sessions (awaited: a finished run leaves none behind). */
  async dispose(): Promise<void> {
    this.releaseWeights();
    this.all.clear();
    await this.sessions.release();
  }

  /** The set's rows as one N×d tensor over its memory. */
  private inputs(set: RowSet): Ort.Tensor {
    let t = this.all.get(set);
    if (!t) {
      t = new this.ort.Tensor("float32", set.xs, [set.n, set.d]);
      this.all.set(set, t);
    }
    return t;
  }

  /** The indices of `rows`, then copies of the first one up to `padded` (int32). */
  private indices(rows: Rows, padded: number): Ort.Tensor {
    const n = count(rows);
    const idx = new Int32Array(padded);
    if (rows instanceof Int32Array) idx.set(rows);
    else for (let j = 0; j < n; j++) idx[j] = rows[0] + j;
    idx.fill(idx[0], n);
    return new this.ort.Tensor("int32", idx, [padded]);
  }
}

/** Column `j` of the first hi − lo rows of an n×2 row-major matrix, into out[lo, hi). */
function column(m: Float32Array, j: number, out: Float32Array, lo: number, hi: number): void {
  for (let r = lo; r < hi; r++) out[r] = m[2 * (r - lo) + j];
}

const verified = new Map<number, Promise<void>>();
/** selfTest once per process and thread count (the engine's start, and a run on other threads, ask for it). */
export function verify(ort: OrtModule, threads: number): Promise<void> {
  let p = verified.get(threads);
  if (!p) {
    p = selfTest(ort, threads);
    verified.set(threads, p);
  }
  return p;
}

/**
 * Checks, before anything trains, that the forward pass on `threads` threads gives every row the same bits
 * whatever batch it is in (whole, slices at odd offsets, a scattered list, one row), and that both kernels agree
 * with float64 to 1e-5 of the scale: on a CPU whose GEMM paths break row independence the engine is refused.
 * `rowGroup`: the padding under test.
 */
export async function selfTest(ort: OrtModule, threads: number, rowGroup = ROW_GROUP): Promise<void> {
  for (const [d, M, n] of [
    [19, 23, 80],
    [100, 400, 1000],
  ]) {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1;
    const x = Float32Array.from({ length: n * d }, rnd);
    const W = Float32Array.from({ length: M * d }, rnd);
    const a = Float32Array.from({ length: M }, rnd);
    const set = new RowSet(x, n, d, null);
    const k = new OrtKernels(ort, set, M, threads, rowGroup);
    k.setWeights(a, W);
    try {
      const all = (await k.forward(set, [0, n], false)).f;
      const odd = Int32Array.from({ length: Math.floor(n / 3) }, (_, j) => 3 * j + 1);
      const batches: Rows[] = [
        [3, 40],
        Int32Array.from([1, 8, 9, 30, 31, 77, 79]),
        Int32Array.from([42]),
        [5, n - 3],
        odd,
      ];
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
      const withSquares = await k.forward(set, [0, n], true);
      agree("forward (with squares)", withSquares.f, ref.f);
      agree("squares", withSquares.squares!, ref.squares);
    } finally {
      await k.dispose();
    }
  }
}

/** M·f, Σ_i (a_i relu(z_i))² and Σ g 1[z > 0] x in float64. */
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
  const squares = new Float64Array(n);
  const SW = new Float64Array(M * d);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < M; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += W[i * d + j] * x[r * d + j];
      if (z <= 0) continue;
      f[r] += a[i] * z;
      squares[r] += (a[i] * z) ** 2;
      for (let j = 0; j < d; j++) SW[i * d + j] += g[r] * x[r * d + j];
    }
  return { f, squares, SW };
}

function agree(name: string, v: ArrayLike<number>, ref: Float64Array): void {
  const scale = Math.max(...Array.from(ref, Math.abs));
  for (let i = 0; i < ref.length; i++)
    if (!(Math.abs(v[i] - ref[i]) <= 1e-5 * scale))
      throw new Error(`onnxruntime: the ${name} kernel disagrees with float64 (${v[i]} vs ${ref[i]} at ${i})`);
}

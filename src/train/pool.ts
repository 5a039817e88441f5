/**
 * Data parallelism: the training set split into shards, each on its own engine. With one worker the
 * shard runs in this thread; with more, each shard runs in a worker thread with its own TensorFlow.js.
 * Either way every call goes to all shards at once and returns their answers in shard order.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { loadEngine, type BackendName, type Engine } from "./engine";
import { kernelsFor } from "./kernels";
import { Shard, type Satisfaction, type ShardData, type ShardStep, type StepRequest } from "./shard";

/** The requests every shard answers (see worker.ts for the thread side). */
export interface ShardPool {
  readonly size: number;
  initialize(a: Float32Array, W: Float32Array): Promise<void>;
  /** `rows[s]`: shard s's local minibatch rows (absent: all rows). */
  step(req: Omit<StepRequest, "rows">, rows?: Int32Array[]): Promise<ShardStep[]>;
  /** Each shard's satisfaction record per row. */
  satisfaction(): Promise<Satisfaction[]>;
  close(): Promise<void>;
}

/** Splits rows [0, N) into `parts` contiguous ranges of nearly equal size. */
export function splitRows(N: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, s) => [Math.floor((s * N) / parts), Math.floor(((s + 1) * N) / parts)]);
}

/** The slice of the data owned by shard rows [lo, hi) (test rows split the same way). */
export function shardSlice(all: ShardData, [lo, hi]: [number, number], [tlo, thi]: [number, number]): ShardData {
  const d = all.d;
  return {
    ...all,
    x: all.x.slice(lo * d, hi * d),
    y: all.y.slice(lo, hi),
    xTest: all.xTest.slice(tlo * d, thi * d),
    yTest: all.yTest.slice(tlo, thi),
  };
}

/** Shards in this thread, one after another. */
class LocalPool implements ShardPool {
  constructor(private readonly shards: Shard[]) {}
  get size() {
    return this.shards.length;
  }
  async initialize(a: Float32Array, W: Float32Array) {
    for (const s of this.shards) await s.initialize(a, W);
  }
  async step(req: Omit<StepRequest, "rows">, rows?: Int32Array[]) {
    const out: ShardStep[] = [];
    for (const [i, s] of this.shards.entries()) out.push(await s.step({ ...req, rows: rows?.[i] }));
    return out;
  }
  async satisfaction() {
    return this.shards.map((s) => s.satisfaction());
  }
  async close() {
    for (const s of this.shards) await s.dispose();
  }
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Shards in worker threads, all working at once. */
class WorkerPool implements ShardPool {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(m.error));
      });
      w.on("error", (e) => this.failAll(e));
    }
  }
  get size() {
    return this.workers.length;
  }
  private failAll(e: Error) {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
  private call<T>(w: Worker, method: string, args: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, method, args }, transfer);
    });
  }
  private all<T>(method: string, args: (i: number) => unknown): Promise<T[]> {
    return Promise.all(this.workers.map((w, i) => this.call<T>(w, method, args(i))));
  }
  /** The parameters, shared with every worker: written here before each request instead of copied into it. */
  private shared: { a: Float32Array; W: Float32Array } | undefined;
  async start(backend: BackendName, data: ShardData[]) {
    const { M, d } = data[0];
    const shared = {
      a: new Float32Array(new SharedArrayBuffer(4 * M)),
      W: new Float32Array(new SharedArrayBuffer(4 * M * d)),
    };
    this.shared = shared;
    await Promise.all(
      this.workers.map((w, i) =>
        this.call(w, "start", { backend, data: data[i], shared }, [
          data[i].x.buffer,
          data[i].xTest.buffer,
        ] as ArrayBuffer[]),
      ),
    );
  }
  private share(a: Float32Array, W: Float32Array) {
    this.shared!.a.set(a);
    this.shared!.W.set(W);
  }
  async initialize(a: Float32Array, W: Float32Array) {
    this.share(a, W);
    await this.all("initialize", () => null);
  }
  step({ a, W, ...req }: Omit<StepRequest, "rows">, rows?: Int32Array[]) {
    this.share(a, W);
    return this.all<ShardStep>("step", (i) => ({ ...req, rows: rows?.[i] }));
  }
  satisfaction() {
    return this.all<Satisfaction>("satisfaction", () => null);
  }
  /**
   * Each worker releases its shard and ends by itself; one that has not ended within a few seconds is terminated
   * (termination while native sessions live can abort the whole process, hence not first).
   */
  async close() {
    await Promise.allSettled(this.workers.map((w) => this.call(w, "close", null)));
    await Promise.all(this.workers.map((w) => ended(w, 5000)));
  }
}

/** ONNX Runtime's start-up check for `threads` threads (loaded only here, with the optional package). */
async function verifyOnnx(engine: Engine, threads: number): Promise<void> {
  const { verify } = require("./onnx/kernels") as typeof import("./onnx/kernels");
  await verify(engine.ort!, threads);
}

/** Resolves when `w` has exited, terminating it after `ms`. */
function ended(w: Worker, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (w.threadId === -1) return resolve(); // already gone (a worker that failed)
    const late = setTimeout(() => void w.terminate().then(() => resolve()), ms);
    w.once("exit", () => {
      clearTimeout(late);
      resolve();
    });
  });
}

/** The worker script next to this file (worker.js when compiled, worker.ts under a TS loader). */
function workerScript(): string {
  const js = join(__dirname, "worker.js");
  return existsSync(js) ? js : join(__dirname, "worker.ts");
}

/**
 * Starts `workers` shards over the data (N training, NTest test rows) on `backend`, in worker threads; one shard in
 * this thread when `workers` is 1, and on the engines that are one device or one native runtime: WebGPU, and ONNX
 * Runtime (its products then on `workers` threads of its own).
 */
export async function openPool(o: {
  data: ShardData;
  N: number;
  NTest: number;
  workers: number;
  backend: BackendName;
}): Promise<ShardPool> {
  const { data: all, N, NTest, backend } = o;
  const inThread = backend === "webgpu" || backend === "onnxruntime";
  const workers = inThread ? 1 : o.workers;
  const parts = splitRows(N, workers);
  const testParts = splitRows(NTest, workers);
  const data = parts.map((r, i) => shardSlice(all, r, testParts[i]));
  if (workers === 1) {
    const engine = await loadEngine(backend);
    if (backend === "onnxruntime") await verifyOnnx(engine, o.workers);
    return new LocalPool([new Shard(data[0], kernelsFor(engine, all.M, o.workers))]);
  }
  const script = workerScript();
  // Under a TypeScript loader (tests), the worker registers tsx itself before loading worker.ts.
  const threads = data.map(() =>
    script.endsWith(".ts")
      ? new Worker(`require("tsx/cjs"); require(${JSON.stringify(script)});`, { eval: true })
      : new Worker(script),
  );
  const pool = new WorkerPool(threads);
  try {
    await pool.start(backend, data);
  } catch (e) {
    await Promise.all(threads.map((t) => t.terminate()));
    throw e;
  }
  return pool;
}

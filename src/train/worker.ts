/** Worker-thread side of the shard pool: one Shard on this thread's own engine, answering pool.ts. */
import { parentPort } from "node:worker_threads";
import { loadEngine, type BackendName } from "./engine";
import { kernelsFor } from "./kernels";
import { Shard, type ShardData, type StepRequest } from "./shard";

let shard: Shard | undefined;
/** The parameters, in memory shared with the parent (written by it before each request). */
let params: { a: Float32Array; W: Float32Array } | undefined;

const methods: Record<string, (args: never) => unknown> = {
  async start({
    backend,
    data,
    shared,
  }: {
    backend: BackendName;
    data: ShardData;
    shared: { a: Float32Array; W: Float32Array };
  }) {
    shard = new Shard(data, kernelsFor(await loadEngine(backend), data.M));
    params = shared;
  },
  initialize() {
    return need().initialize(params!.a, params!.W);
  },
  step(req: Omit<StepRequest, "a" | "W">) {
    return need().step({ ...req, a: params!.a, W: params!.W });
  },
  satisfaction() {
    return need().satisfaction();
  },
  async close() {
    await shard?.dispose();
    shard = undefined;
  },
};

/** The buffers of the typed arrays in a reply (one level deep): moved to the parent, not copied. */
function transferable(value: unknown): ArrayBuffer[] {
  const arrays = ArrayBuffer.isView(value)
    ? [value]
    : value && typeof value === "object"
      ? Object.values(value).filter(ArrayBuffer.isView)
      : [];
  return arrays.map((v) => v.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer && b.byteLength > 0);
}

function need(): Shard {
  if (!shard) throw new Error("worker shard not started");
  return shard;
}

parentPort?.on("message", async ({ id, method, args }: { id: number; method: string; args: never }) => {
  try {
    const value = await methods[method](args);
    parentPort?.postMessage({ id, ok: true, value }, transferable(value));
    // Closed: this thread then ends by itself, its native objects already released (pool.ts waits for it).
    if (method === "close") parentPort?.close();
  } catch (e) {
    parentPort?.postMessage({ id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});

/** Worker-thread side of the shard pool: one Shard on this thread's own engine, answering pool.ts. */
import { parentPort } from "node:worker_threads";
import { loadEngine, type BackendName } from "./engine";
import { Shard, type ShardData, type StepRequest } from "./shard";

let shard: Shard | undefined;

const methods: Record<string, (args: never) => unknown> = {
  async start({ backend, data }: { backend: BackendName; data: ShardData }) {
    const { tf } = await loadEngine(backend);
    shard = new Shard(tf, data);
  },
  initialize({ a, W }: { a: Float32Array; W: Float32Array }) {
    need().initialize(a, W);
  },
  step(req: StepRequest) {
    return need().step(req);
  },
  satisfaction() {
    return need().lastUnsatisfied;
  },
  close() {
    shard?.dispose();
    shard = undefined;
  },
};

function need(): Shard {
  if (!shard) throw new Error("worker shard not started");
  return shard;
}

parentPort?.on("message", async ({ id, method, args }: { id: number; method: string; args: never }) => {
  try {
    const value = await methods[method](args);
    parentPort?.postMessage({ id, ok: true, value });
  } catch (e) {
    parentPort?.postMessage({ id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});

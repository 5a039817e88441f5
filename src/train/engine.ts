/**
 * The TensorFlow.js engine: WebGPU when the optional packages `webgpu` (Dawn for Node) and
 * @tensorflow/tfjs-backend-webgpu are installed and a GPU adapter is found (webgpu/device.ts), else
 * @tensorflow/tfjs-node ("tensorflow" backend) when it is installed and its native backend really registers,
 * else WASM (SIMD, one thread), else the pure-JS CPU backend.
 */
import type * as TF from "@tensorflow/tfjs";
import { checkOneOf } from "../validate";
import { hardwareAdapterFound, startWebGpu, webGpuInstalled } from "./webgpu/device";

/** The WebGPU kernels' check against float64 (loaded only here, with the optional packages). */
async function webGpuSelfTest(tf: Tf): Promise<void> {
  const { selfTest } = require("./webgpu/kernels") as typeof import("./webgpu/kernels");
  await selfTest(tf);
}

export type Tf = typeof TF;
export type BackendName = "webgpu" | "tensorflow" | "wasm" | "cpu";
export const BACKENDS: readonly BackendName[] = ["webgpu", "tensorflow", "wasm", "cpu"];

export interface Engine {
  tf: Tf;
  backend: BackendName;
}

/** The tfjs-node module when it loads and registers the native "tensorflow" backend; undefined otherwise. */
function nativeTf(): Tf | undefined {
  try {
    // tfjs-node re-exports the whole tfjs API bound to the core its backend registered with.
    const tfn = require("@tensorflow/tfjs-node") as Tf;
    return tfn.findBackendFactory("tensorflow") ? tfn : undefined;
  } catch {
    return undefined;
  }
}

/** Backends that may start here, best first (WebGPU only proves itself by finding an adapter). */
export function availableBackends(): BackendName[] {
  const gpu: BackendName[] = webGpuInstalled() && hardwareAdapterFound() ? ["webgpu"] : [];
  return [...gpu, ...(nativeTf() ? (["tensorflow"] as const) : []), "wasm", "cpu"];
}

const cache = new Map<string, Promise<Engine>>();

/**
 * Starts the engine. With `preferred`, that backend or an error naming it; without, the best available.
 * The choice is process-wide (tfjs has one active backend) and memoised.
 */
export function loadEngine(preferred?: BackendName): Promise<Engine> {
  if (preferred !== undefined) checkOneOf("backend", preferred, BACKENDS);
  const key = preferred ?? "auto";
  let p = cache.get(key);
  if (!p) {
    p = start(preferred);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  // Another engine may have been made the active one since (tests compare engines in one process).
  return p.then(async (e) => {
    if (e.tf.getBackend() !== e.backend) await e.tf.setBackend(e.backend);
    return e;
  });
}

async function start(preferred?: BackendName): Promise<Engine> {
  const order = preferred ? [preferred] : availableBackends();
  const errors: string[] = [];
  for (const name of order) {
    try {
      const tf = name === "tensorflow" ? nativeTf() : (require("@tensorflow/tfjs") as Tf);
      if (!tf) throw new Error("@tensorflow/tfjs-node is not installed or its native library did not load");
      if (name === "wasm") require("@tensorflow/tfjs-backend-wasm");
      if (name === "webgpu") await startWebGpu(tf, preferred === "webgpu");
      if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") failed`);
      await tf.ready();
      if (name === "webgpu") await webGpuSelfTest(tf);
      return { tf, backend: name };
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`invalid backend; could not start ${order.join(" or ")} (${errors.join("; ")})`);
}

/**
 * The engine: WebGPU when the optional packages `webgpu` (Dawn for Node) and @tensorflow/tfjs-backend-webgpu are
 * installed and a GPU adapter is found (webgpu/device.ts), else @tensorflow/tfjs-node ("tensorflow" backend) when
 * it is installed and its native backend really registers, else ONNX Runtime's native CPU engine (the optional
 * onnxruntime-node) when it loads and passes its self-test (onnx/kernels.ts), else TensorFlow.js's WASM (SIMD, one
 * thread), else its pure-JS CPU backend.
 */
import { availableParallelism } from "node:os";
import type * as TF from "@tensorflow/tfjs";
import type * as Ort from "onnxruntime-node";
import { checkOneOf } from "../validate";
import { hardwareAdapterFound, startWebGpu, webGpuInstalled } from "./webgpu/device";

/** The WebGPU kernels' check against float64 (loaded only here, with the optional packages). */
async function webGpuSelfTest(tf: Tf): Promise<void> {
  const { selfTest } = require("./webgpu/kernels") as typeof import("./webgpu/kernels");
  await selfTest(tf);
}

/** ONNX Runtime (loaded only here and in onnx/, with the optional package), and its start-up check. */
const onnx = () => require("./onnx/kernels") as typeof import("./onnx/kernels");

export type Tf = typeof TF;
export type BackendName = "webgpu" | "tensorflow" | "onnxruntime" | "wasm" | "cpu";
export const BACKENDS: readonly BackendName[] = ["webgpu", "tensorflow", "onnxruntime", "wasm", "cpu"];

export interface Engine {
  /** TensorFlow.js, its backend active (the kernels of every engine but ONNX Runtime's). */
  tf: Tf;
  backend: BackendName;
  /** onnxruntime-node, on the "onnxruntime" engine. */
  ort?: typeof Ort;
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
  const native: BackendName[] = [
    ...(nativeTf() ? ["tensorflow" as const] : []),
    ...(onnx().onnxRuntime() ? ["onnxruntime" as const] : []),
  ];
  return [...gpu, ...native, "wasm", "cpu"];
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
    if (e.backend !== "onnxruntime" && e.tf.getBackend() !== e.backend) await e.tf.setBackend(e.backend);
    return e;
  });
}

async function start(preferred?: BackendName): Promise<Engine> {
  const order = preferred ? [preferred] : availableBackends();
  const errors: string[] = [];
  for (const name of order) {
    try {
      if (name === "onnxruntime") {
        const ort = onnx().onnxRuntime();
        if (!ort) throw new Error("onnxruntime-node is not installed or its native library did not load");
        await onnx().verify(ort, availableParallelism());
        return { tf: require("@tensorflow/tfjs") as Tf, backend: name, ort };
      }
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

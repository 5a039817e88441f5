/**
 * WebGPU in Node: Google's Dawn from the optional npm package `webgpu`, with TensorFlow.js's WebGPU backend
 * (@tensorflow/tfjs-backend-webgpu) on top. On Linux Dawn reaches the GPU through Vulkan (NVIDIA, AMD, Intel
 * drivers); on macOS through Metal, on Windows through D3D12.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tf } from "../engine";

/** Software Vulkan drivers: right answers, no speed. Chosen only when asked for by name. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/i;

/** Whether the optional packages are installed. */
export function webGpuInstalled(): boolean {
  try {
    require.resolve("webgpu");
    require.resolve("@tensorflow/tfjs-backend-webgpu");
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a hardware adapter is found, asked in a child process: on a machine without a GPU Dawn prints its
 * Vulkan loader's complaints straight to stderr, which would otherwise land in every notebook that trains.
 */
let probed: boolean | undefined;
export function hardwareAdapterFound(): boolean {
  if (probed !== undefined) return probed;
  const script = `
    const { create, globals } = require("webgpu");
    Object.assign(globalThis, globals);
    create([]).requestAdapter({ powerPreference: "high-performance" }).then((a) => {
      const i = (a && a.info) || {};
      const name = [i.vendor, i.architecture, i.description].filter(Boolean).join(" ");
      process.stdout.write(a && !a.isFallbackAdapter && !${SOFTWARE}.test(name) ? "yes" : "no");
      process.exit(0);
    }, () => { process.stdout.write("no"); process.exit(0); });`;
  const r = spawnSync(process.execPath, ["-e", script], {
    cwd: __dirname,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() },
  });
  probed = r.stdout === "yes";
  return probed;
}

interface Adapter {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
  isFallbackAdapter?: boolean;
}

/** The adapter's name as Dawn reports it. */
let adapterName = "";
export function webGpuAdapter(): string {
  return adapterName;
}

/**
 * Makes `navigator.gpu` Dawn's and registers the "webgpu" backend with `tf`. Throws (with what is missing) when
 * the packages are absent or no adapter is found; a software adapter only when `software` (tests).
 */
export async function startWebGpu(tf: Tf, software: boolean): Promise<void> {
  if (!webGpuInstalled())
    throw new Error("the optional packages webgpu and @tensorflow/tfjs-backend-webgpu are not installed");
  // Dawn's Vulkan loader warns about an unset XDG_RUNTIME_DIR; a private one keeps stderr clean.
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), "hinge-dynamics-xdg-"));
  const { create, globals } = require("webgpu") as {
    create: (flags: string[]) => { requestAdapter(o?: object): Promise<Adapter | null> };
    globals: object;
  };
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter)
    throw new Error(
      "no WebGPU adapter: no GPU, or no driver Dawn can use (on Linux a Vulkan ICD, e.g. the GPU vendor's, or Debian's mesa-vulkan-drivers)",
    );
  const info = adapter.info ?? {};
  adapterName = [info.vendor, info.architecture, info.description].filter(Boolean).join(" ");
  if (!software && (adapter.isFallbackAdapter || SOFTWARE.test(adapterName)))
    throw new Error(`only a software adapter (${adapterName}); ask for --backend webgpu to use it anyway`);
  const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: unknown };
  if (nav.gpu !== gpu) Object.defineProperty(nav, "gpu", { value: gpu, configurable: true });
  require("@tensorflow/tfjs-backend-webgpu");
  if (!tf.findBackendFactory("webgpu")) throw new Error("@tensorflow/tfjs-backend-webgpu did not register");
}

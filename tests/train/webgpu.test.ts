/**
 * The WebGPU engine (WGSL kernels inside tfjs-backend-webgpu, on Dawn) on a CPU Vulkan driver: SwiftShader, which
 * Debian's chromium ships (or whatever VK_ICD_FILENAMES names). Right answers only; speed needs a GPU (npm run bench
 * -- --backend webgpu). Checked against the WASM engine, a float64 reference and itself (tiles, skipping).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { Random } from "../../src/random";
import { loadEngine, type Engine } from "../../src/train/engine";
import { Shard, type ShardData } from "../../src/train/shard";
import { Trainer } from "../../src/train/trainer";
import { selfTest, WebGpuKernels } from "../../src/train/webgpu/kernels";
import { assertOneHundredSteps, assertThreeHundredSteps, betaStar, data, init, M } from "../helpers/engine-runs";
import { outputs, type Problem } from "../helpers/reference";
import { TOL } from "../tolerances";

const SWIFTSHADER = "/usr/lib/chromium/vk_swiftshader_icd.json";
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

/** The reason these tests cannot run here, or null. */
let engine: Engine | undefined;
async function skipReason(): Promise<string | null> {
  if (engine) return null;
  try {
    // The WASM engine first: the comparisons below start it, and each engine is then made active in turn.
    await loadEngine("wasm");
    engine = await loadEngine("webgpu");
    return null;
  } catch (e) {
    return `no WebGPU adapter here (apt-get install chromium libvulkan1 for SwiftShader's CPU Vulkan driver, or set VK_ICD_FILENAMES): ${(e as Error).message}`;
  }
}

test("100 WebGPU steps: the records of float64 gradient descent and of the WASM engine, parameters to float32", async (t) => {
  const reason = await skipReason();
  if (reason) return t.skip(reason);
  await assertOneHundredSteps("webgpu");
});

test("300 WebGPU steps: the same curves as float64 and WASM to within the examples that sit on the margin", async (t) => {
  const reason = await skipReason();
  if (reason) return t.skip(reason);
  // (measured: one flip near t = 117, then at most 15 of 2000 examples apart, weights 3.3% of the largest)
  await assertThreeHundredSteps("webgpu");
});

test("on WebGPU, skipping rows changes no record (the device works on the listed rows alone)", async (t) => {
  const reason = await skipReason();
  if (reason) return t.skip(reason);
  const common = { M, betaStar, steps: 120, workers: 1, gridSize: 8, backend: "webgpu", handleSigint: false } as const;
  const on = await new Trainer({ ...common, data: data(), init: init() }).run();
  const off = await new Trainer({ ...common, data: data(), init: init(), skipRows: false }).run();
  const late = on.history.evaluated.slice(60).reduce((s, e) => s + e, 0) / 60;
  assert.ok(late < 0.8, `evaluated ${late} of the rows after step 60`);
  for (const k of ["trainError", "fU", "loss"] as const) assert.deepEqual(on.history[k], off.history[k], k);
  assert.deepEqual(on.final.a, off.final.a);
  assert.deepEqual(on.examples.lastUnsatisfied, off.examples.lastUnsatisfied);
});

test("WebGPU kernels over several device tiles and listed rows match float64 outputs and gradient sums", async (t) => {
  const reason = await skipReason();
  if (reason) return t.skip(reason);
  const { tf } = await loadEngine("webgpu");
  const [n, dd, m] = [300, 70, 37]; // tiles of 64 rows; d and M not multiples of the programs' 16 and 64
  const rng = new Random(11);
  const x = rng.fillNormal(new Float32Array(n * dd));
  const y = Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const a = rng.fillNormal(new Float32Array(m));
  const W = rng.fillNormal(new Float32Array(m * dd));
  const shardData: ShardData = {
    x: x.slice(),
    y,
    xTest: x.slice(0, 10 * dd),
    yTest: y.slice(0, 10),
    d: dd,
    M: m,
    alpha: 1,
    h: 1,
    u: null,
  };
  const shard = new Shard(shardData, (tr, te) => new WebGpuKernels(tf, tr, te, m, 64 * dd));
  const a0 = new Float32Array(m); // f(θ0) = 0: F is the output itself
  await shard.initialize(a0, W);
  const step = await shard.step({ a, W, t: 0, norm: n, backward: true, test: false, drift: null });
  const p: Problem = { x: Float64Array.from(x), y: Float64Array.from(y), N: n, d: dd, M: m, alpha: 1, h: 1 };
  const f = outputs(p, a, W);
  let unsat = 0;
  const SW = new Float64Array(m * dd);
  for (let r = 0; r < n; r++) {
    if (!(1 - y[r] * f[r] > 0)) continue;
    unsat++;
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let j = 0; j < dd; j++) z += W[i * dd + j] * x[r * dd + j];
      if (z > 0) for (let j = 0; j < dd; j++) SW[i * dd + j] += (y[r] / n) * (x[r * dd + j] / Math.sqrt(dd));
    }
  }
  assert.ok(Math.abs(step.unsatisfied - unsat) <= 1, `unsatisfied ${step.unsatisfied} vs ${unsat}`);
  const scale = Math.max(...Array.from(SW, Math.abs));
  SW.forEach((v, i) => assert.ok(Math.abs(step.SW[i] - v) <= TOL.float32 * scale, `SW_${i}: ${step.SW[i]} vs ${v}`));
  // Listed rows (a minibatch across tiles) give the same per-row results as the full pass.
  const batch = new Int32Array([1, 63, 64, 65, 200, 299]);
  const part = await shard.step({
    a,
    W,
    t: 1,
    norm: batch.length,
    backward: true,
    test: false,
    drift: null,
    rows: batch,
  });
  let expected = 0;
  for (const r of batch) expected += 1 - y[r] * f[r] > 0 ? 1 : 0;
  assert.equal(part.unsatisfied, expected);
  shard.dispose();
});

test("--backend webgpu without an adapter fails with a message naming the backend and what is missing", () => {
  const script = `require("./src/train/engine").loadEngine("webgpu").then(() => process.exit(3), (e) => { console.log(e.message); process.exit(0); });`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent/icd.json" },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /could not start webgpu \(webgpu: (no WebGPU adapter|the optional packages)/);
});

test("the engine's start-up self-test refuses WebGPU kernels whose results disagree with float64", async (t) => {
  const reason = await skipReason();
  if (reason) return t.skip(reason);
  const { tf } = await loadEngine("webgpu");
  await selfTest(tf); // this adapter passes
  const original = WebGpuKernels.prototype.backward;
  WebGpuKernels.prototype.backward = async function (this: WebGpuKernels, rows, g) {
    const sw = await original.call(this, rows, g);
    sw[0] += 0.01 * Math.max(...Array.from(sw, Math.abs)); // a miscompiled kernel, say: one entry 1% of the scale off
    return sw;
  };
  try {
    await assert.rejects(selfTest(tf), /disagree with float64 on this adapter \(relative error [\d.e-]+\); not used/);
  } finally {
    WebGpuKernels.prototype.backward = original;
  }
});

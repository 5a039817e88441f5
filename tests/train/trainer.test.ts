import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { availableBackends } from "../../src/train/engine";
import { historyFrame } from "../../src/train/frame";
import { loadResult, saveResult } from "../../src/train/result-io";
import { teacherTask } from "../../src/data/synthetic";
import { Trainer } from "../../src/train/trainer";
import { trainCached } from "../../src/train/cache";
import type { TrainConfig } from "../../src/train/config";
import { configKey } from "../../src/train/cache";
import { Random } from "../../src/random";
import { outputs } from "../helpers/reference";
import { TOL } from "../tolerances";

const SMALL: TrainConfig = {
  N: 600,
  test: 300,
  d: 20,
  M: 40,
  betaStar: 100,
  steps: 25,
  seed: 5,
  workers: 1,
  gridSize: 8,
  handleSigint: false,
};
const train = (c: TrainConfig = {}) => new Trainer({ ...SMALL, ...c }).run();

test("the same config and seed give bit-identical results", async () => {
  const [r1, r2] = [await train(), await train()];
  assert.deepEqual(r1.final.a, r2.final.a);
  assert.deepEqual(r1.final.W, r2.final.W);
  assert.deepEqual(r1.history, r2.history);
  assert.deepEqual(r1.grid.testError, r2.grid.testError);
});

test("two worker threads give the one-worker result up to float32 summation order (WASM)", async () => {
  // (ONNX Runtime keeps one shard in this thread whatever `workers`: onnxruntime.test.ts)
  const [one, two] = [await train({ workers: 1, backend: "wasm" }), await train({ workers: 2, backend: "wasm" })];
  assert.equal(two.workers, 2);
  // Summation order changes the last bits; the dynamics then amplify them slowly (1e-3 after 25 steps is generous).
  const rel = Math.max(...Array.from(one.final.a, (v, i) => Math.abs(v - two.final.a[i]) / (Math.abs(v) + 1)));
  assert.ok(rel < 1e-3, `max relative difference of a: ${rel}`);
  one.history.trainError.forEach((e, t) =>
    assert.ok(Math.abs(e - two.history.trainError[t]) <= 2 / SMALL.N!, `t=${t}`),
  );
  assert.deepEqual(
    Array.from(two.examples.lastUnsatisfied).filter((s) => s < 0),
    [],
  );
});

test("records: per-step series of length steps + 1, the log grid with t = 0 and the last step, satisfaction times", async () => {
  const r = await train({ snapshots: [3, 7], outputsAt: [0, 10] });
  assert.equal(r.stopReason, "completed");
  assert.equal(r.lastStep, 25);
  assert.equal(r.history.trainError.length, 26);
  assert.equal(r.history.trainError[0], 1); // F = 0 at t = 0: every y F ≤ 0
  assert.equal(r.history.fU[0], 1);
  assert.ok(r.history.trainError[25] < 0.2);
  assert.ok(r.grid.t[0] === 0 && r.grid.t.at(-1) === 25 && r.grid.t.includes(3) && r.grid.t.includes(7));
  assert.equal(r.grid.a[0].length, 40);
  assert.ok(Math.abs(r.history.Ipar[0] - 1 / Math.sqrt(2 * Math.PI)) < 0.05); // all unsatisfied: I = ½⟨|x∥|⟩
  // Satisfaction time: −1 never happens (all unsatisfied at t = 0); examples still unsatisfied at the end have 25.
  const st = r.examples.lastUnsatisfied;
  assert.ok(Array.from(st).every((s) => s >= 0 && s <= 25));
  assert.equal(Array.from(st).filter((s) => s === 25).length, Math.round(r.history.fU[25] * 600));
  assert.ok(r.wallSeconds >= r.loopSeconds && r.loopSeconds > 0);
  assert.deepEqual(r.testOutputs.t, [0, 10]);
  assert.equal(r.testOutputs.f[0].length, 300);
});

test("training stops at a fixed point when every example is satisfied", async () => {
  const r = await train({ N: 200, test: 100, d: 10, M: 50, h: 0.01, betaStar: 500, steps: 2000 });
  assert.equal(r.stopReason, "fixed-point", r.message);
  assert.ok(r.lastStep < 2000);
  assert.equal(r.history.fU[r.lastStep], 0);
  assert.equal(r.history.trainError[r.lastStep], 0);
  assert.equal(r.grid.t.at(-1), r.lastStep);
  assert.ok(Number.isFinite(r.grid.testError.at(-1)!));
});

test("a diverging run (betaStar far too large) stops with a clear message and keeps what came before", async () => {
  const r = await train({ betaStar: 1e300, steps: 50 });
  assert.equal(r.stopReason, "diverged");
  assert.match(r.message, /betaStar = 1e\+300 too large/);
  assert.ok(r.lastStep < 50);
  assert.ok(Array.from(r.final.a).every(Number.isFinite));
  assert.ok(Array.from(r.history.loss).every(Number.isFinite));
});

test("an AbortSignal stops training cleanly, marked interrupted, with everything recorded so far", async () => {
  const ctrl = new AbortController();
  const trainer = new Trainer({
    ...SMALL,
    steps: 10_000,
    progressSeconds: 0.001,
    signal: ctrl.signal,
    onProgress: (p) => p.step >= 5 && ctrl.abort(),
  });
  const r = await trainer.run();
  assert.equal(r.stopReason, "interrupted");
  assert.ok(r.lastStep >= 5 && r.lastStep < 100, `${r.lastStep}`);
  assert.equal(r.history.trainError.length, r.lastStep + 1);
  assert.equal(r.grid.t.at(-1), r.lastStep);
  assert.equal(trainer.result, r);
  await assert.rejects(() => trainer.run(), /can be called once/);
});

test("minibatch training uses batches of the given size, reproducibly", async () => {
  const [r1, r2] = [await train({ batchSize: 100, workers: 2 }), await train({ batchSize: 100, workers: 2 })];
  assert.equal(r1.stopReason, "completed");
  assert.deepEqual(r1.final.a, r2.final.a);
  // Steps before the last are measured on their batch of 100 (the last one on the whole set).
  assert.ok(Array.from(r1.history.fU.slice(0, -1)).every((f) => Math.abs(f * 100 - Math.round(f * 100)) < 1e-9));
  assert.ok(r1.grid.trainError.at(-1)! < 0.3);
});

test("mislabeling flips exactly round(δN) training labels; the trainer then cannot reach zero training error", async () => {
  const data = teacherTask({ task: "gaussian", N: 600, NTest: 100, d: 20, delta: 0.05, seed: 5 });
  assert.equal(data.mislabeled!.length, 30);
  const r = await train({ delta: 0.05, steps: 40 });
  assert.ok(r.history.trainError[40] >= 0.04, `${r.history.trainError[40]}`);
});

test("save and load round-trip every recorded array", async () => {
  const r = await train({ outputsAt: [4] });
  const dir = mkdtempSync(join(tmpdir(), "hinge-run-"));
  saveResult(r, dir);
  const back = loadResult(dir);
  assert.deepEqual(back.history, r.history);
  assert.deepEqual(back.grid, r.grid);
  assert.deepEqual(back.examples, r.examples);
  assert.deepEqual(back.final, r.final);
  assert.deepEqual(back.wStar, r.wStar);
  assert.deepEqual(back.config, r.config);
  assert.deepEqual(back.testOutputs, r.testOutputs);
  assert.throws(() => loadResult(join(dir, "nope")), /not a saved run \(missing summary\.json\)/);
});

test("trainCached() trains once, then loads the same result for the same config", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hinge-cache-"));
  const first = await trainCached(SMALL, dir);
  const second = await trainCached(SMALL, dir);
  assert.equal(first.cached, false);
  assert.equal(second.cached, true);
  assert.deepEqual(second.final, first.final);
  assert.notEqual(configKey(SMALL), configKey({ ...SMALL, seed: 6 }));
});

test("historyFrame() gives a danfojs DataFrame of the per-step series, and training still works after loading danfojs", async () => {
  const r = await train({ steps: 5 });
  const df = historyFrame(r);
  assert.deepEqual(df.columns, ["t", "trainError", "loss", "fU", "Ipar", "Jperp", "evaluated"]);
  assert.equal(df.shape[0], 6);
  const again = await train({ steps: 5 });
  assert.deepEqual(again.final.a, r.final.a);
});

test("invalid configs are rejected before any work, naming the field, the range and the value", () => {
  const bad: [TrainConfig, RegExp][] = [
    [{ M: 0 }, /invalid M; expected an integer >= 1, got 0/],
    [{ N: -5 }, /invalid N; expected an integer >= 1, got -5/],
    [{ d: 2.5 }, /invalid d; expected an integer >= 2, got 2\.5/],
    [{ alpha: 0 }, /invalid alpha; expected a number in \[1e-100, 1e\+100\] .*, got 0/],
    [{ h: -1 }, /invalid h; expected a number in \[1e-100, 1e\+100\] .*, got -1/],
    [{ betaStar: NaN }, /invalid betaStar; expected a finite number > 0, got NaN/],
    [{ steps: 0 }, /invalid steps; expected an integer >= 1, got 0/],
    [{ delta: 0.5 }, /invalid delta; expected a number in \[0, 0\.5\), got 0\.5/],
    [{ workers: 0 }, /invalid workers; expected an integer >= 1, got 0/],
    [
      { backend: "gpu" as never },
      /invalid backend; expected one of webgpu \| tensorflow \| onnxruntime \| wasm \| cpu, got "gpu"/,
    ],
    [{ batchSize: 10_000 }, /invalid batchSize; expected an integer in \[1, N = 600\], got 10000/],
    [{ init: { a: new Float32Array(3), W: new Float32Array(40 * 20) } }, /invalid init\.a\.length; expected 40, got 3/],
  ];
  for (const [c, message] of bad) assert.throws(() => new Trainer({ ...SMALL, ...c }), message);
  const x = new Float32Array(20),
    y = new Float32Array([1, -1, 1, 1]);
  const data = { x, y, xTest: new Float32Array(0), yTest: new Float32Array(0), N: 4, NTest: 0, d: 5, source: "test" };
  assert.throws(
    () => new Trainer({ data: { ...data, y: new Float32Array([1, 0, 1, 1]) } }),
    /invalid data\.y\[1\]; expected a label of \+1 or -1, got 0/,
  );
  assert.throws(
    () => new Trainer({ data: { ...data, x: new Float32Array(19) } }),
    /invalid data\.x\.length; expected N×d = 4×5, got 19/,
  );
  assert.throws(
    () => new Trainer({ data: { ...data, x: Float32Array.from(x, (_, i) => (i === 7 ? NaN : 0)) } }),
    /invalid data\.x\[7\]; expected a finite number, got NaN/,
  );
});

test("test outputs are the uncentred f(x) of the float64 reference network at the recorded steps", async () => {
  const data = teacherTask({ task: "gaussian", N: 200, NTest: 50, d: 8, seed: 2 });
  const rng = new Random(8);
  const init = { a: rng.fillNormal(new Float32Array(6)), W: rng.fillNormal(new Float32Array(6 * 8)) };
  const r = await new Trainer({
    data,
    init,
    M: 6,
    betaStar: 10,
    steps: 3,
    outputsAt: [0],
    workers: 1,
    handleSigint: false,
  }).run();
  const p = { x: Float64Array.from(data.xTest), y: Float64Array.from(data.yTest), N: 50, d: 8, M: 6, alpha: 1, h: 1 };
  const ref = outputs(p, init.a, init.W);
  const scale = Math.max(...ref.map(Math.abs));
  r.testOutputs.f[0].forEach((f, n) =>
    assert.ok(Math.abs(f - ref[n]) < TOL.float32 * scale, `example ${n}: ${f} vs ${ref[n]}`),
  );
  r.testOutputs.xNorm2.forEach((v, n) =>
    assert.ok(Math.abs(v - p.x.slice(n * 8, n * 8 + 8).reduce((s, x) => s + x * x, 0)) < 1e-4),
  );
  // nodeSpread: the standard deviation over the 6 nodes of a_i relu(w_i·x/√8), over √6.
  for (const n of [0, 17, 49]) {
    const phi = Array.from({ length: 6 }, (_, i) => {
      let z = 0;
      for (let j = 0; j < 8; j++) z += init.W[i * 8 + j] * p.x[n * 8 + j];
      return init.a[i] * Math.max(0, z / Math.sqrt(8));
    });
    const mean = phi.reduce((s, v) => s + v, 0) / 6;
    const sd = Math.sqrt(phi.reduce((s, v) => s + (v - mean) ** 2, 0) / 6 / 6);
    assert.ok(
      Math.abs(r.testOutputs.nodeSpread[0][n] - sd) < TOL.float32 * scale,
      `example ${n}: ${r.testOutputs.nodeSpread[0][n]} vs ${sd}`,
    );
  }
});

test("the pure-JS CPU backend gives the WASM result up to float32 rounding, and reports itself", async () => {
  const [wasm, cpu] = [await train({ steps: 10, backend: "wasm" }), await train({ steps: 10, backend: "cpu" })];
  assert.equal(wasm.backend, "wasm");
  assert.equal(cpu.backend, "cpu");
  const rel = Math.max(...Array.from(wasm.final.a, (v, i) => Math.abs(v - cpu.final.a[i]) / (Math.abs(v) + 1)));
  assert.ok(rel < 1e-3, `max relative difference of a: ${rel}`);
  // The native engine only where @tensorflow/tfjs-node really registers its backend; else a clear error.
  if (availableBackends().includes("tensorflow"))
    assert.equal((await train({ steps: 2, backend: "tensorflow" })).backend, "tensorflow");
  else
    await assert.rejects(
      () => train({ steps: 2, backend: "tensorflow" }),
      /could not start tensorflow \(tensorflow: @tensorflow\/tfjs-node is not installed/,
    );
});

/**
 * The ONNX Runtime engine (the optional npm package onnxruntime-node: native GEMMs, two ONNX models per shard):
 * checked against the WASM engine, a float64 reference and itself (skipping, workers), and its start-up check.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { availableBackends, loadEngine } from "../../src/train/engine";
import { OrtKernels, onnxRuntime, selfTest } from "../../src/train/onnx/kernels";
import { count, rowAt, RowSet, type Rows } from "../../src/train/shard";
import { Random } from "../../src/random";
import { Trainer } from "../../src/train/trainer";
import { assertOneHundredSteps, assertThreeHundredSteps, betaStar, data, init, M } from "../helpers/engine-runs";

const missing = onnxRuntime() ? null : "onnxruntime-node is not installed here (npm install installs it)";

test("100 ONNX Runtime steps: the records of float64 gradient descent and of the WASM engine", async (t) => {
  if (missing) return t.skip(missing);
  await assertOneHundredSteps("onnxruntime");
});

test("300 ONNX Runtime steps: the same curves as float64 and WASM to within the examples on the margin", async (t) => {
  if (missing) return t.skip(missing);
  // (measured: no flip; weights within 8e-7 of the largest, WASM 6e-7)
  await assertThreeHundredSteps("onnxruntime");
});

test("on ONNX Runtime, skipping rows changes no record, nor does the thread count, with minibatches too", async (t) => {
  if (missing) return t.skip(missing);
  for (const batchSize of [undefined, 700]) {
    const common = { M, betaStar, steps: 150, gridSize: 8, backend: "onnxruntime", handleSigint: false } as const;
    const on = await new Trainer({ ...common, workers: 2, batchSize, data: data(), init: init() }).run();
    const off = await new Trainer({
      ...common,
      workers: 2,
      batchSize,
      data: data(),
      init: init(),
      skipRows: false,
    }).run();
    const one = await new Trainer({ ...common, workers: 1, batchSize, data: data(), init: init() }).run();
    assert.equal(on.workers, 1, "one shard in this thread, its products on ONNX Runtime's threads");
    const late = on.history.evaluated.slice(75).reduce((s, e) => s + e, 0) / 75;
    if (!batchSize) assert.ok(late < 0.8, `evaluated ${late} of the rows after step 75`);
    for (const other of [off, one]) {
      for (const k of ["trainError", "fU", "loss"] as const) assert.deepEqual(on.history[k], other.history[k], k);
      assert.deepEqual(on.grid.testError, other.grid.testError);
      assert.deepEqual(on.final.W, other.final.W);
      assert.deepEqual(on.examples.lastUnsatisfied, other.examples.lastUnsatisfied);
    }
  }
});

test("the automatic choice takes ONNX Runtime over WASM where it is installed and no GPU or tfjs-node is", (t) => {
  if (missing) return t.skip(missing);
  const order = availableBackends();
  assert.ok(order.indexOf("onnxruntime") < order.indexOf("wasm"), order.join(", "));
});

test("the start-up self-test passes here, and refuses batches that are not whole groups of rows", async (t) => {
  if (missing) return t.skip(missing);
  const ort = onnxRuntime()!;
  await selfTest(ort, 2);
  await selfTest(ort, 1);
  assert.equal((await loadEngine("onnxruntime")).backend, "onnxruntime");
  // Unpadded batches take ONNX Runtime's matrix–vector path for their last rows: other roundings, caught.
  await assert.rejects(selfTest(ort, 2, 1), /onnxruntime: row \d+'s output depends on its batch/);
});

test("a forward pass longer than one call (4096 rows at M = 400) gives each row the bits it gets alone", async (t) => {
  if (missing) return t.skip(missing);
  const [n, d, M] = [10_000, 100, 400];
  const rng = new Random(5);
  const set = new RowSet(rng.fillNormal(new Float32Array(n * d)), n, d, null);
  const k = new OrtKernels(onnxRuntime()!, set, M, 2);
  k.setWeights(rng.fillNormal(new Float32Array(M)), rng.fillNormal(new Float32Array(M * d)));
  try {
    const whole = await k.forward(set, [0, n], true); // three calls
    const scattered = Int32Array.from({ length: 4500 }, (_, j) => (7 * j + 3) % n).sort();
    const parts: Rows[] = [[4090, 4110], [n - 17, n], scattered];
    for (const rows of parts) {
      const part = await k.forward(set, rows, true);
      for (let j = 0; j < count(rows); j++) {
        const r = rowAt(rows, j);
        assert.ok(Object.is(part.f[j], whole.f[r]) && Object.is(part.squares![j], whole.squares![r]), `row ${r}`);
      }
    }
  } finally {
    await k.dispose();
  }
});

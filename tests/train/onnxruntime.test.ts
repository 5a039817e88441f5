/**
 * The ONNX Runtime engine (the optional npm package onnxruntime-node: native GEMMs, two ONNX models per shard):
 * checked against the WASM engine, a float64 reference and itself (skipping, workers), and its start-up check.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { availableBackends, loadEngine } from "../../src/train/engine";
import { onnxRuntime, selfTest } from "../../src/train/onnx/kernels";
import { Trainer } from "../../src/train/trainer";
import { close, data, init, M, N, betaStar, runs } from "../helpers/engine-runs";
import { TOL } from "../tolerances";

const missing = onnxRuntime() ? null : "onnxruntime-node is not installed here (npm install installs it)";

test("100 ONNX Runtime steps: the records of float64 gradient descent and of the WASM engine", async (t) => {
  if (missing) return t.skip(missing);
  const { wasm, other: ort, ref } = await runs("onnxruntime", 100);
  assert.equal(ort.backend, "onnxruntime");
  for (let s = 0; s <= 100; s++) {
    // At most one example apart (a difference of 1/N, with room for its decimal rounding).
    assert.ok(Math.abs(ort.history.fU[s] - ref.fU[s]) <= 1.5 / N, `t = ${s}: f_U ${ort.history.fU[s]} vs ${ref.fU[s]}`);
    assert.ok(Math.abs(ort.history.fU[s] - wasm.history.fU[s]) <= 1.5 / N, `t = ${s}: f_U against WASM`);
    assert.ok(Math.abs(ort.history.trainError[s] - ref.trainError[s]) <= 1.5 / N, `t = ${s}: training error`);
  }
  close("a", ort.final.a, ref.a, TOL.float32);
  close("W", ort.final.W, ref.W, TOL.float32);
  close("W (WASM)", ort.final.W, wasm.final.W, TOL.float32);
});

test("300 ONNX Runtime steps: the same curves as float64 and WASM to within the examples on the margin", async (t) => {
  if (missing) return t.skip(missing);
  const { wasm, other: ort, ref } = await runs("onnxruntime", 300);
  for (let s = 0; s <= 300; s++) {
    assert.ok(Math.abs(ort.history.fU[s] - ref.fU[s]) <= TOL.marginFlips, `t = ${s}: f_U`);
    assert.ok(Math.abs(ort.history.trainError[s] - ref.trainError[s]) <= TOL.marginFlips, `t = ${s}: training error`);
  }
  close("a", ort.final.a, ref.a, TOL.afterFlips);
  close("W", ort.final.W, ref.W, TOL.afterFlips);
  ort.grid.testError.forEach((e, i) =>
    assert.ok(Math.abs(e - wasm.grid.testError[i]) <= TOL.marginFlips, `test error at grid point ${i}`),
  );
});

test("on ONNX Runtime, skipping rows changes no record, with two workers and minibatches", async (t) => {
  if (missing) return t.skip(missing);
  for (const batchSize of [undefined, 700]) {
    const common = { M, betaStar, steps: 150, workers: 2, gridSize: 8, backend: "onnxruntime" } as const;
    const on = await new Trainer({ ...common, batchSize, data: data(), init: init(), handleSigint: false }).run();
    const off = await new Trainer({ ...common, batchSize, data: data(), init: init(), skipRows: false }).run();
    const late = on.history.evaluated.slice(75).reduce((s, e) => s + e, 0) / 75;
    if (!batchSize) assert.ok(late < 0.8, `evaluated ${late} of the rows after step 75`);
    for (const k of ["trainError", "fU", "loss"] as const) assert.deepEqual(on.history[k], off.history[k], k);
    assert.deepEqual(on.grid.testError, off.grid.testError);
    assert.deepEqual(on.final.W, off.final.W);
    assert.deepEqual(on.examples.lastUnsatisfied, off.examples.lastUnsatisfied);
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
  await selfTest(ort);
  assert.equal((await loadEngine("onnxruntime")).backend, "onnxruntime");
  // Unpadded batches take ONNX Runtime's matrix–vector path for their last rows: other roundings, caught.
  await assert.rejects(selfTest(ort, 1), /onnxruntime: row \d+'s output depends on its batch/);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadEngine } from "../../src/train/engine";
import { kernelsFor } from "../../src/train/kernels";
import { Shard, type ShardData } from "../../src/train/shard";

/** A shard on the default engine. */
async function shardOf(data: ShardData) {
  const engine = await loadEngine();
  return { tf: engine.tf, shard: new Shard(data, kernelsFor(engine, data.M)) };
}

/** One example, one node, d = 1: F = a relu(w x) exactly representable in float32. */
async function shardAt(h: number) {
  const { tf, shard } = await shardOf({
    x: new Float32Array([1]),
    y: new Float32Array([1]),
    xTest: new Float32Array(0),
    yTest: new Float32Array(0),
    d: 1,
    M: 1,
    alpha: 1,
    h,
    u: null,
  });
  await shard.initialize(new Float32Array([0]), new Float32Array([0.5])); // f(θ0) = 0
  return {
    tf,
    shard,
    step: () =>
      shard.step({
        a: new Float32Array([1]),
        W: new Float32Array([0.5]),
        t: 7,
        norm: 1,
        backward: true,
        test: false,
        drift: null,
      }),
  };
}

test("an example exactly at the margin (y α F = h) counts as satisfied", async () => {
  const { step, shard } = await shardAt(0.5); // F = 1 · relu(0.5 · 1) = 0.5 = h
  const s = await step();
  assert.equal(s.unsatisfied, 0);
  assert.equal(s.hingeSum, 0);
  assert.equal(s.errors, 0);
  assert.equal(shard.lastUnsatisfied[0], -1);
  const above = await (await shardAt(0.5000001)).step();
  assert.equal(above.unsatisfied, 1);
  assert.ok(above.hingeSum > 0);
});

test("labels are ±1 and the hinge is relu(h − y α F); tf.losses.hingeLoss would remap ±1 labels as if they were {0, 1}", async () => {
  const { tf } = await loadEngine();
  // y = −1, F = 0.5, h = 1, α = 1: our hinge is relu(1 + 0.5) = 1.5.
  const ours = Math.max(0, 1 - -1 * 1 * 0.5);
  assert.equal(ours, 1.5);
  // tf.losses.hingeLoss maps labels y → 2y − 1 (so −1 → −3) and gives relu(1 + 3·0.5) = 2.5: not our loss.
  const theirs = tf.tidy(() => tf.losses.hingeLoss(tf.tensor1d([-1]), tf.tensor1d([0.5])).dataSync()[0]);
  assert.equal(theirs, 2.5);
});

test("a shard step leaves tf.memory().numTensors unchanged, on both backward paths, with and without skipping", async () => {
  const n = 300,
    d = 4,
    M = 8;
  const x = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 1.7));
  const y = Float32Array.from({ length: n }, (_, i) => (i % 3 ? 1 : -1));
  const a = Float32Array.from({ length: M }, (_, i) => Math.cos(i));
  const W = Float32Array.from({ length: M * d }, (_, i) => Math.cos(i * 0.3));
  const { tf, shard } = await shardOf({
    x,
    y,
    xTest: x.slice(0, 40),
    yTest: y.slice(0, 10),
    d,
    M,
    alpha: 1,
    h: 0.001,
    u: null,
  });
  await shard.initialize(a, W);
  const before = tf.memory().numTensors;
  await shard.step({ a, W, t: 0, norm: n, backward: true, test: true, drift: null }); // all unsatisfied: masked path
  const a2 = a.map((v) => v * 30);
  const partial = await shard.step({ a: a2, W, t: 1, norm: n, backward: true, test: false, drift: null });
  assert.ok(
    partial.unsatisfied > 0 && partial.unsatisfied < n,
    `want the gather path, got ${partial.unsatisfied}/${n}`,
  );
  // a minibatch
  await shard.step({
    a,
    W,
    t: 2,
    norm: 4,
    backward: true,
    test: false,
    drift: null,
    rows: new Int32Array([0, 5, 9, 200]),
  });
  const drift = { par: 0, perp: 0, hopPar: 0, hopPerp: 0, hopBasePar: 0, hopBasePerp: 0, round: 0 };
  await shard.step({ a: a2, W, t: 3, norm: n, backward: true, test: true, drift }); // certifies the satisfied rows
  const skipped = await shard.step({ a: a2, W, t: 4, norm: n, backward: true, test: true, drift });
  assert.ok(
    skipped.evaluated < n && skipped.testEvaluated < 10,
    `want skipped rows, got ${skipped.evaluated}/${n}, ${skipped.testEvaluated}/10`,
  );
  assert.equal(tf.memory().numTensors, before);
});

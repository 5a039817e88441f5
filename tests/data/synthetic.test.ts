import assert from "node:assert/strict";
import { test } from "node:test";
import { teacherTask } from "../../src/data/synthetic";

test("teacherTask() labels every example by the sign of ŵ*·x, with ŵ* a unit vector", () => {
  const t = teacherTask({ task: "gaussian", N: 500, NTest: 200, d: 30, seed: 1 });
  assert.ok(Math.abs(Math.hypot(...t.wStar!) - 1) < 1e-12);
  const check = (x: Float32Array, y: Float32Array) =>
    y.forEach((label, n) => {
      let p = 0;
      for (let j = 0; j < 30; j++) p += x[n * 30 + j] * t.wStar![j];
      assert.equal(label, p >= 0 ? 1 : -1);
    });
  check(t.x, t.y);
  check(t.xTest, t.yTest);
  const pos = Array.from(t.y).filter((v) => v === 1).length;
  assert.ok(pos > 200 && pos < 300); // balanced classes (binomial, sd ≈ 11)
});

test("teacherTask() on the sphere draws unit-norm inputs", () => {
  const t = teacherTask({ task: "sphere", N: 50, NTest: 0, d: 10, seed: 2 });
  for (let n = 0; n < 50; n++) assert.ok(Math.abs(Math.hypot(...t.x.subarray(n * 10, n * 10 + 10)) - 1) < 1e-6);
});

test("teacherTask() flips exactly round(δN) training labels, never test labels, reproducibly from the seed", () => {
  const clean = teacherTask({ task: "gaussian", N: 1001, NTest: 50, d: 5, seed: 9 });
  const noisy = teacherTask({ task: "gaussian", N: 1001, NTest: 50, d: 5, seed: 9, delta: 0.01 });
  const flipped = Array.from(clean.y).flatMap((v, i) => (v !== noisy.y[i] ? [i] : []));
  assert.deepEqual(flipped, Array.from(noisy.mislabeled!));
  assert.equal(flipped.length, 10);
  assert.deepEqual(clean.yTest, noisy.yTest);
  assert.deepEqual(teacherTask({ task: "gaussian", N: 1001, NTest: 50, d: 5, seed: 9, delta: 0.01 }).x, noisy.x);
  assert.notDeepEqual(teacherTask({ task: "gaussian", N: 1001, NTest: 50, d: 5, seed: 10 }).x, noisy.x);
});

test("every seed gives its own data (seeds 0-9 included) and every stream of a seed differs", () => {
  const xs = Array.from(
    { length: 10 },
    (_, seed) => teacherTask({ task: "gaussian", N: 3, NTest: 0, d: 4, seed }).x[0],
  );
  assert.equal(new Set(xs).size, 10);
  const t = teacherTask({ task: "gaussian", N: 50, NTest: 50, d: 4, seed: 1 });
  assert.notDeepEqual(Array.from(t.x.slice(0, 8)), Array.from(t.xTest.slice(0, 8)));
});

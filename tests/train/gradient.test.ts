import assert from "node:assert/strict";
import { test } from "node:test";
import { Trainer } from "../../src/train/trainer";
import type { Dataset } from "../../src/data/synthetic";
import { Random } from "../../src/random";
import { loss, numericGradient, outputs, type Problem } from "../helpers/reference";
import { TOL } from "../tolerances";

const N = 40,
  d = 6,
  M = 5,
  alpha = 0.7,
  h = 0.05,
  betaStar = 4;
const rng = new Random(11);
const x = rng.fillNormal(new Float32Array(N * d));
const y = Float32Array.from({ length: N }, (_, n) => (x[n * d] + 0.3 * x[n * d + 1] >= 0 ? 1 : -1));
const data: Dataset = { x, y, xTest: new Float32Array(0), yTest: new Float32Array(0), N, NTest: 0, d, source: "test" };
const init = { a: rng.fillNormal(new Float32Array(M)), W: rng.fillNormal(new Float32Array(M * d)) };
const run = (steps: number) =>
  new Trainer({ data, init, M, alpha, h, betaStar, steps, workers: 1, handleSigint: false }).run();

test("one trainer step is θ − β*∇L, with ∇L from finite differences of a float64 reference loss", async () => {
  // Compare at θ(1), where some examples are satisfied and some are not (so the hinge's kink matters).
  const [r1, r2] = [await run(1), await run(2)];
  const p: Problem = { x: Float64Array.from(x), y: Float64Array.from(y), N, d, M, alpha, h };
  const f0 = outputs(p, init.a, init.W);
  const a1 = Float64Array.from(r1.final.a),
    W1 = Float64Array.from(r1.final.W);
  const satisfied = 1 - r2.history.fU[1];
  assert.ok(satisfied > 0.2 && satisfied < 0.8, `want a mix of satisfied examples at t = 1, got ${satisfied}`);
  const numeric = numericGradient(p, a1, W1, f0);
  const step = [...Array.from(r2.final.a, (v, i) => v - a1[i]), ...Array.from(r2.final.W, (v, i) => v - W1[i])];
  const scale = Math.max(...numeric.map(Math.abs));
  numeric.forEach((g, k) => {
    const measured = -step[k] / betaStar;
    assert.ok(
      Math.abs(measured - g) < TOL.float32 * scale,
      `component ${k}: trainer ${measured}, finite differences ${g}`,
    );
  });
  // The recorded loss is the reference loss at θ(1).
  assert.ok(Math.abs(r2.history.loss[1] - loss(p, a1, W1, f0)) < TOL.float32 * r2.history.loss[1]);
});

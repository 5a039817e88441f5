/**
 * The certificates' parts checked against float64 evaluation: the certified spectral norm against power
 * iteration, and both checks of certificates.ts over a run of gradient-descent-like steps against each row's true
 * output change (a row certified with margin μ must have moved by less than μ since its evaluation).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Certificates } from "../../src/train/skipping/certificates";
import { OutputDrift } from "../../src/train/skipping/output-drift";
import { spectralNormBound } from "../../src/train/skipping/spectral-norm";
import { Random } from "../../src/random";
import { outputs, type Problem } from "../helpers/reference";

/** ‖W P⊥‖₂ by power iteration in float64 (a lower estimate that converges to it). */
function powerNorm(W: Float32Array, M: number, d: number, u: Float64Array | null): number {
  const P = (v: Float64Array) => {
    if (!u) return v;
    const c = v.reduce((s, x, j) => s + x * u[j], 0);
    return v.map((x, j) => x - c * u[j]);
  };
  let v = P(new Float64Array(d).map((_, j) => Math.cos(j + 1)));
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const Wv = new Float64Array(M);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) Wv[i] += W[i * d + j] * v[j];
    const next = new Float64Array(d);
    for (let i = 0; i < M; i++) for (let j = 0; j < d; j++) next[j] += W[i * d + j] * Wv[i];
    const w = P(next);
    const n = Math.hypot(...w);
    sigma = Math.sqrt(n);
    v = w.map((x) => x / n);
  }
  return sigma;
}

test("spectralNormBound is at least ‖W P⊥‖₂ and within d^(1/64) of it (M×d Gaussian, with and without u)", () => {
  const rng = new Random(11);
  for (const [M, d] of [
    [40, 12],
    [400, 100],
  ]) {
    const W = rng.fillNormal(new Float32Array(M * d));
    const u = rng.fillNormal(new Float64Array(d));
    const n = Math.hypot(...u);
    u.forEach((x, j) => (u[j] = x / n));
    for (const dir of [null, u]) {
      const [bound, power] = [spectralNormBound(W, M, d, dir), powerNorm(W, M, d, dir)];
      assert.ok(bound >= power, `M = ${M}, d = ${d}: bound ${bound} < power iteration ${power}`);
      assert.ok(bound <= power * d ** (1 / 64) * 1.001, `M = ${M}, d = ${d}: bound ${bound} vs ${power}`);
    }
  }
});

test("both certificate checks hold against the true output change over 60 nearly rank-one steps", () => {
  const rng = new Random(5);
  const [M, d, n, steps] = [30, 12, 3000, 60];
  const u = rng.fillNormal(new Float64Array(d));
  const un = Math.hypot(...u);
  u.forEach((v, j) => (u[j] = v / un));
  const xs = Float32Array.from(rng.fillNormal(new Float64Array(n * d)), (v) => v / Math.sqrt(d));
  const p: Problem = {
    x: Float64Array.from(xs, (v) => v * Math.sqrt(d)),
    y: new Float64Array(n),
    N: n,
    d,
    M,
    alpha: 1,
    h: 1,
  };
  let a = rng.fillNormal(new Float32Array(M));
  let W = rng.fillNormal(new Float32Array(M * d));
  const drift = new OutputDrift({ u, M, d, a0: a, W0: W });
  const certs = new Certificates(xs, n, d, u);
  // Per row, the output at its last evaluation and the margin it was given then.
  let f = outputs(p, a, W);
  const fThen = Float64Array.from(f);
  const given = new Float64Array(n);
  const evaluate = (r: number, scale: number) => {
    fThen[r] = f[r];
    given[r] = scale * (0.2 + 3 * rng.uniform()); // margins around a few steps' change
    certs.set(r, given[r], drift.state);
  };
  for (let r = 0; r < n; r++) evaluate(r, 0.01);
  let [bySecond, failed] = [0, 0];
  for (let t = 1; t <= steps; t++) {
    // A step like gradient descent's late on: a rank-one move in a direction that turns, plus a little noise.
    const dir = rng.fillNormal(new Float64Array(d));
    const size = 2e-3 * (0.5 + rng.uniform());
    const a2 = Float32Array.from(a, (v) => v + 0.1 * size * rng.normal());
    const W2 = Float32Array.from(
      W,
      (v, k) => v + size * (a[Math.floor(k / d)] * (dir[k % d] + 2 * u[k % d]) + 0.05 * rng.normal()),
    );
    drift.add(a, W, a2, W2, true);
    [a, W] = [a2, W2];
    f = outputs(p, a, W);
    const c = drift.state;
    const out = new Int32Array(n);
    const rows = out.subarray(0, certs.uncertain(c, 0, n, out));
    const firstOnly = new Set(rows);
    const left = rows.subarray(0, certs.second(c, rows, certs.project(rows, c.last!)));
    const stillUncertain = new Set(left);
    bySecond += rows.length - left.length;
    for (let r = 0; r < n; r++) {
      if (stillUncertain.has(r)) {
        failed++;
        evaluate(r, 0.01);
        continue;
      }
      const change = Math.abs(f[r] - fThen[r]);
      assert.ok(
        change < given[r],
        `step ${t}, row ${r} (${firstOnly.has(r) ? "second" : "first"} check): moved ${change} >= ${given[r]}`,
      );
    }
  }
  // Not vacuous: the second check cleared rows the first could not, and some rows failed both.
  assert.ok(bySecond > 0.05 * n * steps * 0.1, `second check cleared ${bySecond}`);
  assert.ok(failed > 0, "no row failed both checks");
});

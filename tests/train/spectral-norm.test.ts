/** The certified spectral norm of the drift bound (output-drift.ts) against power iteration in float64. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { spectralNormBound } from "../../src/train/skipping/spectral-norm";
import { Random } from "../../src/random";

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

import assert from "node:assert/strict";
import { test } from "node:test";
import { meanOutput, nodeTrajectory, populationCovariance } from "../../src/theory/nodes";
import { outputSpread, outputVariancePerNode, satisfactionBand } from "../../src/theory/finite-size";
import { Random } from "../../src/random";
import { meanAndError } from "../helpers/numerics";

/** Fig. 1's network; M = 400 enters through the spread σ_f/√M. */
const P = { d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 };
import { TOL } from "../tolerances";

/** Draws a node from the population of SM (14) (via main (10) on a Gaussian start) and returns f_i(x). */
function sampleNodeOutputs(x: Float64Array, gamma: number, n: number, seed: number, c = 1): Float64Array {
  const d = x.length,
    rng = new Random(seed),
    out = new Float64Array(n),
    w = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    const a0 = rng.normal();
    rng.fillNormal(w); // w[0] is w∥ (ŵ* = e_0), the rest w⊥
    const { a, wPar } = nodeTrajectory({ a: a0, wPar: w[0] }, gamma, c); // c scales (a, w∥) only; w⊥ stays
    let z = wPar * x[0];
    for (let i = 1; i < d; i++) z += w[i] * x[i];
    out[s] = a * Math.max(0, z / Math.sqrt(d));
  }
  return out;
}

test("meanOutput() matches the Monte Carlo mean over the (a, w) population, SM (15)", () => {
  const d = 8,
    gamma = 0.6,
    x = new Float64Array([1.3, 0.5, -0.2, 0.8, 0, 1, -1, 0.4]);
  const mc = meanAndError(sampleNodeOutputs(x, gamma, 400_000, 3));
  assert.ok(Math.abs(mc.mean - meanOutput(x[0], gamma, { ...P, d })) < TOL.sigmas * mc.se, `${mc.mean} ± ${mc.se}`);
});

test("outputVariancePerNode() matches the Monte Carlo variance over the population, SM (19)", () => {
  const d = 8;
  for (const [gamma, x, c] of [
    [0, [1, 1, 1, 1, 1, 1, 1, 1], 1],
    [0.7, [2, 0.5, -0.2, 0.8, 0, 1, -1, 0.4], 1],
    [1.2, [0.1, 1, 1, -1, 0.3, 0, 0, 2], 1],
    [0.9, [1.5, -0.5, 0.2, 0.8, 0, 1, -1, 0.4], 0.9], // the discrete-step factor c of docs/design.md §4
  ] as const) {
    const xv = new Float64Array(x);
    const f = sampleNodeOutputs(xv, gamma, 400_000, 4, c);
    const m = meanAndError(f).mean;
    const sq = meanAndError(Array.from(f, (v) => (v - m) ** 2)); // variance estimate and its standard error
    const x2 = xv.reduce((s, v) => s + v * v, 0);
    const pred = outputVariancePerNode({ norm2: x2, cosTheta: xv[0] / Math.sqrt(x2) }, gamma, { ...P, d }, c);
    assert.ok(Math.abs(sq.mean - pred) < TOL.sigmas * sq.se, `γ=${gamma}: ${sq.mean} ± ${sq.se} vs ${pred}`);
  }
});

test("outputVariancePerNode() equals the printed SM (19) at c = 1", () => {
  for (const [g, u] of [
    [0.3, 0.2],
    [1.5, 0.9],
    [0, 0.5],
  ]) {
    const C = Math.cosh(2 * g);
    const sm19 = (10 / (4 * 50)) * ((5 * C * C - 2 * C - 3) * u * u + 2 * C);
    assert.ok(Math.abs(outputVariancePerNode({ norm2: 10, cosTheta: u }, g, { ...P, d: 50 }) / sm19 - 1) < TOL.algebra);
  }
});

test("outputVariancePerNode() is |x|²/(2d) at γ = 0 and outputSpread() divides by √M", () => {
  assert.ok(Math.abs(outputVariancePerNode({ norm2: 100, cosTheta: 0.3 }, 0, P) - 0.5) < TOL.algebra);
  assert.ok(Math.abs(outputSpread({ norm2: 100, cosTheta: 0.3 }, 0, P) - Math.sqrt(0.5 / 400)) < TOL.algebra);
});

test("populationCovariance() is the covariance of main (10) applied to a unit Gaussian start, SM (14)", () => {
  const g = 0.9,
    [[caa, caw], [, cww]] = populationCovariance(g);
  // a = a0 ch + w0 sh, w = w0 ch + a0 sh with independent unit a0, w0.
  assert.ok(Math.abs(caa - (Math.cosh(g) ** 2 + Math.sinh(g) ** 2)) < TOL.algebra);
  assert.ok(Math.abs(caw - 2 * Math.cosh(g) * Math.sinh(g)) < TOL.algebra);
  assert.equal(caa, cww);
});

test("satisfactionBand() solves h/α = ⟨f⟩ ∓ √(σ_k² x∥² + σ_0²) at its two edges, SM (20)", () => {
  const p = P;
  for (const gamma of [0.5, 1, 2]) {
    const { lower, upper } = satisfactionBand(gamma, p);
    const c = Math.cosh(2 * gamma),
      s = Math.sinh(2 * gamma);
    const sk2 = (5 * c * c - 3) / (4 * p.d * p.M),
      s02 = ((p.d - 1) * c) / (2 * p.d * p.M);
    const mean = (x: number) => (s * x) / (2 * Math.sqrt(p.d));
    const sd = (x: number) => Math.sqrt(sk2 * x * x + s02);
    assert.ok(Math.abs(mean(upper) - sd(upper) - 1) < 1e-9, `upper at γ=${gamma}`);
    if (lower > 0) assert.ok(Math.abs(mean(lower) + sd(lower) - 1) < 1e-9, `lower at γ=${gamma}`);
    assert.ok(lower < upper);
  }
});

test("satisfactionBand() stays finite for huge γ (sinh overflow) and is unbounded at γ = 0", () => {
  const p = P;
  assert.equal(satisfactionBand(0, p).upper, Infinity);
  for (const g of [50, 200, 400, 1e4]) {
    const b = satisfactionBand(g, p);
    assert.ok(Number.isFinite(b.lower) && Number.isFinite(b.upper) && b.upper >= 0, `γ=${g}: ${JSON.stringify(b)}`);
  }
  assert.throws(() => satisfactionBand(1, { ...p, M: 0.5 }), /invalid M; expected an integer >= 1, got 0\.5/);
});

test("satisfactionBand() with the discrete-step factor c solves h/α = c²⟨f⟩ ∓ σ with σ from SM (19) at that c", () => {
  const p = P;
  for (const [gamma, c] of [
    [0.5, 0.97],
    [1, 0.95],
    [2.5, 0.94],
  ]) {
    const { lower, upper } = satisfactionBand(gamma, p, c);
    const mean = (x: number) => (c * c * Math.sinh(2 * gamma) * x) / (2 * Math.sqrt(p.d));
    // σ² at |x|² = x² + d − 1 and cos²θ = x²/|x|², from outputVariancePerNode (per node), over M.
    const sd = (x: number) =>
      Math.sqrt(
        outputVariancePerNode({ norm2: x * x + p.d - 1, cosTheta: x / Math.sqrt(x * x + p.d - 1) }, gamma, p, c) / p.M,
      );
    assert.ok(Math.abs(mean(upper) - sd(upper) - 1) < 1e-9, `upper at γ=${gamma}`);
    if (lower > 0) assert.ok(Math.abs(mean(lower) + sd(lower) - 1) < 1e-9, `lower at γ=${gamma}`);
  }
});

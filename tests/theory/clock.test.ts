import assert from "node:assert/strict";
import { test } from "node:test";
import { clock, clockDiscrete, clockEarly, clockLate, clockRate } from "../../src/theory/clock";
import { nodeTrajectory } from "../../src/theory/nodes";
import { simpson } from "../helpers/numerics";
import { TOL } from "../tolerances";

const FIG1 = { d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 }; // main Fig. 1

/** Independent solution: the ODE is autonomous, so t(γ) = ∫_0^γ dg / γ̇(g) exactly. */
function timeToReach(gamma: number, p: Parameters<typeof clockRate>[1]): number {
  return simpson((g) => 1 / clockRate(g, p), 0, gamma, 200_000);
}

for (const [name, p] of [
  ["Gaussian data, Fig. 1", FIG1],
  ["sphere data", { ...FIG1, task: "sphere" as const }],
  ["Gaussian data, alpha = 3, h = 0.5", { ...FIG1, alpha: 3, h: 0.5 }],
  ["mislabeled, delta = 0.01", { ...FIG1, delta: 0.01 }],
] as const) {
  test(`clock() agrees with the quadrature t(γ) = ∫ dg/γ̇ (${name})`, () => {
    const gammas = name.startsWith("mislabeled") ? [0.3, 1, 2, 2.7] : [0.3, 1, 2, 3, 4];
    const times = gammas.map((g) => timeToReach(g, p));
    const sol = clock(p, times);
    sol.gamma.forEach((g, i) => assert.ok(Math.abs(g - gammas[i]) < TOL.clock, `t=${times[i]}: ${g} vs ${gammas[i]}`));
    assert.ok(sol.errorEstimate < 1e-7, `reported error ${sol.errorEstimate}`);
  });
}

test("clock() returns γ in the order the times were given, and γ(0) = 0", () => {
  const sol = clock(FIG1, [100, 0, 10]);
  assert.equal(sol.gamma[1], 0);
  assert.ok(sol.gamma[0] > sol.gamma[2] && sol.gamma[2] > 0);
});

test("clockEarly() is the clock's slope at t = 0: β t / (α √(2π d))", () => {
  assert.ok(Math.abs(clockEarly(1, FIG1) - 2.5 / Math.sqrt(2 * Math.PI * 100)) < TOL.algebra);
  // H ≈ 100 at t = 1, so I(H) = I(∞) to exp(−5000): the clock is linear there to solver precision.
  assert.ok(Math.abs(clock(FIG1, [1]).gamma[0] - clockEarly(1, FIG1)) < TOL.clock);
});

test("clockLate() is approached by the clock as t → ∞ (constant from the theory, no fit)", () => {
  const ts = [1e3, 1e4, 1e5, 1e7];
  const gap = clock(FIG1, ts).gamma.map((g, i) => Math.abs(g - clockLate(ts[i], FIG1)));
  for (let i = 1; i < gap.length; i++) assert.ok(gap[i] < gap[i - 1], `gap does not shrink: ${gap}`);
  assert.ok(gap[gap.length - 1] < 1e-6, `gap at t = 1e7: ${gap[gap.length - 1]}`);
  const sphere = { ...FIG1, task: "sphere" as const };
  assert.ok(Math.abs(clock(sphere, [1e9]).gamma[0] - clockLate(1e9, sphere)) < 1e-5);
});

test("the mislabeled clock saturates where I_δ = 0, SM (23)", () => {
  const p = { ...FIG1, delta: 0.01 };
  const [late] = clock(p, [1e7]).gamma;
  assert.ok(Math.abs(clockRate(late, p)) < 1e-12);
  // (1 − δ)(1 − e^{−H²/2}) = δ at the fixed point.
  const H = (2 * Math.sqrt(100)) / Math.sinh(2 * late);
  assert.ok(Math.abs(0.99 * -Math.expm1((-H * H) / 2) - 0.01) < 1e-9);
  assert.throws(() => clockLate(10, p), /invalid delta/);
});

test("clockDiscrete() tends to the continuous clock as β* → 0 at fixed β* t", () => {
  const p = { ...FIG1, betaStar: 1 }; // η ≈ 1e-4 per step
  const dc = clockDiscrete(p, 20_000);
  const [g] = clock(p, [20_000]).gamma;
  assert.ok(Math.abs(dc.gamma[20_000] - g) < 1e-3 * g, `${dc.gamma[20_000]} vs ${g}`);
  assert.ok(Math.abs(dc.c[20_000] - 1) < 1e-3);
});

test("clockDiscrete(): c_t (a cosh γ_t + w sinh γ_t) equals the product of the [[1, η], [η, 1]] steps", () => {
  const dc = clockDiscrete(FIG1, 50);
  let a = 0.7,
    w = -1.3;
  for (let s = 0; s < 50; s++) [a, w] = [a + dc.eta[s] * w, w + dc.eta[s] * a];
  const pred = nodeTrajectory({ a: 0.7, wPar: -1.3 }, dc.gamma[50], dc.c[50]);
  assert.ok(Math.abs(pred.a - a) < TOL.algebra * 100 && Math.abs(pred.wPar - w) < TOL.algebra * 100);
});

test("clockDiscrete() at Fig. 1: first η ≈ 0.1 and c falls to ≈ 0.95 by t = 10 (docs/design.md §4)", () => {
  const dc = clockDiscrete(FIG1, 10);
  assert.ok(Math.abs(dc.eta[0] - 0.0997) < 1e-3);
  assert.ok(Math.abs(dc.c[10] - 0.951) < 2e-3);
});

test("clockDiscrete() rejects a betaStar whose first step diverges, naming betaStar", () => {
  assert.throws(() => clockDiscrete({ ...FIG1, betaStar: 20_000 }, 10), /invalid betaStar; expected < 10026\.5/);
});

test("clock() rejects invalid parameters with a message naming them", () => {
  assert.throws(() => clock({ ...FIG1, d: 1 }, [1]), /invalid d; expected an integer >= 2, got 1/);
  assert.throws(
    () => clock({ ...FIG1, alpha: 0 }, [1]),
    /invalid alpha; expected a number in \[1e-100, 1e\+100\] .*, got 0/,
  );
  assert.throws(() => clock({ ...FIG1, h: -1 }, [1]), /invalid h; expected a number in \[1e-100, 1e\+100\] .*, got -1/);
  assert.throws(() => clock({ ...FIG1, M: 0 }, [1]), /invalid M; expected an integer >= 1, got 0/);
  assert.throws(() => clock({ ...FIG1, delta: 0.5 }, [1]), /invalid delta/);
  assert.throws(() => clock(FIG1, [-1]), /invalid times\[0\]/);
  assert.throws(() => clock(FIG1, [NaN]), /invalid times\[0\]/);
  assert.throws(
    () => clock({ ...FIG1, task: "cube" as never }, [1]),
    /invalid task; expected one of gaussian \| sphere, got "cube"/,
  );
});

test("the clock at extreme scales: the same γ whichever other times are asked, and the scaling laws of tiny h and α", () => {
  // α = 1e12: γ ≈ 2e-11, where an absolute tolerance had no correct digit (2.65e-11 alone, 2.24e-11 beside t = 1).
  const big = { ...FIG1, alpha: 1e12 };
  const alone = clock(big, [1000]).gamma[0];
  assert.ok(Math.abs(clock(big, [1, 1000]).gamma[1] / alone - 1) < 1e-8, `${alone}`);
  // Tiny h: H ≈ h√d/(αγ) ≪ 1 and I ≈ H²/(2√(2π)), so dγ/dt ∝ h²/γ² and γ ∝ (h² t)^{1/3}.
  const g = (h: number, t: number) => clock({ ...FIG1, h }, [t]).gamma[0];
  assert.ok(Math.abs(g(1e-16, 1000) / g(1e-16, 100) - 10 ** (1 / 3)) < 1e-3);
  assert.ok(Math.abs(g(1e-16, 1000) / g(1e-17, 1000) - 10 ** (2 / 3)) < 1e-3);
  // Tiny α: sinh 2γ passes 1e308 at γ ≈ 355; H in logarithms lets γ go on (it was stuck at 355).
  const tiny = clock({ ...FIG1, alpha: 1e-100 }, [100, 1000]).gamma;
  assert.ok(tiny[1] > tiny[0] && Number.isFinite(tiny[1]));
  assert.ok(clock({ ...FIG1, alpha: 1e-100 }, [1e4]).gamma[0] > 176);
  assert.throws(() => clock({ ...FIG1, h: 1e308 }, [10]), /invalid h; expected a number in \[1e-100, 1e\+100\]/);
});

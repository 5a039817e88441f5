import assert from "node:assert/strict";
import { test } from "node:test";
import {
  driveGaussian,
  driveSphere,
  unsatisfiedFractionGaussian,
  unsatisfiedFractionSphere,
  drivesAt,
} from "../../src/theory/drive";
import { drivesAtThreshold, threshold } from "../../src/theory/drive";
import { checkParams } from "../../src/theory/params";
import { logGamma } from "../../src/theory/special";
import { Random } from "../../src/random";
import { meanAndError, phi, simpson } from "../helpers/numerics";
import { TOL } from "../tolerances";

test("driveGaussian() equals the quadrature of SM (11), ∫_0^H x N(x) dx", () => {
  for (const H of [0, 1e-4, 0.3, 1, 2.5, 8]) {
    const ref = simpson((x) => x * phi(x), 0, H);
    assert.ok(Math.abs(driveGaussian(H) - ref) < TOL.quadrature, `H=${H}`);
  }
  assert.equal(driveGaussian(Infinity), 1 / Math.sqrt(2 * Math.PI));
});

test("driveGaussian() keeps relative precision for tiny H (late times)", () => {
  const H = 1e-9;
  assert.ok(Math.abs(driveGaussian(H) / ((H * H) / 2 / Math.sqrt(2 * Math.PI)) - 1) < 1e-12);
});

test("the drive vector of SM (10) is I(t) ŵ* for any node w (seeded Monte Carlo, d = 6)", () => {
  // ⟨θ(H − y x∥) θ(w·x) y x⟩ over x ~ N(0, I), y = sign(x∥), ŵ* = e_0: parallel part I(H), the rest 0.
  const d = 6,
    n = 400_000,
    H = 0.8,
    rng = new Random(1);
  const w = Array.from({ length: d }, () => rng.normal());
  const comps = Array.from({ length: d }, () => new Float64Array(n));
  const x = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    rng.fillNormal(x);
    const y = Math.sign(x[0]);
    const active = y * x[0] < H && w.reduce((acc, wi, i) => acc + wi * x[i], 0) > 0;
    for (let i = 0; i < d; i++) comps[i][s] = active ? y * x[i] : 0;
  }
  const par = meanAndError(comps[0]);
  assert.ok(Math.abs(par.mean - driveGaussian(H)) < TOL.sigmas * par.se, `${par.mean} vs ${driveGaussian(H)}`);
  for (let i = 1; i < d; i++) {
    const perp = meanAndError(comps[i]);
    assert.ok(Math.abs(perp.mean) < TOL.sigmas * perp.se, `component ${i}: ${perp.mean} ± ${perp.se}`);
  }
});

test("driveSphere() equals the quadrature of SM (11) over the x∥ density of the sphere", () => {
  for (const d of [3, 10, 100]) {
    const logB = logGamma(0.5) + logGamma((d - 1) / 2) - logGamma(d / 2);
    const density = (x: number) => Math.pow(1 - x * x, (d - 3) / 2) / Math.exp(logB);
    for (const H of [0.05, 0.3, 0.99, 1, 3]) {
      const ref = simpson((x) => x * density(x), 0, Math.min(H, 1));
      assert.ok(Math.abs(driveSphere(H, d) - ref) < TOL.quadrature, `d=${d} H=${H}: ${driveSphere(H, d)} vs ${ref}`);
    }
  }
});

test("driveSphere() agrees with Monte Carlo on uniform points of S^{d−1} (d = 10)", () => {
  const d = 10,
    n = 200_000,
    H = 0.25,
    rng = new Random(2);
  const v = new Float64Array(n);
  const x = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    rng.fillNormal(x);
    const xPar = x[0] / Math.hypot(...x);
    v[s] = xPar > 0 && xPar < H ? xPar : 0;
  }
  const mc = meanAndError(v);
  assert.ok(Math.abs(mc.mean - driveSphere(H, d)) < TOL.sigmas * mc.se);
});

test("unsatisfiedFractionGaussian() equals ∫_{−H}^{H} N(x) dx, SM (21); 1 at t = 0", () => {
  for (const H of [0, 0.1, 1, 3]) {
    assert.ok(Math.abs(unsatisfiedFractionGaussian(H) - simpson(phi, -H, H)) < TOL.quadrature);
  }
  assert.equal(unsatisfiedFractionGaussian(Infinity), 1);
});

test("unsatisfiedFractionSphere() equals the quadrature of the x∥ density", () => {
  const d = 20;
  const logB = logGamma(0.5) + logGamma((d - 1) / 2) - logGamma(d / 2);
  for (const H of [0.1, 0.5, 0.9]) {
    const ref = simpson((x) => Math.pow(1 - x * x, (d - 3) / 2), -H, H) / Math.exp(logB);
    assert.ok(Math.abs(unsatisfiedFractionSphere(H, d) - ref) < TOL.quadrature);
  }
  assert.equal(unsatisfiedFractionSphere(1.5, d), 1);
});

const P = { d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 };
/** The drives at threshold H, with mislabeled fraction δ and dimension d. */
const at = (H: number, delta = 0, d = 100) => drivesAtThreshold(H, checkParams({ ...P, d, delta }));

test("drivesAt() has H = ∞ at γ = 0 and H = 0, never NaN, once sinh 2γ overflows", () => {
  assert.equal(drivesAt(0, P).H, Infinity);
  assert.equal(drivesAt(400, P).H, 0);
  assert.equal(drivesAt(400, P).I, 0);
  assert.equal(drivesAt(400, P).J, 0);
  assert.equal(threshold(0.3, P, 0.9), (2 * Math.sqrt(100)) / (0.81 * Math.sinh(0.6)));
  assert.equal(drivesAt(0.3, P, 0.9).H, threshold(0.3, P, 0.9));
});

test("the perpendicular drive J is √((d−1)/2) at t = 0 and √((d−1)/2 · f_U,δ) in general, SM (22), (24)", () => {
  assert.ok(Math.abs(at(Infinity, 0, 101).J - Math.sqrt(50)) < TOL.algebra);
  const H = 0.7,
    delta = 0.01;
  const fU = (1 - delta) * unsatisfiedFractionGaussian(H) + delta;
  assert.ok(Math.abs(at(H, delta).fU - fU) < TOL.algebra);
  assert.ok(Math.abs(at(H, delta).J - Math.sqrt((99 / 2) * fU)) < TOL.algebra);
});

test("the parallel drive is I(t) at δ = 0 and (1 − δ) I(t) − δ I(0), SM (23)", () => {
  assert.equal(at(0.5).I, driveGaussian(0.5));
  const ref = 0.99 * driveGaussian(0.5) - 0.01 / Math.sqrt(2 * Math.PI);
  assert.ok(Math.abs(at(0.5, 0.01).I - ref) < TOL.algebra);
});

test("drivesAt() rejects delta outside [0, 0.5) with a message naming delta", () => {
  assert.throws(() => drivesAt(1, { ...P, delta: 0.5 }), /invalid delta; expected a number in \[0, 0\.5\), got 0\.5/);
  assert.throws(() => drivesAt(1, { ...P, delta: -0.1 }), /invalid delta/);
  assert.throws(() => driveGaussian(-1), /invalid H; expected a number >= 0, got -1/);
  assert.throws(() => driveGaussian(NaN), /invalid H/);
});

test("drivesAt() on the sphere uses the sphere's I and f_U, SM (13)", () => {
  const q = { ...P, task: "sphere" as const };
  const H = drivesAt(0.5, q).H;
  assert.equal(drivesAt(0.5, q).I, driveSphere(H, 100));
  assert.equal(drivesAt(0.5, q).fU, unsatisfiedFractionSphere(H, 100));
});

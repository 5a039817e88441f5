import assert from "node:assert/strict";
import { test } from "node:test";
import {
  driveGaussian,
  driveMislabeled,
  driveSphere,
  logGamma,
  perpendicularDrive,
  Random,
  thresholdH,
  unsatisfiedFraction,
  unsatisfiedFractionSphere,
  unsatisfiedMislabeled,
} from "../../src/index";
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

test("unsatisfiedFraction() equals ∫_{−H}^{H} N(x) dx, SM (21); 1 at t = 0", () => {
  for (const H of [0, 0.1, 1, 3]) {
    assert.ok(Math.abs(unsatisfiedFraction(H) - simpson(phi, -H, H)) < TOL.quadrature);
  }
  assert.equal(unsatisfiedFraction(Infinity), 1);
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

test("thresholdH() is ∞ at γ = 0 and 0, never NaN, once sinh 2γ overflows", () => {
  assert.equal(thresholdH(0, 100, 1, 1), Infinity);
  assert.equal(thresholdH(400, 100, 1, 1), 0);
  assert.equal(driveGaussian(thresholdH(400, 100, 1, 1)), 0);
  assert.equal(perpendicularDrive(0, 100), 0);
});

test("perpendicularDrive() is √((d−1)/2) at t = 0 and √((d−1)/2 · f_U,δ) in general, SM (22), (24)", () => {
  assert.ok(Math.abs(perpendicularDrive(Infinity, 101) - Math.sqrt(50)) < TOL.algebra);
  const H = 0.7,
    delta = 0.01;
  const fU = (1 - delta) * unsatisfiedFraction(H) + delta;
  assert.ok(Math.abs(unsatisfiedMislabeled(H, delta, 100) - fU) < TOL.algebra);
  assert.ok(Math.abs(perpendicularDrive(H, 100, delta) - Math.sqrt((99 / 2) * fU)) < TOL.algebra);
});

test("driveMislabeled() is I(t) at δ = 0 and (1 − δ) I(t) − δ I(0), SM (23)", () => {
  assert.equal(driveMislabeled(0.5, 0, 100), driveGaussian(0.5));
  const ref = 0.99 * driveGaussian(0.5) - 0.01 / Math.sqrt(2 * Math.PI);
  assert.ok(Math.abs(driveMislabeled(0.5, 0.01, 100) - ref) < TOL.algebra);
});

test("driveMislabeled() rejects delta outside [0, 0.5) with a message naming delta", () => {
  assert.throws(() => driveMislabeled(1, 0.5, 100), /invalid delta; expected a number in \[0, 0\.5\), got 0\.5/);
  assert.throws(() => driveMislabeled(1, -0.1, 100), /invalid delta/);
  assert.throws(() => driveGaussian(-1), /invalid H; expected a number >= 0, got -1/);
  assert.throws(() => driveGaussian(NaN), /invalid H/);
});

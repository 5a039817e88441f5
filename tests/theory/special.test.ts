import assert from "node:assert/strict";
import { test } from "node:test";
import { erf, erfc, logSphereSurface } from "../../src/theory/special";
import { simpson } from "../helpers/numerics";
import { TOL } from "../tolerances";

test("erf() matches the quadrature of 2/√π e^{−s²} from 0 to 4", () => {
  for (const x of [0, 0.01, 0.3, 1, 2.49, 2.5, 3, 4]) {
    const ref = simpson((s) => (2 / Math.sqrt(Math.PI)) * Math.exp(-s * s), 0, x);
    assert.ok(Math.abs(erf(x) - ref) < TOL.quadrature, `x=${x}: ${erf(x)} vs ${ref}`);
    assert.equal(erf(-x), -erf(x));
  }
});

test("erfc() keeps relative precision far in the tail (published values)", () => {
  assert.ok(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1) < 1e-13);
  assert.ok(Math.abs(erfc(10) / 2.088487583762545e-45 - 1) < 1e-13);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erf(Infinity), 1);
  assert.ok(Number.isNaN(erf(NaN)));
});

test("logSphereSurface() gives 2π for the circle and 4π for the 2-sphere", () => {
  assert.ok(Math.abs(Math.exp(logSphereSurface(2)) - 2 * Math.PI) < 1e-12);
  assert.ok(Math.abs(Math.exp(logSphereSurface(3)) - 4 * Math.PI) < 1e-12);
});

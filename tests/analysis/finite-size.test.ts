/** Departures, drives and output spreads measured from a run that follows the theory, then broken. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { departureTime, departureTimes, driveSignChange, perpendicularCheck } from "../../src/analysis/departures";
import { outputSpreadByBin, spreadAgreement } from "../../src/analysis/finite-size";
import { idealRun, IDEAL } from "../helpers/ideal-run";

test("departureTime(): the first of `persist` samples off by more than tol; NaN when none; 0 theory is relative", () => {
  const t = [1, 2, 3, 4, 5, 6, 7];
  const theory = t.map(() => 1);
  assert.equal(departureTime(t, [1, 1.2, 1, 1.2, 1.2, 1.2, 1], theory), 4);
  assert.equal(departureTime(t, [1, 1.2, 1, 1.2, 1.2, 1.2, 1], theory, { persist: 1 }), 2);
  assert.equal(departureTime(t, [1, 1.2, 1, 1.2, 1.2, 1.2, 1], theory, { tol: 0.3 }), NaN);
  assert.equal(departureTime(t, [1.5, 1.5, 1.5, 1, 1, 1, 1], theory, { after: 2 }), NaN);
  assert.equal(departureTime(t, [0, 0, 0.2, 0.2, 0.2, 0, 0], [0, 0, 0, 0, 0, 0, 0], { tol: 0.1 }), 3);
  assert.equal(departureTime(t, [NaN, 2, 2, 2, 1, 1, 1], theory), 2); // NaN samples are skipped
});

test("departureTimes(): the ideal run never departs; a drive off by 20% from t = 50 departs at 50", () => {
  const ideal = departureTimes(idealRun());
  for (const k of ["Ipar", "Jperp", "fU", "nodes"] as const) assert.ok(Number.isNaN(ideal[k]), `${k}: ${ideal[k]}`);
  assert.equal(ideal.minTestErrorAt, IDEAL.steps);
  const broken = idealRun();
  for (let t = 50; t < IDEAL.steps!; t++) broken.history.Ipar[t] *= 1.2;
  for (let t = 80; t < IDEAL.steps!; t++) broken.history.Jperp[t] *= 0.5;
  const d = departureTimes(broken);
  assert.equal(d.Ipar, 50);
  assert.equal(d.Jperp, 80);
  assert.ok(Number.isNaN(d.fU));
});

test("perpendicularCheck(): J⊥ over J/√N is 1 for the ideal run, and finds a bump where it is", () => {
  const c = perpendicularCheck(idealRun());
  for (const v of [c.peak, c.fUAtPeak, c.late, c.lateMeasuredFU]) assert.ok(Math.abs(v - 1) < 1e-9, `${v}`);
  const bump = idealRun();
  bump.history.Jperp[23] *= 2;
  const b = perpendicularCheck(bump);
  assert.equal(b.peakAt, 23);
  assert.ok(Math.abs(b.peak - 2) < 1e-9);
});

test("driveSignChange(): the first step of 20 with I∥ < 0; the theory's I_δ only tends to 0", () => {
  const run = idealRun({ delta: 0.05, steps: 300 });
  const none = driveSignChange(run);
  assert.ok(Number.isNaN(none.measuredZero));
  assert.ok(none.theoryMin > 0 && none.theoryBelowOnePercent > 0);
  for (let t = 120; t < 300; t++) run.history.Ipar[t] = -1e-3;
  run.history.Ipar[100] = -1e-3; // one negative step does not count
  assert.equal(driveSignChange(run).measuredZero, 120);
});

test("outputSpreadByBin(): the spread of SM (19) over networks and over examples, per x∥ bin", () => {
  const run = idealRun({ N: 2000, test: 40_000, outputsAt: [0, 10, 40] });
  const bins = outputSpreadByBin(run, 10);
  assert.ok(bins.length >= 8);
  for (const b of bins) {
    // nodeSpread is the theory's own spread at each example: the bin's RMS is the theory at its centre to ~2%.
    assert.ok(Math.abs(b.overNetworks / b.theory - 1) < 0.03, `x∥=${b.xPar}: ${b.overNetworks / b.theory}`);
    // The outputs scatter by that spread: the standard deviation within a bin of n examples is good to ~1/√(2n).
    assert.ok(Math.abs(b.overExamples / b.theory - 1) < 0.03 + 4 / Math.sqrt(2 * b.count), `x∥=${b.xPar}`);
  }
  assert.equal(spreadAgreement(run).length, 3);
  assert.throws(
    () => outputSpreadByBin(run, 7),
    /invalid t; expected one of the recorded output steps 0, 10, 40, got 7/,
  );
});

/** The clocks and trajectories measured from a run, on a run that follows the theory exactly, then broken. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agreementTable } from "../../src/analysis/agreement";
import { clockCheck, largeNodes } from "../../src/analysis/departures";
import {
  recordedTraces,
  predictedTraces,
  drivenClock,
  fittedClock,
  trajectoryErrors,
} from "../../src/analysis/trajectories";
import { clockDiscrete } from "../../src/theory/clock";
import { idealRun, IDEAL } from "../helpers/ideal-run";

/** float32 storage of the node parameters: relative 6e-8, a few ulp after the fits' sums. */
const FLOAT32 = 1e-5;
const run = idealRun();
const disc = clockDiscrete({ ...IDEAL, d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 }, IDEAL.steps!);

test("fittedClock() recovers γ_t and c_t of main (10) from the population, with no theory", () => {
  const fit = fittedClock(run);
  fit.t.forEach((t, g) => {
    assert.ok(Math.abs(fit.gamma[g] - disc.gamma[t]) < FLOAT32 * (1 + disc.gamma[t]), `t=${t}: γ ${fit.gamma[g]}`);
    assert.ok(Math.abs(fit.c[g] - disc.c[t]) < 1e-3, `t=${t}: c ${fit.c[g]} vs ${disc.c[t]}`);
  });
  // A subset of the nodes gives the same clock.
  const some = fittedClock(run, [0, 5, 17, 99, 200, 311]);
  assert.ok(Math.abs(some.gamma[10] - fit.gamma[10]) < FLOAT32 * 10);
});

test("drivenClock() integrates the measured drive exactly as clockDiscrete integrates the theory's", () => {
  const driven = drivenClock(run);
  for (const t of [1, 10, 50, IDEAL.steps!]) {
    assert.ok(Math.abs(driven.gamma[t] - disc.gamma[t]) < 1e-12, `t=${t}`);
    assert.ok(Math.abs(driven.c[t] - disc.c[t]) < 1e-12, `t=${t}`);
  }
  // A drive ≥ α√d/β would make η ≥ 1: the clock is undefined from that step on.
  const broken = idealRun();
  broken.history.Ipar[30] = 1e3;
  assert.ok(Number.isNaN(drivenClock(broken).gamma[31]) && !Number.isNaN(drivenClock(broken).gamma[30]));
});

test("trajectoryErrors(): zero on the discrete clock, the factor c_t on the continuous one", () => {
  for (const e of trajectoryErrors(run)) {
    assert.ok(e.aDiscrete < FLOAT32 && e.wDiscrete < FLOAT32, `t=${e.t}: ${e.aDiscrete}`);
    // Early on the continuous clock misses the factor c_t (≈ 0.95 by t = 10); later its larger γ(t) makes up for it.
    if (e.t >= 5 && e.t <= 15) assert.ok(e.aContinuous > 0.02, `t=${e.t}: ${e.aContinuous}`);
  }
  const nodes = [3, 30, 300];
  const times = run.grid.t.filter((t) => t > 0);
  const predicted = predictedTraces(run, { nodes, times, field: "a", discrete: true });
  const recorded = recordedTraces(run, nodes, "a").map((v) => v.slice(1));
  predicted.forEach((p, k) =>
    p.forEach((v, j) => assert.ok(Math.abs(v - recorded[k][j]) < FLOAT32 * (1 + Math.abs(v)))),
  );
});

test("agreementTable() and clockCheck() report the ideal run on the theory's clocks", () => {
  const rows = agreementTable(run, [0, 10, 100]);
  assert.deepEqual(
    rows.map((r) => r.t),
    [10, 100].map((w) => run.grid.t.reduce((b, t) => (Math.abs(t - w) < Math.abs(b - w) ? t : b))),
  );
  for (const r of rows) assert.ok(Math.abs(r.gammaFitted - r.gammaDiscrete) < FLOAT32 * 10);
  for (const r of clockCheck(run, [10, 100, IDEAL.steps!])) {
    assert.ok(Math.abs(r.fitted - r.discrete) < FLOAT32 * 10 && Math.abs(r.driven - r.discrete) < 1e-12);
    if (r.t < IDEAL.steps!) assert.ok(Math.abs(r.driveRatio - 1) < 1e-12);
    else assert.ok(Number.isNaN(r.driveRatio)); // the last step has no gradient
  }
});

test("largeNodes(): the growing nodes end on main (10); a slower clock shows as a ratio below 1", () => {
  const b = largeNodes(run, 40);
  for (const v of [b.aTheory, b.wTheory, b.aDriven, b.wDriven]) assert.ok(Math.abs(v - 1) < FLOAT32);
  assert.equal(b.count, 40);
  const slow = idealRun();
  for (let t = 100; t < IDEAL.steps!; t++) slow.history.Ipar[t] *= 0.5; // the drive the run "measured"
  const s = largeNodes(slow, 40);
  assert.ok(s.aDriven > 1.0001 && Math.abs(s.aTheory - 1) < FLOAT32, JSON.stringify(s));
});

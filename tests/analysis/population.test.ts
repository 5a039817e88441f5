/** Fig. 1d, the node groups, the distance from the hyperbolas, rich/lazy movement and the population records. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupClocks, hyperbolaError, nodeGroups, shapeAgreement } from "../../src/analysis/classes";
import { departureStep } from "../../src/analysis/departures";
import { bandTable, driveData, errorCurves } from "../../src/analysis/compare";
import { firstStage, stageSummary } from "../../src/analysis/first-stage";
import { populationFlow, populationSnapshots, predictedPopulation } from "../../src/analysis/population";
import { regimeRow, relativeMovement, theoryMovement } from "../../src/analysis/regimes";
import { fractionInBand, satisfactionCloud } from "../../src/analysis/satisfaction";
import { stepDrives } from "../../src/theory/curves";
import { idealRun, IDEAL } from "../helpers/ideal-run";
import { Random } from "../../src/random";

const run = idealRun();
const T = IDEAL.steps!;

test("fractionInBand(): every example satisfied where H_t says is inside its band; late ones are not", () => {
  assert.equal(fractionInBand(run), 1);
  const late = idealRun();
  late.examples.firstSatisfied.forEach((s, n) => (late.examples.firstSatisfied[n] = s > 0 && s < T - 10 ? s + 10 : s));
  assert.ok(fractionInBand(late) < 0.6, `${fractionInBand(late)}`);
  const cloud = satisfactionCloud(run, 500);
  assert.ok(cloud.t.length <= 500 && cloud.t.length > 250);
  assert.ok(cloud.t.every((t) => t >= 1 && t <= T) && cloud.xPar.every((x) => x >= 0));
  assert.equal(bandTable([run])[0].insideBand, 1);
});

test("nodeGroups() splits by the sign of a(0) + w∥(0); both groups keep the common clock on main (10)", () => {
  const g = nodeGroups(run);
  assert.equal(g.plus.length + g.minus.length, IDEAL.M);
  for (const i of g.plus) assert.ok(run.grid.a[0][i] + run.grid.wPar[0][i] > 0);
  const clocks = groupClocks(run);
  clocks.t.forEach((_, k) => assert.ok(Math.abs(clocks.plus[k] - clocks.minus[k]) < 1e-4 * (1 + clocks.all[k])));
});

test("hyperbolaError() is 0 on main (10), and departureStep() finds where the nodes leave it", () => {
  assert.ok(Math.max(...hyperbolaError(run).error) < 1e-5);
  assert.ok(Number.isNaN(departureStep(run, 0.1)));
  const off = idealRun();
  const rng = new Random(5);
  const from = off.grid.t.findIndex((t) => t >= 50);
  for (let g = from; g < off.grid.t.length; g++)
    off.grid.wPar[g].forEach((v, i) => (off.grid.wPar[g][i] = v + 0.5 * Math.abs(v) * rng.normal()));
  assert.equal(departureStep(off, 0.1), off.grid.t[from]);
  const rows = shapeAgreement(off, [10, T]);
  assert.ok(rows[0].hyperbolaError < 1e-5 && rows[1].hyperbolaError > 0.1);
  assert.equal(firstStage(off).departure, off.grid.t[from]);
  assert.equal(stageSummary(off).departure, off.grid.t[from]);
});

test("firstStage(): on main (10) no departure, and the drive collapses where the theory's I does", () => {
  const s = firstStage(run);
  assert.ok(Number.isNaN(s.departure) && Math.abs(s.distancePerGamma) < 1e-5);
  const I = stepDrives({ ...IDEAL, d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 }, T, IDEAL.N!).I;
  assert.equal(
    s.driveCollapse,
    I.findIndex((v, t) => t > 0 && v < 0.1 * I[0]),
  );
  assert.equal(s.earlyTrainError, run.history.trainError[1]);
});

test("relativeMovement() follows theoryMovement() for a unit Gaussian start; regimeRow() reports both", () => {
  const big = idealRun({ M: 4000, N: 500, test: 100 });
  const th = theoryMovement({ ...IDEAL, d: 100, M: 4000, alpha: 1, h: 1, betaStar: 1000 }, T);
  // The start is a sample of M = 4000 unit Gaussians: its second moments are good to ~2/√M.
  assert.ok(Math.abs(relativeMovement(big).a / th.movement - 1) < 0.05);
  const row = regimeRow(big);
  assert.equal(row.movementTheory, th.movement);
  assert.ok(Math.abs(row.gammaFitted - row.gammaTheory) < 1e-4 && Math.abs(row.gammaDriven - row.gammaTheory) < 1e-9);
  assert.ok(row.cFitted <= 1 && row.N === 500 && row.alpha === 1);
});

test("population records: snapshots are the grid, main (10) from each start reproduces them, the flow thins frames", () => {
  const [s] = populationSnapshots(run, [T]);
  const [p] = predictedPopulation(run, [T]);
  assert.equal(s.t, T);
  for (let i = 0; i < IDEAL.M!; i += 37) assert.ok(Math.abs(p.a[i] - s.a[i]) < 1e-3 * (1 + Math.abs(s.a[i])));
  const flow = populationFlow(run, { frames: 10, background: 5 });
  assert.ok(flow.frames.length <= 11 && flow.frames[flow.frames.length - 1].t === T);
  assert.equal(flow.hyperbolas.a.length, 5);
  for (const f of flow.frames) assert.ok(f.extent >= 3.3);
});

test("compare records carry each run's config and the theory at the same steps", () => {
  const [d] = driveData([run]);
  assert.equal(d.config.N, IDEAL.N);
  d.measured.t.forEach((_, k) => assert.ok(Math.abs(d.measured.I[k] - d.theory.I[k]) < 1e-15));
  const [e] = errorCurves([run]);
  assert.deepEqual(e.t, run.grid.t);
});

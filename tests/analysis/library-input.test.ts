/** A notebook author's mistake gets a clear ParameterError naming the argument, never a TypeError or a silent NaN. */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { agreementTable } from "../../src/analysis/agreement";
import { checkParams, type ModelParams } from "../../src/theory/params";
import { clock } from "../../src/theory/clock";
import { DEFAULTS } from "../../src/defaults";
import { drivesAt } from "../../src/theory/drive";
import { errorCurves } from "../../src/analysis/compare";
import { fittedClock, recordedTraces, type NodeField } from "../../src/analysis/trajectories";
import { fractionInBand } from "../../src/analysis/satisfaction";
import { resolveConfig } from "../../src/train/config";
import { teacherTask } from "../../src/data/synthetic";
import { writeNpy } from "../../src/data/npy";
import { idealRun } from "../helpers/ideal-run";

test("library calls with a wrong argument throw a ParameterError that names it", () => {
  const r = idealRun();
  assert.throws(() => checkParams(null as unknown as ModelParams), /invalid params; expected a ModelParams object/);
  assert.throws(() => errorCurves(null as never), /invalid runs; expected an array of TrainResults/);
  assert.throws(() => errorCurves([null as never]), /invalid runs\[0\]; expected a TrainResult/);
  assert.throws(
    () => fittedClock(r, [999]),
    /invalid nodes\[0\]; expected a node index, an integer in \[0, \d+\], got 999/,
  );
  assert.throws(() => fractionInBand(r, NaN), /invalid tMax\[0\]; expected a finite time >= 0, got NaN/);
  assert.throws(() => agreementTable(r, [-1]), /invalid wanted\[0\]; expected a finite time >= 0, got -1/);
  assert.throws(
    () => recordedTraces(r, [0], "bogus" as NodeField),
    /invalid field; expected one of a \| wPar \| wPerp/,
  );
  const file = join(mkdtempSync(join(tmpdir(), "npy-")), "x.npy");
  assert.throws(
    () => writeNpy(file, new Float32Array(4), [-2, -2]),
    /invalid shape\[0\]; expected an integer >= 0, got -2/,
  );
  // Not an array where an array is expected, an empty node list, −0, a missing options object.
  assert.throws(() => writeNpy(file, new Float32Array(4), null as never), /invalid shape; expected an array/);
  assert.throws(() => clock(DEFAULTS, null as never), /invalid times; expected an array of numbers, got null/);
  assert.throws(() => agreementTable(r, "x" as never), /invalid wanted; expected an array of numbers, got "x"/);
  assert.throws(() => fittedClock(r, []), /invalid nodes; expected at least one node index/);
  assert.throws(
    () => resolveConfig({ snapshots: 5 as never }),
    /invalid snapshots; expected an array of numbers, got 5/,
  );
  assert.throws(() => teacherTask(null as never), /invalid options; expected a TeacherTaskOptions object/);
  assert.deepEqual(drivesAt(-0, DEFAULTS), drivesAt(0, DEFAULTS), "γ = −0 is γ = 0 (H = +∞, not −∞ and NaN)");
});

/**
 * Sweeps: the grid, the manifest, the local executor (each run a `train --sweep` process), the cache that makes
 * an extended sweep train only what is missing, and runs identical to the same config trained in this process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expandSweep, parseVary, variedKeys } from "../../src/sweep/plan";
import { sweep, SweepError, type SweepProgress } from "../../src/sweep/sweep";
import { readManifest } from "../../src/sweep/manifest";
import { trainCached } from "../../src/train/cache";
import type { TrainConfig } from "../../src/train/config";
import { ParameterError } from "../../src/validate";

const TINY: TrainConfig = { N: 300, test: 100, d: 10, M: 20, betaStar: 50, steps: 30, gridSize: 8 };
const root = join(__dirname, "..", "..");

test("expandSweep(): the grid's product in order, each run validated and named in an error", () => {
  const configs = expandSweep({ base: TINY, vary: { alpha: [1, 10], seed: [0, 1, 2] } });
  assert.deepEqual(
    configs.map((c) => [c.alpha, c.seed]),
    [
      [1, 0],
      [1, 1],
      [1, 2],
      [10, 0],
      [10, 1],
      [10, 2],
    ],
  );
  assert.throws(() => expandSweep({ base: TINY, vary: { alpha: [1, -1] } }), /run 1 \(alpha = -1\): alpha/);
  assert.throws(() => expandSweep({ base: TINY, vary: { gamma: [1] } as never }), /keys among N, test, d/);
  assert.throws(() => expandSweep({ base: TINY, vary: { seed: [] } }), /vary\.seed.*non-empty array/);
  assert.throws(() => expandSweep({ base: TINY, vary: { seed: [1, 1] } }), /distinct values/);
  assert.throws(() => expandSweep({ base: { ...TINY, onProgress: () => {} }, vary: {} }), ParameterError);
});

test("parseVary(): lists, integer ranges, exponents; errors name --vary", () => {
  assert.deepEqual(parseVary("alpha=1,3,10"), ["alpha", [1, 3, 10]]);
  assert.deepEqual(parseVary("seed=0..4"), ["seed", [0, 1, 2, 3, 4]]);
  assert.deepEqual(parseVary("N=1e3,1e4"), ["N", [1000, 10000]]);
  assert.throws(() => parseVary("alpha"), /invalid --vary; expected KEY=V1,V2/);
  assert.throws(() => parseVary("gamma=1"), /a key among/);
  assert.throws(() => parseVary("seed=4..0"), /A\.\.B with A <= B/);
  assert.throws(() => parseVary("alpha=1,,3"), /numbers for alpha/);
});

test("sweep() trains each run once in its own process, into the cache, and an extended sweep trains only what is new", async () => {
  const cache = mkdtempSync(join(tmpdir(), "hinge-sweep-"));
  const seen: SweepProgress[] = [];
  const first = await sweep({
    base: TINY,
    vary: { alpha: [1, 10] },
    parallel: 2,
    cache,
    onProgress: (p) => seen.push(p),
  });
  assert.equal(first.rows.length, 2);
  assert.deepEqual(
    first.rows.map((r) => r.alpha),
    [1, 10],
  );
  assert.ok(
    seen.some((p) => p.running === 2),
    "two runs at once",
  );
  assert.deepEqual(seen.at(-1) && [seen.at(-1)!.done, seen.at(-1)!.waiting, seen.at(-1)!.running], [2, 0, 0]);
  for (const r of first.rows) assert.ok(r.finalTestError >= 0 && r.finalTestError < 0.5 && r.stopReason.length > 0);
  assert.equal(readManifest(first.manifest).configs.length, 2);
  // Extended by one value: only that run trains.
  const later: SweepProgress[] = [];
  const second = await sweep({
    base: TINY,
    vary: { alpha: [1, 3, 10] },
    parallel: 2,
    cache,
    onProgress: (p) => later.push(p),
  });
  assert.equal(later[0].done, 2);
  assert.equal(later[0].waiting, 1);
  assert.deepEqual(second.rows[0], { ...first.rows[0], run: 0 });
  assert.deepEqual({ ...second.rows[2], run: 1 }, first.rows[1]);
  // The same config trained in this process (another cache) gives the same bits as the sweep's process.
  const direct = await trainCached({ ...TINY, alpha: 10, workers: 1 }, mkdtempSync(join(tmpdir(), "hinge-direct-")));
  const swept = second.run(2);
  assert.deepEqual(Array.from(swept.history.trainError), Array.from(direct.history.trainError));
  assert.deepEqual(Array.from(swept.final.W), Array.from(direct.final.W));
  assert.equal(second.table().shape[0], 3);
});

test("a run that fails is named with its values; the others stay cached", async () => {
  const cache = mkdtempSync(join(tmpdir(), "hinge-sweep-"));
  await assert.rejects(
    sweep({ base: { ...TINY, steps: 20 }, vary: { betaStar: [50, 1e7] }, parallel: 2, cache }),
    (e: unknown) => e instanceof SweepError && e.failed.length === 1 && /run 1 \(betaStar = 10000000\)/.test(e.message),
  );
  const again: SweepProgress[] = [];
  await assert.rejects(
    sweep({ base: { ...TINY, steps: 20 }, vary: { betaStar: [50, 1e7] }, cache, onProgress: (p) => again.push(p) }),
  );
  assert.equal(again[0].done, 1, "the run that finished is not retrained");
});

test("hinge-dynamics sweep writes the table as CSV; bad flags are named", () => {
  const dir = mkdtempSync(join(tmpdir(), "hinge-sweep-cli-"));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, "dist", "cli", "main.js"), "sweep", ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, HINGE_CACHE_DIR: join(dir, "cache") },
    });
  const ok = cli("--preset", "fig1", "--profile", "smoke", "--vary", "seed=0..1", "--parallel", "2", "--out", "t.csv");
  assert.equal(ok.status, 0, ok.stderr);
  const lines = readFileSync(join(dir, "t.csv"), "utf8").trim().split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^run,seed,stopReason,lastStep,finalTrainError,finalTestError/);
  assert.match(ok.stderr, /2 runs; table written to t\.csv/);
  const bad = cli("--preset", "fig1", "--vary", "alpha=1..x", "--out", "t.csv");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /invalid --vary/);
  assert.match(
    cli("--preset", "nope", "--vary", "seed=0", "--out", "t.csv").stderr,
    /invalid --preset; expected one of fig1/,
  );
});

test("expandSweep() takes a list of configs over the base; the varied fields are those that differ", () => {
  const list = [1, 100].map((alpha) => ({ alpha, betaStar: Math.round(1000 * Math.sqrt(alpha)) }));
  const configs = expandSweep({ base: TINY, configs: list });
  assert.deepEqual(
    configs.map((c) => [c.alpha, c.betaStar, c.N]),
    [
      [1, 1000, 300],
      [100, 10000, 300],
    ],
  );
  assert.deepEqual(variedKeys({}, configs), ["alpha", "betaStar"]);
  assert.throws(() => expandSweep({ base: TINY, configs: list, vary: { seed: [0] } }), /configs.*not both/);
  assert.throws(() => expandSweep({ base: TINY, configs: [] }), /non-empty array of configs/);
});

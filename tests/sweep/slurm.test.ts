/**
 * The Slurm executor on a real one-node cluster started by the test (Debian's slurm-wlm and munge): the same
 * table as the local executor, a cancelled task leaves no cache entry and is retrained when resubmitted, two tasks
 * of one config leave one good entry, and a bad partition or a silent controller is refused before anything is
 * submitted. Without Slurm these tests skip, saying why.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { configKey } from "../../src/train/cache";
import { loadResult } from "../../src/train/result-io";
import type { TrainConfig } from "../../src/train/config";
import { expandSweep } from "../../src/sweep/plan";
import { writeManifest } from "../../src/sweep/manifest";
import { batchScript } from "../../src/sweep/slurm";
import { sweep } from "../../src/sweep/sweep";
import { missing, startCluster, type Cluster } from "../helpers/slurm";

const skip = missing();
const TINY: TrainConfig = { N: 300, test: 100, d: 10, M: 20, betaStar: 50, steps: 30, gridSize: 8 };
const FAST = { pollSeconds: 0.3 };
let cluster: Cluster | undefined;

before(async () => {
  if (skip) return;
  cluster = await startCluster();
  process.env.SLURM_CONF = cluster.conf;
});
after(() => cluster?.stop());

const queueEmpty = () => spawnSync("squeue", ["-h"], { encoding: "utf8" }).stdout.trim() === "";

test("the Slurm executor gives the local executor's table, run for run", { skip }, async () => {
  const plan = { base: TINY, vary: { alpha: [1, 10], seed: [0, 1] } };
  const onSlurm = await sweep({ ...plan, executor: "slurm", slurm: FAST, cache: mkdtempSync(join(tmpdir(), "hs-")) });
  const here = await sweep({ ...plan, parallel: 2, cache: mkdtempSync(join(tmpdir(), "hs-")) });
  assert.equal(onSlurm.rows.length, 4);
  assert.deepEqual(onSlurm.rows, here.rows);
  assert.deepEqual(Array.from(onSlurm.run(3).final.W), Array.from(here.run(3).final.W));
});

test("a task cancelled mid-run leaves no cache entry, and the resubmitted sweep trains it", { skip }, async () => {
  const cache = mkdtempSync(join(tmpdir(), "hs-"));
  // Mislabeled examples keep it from a fixed point: 5·10^4 steps, about 17 s here. The task is cancelled once its
  // log shows a progress line short of the end (the first comes after 5 s of training), so it is cancelled while
  // training however fast the machine is (a fixed 4 s after it started was too late once 10^4 steps took 3.8 s).
  const steps = 50_000;
  const plan = { base: { ...TINY, N: 2000, delta: 0.1, steps }, vary: { seed: [5] } };
  const abort = new AbortController();
  const taskLog = () => {
    const name = readdirSync(join(cache, "sweeps")).find((f) => f.endsWith("-0.log"));
    return name ? readFileSync(join(cache, "sweeps", name), "utf8") : "";
  };
  const training = (log: string) => [...log.matchAll(/step (\d+)\/(\d+)/g)].some((m) => +m[1] < +m[2]);
  let poll: NodeJS.Timeout | undefined;
  await assert.rejects(
    sweep({
      ...plan,
      executor: "slurm",
      slurm: FAST,
      cache,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.running !== 1 || poll) return;
        poll = setInterval(() => {
          if (training(taskLog())) abort.abort();
        }, 100);
      },
    }),
    /interrupted with 0 of 1 runs cached/,
  );
  clearInterval(poll);
  for (let k = 0; k < 50 && !queueEmpty(); k++) await new Promise((r) => setTimeout(r, 200));
  const [config] = expandSweep({ base: { workers: 1, ...plan.base }, vary: plan.vary });
  assert.ok(!existsSync(join(cache, configKey(config))), "no cache entry after scancel");
  assert.ok(training(taskLog()), "it was training");
  const again = await sweep({ ...plan, executor: "slurm", slurm: FAST, cache });
  assert.equal(again.rows[0].lastStep, steps);
  assert.ok(existsSync(join(cache, configKey(config))));
});

test("two tasks of one config at once leave one good entry", { skip }, async () => {
  const cache = mkdtempSync(join(tmpdir(), "hs-"));
  const configs = expandSweep({ base: { workers: 1, ...TINY, steps: 300 }, vary: { seed: [7] } });
  const manifest = writeManifest(cache, { base: TINY, vary: { seed: [7] } }, configs);
  const script = batchScript(manifest, [0], {});
  for (let k = 0; k < 2; k++) assert.equal(spawnSync("sbatch", [script]).status, 0);
  for (let k = 0; k < 300 && !queueEmpty(); k++) await new Promise((r) => setTimeout(r, 200));
  assert.ok(queueEmpty(), "both tasks ended");
  const entries = readdirSync(cache).filter((f) => f !== "sweeps");
  assert.deepEqual(entries, [configKey(configs[0])]);
  assert.equal(loadResult(join(cache, entries[0])).config.seed, 7);
});

test(
  "a bad partition, or a controller that does not answer, is refused before anything is submitted",
  { skip },
  async () => {
    const cache = mkdtempSync(join(tmpdir(), "hs-"));
    await assert.rejects(
      sweep({ base: TINY, vary: { seed: [0] }, executor: "slurm", slurm: { partition: "nope" }, cache }),
      /invalid partition; expected one of this cluster's partitions: debug, got "nope"/,
    );
    assert.ok(queueEmpty());
    assert.ok(!existsSync(join(cache, "sweeps")), "nothing written");
    const silent = join(mkdtempSync(join(tmpdir(), "hs-")), "slurm.conf");
    const conf = readFileSync(cluster!.conf, "utf8").replace(/SlurmctldPort=\d+/, "SlurmctldPort=9");
    writeFileSync(silent, conf + "MessageTimeout=2\n");
    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = silent;
    try {
      await assert.rejects(
        sweep({ base: TINY, vary: { seed: [0] }, executor: "slurm", cache }),
        /the Slurm controller did not answer, so nothing was submitted/,
      );
    } finally {
      process.env.SLURM_CONF = saved;
    }
  },
);

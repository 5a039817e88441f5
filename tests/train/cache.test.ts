/** The run cache: entries appear whole, are verified when loaded, and survive two writers. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadResult } from "../../src/train/result-io";
import { trainCached } from "../../src/train/cache";
import type { TrainConfig } from "../../src/train/config";
import { configKey } from "../../src/train/cache";
import { teacherTask } from "../../src/data/synthetic";

const root = join(__dirname, "..", "..");
const CONFIG: TrainConfig = {
  N: 400,
  test: 100,
  d: 10,
  M: 20,
  betaStar: 50,
  steps: 60,
  seed: 3,
  workers: 1,
  gridSize: 10,
  handleSigint: false,
};

test("a cache entry whose history.csv was truncated is retrained, not served", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-trunc-"));
  const first = await trainCached(CONFIG, dir);
  const entry = join(dir, configKey(CONFIG));
  const history = join(entry, "history.csv");
  truncateSync(history, Math.floor(readFileSync(history).length / 2));
  const again = await trainCached(CONFIG, dir);
  assert.equal(again.cached, false);
  assert.equal(again.history.fU.length, 61);
  assert.deepEqual(again.final, first.final);
  assert.equal((await trainCached(CONFIG, dir)).cached, true, "the retrained entry is served next time");
});

test("bytes corrupted in place (NaN written into W) are detected: the entry is retrained", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-nan-"));
  const first = await trainCached(CONFIG, dir);
  const file = join(dir, configKey(CONFIG), "final_W.npy");
  const bytes = readFileSync(file);
  bytes.writeFloatLE(NaN, bytes.length - 4);
  writeFileSync(file, bytes);
  assert.throws(
    () => loadResult(join(dir, configKey(CONFIG))),
    /final_W\.npy was changed or truncated after it was saved/,
  );
  const again = await trainCached(CONFIG, dir);
  assert.equal(again.cached, false);
  assert.ok(Array.from(again.final.W).every(Number.isFinite));
  assert.deepEqual(again.final, first.final);
});

test("run B's entry copied under run A's key is not served as A: the config is checked, and A is retrained", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-swap-"));
  const other = { ...CONFIG, seed: 4 };
  await trainCached(other, dir);
  cpSync(join(dir, configKey(other)), join(dir, configKey(CONFIG)), { recursive: true });
  const a = await trainCached(CONFIG, dir);
  assert.equal(a.cached, false);
  assert.equal(a.config.seed, 3);
  assert.equal((await trainCached(CONFIG, dir)).config.seed, 3, "the retrained entry is A's");
});

test("two processes computing the same key at once both succeed, every time, and leave one whole entry", async () => {
  const script = `
    const { trainCached } = require(${JSON.stringify(join(root, "src", "train", "cache.ts"))});
    trainCached(${JSON.stringify(CONFIG)}, process.argv[1]).then((r) => console.log(r.lastStep), (e) => { console.error(e.stack); process.exit(1); });`;
  for (let round = 0; round < 4; round++) {
    const dir = mkdtempSync(join(tmpdir(), "cache-race-"));
    const runs = [0, 1].map(
      () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", "-e", script, dir], { cwd: root });
          let out = "";
          child.stdout.on("data", (c: Buffer) => (out += c));
          child.stderr.on("data", (c: Buffer) => (out += c));
          child.on("exit", (code) => resolve({ code, out }));
        }),
    );
    for (const r of await Promise.all(runs)) assert.equal(r.code, 0, `round ${round}: ${r.out}`);
    assert.deepEqual(readdirSync(dir), [configKey(CONFIG)], `round ${round}: temporary folders left`);
    assert.equal(loadResult(join(dir, configKey(CONFIG))).lastStep, 60);
  }
});

test("a cache folder that cannot take entries (HINGE_CACHE_DIR a file) is refused before training, naming it", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "cache-file-")), "not-a-folder");
  writeFileSync(file, "");
  const t0 = Date.now();
  await assert.rejects(trainCached({ ...CONFIG, steps: 100_000 }, file), /invalid HINGE_CACHE_DIR; expected a folder/);
  assert.ok(Date.now() - t0 < 5000, "refused before any training");
});

test("an entry whose manifest is self-consistent but lists too few files is retrained, not a TypeError", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-manifest-"));
  const first = await trainCached(CONFIG, dir);
  const manifest = join(dir, configKey(CONFIG), "manifest.json");
  const m = JSON.parse(readFileSync(manifest, "utf8")) as { format: string; sha256: Record<string, string> };
  writeFileSync(manifest, JSON.stringify({ format: m.format, sha256: { "summary.json": m.sha256["summary.json"] } }));
  const again = await trainCached(CONFIG, dir);
  assert.equal(again.cached, false);
  assert.deepEqual(again.final, first.final);
});

test("explicit data is keyed by its bytes, not by the folder named in its description; other bytes, other key", () => {
  const data = teacherTask({ task: "gaussian", N: 50, NTest: 20, d: 5, seed: 1 });
  const config = (source: string, x = data.x) => ({ M: 8, steps: 5, workers: 1, data: { ...data, source, x } });
  assert.equal(configKey(config("digits from /home/a/mnist")), configKey(config("digits from /tmp/b/mnist")));
  const x = data.x.slice();
  x[7] += 1;
  assert.notEqual(configKey(config("digits from /home/a/mnist", x)), configKey(config("digits from /home/a/mnist")));
});

/** Where a run is saved: refused or created before any training, never two runs mixed in one folder. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadResult, saveResult } from "../../src/train/result-io";
import { writeNpy } from "../../src/data/npy";
import { Random } from "../../src/random";

const root = join(__dirname, "..", "..");
const main = join(root, "src", "cli", "main.ts");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], { cwd: root, encoding: "utf8" });
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const LONG = ["--N", "3000", "--d", "20", "--M", "50", "--delta", "0.05", "--steps", "200000", "--workers", "1"];

test("an --out that is an existing file, or under one, is refused within seconds, before any training", () => {
  const dir = tmp("out-file-");
  writeFileSync(join(dir, "afile.txt"), "notes");
  for (const [out, why] of [
    [join(dir, "afile.txt"), /this is an existing file/],
    [join(dir, "afile.txt", "run"), /afile\.txt is a file/],
  ] as const) {
    const t0 = Date.now();
    const r = cli("train", ...LONG, "--out", out);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /invalid --out; expected a folder to save the run in/);
    assert.match(r.stderr, why);
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  }
});

// As root every folder is writable: the CLI then runs as nobody, who must be able to read this checkout
// (a clone inside a private mktemp folder is not).
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const canRunAsUser =
  spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(main)})`], asUser).status === 0;

test(
  "an unwritable --out is refused before the first step, naming --out",
  {
    skip: canRunAsUser ? false : `running as root, and user nobody cannot read ${root}`,
  },
  () => {
    const dir = tmp("out-ro-");
    mkdirSync(join(dir, "ro"), { mode: 0o555 });
    chmodSync(dir, 0o755);
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", main, "train", ...LONG, "--out", join(dir, "ro", "run")],
      {
        cwd: root,
        encoding: "utf8",
        ...asUser,
      },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /invalid --out; expected a folder to save the run in \(cannot create it: EACCES/);
  },
);

test("a second run into a saved run's folder is refused; with --force it replaces the whole folder, leaving nothing of the first", () => {
  const dir = tmp("out-twice-");
  const rng = new Random(1);
  const x = rng.fillNormal(new Float32Array(50 * 3));
  writeNpy(join(dir, "x.npy"), x, [50, 3]);
  writeNpy(
    join(dir, "y.npy"),
    Float32Array.from({ length: 50 }, (_, n) => (x[n * 3] > 0 ? 1 : -1)),
    [50],
  );
  const out = join(dir, "run");
  const first = cli(..."train --N 200 --test 50 --d 5 --M 8 --steps 4 --workers 1 --out".split(" "), out);
  assert.equal(first.status, 0, first.stderr);
  assert.ok(existsSync(join(out, "wstar.npy")));
  const second = [
    "train",
    "--x",
    join(dir, "x.npy"),
    "--y",
    join(dir, "y.npy"),
    ..."--M 8 --steps 3 --workers 1".split(" "),
  ];
  const again = cli(...second, "--out", out);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /a run is already saved there; use --force to replace it/);
  const forced = cli(...second, "--out", out, "--force");
  assert.equal(forced.status, 0, forced.stderr);
  assert.ok(!existsSync(join(out, "wstar.npy")), "the first run's ŵ* was left beside the second run");
  const run = loadResult(out);
  assert.equal(run.lastStep, 3);
  assert.equal(run.config.d, 3);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith(".")),
    [],
    "no temporary folders left",
  );
});

test("flags the data sets are refused with --x; a transposed --init-w names the flag and both shapes", () => {
  const dir = tmp("out-x-");
  const rng = new Random(2);
  const [N, d, M] = [40, 4, 3];
  const x = rng.fillNormal(new Float32Array(N * d));
  writeNpy(join(dir, "x.npy"), x, [N, d]);
  writeNpy(
    join(dir, "y.npy"),
    Float32Array.from({ length: N }, (_, n) => (x[n * d] > 0 ? 1 : -1)),
    [N],
  );
  writeNpy(join(dir, "a.npy"), rng.fillNormal(new Float32Array(M)), [M]);
  writeNpy(join(dir, "W.npy"), rng.fillNormal(new Float32Array(M * d)), [M, d]); // transposed
  const data = ["--x", join(dir, "x.npy"), "--y", join(dir, "y.npy")];
  const withN = cli("train", ...data, "--N", "100", "--out", join(dir, "r1"));
  assert.match(withN.stderr, /invalid --N; expected absent with --x \(the \.npy files set N, the test set and d/);
  const transposed = cli(
    "train",
    ...data,
    "--init-a",
    join(dir, "a.npy"),
    "--init-w",
    join(dir, "W.npy"),
    "--out",
    join(dir, "r2"),
  );
  assert.equal(transposed.status, 2);
  assert.match(
    transposed.stderr,
    /invalid --init-w; expected a d×M = 4×3 array, got "shape \(3, 4\) \(transposed\? W is stored d×M/,
  );
  assert.ok(!existsSync(join(dir, "r1")) && !existsSync(join(dir, "r2")));
});

test("seeds outside the 32-bit range are refused naming the range (they would alias seeds inside it); --steps 1e12 fails at once and exits", () => {
  const dir = tmp("out-seed-");
  const seed = cli("train", "--N", "100", "--steps", "2", "--seed", "4294967296", "--out", join(dir, "s"));
  assert.equal(seed.status, 2);
  assert.match(seed.stderr, /invalid --seed; expected an integer in \[-2147483648, 2147483647\], got 4294967296/);
  const t0 = Date.now();
  const steps = spawnSync(
    process.execPath,
    ["--import", "tsx", main, "train", "--N", "100", "--steps", "1e12", "--out", join(dir, "t")],
    { cwd: root, encoding: "utf8", timeout: 30_000 },
  );
  assert.equal(steps.status, 2, `exit ${steps.status} after ${Date.now() - t0} ms: ${steps.stderr}`);
  assert.match(steps.stderr, /invalid --steps; expected at most \d+ \(the records take 48 bytes a step/);
  const snapshots = cli("train", "--N", "100", "--steps", "5", "--snapshots", "3,9", "--out", join(dir, "u"));
  assert.match(snapshots.stderr, /invalid --snapshots; expected a step in \[0, steps = 5\], got 9/);
  const huge = cli("train", "--N", "1e11", "--out", join(dir, "v"));
  assert.match(huge.stderr, /invalid --N; expected a data set that fits in memory/);
});

test("SIGTERM stops a run like Ctrl-C: what was recorded is saved, marked interrupted, exit code 143", async () => {
  const out = join(tmp("out-term-"), "run");
  const child = spawn(process.execPath, ["--import", "tsx", main, "train", ...LONG, "--out", out], { cwd: root });
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
    if (/step [1-9]\d*\//.test(err) && !child.killed) child.kill("SIGTERM");
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 143, err);
  const run = loadResult(out);
  assert.equal(run.stopReason, "interrupted");
  assert.ok(run.lastStep > 0);
  assert.doesNotMatch(err, /ETA \d{6,}/, "an absurd ETA");
});

test("--force never deletes what is not a run: a folder with a user's files beside (or instead of) a run is refused, naming one", () => {
  const dir = mkdtempSync(join(tmpdir(), "hinge-force-"));
  const flags = ["train", "--N", "200", "--test", "50", "--d", "10", "--M", "10", "--steps", "3"];
  assert.equal(cli(...flags, "--out", join(dir, "run")).status, 0);
  const saved = loadResult(join(dir, "run"));
  writeFileSync(join(dir, "run", "notes.txt"), "my notes");
  mkdirSync(join(dir, "run", "keep"));
  const r = cli(...flags, "--out", join(dir, "run"), "--force");
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /--force replaces only a saved run, and this folder also holds "(keep|notes\.txt)" and 1 more/,
  );
  assert.equal(readFileSync(join(dir, "run", "notes.txt"), "utf8"), "my notes");
  assert.ok(existsSync(join(dir, "run", "keep")) && existsSync(join(dir, "run", "summary.json")));
  // The library's own save refuses the same, also when the files appear while the run trains.
  assert.throws(() => saveResult(saved, join(dir, "run"), { replace: true }), /holds "(keep|notes\.txt)" and 1 more/);
});

test("a second run given the folder a first run is training into is refused; the first saves, and its claim goes", async () => {
  const out = join(tmp("out-twice-"), "run");
  const first = spawn(process.execPath, ["--import", "tsx", main, "train", ...LONG, "--out", out], { cwd: root });
  let err = "";
  const started = new Promise<void>((resolve) =>
    first.stderr.on("data", (c: Buffer) => {
      err += c.toString();
      if (/step [1-9]\d*\//.test(err)) resolve();
    }),
  );
  await started;
  for (const force of [[], ["--force"]]) {
    const second = cli("train", "--N", "200", "--d", "10", "--M", "10", "--steps", "3", "--out", out, ...force);
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`another run, process ${first.pid} since .+, is training into it`));
  }
  first.kill("SIGINT");
  assert.equal(await new Promise<number | null>((resolve) => first.on("exit", resolve)), 130, err);
  assert.equal(loadResult(out).stopReason, "interrupted");
  assert.ok(!readdirSync(out).includes(".hinge-run-claim"), "the claim is released");
});

test("a run whose folder cannot take the save is kept elsewhere, with the path and the reason", async () => {
  const out = join(tmp("out-rescue-"), "run");
  const child = spawn(process.execPath, ["--import", "tsx", main, "train", ...LONG, "--out", out], { cwd: root });
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
    if (/step [1-9]\d*\//.test(err) && !child.killed) {
      // The folder passed the checks; now a file takes its place (as a disk or a mount can fail mid-run).
      rmSync(out, { recursive: true });
      writeFileSync(out, "not a folder");
      child.kill("SIGINT");
    }
  });
  assert.equal(await new Promise<number | null>((resolve) => child.on("exit", resolve)), 130, err);
  const m = /could not save the run to .+ \((.+)\); saved it to (\S+) instead/.exec(err);
  assert.ok(m, err);
  assert.equal(loadResult(m[2]).stopReason, "interrupted");
  assert.equal(readFileSync(out, "utf8"), "not a folder", "what took the folder's place is untouched");
});

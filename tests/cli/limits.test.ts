/** Counts bounded by what the machine can do: refused at once with the range, never a hang or a runaway. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { clock, clockDiscrete } from "../../src/theory/clock";
import { DEFAULTS } from "../../src/defaults";
import { writeNpy } from "../../src/data/npy";
import type { ModelParams } from "../../src/theory/params";

const root = join(__dirname, "..", "..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "cli", "main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
const P: ModelParams = { ...DEFAULTS };

test("--workers beyond 4 per core is refused before any work (1000 reached 8.5 GB; 1e308 ran for minutes)", () => {
  for (const w of ["1000", "1e308"]) {
    const r = cli("train", "--workers", w, "--out", join(root, "runs", "never-written"));
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`invalid --workers; expected an integer in \\[1, ${4 * availableParallelism()}\\]`),
    );
  }
});

test("theory --discrete refuses times past the discrete clock's bound instead of hanging", () => {
  for (const t of ["1e308", "1e8"]) {
    const r = cli("theory", "--t", t, "--discrete");
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /invalid --t \(with --discrete, the largest t\); expected an integer in \[0, 10000000\]/);
  }
});

test("clock(p, t, 0) and clockDiscrete(p, 1e12) throw with the range instead of hanging", () => {
  assert.throws(() => clock(P, [1, 10], 0), /invalid tol; expected a number in \[1e-15, 0\.01\], got 0/);
  assert.throws(() => clockDiscrete(P, 1e12), /invalid steps; expected an integer in \[0, 10000000\]/);
  assert.equal(clock(P, [1, 10]).gamma.length, 2, "the default tolerance still works");
});

test("flags that qualify data are refused without that data, not silently ignored", () => {
  for (const [flag, needs] of [
    ["--x-test", "--x"],
    ["--y-test", "--x"],
    ["--w-star", "--x"],
    ["--split", "--dataset"],
    ["--data-dir", "--dataset"],
  ]) {
    const r = cli("train", flag, "value", "--out", join(root, "runs", "never-written"));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`invalid ${flag}; expected given with ${needs} only`));
  }
});

test("messages name what is wrong: a huge --d names --d (not --M); a folder given as --x names the path", () => {
  const d = cli("train", "--d", "1e308", "--out", join(root, "runs", "never-written"));
  assert.equal(d.status, 2, d.stderr);
  assert.match(d.stderr, /invalid --d; expected a network whose parameters and grid records fit in memory \(M = 400/);
  const x = cli("train", "--x", root, "--y", root, "--out", join(root, "runs", "never-written"));
  assert.notEqual(x.status, 0);
  assert.match(x.stderr, new RegExp(`${root}: cannot read it \\(a folder, not a \\.npy file\\)`));
});

test(".npy errors name the flag and the file: a NaN in --w-star, a float64 value float32 would zero, a label count", () => {
  const dir = mkdtempSync(join(tmpdir(), "npy-flags-"));
  const [N, d] = [50, 5];
  const x = Float64Array.from({ length: N * d }, (_, i) => Math.sin(i + 1));
  writeNpy(join(dir, "x.npy"), x, [N, d]);
  writeNpy(
    join(dir, "y.npy"),
    Float64Array.from({ length: N }, (_, n) => (n % 2 ? 1 : -1)),
    [N],
  );
  writeNpy(join(dir, "y3.npy"), new Float64Array([1, -1, 1]), [3]);
  writeNpy(join(dir, "w.npy"), new Float64Array([1, 1, NaN, 1, 1]), [d]);
  const tiny = Float64Array.from(x);
  tiny[16] = 1e-300;
  writeNpy(join(dir, "tiny.npy"), tiny, [N, d]);
  const run = (...args: string[]) => cli("train", ...args, "--M", "5", "--steps", "2", "--out", join(dir, "o"));
  const cases: [string[], RegExp][] = [
    [
      ["--x", "x.npy", "--y", "y3.npy"],
      /invalid --y; expected 50 labels, one per row of .*x\.npy, got "3 in .*y3\.npy"/,
    ],
    [
      ["--x", "x.npy", "--y", "y.npy", "--w-star", "w.npy"],
      /invalid --w-star; expected finite numbers, got "NaN at index 2/,
    ],
    [["--x", "tiny.npy", "--y", "y.npy"], /invalid --x; expected values that float32 holds .*got "1e-300 at index 16/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args.map((a) => (a.endsWith(".npy") ? join(dir, a) : a)));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
  }
});

test("an --out or a cache under /proc is refused at once (Node's recursive mkdir loops forever there)", () => {
  const r = cli("train", "--N", "60", "--d", "5", "--M", "5", "--steps", "2", "--out", "/proc/hinge-never");
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /invalid --out; expected a folder to save the run in \(cannot create it/);
});

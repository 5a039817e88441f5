import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { cli, root } from "../helpers/cli";
import { loadResult } from "../../src/train/result-io";
import { writeNpy } from "../../src/data/npy";
import { Random } from "../../src/random";
import { availableBackends } from "../../src/train/engine";

test("train --out saves a run folder with the summary, history, parameters, and a progress line on stderr", () => {
  const out = join(mkdtempSync(join(tmpdir(), "hinge-cli-")), "run");
  const r = cli(
    "train",
    "--N",
    "400",
    "--test",
    "100",
    "--d",
    "10",
    "--M",
    "20",
    "--beta-star",
    "40",
    "--steps",
    "15",
    "--workers",
    "1",
    "--out",
    out,
    "--json",
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /step \d+\/15/);
  // The automatic engine: the best that starts here (ONNX Runtime where installed, else WASM; a GPU first).
  // ONNX Runtime's one shard runs on `--workers` threads of its own; the others on as many worker threads.
  assert.match(r.err, new RegExp(`completed 15 steps; backend ${availableBackends()[0]} (with 1 worker|on 1 thread)`));
  const summary = JSON.parse(r.out);
  assert.equal(summary.stopReason, "completed");
  for (const f of [
    "summary.json",
    "history.csv",
    "final_a.npy",
    "final_W.npy",
    "grid_a.npy",
    "examples_first_satisfied.npy",
    "examples_last_unsatisfied.npy",
    "wstar.npy",
  ])
    assert.ok(existsSync(join(out, f)), f);
  assert.equal(readFileSync(join(out, "history.csv"), "utf8").trim().split("\n").length, 17);
  assert.equal(loadResult(out).lastStep, 15);
});

test("train takes explicit .npy data and initial parameters (W as d×M, the authors' layout)", () => {
  const dir = mkdtempSync(join(tmpdir(), "hinge-npy-"));
  const rng = new Random(4);
  const [N, d, M] = [60, 4, 3];
  const x = rng.fillNormal(new Float32Array(N * d));
  writeNpy(join(dir, "x.npy"), x, [N, d]);
  writeNpy(
    join(dir, "y.npy"),
    Float64Array.from({ length: N }, (_, n) => (x[n * d] > 0 ? 1 : -1)),
    [N],
  );
  const a = rng.fillNormal(new Float32Array(M));
  const Wdm = rng.fillNormal(new Float32Array(d * M));
  writeNpy(join(dir, "a.npy"), a, [M]);
  writeNpy(join(dir, "W.npy"), Wdm, [d, M]);
  const out = join(dir, "run");
  const r = cli(
    "train",
    "--x",
    join(dir, "x.npy"),
    "--y",
    join(dir, "y.npy"),
    "--init-a",
    join(dir, "a.npy"),
    "--init-w",
    join(dir, "W.npy"),
    "--steps",
    "3",
    "--beta-star",
    "1",
    "--workers",
    "1",
    "--out",
    out,
  );
  assert.equal(r.code, 0, r.err);
  const run = loadResult(out);
  assert.equal(run.config.M, 3);
  assert.deepEqual(Array.from(run.grid.a[0]), Array.from(a)); // started from the given a
  assert.equal(run.grid.testError[0], NaN);
});

test("train rejects bad input with the flag, the range and the value, exit code 2, before any work", () => {
  const out = join(mkdtempSync(join(tmpdir(), "hinge-bad-")), "run");
  const cases: [string[], RegExp][] = [
    [["--M", "0"], /invalid --M; expected an integer >= 1, got 0/],
    [["--beta-star", "-1"], /invalid --beta-star; expected a finite number > 0, got -1/],
    [["--delta", "0.7"], /invalid --delta; expected a number in \[0, 0\.5\), got 0\.7/],
    [["--task", "cube"], /invalid --task; expected one of gaussian \| sphere, got "cube"/],
    [["--x", "/nonexistent.npy", "--y", "/nonexistent.npy"], /nonexistent\.npy/],
  ];
  for (const [args, message] of cases) {
    const r = cli("train", ...args, "--out", out);
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.err, message);
  }
  assert.match(cli("train", "--steps", "3").err, /invalid --out; expected a folder to save the run in/);
  assert.ok(!existsSync(out));
});

test("train stops cleanly on Ctrl-C (SIGINT): saves what was recorded, marked interrupted, exit code 130", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "hinge-int-")), "run");
  const { spawn } = await import("node:child_process");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "src", "cli", "main.ts"),
      "train",
      "--N",
      "3000",
      "--d",
      "20",
      "--M",
      "50",
      "--delta",
      "0.05",
      "--steps",
      "100000",
      "--workers",
      "1",
      "--out",
      out,
    ],
    { cwd: root },
  );
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
    if (/step [1-9]\d*\//.test(err) && !child.killed) child.kill("SIGINT");
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 130, err);
  const run = loadResult(out);
  assert.equal(run.stopReason, "interrupted");
  assert.ok(run.lastStep > 0 && run.lastStep < 100000);
  assert.match(err, /interrupted at step \d+; everything up to it is kept/);
});

test("a run whose float32 outputs overflow (huge β*, tiny α) stops as diverged, naming the step, exit code 3, never 'satisfied'", () => {
  for (const flags of [
    ["--beta-star", "1e30"],
    ["--beta-star", "1e16"],
    ["--alpha", "1e-15"],
  ]) {
    const out = join(mkdtempSync(join(tmpdir(), "hinge-diverge-")), "run");
    const r = cli("train", "--N", "500", "--d", "20", "--M", "20", "--steps", "300", ...flags, "--out", out);
    assert.equal(r.code, 3, `${flags.join(" ")}: ${r.err}`);
    assert.match(r.err, /outputs or the loss became NaN at step \d+/);
    assert.doesNotMatch(r.err, /fixed point|satisfied/);
    const saved = loadResult(out);
    assert.equal(saved.stopReason, "diverged");
  }
});

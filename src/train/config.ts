/** The trainer's typed configuration: every field documented, validated once at construction. */
import { availableParallelism, totalmem } from "node:os";
import type { Dataset } from "../data/synthetic";
import { checkSeed } from "../random";
import { DEFAULTS } from "../defaults";
import {
  checkDimension,
  checkParams,
  checkTask,
  type CheckedParams,
  type DataKind,
  type ModelParams,
} from "../theory/params";
import { checkAbove, checkInteger, checkKeys, checkNumberArray, checkOneOf, ParameterError } from "../validate";
import { BACKENDS, type BackendName } from "./engine";

/** Reported to `onProgress` while training. */
export interface Progress {
  /** Steps done. */
  step: number;
  /** Steps asked for. */
  steps: number;
  /** Training error at `step` (fraction with y F ≤ 0; on the minibatch with batchSize). */
  trainError: number;
  /** Latest test error measured (on the log grid), NaN before the first. */
  testError: number;
  /** Unsatisfied fraction f_U at `step`. */
  fU: number;
  /** Fraction of the training rows evaluated at `step` (the rest were certified satisfied). */
  evaluated: number;
  /** Steps per second so far. */
  stepsPerSecond: number;
  /** Estimated seconds left (NaN before the first step). */
  etaSeconds: number;
  /** The error curves so far, on the log grid: t, train and test error. */
  curve: { t: number[]; trainError: number[]; testError: number[] };
}

/**
 * A training run: the paper's parameters (ModelParams; every one optional, defaults in DEFAULTS) and how to
 * run, record and stop. With explicit `data`, the data sets N, test and d, and the task is "explicit".
 */
export interface TrainConfig extends Partial<ModelParams> {
  /** Explicit data (arrays from code, .npy files, or a real-data loader) instead of a synthetic task. */
  data?: Dataset;
  /** Training examples N of the synthetic task; integer >= 1. */
  N?: number;
  /** Test examples of the synthetic task; integer >= 0; default N. */
  test?: number;
  /** Gradient-descent steps; integer >= 1. */
  steps?: number;
  /** Class widths [σ₊, σ₋] of the synthetic task (inputs of class ±1 scaled by σ±); default [1, 1]. */
  widths?: [number, number];
  /** Seed of data, initialisation and minibatch order; integer in [−2^31, 2^31 − 1]. */
  seed?: number;
  /** Initial parameters (default: all i.i.d. N(0, 1) from the seed): a of length M, W M×d row-major. */
  init?: { a: Float32Array; W: Float32Array };
  /** Minibatch size B (reshuffled each epoch from the seed); default: full batch. */
  batchSize?: number;
  /** Engine: "webgpu", "tensorflow" (tfjs-node), "onnxruntime", "wasm" or "cpu"; default: the best available. */
  backend?: BackendName;
  /**
   * Worker threads sharding the training set (on ONNX Runtime: its threads, one shard); integer >= 1; default one
   * per core.
   */
  workers?: number;
  /**
   * Evaluate only the rows not certified satisfied by the drift bound of output-drift.ts (exact: every
   * recorded quantity is unchanged); false evaluates every row at every step, for checking. Default true.
   */
  skipRows?: boolean;
  /** Points of the log-spaced time grid where test error and per-node parameters are recorded. */
  gridSize?: number;
  /** Extra steps at which to record the full per-node state. */
  snapshots?: number[];
  /** Steps at which to record the network output f(x) on every test example (for finite-M spreads, SM (19)). */
  outputsAt?: number[];
  /** Called about every `progressSeconds` seconds while training, and at the end. */
  onProgress?: (p: Progress) => void;
  /** Seconds between progress reports. */
  progressSeconds?: number;
  /** Stops training cleanly at the next step, keeping what was recorded. */
  signal?: AbortSignal;
  /**
   * Also stop cleanly on SIGINT (the notebook's Interrupt, Ctrl-C) and SIGTERM (kill, a job scheduler); default true.
   */
  handleSigint?: boolean;
}

/**
 * The config with every default filled in and the data resolved: what a run records, and (as JSON, in this
 * field order) the cache key of its result.
 */
export interface ResolvedConfig extends Required<Omit<ModelParams, "task">> {
  task: DataKind | "explicit";
  N: number;
  test: number;
  steps: number;
  /** Absent (not null) when not set, so that configs without it keep their cache keys. */
  widths?: [number, number];
  seed: number;
  batchSize: number | null;
  backend: BackendName | null;
  workers: number;
  skipRows: boolean;
  gridSize: number;
  snapshots: number[];
  outputsAt: number[];
  explicitInit: boolean;
}

/**
 * The theory's parameters of a run. Throws for a run on explicit data: the theory describes the synthetic
 * tasks (Gaussian or sphere inputs with teacher labels) only.
 */
export function modelParams(c: ResolvedConfig): CheckedParams {
  if (c.task === "explicit")
    throw new ParameterError("task", "gaussian | sphere (the theory describes the synthetic tasks only)", c.task);
  return checkParams({ ...c, task: c.task });
}

/** Every field of TrainConfig: any other key is a typo, refused (with the nearest name) rather than ignored. */
const CONFIG_KEYS: readonly (keyof TrainConfig)[] = [
  ...(["task", "d", "M", "alpha", "h", "betaStar", "delta"] as const),
  ...(["data", "N", "test", "steps", "widths", "seed", "init", "batchSize", "backend", "workers"] as const),
  ...(["skipRows", "gridSize", "snapshots", "outputsAt", "onProgress", "progressSeconds", "signal"] as const),
  "handleSigint",
];

/** Validates everything that can be checked before any work; throws a ParameterError naming the field. */
export function resolveConfig(c: TrainConfig): ResolvedConfig {
  if (c === null || typeof c !== "object")
    throw new ParameterError("config", "a TrainConfig object (e.g. { N: 1000, steps: 100 })", c);
  checkKeys("TrainConfig", c, CONFIG_KEYS);
  const data = c.data;
  const N = data ? data.N : checkInteger("N", c.N ?? DEFAULTS.N, 1);
  const d = data ? data.d : checkDimension(c.d ?? DEFAULTS.d);
  const task = data ? "explicit" : checkTask(c.task);
  // The model's parameters: the theory's own ranges (checkParams), written once.
  const m = checkParams({
    task: task === "explicit" ? DEFAULTS.task : task,
    d,
    M: c.M ?? DEFAULTS.M,
    alpha: c.alpha ?? DEFAULTS.alpha,
    h: c.h ?? DEFAULTS.h,
    betaStar: c.betaStar ?? DEFAULTS.betaStar,
    delta: c.delta ?? DEFAULTS.delta,
  });
  // The key order is the cache key's: keep it.
  const r: ResolvedConfig = {
    task,
    N,
    test: data ? data.NTest : checkInteger("test", c.test ?? N, 0),
    d,
    M: m.M,
    alpha: m.alpha,
    h: m.h,
    betaStar: m.betaStar,
    steps: checkInteger("steps", c.steps ?? DEFAULTS.steps, 1),
    delta: m.delta,
    ...(c.widths
      ? {
          widths: [checkAbove("widths[0]", c.widths[0], 0), checkAbove("widths[1]", c.widths[1], 0)] as [
            number,
            number,
          ],
        }
      : {}),
    seed: checkSeed("seed", c.seed ?? DEFAULTS.seed),
    batchSize: c.batchSize === undefined ? null : checkInteger("batchSize", c.batchSize, 1),
    backend: c.backend === undefined ? null : checkOneOf("backend", c.backend, BACKENDS),
    workers: checkWorkers(c.workers ?? availableParallelism()),
    skipRows: c.skipRows ?? DEFAULTS.skipRows,
    gridSize: checkInteger("gridSize", c.gridSize ?? DEFAULTS.gridSize, 2),
    snapshots: [...checkNumberArray("snapshots", c.snapshots ?? [])].sort((a, b) => a - b),
    outputsAt: [...checkNumberArray("outputsAt", c.outputsAt ?? [])].sort((a, b) => a - b),
    explicitInit: c.init !== undefined,
  };
  r.snapshots.forEach((s, i) => checkStep(`snapshots[${i}]`, s, r.steps));
  r.outputsAt.forEach((s, i) => checkStep(`outputsAt[${i}]`, s, r.steps));
  if (data)
    for (const field of ["task", "N", "test", "d"] as const)
      if (c[field] !== undefined)
        throw new ParameterError(
          field,
          `absent with explicit data (the data sets it: N = ${data.N}, test = ${data.NTest}, d = ${data.d})`,
          c[field],
        );
  checkMemory(r, !data);
  if (r.batchSize !== null && r.batchSize > N)
    throw new ParameterError("batchSize", `an integer in [1, N = ${N}]`, r.batchSize);
  if (c.progressSeconds !== undefined) checkAbove("progressSeconds", c.progressSeconds, 0);
  if (data) checkDataset(data);
  if (data && c.delta)
    throw new ParameterError("delta", "0 with explicit data (flip the labels in the data itself)", c.delta);
  if (c.init) {
    checkArray("init.a", c.init.a, r.M);
    checkArray("init.W", c.init.W, r.M * d, `M×d = ${r.M}×${d}`);
  }
  r.workers = Math.min(r.workers, N); // never an empty shard
  return r;
}

/** Worker threads: at most 4 per core (each holds an engine and its tiles; more only adds memory and switching). */
export function checkWorkers(workers: number): number {
  const most = 4 * availableParallelism();
  checkInteger("workers", workers, 1);
  if (workers > most)
    throw new ParameterError("workers", `an integer in [1, ${most}] (4 per core on this machine)`, workers);
  return workers;
}

function checkStep(name: string, s: number, steps: number): void {
  if (!Number.isInteger(s) || s < 0 || s > steps) throw new ParameterError(name, `a step in [0, steps = ${steps}]`, s);
}

/**
 * What a run holds in memory, checked against this machine before anything is allocated: the per-step
 * records (6 float64 series), generated data (the inputs twice while they are handed to the shards, and
 * ~70 bytes of bookkeeping per row), and the per-node grid records. Throws naming the parameter to lower.
 */
function checkMemory(r: ResolvedConfig, generated: boolean): void {
  const total = totalmem();
  const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;
  const steps = 48 * (r.steps + 1);
  if (steps > total / 2)
    throw new ParameterError(
      "steps",
      `at most ${Math.floor(total / 2 / 48)} (the records take 48 bytes a step; this machine has ${gb(total)})`,
      r.steps,
    );
  const grid = 12 * r.M * (r.gridSize + r.snapshots.length + r.outputsAt.length) + 40 * r.M * r.d;
  if (grid > total / 2) {
    const [name, value] = r.d > r.M ? ["d", r.d] : ["M", r.M];
    const sizes = `M = ${r.M}, d = ${r.d}: ${gb(grid)} needed; this machine has ${gb(total)}`;
    throw new ParameterError(name, `a network whose parameters and grid records fit in memory (${sizes})`, value);
  }
  const rows = (generated ? 8 * r.d : 0) + 70;
  if (rows * (r.N + r.test) > 0.8 * total) {
    const field = r.N >= r.test ? "N" : "test";
    throw new ParameterError(
      field,
      `a data set that fits in memory (${gb(rows * (r.N + r.test))} needed for N + test = ${r.N + r.test} rows of d = ${r.d}; this machine has ${gb(total)})`,
      r[field],
    );
  }
}

function checkArray(name: string, v: ArrayLike<number>, length: number, what = `${length}`): void {
  if (!v || v.length !== length) throw new ParameterError(`${name}.length`, `${what}`, v?.length);
  for (let i = 0; i < v.length; i++)
    if (!Number.isFinite(v[i])) throw new ParameterError(`${name}[${i}]`, "a finite number", v[i]);
}

function checkLabels(name: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++)
    if (y[i] !== 1 && y[i] !== -1) throw new ParameterError(`${name}[${i}]`, "a label of +1 or -1", y[i]);
}

/** Shapes agree, labels are ±1, nothing is NaN or infinite. */
export function checkDataset(data: Dataset): void {
  checkInteger("data.N", data.N, 1);
  checkInteger("data.d", data.d, 1);
  checkInteger("data.NTest", data.NTest, 0);
  checkArray("data.x", data.x, data.N * data.d, `N×d = ${data.N}×${data.d}`);
  checkArray("data.y", data.y, data.N);
  checkLabels("data.y", data.y);
  checkArray("data.xTest", data.xTest, data.NTest * data.d, `NTest×d = ${data.NTest}×${data.d}`);
  checkArray("data.yTest", data.yTest, data.NTest);
  checkLabels("data.yTest", data.yTest);
  if (data.wStar) {
    checkArray("data.wStar", data.wStar, data.d);
    const norm = Math.hypot(...data.wStar);
    if (Math.abs(norm - 1) > 1e-6) throw new ParameterError("data.wStar", "a unit vector", `a vector of norm ${norm}`);
  }
}

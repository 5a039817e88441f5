/**
 * Many runs as one call: `sweep({ base, vary })` trains every config of the grid that the run cache does not
 * hold yet (an interrupted or extended sweep retrains only what is missing) and returns one row per run with
 * what the notebooks measure, as records and as a danfojs DataFrame, and each run on demand.
 */
import { availableParallelism } from "node:os";
import type { DataFrame } from "danfojs";
import { cacheDir, configKey } from "../train/cache";
import { resolveConfig, type TrainConfig } from "../train/config";
import { loadResult } from "../train/result-io";
import type { TrainResult } from "../train/result";
import { checkInteger, checkOneOf } from "../validate";
import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { runLocal, type TaskEvents } from "./local";
import { checkSlurm, runSlurm, type SlurmOptions } from "./slurm";
import { writeManifest } from "./manifest";
import { describe, expandSweep, variedKeys, type SweepPlan } from "./plan";
import { sweepRow, type SweepRow } from "./summary";

export interface SweepProgress {
  done: number;
  running: number;
  waiting: number;
  failed: number;
  /** Seconds since the sweep started, and the estimate of those left (NaN before the first run ends). */
  seconds: number;
  etaSeconds: number;
}

export interface SweepOptions extends SweepPlan {
  /** Where the runs train: this machine (default) or a Slurm cluster (one job array; see slurm.ts). */
  executor?: "local" | "slurm";
  /** Scheduling of the Slurm array's tasks (executor "slurm"). */
  slurm?: SlurmOptions;
  /** Runs trained at once on this machine (default: one per core); each run uses `workers` threads (default 1). */
  parallel?: number;
  /** Run cache (default: cacheDir()). */
  cache?: string;
  onProgress?: (p: SweepProgress) => void;
  signal?: AbortSignal;
}

export interface SweepResult {
  configs: TrainConfig[];
  /** The manifest file the runs were trained from. */
  manifest: string;
  rows: SweepRow[];
  table(): DataFrame;
  /** Run `index`, loaded from the cache. */
  run(index: number): TrainResult;
}

/** Thrown when some runs of a sweep did not finish; the others are in the cache (rerun to retry only these). */
export class SweepError extends Error {
  constructor(
    readonly failed: { index: number; what: string; stderr: string }[],
    total: number,
  ) {
    super(
      `${failed.length} of ${total} runs did not finish (the others are cached; rerun the sweep to retry only ` +
        `these):\n${failed.map((f) => `  run ${f.index} (${f.what}): ${lastLine(f.stderr)}`).join("\n")}`,
    );
  }
}

const lastLine = (s: string) =>
  s
    .trim()
    .split("\n")
    .filter((l) => !/^\r?step \d+/.test(l))
    .pop() ?? "no output";

/** Trains what the cache lacks, then returns the sweep's table. */
export async function sweep(o: SweepOptions): Promise<SweepResult> {
  const cache = o.cache ?? cacheDir();
  const parallel = checkInteger("parallel", o.parallel ?? availableParallelism(), 1);
  const executor = checkOneOf("executor", o.executor ?? "local", ["local", "slurm"] as const);
  if (executor === "slurm") checkSlurm(o.slurm ?? {}); // before anything is written or submitted
  // One worker thread per run unless the base says otherwise: the runs themselves fill the cores, and the
  // worker count is part of a run's identity (its cache key), so every executor must use the same.
  const configs = expandSweep({ base: { workers: 1, ...o.base }, vary: o.vary, configs: o.configs });
  const keys = variedKeys(o, configs);
  const manifest = writeManifest(cache, { base: o.base, vary: o.vary, configs: o.configs }, configs);
  const folder = (c: TrainConfig) => join(cache, configKey(c));
  const held = (i: number) => {
    if (!existsSync(folder(configs[i]))) return false;
    try {
      return JSON.stringify(loadResult(folder(configs[i])).config) === JSON.stringify(resolveConfig(configs[i]));
    } catch {
      return false;
    }
  };
  const missing = configs.map((_, i) => i).filter((i) => !held(i));
  const state = { done: configs.length - missing.length, running: 0, waiting: missing.length, failed: 0 };
  const start = performance.now();
  const trainedTimes: number[] = [];
  const report = () => {
    const seconds = (performance.now() - start) / 1000;
    const perRun = trainedTimes.length ? seconds / trainedTimes.length : NaN;
    o.onProgress?.({ ...state, seconds, etaSeconds: ((state.waiting + state.running) * perRun) / parallel });
  };
  const failed: SweepError["failed"] = [];
  report();
  const events: TaskEvents = {
    started: () => {
      state.waiting--;
      state.running++;
      report();
    },
    finished: (index, ok, stderr) => {
      state.running--;
      if (ok) {
        state.done++;
        trainedTimes.push((performance.now() - start) / 1000);
      } else {
        state.failed++;
        failed.push({ index, what: describe(configs[index], keys), stderr });
      }
      report();
    },
  };
  if (executor === "slurm") {
    const log = (i: number) => {
      try {
        return readFileSync(`${manifest.replace(/\.json$/, "")}-${i}.log`, "utf8");
      } catch {
        return "no log";
      }
    };
    await runSlurm(manifest, missing, o.slurm ?? {}, events, held, log, o.signal);
  } else await runLocal(manifest, missing, parallel, events, o.signal);
  if (o.signal?.aborted)
    throw new Error(
      `the sweep was interrupted with ${state.done} of ${configs.length} runs cached; rerun it to finish`,
    );
  if (failed.length) throw new SweepError(failed, configs.length);
  const run = (i: number) => loadResult(folder(configs[i]));
  const rows = configs.map((_, i) => sweepRow(i, run(i), keys));
  return {
    configs,
    manifest,
    rows,
    table: () => {
      const dfd = require("danfojs") as typeof import("danfojs");
      return new dfd.DataFrame(rows);
    },
    run,
  };
}

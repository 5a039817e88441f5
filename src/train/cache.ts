/**
 * A cache of finished runs keyed by the full config, so that rerunning a notebook cell reuses a run
 * instead of retraining. Only completed runs (or runs that reached a fixed point) are cached.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveConfig, type TrainConfig } from "./config";
import type { TrainResult } from "./result";
import { loadResult, RunFolderError, saveResult } from "./result-io";
import { Trainer } from "./trainer";
import { packagePath } from "../package-root";
import { ParameterError } from "../validate";
import { makeDirs } from "../make-dirs";

/** $HINGE_CACHE_DIR, default <package root>/runs/cache. */
export function cacheDir(): string {
  return process.env.HINGE_CACHE_DIR ? resolve(process.env.HINGE_CACHE_DIR) : packagePath("runs", "cache");
}

/**
 * SHA-256 of everything that determines the result: the resolved config, the data and initial parameters. The
 * data by its bytes, not by its description (which names the folder it was read from: a moved checkout would
 * retrain).
 */
export function configKey(config: TrainConfig): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ version: 5, ...resolveConfig(config) })); // bump when results for a config change
  const bytes = (v?: ArrayBufferView) => v && h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (config.data) {
    [config.data.x, config.data.y, config.data.xTest, config.data.yTest, config.data.wStar].forEach(bytes);
  }
  if (config.init) [config.init.a, config.init.W].forEach(bytes);
  return h.digest("hex").slice(0, 24);
}

let current: Trainer | undefined;

/**
 * What the latest trainCached run recorded, finished or not: after a notebook Interrupt (which ends the
 * cell before its result is assigned), `currentRun()` holds everything up to the step it stopped at.
 */
export function currentRun(): TrainResult | undefined {
  return current?.result;
}

/**
 * Loads the cached run for this config, or trains (and caches the result when it finished). An entry is
 * checked file by file against its manifest when loaded, and its config against the one asked for: a truncated,
 * altered or misplaced entry is moved aside and retrained, never returned. Entries appear whole (written aside,
 * then renamed into place), so two processes computing one key both succeed, and the second one to finish keeps
 * the first one's entry.
 */
export async function trainCached(config: TrainConfig, dir = cacheDir()): Promise<TrainResult & { cached: boolean }> {
  const folder = join(dir, configKey(config));
  if (existsSync(folder)) {
    try {
      const loaded = loadResult(folder);
      // An entry copied or renamed under another key holds a self-consistent run of another config: never serve it.
      if (JSON.stringify(loaded.config) !== JSON.stringify(resolveConfig(config)))
        throw new RunFolderError(folder, "holds the run of another config");
      return { ...loaded, cached: true };
    } catch {
      discard(folder); // damaged, incomplete or another run's: retrain
    }
  }
  checkCacheDir(dir); // before training: a cache that cannot take the run fails now, not after an hour
  current = new Trainer(config);
  const result = await current.run();
  if (result.stopReason === "completed" || result.stopReason === "fixed-point")
    try {
      saveResult(result, folder, { ifAbsent: true });
    } catch (e) {
      // The run is returned all the same; only the cache entry is missing (the next call retrains).
      process.stderr.write(`[hinge-dynamics] could not cache the run in ${folder}: ${(e as Error).message}\n`);
    }
  return { ...result, cached: false };
}

/** The cache folder exists (or is made) and takes a new entry; else a ParameterError naming HINGE_CACHE_DIR. */
function checkCacheDir(dir: string): void {
  try {
    makeDirs(dir);
    const probe = join(dir, `.probe-${process.pid}`);
    mkdirSync(probe);
    rmSync(probe, { recursive: true });
  } catch (e) {
    throw new ParameterError(
      "HINGE_CACHE_DIR",
      "a folder where runs can be cached (or unset it: runs/cache in the project)",
      `${dir} (${(e as Error).message})`,
    );
  }
}

/** Moves a damaged entry out of the way in one step (another process may be reading it), then deletes it. */
function discard(folder: string): void {
  const aside = `${folder}.damaged-${process.pid}-${Date.now()}`;
  try {
    renameSync(folder, aside);
  } catch {
    return; // already moved by another process
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * A sweep's manifest: its configs by index, and the run cache they train into. Written next to the cache
 * (`<cache>/sweeps/<key>.json`, aside then renamed into place), read by every executor's tasks:
 * `hinge-dynamics train --sweep MANIFEST --index I` trains config I into that cache.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TrainConfig } from "../train/config";
import { makeDirs } from "../make-dirs";
import { ParameterError } from "../validate";
import type { SweepPlan } from "./plan";

const FORMAT = "hinge-dynamics/sweep@1";

export interface Manifest {
  format: typeof FORMAT;
  /** The run cache the tasks train into (absolute). */
  cache: string;
  plan: SweepPlan;
  configs: TrainConfig[];
}

/** Writes the manifest of these configs into `<cache>/sweeps/` (the same sweep always gets the same file). */
export function writeManifest(cache: string, plan: SweepPlan, configs: TrainConfig[]): string {
  const m: Manifest = { format: FORMAT, cache: resolve(cache), plan, configs };
  const text = JSON.stringify(m, null, 1) + "\n";
  const key = createHash("sha256").update(JSON.stringify(configs)).digest("hex").slice(0, 16);
  const dir = join(m.cache, "sweeps");
  makeDirs(dir);
  const file = join(dir, `${key}.json`);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return file;
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, file);
  return file;
}

/** Reads a manifest; throws naming the file and what is wrong with it. */
export function readManifest(file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (e) {
    throw new ParameterError(
      "--sweep",
      "a sweep manifest (JSON) written by a sweep",
      `${file}: ${(e as Error).message}`,
    );
  }
  if (m?.format !== FORMAT || !Array.isArray(m.configs) || typeof m.cache !== "string")
    throw new ParameterError("--sweep", `a ${FORMAT} manifest`, file);
  return m;
}

/** Config `index` of a manifest, or an error naming the range. */
export function manifestConfig(m: Manifest, index: number): TrainConfig {
  if (!Number.isInteger(index) || index < 0 || index >= m.configs.length)
    throw new ParameterError("--index", `an integer in [0, ${m.configs.length - 1}]`, index);
  return m.configs[index];
}

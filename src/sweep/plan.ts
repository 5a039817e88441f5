/**
 * A sweep's plan: a base config and the parameters it varies, expanded to one config per run (the grid's
 * product, first key slowest), or an explicit list of configs. Plain JSON: it is written as the sweep's
 * manifest, which any executor (this machine, or a Slurm job array) reads by index.
 */
import { resolveConfig, type TrainConfig } from "../train/config";
import { ParameterError } from "../validate";

/** The config fields a sweep may vary: the numbers of a synthetic run. */
export const SWEEP_KEYS = ["N", "test", "d", "M", "alpha", "h", "betaStar", "delta", "steps", "seed"] as const;
export type SweepKey = (typeof SWEEP_KEYS)[number];

/**
 * A sweep: the base config and the values of each varied field (a grid), or an explicit list of configs
 * (each over the base), for sweeps whose fields move together (α with β* = 10^3 √α, say).
 */
export interface SweepPlan {
  base: TrainConfig;
  vary?: Partial<Record<SweepKey, readonly number[]>>;
  configs?: readonly TrainConfig[];
}

/** At most this many runs in one sweep (each is a cache entry and, on Slurm, an array task). */
export const MAX_SWEEP_RUNS = 10_000;

/** The fields of TrainConfig that cannot go into a manifest (functions, arrays of data, signals). */
const NOT_PLAIN = ["data", "init", "onProgress", "signal"] as const;

/** One config per run: every combination of the varied values over the base, each validated. */
export function expandSweep(plan: SweepPlan): TrainConfig[] {
  if (plan === null || typeof plan !== "object" || typeof plan.base !== "object" || plan.base === null)
    throw new ParameterError("sweep", "an object { base: TrainConfig, vary: { alpha: [...], ... } }", plan);
  for (const field of NOT_PLAIN)
    if (plan.base[field] !== undefined)
      throw new ParameterError(
        `base.${field}`,
        "absent (a sweep's configs are plain JSON: synthetic tasks only)",
        "given",
      );
  const vary = Object.entries(plan.vary ?? {}) as [string, readonly number[]][];
  for (const [key, values] of vary) {
    if (!(SWEEP_KEYS as readonly string[]).includes(key))
      throw new ParameterError("vary", `keys among ${SWEEP_KEYS.join(", ")}`, key);
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "number"))
      throw new ParameterError(`vary.${key}`, "a non-empty array of numbers", values);
    if (new Set(values).size !== values.length)
      throw new ParameterError(`vary.${key}`, "distinct values (a repeated value is the same run twice)", values);
  }
  if (plan.configs !== undefined && vary.length)
    throw new ParameterError("configs", "absent with vary (a grid or a list, not both)", "given");
  if (plan.configs !== undefined && (!Array.isArray(plan.configs) || plan.configs.length === 0))
    throw new ParameterError("configs", "a non-empty array of configs", plan.configs);
  const count = plan.configs?.length ?? vary.reduce((n, [, values]) => n * values.length, 1);
  if (count > MAX_SWEEP_RUNS) throw new ParameterError("vary", `at most ${MAX_SWEEP_RUNS} runs in all`, count);
  let configs: TrainConfig[] = plan.configs ? plan.configs.map((c) => ({ ...plan.base, ...c })) : [{ ...plan.base }];
  for (const [key, values] of vary) configs = configs.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  configs.forEach((c, i) => {
    try {
      resolveConfig(c);
    } catch (e) {
      if (e instanceof ParameterError)
        throw new ParameterError(
          `run ${i} (${describe(c, variedKeys(plan, configs))}): ${e.parameter}`,
          e.expected,
          e.got,
        );
      throw e;
    }
  });
  return configs;
}

/** The fields that tell the runs apart: the grid's keys, or those that differ across the listed configs. */
export function variedKeys(plan: Pick<SweepPlan, "vary">, configs: readonly TrainConfig[]): SweepKey[] {
  if (plan.vary && Object.keys(plan.vary).length) return Object.keys(plan.vary) as SweepKey[];
  return SWEEP_KEYS.filter((k) => new Set(configs.map((c) => c[k])).size > 1);
}

/** "alpha = 3, seed = 1": the varied values of one run. */
export function describe(config: TrainConfig, keys: readonly SweepKey[]): string {
  return keys.map((k) => `${k} = ${config[k]}`).join(", ");
}

/**
 * Parses a command-line --vary: "alpha=1,3,10", "seed=0..4" (integers, inclusive), or "N=1e3,1e4".
 */
export function parseVary(text: string): [SweepKey, number[]] {
  const m = /^([A-Za-z]+)=(.+)$/.exec(text);
  if (!m) throw new ParameterError("--vary", "KEY=V1,V2,... or KEY=A..B", text);
  const key = m[1] as SweepKey;
  if (!(SWEEP_KEYS as readonly string[]).includes(key))
    throw new ParameterError("--vary", `a key among ${SWEEP_KEYS.join(", ")}`, m[1]);
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(m[2]);
  if (range) {
    const [lo, hi] = [Number(range[1]), Number(range[2])];
    if (hi < lo || hi - lo >= MAX_SWEEP_RUNS) throw new ParameterError("--vary", "A..B with A <= B", m[2]);
    return [key, Array.from({ length: hi - lo + 1 }, (_, k) => lo + k)];
  }
  const values = m[2].split(",").map((s) => Number(s));
  if (values.some((v, i) => Number.isNaN(v) || m[2].split(",")[i].trim() === ""))
    throw new ParameterError("--vary", `numbers for ${key}`, m[2]);
  return [key, values];
}

/** `hinge-dynamics sweep`: many runs of a preset over a grid of values, trained into the run cache, as a CSV table. */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { makeDirs } from "../make-dirs";
import { parseArgs } from "node:util";
import { fig1, lazy, smFig2, sphere, spreadRun, twoWidths, type Preset } from "../presets";
import { PROFILES, type Profile } from "../profile";
import { parseVary, type SweepPlan } from "../sweep/plan";
import { sweep } from "../sweep/sweep";
import { checkOneOf, ParameterError } from "../validate";
import { asFlagError, joinNegativeValues, num, usage } from "./args";

const PRESETS: Record<string, (profile?: Profile) => Preset> = { fig1, sphere, lazy, smFig2, spreadRun, twoWidths };

export const SWEEP_HELP = `Usage: hinge-dynamics sweep --preset NAME --vary KEY=VALUES [--vary ...] --out TABLE.csv

Trains every combination of the varied values over a preset into the run cache (runs already cached are not
retrained: an interrupted or extended sweep trains only what is missing), then writes one row per run: the
varied values, how the run ended, its final and best errors, the clock at the end (fitted, main (13), from the
measured drive), the nodes' movement against main (10), and when I∥ leaves the theory.

  --preset NAME      ${Object.keys(PRESETS).join(" | ")}
  --profile P        ${PROFILES.join(" | ")} (default paper; the preset's scale)
  --vary KEY=VALUES  e.g. alpha=1,3,10  N=1e3,1e4  seed=0..4 (integers, inclusive); repeat for a grid
  --parallel N       runs trained at once here, one worker thread each (default: one per core)
  --executor KIND    local (default) | slurm: one job array, each task \`train --sweep MANIFEST --index I\`
                     into the cache (which the cluster's nodes must share); rerun to resubmit what failed
  --partition NAME   Slurm: the partition (checked before anything is submitted)
  --time T           Slurm: --time of each task, e.g. 02:00:00
  --mem M            Slurm: --mem of each task, e.g. 8G
  --cpus-per-task N  Slurm: --cpus-per-task
  --sbatch LINE      Slurm: an extra #SBATCH line, e.g. --sbatch=--account=phys (repeatable)
  --cache DIR        the run cache (default $HINGE_CACHE_DIR, else runs/cache in the package)
  --out FILE         the table, as CSV (required)
  -h, --help         this text
`;

const options = {
  preset: { type: "string" },
  profile: { type: "string", default: "paper" },
  vary: { type: "string", multiple: true },
  parallel: { type: "string" },
  executor: { type: "string" },
  partition: { type: "string" },
  time: { type: "string" },
  mem: { type: "string" },
  "cpus-per-task": { type: "string" },
  sbatch: { type: "string", multiple: true },
  cache: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

export async function sweepCommand(argv: string[]): Promise<string> {
  const { values: v } = usage(() => parseArgs({ args: joinNegativeValues(argv), strict: true, options }));
  if (v.help) return SWEEP_HELP;
  if (!v.out) throw new ParameterError("--out", "a CSV file for the table", undefined);
  if (!v.preset) throw new ParameterError("--preset", Object.keys(PRESETS).join(" | "), undefined);
  const name = checkOneOf("--preset", v.preset, Object.keys(PRESETS));
  const profile = checkOneOf("--profile", v.profile, PROFILES);
  if (!v.vary?.length) throw new ParameterError("--vary", "at least one KEY=VALUES", undefined);
  const vary: SweepPlan["vary"] = {};
  for (const text of v.vary) {
    const [key, values] = parseVary(text);
    if (vary[key]) throw new ParameterError("--vary", `${key} once`, text);
    vary[key] = values;
  }
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop).once("SIGTERM", stop);
  const tty = process.stderr.isTTY;
  try {
    const result = await sweepWithFlags({
      base: PRESETS[name](profile),
      vary,
      parallel: num("--parallel", v.parallel),
      executor: checkOneOf("--executor", v.executor ?? "local", ["local", "slurm"] as const),
      slurm: {
        partition: v.partition,
        time: v.time,
        mem: v.mem,
        cpusPerTask: num("--cpus-per-task", v["cpus-per-task"]),
        sbatch: v.sbatch,
      },
      cache: v.cache,
      signal: abort.signal,
      onProgress: (p) => {
        const eta = Number.isFinite(p.etaSeconds) ? `, ETA ${p.etaSeconds.toFixed(0)} s` : "";
        const line = `sweep: ${p.done} done, ${p.running} running, ${p.waiting} waiting${p.failed ? `, ${p.failed} failed` : ""}${eta}`;
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write("\n");
    makeDirs(dirname(resolve(v.out)));
    writeFileSync(v.out, csv(result.rows));
    process.stderr.write(`${result.rows.length} runs; table written to ${v.out} (manifest ${result.manifest})\n`);
    return "";
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
  }
}

/** sweep() with its errors named by the flags that set them (partition → --partition). */
async function sweepWithFlags(o: Parameters<typeof sweep>[0]) {
  try {
    return await sweep(o);
  } catch (e) {
    throw asFlagError(e, { cpusPerTask: "--cpus-per-task" });
  }
}

/** Rows of equal keys as CSV (numbers as JavaScript prints them; NaN for "never"). */
function csv(rows: readonly Record<string, unknown>[]): string {
  const keys = Object.keys(rows[0] ?? {});
  return [keys.join(","), ...rows.map((r) => keys.map((k) => String(r[k])).join(","))].join("\n") + "\n";
}

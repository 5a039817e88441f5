/**
 * The Slurm executor: one job array over the missing runs, each task `hinge-dynamics train --sweep MANIFEST
 * --index $SLURM_ARRAY_TASK_ID` training into the shared run cache. Before anything is submitted the controller
 * must answer and the partition must exist; then squeue is polled (and the cache read) until every task has left
 * the queue. A task counts as done when its run is in the cache; the others are reported with their log's last line.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ParameterError } from "../validate";
import { cliCommand, type TaskEvents } from "./local";

/** How each array task is scheduled: the user's partition, time, memory, CPUs, and any other #SBATCH lines. */
export interface SlurmOptions {
  partition?: string;
  /** --time, e.g. "02:00:00". */
  time?: string;
  /** --mem, e.g. "8G". */
  mem?: string;
  cpusPerTask?: number;
  /** Extra lines, each written as `#SBATCH <line>` (e.g. "--account=phys"). */
  sbatch?: string[];
  /** Seconds between polls of squeue (default 5). */
  pollSeconds?: number;
}

/** A Slurm command's failure, with what it printed. */
export class SlurmError extends Error {}

function slurm(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new SlurmError(`${command} could not run (${r.error.message}): is Slurm installed here?`);
  if (r.status !== 0) throw new SlurmError(`${command} ${args.join(" ")} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** The controller answers and the partition (when given) exists; else an error before anything is submitted. */
export function checkSlurm(o: SlurmOptions): void {
  let partitions: string[];
  try {
    partitions = slurm("sinfo", ["-h", "-o", "%R"]).split("\n").filter(Boolean);
  } catch (e) {
    throw new SlurmError(`the Slurm controller did not answer, so nothing was submitted: ${(e as Error).message}`);
  }
  if (o.partition !== undefined && !partitions.includes(o.partition))
    throw new ParameterError("partition", `one of this cluster's partitions: ${partitions.join(", ")}`, o.partition);
  if (o.cpusPerTask !== undefined && !(Number.isInteger(o.cpusPerTask) && o.cpusPerTask >= 1))
    throw new ParameterError("cpusPerTask", "an integer >= 1", o.cpusPerTask);
  for (const line of o.sbatch ?? [])
    if (!/^--?\w/.test(line) || /[\n\r]/.test(line))
      throw new ParameterError("sbatch", "lines of sbatch options such as --account=NAME", line);
}

/** The batch script of one array over `indices` (next to the manifest, with one log per task). */
export function batchScript(manifest: string, indices: readonly number[], o: SlurmOptions): string {
  const base = manifest.replace(/\.json$/, "");
  const [command, ...prefix] = cliCommand();
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = [
    "#!/bin/sh",
    "#SBATCH --job-name=hinge-sweep",
    `#SBATCH --array=${indices.join(",")}`,
    `#SBATCH --output=${base}-%a.log`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
    ...(o.cpusPerTask ? [`#SBATCH --cpus-per-task=${o.cpusPerTask}`] : []),
    ...(o.sbatch ?? []).map((l) => `#SBATCH ${l}`),
    `cd ${quote(join(__dirname, "..", ".."))}`,
    `exec ${[command, ...prefix].map(quote).join(" ")} train --sweep ${quote(manifest)} --index "$SLURM_ARRAY_TASK_ID"`,
    "",
  ];
  const file = `${base}.sbatch`;
  writeFileSync(file, lines.join("\n"));
  return file;
}

/** Submits the array and follows it until every task has left the queue; `signal` cancels it (scancel). */
export async function runSlurm(
  manifest: string,
  indices: readonly number[],
  o: SlurmOptions,
  events: TaskEvents,
  done: (index: number) => boolean,
  log: (index: number) => string,
  signal?: AbortSignal,
): Promise<void> {
  if (indices.length === 0) return;
  const script = batchScript(manifest, indices, o);
  const job = slurm("sbatch", ["--parsable", script]).trim().split(";")[0];
  const cancel = () => spawnSync("scancel", [job]);
  signal?.addEventListener("abort", cancel, { once: true });
  const started = new Set<number>();
  const pending = new Set(indices);
  try {
    while (pending.size) {
      await new Promise((r) => setTimeout(r, 1000 * (o.pollSeconds ?? 5)));
      const queued = new Map<number, string>();
      for (const line of slurm("squeue", ["-h", "-r", "-j", job, "-o", "%i %t"]).split("\n").filter(Boolean)) {
        const [id, state] = line.trim().split(/\s+/);
        const index = Number(id.split("_")[1]);
        if (Number.isInteger(index)) queued.set(index, state);
      }
      for (const index of [...pending]) {
        const state = queued.get(index);
        if ((state === "R" || state === "CG" || state === undefined) && !started.has(index)) {
          started.add(index);
          events.started(index);
        }
        if (state === undefined) {
          pending.delete(index);
          events.finished(index, done(index), log(index));
        }
      }
    }
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
}

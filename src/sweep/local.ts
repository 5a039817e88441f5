/**
 * The local executor: each missing run is one `hinge-dynamics train --sweep MANIFEST --index I` process
 * (the same task a Slurm array runs), `parallel` at a time, so that runs train side by side on the cores.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** What the local executor reports as runs start and end. */
export interface TaskEvents {
  started(index: number): void;
  finished(index: number, ok: boolean, stderr: string): void;
}

/** The command that runs the CLI: the built one, or (under a TypeScript loader, in the tests) its source. */
export function cliCommand(): string[] {
  // Under Deno's kernel process.execPath is deno: the CLI runs on Node, found on the PATH.
  const node = process.versions.deno ? "node" : process.execPath;
  const js = join(__dirname, "..", "cli", "main.js");
  if (existsSync(js)) return [node, js];
  return [node, "--import", "tsx", join(__dirname, "..", "cli", "main.ts")];
}

/**
 * Runs the tasks `indices` of the manifest, `parallel` at a time; resolves when all have ended (each ok or
 * not). `signal` stops the running tasks (SIGINT: each saves nothing and leaves no cache entry) and starts no more.
 */
export async function runLocal(
  manifest: string,
  indices: readonly number[],
  parallel: number,
  events: TaskEvents,
  signal?: AbortSignal,
): Promise<void> {
  const [command, ...prefix] = cliCommand();
  const queue = [...indices];
  const running = new Set<ChildProcess>();
  signal?.addEventListener("abort", () => running.forEach((c) => c.kill("SIGINT")), { once: true });
  const one = (index: number) =>
    new Promise<void>((done) => {
      events.started(index);
      const child = spawn(command, [...prefix, "train", "--sweep", manifest, "--index", String(index)], {
        stdio: ["ignore", "ignore", "pipe"],
        cwd: join(__dirname, "..", ".."), // the package root, where a TypeScript loader resolves
      });
      running.add(child);
      let stderr = "";
      child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
      child.on("close", (code) => {
        running.delete(child);
        events.finished(index, code === 0, stderr);
        done();
      });
    });
  const lane = async () => {
    while (queue.length && !signal?.aborted) await one(queue.shift()!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, indices.length)) }, lane));
}

/**
 * Saving and loading a TrainResult as a folder a person (or numpy) can read:
 *   summary.json    config, backend, workers, wall time, stop reason, grid times and errors
 *   history.csv     per step: t, trainError, loss, fU, Ipar, Jperp, evaluated
 *   grid_a.npy, grid_wpar.npy, grid_wperp.npy      (grid times × M) float32
 *   examples_first_satisfied.npy, examples_last_unsatisfied.npy (int32; −1: never), examples_xpar.npy,
 *   examples_y.npy (float32), one row per example
 *   final_a.npy (M), final_W.npy (d × M, the authors' layout), wstar.npy (d, float64; when known)
 *   manifest.json   the SHA-256 of every other file, written last
 * A folder is written whole or not at all: into a temporary sibling, then renamed into place, so a run
 * never shares its folder with another run's files, and a reader never sees half of one.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { formatNpy, parseNpy } from "../data/npy";
import type { History, TrainResult } from "./result";
import { makeDirs } from "../make-dirs";

const FORMAT = "hinge-dynamics/run@3";
const HISTORY_COLUMNS: (keyof History)[] = ["trainError", "loss", "fU", "Ipar", "Jperp", "evaluated"];
const MANIFEST = "manifest.json";

/** A saved run that is damaged: missing, truncated or altered files. */
export class RunFolderError extends Error {
  constructor(dir: string, problem: string) {
    super(`${dir}: ${problem}`);
    this.name = "RunFolderError";
  }
}

/** The files of a run, by name (what saveResult writes, before the manifest). */
function runFiles(result: TrainResult): Map<string, Uint8Array | string> {
  const { grid, config, history } = result;
  const { M, d, N, test } = config;
  const files = new Map<string, Uint8Array | string>();
  const summary = {
    format: FORMAT,
    config,
    dataSource: result.dataSource,
    backend: result.backend,
    workers: result.workers,
    stopReason: result.stopReason,
    message: result.message,
    lastStep: result.lastStep,
    wallSeconds: result.wallSeconds,
    loopSeconds: result.loopSeconds,
    grid: { t: grid.t, testError: grid.testError, trainError: grid.trainError },
    testOutputsAt: result.testOutputs.t,
  };
  files.set(
    "summary.json",
    JSON.stringify(summary, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 1) + "\n",
  );
  const lines = [["t", ...HISTORY_COLUMNS].join(",")];
  for (let t = 0; t <= result.lastStep; t++) lines.push([t, ...HISTORY_COLUMNS.map((k) => history[k][t])].join(","));
  files.set("history.csv", lines.join("\n") + "\n");
  const stack = (rows: Float32Array[], width: number) => {
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, k) => out.set(r, k * width));
    return out;
  };
  files.set("grid_a.npy", formatNpy(stack(grid.a, M), [grid.t.length, M]));
  files.set("grid_wpar.npy", formatNpy(stack(grid.wPar, M), [grid.t.length, M]));
  files.set("grid_wperp.npy", formatNpy(stack(grid.wPerp, M), [grid.t.length, M]));
  files.set("examples_last_unsatisfied.npy", formatNpy(result.examples.lastUnsatisfied, [N]));
  files.set("examples_first_satisfied.npy", formatNpy(result.examples.firstSatisfied, [N]));
  files.set("examples_xpar.npy", formatNpy(result.examples.xPar, [N]));
  files.set("examples_y.npy", formatNpy(result.examples.y, [N]));
  files.set("final_a.npy", formatNpy(result.final.a, [M]));
  files.set("final_W.npy", formatNpy(transpose(result.final.W, M, d), [d, M]));
  if (result.wStar) files.set("wstar.npy", formatNpy(result.wStar, [d]));
  const o = result.testOutputs;
  if (o.t.length) {
    files.set("test_outputs.npy", formatNpy(stack(o.f, test), [o.t.length, test]));
    files.set("test_node_spread.npy", formatNpy(stack(o.nodeSpread, test), [o.t.length, test]));
    files.set("test_xpar.npy", formatNpy(o.xPar, [test]));
    files.set("test_xnorm2.npy", formatNpy(o.xNorm2, [test]));
  }
  return files;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** A fresh sibling of `dir` to write into (same file system, so the final rename is atomic). */
function temporarySibling(dir: string, what: string): string {
  return join(dirname(dir), `.${basename(dir)}.${what}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

/** The file by which a training process claims the folder it will save into (removed when it exits). */
export const CLAIM = ".hinge-run-claim";

/** The live process that claimed `dir`, if any (a claim whose process is gone is stale and ignored). */
export function claimant(dir: string): { pid: number; since: string } | undefined {
  try {
    const claim = JSON.parse(readFileSync(join(dir, CLAIM), "utf8")) as { pid: number; since: string };
    if (claim.pid === process.pid) return undefined;
    process.kill(claim.pid, 0); // throws when no such process
    return claim;
  } catch {
    return undefined;
  }
}

/**
 * Claims `dir` for this process until it exits (or until the returned release is called): a second run given the
 * same folder sees the claim and is refused. Throws a RunFolderError when another live process holds it.
 */
export function claimRunFolder(dir: string): () => void {
  const other = claimant(dir);
  if (other) throw new RunFolderError(dir, `another run (process ${other.pid}, since ${other.since}) is saving here`);
  const file = join(dir, CLAIM);
  rmSync(file, { force: true }); // stale
  try {
    writeFileSync(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST")
      throw new RunFolderError(dir, "another run claimed this folder at the same moment");
    throw e;
  }
  const release = () => {
    try {
      if (JSON.parse(readFileSync(file, "utf8")).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // saved over (the claim went with the replaced folder) or already released
    }
  };
  process.once("exit", release);
  return release;
}

/**
 * What in `dir` is not part of a saved run (the files its manifest lists, and the manifest): what replacing the
 * folder would lose. Everything, when there is no readable manifest.
 */
export function notPartOfRun(dir: string): string[] {
  if (!existsSync(dir)) return [];
  let names = new Set<string>();
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as { sha256?: Record<string, string> };
    names = new Set([MANIFEST, ...Object.keys(manifest.sha256 ?? {})]);
  } catch {
    // no manifest: nothing in the folder is known to be ours
  }
  return readdirSync(dir).filter((e) => !names.has(e) && !(e === CLAIM && !claimant(dir)));
}

/** `"notes.txt" and 2 more`: what in `dir` replacing it would lose (notPartOfRun), or undefined when nothing. */
export function foreignFiles(dir: string): string | undefined {
  const foreign = notPartOfRun(dir);
  if (foreign.length === 0) return undefined;
  return `${JSON.stringify(foreign[0])}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ""}`;
}

/** Throws, naming a file, when replacing `dir` would delete anything that is not part of a saved run. */
export function checkReplaceable(dir: string): void {
  const what = foreignFiles(dir);
  if (what === undefined) return;
  throw new RunFolderError(
    dir,
    `holds ${what}, not part of a saved run: replacing the folder would delete it; choose another folder`,
  );
}

/**
 * Writes the result as the folder `dir`. A folder with files in it is refused unless `replace` is set, and is
 * then replaced whole (never merged), and only when it holds a saved run and nothing else (checkReplaceable).
 * Returns false, without writing, when `dir` appeared meanwhile and `ifAbsent` is set (another process saved it
 * first: the cache's case).
 */
export function saveResult(
  result: TrainResult,
  dir: string,
  o: { replace?: boolean; ifAbsent?: boolean } = {},
): boolean {
  const taken = () => existsSync(dir) && readdirSync(dir).length > 0;
  if (taken() && !o.replace) {
    if (o.ifAbsent) return false;
    throw new RunFolderError(
      dir,
      "already holds a saved run or other files; choose a new folder or replace it (--force)",
    );
  }
  if (taken()) checkReplaceable(dir);
  makeDirs(dirname(dir));
  const tmp = temporarySibling(dir, "saving");
  mkdirSync(tmp);
  try {
    const manifest: Record<string, string> = {};
    for (const [name, bytes] of runFiles(result)) {
      writeFileSync(join(tmp, name), bytes);
      manifest[name] = sha256(bytes);
    }
    writeFileSync(join(tmp, MANIFEST), JSON.stringify({ format: FORMAT, sha256: manifest }, null, 1) + "\n");
    if (existsSync(dir)) {
      if (taken() && !o.replace) return false;
      if (taken()) checkReplaceable(dir); // again: something may have been put there while this run trained
      const old = temporarySibling(dir, "replaced");
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      try {
        renameSync(tmp, dir);
      } catch (e) {
        if (o.ifAbsent && ["ENOTEMPTY", "EEXIST"].includes((e as NodeJS.ErrnoException).code ?? "")) return false;
        throw e;
      }
    }
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Reads a folder written by saveResult, checking every file against the manifest and every array against
 * the run's length. Throws a RunFolderError naming the folder and the bad file.
 */
export function loadResult(dir: string): TrainResult {
  if (!existsSync(join(dir, "summary.json"))) throw new RunFolderError(dir, "not a saved run (missing summary.json)");
  const read = (name: string) => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new RunFolderError(dir, `not a saved run (missing ${name})`);
    return readFileSync(p);
  };
  const manifestText = read(MANIFEST).toString("utf8");
  let manifest: { format?: string; sha256?: Record<string, string> };
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw new RunFolderError(dir, `${MANIFEST} is not readable JSON`);
  }
  if (manifest.format !== FORMAT || !manifest.sha256)
    throw new RunFolderError(dir, `${MANIFEST}: unknown format ${JSON.stringify(manifest.format)}; expected ${FORMAT}`);
  const files = new Map<string, Buffer>();
  for (const [name, sum] of Object.entries(manifest.sha256)) {
    const bytes = read(name);
    if (sha256(bytes) !== sum)
      throw new RunFolderError(
        dir,
        `${name} was changed or truncated after it was saved (SHA-256 differs from ${MANIFEST})`,
      );
    files.set(name, bytes);
  }
  const extra = readdirSync(dir).filter((f) => f !== MANIFEST && !files.has(f));
  if (extra.length) throw new RunFolderError(dir, `holds files that are not part of the run: ${extra.join(", ")}`);
  return parseRun(dir, files);
}

function parseRun(dir: string, files: Map<string, Buffer>): TrainResult {
  const summary = JSON.parse(files.get("summary.json")!.toString("utf8"), (_, v) =>
    v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
  );
  const { M, d, N, test } = summary.config;
  const { npy, unstack } = arrayReader(dir, files);
  const T: number = summary.grid.t.length;
  const outT: number[] = summary.testOutputsAt ?? [];
  return {
    config: summary.config,
    dataSource: summary.dataSource,
    backend: summary.backend,
    workers: summary.workers,
    stopReason: summary.stopReason,
    message: summary.message,
    lastStep: summary.lastStep,
    wallSeconds: summary.wallSeconds,
    loopSeconds: summary.loopSeconds,
    history: parseHistory(dir, files.get("history.csv")!, summary.lastStep),
    grid: {
      ...summary.grid,
      a: unstack("grid_a.npy", T, M),
      wPar: unstack("grid_wpar.npy", T, M),
      wPerp: unstack("grid_wperp.npy", T, M),
    },
    examples: {
      lastUnsatisfied: npy("examples_last_unsatisfied.npy", [N]) as Int32Array,
      firstSatisfied: npy("examples_first_satisfied.npy", [N]) as Int32Array,
      xPar: npy("examples_xpar.npy", [N]) as Float32Array,
      y: npy("examples_y.npy", [N]) as Float32Array,
    },
    final: {
      a: npy("final_a.npy", [M]) as Float32Array,
      W: transpose(npy("final_W.npy", [d, M]) as Float32Array, d, M),
    },
    wStar: files.has("wstar.npy") ? (npy("wstar.npy", [d]) as Float64Array) : null,
    testOutputs: outT.length
      ? {
          t: outT,
          f: unstack("test_outputs.npy", outT.length, test),
          nodeSpread: unstack("test_node_spread.npy", outT.length, test),
          xPar: npy("test_xpar.npy", [test]) as Float32Array,
          xNorm2: npy("test_xnorm2.npy", [test]) as Float32Array,
        }
      : { t: [], f: [], nodeSpread: [], xPar: new Float32Array(0), xNorm2: new Float32Array(0) },
  };
}

/** history.csv: one row per step 0..lastStep, the columns of HISTORY_COLUMNS after t. */
function parseHistory(dir: string, csv: Buffer, lastStep: number): History {
  const rows = csv
    .toString("utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  if (rows.length !== lastStep + 1)
    throw new RunFolderError(dir, `history.csv has ${rows.length} steps; the run has ${lastStep + 1}`);
  return Object.fromEntries(
    HISTORY_COLUMNS.map((k, j) => [k, Float64Array.from(rows, (r) => r[j + 1])]),
  ) as unknown as History;
}

/** Reads a folder's .npy files, checking each one's shape; `unstack` splits a (times × width) array into rows. */
function arrayReader(dir: string, files: Map<string, Buffer>) {
  const npy = (name: string, shape: number[]) => {
    const a = parseNpy(files.get(name)!, `${dir}/${name}`);
    if (a.shape.join() !== shape.join())
      throw new RunFolderError(dir, `${name} has shape (${a.shape.join(", ")}); expected (${shape.join(", ")})`);
    return a.data;
  };
  const unstack = (name: string, times: number, width: number) => {
    const data = npy(name, [times, width]) as Float32Array;
    return Array.from({ length: times }, (_, k) => data.slice(k * width, (k + 1) * width));
  };
  return { npy, unstack };
}

/** rows×cols row-major → cols×rows row-major. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j];
  return out;
}

/**
 * Saving and loading a TrainResult as a folder a person (or numpy) can read:
 *   summary.json    config, backend, workers, wall time, stop reason, grid times and errors
 *   history.csv     per step: t, trainError, loss, fU, Ipar, Jperp, evaluated
 *   grid_a.npy, grid_wpar.npy, grid_wperp.npy      (grid times × M) float32
 *   examples_satisfaction.npy (int32), examples_xpar.npy, examples_y.npy (float32), one row per example
 *   final_a.npy (M), final_W.npy (d × M, the authors' layout), wstar.npy (d, float64; when known)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readNpy, writeNpy } from "../data/npy";
import type { History, TrainResult } from "./result";

const FORMAT = "hinge-dynamics/run@1";
const HISTORY_COLUMNS: (keyof History)[] = ["trainError", "loss", "fU", "Ipar", "Jperp", "evaluated"];

/** Writes the result into `dir` (created if needed). */
export function saveResult(result: TrainResult, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const { grid, config, history } = result;
  const M = config.M;
  const d = config.d;
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
  writeFileSync(join(dir, "summary.json"), JSON.stringify(summary, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 1) + "\n");
  const lines = [["t", ...HISTORY_COLUMNS].join(",")];
  for (let t = 0; t <= result.lastStep; t++) lines.push([t, ...HISTORY_COLUMNS.map((k) => history[k][t])].join(","));
  writeFileSync(join(dir, "history.csv"), lines.join("\n") + "\n");
  const stack = (rows: Float32Array[]) => stackRows(rows, M);
  writeNpy(join(dir, "grid_a.npy"), stack(grid.a), [grid.t.length, M]);
  writeNpy(join(dir, "grid_wpar.npy"), stack(grid.wPar), [grid.t.length, M]);
  writeNpy(join(dir, "grid_wperp.npy"), stack(grid.wPerp), [grid.t.length, M]);
  writeNpy(join(dir, "examples_satisfaction.npy"), result.examples.satisfactionTime, [config.N]);
  writeNpy(join(dir, "examples_xpar.npy"), result.examples.xPar, [config.N]);
  writeNpy(join(dir, "examples_y.npy"), result.examples.y, [config.N]);
  writeNpy(join(dir, "final_a.npy"), result.final.a, [M]);
  writeNpy(join(dir, "final_W.npy"), transpose(result.final.W, M, d), [d, M]);
  if (result.wStar) writeNpy(join(dir, "wstar.npy"), result.wStar, [d]);
  const o = result.testOutputs;
  if (o.t.length) {
    writeNpy(join(dir, "test_outputs.npy"), stackRows(o.f, config.test), [o.t.length, config.test]);
    writeNpy(join(dir, "test_node_spread.npy"), stackRows(o.nodeSpread, config.test), [o.t.length, config.test]);
    writeNpy(join(dir, "test_xpar.npy"), o.xPar, [config.test]);
    writeNpy(join(dir, "test_xnorm2.npy"), o.xNorm2, [config.test]);
  }
}

function stackRows(rows: Float32Array[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, k) => out.set(r, k * width));
  return out;
}

/** Reads a folder written by saveResult. Throws naming the folder and the missing or bad file. */
export function loadResult(dir: string): TrainResult {
  const file = (name: string) => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new Error(`${dir}: not a saved run (missing ${name})`);
    return p;
  };
  const summary = JSON.parse(readFileSync(file("summary.json"), "utf8"), (_, v) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v));
  if (summary.format !== FORMAT) throw new Error(`${dir}/summary.json: unknown format ${JSON.stringify(summary.format)}; expected ${FORMAT}`);
  const { M, d } = summary.config;
  const rows = readFileSync(file("history.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
  const history = Object.fromEntries(HISTORY_COLUMNS.map((k, j) => [k, Float64Array.from(rows, (r) => r[j + 1])])) as unknown as History;
  const unstack = (name: string, rows: number[] = summary.grid.t, width = M) => {
    const data = readNpy(file(name)).data as Float32Array;
    return rows.map((_: number, k: number) => data.slice(k * width, (k + 1) * width));
  };
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
    history,
    grid: { ...summary.grid, a: unstack("grid_a.npy"), wPar: unstack("grid_wpar.npy"), wPerp: unstack("grid_wperp.npy") },
    examples: {
      satisfactionTime: readNpy(file("examples_satisfaction.npy")).data as Int32Array,
      xPar: readNpy(file("examples_xpar.npy")).data as Float32Array,
      y: readNpy(file("examples_y.npy")).data as Float32Array,
    },
    final: { a: readNpy(file("final_a.npy")).data as Float32Array, W: transpose(readNpy(file("final_W.npy")).data as Float32Array, d, M) },
    wStar: existsSync(join(dir, "wstar.npy")) ? (readNpy(join(dir, "wstar.npy")).data as Float64Array) : null,
    testOutputs: outT.length
      ? {
          t: outT,
          f: unstack("test_outputs.npy", outT, summary.config.test),
          nodeSpread: existsSync(join(dir, "test_node_spread.npy")) ? unstack("test_node_spread.npy", outT, summary.config.test) : [],
          xPar: readNpy(file("test_xpar.npy")).data as Float32Array,
          xNorm2: readNpy(file("test_xnorm2.npy")).data as Float32Array,
        }
      : { t: [], f: [], nodeSpread: [], xPar: new Float32Array(0), xNorm2: new Float32Array(0) },
  };
}

/** rows×cols row-major → cols×rows row-major. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j];
  return out;
}

/**
 * One small seeded problem trained on two engines and in float64 (the engine tests: webgpu.test.ts,
 * onnxruntime.test.ts): N = 2000 Gaussian examples, d = 16, M = 20, β* = 50.
 */
import assert from "node:assert/strict";
import { teacherTask, type Dataset } from "../../src/data/synthetic";
import { Random } from "../../src/random";
import type { BackendName } from "../../src/train/engine";
import type { TrainResult } from "../../src/train/result";
import { Trainer } from "../../src/train/trainer";
import { referenceRun, type Problem } from "./reference";

export const [N, d, M, betaStar] = [2000, 16, 20, 50];
export const data = (): Dataset => teacherTask({ task: "gaussian", N, NTest: 500, d, seed: 9 });
export const init = (): { a: Float32Array; W: Float32Array } => {
  const rng = new Random(3);
  return { a: rng.fillNormal(new Float32Array(M)), W: rng.fillNormal(new Float32Array(M * d)) };
};

/** Seeded runs of `steps` on WASM and on `engine` (skipping on, one worker), and the float64 reference. */
export async function runs(
  engine: BackendName,
  steps: number,
): Promise<{ wasm: TrainResult; other: TrainResult; ref: ReturnType<typeof referenceRun> }> {
  const common = { M, betaStar, steps, workers: 1, gridSize: 10, handleSigint: false } as const;
  const wasm = await new Trainer({ ...common, data: data(), init: init(), backend: "wasm" }).run();
  const other = await new Trainer({ ...common, data: data(), init: init(), backend: engine }).run();
  const D = data();
  const p: Problem = { x: Float64Array.from(D.x), y: Float64Array.from(D.y), N, d, M, alpha: 1, h: 1 };
  const { a, W } = init();
  return { wasm, other, ref: referenceRun(p, a, W, betaStar, steps) };
}

/** Every component of v within tol × the largest |r|. */
export function close(name: string, v: ArrayLike<number>, r: ArrayLike<number>, tol: number): void {
  const scale = Math.max(...Array.from(r, Math.abs));
  for (let i = 0; i < r.length; i++)
    assert.ok(Math.abs(v[i] - r[i]) <= tol * scale, `${name}_${i}: ${v[i]} vs ${r[i]}`);
}

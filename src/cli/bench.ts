/** `hinge-dynamics bench`: seconds per step and achieved GFLOP/s of the trainer against the engine's own matmul. */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { loadEngine, type BackendName } from "../train/engine";
import type { TrainResult } from "../train/result";
import { Trainer } from "../train/trainer";
import { asFlagError, joinNegativeValues, num, usage } from "./args";

export const BENCH_HELP = `Usage: hinge-dynamics bench [flags]

Trains the Fig. 1 setting (Gaussian data, N = 10^5, d = 100, M = 400, test 10^5) for a fixed number
of steps with 1 worker and with one worker per core, and prints seconds per step, the achieved
GFLOP/s (2·N·d·M per forward, 2·N_U·d·M per backward, 2·N_test·d·M per test evaluation), the
engine's own single-thread matmul GFLOP/s on an N×d by d×M product, and their ratio.

  --N N          training examples (default 100000)
  --test N       test examples (default 100000)
  --d N          input dimension (default 100)
  --M N          hidden nodes (default 400)
  --steps N      steps per run (default 30; the first ~20 have every example unsatisfied)
  --workers LIST worker counts to compare (default 1,<cores>)
  --backend NAME tensorflow | wasm | cpu (default: best available)
  -h, --help     this text
`;

/** Best-of-3 seconds for X (N×d) · W (d×M) on the engine, in this thread. */
async function matmulSeconds(backend: BackendName | undefined, N: number, d: number, M: number) {
  const { tf, backend: name } = await loadEngine(backend);
  const X = tf.randomNormal([N, d]);
  const W = tf.randomNormal([d, M]);
  let best = Infinity;
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    tf.tidy(() => tf.sum(tf.matMul(X, W)).dataSync());
    if (r > 0) best = Math.min(best, (performance.now() - t0) / 1000);
  }
  tf.dispose([X, W]);
  return { seconds: best, backend: name };
}

/** Floating-point operations the run performed in its step loop (the count stated in --help). */
export function runFlops(r: TrainResult): number {
  const { N, d, M, test } = r.config;
  let flops = 0;
  for (let t = 0; t <= r.lastStep; t++) {
    flops += 2 * N * d * M;
    if (t < r.lastStep) flops += 2 * Math.round(r.history.fU[t] * N) * d * M;
  }
  return flops + r.grid.t.length * 2 * test * d * M;
}

export async function benchCommand(argv: string[]): Promise<string> {
  const { values: v } = usage(() => parseArgs({ args: joinNegativeValues(argv), strict: true, options: {
    N: { type: "string", default: "100000" }, test: { type: "string", default: "100000" }, d: { type: "string", default: "100" },
    M: { type: "string", default: "400" }, steps: { type: "string", default: "30" }, workers: { type: "string" },
    backend: { type: "string" }, help: { type: "boolean", short: "h", default: false },
  } }));
  if (v.help) return BENCH_HELP;
  const cores = availableParallelism();
  const [N, test, d, M, steps] = [num("--N", v.N)!, num("--test", v.test)!, num("--d", v.d)!, num("--M", v.M)!, num("--steps", v.steps)!];
  const workerCounts = (v.workers ?? `1,${cores}`).split(",").map((w) => num("--workers", w)!);
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stderr.write(s + "\n");
  };
  const mm = await matmulSeconds(v.backend as BackendName | undefined, N, d, M);
  const mmRate = (2 * N * d * M) / mm.seconds / 1e9;
  say(`backend ${mm.backend}; ${cores} cores; N = ${N}, d = ${d}, M = ${M}, test = ${test}, ${steps} steps`);
  say(`engine matmul (N×d)(d×M), one thread: ${(mm.seconds * 1000).toFixed(1)} ms = ${mmRate.toFixed(1)} GFLOP/s`);
  const perStep: number[] = [];
  for (const workers of workerCounts) {
    let r: TrainResult;
    try {
      r = await new Trainer({ N, test, d, M, steps, workers, backend: v.backend as BackendName | undefined, gridSize: 2, seed: 0, handleSigint: false }).run();
    } catch (e) {
      throw asFlagError(e);
    }
    const sps = r.loopSeconds / (r.lastStep + 1);
    perStep.push(sps);
    const rate = runFlops(r) / r.loopSeconds / 1e9;
    const meanFU = r.history.fU.reduce((s, x) => s + x, 0) / r.history.fU.length;
    say(
      `workers ${workers}: ${sps.toFixed(3)} s/step (mean f_U ${meanFU.toFixed(2)}), ${rate.toFixed(1)} GFLOP/s = ${(100 * rate / mmRate).toFixed(0)}% of the one-thread matmul; start-up ${(r.wallSeconds - r.loopSeconds).toFixed(1)} s`,
    );
  }
  if (perStep.length > 1) say(`speed-up ${workerCounts[workerCounts.length - 1]} workers vs ${workerCounts[0]}: ${(perStep[0] / perStep[perStep.length - 1]).toFixed(2)}x`);
  return "";
}

/** `hinge-dynamics bench`: the whole Fig. 1 run, timed with exact row skipping and against it switched off. */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { loadEngine, type BackendName } from "../train/engine";
import { webGpuAdapter } from "../train/webgpu/device";
import type { TrainResult } from "../train/result";
import type { TrainConfig } from "../train/config";
import { fig1, smFig2 } from "../presets";
import { checkOneOf } from "../validate";
import { Trainer } from "../train/trainer";
import { kernelsFor } from "../train/kernels";
import { RowSet } from "../train/shard";
import { Random } from "../random";
import { checkInteger } from "../validate";
import { asFlagError, joinNegativeValues, num, usage } from "./args";

/** The run timed by default: Fig. 1 at the paper's parameters, as notebook 01 runs it. */
const FIG1 = fig1("paper");
/** The runs it can time: Fig. 1, and SM Fig. 2 (Fig. 1 with δ = 0.01 mislabeled, 10^4 steps). */
const PRESETS = { fig1: FIG1, smFig2: smFig2("paper") } as const;

export const BENCH_HELP = `Usage: hinge-dynamics bench [flags]

Times the Fig. 1 run (the fig1 preset: Gaussian data, N = ${FIG1.N}, d = ${FIG1.d}, M = ${FIG1.M},
β* = ${FIG1.betaStar}, test ${FIG1.test}, ${FIG1.steps} steps, test error on a log grid of ${FIG1.gridSize} times) as a
notebook runs it, with exact row skipping: wall time, and per phase (t < 30, 30-300, 300-3000, 3000-end)
the seconds per step, the fraction of training rows evaluated and its ratio to the fraction unsatisfied
f_U (the floor: a certificate that cleared every satisfied row). --preset smFig2 times SM Fig. 2's
mislabeled run instead (δ = 0.01, 10^4 steps; its plateau is the last phase). Then the same run with skipping off, for
--off-steps steps, extrapolated to the whole run (per-step cost a + b·f_U(t) fitted on the measured steps;
f_U(t) is the skipping run's, which is identical), and the speed-up. Also the engine's own one-thread
forward-pass rate, for scale.

  --preset NAME  fig1 | smFig2 (default fig1; the flags below override its values)
  --N N          training examples (default ${FIG1.N})
  --test N       test examples (default ${FIG1.test})
  --d N          input dimension (default ${FIG1.d})
  --M N          hidden nodes (default ${FIG1.M})
  --steps N      steps of the run (default ${FIG1.steps}; smFig2 ${PRESETS.smFig2.steps})
  --off-steps N  steps of the run with skipping off (default 300; 0 skips it)
  --workers N    worker threads; ONNX Runtime: its threads (default: one per core)
  --backend NAME webgpu | tensorflow | onnxruntime | wasm | cpu (default: best available; webgpu
                 only on a hardware GPU unless named)
  -h, --help     this text
`;

/** Best-of-3 seconds for the engine's forward pass M·f = relu(X Wᵀ) a over N rows (N×d, M nodes), in this thread. */
async function forwardSeconds(
  backend: BackendName | undefined,
  N: number,
  d: number,
  M: number,
): Promise<{ seconds: number; backend: BackendName }> {
  const engine = await loadEngine(backend);
  const rows = Math.min(N, 10_000); // about one tile's worth, as the trainer passes them
  const rng = new Random(1);
  const set = new RowSet(rng.fillNormal(new Float32Array(rows * d)), rows, d, null);
  const kernels = kernelsFor(engine, M)(set, set);
  kernels.setWeights(rng.fillNormal(new Float32Array(M)), rng.fillNormal(new Float32Array(M * d)));
  let best = Infinity;
  try {
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      for (let lo = 0; lo < rows; lo += kernels.tileRows)
        await kernels.forward(set, [lo, Math.min(rows, lo + kernels.tileRows)], false);
      if (r > 0) best = Math.min(best, (performance.now() - t0) / 1000);
    }
  } finally {
    await kernels.dispose();
  }
  return { seconds: (best * N) / rows, backend: engine.backend };
}

/** A run with the wall-clock time at which each step was done. */
async function timedRun(config: TrainConfig): Promise<{ result: TrainResult; doneAt: number[] }> {
  const doneAt: number[] = [];
  const result = await new Trainer({
    ...config,
    progressSeconds: 1e-9,
    onProgress: (p) => (doneAt[p.step] = performance.now() / 1000),
  }).run();
  return { result, doneAt };
}

const PHASES: [number, number][] = [
  [0, 30],
  [30, 300],
  [300, 3000],
  [3000, Infinity],
];

const BENCH_OPTIONS = {
  preset: { type: "string", default: "fig1" },
  N: { type: "string" },
  test: { type: "string" },
  d: { type: "string" },
  M: { type: "string" },
  steps: { type: "string" },
  "off-steps": { type: "string", default: "300" },
  workers: { type: "string" },
  backend: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

export async function benchCommand(argv: string[]): Promise<string> {
  const { values: v } = usage(() =>
    parseArgs({ args: joinNegativeValues(argv), strict: true, options: BENCH_OPTIONS }),
  );
  if (v.help) return BENCH_HELP;
  const preset = PRESETS[checkOneOf("--preset", v.preset, Object.keys(PRESETS) as (keyof typeof PRESETS)[])];
  const [N, test, d, M, steps, offSteps] = [
    num("--N", v.N) ?? preset.N,
    num("--test", v.test) ?? preset.test,
    num("--d", v.d) ?? preset.d,
    num("--M", v.M) ?? preset.M,
    num("--steps", v.steps) ?? preset.steps,
    num("--off-steps", v["off-steps"])!,
  ];
  const config: TrainConfig = {
    ...preset,
    N,
    test,
    d,
    M,
    steps,
    outputsAt: preset.outputsAt?.filter((t) => t <= steps),
    workers: num("--workers", v.workers) ?? availableParallelism(),
    backend: v.backend as BackendName | undefined,
    handleSigint: false,
  };
  checkInteger("--off-steps", offSteps, 0);
  try {
    new Trainer(config); // validates every flag before any work
  } catch (e) {
    throw asFlagError(e);
  }
  const mm = await forwardSeconds(config.backend, N, d, M);
  if (mm.backend === "webgpu") config.workers = 1; // one device, one shard (as the trainer does)
  const adapter = mm.backend === "webgpu" ? ` (${webGpuAdapter()})` : "";
  // ONNX Runtime: one shard in this thread, `workers` threads of its own (pool.ts).
  const shards =
    mm.backend === "onnxruntime" ? `1 shard on ${config.workers} thread(s)` : `${config.workers} worker(s)`;
  say(`backend ${mm.backend}${adapter}, ${shards}; N = ${N}, d = ${d}, M = ${M}, test = ${test}, ${steps} steps`);
  const gflops = (2 * N * d * M) / mm.seconds / 1e9;
  say(
    `engine forward pass relu(X Wᵀ) a, one thread: ${(mm.seconds * 1000).toFixed(1)} ms = ${gflops.toFixed(1)} GFLOP/s`,
  );

  const on = await timedRun(config);
  const r = on.result;
  reportPhases(on);
  if (offSteps > 0) {
    const offRun = Math.min(offSteps, r.lastStep);
    const outputsAt = config.outputsAt?.filter((t) => t <= offRun);
    const off = await timedRun({ ...config, steps: offRun, outputsAt, skipRows: false });
    const est = extrapolate(off, r);
    const loop = `${off.result.loopSeconds.toFixed(1)} s in the step loop`;
    const perStep = `per step ${(1000 * est.a).toFixed(1)} ms + ${(1000 * est.b).toFixed(1)} ms × f_U(t)`;
    say(`skipping off, ${off.result.lastStep} steps: ${loop}; ${perStep}`);
    const speedUp = `speed-up of row skipping ${(est.total / r.loopSeconds).toFixed(2)}x`;
    say(`  extrapolated to the whole run: ${est.total.toFixed(0)} s; ${speedUp}`);
  }
  return "";
}

const say = (s: string) => process.stderr.write(s + "\n");

/** The run with row skipping: its time, and per phase of the run the time per step and the rows evaluated. */
function reportPhases(on: { result: TrainResult; doneAt: number[] }): void {
  const r = on.result;
  const wall = `${r.wallSeconds.toFixed(1)} s wall (${r.loopSeconds.toFixed(1)} s in the step loop)`;
  say(`with row skipping: ${wall}, ${r.message}`);
  const start = on.doneAt[r.lastStep] - r.loopSeconds; // doneAt[t]: when θ(t) was reached
  for (const [lo, hi] of PHASES) {
    const end = Math.min(hi, r.lastStep);
    if (lo >= end) break;
    let evaluated = 0;
    for (let t = lo; t < end; t++) evaluated += r.history.evaluated[t];
    const seconds = on.doneAt[end] - (lo === 0 ? start : on.doneAt[lo]);
    const perStep = `${((1000 * seconds) / (end - lo)).toFixed(1)} ms/step`;
    const [ev, fU] = [evaluated / (end - lo), mean(r.history.fU, lo, end)];
    // f_U is the floor: a certificate that cleared every satisfied row would evaluate the unsatisfied ones only.
    const rows = `rows evaluated ${ev.toFixed(3)} of N, f_U ${fU.toFixed(3)} (${(ev / fU).toFixed(1)}x the floor f_U)`;
    say(`  t in [${lo}, ${end}): ${perStep}, ${rows}`);
  }
  say(
    `  whole run: rows evaluated ${mean(r.history.evaluated, 0, r.lastStep + 1).toFixed(3)} of the full forward work`,
  );
}

function mean(v: Float64Array, lo: number, hi: number): number {
  let s = 0;
  for (let t = lo; t < hi; t++) s += v[t];
  return s / (hi - lo);
}

/**
 * The skip-off run's loop time for the whole horizon: seconds per step a + b·f_U(t) fitted by least squares on its
 * measured steps (those without a test evaluation), applied to the skipping run's f_U(t), plus the measured test
 * evaluations scaled by the number of grid times.
 */
function extrapolate(
  off: { result: TrainResult; doneAt: number[] },
  full: TrainResult,
): { a: number; b: number; total: number } {
  const grid = new Set(off.result.grid.t);
  const xs: number[] = [],
    ys: number[] = [],
    testCost: number[] = [];
  for (let t = 1; t < off.result.lastStep; t++) {
    const dt = off.doneAt[t + 1] - off.doneAt[t]; // the time of step t: from θ(t) to θ(t + 1)
    if (grid.has(t) && off.result.lastStep > 2 * grid.size)
      testCost.push(dt); // (short runs: every step is on it)
    else {
      xs.push(off.result.history.fU[t]);
      ys.push(dt);
    }
  }
  const [mx, my] = [xs.reduce((s, x) => s + x, 0) / xs.length, ys.reduce((s, y) => s + y, 0) / ys.length];
  let sxy = 0,
    sxx = 0;
  xs.forEach((x, k) => {
    sxy += (x - mx) * (ys[k] - my);
    sxx += (x - mx) ** 2;
  });
  const b = sxx > 0 ? sxy / sxx : 0;
  const a = my - b * mx;
  let total = 0;
  for (let t = 0; t <= full.lastStep; t++) total += a + b * full.history.fU[t];
  const perTest = testCost.length ? testCost.reduce((s, x) => s + x, 0) / testCost.length - a - b * mx : 0;
  return { a, b, total: total + Math.max(0, perTest) * full.grid.t.length };
}

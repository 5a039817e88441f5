/**
 * The trainer: exact full-batch (or minibatch) gradient descent on the paper's network, DESIGN.md
 * section 2, with streaming records (section 4). One object with explicit state; `run()` trains.
 */
import { teacherTask } from "../data/synthetic";
import { deriveSeed, Random } from "../random";
import { resolveConfig, type ResolvedConfig, type TrainConfig } from "./config";
import { loadEngine, type BackendName } from "./engine";
import { openPool, splitRows } from "./pool";
import type { StopReason, TrainResult } from "./result";
import { Batches } from "./batches";
import { Recorder, type Summed } from "./recorder";
import type { ShardStep } from "./shard";

export type TrainerState = "ready" | "running" | "done";

export class Trainer {
  readonly config: ResolvedConfig;
  state: TrainerState = "ready";
  private readonly options: TrainConfig;
  private final: TrainResult | undefined;
  private live: (() => TrainResult) | undefined;

  /** Validates the whole config (throws a ParameterError naming the field) before any work. */
  constructor(config: TrainConfig) {
    this.options = config;
    this.config = resolveConfig(config);
  }

  /** Everything recorded so far (the whole result once done); undefined before training starts. */
  get result(): TrainResult | undefined {
    return this.final ?? this.live?.();
  }

  /** Trains to the end, a fixed point, divergence, or an interrupt; resolves with everything recorded. */
  async run(): Promise<TrainResult> {
    if (this.state !== "ready") throw new Error("Trainer.run() can be called once; create a new Trainer to train again");
    this.state = "running";
    const stop = new AbortController();
    const abort = () => stop.abort();
    const handleSigint = this.options.handleSigint ?? true;
    if (handleSigint) process.on("SIGINT", abort);
    const external = this.options.signal;
    external?.addEventListener("abort", abort);
    if (external?.aborted) stop.abort();
    try {
      this.final = await this.loop(stop.signal);
      return this.final;
    } finally {
      if (handleSigint) process.off("SIGINT", abort);
      external?.removeEventListener("abort", abort);
      this.state = "done";
    }
  }

  private async loop(signal: AbortSignal): Promise<TrainResult> {
    const c = this.config;
    const started = performance.now();
    const data = this.options.data ?? teacherTask({ data: c.task as "gaussian", N: c.N, NTest: c.test, d: c.d, delta: c.delta, seed: c.seed, widths: c.widths });
    const backend: BackendName = (await loadEngine(c.backend ?? undefined)).backend;
    const { a, W } = this.initialParameters();
    const pool = await openPool({ x: data.x, y: data.y, xTest: data.xTest, yTest: data.yTest, d: c.d, M: c.M, alpha: c.alpha, h: c.h }, c.N, c.test, c.workers, backend);
    const rec = new Recorder(c, data);
    const onGrid = new Set(rec.gridTimes);
    const outputsAt = new Set(c.outputsAt);
    const batches = c.batchSize ? new Batches(c.N, c.batchSize, pool.size, deriveSeed(c.seed, "batches")) : null;
    let stopReason: StopReason = "completed";
    let message = `completed ${c.steps} steps`;
    let t = 0;
    let lastReport = 0;
    let loopStart = performance.now();
    this.live = () => rec.result(backend, pool.size, "interrupted", `in progress at step ${t}`, t, a, W, started, loopStart);
    const full = (backward: boolean, test: boolean) =>
      pool.step({ a, W, t, norm: c.N, backward, test, testOutputs: test && outputsAt.has(t) }).then((p) => {
        if (test && outputsAt.has(t)) rec.outputs(t, p);
        return sum(p, c);
      });
    try {
      await pool.initialize(a, W);
      loopStart = performance.now();
      for (t = 0; ; t++) {
        const last = t === c.steps;
        const grid = onGrid.has(t) || last;
        // Full batch: one pass gives the step's statistics and its gradient. Minibatch: the full set is
        // evaluated on the grid only; the step's statistics and gradient come from its batch.
        let s = batches && !grid ? undefined : await full(!batches && !last, grid);
        if (s && grid) rec.gridPoint(t, a, W, s);
        let g = s;
        if (batches && !last) {
          g = sum(await pool.step({ a, W, t, norm: c.batchSize!, backward: true, test: false }, batches.next()), c);
          s = g;
        }
        rec.step(t, s!);
        const stopAs = (reason: StopReason, why: string) => [stopReason, message] = [reason, why];
        if (!Number.isFinite(s!.hingeSum)) stopAs("diverged", `the loss became ${s!.hingeSum} at step ${t} (betaStar = ${c.betaStar} too large?)`);
        else if (!last && !batches && s!.unsatisfied === 0) stopAs("fixed-point", `every training example is satisfied at step ${t}: a fixed point of gradient descent`);
        else if (!last && signal.aborted) stopAs("interrupted", `interrupted at step ${t}; everything up to it is kept`);
        else if (!last) {
          rec.drive(t, g!);
          if (!update(a, W, g!, c)) stopAs("diverged", `parameters became NaN or infinite after step ${t} (betaStar = ${c.betaStar} too large?); kept the state before it`);
        }
        if (last || stopReason !== "completed") {
          if (!grid) rec.gridPoint(t, a, W, await full(false, true));
          break;
        }
        const now = performance.now();
        if (this.options.onProgress && now - lastReport > 1000 * (this.options.progressSeconds ?? 0.5)) {
          lastReport = now;
          this.options.onProgress(rec.progress(t + 1, (now - started) / 1000));
        }
        await new Promise((r) => setImmediate(r)); // let a live display, the kernel and SIGINT through
      }
      rec.satisfaction(await pool.satisfaction(), splitRows(c.N, pool.size));
    } finally {
      this.live = undefined;
      await pool.close();
    }
    const result = rec.result(backend, pool.size, stopReason, message, t, a, W, started, loopStart);
    this.options.onProgress?.(rec.progress(t, result.wallSeconds));
    return result;
  }

  private initialParameters(): { a: Float32Array; W: Float32Array } {
    const { M, d, seed } = this.config;
    if (this.options.init) return { a: Float32Array.from(this.options.init.a), W: Float32Array.from(this.options.init.W) };
    const rng = new Random(deriveSeed(seed, "init"));
    return { a: rng.fillNormal(new Float32Array(M)), W: rng.fillNormal(new Float32Array(M * d)) };
  }
}

/** Trains with `config` and returns the result (see Trainer for interrupting and partial results). */
export function train(config: TrainConfig): Promise<TrainResult> {
  return new Trainer(config).run();
}

/** Shard answers summed in shard order (float64 accumulation of the float32 partials). */
function sum(parts: ShardStep[], c: ResolvedConfig): Summed {
  const backward = parts.some((p) => p.SW.length > 0);
  const s: Summed = {
    rows: 0, unsatisfied: 0, errors: 0, hingeSum: 0, testErrors: 0,
    SA: new Float64Array(backward ? c.M : 0), SW: new Float64Array(backward ? c.M * c.d : 0),
  };
  for (const p of parts) {
    s.rows += p.rows;
    s.unsatisfied += p.unsatisfied;
    s.errors += p.errors;
    s.hingeSum += p.hingeSum;
    s.testErrors += Math.max(0, p.testErrors);
    for (let i = 0; i < p.SW.length; i++) s.SW[i] += p.SW[i];
  }
  return s;
}

/**
 * θ ← θ − β* ∇L: a_i += β* SA_i / M, w_i += β* a_i SW_i / M (old a and w in both), where
 * SA_i = Σ_U g relu(z_i) = SW_i · w_i. False (and nothing changed) if anything became non-finite.
 */
function update(a: Float32Array, W: Float32Array, g: Summed, c: ResolvedConfig): boolean {
  const { M, d, betaStar } = c;
  if (g.SW.length === 0) return true;
  for (let i = 0; i < M; i++) {
    let sa = 0;
    for (let j = 0; j < d; j++) sa += g.SW[i * d + j] * W[i * d + j];
    g.SA[i] = sa;
  }
  const newA = new Float32Array(M);
  const newW = new Float32Array(M * d);
  for (let i = 0; i < M; i++) {
    newA[i] = a[i] + (betaStar * g.SA[i]) / M;
    const k = (betaStar * a[i]) / M;
    for (let j = 0; j < d; j++) newW[i * d + j] = W[i * d + j] + k * g.SW[i * d + j];
    if (!Number.isFinite(newA[i])) return false;
  }
  for (let i = 0; i < newW.length; i++) if (!Number.isFinite(newW[i])) return false;
  a.set(newA);
  W.set(newW);
  return true;
}


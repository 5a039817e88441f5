/**
 * The trainer: exact full-batch (or minibatch) gradient descent on the paper's network (docs/design.md §2),
 * with exact row skipping (§3) and streaming records (§5). One object with explicit state; `run()` trains.
 */
import { teacherTask } from "../data/synthetic";
import { DEFAULTS } from "../defaults";
import { deriveSeed, Random } from "../random";
import { Batches } from "./batches";
import { modelParams, resolveConfig, type ResolvedConfig, type TrainConfig } from "./config";
import { loadEngine, type BackendName } from "./engine";
import { OutputDrift } from "./skipping/output-drift";
import { openPool, splitRows, type ShardPool } from "./pool";
import { Recorder, type Summed } from "./recorder";
import type { StopReason, TrainResult } from "./result";
import type { ShardStep, StepRequest } from "./shard";

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
    if (this.state !== "ready")
      throw new Error("Trainer.run() can be called once; create a new Trainer to train again");
    this.state = "running";
    const stop = new AbortController();
    const abort = () => stop.abort();
    const signals = (this.options.handleSigint ?? true) ? (["SIGINT", "SIGTERM"] as const) : [];
    for (const s of signals) process.on(s, abort);
    const external = this.options.signal;
    external?.addEventListener("abort", abort);
    if (external?.aborted) stop.abort();
    try {
      this.final = await this.loop(stop.signal);
      return this.final;
    } finally {
      for (const s of signals) process.off(s, abort);
      external?.removeEventListener("abort", abort);
      this.state = "done";
    }
  }

  private async loop(signal: AbortSignal): Promise<TrainResult> {
    const c = this.config;
    const started = performance.now();
    const backend: BackendName = (await loadEngine(c.backend ?? undefined)).backend;
    const { a, W } = this.initialParameters();
    const { pool, rec, wStar } = await this.open(backend);
    const run = new Run(c, pool, rec, a, W, wStar);
    let loopStart = performance.now();
    this.live = () =>
      rec.result({
        backend,
        workers: pool.size,
        stopReason: "interrupted",
        message: `in progress at step ${run.t}`,
        lastStep: run.t,
        a,
        W,
        started,
        loopStart,
      });
    let ended!: { reason: StopReason; message: string };
    try {
      await pool.initialize(a, W);
      loopStart = performance.now();
      let lastReport = 0;
      for (;;) {
        const stats = await run.evaluate();
        const end = run.stop(stats, signal) ?? (await run.update(stats));
        if (end) {
          ended = end;
          break;
        }
        const now = performance.now();
        if (
          this.options.onProgress &&
          now - lastReport > 1000 * (this.options.progressSeconds ?? DEFAULTS.progressSeconds)
        ) {
          lastReport = now;
          this.options.onProgress(rec.progress(run.t, (now - started) / 1000));
        }
        await new Promise((r) => setImmediate(r)); // let a live display, the kernel and SIGINT through
      }
      await run.finish();
    } finally {
      this.live = undefined;
      await pool.close();
    }
    const result = rec.result({
      backend,
      workers: pool.size,
      stopReason: ended.reason,
      message: ended.message,
      lastStep: run.t,
      a,
      W,
      started,
      loopStart,
    });
    this.options.onProgress?.(rec.progress(run.t, result.wallSeconds));
    return result;
  }

  /**
   * The data handed to the shards, and the records. Generated data is not kept here afterwards: for
   * large N the shards' copies are the only ones.
   */
  private async open(backend: BackendName): Promise<{ pool: ShardPool; rec: Recorder; wStar: Float64Array | null }> {
    const c = this.config;
    const { task, d, delta } = this.options.data ? { task: "gaussian" as const, d: c.d, delta: 0 } : modelParams(c);
    const data =
      this.options.data ?? teacherTask({ task, N: c.N, NTest: c.test, d, delta, seed: c.seed, widths: c.widths });
    const rec = new Recorder(c, data);
    const wStar = data.wStar ?? null;
    const pool = await openPool({
      data: {
        x: data.x,
        y: data.y,
        xTest: data.xTest,
        yTest: data.yTest,
        d: c.d,
        M: c.M,
        alpha: c.alpha,
        h: c.h,
        u: wStar,
      },
      N: c.N,
      NTest: c.test,
      workers: c.workers,
      backend,
    });
    return { pool, rec, wStar };
  }

  private initialParameters(): { a: Float32Array; W: Float32Array } {
    const { M, d, seed } = this.config;
    if (this.options.init)
      return { a: Float32Array.from(this.options.init.a), W: Float32Array.from(this.options.init.W) };
    const rng = new Random(deriveSeed(seed, "init"));
    return { a: rng.fillNormal(new Float32Array(M)), W: rng.fillNormal(new Float32Array(M * d)) };
  }
}

/** Trains with `config` and returns the result (see Trainer for interrupting and partial results). */
export function train(config: TrainConfig): Promise<TrainResult> {
  return new Trainer(config).run();
}

/**
 * One run's moving parts, step by step: evaluate (statistics, and the gradient before the last step),
 * stop (divergence, fixed point, interrupt, the last step) or update (θ ← θ − β*∇L), then the next t.
 */
class Run {
  /** The current step; θ(t) is (a, W). */
  t = 0;
  private readonly drift: OutputDrift | null;
  private readonly batches: Batches | null;
  private readonly grid: Set<number>;
  private readonly outputsAt: Set<number>;
  /** Whether θ(t) has its grid record. */
  private recorded = false;
  /** θ(t + 1) while it is checked, before it replaces θ(t). */
  private readonly nextA: Float32Array;
  private readonly nextW: Float32Array;

  constructor(
    private readonly c: ResolvedConfig,
    private readonly pool: ShardPool,
    private readonly rec: Recorder,
    private readonly a: Float32Array,
    private readonly W: Float32Array,
    wStar: Float64Array | null,
  ) {
    this.drift = c.skipRows ? new OutputDrift({ u: wStar, M: c.M, d: c.d, a0: a, W0: W }) : null;
    this.batches = c.batchSize
      ? new Batches({ N: c.N, batchSize: c.batchSize, shards: pool.size, seed: deriveSeed(c.seed, "batches") })
      : null;
    this.grid = new Set(rec.gridTimes);
    this.outputsAt = new Set(c.outputsAt);
    this.nextA = new Float32Array(a.length);
    this.nextW = new Float32Array(W.length);
  }

  private get last(): boolean {
    return this.t === this.c.steps;
  }

  /**
   * Step t's statistics, with its gradient unless it is the last step. Full batch: one pass over the
   * training set, with the test set on the grid. Minibatch: the whole training set on the grid only,
   * the statistics and the gradient from the step's batch.
   */
  async evaluate(): Promise<Summed> {
    const onGrid = this.grid.has(this.t) || this.last;
    this.recorded = false;
    let stats: Summed | undefined;
    if (!this.batches || onGrid) {
      stats = await this.pass({ norm: this.c.N, backward: !this.batches && !this.last, test: onGrid });
      if (onGrid) this.gridPoint(stats);
    }
    if (this.batches && !this.last)
      stats = await this.pass({ norm: this.c.batchSize!, backward: true, test: false }, this.batches.next());
    this.rec.step(this.t, stats!);
    return stats!;
  }

  /** How the run ends at this step, if it does. */
  stop(s: Summed, signal: AbortSignal): { reason: StopReason; message: string } | undefined {
    const { t, c } = this;
    if (!Number.isFinite(s.hingeSum))
      return {
        reason: "diverged",
        message: `the network's outputs or the loss became ${s.hingeSum} at step ${t} (float32 overflow: betaStar = ${c.betaStar} too large, or alpha = ${c.alpha} too small?); recorded up to step ${t}`,
      };
    if (this.last) return { reason: "completed", message: `completed ${c.steps} steps` };
    if (!this.batches && s.unsatisfied === 0)
      return {
        reason: "fixed-point",
        message: `every training example is satisfied at step ${t}: a fixed point of gradient descent`,
      };
    if (signal.aborted)
      return { reason: "interrupted", message: `interrupted at step ${t}; everything up to it is kept` };
    return undefined;
  }

  /**
   * θ ← θ − β* ∇L: a_i += β* SA_i / M, w_i += β* a_i SW_i / M (old a and w in both), where
   * SA_i = Σ_U g relu(z_i) = SW_i · w_i. Records the step's drives, then t + 1. Nothing changes
   * (and the run ends as diverged) if a parameter would become non-finite.
   */
  async update(g: Summed): Promise<{ reason: StopReason; message: string } | undefined> {
    const { M, d, betaStar } = this.c;
    const { a, W } = this;
    this.rec.drive(this.t, g);
    if (g.SW.length > 0) {
      const { nextA, nextW } = this;
      for (let i = 0; i < M; i++) {
        let sa = 0;
        for (let j = 0; j < d; j++) sa += g.SW[i * d + j] * W[i * d + j];
        nextA[i] = a[i] + (betaStar * sa) / M;
        const k = (betaStar * a[i]) / M;
        for (let j = 0; j < d; j++) nextW[i * d + j] = W[i * d + j] + k * g.SW[i * d + j];
      }
      if (!nextA.every(Number.isFinite) || !nextW.every(Number.isFinite))
        return {
          reason: "diverged",
          message: `parameters became NaN or infinite after step ${this.t} (betaStar = ${betaStar} too large?); kept the state before it`,
        };
      this.drift?.add(a, W, nextA, nextW);
      a.set(nextA);
      W.set(nextW);
    }
    this.t++;
    return undefined;
  }

  /** The last state's grid record (when the run stopped off the grid) and the satisfaction times. */
  async finish(): Promise<void> {
    if (!this.recorded) this.gridPoint(await this.pass({ norm: this.c.N, backward: false, test: true }));
    this.rec.satisfaction(await this.pool.satisfaction(), splitRows(this.c.N, this.pool.size));
  }

  private gridPoint(s: Summed): void {
    this.rec.gridPoint(this.t, this.a, this.W, s);
    this.recorded = true;
  }

  /** One request to every shard, their answers summed (and the test outputs recorded when asked for). */
  private async pass(req: Pick<StepRequest, "norm" | "backward" | "test">, rows?: Int32Array[]): Promise<Summed> {
    const testOutputs = req.test && this.outputsAt.has(this.t);
    const parts = await this.pool.step(
      { ...req, a: this.a, W: this.W, t: this.t, drift: this.drift?.state ?? null, testOutputs },
      rows,
    );
    if (testOutputs) this.rec.outputs(this.t, parts);
    return sum(parts, this.c);
  }
}

/** Shard answers summed in shard order (float64 accumulation of the shards' partial sums). */
function sum(parts: ShardStep[], c: ResolvedConfig): Summed {
  const backward = parts.some((p) => p.SW.length > 0);
  const s: Summed = {
    rows: 0,
    evaluated: 0,
    unsatisfied: 0,
    errors: 0,
    hingeSum: 0,
    testErrors: 0,
    testEvaluated: 0,
    SW: new Float64Array(backward ? c.M * c.d : 0),
  };
  for (const p of parts) {
    s.rows += p.rows;
    s.evaluated += p.evaluated;
    s.unsatisfied += p.unsatisfied;
    s.errors += p.errors;
    s.hingeSum += p.hingeSum;
    s.testErrors += Math.max(0, p.testErrors);
    s.testEvaluated += p.testEvaluated;
    for (let i = 0; i < p.SW.length; i++) s.SW[i] += p.SW[i];
  }
  return s;
}

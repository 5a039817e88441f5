/**
 * The trainer: exact full-batch (or minibatch) gradient descent on the paper's network, DESIGN.md
 * section 2, with streaming records (section 4). One object with explicit state; `run()` trains.
 */
import { teacherTask, type Dataset } from "../data/synthetic";
import { deriveSeed, Random } from "../random";
import { logTimes } from "../theory/summary";
import { resolveConfig, type Progress, type ResolvedConfig, type TrainConfig } from "./config";
import { loadEngine, type BackendName } from "./engine";
import { openPool, splitRows } from "./pool";
import type { Grid, History, StopReason, TrainResult } from "./result";
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
interface Summed {
  rows: number;
  unsatisfied: number;
  errors: number;
  hingeSum: number;
  testErrors: number;
  SA: Float64Array;
  SW: Float64Array;
}

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

/** Minibatch order: a fresh permutation each epoch from the seed, cut into batches, split by shard. */
class Batches {
  private perm: Int32Array;
  private pos: number;
  private readonly rng: Random;
  private readonly ranges: [number, number][];
  constructor(private readonly N: number, private readonly B: number, shards: number, seed: number) {
    this.rng = new Random(seed);
    this.perm = new Int32Array(N);
    this.pos = N;
    this.ranges = splitRows(N, shards);
  }
  next(): Int32Array[] {
    if (this.pos + this.B > this.N) this.shuffle();
    const batch = this.perm.slice(this.pos, this.pos + this.B).sort();
    this.pos += this.B;
    return this.ranges.map(([lo, hi]) => batch.filter((i) => i >= lo && i < hi).map((i) => i - lo));
  }
  private shuffle() {
    for (let i = 0; i < this.N; i++) this.perm[i] = i;
    for (let i = this.N - 1; i > 0; i--) {
      const j = Math.floor(this.rng.uniform() * (i + 1));
      [this.perm[i], this.perm[j]] = [this.perm[j], this.perm[i]];
    }
    this.pos = 0;
  }
}

/** Streaming records: O(T) scalars per step, O(M) per grid time, O(N) per example. */
class Recorder {
  readonly gridTimes: number[];
  private readonly history: History;
  private readonly grid: Grid = { t: [], testError: [], trainError: [], a: [], wPar: [], wPerp: [] };
  private readonly satisfactionTime: Int32Array;
  private readonly xPar: Float32Array;
  private readonly testOutputs: TrainResult["testOutputs"];
  private lastTest = NaN;

  constructor(private readonly c: ResolvedConfig, private readonly data: Dataset) {
    const T = c.steps + 1;
    const series = () => new Float64Array(T).fill(NaN);
    this.history = { trainError: series(), loss: series(), fU: series(), Ipar: series(), Jperp: series() };
    this.gridTimes = [...new Set([...logTimes(c.steps, c.gridSize), ...c.snapshots, ...c.outputsAt].filter((s) => s <= c.steps))].sort((x, y) => x - y);
    this.satisfactionTime = new Int32Array(c.N).fill(-1);
    this.xPar = project(data.x, c.N, c.d, data.wStar);
    const norms = new Float32Array(c.outputsAt.length ? c.test : 0);
    for (let n = 0; n < norms.length; n++) for (let j = 0; j < c.d; j++) norms[n] += data.xTest[n * c.d + j] ** 2;
    this.testOutputs = { t: [], f: [], nodeSpread: [], xPar: c.outputsAt.length ? project(data.xTest, c.test, c.d, data.wStar) : new Float32Array(0), xNorm2: norms };
  }

  outputs(t: number, parts: ShardStep[]) {
    const { M, test } = this.c;
    const f = new Float32Array(test);
    const spread = new Float32Array(test);
    let k = 0;
    for (const p of parts) {
      const sq = p.testSquares ?? new Float32Array(0);
      (p.testOutputs ?? []).forEach((v, j) => {
        const mean = v / M; // the mean node contribution is f itself
        spread[k] = Math.sqrt(Math.max(0, sq[j] / M - mean * mean) / M);
        f[k++] = mean;
      });
    }
    this.testOutputs.t.push(t);
    this.testOutputs.f.push(f);
    this.testOutputs.nodeSpread.push(spread);
  }

  step(t: number, s: Summed) {
    const { alpha } = this.c;
    this.history.trainError[t] = s.errors / s.rows;
    this.history.loss[t] = s.hingeSum / (s.rows * alpha * alpha);
    this.history.fU[t] = s.unsatisfied / s.rows;
  }

  /** The measured drives from the summed SW = Σ_U g 1[z>0] x/√d with g = y/(Nα): v_i = α √d SW_i. */
  drive(t: number, g: Summed) {
    const w = this.data.wStar;
    const { M, d, alpha } = this.c;
    if (!w || g.SW.length === 0) {
      this.history.Ipar[t] = g.SW.length === 0 ? 0 : NaN;
      this.history.Jperp[t] = g.SW.length === 0 ? 0 : NaN;
      return;
    }
    const scale = alpha * Math.sqrt(d);
    let I = 0, J = 0;
    for (let i = 0; i < M; i++) {
      let par = 0, sq = 0;
      for (let j = 0; j < d; j++) {
        const v = scale * g.SW[i * d + j];
        par += v * w[j];
        sq += v * v;
      }
      I += par;
      J += Math.sqrt(Math.max(0, sq - par * par));
    }
    this.history.Ipar[t] = I / M;
    this.history.Jperp[t] = J / M;
  }

  gridPoint(t: number, a: Float32Array, W: Float32Array, s: Summed) {
    const { M, d, test, N } = this.c;
    const w = this.data.wStar;
    const wPar = new Float32Array(M).fill(NaN);
    const wPerp = new Float32Array(M).fill(NaN);
    for (let i = 0; i < M; i++) {
      let sq = 0, par = 0;
      for (let j = 0; j < d; j++) {
        const v = W[i * d + j];
        sq += v * v;
        if (w) par += v * w[j];
      }
      if (w) {
        wPar[i] = par;
        wPerp[i] = Math.sqrt(Math.max(0, sq - par * par));
      }
    }
    this.lastTest = test > 0 ? s.testErrors / test : NaN;
    this.grid.t.push(t);
    this.grid.testError.push(this.lastTest);
    this.grid.trainError.push(s.rows === N ? s.errors / N : NaN);
    this.grid.a.push(a.slice());
    this.grid.wPar.push(wPar);
    this.grid.wPerp.push(wPerp);
  }

  satisfaction(parts: Int32Array[], ranges: [number, number][]) {
    parts.forEach((p, s) => this.satisfactionTime.set(p, ranges[s][0]));
  }

  /** `step`: steps done; the statistics are those of the last recorded state, θ(step − 1) or θ(step) at the end. */
  progress(step: number, seconds: number): Progress {
    const rate = step / Math.max(seconds, 1e-9);
    const g = this.grid;
    const last = Number.isNaN(this.history.trainError[step] ?? NaN) ? step - 1 : step;
    return {
      step,
      steps: this.c.steps,
      trainError: this.history.trainError[last] ?? NaN,
      testError: this.lastTest,
      fU: this.history.fU[last] ?? NaN,
      stepsPerSecond: rate,
      etaSeconds: (this.c.steps - step) / Math.max(rate, 1e-9),
      curve: { t: [...g.t], trainError: [...g.trainError], testError: [...g.testError] },
    };
  }

  result(
    backend: BackendName, workers: number, stopReason: StopReason, message: string, lastStep: number,
    a: Float32Array, W: Float32Array, started: number, loopStart: number,
  ): TrainResult {
    const cut = (v: Float64Array) => v.slice(0, lastStep + 1);
    const h = this.history;
    return {
      config: this.c,
      dataSource: this.data.source,
      backend,
      workers,
      stopReason,
      message,
      lastStep,
      wallSeconds: (performance.now() - started) / 1000,
      loopSeconds: (performance.now() - loopStart) / 1000,
      history: { trainError: cut(h.trainError), loss: cut(h.loss), fU: cut(h.fU), Ipar: cut(h.Ipar), Jperp: cut(h.Jperp) },
      grid: { ...this.grid, t: [...this.grid.t] },
      examples: { satisfactionTime: this.satisfactionTime.slice(), xPar: this.xPar, y: this.data.y },
      final: { a: a.slice(), W: W.slice() },
      wStar: this.data.wStar ?? null,
      testOutputs: this.testOutputs,
    };
  }
}

/** ŵ*·x for each of the n rows of x (NaN without ŵ*). */
function project(x: Float32Array, n: number, d: number, w?: Float64Array): Float32Array {
  const out = new Float32Array(n).fill(NaN);
  if (w)
    for (let r = 0; r < n; r++) {
      let p = 0;
      for (let j = 0; j < d; j++) p += w[j] * x[r * d + j];
      out[r] = p;
    }
  return out;
}

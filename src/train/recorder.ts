/** What the trainer records while it runs, in O(N + M·T_rec) memory. */
import type { Dataset } from "../data/synthetic";
import { logTimes } from "../theory/curves";
import type { Progress, ResolvedConfig } from "./config";
import type { BackendName } from "./engine";
import type { Grid, History, StopReason, TrainResult } from "./result";
import type { Satisfaction, ShardStep } from "./shard";
import { splitRow } from "./split";

/** Shard answers summed in shard order (float64 accumulation of the float32 partials). */
export interface Summed {
  rows: number;
  evaluated: number;
  unsatisfied: number;
  errors: number;
  hingeSum: number;
  testErrors: number;
  testEvaluated: number;
  SW: Float64Array;
}

/** How a run ended and its final state, for Recorder.result. */
export interface Ending {
  backend: BackendName;
  workers: number;
  stopReason: StopReason;
  message: string;
  /** Last step whose state was recorded. */
  lastStep: number;
  a: Float32Array;
  W: Float32Array;
  /** performance.now() at the call and at the start of the step loop. */
  started: number;
  loopStart: number;
}

/** Streaming records: O(T) scalars per step, O(M) per grid time, O(N) per example. */
export class Recorder {
  readonly gridTimes: number[];
  private readonly history: History;
  private readonly grid: Grid = { t: [], testError: [], trainError: [], a: [], wPar: [], wPerp: [] };
  private readonly lastUnsatisfied: Int32Array;
  private readonly firstSatisfied: Int32Array;
  private readonly xPar: Float32Array;
  private readonly testOutputs: TrainResult["testOutputs"];
  private lastTest = NaN;

  /** What the records need of the data (the inputs themselves are not kept: the shards own them). */
  private readonly data: Pick<Dataset, "wStar" | "y" | "source">;

  constructor(
    private readonly c: ResolvedConfig,
    data: Dataset,
  ) {
    this.data = { wStar: data.wStar, y: data.y, source: data.source };
    const T = c.steps + 1;
    const series = () => new Float64Array(T).fill(NaN);
    this.history = {
      trainError: series(),
      loss: series(),
      fU: series(),
      Ipar: series(),
      Jperp: series(),
      evaluated: series(),
    };
    this.gridTimes = [
      ...new Set([...logTimes(c.steps, c.gridSize), ...c.snapshots, ...c.outputsAt].filter((s) => s <= c.steps)),
    ].sort((x, y) => x - y);
    this.lastUnsatisfied = new Int32Array(c.N).fill(-1);
    this.firstSatisfied = new Int32Array(c.N).fill(-1);
    this.xPar = project(data.x, c.N, c.d, data.wStar);
    const norms = new Float32Array(c.outputsAt.length ? c.test : 0);
    for (let n = 0; n < norms.length; n++) for (let j = 0; j < c.d; j++) norms[n] += data.xTest[n * c.d + j] ** 2;
    this.testOutputs = {
      t: [],
      f: [],
      nodeSpread: [],
      xPar: c.outputsAt.length ? project(data.xTest, c.test, c.d, data.wStar) : new Float32Array(0),
      xNorm2: norms,
    };
  }

  outputs(t: number, parts: ShardStep[]): void {
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

  step(t: number, s: Summed): void {
    const { alpha } = this.c;
    this.history.trainError[t] = s.errors / s.rows;
    this.history.loss[t] = s.hingeSum / (s.rows * alpha * alpha);
    this.history.fU[t] = s.unsatisfied / s.rows;
    this.history.evaluated[t] = s.evaluated / s.rows;
  }

  /** The measured drives from the summed SW = Σ_U g 1[z>0] x/√d with g = y/(Nα): v_i = α √d SW_i. */
  drive(t: number, g: Summed): void {
    const w = this.data.wStar;
    const { M, d, alpha } = this.c;
    if (!w || g.SW.length === 0) {
      this.history.Ipar[t] = g.SW.length === 0 ? 0 : NaN;
      this.history.Jperp[t] = g.SW.length === 0 ? 0 : NaN;
      return;
    }
    const scale = alpha * Math.sqrt(d);
    let I = 0,
      J = 0;
    for (let i = 0; i < M; i++) {
      const { par, perp } = splitRow(g.SW, i, d, w, scale);
      I += par;
      J += perp;
    }
    this.history.Ipar[t] = I / M;
    this.history.Jperp[t] = J / M;
  }

  gridPoint(t: number, a: Float32Array, W: Float32Array, s: Summed): void {
    const { M, d, test, N } = this.c;
    const w = this.data.wStar;
    const wPar = new Float32Array(M).fill(NaN);
    const wPerp = new Float32Array(M).fill(NaN);
    for (let i = 0; w && i < M; i++) {
      const { par, perp } = splitRow(W, i, d, w);
      wPar[i] = par;
      wPerp[i] = perp;
    }
    this.lastTest = test > 0 ? s.testErrors / test : NaN;
    this.grid.t.push(t);
    this.grid.testError.push(this.lastTest);
    this.grid.trainError.push(s.rows === N ? s.errors / N : NaN);
    this.grid.a.push(a.slice());
    this.grid.wPar.push(wPar);
    this.grid.wPerp.push(wPerp);
  }

  satisfaction(parts: Satisfaction[], ranges: [number, number][]): void {
    parts.forEach((p, s) => {
      this.lastUnsatisfied.set(p.lastUnsatisfied, ranges[s][0]);
      this.firstSatisfied.set(p.firstSatisfied, ranges[s][0]);
    });
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
      evaluated: this.history.evaluated[last] ?? NaN,
      stepsPerSecond: rate,
      etaSeconds: step > 0 ? (this.c.steps - step) / rate : NaN, // unknown before the first step
      curve: { t: [...g.t], trainError: [...g.trainError], testError: [...g.testError] },
    };
  }

  result(e: Ending): TrainResult {
    const { lastStep, started, loopStart } = e;
    const cut = (v: Float64Array) => v.slice(0, lastStep + 1);
    const h = this.history;
    return {
      config: this.c,
      dataSource: this.data.source,
      backend: e.backend,
      workers: e.workers,
      stopReason: e.stopReason,
      message: e.message,
      lastStep,
      wallSeconds: (performance.now() - started) / 1000,
      loopSeconds: (performance.now() - loopStart) / 1000,
      history: {
        trainError: cut(h.trainError),
        loss: cut(h.loss),
        fU: cut(h.fU),
        Ipar: cut(h.Ipar),
        Jperp: cut(h.Jperp),
        evaluated: cut(h.evaluated),
      },
      grid: { ...this.grid, t: [...this.grid.t] },
      examples: {
        lastUnsatisfied: this.lastUnsatisfied.slice(),
        firstSatisfied: this.firstSatisfied.slice(),
        xPar: this.xPar,
        y: this.data.y,
      },
      final: { a: e.a.slice(), W: e.W.slice() },
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

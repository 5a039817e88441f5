/** What a training run returns: typed arrays of everything recorded, and how it ended. */
import type { BackendName } from "./engine";
import type { ResolvedConfig } from "./config";

export type StopReason = "completed" | "fixed-point" | "interrupted" | "diverged";

/** Per-step series, index = step t = 0..lastStep. */
export interface History {
  /** Training error, fraction with y F ≤ 0 (on the minibatch with batchSize). */
  trainError: Float64Array;
  /** Hinge loss (1/N) Σ relu(h − y α F) / α². */
  loss: Float64Array;
  /** Unsatisfied fraction f_U. */
  fU: Float64Array;
  /** Measured parallel drive: mean over nodes of v_i·ŵ*, v_i = (1/N) Σ_U θ(w_i·x) y x (SM (10)); NaN without ŵ*. */
  Ipar: Float64Array;
  /** Measured perpendicular drive: mean over nodes of |v_i − (v_i·ŵ*) ŵ*|, ≈ J/√N (SM (22)). */
  Jperp: Float64Array;
  /** Fraction of the training rows whose output was computed (the others were certified satisfied). */
  evaluated: Float64Array;
}

/** Per-node state and test error on the log-spaced time grid (plus t = 0, snapshots and the last step). */
export interface Grid {
  t: number[];
  /** Test error at each grid time (NaN without a test set). */
  testError: number[];
  /** Training error on the full training set at each grid time. */
  trainError: number[];
  /** a_i at each grid time (one Float32Array of length M per time). */
  a: Float32Array[];
  /** w∥_i = w_i·ŵ* at each grid time. */
  wPar: Float32Array[];
  /** |w⊥_i| at each grid time. */
  wPerp: Float32Array[];
}

export interface TrainResult {
  config: ResolvedConfig;
  /** Description of the data (task and seed, or the files). */
  dataSource: string;
  backend: BackendName;
  workers: number;
  stopReason: StopReason;
  /** One sentence on how the run ended. */
  message: string;
  /** Last step whose state was recorded: θ(lastStep) is `final`. */
  lastStep: number;
  /** Seconds in all, from the call to the end (data, engine start-up and training). */
  wallSeconds: number;
  /** Seconds spent in the step loop alone (what a benchmark divides by). */
  loopSeconds: number;
  history: History;
  grid: Grid;
  /**
   * Per training example: the first step at which it was satisfied and the last step at which it was unsatisfied
   * (−1: never; an example satisfied for good after first satisfied has lastUnsatisfied = firstSatisfied − 1),
   * and x∥ = ŵ*·x.
   */
  examples: { firstSatisfied: Int32Array; lastUnsatisfied: Int32Array; xPar: Float32Array; y: Float32Array };
  /** Parameters at lastStep: a (M) and W (M×d row-major). */
  final: { a: Float32Array; W: Float32Array };
  /** Teacher direction, when known. */
  wStar: Float64Array | null;
  /**
   * Network outputs f(x) (uncentred) on the test set at the `outputsAt` steps; `nodeSpread`: the standard
   * deviation over the M nodes of their contributions φ_i(x) = a_i relu(w_i·x/√d) divided by √M, i.e. the
   * spread of f(x) over independent M-node networks drawn from this population (SM (19)); x∥ and |x|² per example.
   */
  testOutputs: { t: number[]; f: Float32Array[]; nodeSpread: Float32Array[]; xPar: Float32Array; xNorm2: Float32Array };
}

/**
 * Where a run's arithmetic ran, in words: "wasm with 2 worker(s)", or for the engines that keep one shard in the
 * trainer's thread "onnxruntime on 2 thread(s)" (its own threads: the config's `workers`) and "webgpu".
 */
export function engineWords(r: Pick<TrainResult, "backend" | "workers" | "config">): string {
  if (r.backend === "onnxruntime") return `onnxruntime on ${r.config.workers} thread(s)`;
  if (r.backend === "webgpu") return "webgpu";
  return `${r.backend} with ${r.workers} worker(s)`;
}

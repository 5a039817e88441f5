/**
 * The paper's synthetic task: teacher labels y = sign(ŵ*·x) on Gaussian or sphere inputs, with a mislabeled fraction δ.
 */
import { DEFAULTS } from "../defaults";
import { checkAbove, checkInteger, ParameterError } from "../validate";
import { checkSeed, deriveSeed, Random, sampleIndices } from "../random";
import { checkDelta, checkDimension, checkTask, type DataKind } from "../theory/params";

/** Training and test data as plain typed arrays (row-major N×d inputs, ±1 labels). */
export interface Dataset {
  /** Training inputs, N×d row-major. */
  x: Float32Array;
  /** Training labels, ±1. */
  y: Float32Array;
  /** Test inputs, NTest×d row-major (may be empty). */
  xTest: Float32Array;
  /** Test labels, ±1 (never mislabeled). */
  yTest: Float32Array;
  N: number;
  NTest: number;
  d: number;
  /** Teacher direction ŵ* (unit vector) when known; w∥ and the measured drives are taken along it. */
  wStar?: Float64Array;
  /** Indices of the training examples whose label was flipped. */
  mislabeled?: Int32Array;
  /** Where the data came from, for the record. */
  source: string;
}

export interface TeacherTaskOptions {
  /** "gaussian" (x ~ N(0, I_d)) or "sphere" (x uniform on the unit sphere S^{d−1}). */
  task: DataKind;
  /** Training examples; integer >= 1. */
  N: number;
  /** Test examples; integer >= 0. */
  NTest: number;
  /** Input dimension; integer >= 2. */
  d: number;
  /** Fraction of training labels flipped (exactly round(δN) of them), in [0, 0.5); default 0. */
  delta?: number;
  /** Seed of the data (ŵ*, inputs, flipped labels). */
  seed: number;
  /**
   * Class widths [σ₊, σ₋] (beyond the paper; its SM 2.3 conjecture): every input of class ±1 is
   * scaled by σ±, which keeps the classes separable by ŵ* but makes one more spread out. Default [1, 1].
   */
  widths?: [number, number];
}

/** Draws the teacher task from the seed: ŵ*, then training inputs, test inputs, and the flipped labels. */
export function teacherTask(o: TeacherTaskOptions): Dataset {
  if (o === null || typeof o !== "object")
    throw new ParameterError("options", "a TeacherTaskOptions object { task, N, NTest, d }", o);
  const task = checkTask(o.task);
  checkInteger("N", o.N, 1);
  checkInteger("NTest", o.NTest, 0);
  checkDimension(o.d);
  const delta = checkDelta(o.delta);
  checkSeed("seed", o.seed);
  const widths = o.widths ?? DEFAULTS.widths;
  widths.forEach((w, i) => checkAbove(`widths[${i}]`, w, 0));
  const rng = new Random(deriveSeed(o.seed, "teacher"));
  const wStar = rng.fillNormal(new Float64Array(o.d));
  const norm = Math.hypot(...wStar);
  wStar.forEach((v, i) => (wStar[i] = v / norm));
  const train = labelled(o.N, o.d, task, wStar, new Random(deriveSeed(o.seed, "train")), widths);
  const test = labelled(o.NTest, o.d, task, wStar, new Random(deriveSeed(o.seed, "test")), widths);
  const flips = Math.round(delta * o.N);
  const mislabeled = sampleIndices(o.N, flips, new Random(deriveSeed(o.seed, "mislabel")));
  for (const i of mislabeled) train.y[i] = -train.y[i];
  return {
    x: train.x,
    y: train.y,
    xTest: test.x,
    yTest: test.y,
    N: o.N,
    NTest: o.NTest,
    d: o.d,
    wStar,
    mislabeled,
    source: `${task} teacher task (seed ${o.seed}${delta ? `, δ = ${delta}` : ""}${o.widths ? `, class widths σ₊ = ${widths[0]}, σ₋ = ${widths[1]}` : ""})`,
  };
}

/** n inputs of the task with their teacher labels, each scaled by its class width. */
function labelled(
  n: number,
  d: number,
  task: DataKind,
  wStar: Float64Array,
  rng: Random,
  widths: readonly [number, number],
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    rng.fillNormal(row);
    let proj = 0;
    for (let j = 0; j < d; j++) proj += row[j] * wStar[j];
    y[i] = proj >= 0 ? 1 : -1;
    const scale = (task === "sphere" ? 1 / Math.hypot(...row) : 1) * widths[y[i] > 0 ? 0 : 1];
    for (let j = 0; j < d; j++) x[i * d + j] = Math.fround(row[j] * scale);
  }
  return { x, y };
}

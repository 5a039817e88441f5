/**
 * NumPy .npy files (format versions 1.0, 2.0, 3.0): read and write typed arrays with their shape.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { readFileSync, writeFileSync } from "node:fs";

export type NpyArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array;

/** A typed array, its shape, and the dtype string it was stored with. */
export interface Npy<T extends NpyArray = NpyArray> {
  data: T;
  shape: number[];
  dtype: string;
}

const MAGIC = "\x93NUMPY";
const DTYPES: Record<string, { bytes: number; make: (buf: ArrayBuffer, off: number, n: number) => NpyArray }> = {
  f4: { bytes: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  f8: { bytes: 8, make: (b, o, n) => new Float64Array(b, o, n) },
  i4: { bytes: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  u4: { bytes: 4, make: (b, o, n) => new Uint32Array(b, o, n) },
  i2: { bytes: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  u2: { bytes: 2, make: (b, o, n) => new Uint16Array(b, o, n) },
  i1: { bytes: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  u1: { bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  b1: { bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  i8: { bytes: 8, make: (b, o, n) => new BigInt64Array(b, o, n) },
};

/** An error naming the file (or "buffer") and what is wrong with it. */
export class NpyFormatError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: not a valid .npy file: ${problem}`);
    this.name = "NpyFormatError";
  }
}

/** What a .npy header says, and where the data starts. */
export interface NpyHeader {
  dtype: string;
  shape: number[];
  fortran: boolean;
  /** Bytes per element. */
  itemBytes: number;
  /** Offset of the first data byte. */
  dataOffset: number;
}

/** Parses the header of .npy bytes (the data itself may be absent: a prefix of the file is enough). */
export function parseNpyHeader(bytes: Uint8Array, source = "buffer"): NpyHeader {
  const fail = (p: string) => new NpyFormatError(source, p);
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 6)) !== MAGIC) throw fail("bad magic string");
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(`unsupported format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) throw fail("truncated header");
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + headerLen > bytes.length) throw fail("truncated header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw fail(`unreadable header ${JSON.stringify(header.trim())}`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) throw fail(`bad shape (${shapeText})`);
  const kind = DTYPES[descr.slice(1)];
  if (!kind || (descr[0] === ">" && kind.bytes > 1))
    throw fail(`unsupported dtype '${descr}' (little-endian f4 f8 i1 i2 i4 i8 u1 u2 u4 b1 only)`);
  return { dtype: descr, shape, fortran: fortran === "True", itemBytes: kind.bytes, dataOffset: start + headerLen };
}

/** A typed array over `count` elements of `dtype` copied from `bytes` (aligned). */
export function typedArrayOf(dtype: string, bytes: Uint8Array, count: number): NpyArray {
  const kind = DTYPES[dtype.slice(1)];
  const copy = new Uint8Array(count * kind.bytes);
  copy.set(bytes.subarray(0, copy.length));
  return kind.make(copy.buffer, 0, count);
}

/** Parses .npy bytes. Little-endian dtypes only; Fortran-order arrays are transposed to C order. */
export function parseNpy(bytes: Uint8Array, source = "buffer"): Npy {
  const h = parseNpyHeader(bytes, source);
  const count = h.shape.reduce((a, b) => a * b, 1);
  const need = count * h.itemBytes;
  if (bytes.length - h.dataOffset < need) {
    throw new NpyFormatError(
      source,
      `truncated data: expected ${need} bytes for shape (${h.shape.join(", ")}), found ${bytes.length - h.dataOffset}`,
    );
  }
  let data = typedArrayOf(h.dtype, bytes.subarray(h.dataOffset), count);
  if (h.fortran && h.shape.length > 1) data = fortranToC(data, h.shape);
  return { data, shape: h.shape, dtype: h.dtype };
}

/** Reads a .npy file. */
export function readNpy(path: string): Npy {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EISDIR" ? "a folder, not a .npy file" : code === "ENOENT" ? "no such file" : code;
    throw new Error(`${path}: cannot read it (${why ?? (e as Error).message})`);
  }
  return parseNpy(bytes, path);
}

function fortranToC(src: NpyArray, shape: number[]): NpyArray {
  const out = new (src.constructor as new (n: number) => NpyArray)(src.length);
  const n = shape.length;
  const idx = new Array<number>(n).fill(0);
  for (let c = 0; c < src.length; c++) {
    // idx is the C-order multi-index of position c; its Fortran offset:
    let f = 0;
    for (let k = n - 1; k >= 0; k--) f = f * shape[k] + idx[k];
    (out as unknown as number[])[c] = (src as unknown as number[])[f];
    for (let k = n - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

function descrOf(data: NpyArray): string {
  if (data instanceof Float32Array) return "<f4";
  if (data instanceof Float64Array) return "<f8";
  if (data instanceof Int32Array) return "<i4";
  if (data instanceof Uint32Array) return "<u4";
  if (data instanceof Int16Array) return "<i2";
  if (data instanceof Uint16Array) return "<u2";
  if (data instanceof Int8Array) return "|i1";
  if (data instanceof BigInt64Array) return "<i8";
  return "|u1";
}

/** Serialises a typed array with the given shape (C order) as .npy version 1.0 bytes. */
export function formatNpy(data: NpyArray, shape: number[]): Uint8Array {
  if (!Array.isArray(shape)) throw new RangeError(`invalid shape; expected an array of integers >= 0, got ${shape}`);
  shape.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid shape[${k}]; expected an integer >= 0, got ${n}`);
  });
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`invalid shape; expected ${data.length} elements, got (${shape.join(", ")})`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descrOf(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += " ".repeat(pad % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...Buffer.from("NUMPY", "latin1"), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** Writes a .npy file. */
export function writeNpy(path: string, data: NpyArray, shape: number[]): void {
  writeFileSync(path, formatNpy(data, shape));
}

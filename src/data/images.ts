/**
 * Loaders for the official formats of MNIST and Fashion-MNIST (idx, gzipped or not), CIFAR-10 (binary
 * version) and ImageNet 32×32 (npz variant). Each reads only the first n images it is asked for, returns plain
 * typed data, and rejects a truncated, corrupt or wrong-format file with an error naming the file.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import { createReadStream } from "node:fs";
import { parseNpyHeader, typedArrayOf } from "./npy";
import { readZipMember } from "./zip";

/** n images as rows of `dim` bytes, with their original class labels. */
export interface Images {
  pixels: Uint8Array;
  labels: Int32Array;
  n: number;
  dim: number;
  /** The files read, for the record. */
  files: string[];
}

export class DataFormatError extends Error {
  /** `short`: the files are sound but hold fewer images of this set than were asked for. */
  constructor(
    file: string,
    problem: string,
    readonly short?: { set: "train" | "test"; available: number },
  ) {
    super(`${file}: ${problem}`);
    this.name = "DataFormatError";
  }
}

/** The first `length` bytes of a file, gunzipped on the fly when it ends in .gz (stops reading early). */
async function readPrefix(file: string, length: number): Promise<Buffer> {
  if (!file.endsWith(".gz")) {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(Math.min(length, fstatSync(fd).size));
      readSync(fd, buf, 0, buf.length, 0);
      return buf;
    } finally {
      closeSync(fd);
    }
  }
  const chunks: Buffer[] = [];
  let got = 0;
  const source = createReadStream(file);
  const gunzip = createGunzip();
  try {
    for await (const chunk of source.pipe(gunzip)) {
      chunks.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= length) break;
    }
  } catch (e) {
    throw new DataFormatError(file, `corrupt gzip stream (${(e as Error).message})`);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** The file as given or with .gz appended, whichever exists. */
function findFile(dir: string, name: string): string {
  for (const f of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(f)) return f;
  throw new DataFormatError(join(dir, name), "missing (also looked for .gz)");
}

// ---- MNIST and Fashion-MNIST: idx files, big-endian int32 headers; images magic 2051, labels magic 2049. ----

/** The first n images and labels of an MNIST or Fashion-MNIST set ("train" or "t10k"). */
export async function loadMnist(dir: string, set: "train" | "t10k", n: number): Promise<Images> {
  const imagesFile = findFile(dir, `${set}-images-idx3-ubyte`);
  const labelsFile = findFile(dir, `${set}-labels-idx1-ubyte`);
  const head = await readPrefix(imagesFile, 16);
  if (head.length < 16 || head.readInt32BE(0) !== 2051)
    throw new DataFormatError(
      imagesFile,
      `not an idx image file (magic ${head.length >= 4 ? head.readInt32BE(0) : "missing"}, expected 2051)`,
    );
  const [count, rows, cols] = [head.readInt32BE(4), head.readInt32BE(8), head.readInt32BE(12)];
  if (n > count)
    throw new DataFormatError(imagesFile, `holds ${count} images, ${n} were asked for`, {
      set: set === "train" ? "train" : "test",
      available: count,
    });
  const dim = rows * cols;
  const img = await readPrefix(imagesFile, 16 + n * dim);
  if (img.length < 16 + n * dim)
    throw new DataFormatError(
      imagesFile,
      `truncated: expected ${16 + n * dim} bytes for ${n} images, found ${img.length}`,
    );
  const lab = await readPrefix(labelsFile, 8 + n);
  if (lab.length < 8 || lab.readInt32BE(0) !== 2049)
    throw new DataFormatError(labelsFile, `not an idx label file (expected magic 2049)`);
  if (lab.readInt32BE(4) !== count)
    throw new DataFormatError(labelsFile, `holds ${lab.readInt32BE(4)} labels for ${count} images`);
  if (lab.length < 8 + n)
    throw new DataFormatError(labelsFile, `truncated: expected ${8 + n} bytes, found ${lab.length}`);
  const labels = Int32Array.from(lab.subarray(8, 8 + n));
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataFormatError(labelsFile, `label ${labels[bad]} at position ${bad} is not a digit 0-9`);
  return { pixels: new Uint8Array(img.subarray(16, 16 + n * dim)), labels, n, dim, files: [imagesFile, labelsFile] };
}

// ---- CIFAR-10 binary: records of 1 label byte + 3072 pixel bytes (R, G, B planes of 32×32). ----

const CIFAR_RECORD = 3073;
export const CIFAR_TRAIN_FILES = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`);
export const CIFAR_TEST_FILES = ["test_batch.bin"];

/** One file's contribution: up to `want` images. */
type ReadFile = (file: string, want: number) => Promise<{ pixels: Uint8Array; labels: Int32Array }>;

/** Reads files in order until n images are collected; names the last file when they hold fewer. */
async function collect(dir: string, files: readonly string[], set: string, n: number, read: ReadFile): Promise<Images> {
  const pixels = new Uint8Array(n * 3072);
  const labels = new Int32Array(n);
  const used: string[] = [];
  let k = 0;
  for (const name of files) {
    if (k >= n) break;
    const file = join(dir, name);
    if (!existsSync(file)) throw new DataFormatError(file, "missing");
    const part = await read(file, n - k);
    pixels.set(part.pixels, k * 3072);
    labels.set(part.labels, k);
    k += part.labels.length;
    used.push(file);
  }
  if (k < n)
    throw new DataFormatError(
      join(dir, files[files.length - 1]),
      `the ${set} files hold ${k} images, ${n} were asked for`,
      {
        set: set === "train" ? "train" : "test",
        available: k,
      },
    );
  return { pixels, labels, n, dim: 3072, files: used };
}

/**
 * The folder holding the batch files: `dir` itself, or the cifar-10-batches-bin/ that the official tarball unpacks to
 * inside it.
 */
export function cifar10Folder(dir: string): string {
  const unpacked = join(dir, "cifar-10-batches-bin");
  return !existsSync(join(dir, CIFAR_TRAIN_FILES[0])) && existsSync(unpacked) ? unpacked : dir;
}

/** The first n records from the CIFAR-10 batch files in order (in `dir` or its cifar-10-batches-bin/). */
export function loadCifar10(dir: string, set: "train" | "test", n: number): Promise<Images> {
  return collect(
    cifar10Folder(dir),
    set === "train" ? CIFAR_TRAIN_FILES : CIFAR_TEST_FILES,
    set,
    n,
    async (file, want) => {
      const fd = openSync(file, "r");
      try {
        const size = fstatSync(fd).size;
        if (size % CIFAR_RECORD !== 0)
          throw new DataFormatError(
            file,
            `size ${size} is not a whole number of ${CIFAR_RECORD}-byte records (truncated or not the binary version)`,
          );
        const take = Math.min(want, size / CIFAR_RECORD);
        const buf = Buffer.alloc(take * CIFAR_RECORD);
        readSync(fd, buf, 0, buf.length, 0);
        const pixels = new Uint8Array(take * 3072);
        const labels = new Int32Array(take);
        for (let r = 0; r < take; r++) {
          labels[r] = buf[r * CIFAR_RECORD];
          if (labels[r] > 9) throw new DataFormatError(file, `record ${r} has label ${labels[r]}, not a class 0-9`);
          pixels.set(buf.subarray(r * CIFAR_RECORD + 1, (r + 1) * CIFAR_RECORD), r * 3072);
        }
        return { pixels, labels };
      } finally {
        closeSync(fd);
      }
    },
  );
}

// ---- ImageNet 32×32 (Chrabaszcz et al. 2017), npz: data.npy uint8 N×3072, labels.npy 1..1000. ----

export const IMAGENET_TRAIN_FILES = Array.from({ length: 10 }, (_, k) => `train_data_batch_${k + 1}.npz`);
export const IMAGENET_VAL_FILES = ["val_data.npz"];

/** Rows [0, take) of one .npz member array, checked for dtype and width. */
async function npzRows(
  file: string,
  member: string,
  take: number,
  width: number,
): Promise<{ rows: Uint8Array | Int32Array; total: number }> {
  const read = async (length: number) => {
    const bytes = await readZipMember(file, member, length);
    if (!bytes) throw new DataFormatError(file, `has no ${member}`);
    return bytes;
  };
  const h = parseNpyHeader(await read(4096), `${file}:${member}`);
  const total = h.shape[0];
  if (h.fortran) throw new DataFormatError(file, `${member} is in Fortran order; expected C order`);
  const rowWidth = h.shape.slice(1).reduce((a, b) => a * b, 1);
  if (rowWidth !== width)
    throw new DataFormatError(file, `${member} has shape (${h.shape.join(", ")}); expected rows of ${width}`);
  const n = Math.min(take, total);
  const bytes = await read(h.dataOffset + n * width * h.itemBytes);
  if (bytes.length < h.dataOffset + n * width * h.itemBytes) throw new DataFormatError(file, `${member} is truncated`);
  const data = typedArrayOf(h.dtype, bytes.subarray(h.dataOffset), n * width);
  if (member === "data.npy") {
    if (h.dtype !== "|u1") throw new DataFormatError(file, `data.npy has dtype ${h.dtype}; expected uint8`);
    return { rows: data as Uint8Array, total };
  }
  return { rows: Int32Array.from(data as ArrayLike<number | bigint>, Number), total };
}

/** The first n images of ImageNet 32×32 ("train" batches in order, or "val"); labels stay 1..1000. */
export function loadImagenet32(dir: string, set: "train" | "val", n: number): Promise<Images> {
  return collect(dir, set === "train" ? IMAGENET_TRAIN_FILES : IMAGENET_VAL_FILES, set, n, async (file, want) => {
    const data = await npzRows(file, "data.npy", want, 3072);
    const lab = await npzRows(file, "labels.npy", want, 1);
    if (lab.total !== data.total)
      throw new DataFormatError(file, `labels.npy has ${lab.total} entries for ${data.total} images`);
    const bad = (lab.rows as Int32Array).findIndex((l) => l < 1 || l > 1000);
    if (bad >= 0) throw new DataFormatError(file, `label ${lab.rows[bad]} at position ${bad} is outside 1..1000`);
    return { pixels: data.rows as Uint8Array, labels: lab.rows as Int32Array };
  });
}

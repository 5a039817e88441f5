/** Tiny datasets in the exact official formats, written by the tests themselves. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { create } from "tar";
import { formatNpy } from "../../src/data/npy";

/** Deterministic pseudo-pixels: image k of a set, class `label`, brighter for even classes. */
function pixels(k: number, label: number, dim: number): Uint8Array {
  return Uint8Array.from({ length: dim }, (_, j) => ((k * 31 + j * 7) % 97) + (label % 2 === 0 ? 120 : 20));
}

/** MNIST idx files: train (gzipped) and t10k (plain), n images each of 28×28. */
export function writeMnist(dir: string, nTrain: number, nTest: number): void {
  mkdirSync(dir, { recursive: true });
  const idx = (n: number, gz: boolean, prefix: string) => {
    const img = Buffer.alloc(16 + n * 784);
    img.writeInt32BE(2051, 0);
    img.writeInt32BE(n, 4);
    img.writeInt32BE(28, 8);
    img.writeInt32BE(28, 12);
    const lab = Buffer.alloc(8 + n);
    lab.writeInt32BE(2049, 0);
    lab.writeInt32BE(n, 4);
    for (let k = 0; k < n; k++) {
      lab[8 + k] = k % 10;
      img.set(pixels(k, k % 10, 784), 16 + k * 784);
    }
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte${gz ? ".gz" : ""}`), gz ? gzipSync(img) : img);
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte${gz ? ".gz" : ""}`), gz ? gzipSync(lab) : lab);
  };
  idx(nTrain, true, "train");
  idx(nTest, false, "t10k");
}

/** CIFAR-10 binary batches: `perBatch` records in each of data_batch_1..5.bin and test_batch.bin. */
export function cifarFiles(perBatch: number): Record<string, Buffer> {
  const batch = (seed: number) => {
    const buf = Buffer.alloc(perBatch * 3073);
    for (let r = 0; r < perBatch; r++) {
      const label = (r + seed) % 10;
      buf[r * 3073] = label;
      buf.set(pixels(r + 100 * seed, label, 3072), r * 3073 + 1);
    }
    return buf;
  };
  const files: Record<string, Buffer> = {};
  for (let k = 1; k <= 5; k++) files[`data_batch_${k}.bin`] = batch(k);
  files["test_batch.bin"] = batch(9);
  return files;
}

export function writeCifar(dir: string, perBatch: number): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, buf] of Object.entries(cifarFiles(perBatch))) writeFileSync(join(dir, name), buf);
}

/** A ZIP archive (as np.savez writes: stored; or deflated as np.savez_compressed), by fflate. */
export function zip(members: Record<string, Uint8Array>, deflate: boolean): Buffer {
  const level = deflate ? 6 : 0;
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, [v, { level }]]))));
}

/** ImageNet 32×32 npz files: `perFile` images in each of train_data_batch_1..10.npz and val_data.npz. */
export function writeImagenet32(dir: string, perFile: number, deflate = false): void {
  mkdirSync(dir, { recursive: true });
  const file = (seed: number) => {
    const data = new Uint8Array(perFile * 3072);
    const labels = new BigInt64Array(perFile);
    for (let k = 0; k < perFile; k++) {
      const label = 1 + ((k * 97 + seed * 13) % 1000);
      labels[k] = BigInt(label);
      data.set(pixels(k + 1000 * seed, label <= 500 ? 0 : 1, 3072), k * 3072);
    }
    return zip({ "data.npy": formatNpy(data, [perFile, 3072]), "labels.npy": formatNpy(labels, [perFile]) }, deflate);
  };
  for (let k = 1; k <= 10; k++) writeFileSync(join(dir, `train_data_batch_${k}.npz`), file(k));
  writeFileSync(join(dir, "val_data.npz"), file(99));
}

/** A gzipped tar archive of the given files (like cifar-10-binary.tar.gz), by node-tar. */
export function tarGz(files: Record<string, Buffer>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "tar-fixture-"));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, "in", name)), { recursive: true });
    writeFileSync(join(dir, "in", name), data);
  }
  create(
    { gzip: true, sync: true, cwd: join(dir, "in"), file: join(dir, "out.tar.gz"), portable: true },
    Object.keys(files),
  );
  const archive = readFileSync(join(dir, "out.tar.gz"));
  rmSync(dir, { recursive: true, force: true });
  return archive;
}

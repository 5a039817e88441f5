/** Tiny datasets in the exact official formats, written by the tests themselves. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import { formatNpy } from "../../src/index";

/** Deterministic pseudo-pixels: image k of a set, class `label`, brighter for even classes. */
function pixels(k: number, label: number, dim: number): Uint8Array {
  return Uint8Array.from({ length: dim }, (_, j) => ((k * 31 + j * 7) % 97) + (label % 2 === 0 ? 120 : 20));
}

/** MNIST idx files: train (gzipped) and t10k (plain), n images each of 28×28. */
export function writeMnist(dir: string, nTrain: number, nTest: number) {
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

export function writeCifar(dir: string, perBatch: number) {
  mkdirSync(dir, { recursive: true });
  for (const [name, buf] of Object.entries(cifarFiles(perBatch))) writeFileSync(join(dir, name), buf);
}

/** A ZIP archive (as np.savez writes: stored; or deflated as np.savez_compressed). */
export function zip(members: Record<string, Uint8Array>, deflate: boolean): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, raw] of Object.entries(members)) {
    const data = deflate ? deflateRawSync(raw) : Buffer.from(raw);
    const nameBuf = Buffer.from(name);
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** ImageNet 32×32 npz files: `perFile` images in each of train_data_batch_1..10.npz and val_data.npz. */
export function writeImagenet32(dir: string, perFile: number, deflate = false) {
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

/** A POSIX ustar archive of the given files, gzipped (like cifar-10-binary.tar.gz). */
export function tarGz(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write("0000644\0", 100);
    h.write("0000000\0", 108);
    h.write("0000000\0", 116);
    h.write(data.length.toString(8).padStart(11, "0") + "\0", 124);
    h.write("00000000000\0", 136);
    h.write("        ", 148);
    h.write("0", 156);
    h.write("ustar\0" + "00", 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

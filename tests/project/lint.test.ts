/**
 * `npm run lint` reads only the project's own code: folders a machine adds (.venv, .jupyter, runs, out, a
 * user's scratch folder) can hold any JavaScript without failing `npm test`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = join(__dirname, "..", "..");
const FOREIGN = "var unused = 1\nfunction f(a) { return eval('a') }\n".repeat(50) + "x".repeat(200) + "\n";

test("lint passes with .venv/, .jupyter/, runs/, out/ and a scratch folder full of foreign JavaScript", () => {
  const probe = `lint-probe-${process.pid}`;
  const planted = [".venv", ".jupyter", "runs", "out", "dist", probe].map((dir) => join(root, dir, probe, "bundle.js"));
  try {
    for (const file of planted) {
      mkdirSync(join(file, ".."), { recursive: true });
      writeFileSync(file, FOREIGN);
      writeFileSync(file.replace(/\.js$/, ".ts"), FOREIGN);
    }
    const r = spawnSync("npm", ["run", "-s", "lint"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(probe));
  } finally {
    for (const file of planted) rmSync(join(file, ".."), { recursive: true, force: true });
    rmSync(join(root, probe), { recursive: true, force: true });
  }
});

test("the lint still fails on a problem in the project's own code (the check above can fail)", () => {
  const file = join(root, "tests", `lint-probe-${process.pid}.ts`); // not src/: a build running beside would emit it
  try {
    writeFileSync(file, "export const unused = (a: any) => { const b = 1; return a; };\n");
    const r = spawnSync(
      process.execPath,
      [join(root, "node_modules", "eslint", "bin", "eslint.js"), "--max-warnings", "0", file],
      { cwd: root, encoding: "utf8" },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /no-unused-vars|no-explicit-any/);
  } finally {
    rmSync(file, { force: true });
  }
});

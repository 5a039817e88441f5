/** Stored-SVG comparison for the figure tests: UPDATE_SNAPSHOTS=1 rewrites the stored files. */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SNAPSHOTS = join(__dirname, "..", "plot", "snapshots");

export function matchSnapshot(name: string, svg: string): string {
  const file = join(SNAPSHOTS, `${name}.svg`);
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, svg);
    if (!process.env.UPDATE_SNAPSHOTS) assert.fail(`snapshot ${file} was missing and has been written; rerun`);
  }
  assert.equal(svg, readFileSync(file, "utf8"), `SVG differs from ${file} (UPDATE_SNAPSHOTS=1 to accept)`);
  return svg;
}

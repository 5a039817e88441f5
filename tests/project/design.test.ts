/** docs/design.md is the project's own design: every citation of it in the code points at a section it has. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = join(__dirname, "..", "..");
const sections = new Set(
  [...readFileSync(join(root, "docs", "design.md"), "utf8").matchAll(/^## (\d+)\. /gm)].map((m) => m[1]),
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|md|ipynb)$/.test(name) ? [path] : [];
  });
}

test("every 'docs/design.md §n' in src, tests, scripts, notebooks and the README names an existing section", () => {
  assert.ok(sections.size >= 6, `sections: ${[...sections]}`);
  const cited: string[] = [];
  for (const file of [
    ...["src", "tests", "scripts", "notebooks"].flatMap((d) => files(join(root, d))),
    join(root, "README.md"),
  ]) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /DESIGN\.md/, `${relative(root, file)} cites a design file the repository does not have`);
    for (const m of text.matchAll(/design\.md §(\d+)/g)) {
      cited.push(m[1]);
      assert.ok(sections.has(m[1]), `${relative(root, file)} cites docs/design.md §${m[1]}, which does not exist`);
    }
  }
  assert.ok(cited.length >= 15, `only ${cited.length} citations found`);
});

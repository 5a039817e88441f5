/**
 * The public API as a notebook author meets it: a few namespaces, the notebook helpers at the top, and every
 * `hd.…` that the notebooks, the README and the probe script call exists.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as hd from "../../src/index";

const root = join(__dirname, "..", "..");
const NAMESPACES = ["theory", "train", "data", "analysis", "plot"] as const;

/** Every `hd.name` or `hd.namespace.name` in a text. */
const calls = (text: string) => [...text.matchAll(/\bhd\.(\w+)(?:\.(\w+))?/g)].map((m) => [m[1], m[2]] as const);

test("the top level holds the notebook helpers and five namespaces, each a short list", () => {
  for (const ns of NAMESPACES) assert.equal(typeof hd[ns], "object", `hd.${ns}`);
  const top = Object.keys(hd).filter((k) => !(NAMESPACES as readonly string[]).includes(k));
  assert.ok(top.length <= 55, `${top.length} names at the top level`);
  for (const ns of NAMESPACES) assert.ok(Object.keys(hd[ns]).length <= 60, `hd.${ns}: ${Object.keys(hd[ns]).length}`);
  // Formats and plumbing stay internal.
  const all = [...top, ...NAMESPACES.flatMap((ns) => Object.keys(hd[ns]))];
  for (const internal of ["readNpy", "writeNpy", "toSvg", "toPng", "figuresDir", "parseNpy"])
    assert.ok(!all.includes(internal), `${internal} is public`);
});

test("every hd.… a notebook, the README or a script calls is exported", () => {
  const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  const sources = [
    ...notebooks.map((f) =>
      (
        JSON.parse(readFileSync(join(root, "notebooks", f), "utf8")) as {
          cells: { cell_type: string; source: string[] }[];
        }
      ).cells
        .filter((c) => c.cell_type === "code")
        .map((c) => c.source.join(""))
        .join("\n"),
    ),
    readFileSync(join(root, "README.md"), "utf8"),
    readFileSync(join(root, "scripts", "probe-inputs.mjs"), "utf8"),
  ];
  let count = 0;
  for (const [name, member] of sources.flatMap(calls)) {
    count++;
    const value = (hd as Record<string, unknown>)[name];
    assert.ok(value !== undefined, `hd.${name} is not exported`);
    if (member !== undefined && (NAMESPACES as readonly string[]).includes(name))
      assert.ok((value as Record<string, unknown>)[member] !== undefined, `hd.${name}.${member} is not exported`);
  }
  assert.ok(count > 100, `only ${count} calls found`);
});

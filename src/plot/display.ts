/**
 * The thin glue between figures and a notebook: render, show inline through tslab's display API,
 * and keep a copy under out/figures/. Outside a tslab kernel the inline part is skipped.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { toSvg } from "./render";

export interface TslabDisplay {
  svg(s: string): void;
  markdown(s: string): void;
  html(s: string): void;
}

interface Tslab {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/** The tslab module, when this process is a running tslab kernel; undefined elsewhere. */
function tslab(): Tslab | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    if (jupyter.lastWriteDisplayData == null) return undefined; // not inside a running kernel
    return require("tslab") as Tslab;
  } catch {
    return undefined;
  }
}

function tslabDisplay(): TslabDisplay | undefined {
  return tslab()?.display;
}

/** A display entry that later calls overwrite in place (tslab's newDisplay), when in a kernel. */
export function newDisplay(): TslabDisplay | undefined {
  return tslab()?.newDisplay();
}

/** Where figures are written: $HINGE_OUT_DIR/figures, default <package root>/out/figures. */
export function figuresDir(): string {
  return join(process.env.HINGE_OUT_DIR ? resolve(process.env.HINGE_OUT_DIR) : resolve(__dirname, "..", "..", "out"), "figures");
}

/** Renders a figure, shows it inline, and (with a name) saves it as out/figures/<name>.svg. */
export async function show(spec: TopLevelSpec, name?: string): Promise<void> {
  const svg = await toSvg(spec);
  if (name) {
    const dir = figuresDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.svg`), svg);
  }
  tslabDisplay()?.svg(svg);
}

/** Shows Markdown inline (a table, a sentence with the measured numbers). */
export function showMarkdown(md: string): void {
  const d = tslabDisplay();
  if (d) d.markdown(md);
  else console.log(md);
}

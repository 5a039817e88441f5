/**
 * Showing figures and text in a notebook so that every viewer shows them: each output carries a PNG (shown
 * by every Jupyter, trusted or not, by nbconvert, GitHub and VS Code), the Vega-Lite spec (JupyterLab draws
 * it with Vega's own renderer: tooltips, zoom) and a text description; Markdown comes with an HTML
 * rendering (which untrusted notebooks show, sanitised) and itself as plain text. Figures are also saved
 * under out/figures/ as SVG and PNG.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { frontend, newDisplayId, type MimeBundle } from "./frontend";
import { animatedPng, animationBundle } from "./animation";
import { panelsOf, toPng, toSvg } from "./render";
import { packagePath } from "../package-root";
import { makeDirs } from "../make-dirs";

/** Where figures are written: $HINGE_OUT_DIR/figures, default <package root>/out/figures. */
export function figuresDir(): string {
  return join(process.env.HINGE_OUT_DIR ? resolve(process.env.HINGE_OUT_DIR) : packagePath("out"), "figures");
}

/** The title of a spec, for the text description of its figure. */
function titleOf(spec: TopLevelSpec): string {
  const parts = panelsOf(spec);
  const titles = parts.map((s) => {
    const t = (s as { title?: string | { text?: string } }).title;
    return typeof t === "string" ? t : (t?.text ?? "");
  });
  return titles.filter(Boolean).join(" | ") || "figure";
}

/** A figure as a MIME bundle (PNG at twice the resolution, shown at its natural size) and its SVG. */
export async function figureBundle(
  spec: TopLevelSpec,
): Promise<{ data: MimeBundle; metadata: Record<string, object>; svg: string; png: Uint8Array }> {
  const svg = await toSvg(spec);
  const { png, width, height } = await toPng(svg);
  return {
    data: {
      "image/png": Buffer.from(png).toString("base64"),
      "application/vnd.vegalite.v5+json": spec as object,
      "text/plain": `[figure: ${titleOf(spec)}]`,
    },
    metadata: { "image/png": { width, height } },
    svg,
    png,
  };
}

/** Renders a figure, shows it inline, and (with a name) saves it as out/figures/<name>.svg and .png. */
export async function show(spec: TopLevelSpec, name?: string): Promise<void> {
  const figure = await figureBundle(spec);
  if (name) {
    const dir = figuresDir();
    makeDirs(dir);
    writeFileSync(join(dir, `${name}.svg`), figure.svg);
    writeFileSync(join(dir, `${name}.png`), figure.png);
  }
  await frontend()?.display(figure.data, figure.metadata);
}

/** Renders frames into an animated PNG, shows it inline, and (with a name) saves it as out/figures/<name>.png. */
export async function showAnimation(
  frames: TopLevelSpec[],
  description: string,
  name?: string,
  delayMs = 150,
): Promise<void> {
  const { png, width, height } = await animatedPng(frames, delayMs);
  if (name) {
    makeDirs(figuresDir());
    writeFileSync(join(figuresDir(), `${name}.png`), png);
  }
  const bundle = animationBundle(png, width, height, description);
  await frontend()?.display(bundle.data, bundle.metadata);
}

/** Markdown as HTML (tables, emphasis, code), for frontends that do not render untrusted Markdown. */
export function markdownToHtml(md: string): string {
  const { marked } = require("marked") as typeof import("marked");
  return marked.parse(md, { async: false, gfm: true });
}

/** The MIME bundle of a piece of Markdown: the Markdown, its HTML, and itself as plain text. */
export function markdownBundle(md: string): MimeBundle {
  return { "text/markdown": md, "text/html": markdownToHtml(md), "text/plain": md };
}

/**
 * Shows Markdown inline (a table, a sentence with the measured numbers); prints it outside a kernel.
 * Await it at the end of a cell: Deno's kernel sends outputs asynchronously.
 */
export async function showMarkdown(md: string): Promise<void> {
  const f = frontend();
  if (f) await f.display(markdownBundle(md));
  else console.log(md);
}

/** One output that later calls overwrite in place (live progress), when in a kernel. */
export interface LiveOutput {
  update(data: MimeBundle): Promise<void>;
}

export function newDisplay(): LiveOutput | undefined {
  const f = frontend();
  if (!f) return undefined;
  const id = newDisplayId();
  let shown = false;
  return {
    update(data) {
      const sent = f.display(data, {}, id, shown);
      shown = true;
      return sent;
    },
  };
}

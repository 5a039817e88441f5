/** Vega-Lite spec → SVG string, rendered headless in Node (no canvas, no browser). */
import type { TopLevelSpec } from "vega-lite";

/** Vega and Vega-Lite are ES modules only; this CommonJS package loads them on first use. */
let libs: Promise<[typeof import("vega"), typeof import("vega-lite")]> | undefined;
function load() {
  libs ??= Promise.all([import("vega"), import("vega-lite")]);
  return libs;
}

/** Renders a Vega-Lite spec to a standalone SVG document; coordinates (not text) rounded to 2 decimals. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await load();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.replace(/<[^>]*>/g, (tag) => tag.replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100)));
  } finally {
    view.finalize();
  }
}

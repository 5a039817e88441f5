/**
 * Vega-Lite spec → SVG (rendered headless by Vega in Node: no canvas, no browser) → PNG (rasterised by
 * resvg, compiled to WebAssembly, with the DejaVu fonts shipped on npm, so every machine draws the same
 * pixels and no system font or native binary is needed).
 */
import { readFileSync } from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import { encode } from "upng-js";

/** Vega and Vega-Lite are ES modules only; this CommonJS package loads them on first use. */
let libs: Promise<[typeof import("vega"), typeof import("vega-lite")]> | undefined;
function load() {
  libs ??= Promise.all([import("vega"), import("vega-lite")]).then((l) => {
    useDejaVuWidths(l[0]);
    return l;
  });
  return libs;
}

/**
 * Without a canvas Vega guesses every character at 0.8 em, far wider than the DejaVu Sans the PNG is drawn
 * in: legends are cut short with "…" and figures padded with blank space. These are DejaVu Sans' advance
 * widths in em (bold about 10% wider), close enough for layout.
 */
function useDejaVuWidths(vega: typeof import("vega")): void {
  const narrow = new Set(" .,:;!|'ijlI()[]");
  const medium = new Set("frt-/");
  const wide = new Set("mwMW");
  const em = (ch: string) =>
    narrow.has(ch)
      ? 0.3
      : medium.has(ch)
        ? 0.42
        : wide.has(ch)
          ? 0.9
          : /[0-9]/.test(ch)
            ? 0.64
            : /[A-Z]/.test(ch)
              ? 0.7
              : 0.6;
  const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as {
    width: (item: { fontSize?: number; fontWeight?: string | number }, text: unknown) => number;
  };
  metrics.width = (item, text) => {
    const value = Array.isArray(text) ? text.join(" ") : String(text ?? "");
    const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600 ? 1.1 : 1;
    let w = 0;
    for (const ch of value) w += em(ch);
    return w * (item.fontSize ?? 11) * bold;
  };
}

/** Vega-Lite's notes about channels a mark ignores (shape on lines) are not for the reader: errors only. */
const quiet = {
  level: () => quiet,
  error: (...a: unknown[]) => console.error(...a),
  warn: () => quiet,
  info: () => quiet,
  debug: () => quiet,
} as never;

/** The panels of a figure: those of an hconcat or concat, else the spec itself. */
export function panelsOf(spec: TopLevelSpec): TopLevelSpec[] {
  const s = spec as { hconcat?: TopLevelSpec[]; concat?: TopLevelSpec[] };
  return s.hconcat ?? s.concat ?? [spec];
}

/** Series listed in a spec's usermeta.hollow (and its concatenated parts') get open legend symbols. */
function hollowLegendSymbols<T extends { legends?: object[]; marks?: object[] }>(vega: T, spec: TopLevelSpec): T {
  const parts = panelsOf(spec) as { usermeta?: { hollow?: string[] } }[];
  const hollow = parts.flatMap((p) => p.usermeta?.hollow ?? []);
  if (hollow.length === 0) return vega;
  const patch = (legend: { fill?: string; encode?: { symbols?: { update?: object } } }) => {
    if (legend.fill !== "color" && !String(legend.fill).endsWith("_color")) return;
    const scale = legend.fill;
    legend.encode = {
      ...legend.encode,
      symbols: {
        ...legend.encode?.symbols,
        update: {
          ...legend.encode?.symbols?.update,
          fill: {
            signal: `indexof(${JSON.stringify(hollow)}, datum.value) >= 0 ? 'transparent' : scale('${scale}', datum.value)`,
          },
        },
      },
    };
  };
  const visit = (node: { legends?: object[]; marks?: object[] }) => {
    node.legends?.forEach((l) => patch(l as never));
    node.marks?.forEach((m) => visit(m as never));
  };
  visit(vega);
  return vega;
}

/** Renders a Vega-Lite spec to a standalone SVG document; coordinates (not text) rounded to 2 decimals. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await load();
  const compiled = hollowLegendSymbols(vl.compile(spec, { logger: quiet }).spec, spec);
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.replace(/<[^>]*>/g, (tag) =>
      tag.replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100)),
    );
  } finally {
    view.finalize();
  }
}

type Resvg = typeof import("@resvg/resvg-wasm");
let resvg: Promise<{ lib: Resvg; fonts: Uint8Array[] }> | undefined;
function rasteriser() {
  resvg ??= (async () => {
    const lib = require("@resvg/resvg-wasm") as Resvg;
    await lib.initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    const fonts = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"].map((f) =>
      readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${f}`)),
    );
    return { lib, fonts };
  })();
  return resvg;
}

/** Rasterises the SVG at `scale` device pixels per SVG pixel; `read` takes what it needs from the image. */
async function rasterise<T>(
  svg: string,
  scale: number,
  read: (image: { asPng(): Uint8Array; pixels: Uint8Array; width: number; height: number }) => T,
): Promise<T & { width: number; height: number }> {
  const { lib, fonts } = await rasteriser();
  const r = new lib.Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      fontBuffers: fonts,
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  const [width, height] = [r.width, r.height];
  const image = r.render();
  try {
    return { ...read(image), width, height };
  } finally {
    image.free();
    r.free();
  }
}

/**
 * A PNG of the SVG at `scale` device pixels per SVG pixel, with its size in SVG (CSS) pixels; with `colours`,
 * reduced to a palette of that many (a chart loses nothing visible at 256, and the file shrinks about 3×).
 */
export function toPng(
  svg: string,
  scale = 2,
  colours = 256,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  return rasterise(svg, scale, (image) => {
    if (!colours) return { png: image.asPng() };
    const pixels = image.pixels.slice();
    return { png: new Uint8Array(encode([pixels.buffer], image.width, image.height, colours)) };
  });
}

/** The RGBA pixels of the SVG at `scale`, with the image's size in pixels (for animations). */
export function toPixels(
  svg: string,
  scale = 1,
): Promise<{ pixels: Uint8Array; pixelWidth: number; pixelHeight: number }> {
  return rasterise(svg, scale, (image) => ({
    pixels: image.pixels.slice(),
    pixelWidth: image.width,
    pixelHeight: image.height,
  }));
}

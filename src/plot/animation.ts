/**
 * Animations as animated PNG (APNG): one image output that every viewer shows and every browser plays,
 * in Jupyter (trusted or not), in nbconvert's HTML, on GitHub and in VS Code, with no script.
 */
import type { TopLevelSpec } from "vega-lite";
import type { MimeBundle } from "./frontend";
import { toPixels, toSvg } from "./render";
import { encode } from "upng-js";

/** Frames rendered from Vega-Lite specs of one size (smaller frames are padded with white), `delayMs` each. */
export async function animatedPng(
  frames: TopLevelSpec[],
  delayMs = 150,
  colours = 64,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const images = [];
  for (const spec of frames) images.push(await toPixels(await toSvg(spec), 1));
  const width = Math.max(...images.map((i) => i.pixelWidth));
  const height = Math.max(...images.map((i) => i.pixelHeight));
  const buffers = images.map((img) => {
    const out = new Uint8Array(width * height * 4).fill(255);
    for (let y = 0; y < img.pixelHeight; y++)
      out.set(img.pixels.subarray(y * img.pixelWidth * 4, (y + 1) * img.pixelWidth * 4), y * width * 4);
    return out.buffer;
  });
  const delays = frames.map((_, k) => (k === frames.length - 1 ? 4 * delayMs : delayMs)); // rest on the last frame
  return { png: new Uint8Array(encode(buffers, width, height, colours, delays)), width, height };
}

/** The MIME bundle of an animation: the APNG and a text description (no Vega-Lite: JupyterLab would show it still). */
export function animationBundle(
  png: Uint8Array,
  width: number,
  height: number,
  description: string,
): { data: MimeBundle; metadata: Record<string, object> } {
  return {
    data: { "image/png": Buffer.from(png).toString("base64"), "text/plain": `[animation: ${description}]` },
    metadata: { "image/png": { width, height } },
  };
}

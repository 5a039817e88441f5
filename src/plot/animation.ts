/**
 * Animations as animated PNG (APNG): one image output that every viewer shows and every browser plays,
 * in Jupyter (trusted or not), in nbconvert's HTML, on GitHub and in VS Code, with no script.
 */
import type { TopLevelSpec } from "vega-lite";
import type { MimeBundle } from "./frontend";
import { toPixels, toSvg } from "./render";
import { encode } from "upng-js";

/**
 * Frames rendered from Vega-Lite specs of one size (smaller frames are padded with white), `delayMs` each, at
 * `scale` device pixels per CSS pixel (2, as the still figures); `width` and `height` are the CSS size. The last
 * frame is also the first: a viewer that shows only an APNG's first frame shows where the flow ends, and a
 * playing animation rests on it before each loop.
 */
export async function animatedPng(
  frames: TopLevelSpec[],
  delayMs = 150,
  colours = 64,
  scale = 2,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const images = [];
  for (const spec of [frames[frames.length - 1], ...frames]) images.push(await toPixels(await toSvg(spec), scale));
  const width = Math.max(...images.map((i) => i.pixelWidth));
  const height = Math.max(...images.map((i) => i.pixelHeight));
  const buffers = images.map((img) => {
    const out = new Uint8Array(width * height * 4).fill(255);
    for (let y = 0; y < img.pixelHeight; y++)
      out.set(img.pixels.subarray(y * img.pixelWidth * 4, (y + 1) * img.pixelWidth * 4), y * width * 4);
    return out.buffer;
  });
  // Rest on the last frame: twice at the end, and once more as the loop's first frame.
  const delays = buffers.map((_, k) => (k === 0 || k === buffers.length - 1 ? 2 * delayMs : delayMs));
  return {
    png: new Uint8Array(encode(buffers, width, height, colours, delays)),
    width: Math.round(width / scale),
    height: Math.round(height / scale),
  };
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

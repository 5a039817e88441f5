/** The part of upng-js (which ships no types) that we use: PNG and animated PNG encoding. */
declare module "upng-js" {
  /** RGBA frames of w×h pixels to a PNG (an APNG with several frames), `colours` in its palette (0: lossless). */
  export function encode(frames: ArrayBuffer[], w: number, h: number, colours: number, delays?: number[]): ArrayBuffer;
}

/** Seeded pseudo-random numbers: every random draw in the package comes from a seed, never Math.random. */
import { ParameterError } from "./validate";

/** Seeds are 32-bit integers: each one its own stream (larger integers would alias a seed in this range). */
export const SEED_RANGE: [number, number] = [-(2 ** 31), 2 ** 31 - 1];

/** A seed in SEED_RANGE; throws naming `name`, the range and the value otherwise. */
export function checkSeed(name: string, seed: number): number {
  if (!Number.isInteger(seed) || seed < SEED_RANGE[0] || seed > SEED_RANGE[1])
    throw new ParameterError(name, `an integer in [${SEED_RANGE[0]}, ${SEED_RANGE[1]}]`, seed);
  return seed;
}

/** A generator of uniform numbers in [0, 1) (mulberry32 on a 32-bit state), with Gaussian draws. */
export class Random {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    checkSeed("seed", seed);
    // Mix the seed so that nearby seeds give unrelated streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal N(0, 1) (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fills `out` with N(0, 1) draws. */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

/** A seed for an independent stream: FNV-1a over the label, then the seed mixed in by MurmurHash3's finaliser. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  h = Math.imul(h ^ (seed | 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** k distinct indices from 0..n-1, chosen uniformly (partial Fisher–Yates), in increasing order. */
export function sampleIndices(n: number, k: number, rng: Random): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm.slice(0, k).sort();
}

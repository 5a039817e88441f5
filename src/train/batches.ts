/** Minibatch order for the trainer. */
import { Random } from "../random";
import { splitRows } from "./pool";

/** Minibatch order: a fresh permutation each epoch from the seed, cut into batches, split by shard. */
export class Batches {
  private perm: Int32Array;
  private pos: number;
  private readonly rng: Random;
  private readonly ranges: [number, number][];
  private readonly N: number;
  private readonly B: number;
  /** N rows in batches of `batchSize`, split over `shards` shards as the pool splits them. */
  constructor(o: { N: number; batchSize: number; shards: number; seed: number }) {
    const { N, shards, seed } = o;
    this.N = N;
    this.B = o.batchSize;
    this.rng = new Random(seed);
    this.perm = new Int32Array(N);
    this.pos = N;
    this.ranges = splitRows(N, shards);
  }
  next(): Int32Array[] {
    if (this.pos + this.B > this.N) this.shuffle();
    const batch = this.perm.slice(this.pos, this.pos + this.B).sort();
    this.pos += this.B;
    return this.ranges.map(([lo, hi]) => batch.filter((i) => i >= lo && i < hi).map((i) => i - lo));
  }
  private shuffle() {
    for (let i = 0; i < this.N; i++) this.perm[i] = i;
    for (let i = this.N - 1; i > 0; i--) {
      const j = Math.floor(this.rng.uniform() * (i + 1));
      [this.perm[i], this.perm[j]] = [this.perm[j], this.perm[i]];
    }
    this.pos = 0;
  }
}

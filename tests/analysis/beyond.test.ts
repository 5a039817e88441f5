/** Notebook 05's sentences, fed sweeps where each prediction holds and where it does not. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  beyondConclusion,
  crossoverSentence,
  finiteNSentence,
  type CrossoverData,
  type FiniteNData,
} from "../../src/notebook/beyond";
import { logCrossing, overSeeds } from "../../src/sweep/stats";
import type { SweepRow } from "../../src/sweep/summary";

const stat = (x: number, mean: number, sd = 0.001, n = 3) => ({ x, mean, sd, n });
const crossover = (alphaMeasured: number, test: [number, number]): CrossoverData => ({
  movement: [stat(1, 12), stat(100, 0.5)],
  movementTheory: { x: [1, 100], y: [12.5, 0.6] },
  gamma: [],
  gammaTheory: { x: [], y: [] },
  testError: [stat(1, test[0]), stat(100, test[1])],
  alphaMeasured,
  alphaTheory: 10,
});

test("overSeeds() and logCrossing(): mean and sample s.d. per value; the log-log crossing, NaN when none", () => {
  const rows = [
    { run: 0, alpha: 1, movement: 10 },
    { run: 1, alpha: 1, movement: 14 },
    { run: 2, alpha: 100, movement: 0.5 },
  ] as unknown as SweepRow[];
  assert.deepEqual(overSeeds(rows, "alpha", "movement"), [
    { x: 1, mean: 12, sd: Math.sqrt(8), n: 2 },
    { x: 100, mean: 0.5, sd: 0, n: 1 },
  ]);
  assert.ok(Math.abs(logCrossing([1, 100], [10, 0.1], 1) - 10) < 1e-9);
  assert.ok(Number.isNaN(logCrossing([1, 100], [10, 2], 1)));
});

test("crossoverSentence: the crossover located within a factor 2 or not; the error gap against the seeds' spread", () => {
  const ok = crossoverSentence(crossover(12, [0.02, 0.042]));
  assert.match(ok, /α ≈ 12\.0 measured and α ≈ 10\.0 for main \(10\): a factor 1\.20 apart, within 2/);
  assert.match(ok, /so the theory locates the crossover/);
  assert.match(ok, /rises from 0\.0200 ± 0\.0010 at α = 1 to 0\.0420 ± 0\.0010 at α = 100 .*2\.10 times, far beyond/);
  const off = crossoverSentence(crossover(40, [0.02, 0.0205]));
  assert.match(off, /a factor 4\.0 apart, more than 2: the theory misplaces the crossover/);
  assert.match(off, /within twice the spread over seeds/);
  assert.match(
    crossoverSentence(crossover(NaN, [0.02, 0.03])),
    /does not fall through 1 .*main \(10\) puts it at α ≈ 10\.0/,
  );
});

const finite = (ratios: number[]): FiniteNData => ({
  departure: [1000, 10_000, 100_000].map((N, k) => stat(N, 20 * (k + 1), 2)),
  theory: { x: [], y: [] },
  ratios: [1000, 10_000, 100_000].map((N, k) => ({ N, ratio: ratios[k] })),
});

test("finiteNSentence and beyondConclusion: the departure's scaling holds within a factor 1.5 or not", () => {
  const holds = finiteNSentence(finite([0.8, 0.9, 1.1]));
  assert.match(
    holds,
    /t ∝ N\^0\.24; the theory.s crossing .* goes as N\^0\.17, and the ratio of the two is 0\.80 at N = 1000/,
  );
  assert.match(holds, /It stays within a factor 1\.5 over 2\.0 decades/);
  const breaks = finiteNSentence(finite([0.5, 0.9, 1.6]));
  assert.match(breaks, /changes by a factor 3\.20 over the sweep, more than 1\.5/);
  const good = beyondConclusion(crossover(12, [0.02, 0.03]), finite([0.8, 0.9, 1.1]));
  assert.match(
    good,
    /\*\*What holds\.\*\* The rich-to-lazy crossover is within a factor 2 of where main \(10\) puts it .*moves with N/,
  );
  assert.match(good, /\*\*Where it breaks\.\*\* Nowhere within the stated factors\./);
  const bad = beyondConclusion(crossover(40, [0.02, 0.03]), finite([0.5, 0.9, 1.6]));
  assert.match(bad, /\*\*Where it breaks\.\*\* The crossover's location; the departure's scaling with N/);
  assert.doesNotMatch(bad, /of where main \(10\) puts it/);
});

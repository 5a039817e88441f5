import assert from "node:assert/strict";
import { test } from "node:test";
import { cli } from "../helpers/cli";

test("bench --preset smFig2 times the mislabeled run per phase, with the rows evaluated against the floor f_U", () => {
  const r = cli("bench", "--preset", "smFig2", "--N", "3000", "--test", "200", "--M", "100", "--steps", "320");
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /N = 3000, d = 100, M = 100, test = 200, 320 steps/);
  const phases = [
    ...r.err.matchAll(
      /t in \[(\d+), (\d+)\): [\d.]+ ms\/step, rows evaluated ([\d.]+) of N, f_U ([\d.]+) \(([\d.]+)x/g,
    ),
  ];
  assert.ok(phases.length >= 2, r.err);
  phases.forEach((m, i) => assert.equal(m[1], i === 0 ? "0" : phases[i - 1][2], "contiguous phases"));
  assert.equal(phases[1][1], "30");
  for (const m of phases) {
    const [evaluated, fU, ratio] = [Number(m[3]), Number(m[4]), Number(m[5])];
    // Exact skipping never skips an unsatisfied row: the rows evaluated are at least f_U.
    assert.ok(evaluated >= fU - 1e-9, `evaluated ${evaluated} below the floor ${fU}`);
    assert.ok(Math.abs(ratio - evaluated / fU) <= 0.05 * ratio + 0.06, `ratio ${ratio} vs ${evaluated / fU}`);
  }
  assert.match(r.err, /skipping off, \d+ steps/);
});

test("bench --preset names the allowed presets and the value given", () => {
  const r = cli("bench", "--preset", "fig3");
  assert.notEqual(r.code, 0);
  assert.match(r.err, /invalid --preset; expected one of fig1 \| smFig2 \(did you mean "fig1"\?\), got "fig3"/);
});

/**
 * Each finding of the conclusions, fed records where its claim holds and records where it does not: the
 * verdict (agreed / departed) and the qualitative words must follow the data.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ClockCheckRow, Departures, LargeNodes, PerpendicularCheck } from "../../src/analysis/departures";
import type { RegimeRow } from "../../src/analysis/regimes";
import {
  bandFinding,
  clockFinding,
  finalErrorFinding,
  findingsMarkdown,
  finiteNFinding,
  largeNodesFinding,
  lazyClockFinding,
  mislabelingFinding,
  movementFinding,
  overfittingFinding,
  perpendicularFinding,
  spreadFinding,
} from "../../src/notebook/findings";
import { firstStageSentence, twoWidthsConclusion } from "../../src/notebook/conclusions";
import { firstStage } from "../../src/analysis/first-stage";
import { idealRun } from "../helpers/ideal-run";

test("findingsMarkdown files each finding under its verdict, and leaves out an empty heading", () => {
  const md = findingsMarkdown([
    { agrees: true, text: "A" },
    { agrees: false, text: "B" },
  ]);
  assert.equal(md, "**What agreed.**\n- A\n\n**What departed, when and why.**\n- B");
  assert.doesNotMatch(findingsMarkdown([{ agrees: true, text: "A" }]), /departed/);
  assert.doesNotMatch(findingsMarkdown([{ agrees: false, text: "B" }]), /agreed/);
});

test("finalErrorFinding: within a factor 2 of the paper's 0.01, or not", () => {
  assert.equal(finalErrorFinding(0.011, 0, 100_000).agrees, true);
  const off = finalErrorFinding(0.067, 0.01, 1000);
  assert.equal(off.agrees, false);
  assert.match(off.text, /not within a factor 2/);
});

const clockRow = (t: number, fitted: number, discrete: number, driven: number): ClockCheckRow => ({
  t,
  fitted,
  discrete,
  driven,
  continuous: discrete,
  driveRatio: 0.8,
});

test("clockFinding: within 5%, below, above; and whether the measured drive accounts for it", () => {
  const ok = clockFinding([clockRow(10, 1.01, 1.0, 1.0), clockRow(100, 2.0, 2.02, 2.0)], "early");
  assert.equal(ok.agrees, true);
  assert.match(ok.text, /stays within 5% of main \(13\)/);
  const below = clockFinding([clockRow(1000, 2.8, 3.0, 2.75), clockRow(2000, 2.9, 3.2, 2.85)], "late");
  assert.equal(below.agrees, false);
  assert.match(below.text, /more than 5% below main \(13\) on the discrete clock from t = 1000/);
  assert.match(below.text, /accounts for it: main \(10\) with that drive gives γ = 2.850 at t = 2000, closer/);
  const above = clockFinding([clockRow(1000, 3.4, 3.0, 3.0)], "late");
  assert.match(above.text, /more than 5% above .* does not account for it/);
});

test("largeNodesFinding: w∥ and a within 10% on the drive's clock, or where they end", () => {
  const b = (aDriven: number, wDriven: number): LargeNodes => ({
    count: 40,
    t: 2000,
    aTheory: 1,
    wTheory: 1,
    aDriven,
    wDriven,
  });
  assert.equal(largeNodesFinding(b(1.02, 0.97)).agrees, true);
  const high = largeNodesFinding(b(1.2, 0.97));
  assert.equal(high.agrees, false);
  assert.match(high.text, /within 10%: yes\), but their a ends 20.0% above it: a_i also grows through w⊥_i·v⊥_i/);
  const low = largeNodesFinding(b(0.8, 0.7));
  assert.match(low.text, /within 10%: no\), but their a ends 20.0% below it\./);
  assert.doesNotMatch(low.text, /grows through/);
});

const regime = (o: Partial<RegimeRow>): RegimeRow =>
  ({
    alpha: 1,
    N: 10_000,
    movement: 12,
    movementTheory: 12.7,
    gammaFitted: 2.8,
    gammaTheory: 3.0,
    gammaDriven: 2.7,
    cFitted: 0.9,
    perpendicularAt: 300,
    ...o,
  }) as RegimeRow;

test("movementFinding and lazyClockFinding: the lazy nodes' movement and clock against main (10), both ways", () => {
  const rich = regime({});
  const asTheory = movementFinding(rich, regime({ alpha: 100, movement: 0.6, movementTheory: 0.67 }));
  assert.equal(asTheory.agrees, true);
  assert.match(asTheory.text, /falls from 12.00 to 0.60 .*, as main \(10\) says within 40%/);
  const lessThan = movementFinding(rich, regime({ alpha: 100, movement: 0.4, movementTheory: 0.67 }));
  assert.equal(lessThan.agrees, false);
  assert.match(lessThan.text, /: less than main \(10\) says, 0.40 against 0.67 at α = 100/);
  assert.match(movementFinding(rich, regime({ alpha: 100, movement: 15 })).text, /does not fall/);

  const lazy = regime({ alpha: 100, gammaFitted: 0.4, gammaTheory: 0.6, gammaDriven: 0.61, cFitted: 1.3 });
  const clock = lazyClockFinding(rich, lazy);
  assert.equal(clock.agrees, false);
  assert.match(clock.text, /\(more than 5%\) and 0.610 for the clock of the measured drive, which is not closer/);
  assert.match(clock.text, /fitted c ends at 1.300, where main \(10\) keeps c ≤ 1/);
  const fine = lazyClockFinding(
    rich,
    regime({ alpha: 100, gammaFitted: 0.6, gammaTheory: 0.61, perpendicularAt: NaN }),
  );
  assert.equal(fine.agrees, true);
  assert.match(fine.text, /\(within 5%\).* from no step/);
  assert.doesNotMatch(fine.text, /a growth common/);
});

test("spreadFinding and bandFinding: within the stated tolerance at every time and width, or which fail", () => {
  assert.equal(spreadFinding([0.95, 1.02, 1.1]).agrees, true);
  assert.match(spreadFinding([0.95, 1.3]).text, /not within 20% at every time/);
  const band = bandFinding([
    { M: 100, inside: 0.95 },
    { M: 400, inside: 0.93 },
  ]);
  assert.equal(band.agrees, true);
  assert.match(band.text, /for every width: 95.0% inside at M = 100, 93.0% inside at M = 400/);
  const fails = bandFinding([
    { M: 25, inside: 0.6 },
    { M: 100, inside: 0.95 },
  ]);
  assert.equal(fails.agrees, false);
  assert.match(fails.text, /except at M = 25/);
  assert.match(bandFinding([{ M: 25, inside: 0.6 }]).text, /for no width/);
});

const departures = (N: number, Ipar: number): Departures =>
  ({
    N,
    M: 400,
    delta: 0,
    Ipar,
    Jperp: 20,
    fU: Ipar,
    nodes: NaN,
    minTestError: 0.01,
    minTestErrorAt: 100,
  }) as Departures;

test("finiteNFinding and overfittingFinding: the order in N, as the theory says or not", () => {
  const ordered = finiteNFinding([departures(100_000, NaN), departures(1000, 40), departures(10_000, 200)]);
  assert.equal(ordered.agrees, true);
  assert.match(
    ordered.text,
    /I∥ until t = 40 .* N = 1000; .* I∥ to the end of the run .*smaller N leaves the theory no later/,
  );
  const reversed = finiteNFinding([departures(1000, 300), departures(10_000, 200)]);
  assert.equal(reversed.agrees, false);
  assert.match(reversed.text, /the order in N is not the theory's/);
  assert.equal(
    overfittingFinding([
      { N: 1000, error: 0.1, t: 50 },
      { N: 10_000, error: 0.03, t: 300 },
    ]).agrees,
    true,
  );
  assert.match(
    overfittingFinding([
      { N: 1000, error: 0.02, t: 50 },
      { N: 10_000, error: 0.03, t: 300 },
    ]).text,
    /not lower for every larger N/,
  );
});

const perp = (M: number, peak: number, late: number, lateMeasuredFU = late): PerpendicularCheck => ({
  N: 100_000,
  M,
  peak,
  peakAt: 20,
  fUAtPeak: 1.02,
  late,
  lateMeasuredFU,
  lateAt: 100,
});

test("perpendicularFinding: a bump that depends on M or not; late below J/√N or not", () => {
  const bump = perpendicularFinding([perp(100, 1.8, 0.6), perp(400, 1.3, 0.5), perp(1000, 1.1, 0.55)], 0.2);
  assert.equal(bump.agrees, false);
  assert.match(bump.text, /rises above J\/√N .* whose height depends on M: ×1.80 at M = 100/);
  assert.match(bump.text, /A finite-M effect/);
  assert.match(bump.text, /below J\/√N in every run.*still below.*mean \|w⊥\| is up 20.0% at N = 100000/);
  const flat = perpendicularFinding([perp(100, 1.05, 1.0), perp(400, 1.02, 0.95)], -0.01);
  assert.equal(flat.agrees, true);
  assert.match(flat.text, /stays within 20% of J\/√N at its early peak/);
  assert.match(flat.text, /not below J\/√N in every run/);
  assert.doesNotMatch(flat.text, /finite-M effect|is up/);
  const same = perpendicularFinding([perp(100, 1.5, 0.5), perp(400, 1.52, 0.5)], 0.1);
  assert.match(same.text, /does not depend on M/);
});

test("mislabelingFinding: overfitting brought forward and the test error rising, or not", () => {
  const noisy = { delta: 0.01, best: 0.015, bestAt: 300, finalTest: 0.05, finalTrain: 0.001, trainAtBest: 0.02 };
  const yes = mislabelingFinding({ ...noisy, lastStep: 10_000 }, { best: 0.011, bestAt: 2000 });
  assert.equal(yes.agrees, true);
  assert.match(yes.text, /brings the best test error forward.*Then the test error rises.*keeps falling/);
  const no = mislabelingFinding({ ...noisy, bestAt: 60, finalTest: 0.015, lastStep: 60 }, { best: 0.02, bestAt: 40 });
  assert.equal(no.agrees, false);
  assert.match(no.text, /does not bring the best test error forward.*does not rise after it/);
});

test("firstStageSentence and twoWidthsConclusion: stays near / falls; on / off the hyperbolas; faster clock or not", () => {
  const run = idealRun({ steps: 200 });
  const s = firstStage(run);
  assert.match(firstStageSentence({ ...s, driveCollapse: NaN }), /does not fall below a tenth/);
  const near = firstStageSentence({
    ...s,
    driveCollapse: 50,
    departure: 20,
    earlyTrainError: 0.18,
    trainErrorAtCollapse: 0.15,
  });
  assert.match(near, /stays within 25% of the class-mean direction's.*happens off the hyperbolas/);
  const falls = firstStageSentence({
    ...s,
    driveCollapse: 50,
    departure: 80,
    earlyTrainError: 0.18,
    trainErrorAtCollapse: 0.05,
  });
  assert.match(falls, /falls from 18.0% .* to 5.0%.*happens still on the hyperbolas/);
  // The ideal run is symmetric: the groups move in opposite directions, and their clocks are one.
  const ideal = twoWidthsConclusion(idealRun({ steps: 60 }));
  assert.match(ideal, /in opposite directions .* as main \(10\) says/);
  assert.match(ideal, /not the faster clock SM 2.3 conjectured/);
});

/**
 * Every qualitative word of a generated sentence is chosen by the data: each builder gets records where its
 * claim holds and records where it does not, and must say which.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { driveSignChange } from "../../src/analysis/departures";
import { firstStage } from "../../src/analysis/first-stage";
import type { RegimeRow } from "../../src/analysis/regimes";
import type { TrajectoryError } from "../../src/analysis/trajectories";
import { driveStory, realDataClosing } from "../../src/notebook/conclusions";
import {
  discreteStepSentence,
  driveSignSentence,
  paperCutoffSentence,
  realClockSentence,
  regimeSentence,
  satisfactionSentence,
} from "../../src/notebook/sentences";
import { idealRun } from "../helpers/ideal-run";

test("driveSignSentence: never negative / negative and stays so / negative, then positive again", () => {
  const run = idealRun({ delta: 0.05, steps: 300 });
  assert.match(driveSignSentence(driveSignChange(run)), /is never negative for 20 steps in a row/);

  for (let t = 120; t < 300; t++) run.history.Ipar[t] = -1e-3;
  const stays = driveSignSentence(driveSignChange(run));
  assert.match(stays, /turns negative at \*\*t = 120\*\*.*stays negative at every later step, to t = 299/);
  assert.doesNotMatch(stays, /positive again/);

  for (let t = 250; t < 300; t++) run.history.Ipar[t] = 1e-3;
  const s = driveSignChange(run);
  assert.equal(s.positiveAfter, 50);
  assert.equal(s.positiveAgainAt, 250);
  const back = driveSignSentence(s);
  assert.match(back, /does not stay negative: it is positive again at 50 of the 180 later steps, the first at t = 250/);
  assert.match(back, /t = 239–299\) it is positive at 82% of the steps, including the last/);
  assert.doesNotMatch(back, /stays negative at every/);
  run.history.Ipar[299] = -1e-3;
  assert.match(driveSignSentence(driveSignChange(run)), /but not at the last/);
});

test("driveSignSentence: the mislabeled examples, counted from the labels against the teacher", () => {
  const run = idealRun({ delta: 0.05, steps: 300 });
  const { y, firstSatisfied, lastUnsatisfied } = run.examples;
  // Flip 10 labels: 4 of them end satisfied (their flipped label fitted), the others never are.
  for (let n = 0; n < 10; n++) {
    y[n] = -y[n];
    firstSatisfied[n] = n < 4 ? 100 + n : -1;
    lastUnsatisfied[n] = n < 4 ? 99 + n : 300;
  }
  run.history.trainError.fill(0.5);
  const none = driveSignChange(run);
  assert.equal(none.mislabeled, 10);
  assert.equal(none.mislabeledFitted, 4);
  assert.deepEqual(none.mislabeledFirstFitted, [100, 102]);
  assert.match(
    driveSignSentence(none),
    /never falls below δ = 0.05; 4 of the 10 mislabeled training examples are satisfied/,
  );
  for (let t = 200; t <= 300; t++) run.history.trainError[t] = 0.01;
  assert.match(driveSignSentence(driveSignChange(run)), /falls below δ = 0.05 at t = 200/);
  for (let n = 0; n < 4; n++) lastUnsatisfied[n] = 300; // unsatisfied again at the end: not fitted
  assert.match(driveSignSentence(driveSignChange(run)), /none of the 10 mislabeled training examples is satisfied/);
});

test("driveStory: the order of the drive's return and the training error's fall below δ comes from the data", () => {
  const run = idealRun({ delta: 0.05, steps: 300 });
  assert.match(driveStory(driveSignChange(run)), /does not reverse/);
  for (let t = 120; t < 300; t++) run.history.Ipar[t] = -1e-3;
  assert.match(driveStory(driveSignChange(run)), /does not bring I∥ back above 0/);
  for (let t = 250; t < 300; t++) run.history.Ipar[t] = 1e-3;
  run.history.trainError.fill(0.5);
  for (let t = 200; t <= 300; t++) run.history.trainError[t] = 0.01;
  assert.match(
    driveStory(driveSignChange(run)),
    /positive again from t = 250, after the training error has fallen below δ \(t = 200\)/,
  );
  for (let t = 200; t <= 270; t++) run.history.trainError[t] = 0.5;
  assert.match(
    driveStory(driveSignChange(run)),
    /positive again from t = 250, before the training error falls below δ \(t = 271\)/,
  );
});

test("satisfactionSentence: no example unsatisfied again / some, with how many and when; the empty start explained", () => {
  const run = idealRun();
  const ideal = satisfactionSentence(run);
  assert.match(ideal, /No satisfied example is unsatisfied again later\./);
  assert.match(ideal, /No example is satisfied before t = \d+: until then H_t exceeds the largest \|x∥\|/);
  const { firstSatisfied, lastUnsatisfied } = run.examples;
  const satisfied = firstSatisfied.filter((s) => s > 0).length;
  let k = 0;
  for (let n = 0; n < firstSatisfied.length && k < 3; n++)
    if (firstSatisfied[n] > 0) {
      lastUnsatisfied[n] = k === 0 ? 150 : 200; // two unsatisfied at the end (t = 200)
      k++;
    }
  const again = satisfactionSentence(run);
  assert.match(again, new RegExp(`3 of the ${satisfied} satisfied examples .* are unsatisfied again at a later step`));
  assert.match(again, /the last such step t = 200; 2 are unsatisfied at the end/);
  assert.doesNotMatch(again, /No satisfied example/);
  // No example satisfied until t = 60, when the threshold has long fallen below the largest |x∥|: said so.
  const late = idealRun();
  late.examples.firstSatisfied.forEach((s, n, a) => (a[n] = s > 0 ? Math.max(s, 60) : s));
  assert.match(
    satisfactionSentence(late),
    /first example is satisfied at t = 60, later than the theory allows: H_59 = /,
  );
  const early = idealRun();
  early.examples.firstSatisfied[0] = 1;
  assert.match(satisfactionSentence(early), /Examples are satisfied from the first step on\./);
});

const row = (o: Partial<RegimeRow>): RegimeRow =>
  ({ alpha: 1, steps: 400, fixedPoint: true, finalTrainError: 0, finalTestError: 0.02, ...o }) as RegimeRow;

test("regimeSentence: similar only within the stated ratio; converged or not, said for each run", () => {
  const similar = regimeSentence(row({}), row({ alpha: 100, steps: 3000, finalTestError: 0.023 }));
  assert.match(similar, /at step 400; the lazy one \(α = 100\) reaches its fixed point .* at step 3000/);
  assert.match(similar, /At convergence the test error is 0.0200 \(rich\) and 0.0230 \(lazy\): similar/);
  const worse = regimeSentence(
    row({}),
    row({ alpha: 100, steps: 2000, fixedPoint: false, finalTrainError: 4e-4, finalTestError: 0.042 }),
  );
  assert.match(worse, /has not reached its fixed point when its 2000-step budget ends \(training error 0.0004\)/);
  assert.match(
    worse,
    /At the end of the runs the test error .*: 2.10 times the rich network's: not the "similar final error"/,
  );
  assert.doesNotMatch(worse, /: similar/);
});

test("discreteStepSentence: where the two clocks' errors coincide, or that they never do", () => {
  const rows = (d: number[]): TrajectoryError[] =>
    [3, 10, 30, 100].map((t, k) => ({ t, aContinuous: 0.1, aDiscrete: d[k], wContinuous: 0, wDiscrete: 0 }));
  assert.match(discreteStepSentence(rows([0.05, 0.054, 0.095, 0.1])), /54.0% on the continuous|5.4% on the discrete/);
  assert.match(discreteStepSentence(rows([0.05, 0.054, 0.095, 0.1])), /46% smaller .* from t = 30 on the two agree/);
  assert.match(discreteStepSentence(rows([0.05, 0.054, 0.05, 0.05])), /still differ by more than 10% at .* t = 100/);
  assert.match(discreteStepSentence(rows([0.1, 0.1, 0.1, 0.1])), /agree within 10% of each other at every step/);
});

test("realClockSentence and paperCutoffSentence: agreement, departure and the falling drive clock, both ways", () => {
  const run = idealRun({ steps: 300 });
  const s = firstStage(run);
  const ideal = realClockSentence(s);
  assert.match(ideal, /stays within 5% of the clock of the measured drive to the end/);
  assert.match(ideal, /does not fall back/);
  // The drive turns negative from t = 150: its clock falls back, and the sentence says how often I∥ < 0.
  for (let t = 150; t < 300; t++) run.history.Ipar[t] = -run.history.Ipar[150 - Math.floor((t - 150) / 2)] / 2;
  const falling = realClockSentence(firstStage(run));
  assert.match(
    falling,
    /peaks at γ = [\d.]+ at t = 150 and falls to [\d.]+ by t = 300: I∥ is negative at 99% of the later steps/,
  );
  assert.match(falling, /until t = \d+/);
  assert.match(
    paperCutoffSentence("CIFAR-10", null, [200]),
    /CIFAR-10: not on disk here, so the supplement's ≈ 200 steps/,
  );
  assert.match(
    paperCutoffSentence("CIFAR-10", s, [200]),
    /up to step ≈ 200 \(judged by eye\); here they leave it .* at never within the run/,
  );
});

test("realDataClosing: no data is said plainly; SM Fig. 3's cutoffs are compared only where a preset has them", () => {
  const tw = idealRun({ steps: 60 });
  const none = realDataClosing([{ name: "CIFAR-10", run: null, preset: { paperCutoffs: [200] } }], tw);
  assert.match(none, /No real dataset was on disk/);
  assert.match(none, /CIFAR-10: not on disk here/);
  const one = realDataClosing([{ name: "MNIST", run: idealRun({ steps: 200 }) }], tw);
  assert.match(
    one,
    /to the end of the run \(MNIST\): every run starts on the hyperbolas.*in every run at least as long as/s,
  );
  assert.doesNotMatch(one, /not on disk/);
});

test("driveStory: whether the mislabeled examples' fitting can explain the drive's return, from the order of events", () => {
  const run = idealRun({ delta: 0.05, steps: 300 });
  for (let t = 120; t < 300; t++) run.history.Ipar[t] = t >= 250 || (t >= 160 && t % 10 === 0) ? 1e-3 : -1e-3;
  const { y, firstSatisfied, lastUnsatisfied } = run.examples;
  for (let n = 0; n < 10; n++) {
    y[n] = -y[n];
    firstSatisfied[n] = 200 + n; // fitted from t = 200, after the first positive step (t = 160)
    lastUnsatisfied[n] = 199 + n;
  }
  const s = driveSignChange(run);
  assert.ok(s.lateShare > s.middleShare, `${s.lateShare} ${s.middleShare}`);
  const story = driveStory(s);
  assert.match(story, /returns before most mislabeled examples are fitted.*but the share of positive steps grows/);
  assert.match(story, /there I_δ is already [\d.]+ of J_δ\/√N|while the theory's I_δ is still/);
  for (let n = 0; n < 10; n++) firstSatisfied[n] = 100; // fitted before the return: the fitting can explain it
  assert.match(driveStory(driveSignChange(run)), /With fewer mislabeled examples left pulling backwards/);
  assert.doesNotMatch(driveStory(driveSignChange(run)), /returns before/);
});

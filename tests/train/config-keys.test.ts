/** A notebook author's typo gets a clear error naming the nearest valid name, as a CLI user's does. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fig1 } from "../../src/presets";
import { resolveConfig, type TrainConfig } from "../../src/train/config";
import { Trainer } from "../../src/train/trainer";

test("an unknown TrainConfig key is refused with the nearest field, not ignored", () => {
  assert.throws(
    () => new Trainer({ N: 100, betastar: 5 } as TrainConfig),
    /invalid betastar; expected a field of TrainConfig \(one of .*\) \(did you mean "betaStar"\?\), got 5/,
  );
  assert.throws(() => resolveConfig(null as unknown as TrainConfig), /invalid config; expected a TrainConfig object/);
  assert.equal(resolveConfig({ N: 100, betaStar: 5 }).betaStar, 5, "the right name still works");
});

test("an unknown profile is refused with the nearest one, not answered with undefined", () => {
  assert.throws(
    () => fig1("Paper" as "paper"),
    /invalid profile; expected one of paper \| quick \| smoke \(did you mean "paper"\?\), got "Paper"/,
  );
  assert.equal(fig1("paper").N, 100_000);
});

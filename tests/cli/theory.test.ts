import assert from "node:assert/strict";
import { test } from "node:test";
import { cli } from "../helpers/cli";
import { clock } from "../../src/theory/clock";

test("theory --json prints γ from the clock for each --t", () => {
  const r = cli(
    "theory",
    "--d",
    "100",
    "--M",
    "400",
    "--alpha",
    "1",
    "--h",
    "1",
    "--beta-star",
    "1000",
    "--t",
    "1,10,100,2000",
    "--json",
  );
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out);
  const ref = clock({ d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000 }, [1, 10, 100, 2000]).gamma;
  assert.deepEqual(
    rows.map((x: { t: number }) => x.t),
    [1, 10, 100, 2000],
  );
  rows.forEach((x: { gamma: number }, i: number) => assert.equal(x.gamma, ref[i]));
  assert.deepEqual(Object.keys(rows[0]), ["t", "gamma", "H", "I", "fU"]);
});

test("theory adds J/√N with --N and the δ variants with --delta", () => {
  const r = cli("theory", "--t", "0", "--N", "100", "--delta", "0.01", "--json");
  assert.equal(r.code, 0, r.err);
  const [row] = JSON.parse(r.out);
  assert.equal(row.H, "Infinity");
  assert.ok(Math.abs(row.JoverSqrtN - Math.sqrt(99 / 2) / 10) < 1e-12); // f_U,δ = 1 at t = 0
  assert.ok(Math.abs(row.I - 0.98 / Math.sqrt(2 * Math.PI)) < 1e-12); // I_δ(0) = (1 − 2δ) I(0)
});

test("theory prints a table by default and documents every flag in --help", () => {
  const table = cli("theory", "--t", "1,10");
  assert.equal(table.code, 0);
  assert.match(table.out.split("\n")[0], /t\s+gamma\s+H\s+I\s+f_U/);
  const help = cli("theory", "--help");
  for (const flag of [
    "--d",
    "--M",
    "--alpha",
    "--h",
    "--beta-star",
    "--t",
    "--N",
    "--delta",
    "--task",
    "--discrete",
    "--json",
  ]) {
    assert.ok(help.out.includes(`  ${flag} `), `--help lacks ${flag}`);
  }
});

test("theory rejects bad flags with a message naming the flag and exit code 2", () => {
  const cases: [string[], RegExp][] = [
    [["--d", "1"], /invalid --d; expected an integer >= 2, got 1/],
    [["--beta-star", "-3"], /invalid --beta-star; expected a finite number > 0, got -3/],
    [["--alpha", "abc"], /invalid --alpha; expected a number, got "abc"/],
    [["--t", "5,-1"], /invalid --t; expected a number >= 0, got -1/],
    [["--delta", "0.5"], /invalid --delta; expected a number in \[0, 0\.5\), got 0\.5/],
    [["--task", "cube"], /invalid --task; expected one of gaussian \| sphere, got "cube"/],
    [["--frobnicate"], /unknown option --frobnicate/],
  ];
  for (const [args, message] of cases) {
    const r = cli("theory", ...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, message);
  }
  assert.equal(cli("nonsense").code, 2);
});

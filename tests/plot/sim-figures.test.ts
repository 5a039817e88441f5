import assert from "node:assert/strict";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { matchSnapshot } from "../helpers/snapshot";
import {
  clockWithFitFigure, drivesFigure, errorsFigure, perpendicularFigure, populationFigure, satisfactionFigure, sideBySide,
  spreadFigure, toSvg, trajectoriesFigure, trajectoryErrorFigure, unsatisfiedFigure,
} from "../../src/index";

async function matchSpec(name: string, spec: TopLevelSpec) {
  return matchSnapshot(name, await toSvg(spec));
}

const t = [1, 2, 5, 10, 20, 50];
const curve = (f: (x: number) => number) => t.map(f);

const cases: [string, () => TopLevelSpec, RegExp[]][] = [
  ["trajectories", () => trajectoriesFigure({ t, values: [curve((x) => Math.log(x)), curve((x) => -Math.log(x))] }, { t, values: [curve((x) => 1.1 * Math.log(x)), curve((x) => -1.1 * Math.log(x))] }, { title: "Fig. 1a", yTitle: "a_i(t)", theoryName: "main (10)" }), [/a_i\(t\)/, /markers: simulation · lines: theory, main \(10\)/]],
  ["clock-fit", () => clockWithFitFigure({ t, continuous: curve((x) => Math.log1p(x)), discrete: curve((x) => 1.02 * Math.log1p(x)), c: curve(() => 0.95), early: curve((x) => 0.1 * x), late: curve((x) => 0.25 * Math.log(x) + 1.4) }, { t, gamma: curve((x) => Math.log1p(x) + 0.01) }), [/γ fitted to the simulated nodes/]],
  ["satisfaction", () => satisfactionFigure({ t: [3, 5, 8, 13, 21], xPar: [3, 2, 1.2, 0.8, 0.5] }, { t, H: curve((x) => 10 / x), lower: curve((x) => 8 / x), upper: curve((x) => 12 / x) }), [/H\(t\), main \(13\)/, /x∥₊, SM \(20\)/]],
  ["population", () => populationFigure([{ label: "t = 0", a: [1, -1, 0.5], wPar: [0.2, 0.3, -1] }, { label: "t = 10", a: [2, -2, 1], wPar: [1.8, -1.9, 0.2] }], { a: [[1, 1.5, 2]], wPar: [[0.2, 1, 1.8]] }, { title: "Rich", arrows: { wPar: [0.2, 0.5], a: [1, 1.06], label: "initial velocity" } }), [/w∥/, /initial velocity/]],
  ["errors", () => errorsFigure([{ name: "N = 1000", t, train: curve((x) => 0.5 / x), test: curve((x) => 0.5 / Math.sqrt(x)) }]), [/N = 1000: training/, /N = 1000: test/]],
  ["drives", () => drivesFigure({ t, I: curve((x) => 0.4 / x), J: curve(() => 0.02) }, { t, I: curve((x) => 0.41 / x), J: curve(() => 0.021) }, { title: "Drives" }), [/I∥ measured/, /J\(t\)\/√N, SM \(22\)/]],
  ["trajectory-errors", () => trajectoryErrorFigure(t.map((x) => ({ t: x, aContinuous: 0.05, aDiscrete: 0.01, wContinuous: 0.04, wDiscrete: 0.01 }))), [/a_i, discrete γ_t and c_t/]],
  ["spread", () => spreadFigure([{ label: "t = 10", bins: [-1, 0, 1].map((x) => ({ xPar: x, overNetworks: 0.1 + 0.01 * x * x, overExamples: 0.08, theory: 0.1, count: 100 })) }]), [/σ_f\/√M, SM \(19\)/]],
  ["unsatisfied", () => unsatisfiedFigure([{ name: "N = 100", t, measured: curve((x) => 1 / x), theory: curve((x) => 1 / x), N: 100 }]), [/N f_U\(t\)/]],
  ["perpendicular", () => perpendicularFigure([{ name: "N = 100", t, ratio: curve((x) => 1 + x / 100) }]), [/⟨\|w⊥\|⟩\(t\)/]],
];

for (const [name, build, texts] of cases) {
  test(`${name} figure renders the stored SVG with the paper's symbols`, async () => {
    const svg = await matchSpec(name, build());
    for (const text of texts) assert.match(svg, text);
  });
}

test("sideBySide() puts figures in one row, each keeping its title", async () => {
  const svg = await matchSpec("side-by-side", sideBySide([cases[4][1](), cases[5][1]()]));
  assert.match(svg, /Training and generalization error/);
  assert.match(svg, />Drives</);
});

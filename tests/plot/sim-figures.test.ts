import assert from "node:assert/strict";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { matchSnapshot } from "../helpers/snapshot";
import {
  clockWithFitFigure,
  groupClockFigure,
  hyperbolaErrorFigure,
  populationFigure,
  trajectoriesFigure,
  trajectoryErrorFigure,
} from "../../src/plot/node-figures";
import {
  departureErrorsFigure,
  driveFigures,
  drivesFigure,
  errorsFigure,
  perpendicularFigure,
  satisfactionFigure,
  spreadFigures,
  unsatisfiedFigure,
} from "../../src/plot/finite-size-figures";
import { lineChart } from "../../src/plot/line-chart";
import { regimeClockFigure, regimeSweepFigures } from "../../src/plot/regime-figures";
import { sideBySide } from "../../src/plot/layout";
import { toSvg } from "../../src/plot/render";
import { resolveConfig, type TrainConfig } from "../../src/train/config";

async function matchSpec(name: string, spec: TopLevelSpec) {
  return matchSnapshot(name, await toSvg(spec));
}

const t = [1, 2, 5, 10, 20, 50];
const curve = (f: (x: number) => number) => t.map(f);
const clock = {
  task: "gaussian" as const,
  t,
  continuous: curve((x) => Math.log1p(x)),
  discrete: curve((x) => 1.02 * Math.log1p(x)),
  c: curve(() => 0.95),
  early: curve((x) => 0.1 * x),
  late: curve((x) => 0.25 * Math.log(x) + 1.4),
};
/** A run's resolved config (what the multi-run figures take their labels from). */
const config = (o: TrainConfig) => resolveConfig({ steps: 50, workers: 1, ...o });
const clockTrace = (times: number[], gamma: number[]) => ({ t: times, gamma, c: times.map(() => 0.95) });
const row = (alpha: number) => ({
  alpha,
  betaStar: 1000 * Math.sqrt(alpha),
  N: 10_000,
  steps: 400,
  fixedPoint: true,
  finalTrainError: 0,
  finalTestError: 0.02 + alpha / 1e4,
  movement: 10 / alpha,
  movementTheory: 11 / alpha,
  gammaFitted: 3 / Math.sqrt(alpha),
  gammaTheory: 3.1 / Math.sqrt(alpha),
  gammaDriven: 2.9 / Math.sqrt(alpha),
  cFitted: 0.95,
  perpendicularAt: 100 / alpha,
});

const cases: [string, () => TopLevelSpec, RegExp[]][] = [
  [
    "trajectories",
    () =>
      trajectoriesFigure(
        { t, values: [curve((x) => Math.log(x)), curve((x) => -Math.log(x))] },
        { t, values: [curve((x) => 1.1 * Math.log(x)), curve((x) => -1.1 * Math.log(x))] },
        { title: "Fig. 1a", yTitle: "a_i(t)", theoryName: "main (10)" },
      ),
    [/a_i\(t\)/, /markers: simulation · lines: theory \(main \(10\)\)/],
  ],
  [
    "clock-fit",
    () =>
      clockWithFitFigure(
        clock,
        clockTrace(
          t,
          curve((x) => Math.log1p(x) + 0.01),
        ),
        { driven: clockTrace([0, ...t], [0, ...curve((x) => Math.log1p(x) + 0.02)]) },
      ),
    [/γ fitted to the simulated nodes/, /γ integrated from the measured drive I∥\(t\)/],
  ],
  [
    "satisfaction",
    () =>
      satisfactionFigure(
        { t: [3, 5, 8, 13, 21], xPar: [3, 2, 1.2, 0.8, 0.5] },
        { t, H: curve((x) => 10 / x), lower: curve((x) => 8 / x), upper: curve((x) => 12 / x) },
      ),
    [
      /H_t, main \(13\) on the discrete clock/,
      /x∥₊ of SM \(20\) one step earlier/,
      /first step at which the example is satisfied/,
    ],
  ],
  [
    "population",
    () =>
      populationFigure(
        [
          { label: "t = 0", a: [1, -1, 0.5], wPar: [0.2, 0.3, -1] },
          { label: "t = 10", a: [2, -2, 1], wPar: [1.8, -1.9, 0.2] },
        ],
        { a: [[1, 1.5, 2]], wPar: [[0.2, 1, 1.8]] },
        { title: "Rich", domain: [-3, 3] },
      ),
    [/w∥/, /t = 10/],
  ],
  [
    "errors",
    () =>
      errorsFigure([
        { config: config({ N: 1000 }), t, train: curve((x) => 0.5 / x), test: curve((x) => 0.5 / Math.sqrt(x)) },
        { config: config({ N: 10000 }), t, train: curve((x) => 0.2 / x), test: curve((x) => 0.2 / Math.sqrt(x)) },
      ]),
    [/N = 1000, M = 400: training/, /N = 1000, M = 400: test/, /solid: training, dashed: test/],
  ],
  [
    "drives",
    () =>
      drivesFigure(
        { t, I: curve((x) => 0.4 / x - 0.01), J: curve(() => 0.02) },
        { t, I: curve((x) => 0.41 / x), J: curve(() => 0.021) },
        { title: "Drives" },
      ),
    [/I∥ measured/, /J\(t\)\/√N, SM \(22\)/, /symlog axis, linear within/],
  ],
  [
    "trajectory-errors",
    () =>
      trajectoryErrorFigure(
        t.map((x) => ({ t: x, aContinuous: 0.05, aDiscrete: 0.01, wContinuous: 0.04, wDiscrete: 0.01 })),
      ),
    [/a_i, discrete γ_t and c_t/],
  ],
  [
    "spread",
    () =>
      sideBySide(
        spreadFigures([
          {
            label: "t = 10",
            bins: [-1, 0, 1].map((x) => ({
              xPar: x,
              overNetworks: 0.1 + 0.01 * x * x,
              overExamples: 0.08,
              theory: 0.1,
              count: 100,
            })),
          },
        ]),
      ),
    [/σ_f\/√M, SM \(19\)/, /Over networks/, /Over the examples of one network/],
  ],
  [
    "unsatisfied",
    () =>
      unsatisfiedFigure([
        { config: config({ N: 100 }), t, measured: curve((x) => 1 / x), theory: curve((x) => 1 / x) },
      ]),
    [/N f_U\(t\)/],
  ],
  [
    "perpendicular",
    () => perpendicularFigure([{ config: config({ N: 100 }), t, ratio: curve((x) => 1 + x / 100) }]),
    [/⟨\|w⊥\|⟩\(t\)/, /mean field: 1/],
  ],
  [
    "departure-errors",
    () =>
      departureErrorsFigure({ t, train: curve((x) => 0.2 / x), test: curve((x) => 0.25 / x) }, 10, { title: "MNIST" }),
    [/nodes leave main \(10\), t = 10/],
  ],
  [
    "group-clocks",
    () =>
      groupClockFigure(
        { t, all: curve((x) => 0.1 * x), plus: curve((x) => 0.11 * x), minus: curve((x) => 0.09 * x) },
        clockTrace([0, ...t], [0, ...curve((x) => 0.1 * x)]),
        { title: "Clocks" },
      ),
    [/a\(0\) \+ w∥\(0\) &gt; 0|a\(0\) \+ w∥\(0\) > 0/],
  ],
  [
    "hyperbola",
    () => hyperbolaErrorFigure([{ name: "MNIST", t: [0, ...t], error: [0, ...curve((x) => 0.02 * x)] }], 0.1),
    [/threshold 0\.1/],
  ],
  [
    "regime-sweep",
    () => sideBySide(regimeSweepFigures([1, 10, 100].map(row))),
    [/output scale α/, /main \(10\), discrete clock/],
  ],
  [
    "regime-clock",
    () =>
      regimeClockFigure([
        {
          config: config({ alpha: 1 }),
          fitted: { t, gamma: curve((x) => Math.log1p(x)) },
          theory: { t, gamma: curve((x) => Math.log1p(x)) },
        },
        {
          config: config({ alpha: 100 }),
          fitted: { t, gamma: curve((x) => 0.01 * x) },
          theory: { t, gamma: curve((x) => 0.011 * x) },
        },
      ]),
    [/α = 100: γ fitted to the nodes/],
  ],
];

for (const [name, build, texts] of cases) {
  test(`${name} figure renders the stored SVG with the paper's symbols`, async () => {
    const svg = await matchSpec(name, build());
    for (const text of texts) assert.match(svg, text);
  });
}

test("the legend shows what each series is: dashed lines as dashes, lines as strokes, simulation as markers", async () => {
  const svg = await toSvg(
    clockWithFitFigure(
      clock,
      clockTrace(
        t,
        curve((x) => Math.log1p(x)),
      ),
    ),
  );
  // Legend symbols: a stroke for each line, a dashed stroke for each asymptote, a circle for the fitted γ.
  const legend = svg.slice(svg.indexOf('class="mark-group role-legend"'));
  assert.match(legend, /stroke-dasharray="6,4"/);
  assert.match(legend, /d="M-?\d+(\.\d+)?,0A/); // a circle symbol
  assert.match(legend, /d="M-?\d+(\.\d+)?,0L/); // a stroke symbol
});

test("the training and test curves of one run share a colour; runs differ", () => {
  const spec = errorsFigure([
    { config: config({ N: 100 }), t, train: t, test: t },
    { config: config({ N: 200 }), t, train: t, test: t },
  ]) as { layer: { encoding: { color: { scale: { domain: string[]; range: string[] } } } }[] };
  const { domain, range } = spec.layer[0].encoding.color.scale;
  const colour = (n: string) => range[domain.indexOf(n)];
  assert.equal(colour("N = 100, M = 400: training"), colour("N = 100, M = 400: test"));
  assert.notEqual(colour("N = 100, M = 400: training"), colour("N = 200, M = 400: training"));
});

test("an error that starts at 0 gets no negative label below it (the axis padding stays unlabelled)", async () => {
  // Rising from 0 to 0.2: Vega's padding and nice ticks reach −0.02 on this axis.
  const e = t.map((x, i) => ({ t: x, aContinuous: (0.2 * i) / 5, aDiscrete: 0.01, wContinuous: 0.1, wDiscrete: 0.01 }));
  const labels = [...(await toSvg(trajectoryErrorFigure(e))).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(labels.includes("0.00"), `the axis labels 0: ${labels.join(" ")}`);
  assert.deepEqual(
    labels.filter((l) => /^[−-]\d/.test(l)),
    [],
  );
});

test("points outside a fixed domain are dropped, not drawn clamped at the edge; a log axis labels 10", async () => {
  const spec = lineChart([{ name: "s", x: [1, 10, 100], y: [0.5, 5, 50] }], {
    xTitle: "x",
    yTitle: "y",
    yDomain: [0, 10],
    xScale: "log",
  }) as { layer: { data: { values: { y: number }[] } }[] };
  assert.deepEqual(
    spec.layer[0].data.values.map((v) => v.y),
    [0.5, 5],
  );
  const svg = await toSvg(
    lineChart([{ name: "s", x: [1, 2000], y: [1, 2] }], { xTitle: "x", yTitle: "y", xScale: "log" }),
  );
  assert.match(svg, />10</);
  assert.match(svg, />1000</);
});

test("drives that stay at or above 0 get no negative decades; panels side by side share one y range", async () => {
  const positive = { t, I: curve((x) => 0.4 / x), J: curve(() => 0.02) };
  const negative = { t, I: curve((x) => 0.4 / x - 0.01), J: curve(() => 0.02) }; // below 0 from t = 50
  const panel = (config: TrainConfig, measured: typeof positive) => ({
    config: resolveConfig({ steps: 50, workers: 1, ...config }),
    measured,
    theory: positive,
  });
  const yLabels = async (spec: TopLevelSpec) => {
    const svg = await toSvg(spec);
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((l) => /^[−-]?\d/.test(l));
  };
  const negatives = (labels: string[]) => labels.filter((l) => /^[−-]\d/.test(l));

  const [alone] = driveFigures([panel({ N: 100 }, positive)]);
  const labels = await yLabels(alone);
  assert.ok(labels.includes("0") && labels.includes("0.1"), `the axis labels 0 and 0.1: ${labels.join(" ")}`);
  assert.deepEqual(negatives(labels), []);

  const pair = driveFigures([panel({ N: 100, delta: 0.01 }, negative), panel({ N: 200 }, positive)]);
  for (const spec of pair) assert.ok(negatives(await yLabels(spec)).includes("−0.001"), "both panels reach −0.001");
});

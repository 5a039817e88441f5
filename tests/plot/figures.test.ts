import assert from "node:assert/strict";
import { test } from "node:test";
import { matchSnapshot } from "../helpers/snapshot";
import { clockFigure, driveFigure } from "../../src/plot/theory-figures";
import { lineChart } from "../../src/plot/line-chart";
import { markdownTable } from "../../src/plot/tables";
import { toSvg } from "../../src/plot/render";
import type { ClockCurves } from "../../src/theory/curves";

const curves: ClockCurves = {
  task: "gaussian",
  t: [1, 10, 100, 1000],
  continuous: [0.1, 1, 2.5, 3.2],
  discrete: [0.1, 1, 2.6, 3.3],
  c: [0.99, 0.95, 0.91, 0.91],
  early: [0.1, 1, 10, 100],
  late: [1.4, 2, 2.6, 3.2],
};

test("clockFigure() renders the stored SVG: two lines, two dashed asymptotes, log t axis", async () => {
  const svg = await toSvg(clockFigure(curves));
  matchSnapshot("clock-figure", svg);
  assert.match(svg, /γ\(t\)/);
  assert.match(svg, /t \(gradient-descent steps\)/);
  assert.match(svg, /stroke-dasharray="6,4"/);
});

test("clockFigure() hides the early asymptote where it leaves the plot", () => {
  const spec = JSON.stringify(clockFigure(curves));
  assert.ok(!spec.includes('"y":100'), "early asymptote point at γ = 100 should be dropped");
});

test("driveFigure() renders the stored SVG on log–log axes", async () => {
  const rows = [0, 1, 10, 100].map((t, i) => ({
    t,
    gamma: i,
    H: 10 / (i + 1),
    I: 0.4 / (i + 1) ** 2,
    fU: 1 / (i + 1),
  }));
  const svg = await toSvg(driveFigure(rows));
  matchSnapshot("drive-figure", svg);
  assert.match(svg, /f_U\(t\), SM \(21\)/);
});

test("lineChart() drops non-finite points and non-positive points on log axes", () => {
  const spec = lineChart([{ name: "s", x: [0, 1, 2, NaN], y: [1, -1, 2, 3] }], {
    xTitle: "x",
    yTitle: "y",
    xScale: "log",
    yScale: "log",
  }) as {
    layer: { data: { values: unknown[] } }[];
  };
  assert.deepEqual(spec.layer[0].data.values, [{ series: "s", x: 2, y: 2, i: 2 }]);
});

test("toSvg() rounds coordinates but never the text of tick labels", async () => {
  const svg = await toSvg(
    lineChart([{ name: "s", x: [1, 2], y: [0.001, 0.003] }], { xTitle: "x", yTitle: "y", yScale: "log" }),
  );
  assert.match(svg, />0\.003</);
  assert.doesNotMatch(svg, /\d\.\d{3,}"/);
});

test("markdownTable() formats numbers to 4 significant digits and keeps Infinity", () => {
  assert.equal(
    markdownTable([{ t: 1, H: Infinity, g: 0.123456 }], { g: "γ" }),
    "| t | H | γ |\n| --- | --- | --- |\n| 1 | Infinity | 0.1235 |",
  );
});

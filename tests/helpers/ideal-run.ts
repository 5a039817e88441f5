/**
 * A run record written from the theory instead of a trainer: every node exactly on main (10) with the
 * exact discrete clock, the drives exactly the theory's, each example satisfied exactly when |x∥| ≥ H_t.
 * The analysis must find nothing departing here; the tests then break one thing at a time.
 */
import { resolveConfig, type TrainConfig } from "../../src/train/config";
import type { TrainResult } from "../../src/train/result";
import { nodeTrajectory } from "../../src/theory/nodes";
import { checkParams } from "../../src/theory/params";
import { logTimes, stepDrives } from "../../src/theory/curves";
import { outputSpread } from "../../src/theory/finite-size";
import { Random } from "../../src/random";

/** Fig. 1's network on a smaller training set. */
export const IDEAL: TrainConfig = { N: 4000, test: 4000, d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000, steps: 200 };

export function idealRun(config: TrainConfig = {}, seed = 1): TrainResult {
  const c = resolveConfig({ ...IDEAL, workers: 1, ...config });
  const p = checkParams({ ...c, task: "gaussian" });
  const T = c.steps;
  const th = stepDrives(p, T, c.N);
  const rng = new Random(seed);
  const a0 = rng.fillNormal(new Float32Array(c.M));
  const w0 = rng.fillNormal(new Float32Array(c.M));
  const perp = Float32Array.from({ length: c.M }, () => Math.sqrt(c.d - 1) * (1 + 0.1 * rng.normal()));
  const t = [...new Set([...logTimes(T, 30), ...c.outputsAt])].sort((x, y) => x - y);
  const at = (s: number, field: "a" | "wPar") =>
    Float32Array.from(a0, (a, i) => nodeTrajectory({ a, wPar: w0[i] }, th.gamma[s], th.c[s])[field]);
  const errors = t.map((s) => 0.5 * Math.exp(-s / 20));
  // Examples: x∥ ~ N(0, 1); the last step at which |x∥| < H_t (H falls with t).
  const xPar = rng.fillNormal(new Float32Array(c.N));
  const lastUnsatisfied = Int32Array.from(xPar, (x) => {
    const first = th.H.findIndex((H) => Math.abs(x) >= H);
    return first < 0 ? T : first - 1;
  });
  const series = (f: (s: number) => number) => Float64Array.from({ length: T + 1 }, (_, s) => f(s));
  // Test outputs: f = ⟨f⟩ + noise of the spread of SM (19); nodeSpread exactly that spread.
  const testX = rng.fillNormal(new Float32Array(c.test));
  const norm2 = Float32Array.from(testX, (x) => x * x + c.d - 1);
  const spreads = c.outputsAt.map((s) =>
    Float32Array.from(testX, (x, n) =>
      outputSpread({ norm2: norm2[n], cosTheta: x / Math.sqrt(norm2[n]) }, th.gamma[s], p, th.c[s]),
    ),
  );
  const f = c.outputsAt.map((s, k) =>
    Float32Array.from(testX, (x, n) => {
      const mean = (th.c[s] ** 2 * Math.sinh(2 * th.gamma[s]) * x) / (2 * Math.sqrt(c.d));
      return mean + spreads[k][n] * rng.normal();
    }),
  );
  return {
    config: c,
    dataSource: "the theory (an ideal run)",
    backend: "cpu",
    workers: 1,
    stopReason: "completed",
    message: `completed ${T} steps`,
    lastStep: T,
    wallSeconds: 0,
    loopSeconds: 0,
    history: {
      trainError: series((s) => 0.5 * Math.exp(-s / 20)),
      loss: series((s) => th.fU[s]),
      fU: series((s) => th.fU[s]),
      Ipar: series((s) => (s < T ? th.I[s] : NaN)), // the last step has no gradient
      Jperp: series((s) => (s < T ? th.JoverSqrtN[s] : NaN)),
      evaluated: series(() => 1),
    },
    grid: {
      t,
      testError: errors.map((e) => e + 0.01),
      trainError: errors,
      a: t.map((s) => at(s, "a")),
      wPar: t.map((s) => at(s, "wPar")),
      wPerp: t.map(() => perp.slice()),
    },
    examples: {
      lastUnsatisfied,
      firstSatisfied: lastUnsatisfied.map((s) => (s < T ? s + 1 : -1)),
      xPar,
      y: Float32Array.from(xPar, Math.sign),
    },
    final: { a: at(T, "a"), W: new Float32Array(c.M * c.d) },
    wStar: null,
    testOutputs: { t: [...c.outputsAt], f, nodeSpread: spreads, xPar: testX, xNorm2: norm2 },
  };
}

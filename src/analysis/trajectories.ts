/**
 * The simulated node population against main (10): per-node predictions from each node's own
 * initial (a_i(0), w∥_i(0)), their errors over time, and the clock γ fitted from the population.
 */
import { clock, clockDiscrete } from "../theory/clock";
import { nodeTrajectory } from "../theory/nodes";
import type { ClockParams } from "../theory/params";
import type { TrainResult } from "../train/result";

/** k node indices spread evenly over 0..M−1. */
export function pickNodes(M: number, k: number): number[] {
  return Array.from({ length: Math.min(k, M) }, (_, j) => Math.floor(((j + 0.5) * M) / Math.min(k, M)));
}

/** The theory's clock at the given integer times, both ways: continuous γ(t), discrete γ_t and c_t. */
export function clocksAt(p: ClockParams, times: readonly number[]) {
  const disc = clockDiscrete(p, Math.max(0, ...times));
  return {
    continuous: clock(p, times).gamma,
    discrete: times.map((t) => disc.gamma[t]),
    c: times.map((t) => disc.c[t]),
  };
}

/** a_i(t) or w∥_i(t) of main (10) for the chosen nodes at `times`, from their recorded initial values. */
export function predictedTraces(
  r: TrainResult,
  p: ClockParams,
  nodes: readonly number[],
  times: readonly number[],
  field: "a" | "wPar",
  discrete: boolean,
): number[][] {
  const k = clocksAt(p, times);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  return nodes.map((i) =>
    times.map(
      (_, j) => nodeTrajectory(a0[i], w0[i], discrete ? k.discrete[j] : k.continuous[j], discrete ? k.c[j] : 1)[field],
    ),
  );
}

/** The recorded a_i, w∥_i or |w⊥_i| of the chosen nodes at every grid time. */
export function recordedTraces(r: TrainResult, nodes: readonly number[], field: "a" | "wPar" | "wPerp"): number[][] {
  return nodes.map((i) => r.grid[field].map((v) => v[i]));
}

export interface TrajectoryError {
  t: number;
  /** RMS over nodes of (measured − predicted), relative to the RMS prediction: continuous clock. */
  aContinuous: number;
  /** The same with the exact discrete-step clock and factor c_t. */
  aDiscrete: number;
  wContinuous: number;
  wDiscrete: number;
}

/** Relative RMS error of a_i(t) and w∥_i(t) against main (10), all nodes, at each grid time t > 0. */
export function trajectoryErrors(r: TrainResult, p: ClockParams): TrajectoryError[] {
  const times = r.grid.t.filter((t) => t > 0);
  const k = clocksAt(p, times);
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  return times.map((t, j) => {
    const g = r.grid.t.indexOf(t);
    const err = (gamma: number, c: number, field: "a" | "wPar") => {
      let num = 0,
        den = 0;
      for (let i = 0; i < a0.length; i++) {
        const pred = nodeTrajectory(a0[i], w0[i], gamma, c)[field];
        num += (r.grid[field][g][i] - pred) ** 2;
        den += pred ** 2;
      }
      return Math.sqrt(num / den);
    };
    return {
      t,
      aContinuous: err(k.continuous[j], 1, "a"),
      aDiscrete: err(k.discrete[j], k.c[j], "a"),
      wContinuous: err(k.continuous[j], 1, "wPar"),
      wDiscrete: err(k.discrete[j], k.c[j], "wPar"),
    };
  });
}

/**
 * γ (and the discrete factor c) fitted to the population at each grid time: main (10) maps a ± w∥ to
 * c e^{±γ} (a(0) ± w∥(0)), so with least-squares slopes k± of (a ± w∥)(t) on (a ± w∥)(0),
 * γ = ½ log(k₊/k₋) and c = √(k₊ k₋). No theory enters the fit. Late on, c e^{−γ} sinks toward the
 * finite-N, finite-M scatter of a − w∥: once k₋ is within 50 of its standard errors of 0 (c's own
 * relative standard error ≈ SE(k₋)/(2k₋) then passes 1%), c is held at its last value and γ = log(k₊/c).
 * c hardly changes by then (c_{t+1} = c_t √(1 − η_t²) with η_t ≪ 1); holding it later, where k₋ is
 * noise, biases c low and γ high (by 0.09 at Fig. 1's t = 290 with a threshold of 5).
 * `nodes`: fit a subset only.
 */
export function fittedClock(r: TrainResult, nodes?: readonly number[]): { t: number[]; gamma: number[]; c: number[] } {
  const [a0, w0] = [r.grid.a[0], r.grid.wPar[0]];
  const all = nodes ?? Array.from(a0, (_, i) => i);
  const slope = (g: number, sign: 1 | -1) => {
    let sxy = 0,
      sxx = 0;
    for (const i of all) {
      const x = a0[i] + sign * w0[i];
      sxy += x * (r.grid.a[g][i] + sign * r.grid.wPar[g][i]);
      sxx += x * x;
    }
    const k = sxy / sxx;
    let res = 0;
    for (const i of all) res += (r.grid.a[g][i] + sign * r.grid.wPar[g][i] - k * (a0[i] + sign * w0[i])) ** 2;
    return { k, se: Math.sqrt(res / Math.max(1, all.length - 1) / sxx) };
  };
  const gamma: number[] = [],
    c: number[] = [];
  let lastC = 1;
  let held = false;
  r.grid.t.forEach((_, g) => {
    const [p, m] = [slope(g, 1), slope(g, -1)];
    if (!held && m.k > 50 * m.se) {
      lastC = Math.sqrt(p.k * m.k);
      gamma.push(0.5 * Math.log(p.k / m.k));
      c.push(lastC);
    } else {
      held = true;
      gamma.push(Math.log(p.k / lastC));
      c.push(lastC);
    }
  });
  return { t: [...r.grid.t], gamma, c };
}

/** Finite M and finite N, measured (main section 3.3, SM 1.3): output spreads and the growth of |w⊥|. */
import { clockDiscrete } from "../theory/clock";
import { outputSpread } from "../theory/finite-size";
import { modelParams } from "../train/config";
import type { TrainResult } from "../train/result";

export interface SpreadBin {
  /** Bin centre in x∥. */
  xPar: number;
  /**
   * RMS over the bin's test examples of the spread of f(x) over independent M-node networks drawn from the
   * simulated population.
   */
  overNetworks: number;
  /** Standard deviation over the bin's test examples of f(x) − ⟨f⟩(x∥), for the one simulated network. */
  overExamples: number;
  /** σ_f/√M of SM (19) at the bin's mean |x|² and cos θ, with the discrete-step factor c_t. */
  theory: number;
  count: number;
}

/**
 * The output's spread at finite M (SM (19)) at a recorded step `t`, per x∥ bin of the test set, two ways:
 * over networks (each example's node contributions φ_i(x) are i.i.d. draws from the population, so their
 * standard deviation /√M is the spread of f(x) over independent M-node networks: the quantity of SM (19)),
 * and over the examples of the bin for the one network (after removing the mean output, linear in x∥):
 * this misses the network-to-network variation of the slope of ⟨f⟩, so it comes out smaller.
 */
export function outputSpreadByBin(r: TrainResult, t: number, bins = 12, range = 2.5): SpreadBin[] {
  const k = r.testOutputs.t.indexOf(t);
  if (k < 0) {
    const recorded = r.testOutputs.t.join(", ");
    throw new RangeError(`invalid t; expected one of the recorded output steps ${recorded}, got ${t}`);
  }
  const p = modelParams(r.config);
  const [f, xp, x2] = [r.testOutputs.f[k], r.testOutputs.xPar, r.testOutputs.xNorm2];
  const spread = r.testOutputs.nodeSpread[k] ?? new Float32Array(f.length).fill(NaN);
  let sxy = 0,
    sxx = 0;
  for (let n = 0; n < f.length; n++) {
    sxy += f[n] * xp[n];
    sxx += xp[n] * xp[n];
  }
  const slope = sxy / sxx;
  const disc = clockDiscrete(p, t);
  const out: SpreadBin[] = [];
  const width = (2 * range) / bins;
  for (let b = 0; b < bins; b++) {
    const lo = -range + b * width,
      hi = lo + width;
    let [n0, s, s2, sx2, net2] = [0, 0, 0, 0, 0];
    for (let n = 0; n < f.length; n++) {
      if (xp[n] < lo || xp[n] >= hi) continue;
      const res = f[n] - slope * xp[n];
      n0++;
      s += res;
      s2 += res * res;
      sx2 += x2[n];
      net2 += spread[n] * spread[n];
    }
    if (n0 < 20) continue;
    const mean = s / n0;
    const centre = (lo + hi) / 2;
    const norm2 = sx2 / n0;
    const cosTheta = Math.max(-1, Math.min(1, centre / Math.sqrt(norm2)));
    out.push({
      xPar: centre,
      overNetworks: Math.sqrt(net2 / n0),
      overExamples: Math.sqrt(s2 / n0 - mean * mean),
      theory: outputSpread({ norm2, cosTheta }, disc.gamma[t], p, disc.c[t]),
      count: n0,
    });
  }
  return out;
}

/** Output spreads at every recorded output step (see outputSpreadByBin). */
export function outputSpreads(r: TrainResult): { t: number; bins: SpreadBin[] }[] {
  return r.testOutputs.t.map((t) => ({ t, bins: outputSpreadByBin(r, t) }));
}

/** Median and range of a list of ratios. */
export interface RatioSummary {
  median: number;
  min: number;
  max: number;
}

/** Measured over predicted spread across the x∥ bins of one step. */
export interface SpreadRatio {
  t: number;
  bins: number;
  overNetworks: RatioSummary;
  overExamples: RatioSummary;
}

export function spreadAgreement(r: TrainResult): SpreadRatio[] {
  const summary = (v: number[]): RatioSummary => {
    const s = [...v].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
  };
  return outputSpreads(r).map(({ t, bins }) => ({
    t,
    bins: bins.length,
    overNetworks: summary(bins.map((b) => b.overNetworks / b.theory)),
    overExamples: summary(bins.map((b) => b.overExamples / b.theory)),
  }));
}

/** Mean |w⊥_i| over nodes at each grid time, relative to its initial value. */
export function meanPerpendicular(r: TrainResult): { t: number[]; ratio: number[] } {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const m0 = mean(r.grid.wPerp[0]);
  return { t: [...r.grid.t], ratio: r.grid.wPerp.map((v) => mean(v) / m0) };
}

/**
 * Named parameter sets, one per figure, scaled by the run profile (DESIGN.md section 5).
 * `paper` is exactly the paper's; the others shrink only what costs time.
 */
import { byProfile, type Profile } from "./profile";
import type { ClockParams } from "./theory/params";

/** A Gaussian-data run: the theory's parameters plus the sizes a simulation needs. */
export interface RunPreset extends ClockParams {
  /** Training examples. */
  N: number;
  /** Test (validation) examples. */
  test: number;
  /** Gradient-descent steps. */
  steps: number;
}

/** Main Fig. 1 (mean field): Gaussian data, M = 400, N = 10^5, d = 100, α = h = 1, β* = 10^3, 2·10^3 steps. */
export function fig1(profile?: Profile): RunPreset {
  const base = { d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000, data: "gaussian" as const };
  return byProfile<RunPreset>(
    {
      paper: { ...base, N: 100_000, test: 100_000, steps: 2000 },
      quick: { ...base, N: 20_000, test: 20_000, steps: 500 },
      smoke: { ...base, N: 2000, test: 2000, M: 100, betaStar: 250, steps: 50 },
    },
    profile,
  );
}

/** SM Fig. 2 (mislabeling): as Fig. 1 with δ = 0.01 and 10^4 steps. */
export function smFig2(profile?: Profile): RunPreset {
  const f = fig1(profile);
  return { ...f, delta: 0.01, steps: byProfile({ paper: 10_000, quick: 2000, smoke: 50 }, profile) };
}

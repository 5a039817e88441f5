/**
 * hinge-dynamics: `import * as hd from "hinge-dynamics"`.
 *
 * At the top, what a notebook does in one call: the presets of each figure, getting a run (cached, with a
 * live display), showing figures and tables, and each notebook's conclusion. Below them, one namespace per
 * layer of the library (docs/design.md §1):
 *   hd.theory    the mean-field theory (clock, drives, nodes, finite size), pure float64 functions
 *   hd.train     the exact trainer, its records, saved runs and the run cache
 *   hd.data      the teacher task, .npy arrays, the real datasets
 *   hd.analysis  what a run did against the theory, as typed records
 *   hd.plot      figures (Vega-Lite specs) and Markdown tables of those records
 * File formats, workers, rendering and display plumbing are internal.
 */
export * as theory from "./api/theory";
export * as train from "./api/train";
export * as data from "./api/data";
export * as analysis from "./api/analysis";
export * as plot from "./api/plot";

// Parameters, profiles and the named presets of each figure.
export { DEFAULTS } from "./defaults";
export { ParameterError } from "./validate";
export { currentProfile, PROFILES, type Profile } from "./profile";
export { fig1, sphere, alphaSweep, lazy, finiteN, finiteM, spreadRun, smFig2, twoWidths } from "./presets";
export { mnistNpmPreset, fashionMnistPreset, cifar10Preset, imagenet32Preset } from "./presets";
export type { Preset, RealPreset } from "./presets";

// Runs with a live display (from the cache when they exist), and showing what they did.
export { runPreset, runPresets, runRealPreset } from "./notebook/runs";
export { currentRun } from "./train/cache";
export { runSweep } from "./notebook/runs";
export { sweep, SweepError, type SweepOptions, type SweepProgress, type SweepResult } from "./sweep/sweep";
export type { SweepPlan, SweepKey } from "./sweep/plan";
export type { SlurmOptions } from "./sweep/slurm";
export type { SweepRow } from "./sweep/summary";
export { crossoverSweep, finiteNSweep, type SweepPreset } from "./presets";
export { crossoverData, finiteNData, crossoverSentence, finiteNSentence, beyondConclusion } from "./notebook/beyond";
export { show, showMarkdown, showAnimation } from "./plot/display";
export { sideBySide } from "./plot/layout";
export { nodesFigure, showPopulationAnimation, populationsAtEnds } from "./notebook/figures";
export { showRealRun, hyperbolaCurves } from "./notebook/real-data";

// Sentences and conclusions whose words are chosen by the data (docs/design.md §6).
export { driveSignSentence, satisfactionSentence, regimeSentence, realClockSentence } from "./notebook/sentences";
export { perpendicularGrowthSentence } from "./notebook/sentences";
export { meanFieldConclusion, finiteSizeConclusion, mislabelingConclusion } from "./notebook/conclusions";
export { realDataConclusion, realDataClosing, twoWidthsConclusion } from "./notebook/conclusions";

/**
 * hinge-dynamics: the public API, grouped as the library is layered. Notebooks use
 * `import * as hd from "hinge-dynamics"`. Everything not listed here (file formats, the trainer's shards and
 * workers, rendering and display plumbing) is internal: import it from its module if you must.
 */

// Parameters, profiles and the named presets of each figure.
export { DEFAULTS } from "./defaults";
export { ParameterError } from "./validate";
export { checkParams, DATA_KINDS, meanFieldRate } from "./theory/params";
export type { CheckedParams, DataKind, ModelParams } from "./theory/params";
export { currentProfile, PROFILES, type Profile } from "./profile";
export { fig1, sphere, alphaSweep, lazy, finiteN, finiteM, spreadRun, smFig2, twoWidths } from "./presets";
export { mnistNpmPreset, fashionMnistPreset, cifar10Preset, imagenet32Preset } from "./presets";
export type { Preset, RealPreset } from "./presets";

// Theory, in float64: main (10)-(14) and SM (12)-(24).
export { clock, clockDiscrete, clockEarly, clockLate, clockRate } from "./theory/clock";
export type { ClockSolution, DiscreteClock } from "./theory/clock";
export { drivesAt, driveGaussian, driveSphere, unsatisfiedFraction, unsatisfiedFractionSphere } from "./theory/drive";
export type { Drives } from "./theory/drive";
export { nodeTrajectory, populationCovariance, meanOutput, type NodeState } from "./theory/nodes";
export { outputSpread, outputVariancePerNode, satisfactionBand } from "./theory/finite-size";
export type { ExampleGeometry, SatisfactionBand } from "./theory/finite-size";
export { theoryTable, stepDrives, clockCurves, clockCurvesAt, logTimes } from "./theory/summary";
export type { ClockCurves, StepDrives, TheoryRow, TheoryTableOptions } from "./theory/summary";

// Training: the exact trainer, its records, run folders and the run cache.
export { train, Trainer, type TrainerState } from "./train/trainer";
export { modelParams, resolveConfig, type Progress, type ResolvedConfig, type TrainConfig } from "./train/config";
export type { Grid, History, StopReason, TrainResult } from "./train/result";
export { loadResult, RunFolderError, saveResult } from "./train/result-io";
export { cacheDir, currentRun, trainCached } from "./train/cache";
export { historyFrame } from "./train/frame";
export { availableBackends, BACKENDS, type BackendName } from "./train/engine";

// Data: the teacher task, .npy arrays, and the real datasets.
export { teacherTask, type Dataset, type TeacherTaskOptions } from "./data/synthetic";
export { datasetFromNpy, type NpyDataFiles } from "./data/explicit";
export { readNpy, writeNpy, type Npy } from "./data/npy";
export { defaultDataDir, loadRealDataset, REAL_DATASETS } from "./data/real";
export type { RealDataOptions, RealDatasetName, Split } from "./data/real";

// Analysis: what the runs did, against the theory, as typed records (no formatting).
export { nearestGridTimes, pickNodes, plotSteps, bestTestError, finalErrors } from "./analysis/grid";
export { fittedClock, drivenClock, trajectoryErrors, predictedTraces, recordedTraces } from "./analysis/trajectories";
export type { ClockTrace, NodeField, TrajectoryError } from "./analysis/trajectories";
export { agreementTable, type AgreementRow } from "./analysis/agreement";
export {
  satisfactionCloud,
  thresholdCurves,
  fractionInBand,
  relapses,
  firstSatisfaction,
} from "./analysis/satisfaction";
export type { SatisfactionCloud, ThresholdCurves, Relapses, FirstSatisfaction } from "./analysis/satisfaction";
export { clockCheck, largeNodes, perpendicularCheck, driveSignChange } from "./analysis/departures";
export type { ClockCheckRow, DriveSign, LargeNodes, PerpendicularCheck } from "./analysis/departures";
export {
  outputSpreadByBin,
  outputSpreads,
  spreadAgreement,
  departureTime,
  departureTimes,
  meanPerpendicular,
} from "./analysis/finite-size";
export type { Departures, SpreadBin, SpreadRatio } from "./analysis/finite-size";
export {
  bandData,
  bandTable,
  errorCurves,
  driveData,
  unsatisfiedCurves,
  perpendicularCurves,
  departureTable,
  distinctRuns,
} from "./analysis/compare";
export type { BandData, BandRow, DriveData, ErrorCurve, UnsatisfiedCurve } from "./analysis/compare";
export { relativeMovement, theoryMovement, regimeRow, regimeClocks } from "./analysis/regimes";
export type { RegimeClock, RegimeRow } from "./analysis/regimes";
export {
  populationSnapshots,
  populationTrajectories,
  predictedPopulation,
  populationByGroup,
} from "./analysis/population";
export { populationFlow, type Population, type PopulationFrame } from "./analysis/population";
export { nodeGroups, groupClocks, hyperbolaError, departureStep, shapeAgreement } from "./analysis/classes";
export type { GroupClocks, NodeGroups, ShapeRow } from "./analysis/classes";
export { HYPERBOLA_TOLERANCE, stageSummary, lookTimes, firstStage, twoWidthsStart } from "./analysis/first-stage";
export type { FirstStage, StageSummary, TwoWidthsStart } from "./analysis/first-stage";

// Figures (Vega-Lite specs, pure), Markdown tables, and showing them in a notebook.
export { lineChart, PALETTE, type LineChartOptions, type Series, type SeriesMark } from "./plot/line-chart";
export { sideBySide, runLabel, T_STEPS, SIM_VS_THEORY } from "./plot/layout";
export { clockFigure, driveFigure } from "./plot/theory-figures";
export { trajectoriesFigure, clockWithFitFigure, populationFigure, trajectoryErrorFigure } from "./plot/node-figures";
export { groupClockFigure, hyperbolaErrorFigure } from "./plot/node-figures";
export { satisfactionFigure, bandFigures, spreadFigures, errorsFigure } from "./plot/finite-size-figures";
export { drivesFigure, driveFigures, unsatisfiedFigure, perpendicularFigure } from "./plot/finite-size-figures";
export { departureErrorsFigure } from "./plot/finite-size-figures";
export { regimeSweepFigures, regimeClockFigure } from "./plot/regime-figures";
export { markdownTable, runSummary, agreementMarkdown, clockCheckMarkdown, spreadMarkdown } from "./plot/tables";
export { bandMarkdown, departuresMarkdown, perpendicularMarkdown, regimeMarkdown, shapeMarkdown } from "./plot/tables";
export { stageMarkdown, largeNodesSentence } from "./plot/tables";
export { driveSignSentence, satisfactionSentence, regimeSentence, realClockSentence } from "./notebook/sentences";
export { perpendicularGrowthSentence } from "./notebook/sentences";
export { show, showMarkdown, showAnimation, figuresDir } from "./plot/display";
export { toSvg, toPng } from "./plot/render";

// Notebooks: runs with a live display, composite figures, and each notebook's closing paragraph.
export { runPreset, runPresets, runRealPreset } from "./notebook/runs";
export { nodesFigure, showPopulationAnimation, populationsAtEnds } from "./notebook/figures";
export { showRealRun, hyperbolaCurves } from "./notebook/real-data";
export { meanFieldConclusion, finiteSizeConclusion, mislabelingConclusion } from "./notebook/conclusions";
export { realDataConclusion, realDataClosing, twoWidthsConclusion } from "./notebook/conclusions";

/** hd.analysis: what a run did against the theory, as typed records (no formatting). */
export { nearestGridTimes, pickNodes, plotSteps, bestTestError, finalErrors } from "../analysis/grid";
export { fittedClock, drivenClock, trajectoryErrors, predictedTraces, recordedTraces } from "../analysis/trajectories";
export type { NodeField, TrajectoryError } from "../analysis/trajectories";
export { agreementTable, type AgreementRow } from "../analysis/agreement";
export {
  satisfactionCloud,
  thresholdCurves,
  fractionInBand,
  relapses,
  firstSatisfaction,
} from "../analysis/satisfaction";
export type { SatisfactionCloud, ThresholdCurves, Relapses, FirstSatisfaction } from "../analysis/satisfaction";
export { departureTime, departureTimes, departureTable, departureStep } from "../analysis/departures";
export { clockCheck, largeNodes, perpendicularCheck, driveSignChange } from "../analysis/departures";
export type { ClockCheckRow, Departures, DriveSign, LargeNodes, PerpendicularCheck } from "../analysis/departures";
export { outputSpreadByBin, outputSpreads, spreadAgreement, meanPerpendicular } from "../analysis/finite-size";
export type { SpreadBin, SpreadRatio } from "../analysis/finite-size";
export {
  bandData,
  bandTable,
  errorCurves,
  driveData,
  unsatisfiedCurves,
  perpendicularCurves,
} from "../analysis/compare";
export { distinctRuns } from "../analysis/compare";
export type { BandData, BandRow, DriveData, ErrorCurve, UnsatisfiedCurve } from "../analysis/compare";
export { relativeMovement, theoryMovement, regimeRow, regimeClocks } from "../analysis/regimes";
export type { RegimeClock, RegimeRow } from "../analysis/regimes";
export { populationSnapshots, predictedPopulation, populationFlow } from "../analysis/population";
export type { Population, PopulationFrame } from "../analysis/population";
export { nodeGroups, groupClocks, hyperbolaError, shapeAgreement } from "../analysis/classes";
export type { GroupClocks, NodeGroups, ShapeRow } from "../analysis/classes";
export {
  HYPERBOLA_TOLERANCE,
  CLOCK_AGREEMENT,
  stageSummary,
  lookTimes,
  firstStage,
  twoWidthsStart,
} from "../analysis/first-stage";
export type { FirstStage, StageSummary, TwoWidthsStart } from "../analysis/first-stage";

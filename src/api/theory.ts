/** hd.theory: the mean-field theory in float64, main (10)-(14) and SM (12)-(24) (docs/design.md §4). */
export { checkParams, DATA_KINDS, meanFieldRate } from "../theory/params";
export type { CheckedParams, DataKind, ModelParams } from "../theory/params";
export { clock, clockDiscrete, clockEarly, clockLate, clockRate, clockFromDrive, discreteStep } from "../theory/clock";
export type { ClockSolution, ClockTrace, DiscreteClock } from "../theory/clock";
export { drivesAt } from "../theory/drive";
export { driveGaussian, driveSphere, unsatisfiedFractionGaussian, unsatisfiedFractionSphere } from "../theory/drive";
export type { Drives } from "../theory/drive";
export { nodeTrajectory, predictedMovement, populationCovariance, meanOutput, type NodeState } from "../theory/nodes";
export { outputSpread, outputVariancePerNode, satisfactionBand } from "../theory/finite-size";
export type { ExampleGeometry, SatisfactionBand } from "../theory/finite-size";
export { theoryTable, stepDrives, clockCurves, clockCurvesAt, logTimes } from "../theory/curves";
export type { ClockCurves, StepDrives, TheoryRow, TheoryTableOptions } from "../theory/curves";

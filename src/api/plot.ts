/** hd.plot: figures as Vega-Lite specs (pure: records in, spec out) and the records as Markdown tables. */
export { lineChart, PALETTE, type LineChartOptions, type Series, type SeriesMark } from "../plot/line-chart";
export { runLabel, T_STEPS, SIM_VS_THEORY, MAX_FIGURE_WIDTH } from "../plot/layout";
export { clockFigure, driveFigure } from "../plot/theory-figures";
export { trajectoriesFigure, clockWithFitFigure, populationFigure, trajectoryErrorFigure } from "../plot/node-figures";
export { groupClockFigure, hyperbolaErrorFigure } from "../plot/node-figures";
export { satisfactionFigure, bandFigures, spreadFigures, errorsFigure } from "../plot/finite-size-figures";
export { drivesFigure, driveFigures, unsatisfiedFigure, perpendicularFigure } from "../plot/finite-size-figures";
export { departureErrorsFigure } from "../plot/finite-size-figures";
export { regimeSweepFigures, regimeClockFigure } from "../plot/regime-figures";
export { markdownTable, runSummary, agreementMarkdown, clockCheckMarkdown, spreadMarkdown } from "../plot/tables";
export { bandMarkdown, departuresMarkdown, perpendicularMarkdown, regimeMarkdown, shapeMarkdown } from "../plot/tables";
export { stageMarkdown, largeNodesSentence } from "../plot/tables";
export { crossoverFigures, finiteNFigure } from "../plot/sweep-figures";

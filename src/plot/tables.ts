/** The analysis records as Markdown tables and sentences: every number's format and header lives here. */
import type { AgreementRow } from "../analysis/agreement";
import type { ClockCheckRow, Departures, LargeNodes, PerpendicularCheck } from "../analysis/departures";
import type { SpreadRatio } from "../analysis/finite-size";
import type { ShapeRow } from "../analysis/classes";
import type { BandRow } from "../analysis/compare";
import { HYPERBOLA_TOLERANCE, type StageSummary } from "../analysis/first-stage";
import type { RegimeRow } from "../analysis/regimes";
import { engineWords, type TrainResult } from "../train/result";
import { withoutMachinePaths } from "../package-root";

/** One sentence on how a run ended: errors, steps, time, backend. */
export function runSummary(r: TrainResult): string {
  const last = r.grid.t.length - 1;
  const c = r.config;
  // A real dataset's held-out images are its validation set (notebook 04's word); a synthetic task's, its test set.
  const held = c.task === "explicit" ? "validation" : "test";
  return (
    `${withoutMachinePaths(r.dataSource)}; N = ${c.N}, M = ${c.M}, d = ${c.d}, α = ${c.alpha}, h = ${c.h}, β* = ${c.betaStar}: ` +
    `${r.message}. Final training error ${r.history.trainError[r.lastStep].toFixed(4)}, ${held} error ${r.grid.testError[last].toFixed(4)} ` +
    `(${c.test} ${held} examples). ${r.wallSeconds.toFixed(0)} s on ${engineWords(r)}.`
  );
}

export function agreementMarkdown(rows: AgreementRow[]): string {
  return markdownTable(
    rows.map((r) => ({
      t: r.t,
      "rel. error a, continuous": r.aContinuous,
      "rel. error a, discrete": r.aDiscrete,
      "rel. error w∥, continuous": r.wContinuous,
      "rel. error w∥, discrete": r.wDiscrete,
      "γ fitted": r.gammaFitted,
      "γ(t) continuous": r.gammaContinuous,
      "γ_t discrete": r.gammaDiscrete,
      "test error": r.testError,
    })),
  );
}

export function clockCheckMarkdown(rows: ClockCheckRow[]): string {
  return markdownTable(
    rows.map((r) => ({
      t: r.t,
      "γ fitted to the nodes": r.fitted,
      "γ from the measured drive": r.driven,
      "γ_t, main (13) discrete": r.discrete,
      "γ(t), main (13) continuous": r.continuous,
      "measured drive I∥ / I(H_t)": r.driveRatio,
    })),
  );
}

export function spreadMarkdown(rows: SpreadRatio[]): string {
  const cell = (s: SpreadRatio["overNetworks"]) => `${s.median.toFixed(3)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  return markdownTable(
    rows.map((r) => ({
      t: r.t,
      bins: r.bins,
      "over networks / (σ_f/√M): median (range)": cell(r.overNetworks),
      "over examples / (σ_f/√M): median (range)": cell(r.overExamples),
    })),
  );
}

export function bandMarkdown(rows: readonly BandRow[]): string {
  return markdownTable(
    rows.map((r) => ({
      M: r.M,
      steps: r.steps,
      "satisfied examples": r.satisfied,
      "unsatisfied again later": r.relapsed,
      "inside [x∥₋(t), x∥₊(t−1)], SM (20)": r.insideBand,
      "inside, for t ≤ 25": r.insideBandEarly,
    })),
  );
}

export function departuresMarkdown(rows: Departures[]): string {
  const when = (t: number) => (Number.isNaN(t) ? "not within the run" : t);
  return markdownTable(
    rows.map((r) => ({
      N: r.N,
      M: r.M,
      δ: r.delta,
      "I∥": when(r.Ipar),
      "J⊥": when(r.Jperp),
      f_U: when(r.fU),
      "a_i (RMS)": when(r.nodes),
      "min test error": r.minTestError,
      "reached at t": r.minTestErrorAt,
    })),
  );
}

/** The largest nodes at the end against main (10) on the theory's clock and on the clock of the measured drive. */
export function largeNodesSentence(b: LargeNodes): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return (
    `The ${b.count} nodes that grow most (largest |a(0) + w∥(0)|) reach, at t = ${b.t}, ` +
    `${pct(b.aTheory)} (a) and ${pct(b.wTheory)} (w∥) of main (10) on the theory's discrete clock, ` +
    `and ${pct(b.aDriven)} (a) and ${pct(b.wDriven)} (w∥) of main (10) on the clock of the measured drive.`
  );
}

export function perpendicularMarkdown(rows: PerpendicularCheck[]): string {
  return markdownTable(
    rows.map((r) => ({
      N: r.N,
      M: r.M,
      "peak J⊥/(J/√N)": r.peak,
      "at t": r.peakAt,
      "f_U/erf(H/√2) there": r.fUAtPeak,
      "J⊥/(J/√N) late": r.late,
      "same, J from the measured f_U": r.lateMeasuredFU,
      "late t": r.lateAt,
    })),
  );
}

export function regimeMarkdown(rows: RegimeRow[]): string {
  return markdownTable(
    rows.map((r) => ({
      α: r.alpha,
      "β*": r.betaStar,
      steps: r.steps,
      "fixed point": r.fixedPoint ? "yes" : "no",
      "final training error": r.finalTrainError,
      "final test error": r.finalTestError,
      "movement of a": r.movement,
      "main (10)": r.movementTheory,
      "γ fitted": r.gammaFitted,
      "γ_t, main (13)": r.gammaTheory,
      "γ from the measured drive": r.gammaDriven,
    })),
  );
}

/** Renders rows (all with the same keys) as a Markdown table; `headers` relabels the keys. */
export function markdownTable(rows: readonly object[], headers: Record<string, string> = {}, digits = 4): string {
  if (rows.length === 0) return "_(no rows)_";
  const keys = Object.keys(rows[0]);
  const fmt = (v: unknown) =>
    typeof v === "number"
      ? Number.isInteger(v)
        ? String(v)
        : Number.isFinite(v)
          ? v.toPrecision(digits)
          : Number.isNaN(v)
            ? "–" // not measured (e.g. the drive after the last step)
            : String(v)
      : String(v);
  const head = `| ${keys.map((k) => headers[k] ?? k).join(" | ")} |`;
  const rule = `| ${keys.map(() => "---").join(" | ")} |`;
  const body = rows.map((r) => `| ${keys.map((k) => fmt((r as Record<string, unknown>)[k])).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

/** The shape-agreement rows (classes.ts) as a Markdown table. */
export function shapeMarkdown(rows: readonly ShapeRow[]): string {
  return markdownTable(
    rows.map((r) => ({
      t: r.t,
      "γ fitted": r.gammaFitted,
      "γ, a(0) + w∥(0) > 0": r.gammaPlus,
      "γ, a(0) + w∥(0) < 0": r.gammaMinus,
      "γ from the measured drive": r.gammaDriven,
      "distance from main (10)": r.hyperbolaError,
      "training error": r.trainError,
      "validation error": r.testError,
    })),
  );
}

/** The table across datasets (first-stage.ts); null rows (no data) are left out. */
export function stageMarkdown(rows: readonly ((StageSummary & { dataset: string }) | null)[]): string {
  return markdownTable(
    rows
      .filter((r) => r !== null)
      .map((r) => ({
        dataset: r.dataset,
        N: r.N,
        d: r.d,
        M: r.M,
        steps: r.steps,
        "final training error": r.finalTrainError,
        "final validation error": r.finalValidationError,
        [`nodes leave main (10) (distance > ${HYPERBOLA_TOLERANCE}) at t`]: r.departure,
        "γ there": r.gamma,
        "γ, a(0) + w∥(0) > 0": r.gammaPlus,
        "γ, a(0) + w∥(0) < 0": r.gammaMinus,
      })),
  );
}

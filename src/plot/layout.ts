/** What several figures share: axis titles and labels in the paper's symbols, and putting figures side by side. */
import type { TopLevelSpec } from "vega-lite";
import type { ResolvedConfig } from "../train/config";

/** The time axis of every dynamics figure. */
export const T_STEPS = "t (gradient-descent steps)";
/** The note of figures that put simulation against theory. */
export const SIM_VS_THEORY = "markers: simulation · lines: theory";
/** The clock's axis. */
export const GAMMA = "γ(t)";

type Labelled = Pick<ResolvedConfig, "N" | "M" | "alpha" | "delta">;

/**
 * A short label for a run among the runs `shown` with it: its N and M, and α and δ when some run shown has
 * a value other than the paper's 1 and 0 (so each of two runs that differ in δ says its own δ).
 */
export function runLabel(c: Labelled, shown: readonly Labelled[] = [c]): string {
  const alpha = shown.some((s) => s.alpha !== 1);
  const delta = shown.some((s) => s.delta !== 0);
  return `N = ${c.N}, M = ${c.M}${alpha ? `, α = ${c.alpha}` : ""}${delta ? `, δ = ${c.delta}` : ""}`;
}

/** The widest a figure may be at its natural size: readable in a 900 px notebook column. */
export const MAX_FIGURE_WIDTH = 1000;

/**
 * Several figures, each keeping its own axes and legend, `columns` to a row (default: all in one row);
 * `width` is each panel's plotting width. Keep rows within MAX_FIGURE_WIDTH (the notebooks test measures it).
 */
export function sideBySide(specs: TopLevelSpec[], width = 400, columns = specs.length): TopLevelSpec {
  const parts = specs.map((s) => {
    const {
      $schema: _schema,
      config: _config,
      background: _background,
      ...rest
    } = s as unknown as Record<string, unknown>;
    return { ...rest, width, height: Math.round(width * 0.7) };
  });
  const first = specs[0] as unknown as Record<string, unknown>;
  return {
    $schema: first.$schema,
    background: "white",
    config: first.config,
    ...(columns >= specs.length ? { hconcat: parts } : { concat: parts, columns }),
    resolve: { scale: { color: "independent", shape: "independent", strokeDash: "independent" } },
  } as TopLevelSpec;
}

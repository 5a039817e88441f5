/** What several figures share: axis titles and labels in the paper's symbols, and putting figures side by side. */
import type { TopLevelSpec } from "vega-lite";
import type { ResolvedConfig } from "../train/config";

/** The time axis of every dynamics figure. */
export const T_STEPS = "t (gradient-descent steps)";
/** The note of figures that put simulation against theory. */
export const SIM_VS_THEORY = "markers: simulation · lines: theory";
/** The clock's axis. */
export const GAMMA = "γ(t)";

/** A short label for a run: its N and M, and α and δ when they are not the paper's 1 and 0. */
export function runLabel(c: Pick<ResolvedConfig, "N" | "M" | "alpha" | "delta">): string {
  return `N = ${c.N}, M = ${c.M}${c.alpha !== 1 ? `, α = ${c.alpha}` : ""}${c.delta ? `, δ = ${c.delta}` : ""}`;
}

/** Several figures in one row, each keeping its own axes and legend; `width` is each panel's plotting width. */
export function sideBySide(specs: TopLevelSpec[], width = 400): TopLevelSpec {
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
    hconcat: parts,
    resolve: { scale: { color: "independent", shape: "independent", strokeDash: "independent" } },
  } as TopLevelSpec;
}

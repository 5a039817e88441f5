/** What every notebook does to get a run: from the cache if it exists, else trained with a live display. */
import { runSummary } from "./analysis/agreement";
import { liveProgress } from "./plot/live";
import { showMarkdown } from "./plot/display";
import { trainCached } from "./train/cache";
import type { TrainConfig } from "./train/config";
import type { TrainResult } from "./train/result";
import type { Preset } from "./presets";
import type { PresetRun } from "./analysis/compare";

/**
 * Loads the run for `config` from the cache, or trains it with a live progress display (the
 * notebook's Interrupt stops it cleanly; an interrupted run is not cached). Shows a one-line summary.
 */
export async function runPreset(config: TrainConfig, title: string): Promise<TrainResult> {
  const r = await trainCached({ ...config, onProgress: liveProgress(title) });
  showMarkdown(`**${title}** (${r.cached ? "loaded from the run cache" : "trained now"}): ${runSummary(r)}`);
  return r;
}

/** runPreset for each preset in turn; returns each run with its preset. */
export async function runPresets(presets: Preset[], title: string): Promise<PresetRun[]> {
  const out: PresetRun[] = [];
  for (const preset of presets) out.push({ preset, run: await runPreset(preset, `${title}: N = ${preset.N}, M = ${preset.M}`) });
  return out;
}

/** What every notebook does to get a run: from the cache if it exists, else trained with a live display. */
import { runSummary } from "./analysis/agreement";
import { liveProgress } from "./plot/live";
import { show, showMarkdown } from "./plot/display";
import { cutoffErrorsFigure, populationFigure, sideBySide } from "./plot/sim-figures";
import { markdownTable } from "./plot/table";
import { populationByClass, predictedPopulation, shapeAgreement } from "./analysis/classes";
import { trainCached } from "./train/cache";
import type { TrainConfig } from "./train/config";
import type { TrainResult } from "./train/result";
import { join, resolve } from "node:path";
import type { Preset, RealPreset } from "./presets";
import { loadRealDataset, type RealDatasetName } from "./data/real";
import type { Dataset } from "./data/synthetic";
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

/** $HINGE_DATA_DIR/<dataset>, default <package root>/data/<dataset>. */
export function dataDir(dataset: RealDatasetName): string {
  return join(process.env.HINGE_DATA_DIR ? resolve(process.env.HINGE_DATA_DIR) : resolve(__dirname, "..", "data"), dataset);
}

const FETCH: Record<RealDatasetName, string> = {
  mnist: "`npx hinge-dynamics data fetch mnist`",
  cifar10: "`npx hinge-dynamics data fetch cifar10`",
  imagenet32: "the steps that `npx hinge-dynamics data fetch imagenet32` prints (ImageNet needs a login)",
};

/**
 * Loads the preset's dataset and trains on it (cached). When the data is not on disk (or unreadable),
 * says so plainly, with the command that fetches it, and returns null so the notebook goes on.
 */
export async function runRealPreset(preset: RealPreset, title: string): Promise<PresetRun | null> {
  const dir = dataDir(preset.dataset);
  let data: Dataset;
  try {
    data = await loadRealDataset({ dataset: preset.dataset, dataDir: dir, N: preset.N, test: preset.test, split: preset.split, seed: preset.seed });
  } catch (e) {
    showMarkdown(
      `**${title}: skipped.** The ${preset.dataset} files are not usable here: ${(e as Error).message}.\n\n` +
        `Get them with ${FETCH[preset.dataset]} (into \`data/${preset.dataset}\`, or point \`HINGE_DATA_DIR\` at their parent folder), then rerun this notebook. The rest of the notebook runs without them.`,
    );
    return null;
  }
  const { dataset: _dataset, split: _split, cutoffs: _cutoffs, N: _N, test: _test, ...config } = preset;
  const run = await runPreset({ ...config, data }, title);
  return { preset: { ...config, task: "gaussian", N: data.N, test: data.NTest, d: data.d } as Preset, run };
}

/** SM Fig. 3 for one dataset: the error curves with the cut-offs, the early (a, w∥) flow, and its numbers. */
export async function showRealRun(pr: PresetRun | null, preset: RealPreset, name: string): Promise<void> {
  if (!pr) {
    showMarkdown(`_No ${preset.dataset} figures: the data is not on disk (see above)._`);
    return;
  }
  const { run } = pr;
  const g = run.grid;
  await show(cutoffErrorsFigure(g.t, g.trainError, g.testError, preset.cutoffs, `${preset.dataset}: training and validation error`), `${name}-errors`);
  const times = [0, ...preset.cutoffs];
  await show(
    sideBySide([
      populationFigure(populationByClass(run, times), null, { title: `${preset.dataset}: nodes in the (w∥, a) plane` }),
      populationFigure(predictedPopulation(run, times), null, { title: "main (10) from the same start, γ fitted" }),
    ], 340),
    `${name}-early`,
  );
  showMarkdown(markdownTable(shapeAgreement(run, preset.cutoffs)));
}

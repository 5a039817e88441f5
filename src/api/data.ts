/** hd.data: the synthetic teacher task, explicit arrays from .npy files, and the real datasets. */
export { teacherTask, type Dataset, type TeacherTaskOptions } from "../data/synthetic";
export { datasetFromNpy, type NpyDataFiles } from "../data/explicit";
export { defaultDataDir, loadRealDataset, REAL_DATASETS } from "../data/real";
export type { RealDataOptions, RealDatasetName, Split } from "../data/real";

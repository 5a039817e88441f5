/** `hinge-dynamics data fetch|info`: download the real datasets, and say what is on disk. */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fetchDataset, IMAGENET32_HELP, md5File, SOURCES } from "../data/download";
import { CIFAR_TEST_FILES, CIFAR_TRAIN_FILES, IMAGENET_TRAIN_FILES, IMAGENET_VAL_FILES, loadCifar10, loadImagenet32, loadMnist } from "../data/images";
import { REAL_DATASETS, type RealDatasetName } from "../data/real";
import { checkOneOf, ParameterError } from "../validate";
import { usage } from "./args";

export const DATA_HELP = `Usage: hinge-dynamics data fetch <mnist|cifar10|imagenet32> [--data-dir DIR]
       hinge-dynamics data info --dataset <mnist|cifar10|imagenet32> [--data-dir DIR]

fetch   downloads the official files into DIR (default data/<name>) with a progress bar, verifies
        the published MD5, and unpacks; an interrupted download resumes when run again.
        ImageNet 32x32 needs a login: fetch explains where to get it and where to put it.
info    lists the expected files, whether each is present and readable (image counts), and the
        checksums of downloaded archives.

  --data-dir DIR   the dataset's folder (default data/<name> under the current directory)
  -h, --help       this text
`;

export async function dataCommand(argv: string[]): Promise<string> {
  const { values: v, positionals } = usage(() =>
    parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
      "data-dir": { type: "string" }, dataset: { type: "string" }, help: { type: "boolean", short: "h", default: false },
    } }),
  );
  if (v.help || positionals.length === 0) return DATA_HELP;
  const [action, name] = positionals;
  if (action === "fetch") {
    const dataset = checkOneOf("dataset", name ?? "", REAL_DATASETS);
    const dir = resolve(v["data-dir"] ?? join("data", dataset));
    if (dataset === "imagenet32") return `${IMAGENET32_HELP}\n`;
    const files = await fetchDataset(SOURCES[dataset], dir);
    return `${SOURCES[dataset].title}: ready in ${dir} (${files.length} files)\n`;
  }
  if (action === "info") {
    const dataset = checkOneOf("--dataset", v.dataset ?? name ?? "", REAL_DATASETS);
    return info(dataset, resolve(v["data-dir"] ?? join("data", dataset)));
  }
  throw new ParameterError("action", "fetch | info", action);
}

async function info(dataset: RealDatasetName, dir: string): Promise<string> {
  const lines = [`${dataset} in ${dir}`];
  const files =
    dataset === "mnist" ? SOURCES.mnist.expect : dataset === "cifar10" ? [...CIFAR_TRAIN_FILES, ...CIFAR_TEST_FILES] : [...IMAGENET_TRAIN_FILES, ...IMAGENET_VAL_FILES];
  for (const f of files) {
    const p = join(dir, f);
    lines.push(`  ${f.padEnd(28)} ${existsSync(p) ? `${(statSync(p).size / 2 ** 20).toFixed(1)} MB` : "missing"}`);
  }
  if (dataset !== "imagenet32") {
    for (const f of SOURCES[dataset].files) {
      const p = join(dir, f.name);
      if (existsSync(p)) lines.push(`  checksum ${f.name}: ${(await md5File(p)) === f.md5 ? "ok" : "MISMATCH"} (published MD5 ${f.md5})`);
    }
  }
  try {
    const counts =
      dataset === "mnist"
        ? [(await loadMnist(dir, "train", 1)).files, (await loadMnist(dir, "t10k", 1)).files]
        : dataset === "cifar10"
          ? [(await loadCifar10(dir, "train", 1)).files, (await loadCifar10(dir, "test", 1)).files]
          : [(await loadImagenet32(dir, "train", 1)).files, (await loadImagenet32(dir, "val", 1)).files];
    lines.push(`  readable: the training and test files open in the official format (${counts.flat().length} checked)`);
  } catch (e) {
    lines.push(`  not usable: ${(e as Error).message}`);
    lines.push(dataset === "imagenet32" ? "  see: npx hinge-dynamics data fetch imagenet32" : `  fetch it with: npx hinge-dynamics data fetch ${dataset} --data-dir ${dir}`);
  }
  return lines.join("\n") + "\n";
}

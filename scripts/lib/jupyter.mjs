// Finds (or installs) a Python with Jupyter's nbclient and nbconvert, and registers this project's
// tslab kernel in a project-local Jupyter data directory (.jupyter/), never in the user's global one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { linkSelf } from "../link-self.mjs";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const jupyterDataDir = join(root, ".jupyter", "share", "jupyter");
const venv = join(root, ".venv");
const PIP_PACKAGES = ["nbclient", "nbconvert", "ipykernel", "notebook"];
const APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-notebook", "python3-ipykernel"];

const log = (msg) => console.error(`[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: "utf8", ...opts });
}

/** True when `python` can import what headless execution needs. */
function hasJupyter(python) {
  const r = run(python, ["-c", "import nbclient, nbconvert, jupyter_client, nbformat"]);
  return r.status === 0;
}

/** The interpreter named on the first line of the `jupyter` script on PATH, if any. */
function jupyterShebangPython() {
  const which = run("sh", ["-c", "command -v jupyter"]);
  const path = which.stdout.trim();
  if (which.status !== 0 || !path) return undefined;
  try {
    const first = readFileSync(path, "utf8").split("\n", 1)[0];
    return first.startsWith("#!") ? first.slice(2).trim().split(/\s+/)[0] : undefined;
  } catch {
    return undefined;
  }
}

function candidates() {
  return [
    process.env.HINGE_PYTHON,
    join(venv, "bin", "python"),
    jupyterShebangPython(),
    "python3",
    "/usr/bin/python3",
  ].filter((p, i, all) => p && all.indexOf(p) === i && (!p.startsWith("/") || existsSync(p)));
}

function findPython() {
  return candidates().find(hasJupyter);
}

function tryPip() {
  const py = ["python3", "python"].find((p) => run(p, ["--version"]).status === 0);
  if (!py) return false;
  log(`no Jupyter found; creating ${venv} and installing ${PIP_PACKAGES.join(" ")} with pip`);
  if (!existsSync(join(venv, "bin", "python")) && run(py, ["-m", "venv", venv], { stdio: "inherit" }).status !== 0)
    return false;
  const pip = run(
    join(venv, "bin", "python"),
    ["-m", "pip", "install", "--retries", "1", "--timeout", "20", ...PIP_PACKAGES],
    {
      stdio: "inherit",
    },
  );
  return pip.status === 0;
}

function tryApt() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || run("sh", ["-c", "command -v apt-get"]).status !== 0) return false;
  log(`installing Debian's ${APT_PACKAGES.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update"], { stdio: "inherit", env }).status !== 0) return false;
  return (
    run("apt-get", ["install", "-y", "--no-install-recommends", ...APT_PACKAGES], { stdio: "inherit", env }).status ===
    0
  );
}

/**
 * The kernelspec of one of the project's kernels: tslab run from this checkout, or Deno's built-in Jupyter
 * kernel from the npm package `deno` (an optional dependency; its binary comes from the npm registry).
 */
export function kernelSpec(kind) {
  if (kind === "tslab") {
    const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
    if (!existsSync(tslab)) throw new Error(`tslab is not installed at ${tslab}; run \`npm install\` first`);
    return {
      argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript (hinge-dynamics)",
      language: "typescript",
    };
  }
  if (kind === "deno") {
    let deno;
    try {
      deno = require("deno/install_api.cjs").runInstall();
    } catch (e) {
      throw new Error(
        `the npm package \`deno\` (an optional dependency) is not installed or has no binary for this platform (${e.message}); run \`npm install deno\``,
      );
    }
    return {
      argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno (hinge-dynamics)",
      language: "typescript",
    };
  }
  throw new Error(`invalid --kernel; expected tslab | deno, got ${JSON.stringify(kind)}`);
}

/** Writes <dataDir>/kernels/<name>/kernel.json for the kernel `kind` (the project's .jupyter/ by default). */
export function registerKernel(kind = "tslab", dataDir = jupyterDataDir, name = kind) {
  const dir = join(dataDir, "kernels", name);
  const file = join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(kind), null, 1) + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  log(`registered the ${kind} kernel in ${dir}`);
  return dir;
}

/**
 * A Jupyter front end to open the notebooks in, installed if missing as setup installs nbconvert: JupyterLab
 * with pip into the project's .venv (when that is the Python in use), else Debian's jupyter-notebook with
 * apt-get as root; else an error naming both commands. Returns "lab" or "notebook".
 */
export function frontEnd(python) {
  const has = (mod) => run(python, ["-c", `import ${mod}`]).status === 0;
  const found = () => (has("jupyterlab") ? "lab" : has("notebook") ? "notebook" : undefined);
  if (found()) return found();
  if (python === join(venv, "bin", "python")) {
    log("installing JupyterLab into .venv with pip");
    run(python, ["-m", "pip", "install", "--retries", "1", "--timeout", "20", "jupyterlab"], { stdio: "inherit" });
  } else if (
    typeof process.getuid === "function" &&
    process.getuid() === 0 &&
    run("sh", ["-c", "command -v apt-get"]).status === 0
  ) {
    log("installing Debian's jupyter-notebook with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (
      run("apt-get", ["install", "-y", "--no-install-recommends", "jupyter-notebook"], { stdio: "inherit", env })
        .status !== 0
    ) {
      run("apt-get", ["update"], { stdio: "inherit", env });
      run("apt-get", ["install", "-y", "--no-install-recommends", "jupyter-notebook"], { stdio: "inherit", env });
    }
  }
  const app = found();
  if (!app)
    throw new Error(
      `neither JupyterLab nor the Notebook is installed for ${python} and none could be installed:\n  ${python} -m pip install jupyterlab\n  or: sudo apt-get install jupyter-notebook`,
    );
  return app;
}

/** The environment under which Jupyter sees the project's kernel first. */
export function jupyterEnv(extra = {}) {
  const paths = [jupyterDataDir, process.env.JUPYTER_PATH].filter(Boolean).join(":");
  return { ...process.env, JUPYTER_PATH: paths, ...extra };
}

const FASHION_MNIST = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

/**
 * Fashion-MNIST for notebook 04 from Debian's dataset-fashion-mnist: installed with apt-get when run as
 * root on Debian or Ubuntu, else the command to run is printed (the notebook runs without it and says so).
 */
function setupFashionMnist() {
  if (existsSync(FASHION_MNIST) || process.env.HINGE_SKIP_DATA) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && run("sh", ["-c", "command -v apt-get"]).status === 0) {
    log("installing Debian's dataset-fashion-mnist (Fashion-MNIST for notebook 04) with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const ok =
      run("apt-get", ["install", "-y", "--no-install-recommends", "dataset-fashion-mnist"], { stdio: "inherit", env })
        .status === 0 ||
      (run("apt-get", ["update"], { stdio: "inherit", env }).status === 0 &&
        run("apt-get", ["install", "-y", "--no-install-recommends", "dataset-fashion-mnist"], { stdio: "inherit", env })
          .status === 0);
    if (ok) return;
  }
  log("Fashion-MNIST is not installed; notebook 04 will skip it. Install it with one of:");
  log("  sudo apt-get install dataset-fashion-mnist        (Debian, Ubuntu)");
  log("  npx hinge-dynamics data fetch fashion-mnist       (downloads the official files into data/fashion-mnist)");
}

/**
 * Makes sure Jupyter, the kernel(s) and the datasets are ready; returns { python }. Idempotent and quick
 * when done. `kernels`: which of the project's kernels to register in .jupyter/ (tslab always).
 */
export function setup(kernels = ["tslab"]) {
  linkSelf();
  let python = findPython();
  if (!python && (tryPip() || tryApt())) python = findPython();
  if (!python) {
    throw new Error(
      "No Python with Jupyter's nbclient and nbconvert was found, and none could be installed.\n" +
        `  With pip:     python3 -m pip install ${PIP_PACKAGES.join(" ")}\n` +
        `  With Debian:  sudo apt-get install ${APT_PACKAGES.join(" ")}\n` +
        "  Or point HINGE_PYTHON at a Python that has them.",
    );
  }
  for (const kind of new Set(["tslab", ...kernels])) registerKernel(kind);
  setupFashionMnist();
  return { python };
}

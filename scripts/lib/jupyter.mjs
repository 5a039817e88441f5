// The project's Jupyter: by default the versions pinned in requirements-jupyter.txt, installed with pip into the
// project-local .venv, on every machine; a Jupyter the user already has only when asked (`npm run setup --
// --system`, HINGE_JUPYTER=system, or HINGE_PYTHON=/path/to/python); Debian's packages only where pip cannot
// install. The interpreter chosen is recorded in .jupyter/python.json, and every script and test runs Jupyter
// through it (`python -m jupyter ...`), never through whatever `jupyter` is on PATH. The project's kernels are
// registered in .jupyter/ (a project-local Jupyter data directory), never in the user's global one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { linkSelf } from "../link-self.mjs";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const jupyterDataDir = join(root, ".jupyter", "share", "jupyter");
/** Where setup records the Python it chose: { python, source: "venv" | "system" | "debian" }. */
export const recordFile = join(root, ".jupyter", "python.json");
const venv = join(root, ".venv");
const venvPython = join(venv, "bin", "python");
const requirementsFile = join(root, "requirements-jupyter.txt");
/** Written into .venv once pip installed requirements-jupyter.txt; a different text reinstalls. */
const venvStamp = join(venv, "hinge-requirements.txt");
const APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-notebook", "python3-ipykernel"];

const log = (msg) => console.error(`[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: "utf8", ...opts });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = () => run("sh", ["-c", "command -v apt-get"]).status === 0;

/** apt-get install, with an `apt-get update` first when the package lists are stale. */
function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    run("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env }).status === 0;
  return install() || (run("apt-get", ["update"], { stdio: "inherit", env }).status === 0 && install());
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

/** A Jupyter the user already has: the one `jupyter` on PATH runs, else python3's, else Debian's. */
function systemPython() {
  return [jupyterShebangPython(), "python3", "/usr/bin/python3"]
    .filter((p, i, all) => p && all.indexOf(p) === i && (!p.startsWith("/") || existsSync(p)))
    .find(hasJupyter);
}

/** .venv holds exactly what requirements-jupyter.txt pins (pip installed it, and it still imports). */
function venvReady() {
  return (
    existsSync(venvStamp) &&
    readFileSync(venvStamp, "utf8") === readFileSync(requirementsFile, "utf8") &&
    hasJupyter(venvPython)
  );
}

/** Creates .venv (if needed) and installs the pinned Jupyter into it with pip; false when that fails. */
function installVenv() {
  const py = ["python3", "python"].find((p) => run(p, ["-c", "import venv"]).status === 0);
  if (!py) {
    log("no python3 with the venv module found; cannot make .venv");
    return false;
  }
  log(`installing the Jupyter of requirements-jupyter.txt into ${venv} with pip`);
  if (!existsSync(venvPython) && run(py, ["-m", "venv", venv], { stdio: "inherit" }).status !== 0) {
    rmSync(venv, { recursive: true, force: true }); // a half-made venv (no ensurepip) would be taken for a real one
    return false;
  }
  // One retry, short timeout: where PyPI is unreachable and a local index serves, pip's default 5 retries per
  // package would take minutes.
  const pip = run(venvPython, ["-m", "pip", "install", "--retries", "1", "--timeout", "20", "-r", requirementsFile], {
    stdio: "inherit",
  });
  if (pip.status !== 0 || !hasJupyter(venvPython)) return false;
  writeFileSync(venvStamp, readFileSync(requirementsFile, "utf8"));
  return true;
}

/** Debian's Jupyter with apt-get, when run as root on Debian or Ubuntu. */
function installDebian() {
  if (!isRoot() || !hasApt()) return undefined;
  log(`installing Debian's ${APT_PACKAGES.join(" ")} with apt-get`);
  return aptInstall(APT_PACKAGES) && hasJupyter("/usr/bin/python3") ? "/usr/bin/python3" : undefined;
}

/**
 * Chooses the Python that runs Jupyter for this project. `system`: use a Jupyter already installed.
 * Returns { python, source }.
 */
function choosePython(system) {
  const explicit = process.env.HINGE_PYTHON;
  if (explicit) {
    if (!hasJupyter(explicit))
      throw new Error(
        `invalid HINGE_PYTHON; expected a Python that can import nbclient, nbconvert, jupyter_client and nbformat, got ${explicit}`,
      );
    return { python: explicit, source: "system" };
  }
  if (system) {
    const python = systemPython();
    if (!python)
      throw new Error(
        "--system: no Jupyter is installed on this machine (no Python that imports nbclient and nbconvert).\n" +
          "  Drop --system to let setup install one into .venv, or install one yourself:\n" +
          `  python3 -m pip install -r ${requirementsFile}`,
      );
    return { python, source: "system" };
  }
  if (venvReady() || installVenv()) return { python: venvPython, source: "venv" };
  log("pip could not install Jupyter into .venv; falling back to a Jupyter of the system");
  const found = systemPython();
  if (found) return { python: found, source: "system" };
  const debian = installDebian();
  if (debian) return { python: debian, source: "debian" };
  throw new Error(
    "No Jupyter could be installed: pip failed (see above) and no Jupyter of the system was found.\n" +
      `  With pip:     python3 -m venv .venv && .venv/bin/python -m pip install -r requirements-jupyter.txt\n` +
      `  With Debian:  sudo apt-get install ${APT_PACKAGES.join(" ")}   (then npm run setup -- --system)\n` +
      "  Or point HINGE_PYTHON at a Python that has nbclient and nbconvert.",
  );
}

/** The Python that setup chose and recorded (run `npm run setup` first). */
export function recordedPython() {
  if (!existsSync(recordFile)) throw new Error(`no Jupyter recorded in ${recordFile}; run \`npm run setup\` first`);
  return JSON.parse(readFileSync(recordFile, "utf8")).python;
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
 * The front end to open the notebooks in: JupyterLab, else the Notebook, of the recorded Python (the .venv that
 * setup makes has both); else an error naming how to get one. Returns "lab" or "notebook".
 */
export function frontEnd(python) {
  const has = (mod) => run(python, ["-c", `import ${mod}`]).status === 0;
  if (has("jupyterlab")) return "lab";
  if (has("notebook")) return "notebook";
  throw new Error(
    `neither JupyterLab nor the Notebook is installed for ${python}:\n  ${python} -m pip install jupyterlab\n` +
      "  or drop --system (npm run setup -- --venv) to use the project's .venv, which has both",
  );
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
  if (isRoot() && hasApt()) {
    log("installing Debian's dataset-fashion-mnist (Fashion-MNIST for notebook 04) with apt-get");
    if (aptInstall(["dataset-fashion-mnist"])) return;
  }
  log("Fashion-MNIST is not installed; notebook 04 will skip it. Install it with one of:");
  log("  sudo apt-get install dataset-fashion-mnist        (Debian, Ubuntu)");
  log("  npx hinge-dynamics data fetch fashion-mnist       (downloads the official files into data/fashion-mnist)");
}

/**
 * Makes sure Jupyter, the kernel(s) and the datasets are ready; returns { python, source }. Idempotent and
 * quick when done. `kernels`: which of the project's kernels to register in .jupyter/ (tslab always).
 * `jupyter`: "venv" (the pinned Jupyter in .venv), "system" (one already installed), or undefined: the choice
 * recorded by an earlier setup, else HINGE_JUPYTER, else "venv".
 */
export function setup(kernels = ["tslab"], jupyter = undefined) {
  linkSelf();
  const previous = existsSync(recordFile) ? JSON.parse(readFileSync(recordFile, "utf8")) : undefined;
  const wanted = jupyter ?? process.env.HINGE_JUPYTER ?? previous?.wanted ?? "venv";
  if (!["venv", "system"].includes(wanted))
    throw new Error(`invalid HINGE_JUPYTER; expected venv | system, got ${JSON.stringify(wanted)}`);
  const chosen =
    previous &&
    previous.wanted === wanted &&
    !process.env.HINGE_PYTHON &&
    wanted === "system" &&
    hasJupyter(previous.python)
      ? previous
      : { ...choosePython(wanted === "system"), wanted };
  mkdirSync(dirname(recordFile), { recursive: true });
  writeFileSync(recordFile, JSON.stringify(chosen, null, 1) + "\n");
  for (const kind of new Set(["tslab", ...kernels])) registerKernel(kind);
  setupFashionMnist();
  return chosen;
}

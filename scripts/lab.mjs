// npm run lab: opens JupyterLab (or the classic Notebook) on notebooks/ with the project's tslab kernel.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { jupyterEnv, root, setup } from "./lib/jupyter.mjs";

const { python } = setup();
const has = (mod) => spawnSync(python, ["-c", `import ${mod}`]).status === 0;
const app = has("jupyterlab") ? "lab" : has("notebook") ? "notebook" : undefined;
if (!app) {
  console.error("[lab] neither JupyterLab nor Notebook is installed: pip install jupyterlab (or apt-get install jupyter-notebook)");
  process.exit(1);
}
// Jupyter refuses to run as root (containers, CI machines) unless told to.
const asRoot = typeof process.getuid === "function" && process.getuid() === 0 ? ["--allow-root"] : [];
const child = spawn(python, ["-m", "jupyter", app, ...asRoot, ...process.argv.slice(2)], {
  cwd: join(root, "notebooks"),
  env: jupyterEnv(),
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 1));

// npm run lab: opens JupyterLab (or the classic Notebook) on notebooks/ with the project's tslab kernel
// (and Deno's with HINGE_KERNEL=deno), installing a front end first when there is none.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { frontEnd, jupyterEnv, root, setup } from "./lib/jupyter.mjs";

let python, app;
try {
  ({ python } = setup(process.env.HINGE_KERNEL === "deno" ? ["deno"] : []));
  app = frontEnd(python);
} catch (e) {
  console.error(`[lab] ${e.message}`);
  process.exit(1);
}
// Jupyter refuses to run as root (containers, CI machines) unless told to.
const asRoot = typeof process.getuid === "function" && process.getuid() === 0 ? ["--allow-root"] : [];
// `python -m jupyterlab` / `-m notebook`, not `-m jupyter lab`: the latter runs whichever jupyter-lab is on PATH.
const child = spawn(python, ["-m", app === "lab" ? "jupyterlab" : "notebook", ...asRoot, ...process.argv.slice(2)], {
  cwd: join(root, "notebooks"),
  env: jupyterEnv(),
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 1));

// npm run kernel [-- --kernel tslab|deno] [--user | --sys-prefix | --prefix DIR] [--name NAME]
// Registers the project's kernel with *your* Jupyter (JupyterLab from pip, VS Code, a JupyterHub) as
// `jupyter kernelspec install` does, so that it lists "TypeScript (hinge-dynamics)" and opens the notebooks.
// Default --user. The name defaults to the one the notebooks ask for (tslab; deno for Deno's kernel), which
// replaces a kernel of that name in the same place.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { registerKernel, setup } from "./lib/jupyter.mjs";

let opts;
try {
  opts = parseArgs({
    options: {
      kernel: { type: "string", default: "tslab" },
      user: { type: "boolean" },
      "sys-prefix": { type: "boolean" },
      prefix: { type: "string" },
      name: { type: "string" },
    },
  }).values;
} catch (e) {
  console.error(
    `[kernel] ${e.message}\nusage: npm run kernel -- [--kernel tslab|deno] [--user | --sys-prefix | --prefix DIR] [--name NAME]`,
  );
  process.exit(2);
}
try {
  const { python } = setup([opts.kernel]);
  const name = opts.name ?? opts.kernel;
  const staging = mkdtempSync(join(tmpdir(), "hinge-kernel-"));
  const dir = registerKernel(opts.kernel, staging, name);
  const where = opts.prefix
    ? `prefix=${JSON.stringify(opts.prefix)}`
    : opts["sys-prefix"]
      ? "prefix=sys.prefix"
      : "user=True";
  // jupyter_client's own installer (what `jupyter kernelspec install` runs), through the Python that has Jupyter.
  const code = `import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\nprint(KernelSpecManager().install_kernel_spec(${JSON.stringify(dir)}, kernel_name=${JSON.stringify(name)}, replace=True, ${where}))`;
  const r = spawnSync(python, ["-c", code], { encoding: "utf8" });
  rmSync(staging, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(`[kernel] jupyter_client could not install the kernel: ${r.stderr.trim()}`);
    process.exit(r.status ?? 1);
  }
  console.error(
    `[kernel] "${name}" installed in ${r.stdout.trim()}; \`jupyter kernelspec list\` shows it. Open notebooks/ in your Jupyter and pick "${name}" if asked.`,
  );
} catch (e) {
  console.error(`[kernel] ${e.message}`);
  process.exit(1);
}

// npm run setup [-- --kernel deno] [--system | --venv]: Jupyter ready (by default the pinned versions of
// requirements-jupyter.txt in .venv; --system: a Jupyter already installed, remembered until --venv), the project's
// kernels registered in .jupyter/ (tslab always; Deno's with --kernel deno), Fashion-MNIST installed when possible.
import { parseArgs } from "node:util";
import { setup } from "./lib/jupyter.mjs";

try {
  const { values } = parseArgs({
    options: {
      kernel: { type: "string", multiple: true, default: [] },
      system: { type: "boolean", default: false },
      venv: { type: "boolean", default: false },
    },
  });
  if (values.system && values.venv) throw new Error("--system and --venv exclude each other; give one");
  const { python, source } = setup(values.kernel, values.system ? "system" : values.venv ? "venv" : undefined);
  console.error(
    `[setup] ready: Jupyter through ${python} (${source}); kernels ${["tslab", ...values.kernel].join(", ")} in .jupyter/`,
  );
} catch (e) {
  console.error(`[setup] ${e.message}`);
  process.exit(1);
}
